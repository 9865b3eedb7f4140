"""Payment batches: approved payments become a pain.001.001.09 file that validates against the
official XSD, and the bank's camt.053 statement is reconciled once, however often it is imported."""

import re
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from lxml import etree

from amends.audit.models import AuditEvent, subject_key
from amends.banking import pain, selectors, services, statements
from amends.banking.models import BatchItem, PaymentBatch, Statement, StatementLine
from amends.banking.services import statements as statement_services
from amends.fund import selectors as fund_selectors
from amends.fund import services as fund_services
from amends.fund.models import JournalEntry
from amends.payments.models import Payment, PaymentProposal
from tests.fund.conftest import approved_claim

pytestmark = pytest.mark.django_db

NS = {"p": pain.PAIN_NS}


def record_account(creditor, staff, number=1, by="park"):
    return services.payee_account_record(
        creditor=creditor,
        holder=str(creditor.person),
        bank_code="004",
        account_number=f"123-456-78901{number}",
        by=staff[by],
    )


@pytest.fixture
def batch(creditors, staff):
    """Both creditors' payments approved, their accounts on record (by park), in one batch (by choi)."""
    for number, creditor in enumerate(creditors, 1):
        approved_claim(creditor, staff)
        record_account(creditor, staff, number)
    return services.batch_create(by=staff["choi"], execution_on=date(2023, 4, 14))


def statement(batch, **changes):
    lines = [
        {
            "booked_on": date(2023, 4, 14),
            "amount": item.amount,
            "bank_reference": f"KB-{item.pk}",
            "end_to_end_id": item.end_to_end_id,
        }
        for item in batch.items.all()
    ]
    return lines


def test_the_batch_is_a_pain001_file_valid_against_the_official_xsd(batch):
    # when the batch is written out
    xml = pain.pain001(batch)
    # then the official schema accepts it, and it carries every transfer in won
    document = etree.fromstring(xml)
    assert pain.pain001_schema().validate(document)
    assert document.findtext("p:CstmrCdtTrfInitn/p:GrpHdr/p:NbOfTxs", namespaces=NS) == "2"
    amounts = document.findall(".//p:CdtTrfTxInf/p:Amt/p:InstdAmt", NS)
    assert [a.get("Ccy") for a in amounts] == ["KRW", "KRW"]
    assert sum(int(a.text) for a in amounts) == 2 * 296_438_356
    assert document.findtext("p:CstmrCdtTrfInitn/p:GrpHdr/p:CtrlSum", namespaces=NS) == str(2 * 296_438_356)
    ids = [e.text for e in document.findall(".//p:CdtTrfTxInf/p:CdtrAcct/p:Id/p:Othr/p:Id", NS)]
    assert ids == ["123456789011", "123456789012"]


def test_a_broken_file_fails_the_xsd(batch):
    # given the file with an amount that is not a number
    document = etree.fromstring(pain.pain001(batch))
    document.find(".//p:InstdAmt", NS).text = "three hundred"
    # then the schema refuses it
    assert not pain.pain001_schema().validate(document)


def test_a_payment_is_batched_once_and_needs_a_bank_account(creditors, staff, batch):
    # then nothing is left to batch
    with pytest.raises(ValidationError, match="No approved payment"):
        services.batch_create(by=staff["choi"], execution_on=date(2023, 4, 14))
    # and only a finance officer creates batches
    with pytest.raises(PermissionDenied):
        services.batch_create(by=staff["kim"], execution_on=date(2023, 4, 14))


def test_a_creditor_without_a_bank_account_is_named(creditors, staff):
    approved_claim(creditors[0], staff)
    with pytest.raises(ValidationError, match="no bank account"):
        services.batch_create(by=staff["choi"], execution_on=date(2023, 4, 14))


