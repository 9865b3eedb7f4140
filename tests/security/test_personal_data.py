"""Personal data by need to know (issue 15): bank accounts, family certificates and resident
registration numbers are ciphertext in the database and on disk, masked on every page and in every
new audit event, shown in full only to a finance officer who asks (and that is recorded), and the
certificates and letters open only for caseworkers and legal reviewers."""

import importlib
import io
import json
from datetime import date
from types import SimpleNamespace

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.apps import apps
from django.core.exceptions import FieldError, PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from lxml import etree

from amends.audit.models import AuditEvent, subject_key
from amends.banking import pain, services
from amends.banking.models import BatchItem, PayeeAccount
from amends.core import crypto
from amends.judgments.selectors import case_search
from amends.letters import services as letters
from amends.letters.models import Kind
from amends.registry import services as registry
from amends.registry.models import Document, Person
from amends.registry.selectors import people_by_rrn
from tests.banking import conftest as banking
from tests.fund import conftest as fund
from tests.fund.conftest import approved_claim

pytestmark = pytest.mark.django_db

# The fund's small fixtures (a case of two living victims, staff in every role, English messages), and
# the banking tests' day, on which the fixtures' payments are executed.
case, creditors, staff, _english, _bank_today = (
    fund.case,
    fund.creditors,
    fund.staff,
    fund._english,
    banking._bank_today,
)

NUMBER = "123-456-789011"  # as typed; stored and sent without its hyphens
STORED = "123456789011"
MASKED = "********9011"
RRN = "900101-1234568"


def raw(table_model, column: str, pk) -> str:
    """What the database holds, read past the model."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {quote(column)} FROM {quote(table_model._meta.db_table)} WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def record_account(creditor, staff, number=NUMBER, by="park"):
    return services.payee_account_record(
        creditor=creditor, holder=str(creditor.person), bank_code="004", account_number=number, by=staff[by]
    )


@pytest.fixture
def batch(creditors, staff):
    """Both creditors' payments approved, their accounts recorded by park, batched by choi."""
    for number, creditor in enumerate(creditors, 1):
        approved_claim(creditor, staff)
        record_account(creditor, staff, f"123-456-78901{number}")
    return services.batch_create(by=staff["choi"], execution_on=date(2023, 4, 14))


def signed_in(client, user):
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


# -- at rest ---------------------------------------------------------------------------------------


def test_an_account_number_is_ciphertext_in_the_database_and_the_bank_file_carries_it_in_full(batch):
    # given the batch of two payees' accounts
    item = batch.items.order_by("pk").first()
    account = PayeeAccount.objects.get(creditor=item.proposal.claim.creditor)

    # then the tables hold Fernet tokens, not the numbers
    for model, pk in ((PayeeAccount, account.pk), (BatchItem, item.pk)):
        stored = raw(model, "account_number", pk)
        assert "789011" not in stored and "123456" not in stored
        assert crypto.decrypt_text(stored) == STORED
    # and the models read them back
    assert (PayeeAccount.objects.get(pk=account.pk).account_number, item.account_number) == (STORED, STORED)
    # and the bank's file carries the real numbers
    document = etree.fromstring(pain.pain001(batch))
    ids = [e.text for e in document.iter(f"{{{pain.PAIN_NS}}}Id") if e.text and e.text.startswith("1234")]
    assert ids == ["123456789011", "123456789012"]


def test_an_encrypted_field_cannot_be_searched_by_its_value(creditors, staff):
    # given an account on record
    record_account(creditors[0], staff)
    # then a filter on the number is refused, naming the field, rather than silently finding nothing
    with pytest.raises(FieldError, match=r"PayeeAccount\.account_number is encrypted"):
        list(PayeeAccount.objects.filter(account_number=STORED))
    assert PayeeAccount.objects.filter(account_number__isnull=False).count() == 1


