"""The JSON API answers hostile input with its own error shape and a 4xx naming the field, never a 500:
a year of eleven digits, a principal of 5,000 digits, a family of 3,000 generations, a body over the
request cap."""

import json

import pytest
from django.test import Client

from amends.api import services as api_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(django_user_model) -> Client:
    user = django_user_model.objects.create_user(username="analyst", is_staff=True)
    token = api_services.api_token_create(by=None, user=user, name="tests")
    return Client(HTTP_AUTHORIZATION=f"Bearer {token.secret}", HTTP_ACCEPT_LANGUAGE="en")


def test_a_timeline_year_of_eleven_digits_is_refused_naming_it(api):
    # when
    response = api.get("/api/timeline", {"year": "99999999999"})

    # then
    assert response.status_code == 422
    assert response.json()["code"] == "invalid"
    assert response.json()["field"] == "year"


INTEREST = {
    "accruals": [{"from": "2015-05-13", "rate": "0.05"}],
    "until": "2023-04-14",
    "method": "period",
    "rounding": "floor",
}


@pytest.mark.parametrize("digits", [20, 5_000])
def test_a_principal_of_thousands_of_digits_is_refused_naming_it(api, digits):
    # given a principal with more digits than any amount of won (and than Python converts at once)
    body = '{"principal": ' + "9" * digits + ", " + json.dumps(INTEREST)[1:]

    # when
    response = api.post("/api/calc/interest", body, content_type="application/json")

    # then
    assert response.status_code == 422
    assert response.json() == {
        "code": "invalid",
        "field": "principal",
        "detail": "is too large (at most 9,223,372,036,854,775,807 won)",
    }


def test_an_heirs_amount_of_thousands_of_digits_is_refused_naming_it(api):
    body = (
        '{"decedent": "V", "people": [{"id": "V", "sex": "M", "died": "2014-04-11"}, '
        '{"id": "W", "sex": "F"}], "marriages": [{"spouses": ["V", "W"], "from": "1950-03-01"}], "amount": '
        + "1" * 5_000
        + "}"
    )
    response = api.post("/api/calc/shares", body, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["field"] == "amount"


def test_a_family_of_3000_generations_is_refused_naming_the_person(api):
    # given a line of 3,000 generations, each the only child of the one before and dead since (the
    # estate passes down, and each heir's own estate down again)
    people = [{"id": "P0", "sex": "M", "died": "2014-04-11"}]
    people += [
        {"id": f"P{n}", "sex": "M", "parents": [f"P{n - 1}"], "died": "2015-01-01"} for n in range(1, 3_000)
    ]
    document = {"decedent": "P0", "people": people, "marriages": []}

    # when
    response = api.post("/api/calc/shares", document, content_type="application/json")

    # then
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid"
    assert body["field"] == "people[30].parents"
    assert body["detail"] == "'P30' is 31 generations down the family: at most 30 generations are read"


def test_a_family_within_the_depth_limit_is_computed(api):
    # given five generations down from the decedent: the great-great-grandchild inherits it all
    people = [{"id": "P0", "sex": "M", "died": "2014-04-11"}]
    people += [
        {"id": f"P{n}", "sex": "M", "parents": [f"P{n - 1}"], "died": "2014-01-01"} for n in range(1, 5)
    ]
    people.append({"id": "P5", "sex": "M", "parents": ["P4"]})

    # when
    response = api.post(
        "/api/calc/shares",
        {"decedent": "P0", "people": people, "marriages": []},
        content_type="application/json",
    )

    # then
    assert response.status_code == 200
    assert response.json()["shares"] == {"P5": "1"}


def test_an_api_body_over_the_request_cap_is_413(api, settings):
    # given a JSON document of 2.6 MB (the cap is 2.5 MB)
    body = json.dumps({"event": "contact", "facts": {"summary": "x" * 2_700_000}})

    # when
    response = api.post("/api/creditors/1/claim/events", body, content_type="application/json")

    # then
    assert response.status_code == 413
    assert response.json()["code"] == "too_large"
    assert response.json()["field"] == "input"