def test_the_batch_as_csv(batch):
    rows = pain.batch_csv(batch).splitlines()
    assert rows[0] == (
        "end_to_end_id,execution_date,bank_code,bank_name,account_number,holder,amount,currency,"
        "iban,bic,name_as_sent,memo"
    )
    assert ",296438356,KRW,,,김영수,강제동원재단 P" in rows[1]
    assert len(rows) == 3


def test_reconciliation_marks_matches_paid_and_lists_mismatches(batch, staff):
    # given the bank's statement: both transfers, a stray debit and a donation received
    lines = statement(batch)
    lines.append(
        {"booked_on": date(2023, 4, 14), "amount": 55_000, "bank_reference": "KB-FEE", "end_to_end_id": ""}
    )
    lines.append(
        {"booked_on": date(2023, 4, 15), "amount": 1_000_000, "debit": False, "bank_reference": "KB-IN"}
    )
    content = statements.camt053(lines)
    # when it is imported
    imported = services.statement_import(content=content, filename="stmt.xml", by=staff["choi"])
    # then both payments are confirmed, posted, and two lines are listed with their reasons
    assert imported.created
    assert Payment.objects.count() == 2
    assert sorted(Payment.objects.values_list("bank_reference", flat=True)) == sorted(
        f"KB-{item.pk}" for item in batch.items.all()
    )
    assert {c.claim.state for c in batch.items.all() for c in [c.proposal]} == {"paid"}
    assert JournalEntry.objects.filter(source__startswith="payment:").count() == 2
    unmatched = {line.bank_reference: line.reason for line in selectors.unmatched_lines()}
    assert unmatched == {
        "KB-FEE": "No payment in any batch has this reference.",
        "KB-IN": "Money received, not a payment: record it as a contribution if it is one.",
    }
    assert fund_selectors.trial_balance().balanced


def test_importing_the_same_statement_twice_changes_nothing(batch, staff):
    content = statements.camt053(statement(batch))
    services.statement_import(content=content, filename="stmt.xml", by=staff["choi"])
    counts = (Payment.objects.count(), JournalEntry.objects.count(), StatementLine.objects.count())
    # when the same file, and then the same lines in another file, are imported again
    again = services.statement_import(content=content, filename="stmt.xml", by=staff["choi"])
    other = services.statement_import(
        content=statements.camt053(statement(batch), statement_id="STMT-2"),
        filename="stmt2.xml",
        by=staff["choi"],
    )
    # then nothing changes
    assert not again.created and (again.lines, again.duplicates) == (2, 2)
    assert other.created and (other.lines, other.duplicates, other.confirmed) == (2, 2, [])
    assert (Payment.objects.count(), JournalEntry.objects.count(), StatementLine.objects.count()) == counts


def test_a_wrong_amount_is_a_mismatch_and_pays_nothing(batch, staff):
    lines = statement(batch)
    lines[0]["amount"] -= 1
    services.statement_import(content=statements.camt053(lines), filename="s.xml", by=staff["choi"])
    (line,) = selectors.unmatched_lines()
    assert line.reason == "The bank's line is of 296,438,355 won; the batch sent 296,438,356 won."
    assert Payment.objects.count() == 1


def test_a_csv_statement_and_its_errors(batch, staff):
    item = batch.items.first()
    header = "booked_on,amount,direction,bank_reference,end_to_end_id\n"
    good = f"{header}2023-04-14,{item.amount},DBIT,KB-9,{item.end_to_end_id}\n"
    imported = services.statement_import(content=good.encode(), filename="s.csv", by=staff["choi"])
    assert (imported.format, imported.statement.lines.get().status) == ("amends", "matched")
    # a row that cannot be read is listed with its reason, and the rest of the file is read
    bad = f"{header}2023-04-14,12.5,DBIT,KB-10,X\n2023-04-15,7000,CRDT,KB-11,\n"
    imported = services.statement_import(content=bad.encode(), filename="bad.csv", by=staff["choi"])
    assert imported.unmatched == [
        {"line": 1, "reason": "row 2: amount '12.5' is not a whole number of won"},
        {"line": 2, "reason": "Money received, not a payment: record it as a contribution if it is one."},
    ]
    assert StatementLine.objects.get(bank_reference="KB-10").status == "error"