def test_the_data_migration_encrypts_the_numbers_stored_before_it(creditors, staff):
    # given accounts written in plain text, as before migration banking 0003
    account = record_account(creditors[0], staff)
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {quote(PayeeAccount._meta.db_table)} SET account_number = %s WHERE id = %s",
            [STORED, account.pk],
        )
    migration = importlib.import_module("amends.banking.migrations.0003_accounts_encrypted")

    # when the migration's data step runs (twice: a second run changes nothing)
    migration.encrypt_stored(apps, SimpleNamespace(connection=connection))
    once = raw(PayeeAccount, "account_number", account.pk)
    migration.encrypt_stored(apps, SimpleNamespace(connection=connection))

    # then the row holds a token of the number, the same after the second run
    assert once != STORED and crypto.decrypt_text(once) == STORED
    assert raw(PayeeAccount, "account_number", account.pk) == once
    assert PayeeAccount.objects.get(pk=account.pk).account_number == STORED


def test_a_family_certificate_is_stored_encrypted_under_a_random_name(settings, tmp_path):
    # given a certificate uploaded by a caseworker
    settings.MEDIA_ROOT = tmp_path
    document = registry.document_upload(
        by=None,
        kind="family_relation",
        issued_on=date(2024, 5, 2),
        file=SimpleUploadedFile("김영수_가족관계증명서.pdf", b"%PDF-1.4 family of Kim Yeongsu"),
    )

    # then the file on disk is a token of its content, under a name that says nothing of the person
    stored = (tmp_path / document.file.name).read_bytes()
    assert b"Kim Yeongsu" not in stored
    assert crypto.decrypt(stored) == b"%PDF-1.4 family of Kim Yeongsu"
    assert "김영수" not in document.file.name and document.file.name.endswith(".pdf")
    # and the model reads it back in the clear
    with Document.objects.get(pk=document.pk).file.open("rb") as opened:
        assert opened.read() == b"%PDF-1.4 family of Kim Yeongsu"


def test_the_data_migration_encrypts_certificates_uploaded_before_it(settings, tmp_path):
    # given a certificate stored in the clear, as before migration registry 0004
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "documents").mkdir()
    (tmp_path / "documents" / "old.pdf").write_bytes(b"%PDF-1.4 old certificate")
    document = Document.objects.create(kind="basic", issued_on=date(2020, 1, 2), file="documents/old.pdf")
    migration = importlib.import_module("amends.registry.migrations.0004_personal_data_encrypted")

    # when its data step runs
    migration.encrypt_files(apps, None)

    # then the file is encrypted in place, and reads back as it was
    assert crypto.decrypt((tmp_path / "documents" / "old.pdf").read_bytes()) == b"%PDF-1.4 old certificate"
    with Document.objects.get(pk=document.pk).file.open("rb") as opened:
        assert opened.read() == b"%PDF-1.4 old certificate"


# -- key rotation ----------------------------------------------------------------------------------


def test_keys_rotate_the_old_key_decrypts_until_every_value_is_re_encrypted_with_the_new(
    creditors, staff, settings, tmp_path
):
    # given an account, a person's RRN and a certificate encrypted under the old key
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.FIELD_KEYS = [old]
    settings.MEDIA_ROOT = tmp_path
    account = record_account(creditors[0], staff)
    person = registry.person_rrn_record(by=staff["kim"], person=creditors[0].person, rrn=RRN)
    document = registry.document_upload(
        by=None, kind="basic", issued_on=date(2024, 1, 1), file=SimpleUploadedFile("b.pdf", b"certificate")
    )
    before = raw(PayeeAccount, "account_number", account.pk)

    # when a new key is put first: the old one still decrypts, the new one is not yet in use
    settings.FIELD_KEYS = [new, old]
    assert PayeeAccount.objects.get(pk=account.pk).account_number == STORED
    with pytest.raises(InvalidToken):
        Fernet(new).decrypt(before.encode())

    # when the keys are rotated
    call_command("keys", "rotate", stdout=io.StringIO())

    # then every value and file opens with the new key alone
    after = raw(PayeeAccount, "account_number", account.pk)
    assert Fernet(new).decrypt(after.encode()) == STORED.encode()
    assert Fernet(new).decrypt(raw(Person, "rrn", person.pk).encode()) == RRN.encode()
    assert Fernet(new).decrypt((tmp_path / document.file.name).read_bytes()) == b"certificate"
    settings.FIELD_KEYS = [new]
    assert PayeeAccount.objects.get(pk=account.pk).account_number == STORED
    assert [p.pk for p in people_by_rrn(RRN)] == [person.pk]


