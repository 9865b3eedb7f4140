"""NUL and other control characters are refused wherever text comes in, naming the field, and change
nothing: the search box, a case number in the address, a donor's name, a letter's wording, the
consultation timeline's filters, a JSON field, a bank statement's CSV (and a CSV field over the csv
module's 131,072-character limit). PostgreSQL cannot store a NUL: before, each of these was a 500 there.
"""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from amends.api import services as api_services
from amends.banking.models import Statement
from amends.fund.models import Donor
from amends.letters.models import Kind, LetterTemplate
from tests.support import grant

pytestmark = pytest.mark.django_db


@pytest.fixture
def boss(django_user_model):
    """A superuser (every role), signed in, reading English."""
    user = django_user_model.objects.create_superuser(username="boss")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def refusal(response) -> str:
    return response.content.decode()


def test_a_nul_in_the_search_box_is_refused_naming_it(boss):
    # when
    response = boss.get("/cases/", {"q": "2013다\x0061381"})

    # then
    assert response.status_code == 400
    assert "q: contains a control character (U+0000)." in refusal(response)


def test_a_nul_in_a_case_number_in_the_address_is_refused(boss):
    # when
    response = boss.get("/cases/2013%00/")

    # then
    assert response.status_code == 400
    assert "address: contains a control character (U+0000)." in refusal(response)


def test_a_nul_in_a_donors_name_is_refused_and_nothing_is_recorded(django_user_model):
    # given a finance officer
    officer = grant(django_user_model.objects.create_user(username="park", is_staff=True), "finance_officer")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(officer)

    # when
    response = client.post("/fund/donors/new/", {"name": "POSCO\x00", "kind": "company"})

    # then
    assert response.status_code == 400
    assert "name: contains a control character (U+0000)." in refusal(response)
    assert not Donor.objects.exists()


def test_a_control_character_in_a_letters_wording_is_refused_and_no_version_is_saved(boss):
    # given
    kind = Kind.values[0]
    versions = LetterTemplate.objects.count()

    # when the body carries a NUL and the subject a bell
    response = boss.post(
        f"/letters/templates/{kind}/en/", {"subject": "Offer", "body": "Dear {{ addressee }},\n\x00"}
    )

    # then
    assert response.status_code == 400
    assert "body: contains a control character (U+0000)." in refusal(response)
    assert LetterTemplate.objects.count() == versions


def test_line_breaks_and_tabs_in_a_letters_wording_are_kept(boss):
    # given
    kind = Kind.values[0]

    # when the body has paragraphs and a tab
    response = boss.post(
        f"/letters/templates/{kind}/en/",
        {"subject": "Offer", "body": "Dear {{ addressee }},\r\n\r\n\tWe write."},
    )

    # then it is saved
    assert response.status_code == 302
    assert "\tWe write." in LetterTemplate.objects.filter(kind=kind, language="en").latest("version").body


@pytest.mark.parametrize("query", [{"kind": "round\x00"}, {"year": "2023\x00"}, {"page": "\x01"}])
def test_a_control_character_in_the_consultation_timelines_filters_is_refused(boss, query):
    # when
    response = boss.get("/outreach/timeline/", query)

    # then
    assert response.status_code == 400
    name = next(iter(query))
    assert f"{name}: contains a control character" in refusal(response)


def test_a_nul_in_a_json_field_is_refused_naming_the_field(django_user_model):
    # given an API client
    user = django_user_model.objects.create_user(username="kim", is_staff=True)
    grant(user, "caseworker")
    token = api_services.api_token_create(by=None, user=user, name="tests")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token.secret}", HTTP_ACCEPT_LANGUAGE="en")

    # when
    response = api.post(
        "/api/creditors/1/claim/events",
        {"event": "contact", "facts": {"channel": "visit", "summary": "met\x00"}},
        content_type="application/json",
    )

    # then
    assert response.status_code == 400
    assert response.json() == {
        "code": "invalid",
        "field": "facts.summary",
        "detail": "contains a control character (U+0000).",
    }


@pytest.fixture
def finance(django_user_model):
    officer = grant(get_user_model().objects.create_user(username="choi", is_staff=True), "finance_officer")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(officer)
    return client


HEADER = "booked_on,amount,direction,bank_reference,end_to_end_id\n"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (HEADER + "2023-04-14,100,DBIT,B-1\x00,AMENDS-P1\n", "CSV line 2: a control character (U+0000)"),
        (
            HEADER + '2023-04-14,100,DBIT,"' + "x" * 140_000 + '",AMENDS-P1\n',
            "CSV line 2: field larger than field limit (131072)",
        ),
    ],
    ids=["nul", "long-field"],
)
def test_a_statement_csv_with_a_nul_or_an_endless_field_is_refused_naming_the_line(finance, content, message):
    # when the statement is uploaded on the page
    response = finance.post(
        "/fund/statements/upload/",
        {"statement": _file("statement.csv", content.encode())},
    )

    # then the page comes back refused (400), saying which line, and nothing is imported
    assert response.status_code == 400
    assert f"statement.csv: {message}" in response.content.decode()
    assert not Statement.objects.exists()


def _file(name: str, content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="text/csv")
