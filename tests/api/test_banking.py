"""Banking over the API: payees' accounts (masked when read), batches and their files, the bank's
statements read back; the pages' roles and four eyes, and refusals as JSON naming the field."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from lxml import etree

from amends.api import services as api_services
from amends.banking import pain, statements
from amends.banking.models import PayeeAccount, PaymentBatch, Statement, StatementLine
from amends.core.clock import today
from amends.payments.models import Payment
from tests.fund import conftest as fund
from tests.fund.conftest import approved_claim

pytestmark = pytest.mark.django_db

# The fund's small fixtures: a case of two living victims, staff in every role (kim caseworker, lee legal
# reviewer, park and choi finance officers, yoon approver, jung auditor, han executive), English.
_english, case, creditors, staff = fund._english, fund.case, fund.creditors, fund.staff

FOUNDATION_ACCOUNT = "11101234567890"  # settings.FUND_DEBTOR in every test (tests/conftest.py)
ACCOUNT = {"holder": "김영수", "bank_code": "004", "account_number": "123-456-7890"}


@pytest.fixture
def api(staff):
    """A client for each staff member (kim caseworker, park and choi finance officers, jung auditor …),
    sending their own token."""

    def client(user):
        token = api_services.api_token_create(by=None, user=user, name="tests")
        return Client(HTTP_AUTHORIZATION=f"Bearer {token.secret}", HTTP_ACCEPT_LANGUAGE="en")

    return {name: client(user) for name, user in staff.items()}


@pytest.fixture
def approved(creditors, staff):
    """The first creditor's payment approved for today (a batch is executed on its planned day)."""
    approved_claim(creditors[0], staff, planned=today())
    return creditors[0]


def put_account(client, creditor, **changes):
    return client.put(
        f"/api/payees/{creditor.pk}/bank-account", {**ACCOUNT, **changes}, content_type="application/json"
    )


def create_batch(client, on=None):
    body = {"execution_on": (on or today()).isoformat()}
    return client.post("/api/batches", body, content_type="application/json")


@pytest.fixture
def batch(api, approved):
    """The payment in a batch: its account recorded by park, the batch created by choi."""
    assert put_account(api["park"], approved).status_code == 200
    response = create_batch(api["choi"])
    assert response.status_code == 201, response.json()
    return PaymentBatch.objects.get(pk=response.json()["id"])


def upload(client, content, name="statement.xml", **form):
    return client.post("/api/statements", {"file": SimpleUploadedFile(name, content), **form})


def bank_statement(batch):
    return statements.camt053(
        [
            {
                "booked_on": batch.execution_on,
                "amount": item.amount,
                "bank_reference": f"NH-{item.pk}",
                "end_to_end_id": item.end_to_end_id,
            }
            for item in batch.items.all()
        ],
        account=FOUNDATION_ACCOUNT,
    )


# --- payees' accounts ---------------------------------------------------------------------------


def test_a_finance_officer_records_an_account_and_it_is_read_masked(api, creditors):
    # when a finance officer records the account
    recorded = put_account(api["park"], creditors[0])

    # then it is on record, and sent back masked
    assert recorded.status_code == 200
    account = PayeeAccount.objects.get(creditor=creditors[0])
    assert (account.holder, account.bank_code, account.recorded_by.username) == ("김영수", "004", "park")
    assert recorded.json()["account_number"] == "******7890"

    # and an auditor reads it masked: never the whole number
    read = api["jung"].get(f"/api/payees/{creditors[0].pk}/bank-account")
    assert read.status_code == 200
    body = read.json()
    assert body["account_number"] == "******7890"
    assert (body["holder"], body["bank_code"], body["recorded_by"]) == ("김영수", "004", "park")
    assert "1234567890" not in read.content.decode()
    assert "123-456" not in read.content.decode()


def test_a_payee_abroad_is_recorded_with_iban_bic_and_latin_name(api, creditors):
    # when
    response = put_account(
        api["park"],
        creditors[0],
        bank_code="",
        account_number="",
        iban="DE89370400440532013000",
        bic="COBADEFFXXX",
        romanised_name="Kim Yeongsu",
    )

    # then the IBAN is stored whole and sent masked
    assert response.status_code == 200, response.json()
    assert PayeeAccount.objects.get(creditor=creditors[0]).iban == "DE89370400440532013000"
    body = api["jung"].get(f"/api/payees/{creditors[0].pk}/bank-account").json()
    assert body["iban"] == "******************3000"
    assert (body["bic"], body["romanised_name"]) == ("COBADEFFXXX", "Kim Yeongsu")