def test_a_key_that_is_not_a_fernet_key_is_refused_naming_the_setting(settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.FIELD_KEYS = ["not-a-key"]
    with pytest.raises(ImproperlyConfigured, match="AMENDS_FIELD_KEYS"):
        crypto.encrypt_text("123")


# -- the audit trail -------------------------------------------------------------------------------


def test_the_audit_event_of_a_new_payee_account_holds_the_masked_number(creditors, staff):
    # when a finance officer records an account, then corrects it
    account = record_account(creditors[0], staff)
    record_account(creditors[0], staff, number="987-654-321000")

    # then the events hold the masked numbers, and the numbers appear nowhere in them
    events = AuditEvent.objects.filter(action="payee_account.record").order_by("sequence")
    assert [e.after["account_number"] for e in events] == [MASKED, "********1000"]
    assert events[1].before["account_number"] == MASKED
    text = json.dumps([[e.before, e.after] for e in events])
    assert "789011" not in text and "321000" not in text
    assert subject_key(account) == (events[0].subject_type, events[0].subject_id)
    # and the chain still verifies
    call_command("audit", "verify", stdout=io.StringIO())


# -- pages -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["executive", "auditor", "approver", "finance_officer"])
def test_the_pages_show_account_numbers_masked_to_every_role(client, batch, staff, role):
    reader = {"executive": "han", "auditor": "jung", "approver": "yoon", "finance_officer": "choi"}[role]
    signed_in(client, staff[reader])

    for url in (reverse("banking:batches"), reverse("banking:batch_detail", args=[batch.pk])):
        page = client.get(url).content.decode()
        assert STORED not in page and "123456789012" not in page
    assert MASKED in page


def test_a_finance_officer_sees_a_payee_account_in_full_when_they_ask_and_that_is_recorded(
    client, creditors, staff
):
    # given an approved payment waiting, with its account on record
    approved_claim(creditors[0], staff)
    account = record_account(creditors[0], staff)
    signed_in(client, staff["choi"])
    page = client.get(reverse("banking:batches")).content.decode()
    assert MASKED in page and STORED not in page

    # when the finance officer asks to see it
    shown = client.post(reverse("banking:payee_account_reveal", args=[creditors[0].pk]))

    # then the number is shown in full, not kept by the browser, and the access is an audit event
    assert shown.status_code == 200 and STORED in shown.content.decode()
    assert shown["Cache-Control"] == "no-store"
    event = AuditEvent.objects.get(action="payee_account.reveal")
    assert (event.actor, event.subject_id, event.after) == (
        staff["choi"],
        str(account.pk),
        {"creditor": creditors[0].pk, "shown": ["account_number"]},
    )


@pytest.mark.parametrize("reader", ["han", "jung", "yoon", "kim"])
def test_no_other_role_may_reveal_an_account(client, batch, creditors, staff, reader):
    signed_in(client, staff[reader])
    events = AuditEvent.objects.count()

    for url in (
        reverse("banking:payee_account_reveal", args=[creditors[0].pk]),
        reverse("banking:batch_reveal", args=[batch.pk]),
    ):
        response = client.post(url)
        assert response.status_code == 403
        assert "12345678901" not in response.content.decode()
    assert AuditEvent.objects.count() == events
    with pytest.raises(PermissionDenied):
        services.payee_account_reveal(creditor=creditors[0], by=staff[reader])


def test_a_finance_officer_reveals_a_batchs_accounts_and_its_export_is_recorded(client, batch, staff):
    signed_in(client, staff["park"])

    page = client.post(reverse("banking:batch_reveal", args=[batch.pk])).content.decode()
    assert STORED in page and "123456789012" in page
    event = AuditEvent.objects.get(action="batch.reveal_accounts")
    assert event.after == {"items": list(batch.items.order_by("pk").values_list("pk", flat=True))}

    exported = client.get(reverse("banking:batch_download", args=[batch.pk, "csv"]))
    assert STORED in exported.content.decode("utf-8-sig")
    assert AuditEvent.objects.get(action="batch.export").after == {"format": "csv"}


# -- certificates and letters ----------------------------------------------------------------------


@pytest.fixture
def certificate(settings, tmp_path, creditors, staff):
    settings.MEDIA_ROOT = tmp_path
    document = registry.document_upload(
        by=staff["kim"],
        kind="basic",
        issued_on=date(2024, 3, 4),
        file=SimpleUploadedFile("basic.pdf", b"%PDF-1.4 basic certificate"),
    )
    registry.person_record_death(
        by=staff["kim"], person=creditors[0].person, died_on=date(2024, 3, 1), document=document
    )
    return document


@pytest.mark.parametrize(
    ("reader", "status"),
    [("kim", 200), ("lee", 200), ("park", 403), ("yoon", 403), ("jung", 403), ("han", 403)],
)
def test_a_family_certificate_opens_for_caseworkers_and_legal_reviewers_only(
    client, certificate, creditors, staff, reader, status
):
    signed_in(client, staff[reader])

    response = client.get(reverse("people:document_download", args=[certificate.pk]))

    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content) == b"%PDF-1.4 basic certificate"
        assert response["Cache-Control"] == "no-store"
    # and the person's page links the certificate only for those it opens for
    page = client.get(reverse("people:person_detail", args=[creditors[0].person.pk])).content.decode()
    assert (reverse("people:document_download", args=[certificate.pk]) in page) == (status == 200)