def test_any_camt053_version_is_read():
    content = statements.camt053([{"booked_on": date(2024, 1, 2), "amount": 10, "end_to_end_id": "E1"}])
    content = content.replace(b"camt.053.001.08", b"camt.053.001.02")
    (line,) = statements.parse_statement(content).lines
    assert (line.amount, line.end_to_end_id, line.debit) == (10, "E1", True)
    with pytest.raises(statements.StatementError, match=r"not a camt\.053"):
        statements.parse_statement(b"<Document xmlns='urn:other'/>")


def test_the_batch_asks_the_bank_for_one_booking_per_transfer(batch):
    # BtchBookg false, where the schema puts it: after the payment method
    info = etree.fromstring(pain.pain001(batch)).find("p:CstmrCdtTrfInitn/p:PmtInf", NS)
    tags = [etree.QName(child).localname for child in info][:3]
    assert tags == ["PmtInfId", "PmtMtd", "BtchBookg"]
    assert info.findtext("p:BtchBookg", namespaces=NS) == "false"


def test_the_batch_reference_is_made_from_its_id(batch):
    assert batch.reference.startswith("AMENDS-") and batch.reference.endswith(f"-{batch.pk}")
    assert len(batch.reference) <= 35


def test_a_payment_is_sent_on_the_day_it_was_approved_for(creditors, staff):
    # given a payment approved for 2023-04-14 (its amount holds delay damages to that day)
    approved_claim(creditors[0], staff)
    record_account(creditors[0], staff)
    # when a batch asks the bank to pay it on another day, then it is refused, naming the creditor
    with pytest.raises(ValidationError) as refused:
        services.batch_create(by=staff["choi"], execution_on=date(2023, 4, 20))
    assert "김영수" in str(refused.value) and "2023-04-14" in str(refused.value)
    assert not PaymentBatch.objects.exists()
    # and on the day it was approved for, it is sent
    batch = services.batch_create(by=staff["choi"], execution_on=date(2023, 4, 14))
    assert batch.items.get().amount == 296_438_356


def test_whoever_recorded_the_bank_account_cannot_batch_the_payment(creditors, staff):
    # given park recorded the creditor's bank account
    approved_claim(creditors[0], staff)
    record_account(creditors[0], staff, by="park")
    # when park creates the batch, then it is refused, naming the creditor, and nothing is written
    with pytest.raises(ValidationError, match="You recorded the bank account of 김영수"):
        services.batch_create(by=staff["park"], execution_on=date(2023, 4, 14))
    assert not PaymentBatch.objects.exists() and not BatchItem.objects.exists()
    # and another finance officer may
    assert services.batch_create(by=staff["choi"], execution_on=date(2023, 4, 14)).items.count() == 1


def test_a_payment_batched_by_someone_else_meanwhile_is_refused_by_name(batch, staff, monkeypatch):
    # given a reading that missed the other batch (two officers at once: the read was before theirs
    # committed), simulated by reading every approved proposal
    def stale():
        return PaymentProposal.objects.filter(status="approved").select_related("claim__creditor__person")

    monkeypatch.setattr(selectors, "batchable_proposals", stale)
    # when a second batch is created, then the database's refusal comes back naming a creditor of the
    # first batch (which one is met first depends on the database's row order)
    with pytest.raises(ValidationError, match=r"(김영수|이정호) .* already in a batch"):
        services.batch_create(by=staff["choi"], execution_on=date(2023, 4, 14))
    assert PaymentBatch.objects.count() == 1