def test_no_account_on_record_is_404(api, creditors):
    response = api["park"].get(f"/api/payees/{creditors[0].pk}/bank-account")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_a_caseworker_or_an_auditor_cannot_record_an_account(api, creditors):
    for name in ("kim", "jung"):
        response = put_account(api[name], creditors[0])
        assert response.status_code == 403
        assert response.json()["code"] == "forbidden"
    assert not PayeeAccount.objects.exists()


def test_a_refused_account_names_the_field(api, creditors):
    response = put_account(api["park"], creditors[0], holder="")
    assert response.status_code == 422
    assert response.json()["field"] == "holder"


def test_a_caseworker_reads_no_banking(api, creditors):
    assert api["kim"].get("/api/batches").status_code == 403
    assert api["kim"].get(f"/api/payees/{creditors[0].pk}/bank-account").status_code == 403
    assert api["kim"].get("/api/statements").status_code == 403


# --- batches ------------------------------------------------------------------------------------


def test_whoever_recorded_the_account_cannot_batch_the_payment(api, approved):
    # given park recorded the payee's account
    assert put_account(api["park"], approved).status_code == 200

    # when park batches the payment into it
    response = create_batch(api["park"])

    # then it is refused, naming the payments, and no batch is made
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid"
    assert body["field"] == "proposals"
    assert "You recorded the bank account" in body["detail"]
    assert not PaymentBatch.objects.exists()

    # and another finance officer may
    assert create_batch(api["choi"]).status_code == 201


def test_a_caseworker_or_an_auditor_cannot_create_a_batch(api, approved):
    assert put_account(api["park"], approved).status_code == 200
    for name in ("kim", "jung"):
        response = create_batch(api[name])
        assert response.status_code == 403
        assert response.json()["code"] == "forbidden"
    # nor when nothing is planned for the day
    assert create_batch(api["jung"], on=today() + timedelta(days=3)).status_code == 403
    assert not PaymentBatch.objects.exists()


def test_a_day_with_nothing_planned_is_refused_naming_execution_on(api, approved):
    assert put_account(api["park"], approved).status_code == 200
    response = create_batch(api["choi"], on=today() + timedelta(days=3))
    assert response.status_code == 422
    assert response.json()["field"] == "execution_on"


def test_a_day_past_is_refused_naming_execution_on(api, creditors, staff):
    # given a payment approved for yesterday and never batched
    approved_claim(creditors[0], staff, planned=today() - timedelta(days=1))
    assert put_account(api["park"], creditors[0]).status_code == 200
    # when it is batched for that day
    response = create_batch(api["choi"], on=today() - timedelta(days=1))
    # then
    assert response.status_code == 422
    assert response.json()["field"] == "execution_on"
    assert "in the past" in response.json()["detail"]


def test_without_the_foundation_account_no_batch_is_made_naming_debtor(api, approved, settings):
    assert put_account(api["park"], approved).status_code == 200
    settings.FUND_DEBTOR = {**settings.FUND_DEBTOR, "account": ""}
    response = create_batch(api["choi"])
    assert response.status_code == 422
    assert (response.json()["code"], response.json()["field"]) == ("invalid", "debtor")
    assert not PaymentBatch.objects.exists()


