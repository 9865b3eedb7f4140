"""Tampering with the books past the database's triggers, as the tables' owner can, is caught by
`amends check`: the ledger must be what the hashed audit events recorded (``ledger-witness``), and
every payment must have its entries of its amount (``payment-entry``)."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from amends.fund import services as fund
from amends.fund.models import JournalEntry, Posting
from amends.oversight import invariants
from amends.payments import services as payments
from amends.payments.models import Payment, ReimbursementClaim
from tests.fund.conftest import _english, approved_claim, case, creditors, staff  # noqa: F401 (fixtures)
from tests.security.tampering import triggers_lifted

pytestmark = pytest.mark.django_db

PAID_ON = date(2023, 4, 14)
PAID = 296_438_356  # what the first creditor is owed on 2023-04-14 (tests/oversight/test_invariants.py)
RAISE = 1_000_000_000
POSTING, ENTRY = (connection.ops.quote_name(model._meta.db_table) for model in (Posting, JournalEntry))


@pytest.fixture
def books(creditors, staff):  # noqa: F811 (fixtures)
    """A donation received and a creditor paid, through the services: the books hold every invariant."""
    donor = fund.donor_create(name="Steel Works Foundation", by=staff["park"])
    fund.contribution_record(
        donor=donor, kind="receipt", amount=5_000_000, on=date(2023, 1, 10), by=staff["park"]
    )
    claim = approved_claim(creditors[0], staff, planned=PAID_ON)
    payments.claim_record(
        claim=claim,
        event="confirm_payment",
        by=staff["choi"],
        facts={"bank_confirmation": "KB-1", "paid_on": PAID_ON.isoformat(), "amount_paid": PAID},
    )
    assert invariants.violations() == []
    return Payment.objects.get(creditor=creditors[0])


def check_fails() -> list[str]:
    """Run ``amends check``; it must exit 1. The violation lines it wrote on stderr."""
    stderr = StringIO()
    with pytest.raises(CommandError) as failed:
        call_command("check", stdout=StringIO(), stderr=stderr)
    assert failed.value.returncode == 1
    return stderr.getvalue().splitlines()


def _raise_both_sides(entry: JournalEntry) -> None:
    with triggers_lifted(JournalEntry, Posting), connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {POSTING} SET debit = debit + %s WHERE entry_id = %s AND debit > 0", [RAISE, entry.pk]
        )
        cursor.execute(
            f"UPDATE {POSTING} SET credit = credit + %s WHERE entry_id = %s AND credit > 0", [RAISE, entry.pk]
        )


def test_a_donation_raised_on_both_sides_still_balances_but_is_not_what_its_event_recorded(books):
    # given: the donation's entry raised by 1,000,000,000 won on both sides, in SQL past the triggers
    entry = JournalEntry.objects.get(source__startswith="contribution:")
    _raise_both_sides(entry)

    # when / then: the trial balance still holds, the witness does not
    assert check_fails() == [
        f"ledger-witness: journal entry #{entry.pk} ({entry.source}) posts Dr 1000 1,005,000,000, "
        f"Cr 4000 1,005,000,000, not Dr 1000 5,000,000, Cr 4000 5,000,000, as audit event "
        f"{_event_of(entry)} recorded",
    ]


def test_a_payment_raised_on_both_sides_is_caught_by_its_amount_and_its_witness(books):
    # given
    entry = JournalEntry.objects.get(source=f"payment:{books.pk}")
    _raise_both_sides(entry)

    # when
    lines = check_fails()

    # then
    assert (
        f"ledger-witness: journal entry #{entry.pk} (payment:{books.pk}) posts Cr 1000 1,296,438,356, "
        f"Dr 5000 1,296,438,356, not Cr 1000 296,438,356, Dr 5000 296,438,356, as audit event "
        f"{_event_of(entry)} recorded"
    ) in lines
    assert [line.split(":", 1)[0] for line in lines] == ["ledger-5000", "payment-entry", "ledger-witness"]


def _event_of(entry: JournalEntry) -> int:
    from amends.audit.models import AuditEvent

    return AuditEvent.objects.get(
        action="journal.post", subject_type="fund.journalentry", subject_id=str(entry.pk)
    ).sequence


def _delete_entries(*sources: str) -> list[JournalEntry]:
    entries = list(JournalEntry.objects.filter(source__in=sources).order_by("pk"))
    ids = [entry.pk for entry in entries]
    with triggers_lifted(JournalEntry, Posting), connection.cursor() as cursor:
        marks = ", ".join(["%s"] * len(ids))
        cursor.execute(f"DELETE FROM {POSTING} WHERE entry_id IN ({marks})", ids)
        cursor.execute(f"DELETE FROM {ENTRY} WHERE id IN ({marks})", ids)
    return entries


def test_a_payment_whose_journal_entries_are_deleted_is_named(books):
    # given: the payment's entry and its reimbursement claim's, with their postings, deleted in SQL
    reimbursement = ReimbursementClaim.objects.get(payment=books)
    paid, opened = _delete_entries(f"payment:{books.pk}", f"reimbursement:{reimbursement.pk}")

    # when
    lines = check_fails()

    # then
    creditor = books.creditor
    who = f"{creditor.person} (creditor {creditor.pk} on award {creditor.award_id}, 2013다61381)"
    assert lines == [
        "ledger-5000: account 5000 (payments to creditors) stands at 0 won, but the payments "
        "(296,438,356 won) and the court deposits collected (0 won) come to 296,438,356 won: "
        "296,438,356 won less in the ledger",
        f"payment-entry: payment {books.pk} of 296,438,356 won to {who}: the ledger has no journal entry "
        f"payment:{books.pk}",
        f"reimbursement-entry: reimbursement claim {reimbursement.pk} of 296,438,356 won (payment "
        f"{books.pk}): the ledger has no journal entry reimbursement:{reimbursement.pk}",
        f"ledger-witness: journal entry #{paid.pk} (payment:{books.pk}), which audit event {_event(paid)} "
        "recorded posting Cr 1000 296,438,356, Dr 5000 296,438,356 on 2023-04-14, is not in the ledger",
        f"ledger-witness: journal entry #{opened.pk} (reimbursement:{reimbursement.pk}), which audit event "
        f"{_event(opened)} recorded posting Dr 1200 296,438,356, Cr 1290 296,438,356 on 2023-04-14, is "
        "not in the ledger",
    ]


def _event(entry: JournalEntry) -> int:
    return _event_of(entry)


def test_a_payment_erased_with_its_entries_and_rows_is_still_named_by_its_witness(books):
    # given: everything about the payment deleted, rows and entries, so that the books agree again
    reimbursement = ReimbursementClaim.objects.get(payment=books)
    paid, opened = _delete_entries(f"payment:{books.pk}", f"reimbursement:{reimbursement.pk}")
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM payments_reimbursementclaim WHERE id = %s", [reimbursement.pk])
        cursor.execute(
            "UPDATE payments_paymentproposal SET status = 'declined' WHERE id = %s", [books.proposal_id]
        )
        cursor.execute("DELETE FROM payments_payment WHERE id = %s", [books.pk])

    # when
    lines = check_fails()

    # then: the audit events that posted its entries still say so
    assert [line for line in lines if line.startswith("ledger-witness")] == [
        f"ledger-witness: journal entry #{paid.pk} (payment:{books.pk}), which audit event {_event(paid)} "
        "recorded posting Cr 1000 296,438,356, Dr 5000 296,438,356 on 2023-04-14, is not in the ledger",
        f"ledger-witness: journal entry #{opened.pk} (reimbursement:{reimbursement.pk}), which audit event "
        f"{_event(opened)} recorded posting Dr 1200 296,438,356, Cr 1290 296,438,356 on 2023-04-14, is "
        "not in the ledger",
    ]


def test_an_entry_slipped_into_the_ledger_without_its_event_is_named(books, staff):  # noqa: F811
    # given: an entry and its postings inserted in SQL, balanced, posted, with no audit event
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {ENTRY} (posted_on, memo, source, posted, recorded_at) VALUES (%s, %s, %s, %s, %s)",
            ["2023-05-01", "gift", None, False, "2023-05-01 00:00:00+00:00"],
        )
        entry = JournalEntry.objects.get(memo="gift")
        bank, costs = (fund.chart_accounts()[code].pk for code in ("1000", "5100"))
        for account, debit, credit in ((costs, 7_000, 0), (bank, 0, 7_000)):
            cursor.execute(
                f"INSERT INTO {POSTING} (entry_id, account_id, debit, credit) VALUES (%s, %s, %s, %s)",
                [entry.pk, account, debit, credit],
            )
        cursor.execute(f"UPDATE {ENTRY} SET posted = %s WHERE id = %s", [True, entry.pk])

    # when / then
    assert check_fails() == [
        f"ledger-witness: journal entry #{entry.pk} posts Cr 1000 7,000, Dr 5100 7,000, but no audit event "
        "recorded it"
    ]


def test_entries_posted_in_bulk_are_witnessed_by_their_number(books, staff):  # noqa: F811
    # given: three entries posted at once, through the service
    from amends.law.ledger import credit, debit

    lines = [debit("5100", 1_000), credit("1000", 1_000)]
    fund.journal_post_many(
        entries=[(date(2023, 6, 1), f"cost {n}", lines) for n in range(3)], by=staff["park"]
    )
    assert invariants.witnessed() == []
    first, _second, last = JournalEntry.objects.filter(memo__startswith="cost ").order_by("pk")

    # when: one of them is deleted past the triggers
    _delete_entries_by_pk(last.pk)

    # then
    [violation] = invariants.witnessed()
    assert violation.message.startswith(f"journal entries #{first.pk} to #{last.pk}: audit event ")
    assert violation.message.endswith("recorded 3 posted at once, the ledger holds 2 of them")


def _delete_entries_by_pk(pk: int) -> None:
    with triggers_lifted(JournalEntry, Posting), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {POSTING} WHERE entry_id = %s", [pk])
        cursor.execute(f"DELETE FROM {ENTRY} WHERE id = %s", [pk])