def test_a_batch_booking_is_one_line_per_transaction(batch, staff):
    # given the bank booked both transfers as one entry with a TxDtls each
    items = list(batch.items.all())
    content = statements.camt053(
        [
            {
                "booked_on": date(2023, 4, 14),
                "bank_reference": "KB-BATCH",
                "transactions": [{"amount": i.amount, "end_to_end_id": i.end_to_end_id} for i in items],
            }
        ]
    )
    # when it is imported
    imported = services.statement_import(content=content, filename="s.xml", by=staff["choi"])
    # then each transaction is a line matched to its payment, both under the entry's reference
    lines = list(imported.statement.lines.order_by("pk"))
    assert [(line.amount, line.status) for line in lines] == [(i.amount, "matched") for i in items]
    assert [line.bank_reference for line in lines] == ["KB-BATCH", "KB-BATCH"]
    assert Payment.objects.count() == 2


def test_a_camt053_001_02_batch_booking_reads_each_transaction_amount():
    # given a batch booking as version .02 writes it: TxDtls/AmtDtls/TxAmt/Amt
    content = b"""<?xml version="1.0"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><Stmt>
<Ntry><Amt Ccy="KRW">300</Amt><CdtDbtInd>DBIT</CdtDbtInd><BookgDt><Dt>2024-01-02</Dt></BookgDt>
<NtryDtls>
<TxDtls><Refs><AcctSvcrRef>T-1</AcctSvcrRef><EndToEndId>E1</EndToEndId></Refs>
<AmtDtls><TxAmt><Amt Ccy="KRW">100</Amt></TxAmt></AmtDtls></TxDtls>
<TxDtls><Refs><AcctSvcrRef>T-2</AcctSvcrRef><EndToEndId>E2</EndToEndId></Refs>
<AmtDtls><TxAmt><Amt Ccy="KRW">200</Amt></TxAmt></AmtDtls></TxDtls>
</NtryDtls></Ntry></Stmt></BkToCstmrStmt></Document>"""
    lines = statements.parse_statement(content).lines
    assert [(line.amount, line.end_to_end_id, line.bank_reference) for line in lines] == [
        (100, "E1", "T-1"),
        (200, "E2", "T-2"),
    ]
    # and a transaction without its amount is a line that cannot be read, naming the transaction
    lines = statements.parse_statement(content.replace(b'<Amt Ccy="KRW">200</Amt>', b"")).lines
    assert lines[0].error == ""
    assert lines[1].error.startswith("entry 1, transaction 2: no amount")


def test_two_identical_lines_without_a_bank_reference_are_both_kept(staff):
    # given two transfers of the same amount on the same day, without references
    line = {"booked_on": date(2024, 5, 2), "amount": 10_000, "debit": False}
    content = statements.camt053([line, line])
    # when the statement is imported, then it has two lines
    imported = services.statement_import(content=content, filename="a.xml", by=staff["choi"])
    assert imported.statement.lines.count() == 2
    # and the same statement in another file adds nothing
    again = statements.camt053([line, line], statement_id="STMT-AGAIN")
    services.statement_import(content=again, filename="b.xml", by=staff["choi"])
    assert StatementLine.objects.count() == 2


@pytest.mark.parametrize(
    ("amount", "e2e", "reference", "error"),
    [
        ("Infinity", "E1", "R1", r"entry 1: amount 'Infinity' is not a number"),
        ("NaN", "E1", "R1", r"entry 1: amount 'NaN' is not a number"),
        ("1e30", "E1", "R1", r"entry 1: amount '1e30' is too large"),
        (str(2**63), "E1", "R1", r"entry 1: amount '9223372036854775808' is too large"),
        ("5", "E" * 36, "R1", r"entry 1: EndToEndId 'E{36}'… is longer than 35 characters"),
        ("5", "E1", "R" * 101, r"entry 1: AcctSvcrRef 'R{40}'… is longer than 100 characters"),
    ],
)
def test_a_statement_line_that_cannot_be_stored_is_listed_with_its_reason(
    staff, amount, e2e, reference, error
):
    # given a line that cannot be stored as it is, beside a good one
    good = {"booked_on": date(2024, 1, 2), "amount": 7, "debit": False, "bank_reference": "OK"}
    content = statements.camt053(
        [
            {"booked_on": date(2024, 1, 2), "amount": 5, "end_to_end_id": e2e, "bank_reference": reference},
            good,
        ]
    ).replace(b'<Amt Ccy="KRW">5</Amt>', f'<Amt Ccy="KRW">{amount}</Amt>'.encode())
    # when the file is imported, then that line is kept with the reason and moves nothing, and the
    # other line is read
    imported = services.statement_import(content=content, filename="big.xml", by=staff["choi"])
    bad, other = imported.statement.lines.order_by("position")
    assert bad.status == "error" and re.match(error, bad.reason)
    assert other.status == "unmatched" and other.bank_reference == "OK"
    assert not Payment.objects.exists()