def test_a_malformed_date_is_refused_naming_execution_on(api):
    response = api["choi"].post(
        "/api/batches", {"execution_on": "14.04.2023"}, content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["field"] == "execution_on"


def test_the_batch_is_listed_read_and_downloaded_as_pain001_and_csv(api, approved, batch):
    item = batch.items.get()

    # the list, for an auditor
    listed = api["jung"].get("/api/batches")
    assert listed.status_code == 200
    assert [(b["reference"], b["count"], b["total"], b["created_by"]) for b in listed.json()] == [
        (batch.reference, 1, item.amount, "choi")
    ]

    # the batch: its transfer, masked, not yet on a statement
    detail = api["jung"].get(f"/api/batches/{batch.pk}")
    assert detail.status_code == 200
    [row] = detail.json()["items"]
    assert row["end_to_end_id"] == item.end_to_end_id
    assert row["creditor"] == {"id": approved.pk, "name": approved.person.name_hangul}
    assert row["amount"] == item.amount
    assert row["account_number"] == "******7890"
    assert row["bank"]["status"] == "not_yet"
    assert "1234567890" not in detail.content.decode()

    # the pain.001 file, named after the reference, whose MsgId is the reference
    xml = api["choi"].get(f"/api/batches/{batch.pk}/pain001")
    assert xml.status_code == 200
    assert xml["Content-Type"] == "application/xml"
    assert f'filename="{batch.reference}.xml"' in xml["Content-Disposition"]
    document = etree.fromstring(xml.content)
    assert pain.pain001_schema().validate(document)
    ns = {"p": pain.PAIN_NS}
    assert document.findtext("p:CstmrCdtTrfInitn/p:GrpHdr/p:MsgId", namespaces=ns) == batch.reference

    # and the CSV
    csv = api["choi"].get(f"/api/batches/{batch.pk}/csv")
    assert csv.status_code == 200
    assert csv["Content-Type"].startswith("text/csv")
    assert item.end_to_end_id in csv.content.decode()


def test_the_files_are_for_finance_officers_as_on_the_pages(api, batch):
    assert api["jung"].get(f"/api/batches/{batch.pk}/pain001").status_code == 403
    assert api["jung"].get(f"/api/batches/{batch.pk}/csv").status_code == 403
    assert api["choi"].get("/api/batches/999999/pain001").status_code == 404


# --- statements ---------------------------------------------------------------------------------


def test_a_statement_confirms_the_payment_once_however_often_it_is_uploaded(api, batch):
    item = batch.items.get()
    content = bank_statement(batch)

    # when the bank's statement is uploaded
    first = upload(api["choi"], content)

    # then the payment is confirmed
    assert first.status_code == 201, first.json()
    result = first.json()
    assert result["created"] is True
    assert result["confirmed"] == [item.end_to_end_id]
    assert (result["returned"], result["unmatched"], result["duplicates"]) == ([], [], 0)
    assert Payment.objects.get().amount == item.amount

    # when the same file is uploaded again
    again = upload(api["choi"], content)

    # then it is 200, the same statement, and nothing changed
    assert again.status_code == 200
    assert again.json()["created"] is False
    assert again.json()["statement"] == result["statement"]
    assert Payment.objects.count() == 1
    assert Statement.objects.count() == 1
    assert StatementLine.objects.count() == 1

    # and the batch shows what the bank said, and the statement its line
    row = api["jung"].get(f"/api/batches/{batch.pk}").json()["items"][0]
    assert (row["bank"]["status"], row["bank"]["bank_reference"]) == ("matched", f"NH-{item.pk}")
    statement = api["jung"].get(f"/api/statements/{result['statement']}")
    assert statement.status_code == 200
    [line] = statement.json()["items"]
    assert (line["status"], line["end_to_end_id"], line["item"]) == (
        "matched",
        item.end_to_end_id,
        item.end_to_end_id,
    )
    assert line["amount"] == item.amount
    listed = api["jung"].get("/api/statements").json()
    assert [(s["id"], s["lines"], s["imported_by"]) for s in listed] == [(result["statement"], 1, "choi")]


def test_an_unreadable_file_is_400_naming_statement(api):
    response = upload(api["choi"], b"<Document><not closed", name="broken.xml")
    assert response.status_code == 400
    body = response.json()
    assert (body["code"], body["field"]) == ("invalid", "statement")
    assert "broken.xml" in body["detail"]
    assert not Statement.objects.exists()


def test_an_upload_needs_a_file_and_a_finance_officer(api, batch):
    missing = api["choi"].post("/api/statements", {})
    assert missing.status_code == 422
    assert missing.json()["field"] == "file"
    refused = upload(api["jung"], bank_statement(batch))
    assert refused.status_code == 403
    assert not Statement.objects.exists()


def test_an_unknown_statement_or_batch_is_404(api):
    assert api["jung"].get("/api/statements/999999").status_code == 404
    assert api["jung"].get("/api/batches/999999").status_code == 404
