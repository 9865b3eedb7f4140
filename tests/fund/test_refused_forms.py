"""A refused fund or banking form comes back on its page holding what was typed, with the reason:
status 400 for bad input, 403 for a role refusal; nothing is written (issue 17)."""

import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from amends.banking.models import PayeeAccount, PaymentBatch, Statement
from amends.fund import services
from amends.fund.models import Contribution, Donor
from tests.fund.conftest import approved_claim

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_(client):
    def login(user):
        client.force_login(user)
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        return client

    return login


@pytest.fixture
def donors(staff):
    services.donor_create(name="POSCO", by=staff["park"])
    return services.donor_create(name="KT&G", by=staff["park"])


def test_a_contribution_with_a_bad_amount_comes_back_with_what_was_typed(as_, staff, donors):
    # given a finance officer on the donors' page
    client = as_(staff["park"])
    # when she records a pledge of "lots" won from KT&G, restricted, with a purpose and a note
    response = client.post(
        "/fund/contributions/new/",
        {
            "donor": donors.pk,
            "kind": "pledge",
            "amount": "lots",
            "on": "2024-09-01",
            "restricted": "on",
            "purpose": "scholarships",
            "note": "letter of 2024-08-20",
        },
    )
    # then the page comes back with status 400, saying why, the form holding what she typed
    page = response.content.decode()
    assert response.status_code == 400
    assert "Give a whole number of won." in page
    assert f'<option value="{donors.pk}" selected>KT&amp;G</option>' in page
    assert '<option value="pledge" selected>' in page
    assert 'name="amount" inputmode="numeric" value="lots"' in page
    assert re.search(r'name="on" type="text" data-date[^>]* value="2024-09-01"', page)  # YYYY-MM-DD box
    assert 'name="restricted" checked' in page
    assert 'name="purpose" value="scholarships"' in page
    assert 'name="note" value="letter of 2024-08-20"' in page
    # and nothing is recorded
    assert not Contribution.objects.exists()


def test_an_unrefused_donors_page_offers_an_empty_form(as_, staff, donors):
    # when the finance officer opens the page
    page = as_(staff["park"]).get("/fund/").content.decode()
    # then no donor or kind is chosen for her and the amount is empty
    assert f'<option value="{donors.pk}">KT&amp;G</option>' in page
    assert '<option value="pledge">' in page
    assert 'name="amount" inputmode="numeric" value=""' in page


def test_a_donor_without_a_name_comes_back_with_its_kind(as_, staff, donors):
    # when a finance officer adds a donor with a blank name, as an individual
    response = as_(staff["park"]).post("/fund/donors/new/", {"name": "  ", "kind": "individual"})
    # then the page says so with status 400, the kind still chosen; no donor is added
    assert response.status_code == 400
    assert '<option value="individual" selected>' in response.content.decode()
    assert Donor.objects.count() == 2


def test_a_contribution_by_an_auditor_is_refused_with_403_on_the_page(as_, staff, donors):
    # when the auditor posts a contribution
    response = as_(staff["jung"]).post(
        "/fund/contributions/new/", {"donor": donors.pk, "kind": "receipt", "amount": "5", "on": "2024-09-01"}
    )
    # then the donors' page says the finance officer role is needed, with status 403, and offers no form
    page = response.content.decode()
    assert response.status_code == 403
    assert "This needs the finance officer role." in page
    assert 'data-testid="donors"' in page and 'data-testid="contribution-form"' not in page
    assert not Contribution.objects.exists()


def test_a_contribution_by_a_caseworker_gets_the_403_page_not_the_donors(as_, staff, donors):
    # when a caseworker, who may not read the fund's pages, posts a contribution
    response = as_(staff["kim"]).post(
        "/fund/contributions/new/", {"donor": donors.pk, "kind": "receipt", "amount": "5", "on": "2024-09-01"}
    )
    # then it is refused with 403 and the donors are not shown
    assert response.status_code == 403
    assert "KT&amp;G" not in response.content.decode()
    assert not Contribution.objects.exists()


@pytest.fixture
def waiting(staff, creditors, monkeypatch):
    """An approved payment for 2023-04-14 to 김영수, whose account park recorded."""
    monkeypatch.setattr("amends.banking.services.batches.today", lambda: date(2023, 4, 14))
    approved_claim(creditors[0], staff)
    return creditors[0]


def test_a_batch_refused_to_the_officer_who_recorded_the_account_shows_the_page_again(as_, staff, waiting):
    # given park recorded the payee's account through the page
    client = as_(staff["park"])
    recorded = client.post(
        f"/fund/payees/{waiting.pk}/",
        {"holder": "김영수", "bank_code": "004", "account_number": "123-456-789012"},
    )
    assert recorded.status_code == 302
    # when park creates the batch of that day's payments
    response = client.post("/fund/batches/new/", {"execution_on": "2023-04-14"})
    # then the batches page comes back with status 400 and the reason, the payment still waiting
    page = response.content.decode()
    assert response.status_code == 400
    assert "You recorded the bank account of 김영수" in page
    assert 'data-testid="batch-2023-04-14"' in page
    assert not PaymentBatch.objects.exists()


def test_a_batch_for_a_day_with_no_payment_is_refused_naming_the_field(as_, staff, waiting):
    response = as_(staff["choi"]).post("/fund/batches/new/", {"execution_on": "2023-04-15"})
    assert response.status_code == 400
    assert "execution on: No approved payment is planned for 2023-04-15." in response.content.decode()
    assert not PaymentBatch.objects.exists()


def test_a_batch_by_an_auditor_is_refused_with_403_on_the_page(as_, staff, waiting):
    response = as_(staff["jung"]).post("/fund/batches/new/", {"execution_on": "2023-04-14"})
    assert response.status_code == 403
    assert "This needs the finance officer role." in response.content.decode()
    assert not PaymentBatch.objects.exists()


def test_a_bad_account_number_comes_back_in_the_open_form(as_, staff, waiting):
    # when a finance officer records a 5-digit account number at KB (004)
    response = as_(staff["park"]).post(
        f"/fund/payees/{waiting.pk}/",
        {"holder": "김영수 (대리인)", "bank_code": "004", "account_number": "12345"},
    )
    # then the account form comes back open with what was typed and the reason, status 400
    page = response.content.decode()
    assert response.status_code == 400
    assert "Account number &#x27;12345&#x27; is not a Korean account number" in page
    assert "<details open>" in page
    assert 'required value="김영수 (대리인)"' in page
    assert '<option value="004" selected>' in page
    assert 'inputmode="numeric" value="12345"' in page
    assert not PayeeAccount.objects.exists()


def test_a_statement_upload_without_a_file_keeps_the_chosen_format(as_, staff, waiting):
    # when a finance officer imports with the KB CSV format chosen but no file
    response = as_(staff["park"]).post("/fund/statements/upload/", {"profile": "kb"})
    # then the page asks for the file, with status 400, the format still chosen
    page = response.content.decode()
    assert response.status_code == 400
    assert "statement: Choose the bank&#x27;s statement file" in page
    assert '<option value="kb" selected>' in page
    assert not Statement.objects.exists()


def test_an_unreadable_statement_is_refused_on_the_page(as_, staff, waiting):
    response = as_(staff["park"]).post(
        "/fund/statements/upload/", {"statement": SimpleUploadedFile("s.xml", b"<not a statement")}
    )
    assert response.status_code == 400
    assert not Statement.objects.exists()
