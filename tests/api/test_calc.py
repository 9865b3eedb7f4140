"""The calculations over HTTP: the same documents as ``amends calc``, in and out."""

import json

import pytest

from amends.law import interest_json, succession_json
from tests.test_cli import ISSUE_EXAMPLE

pytestmark = pytest.mark.django_db

SHARES = {
    "decedent": "V",
    "people": [
        {"id": "V", "sex": "M", "died": "1985-04-02", "household_head": True},
        {"id": "W", "sex": "F"},
        {"id": "S1", "sex": "M", "parents": ["V", "W"], "household_head_heir": True},
        {"id": "D2", "sex": "F", "parents": ["V", "W"], "married_out": True},
    ],
    "marriages": [{"spouses": ["V", "W"], "from": "1950-03-01"}],
    "amount": 100000000,
}


def post(client, path: str, body: str | bytes):
    return client.post(path, body, content_type="application/json")


def test_the_issue_example_gives_187996721_as_amends_calc_does(bearer):
    # when
    response = post(bearer, "/api/calc/interest", json.dumps(ISSUE_EXAMPLE))

    # then
    assert response.status_code == 200
    result = response.json()
    assert (result["interest"], result["outstanding"], result["paid"]) == (
        187_996_721,
        302_996_721,
        5_000_000,
    )
    assert result == interest_json.calculate(json.dumps(ISSUE_EXAMPLE))


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"accruals": [{"from": "2015-05-13", "rate": "five percent"}]}, "accruals[0].rate"),
        ({"accruals": [{"from": "2015-05-13", "rate": True}]}, "accruals[0].rate"),
        ({"until": "14/04/2023"}, "until"),
        ({"principal": 1.5}, "principal"),
        ({"method": "monthly"}, "method"),
        ({"payments": [{"date": "2020-01-31"}]}, "payments[0].amount"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_a_bad_interest_document_is_422_naming_the_field(bearer, change, field):
    # when
    response = post(bearer, "/api/calc/interest", json.dumps(ISSUE_EXAMPLE | change))

    # then
    assert response.status_code == 422
    error = response.json()
    assert error["code"] == "invalid"
    assert error["field"] == field
    assert error["detail"]


@pytest.mark.parametrize(
    ("body", "detail"),
    [("{not json", "not valid JSON"), (b"\xff\xfe{}", "not UTF-8 text"), ("[]", "must be")],
)
def test_a_body_that_is_no_document_is_422_naming_the_input(bearer, body, detail):
    # when
    response = post(bearer, "/api/calc/interest", body)

    # then
    assert response.status_code == 422
    assert response.json()["field"] == "input"
    assert response.json()["detail"].startswith(detail)


def test_shares_as_amends_calc_shares_gives_them(bearer):
    # when
    response = post(bearer, "/api/calc/shares", json.dumps(SHARES))

    # then
    assert response.status_code == 200
    assert response.json() == succession_json.calculate(json.dumps(SHARES))
    assert set(response.json()["amounts"]) == set(response.json()["shares"])


def test_shares_without_an_amount_have_no_amounts(bearer):
    # when
    result = post(
        bearer, "/api/calc/shares", json.dumps({k: v for k, v in SHARES.items() if k != "amount"})
    ).json()

    # then
    assert "amounts" not in result
    assert result == succession_json.calculate(json.dumps({k: v for k, v in SHARES.items() if k != "amount"}))


def test_a_bad_shares_document_is_422_naming_the_field(bearer):
    # given
    document = SHARES | {"people": [*SHARES["people"][:2], {"id": "S1", "sex": "X"}]}

    # when
    response = post(bearer, "/api/calc/shares", json.dumps(document))

    # then
    assert response.status_code == 422
    assert response.json()["field"] == "people[2].sex"