def test_a_csv_line_that_cannot_be_stored_names_its_row():
    header = "booked_on,amount,direction,bank_reference,end_to_end_id\n"
    lines = statements.parse_statement(
        f"{header}2024-01-02,5,DBIT,R1,E1\n2024-01-02,inf,DBIT,R2,E2\n".encode()
    )
    assert [line.error for line in lines.lines] == ["", "row 3: amount 'inf' is not a number"]
    (line,) = statements.parse_statement(f"{header}2024-01-02,5,DBIT,R1,{'E' * 36}\n".encode()).lines
    assert line.error.startswith("row 2: end_to_end_id")


def test_a_line_another_import_recorded_meanwhile_refuses_the_file_by_name(batch, staff, monkeypatch):
    # given a statement already imported, and a second file with the same line whose import did not
    # see it (two imports at once), simulated by a lookup that finds nothing
    lines = statement(batch)
    services.statement_import(content=statements.camt053(lines), filename="one.xml", by=staff["choi"])
    monkeypatch.setattr(statement_services, "_known_identities", lambda keys: set())
    # when the second file is imported, then the database's refusal names the file and the line
    with pytest.raises(ValidationError, match=r"two\.xml, line 1: another statement"):
        services.statement_import(
            content=statements.camt053(lines, statement_id="STMT-2"), filename="two.xml", by=staff["choi"]
        )
    assert Statement.objects.count() == 1 and Payment.objects.count() == 2


def test_journal_posting_a_receipt_and_a_batch_each_write_an_audit_event(creditors, staff):
    from amends.law.ledger import credit, debit

    def events(row, action):
        subject_type, subject_id = subject_key(row)
        return AuditEvent.objects.filter(action=action, subject_type=subject_type, subject_id=subject_id)

    # a manual journal entry
    entry = fund_services.journal_post(
        on=date(2024, 1, 31), memo="rent", by=staff["park"], lines=[debit("5100", 9), credit("1000", 9)]
    )
    assert events(entry, "journal.post").get().actor == staff["park"]
    # a contribution received: its own event, and its entry's
    donor = fund_services.donor_create(name="POSCO", by=staff["park"])
    receipt = fund_services.contribution_record(
        donor=donor, kind="receipt", amount=5, on=date(2024, 2, 1), by=staff["park"]
    )
    assert events(receipt, "contribution.receipt").get().after["amount"] == 5
    assert events(JournalEntry.objects.get(source=f"contribution:{receipt.pk}"), "journal.post").exists()
    # a batch
    approved_claim(creditors[0], staff)
    record_account(creditors[0], staff)
    batch = services.batch_create(by=staff["choi"], execution_on=date(2023, 4, 14))
    event = events(batch, "batch.create").get()
    assert (event.actor, event.after["reference"], event.after["total"]) == (
        staff["choi"],
        batch.reference,
        296_438_356,
    )
    # and many entries at once: one event
    fund_services.journal_post_many(
        entries=[(date(2024, 3, 1), "fee", [debit("5100", 1), credit("1000", 1)])], by=staff["park"]
    )
    assert AuditEvent.objects.filter(action="journal.post_many").count() == 1