@pytest.mark.parametrize(
    ("reader", "status"),
    [("kim", 200), ("lee", 200), ("park", 403), ("yoon", 403), ("jung", 403), ("han", 403)],
)
def test_a_letter_opens_for_caseworkers_and_legal_reviewers_only(client, creditors, staff, reader, status):
    claim = approved_claim(creditors[0], staff)
    letter = letters.letter_send(claim=claim, kind=Kind.OFFER, language="en", by=staff["kim"])
    signed_in(client, staff[reader])

    response = client.get(reverse("letters:download", args=[letter.pk]))

    assert response.status_code == status
    if status == 200:
        assert response.content == bytes(letter.pdf)


# -- resident registration numbers -----------------------------------------------------------------


def test_a_resident_registration_number_is_encrypted_masked_and_found_by_its_keyed_hash(
    case, creditors, staff, client
):
    person = creditors[0].person

    # when a caseworker records it, typed without its hyphen
    registry.person_rrn_record(by=staff["kim"], person=person, rrn="9001011234568")

    # then the row holds a token and a keyed hash, not the number
    assert (
        RRN not in raw(Person, "rrn", person.pk) and crypto.decrypt_text(raw(Person, "rrn", person.pk)) == RRN
    )
    assert raw(Person, "rrn_hash", person.pk) == crypto.keyed_hash(RRN)
    # and it is found by the number, with or without the hyphen; another number finds no one
    assert [p.pk for p in people_by_rrn(RRN)] == [person.pk]
    assert [p.pk for p in people_by_rrn("9001011234568")] == [person.pk]
    assert not people_by_rrn("2512102345671").exists()
    # and the case search finds the person's case by it
    assert [c.pk for c in case_search(query=RRN)] == [case.pk]
    # and the audit event and the person's page show it masked
    event = AuditEvent.objects.get(action="person.record_rrn")
    assert event.after == {"rrn": "900101-1******"}
    page = signed_in(client, staff["kim"]).get(reverse("people:person_detail", args=[person.pk]))
    assert "900101-1******" in page.content.decode() and RRN not in page.content.decode()


@pytest.mark.parametrize("typed", ["900101-1234567", "12345", "90010A-1234568", "901301-1234568"])
def test_an_invalid_resident_registration_number_is_refused_naming_the_field(creditors, staff, typed):
    person = creditors[0].person
    events = AuditEvent.objects.count()

    with pytest.raises(ValidationError) as refused:
        registry.person_rrn_record(by=staff["kim"], person=person, rrn=typed)

    assert list(refused.value.message_dict) == ["rrn"]
    assert "resident registration number" in refused.value.message_dict["rrn"][0]
    assert raw(Person, "rrn", person.pk) == "" and AuditEvent.objects.count() == events
