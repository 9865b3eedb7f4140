"""The ledger: every entry balances, posted entries never change, the lifecycle's money events post
their entries in the same transaction, and the trial balance is derived from postings."""

import json
from datetime import date
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from amends.fund import selectors, services
from amends.fund.models import Account, JournalEntry, Posting
from amends.law import ledger
from amends.law.ledger import credit, debit
from amends.payments import services as payments
from tests.fund.conftest import approved_claim

pytestmark = pytest.mark.django_db

ON = date(2024, 1, 31)


def balances() -> dict[str, int]:
    return {a.code: a.balance for a in selectors.trial_balance().accounts if a.debits or a.credits}


def test_an_unbalanced_entry_is_refused_and_nothing_is_written(staff):
    # when a finance officer posts debits of 100 against credits of 90
    with pytest.raises(ValidationError) as refused:
        services.journal_post(
            on=ON, memo="typo", by=staff["park"], lines=[debit("5100", 100), credit("1000", 90)]
        )
    # then it is refused with the difference, and no entry exists
    assert "debits 100 ≠ credits 90" in str(refused.value)
    assert not JournalEntry.objects.exists()


def test_the_database_refuses_to_post_an_unbalanced_entry(db):
    # given a draft entry whose postings do not balance, written past the service
    accounts = services.chart_accounts()
    entry = JournalEntry.objects.create(posted_on=ON, memo="by hand")
    Posting.objects.create(entry=entry, account=accounts["5100"], debit=100)
    Posting.objects.create(entry=entry, account=accounts["1000"], credit=90)
    # when it is marked posted, then the database refuses
    with pytest.raises(IntegrityError), transaction.atomic():
        JournalEntry.objects.filter(pk=entry.pk).update(posted=True)
    # and an entry cannot be born posted either, nor posted with a single line
    with pytest.raises(IntegrityError), transaction.atomic():
        JournalEntry.objects.create(posted_on=ON, memo="born posted", posted=True)
    lone = JournalEntry.objects.create(posted_on=ON, memo="one line")
    with pytest.raises(IntegrityError), transaction.atomic():
        Posting.objects.create(entry=lone, account=accounts["5100"], debit=0, credit=0)
    Posting.objects.create(entry=lone, account=accounts["5100"], debit=5)
    with pytest.raises(IntegrityError), transaction.atomic():
        JournalEntry.objects.filter(pk=lone.pk).update(posted=True)


def test_a_posted_entry_cannot_be_changed_or_deleted(staff):
    # given a posted operating cost
    entry = services.journal_post(
        on=ON,
        memo="office rent",
        by=staff["park"],
        lines=[debit("5100", 2_000_000), credit("1000", 2_000_000)],
    )
    posting = entry.postings.first()
    extra = Account.objects.get(code="1000")
    # then the database refuses every change to it, its postings, and any addition
    for change in (
        lambda: JournalEntry.objects.filter(pk=entry.pk).update(memo="office rent, January"),
        lambda: JournalEntry.objects.filter(pk=entry.pk).update(posted=False),
        lambda: Posting.objects.filter(pk=posting.pk).update(debit=1),
        lambda: Posting.objects.filter(entry=entry).delete(),
        lambda: Posting.objects.create(entry=entry, account=extra, credit=1),
        lambda: JournalEntry.objects.filter(pk=entry.pk).delete(),
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            change()
    entry.refresh_from_db()
    assert entry.memo == "office rent"
    assert [(p.debit, p.credit) for p in entry.postings.all()] == [(2_000_000, 0), (0, 2_000_000)]


def test_a_correction_is_a_reversing_entry(staff):
    # given a cost posted twice by mistake
    entry = services.journal_post(
        on=ON, memo="printing", by=staff["park"], lines=[debit("5100", 300_000), credit("1000", 300_000)]
    )
    # when it is reversed
    reversal = services.journal_reverse(entry=entry, on=ON, by=staff["choi"], reason="posted twice")
    # then both stand, the second cancels the first, and it cannot be reversed again
    assert reversal.reverses == entry
    assert [(p.account.code, p.debit, p.credit) for p in reversal.postings.all()] == [
        ("5100", 0, 300_000),
        ("1000", 300_000, 0),
    ]
    assert balances() == {"1000": 0, "5100": 0}
    with pytest.raises(ValidationError):
        services.journal_reverse(entry=entry, on=ON, by=staff["choi"], reason="again")


def test_only_a_finance_officer_posts(staff):
    for name in ("kim", "jung", "han"):
        with pytest.raises(PermissionDenied):
            services.journal_post(
                on=ON, memo="x", by=staff[name], lines=[debit("5100", 1), credit("1000", 1)]
            )


def test_a_payment_posts_its_entry_with_the_bank_confirmation(creditors, staff):
    # given donations in the bank and an approved payment
    donor = services.donor_create(name="POSCO", by=staff["park"])
    services.contribution_record(
        donor=donor, kind="receipt", amount=4_000_000_000, on=date(2023, 3, 15), by=staff["park"]
    )
    claim = approved_claim(creditors[0], staff)
    amount = claim.proposals.get().amount
    # when the bank confirms it
    payments.claim_record(
        claim=claim,
        event="confirm_payment",
        by=staff["choi"],
        facts={"bank_confirmation": "KB-1", "paid_on": "2023-04-14", "amount_paid": amount},
    )
    # then the bank pays out, the payment is an expense and the reimbursement claim is on record,
    # fully provided for, and the ledger balances
    assert amount == 296_438_356  # 100,000,000 + 20 % for 9 years and 300 of 365 days
    assert balances() == {
        "1000": 4_000_000_000 - amount,
        "1200": amount,
        "1290": -amount,
        "4000": 4_000_000_000,
        "5000": amount,
    }
    tb = selectors.trial_balance()
    assert tb.balanced and tb.debits == 4_000_000_000 + amount
    entry = JournalEntry.objects.get(source__startswith="payment:")
    assert entry.posted_on == date(2023, 4, 14)
    assert "KB-1" in entry.memo


def test_a_payment_whose_entry_fails_is_not_recorded_either(creditors, staff, monkeypatch):
    # given an approved payment, and a ledger that refuses the entry
    claim = approved_claim(creditors[0], staff)
    amount = claim.proposals.get().amount

    def refuse(**kwargs):
        raise ValidationError("ledger down")

    monkeypatch.setattr(payments, "post_claim_event", refuse)
    # when the bank's confirmation is recorded, then nothing of it stays
    with pytest.raises(ValidationError):
        payments.claim_record(
            claim=claim,
            event="confirm_payment",
            by=staff["choi"],
            facts={"bank_confirmation": "KB-1", "paid_on": "2023-04-14", "amount_paid": amount},
        )
    claim.refresh_from_db()
    assert claim.state == "payment_approved"
    assert not claim.creditor.__class__.objects.filter(payments__isnull=False).exists()


# What the creditor (100,000,000 at 20 % from 2013-06-19) is owed on 2023-07-03: a deposit is for the
# whole debt on the day it is lodged.
OWED_ON_2023_07_03 = 300_819_672


def refused_claim_with_deposit(creditor, staff, amount=OWED_ON_2023_07_03):
    claim = payments.claim_open(creditor=creditor, by=staff["kim"])
    payments.claim_record(claim=claim, event="refuse", by=staff["kim"], facts={"reason": "wants an apology"})
    payments.claim_record(
        claim=claim,
        event="propose_deposit",
        by=staff["lee"],
        facts={"planned_lodging_date": "2023-07-03", "court": "광주지방법원", "ground": "refusal"},
    )
    payments.claim_record(
        claim=claim, event="approve_deposit", by=staff["yoon"], occurred_on=date(2023, 7, 3)
    )
    payments.claim_record(
        claim=claim,
        event="lodge_deposit",
        by=staff["park"],
        facts={
            "court": "광주지방법원",
            "deposit_number": "2023금1234",
            "lodged_on": "2023-07-03",
            "amount": amount,
        },
    )
    return claim


def test_a_deposit_lodged_and_withdrawn_moves_money_out_and_back(creditors, staff):
    # given a deposit lodged for a creditor who refused
    claim = refused_claim_with_deposit(creditors[1], staff)
    assert balances() == {"1000": -300_819_672, "1100": 300_819_672}
    # when the deposit officer refuses it and the foundation withdraws it
    payments.claim_record(
        claim=claim,
        event="officer_refuses",
        by=staff["kim"],
        facts={"decided_on": "2023-07-05", "officer_reason": "objection"},
    )
    payments.claim_record(claim=claim, event="withdraw_deposit", by=staff["lee"], facts={"reason": "refused"})
    # then the money is back in the bank and nothing is outstanding with the court
    assert balances() == {"1000": 0, "1100": 0}
    assert selectors.trial_balance().balanced


def test_a_deposit_collected_by_the_creditor_is_a_payment_to_them(creditors, staff):
    claim = refused_claim_with_deposit(creditors[1], staff)
    payments.claim_record(
        claim=claim, event="officer_accepts", by=staff["kim"], facts={"decided_on": "2023-07-05"}
    )
    payments.claim_record(
        claim=claim, event="creditor_collects", by=staff["kim"], facts={"collected_on": "2024-02-20"}
    )
    assert balances() == {"1000": -300_819_672, "1100": 0, "5000": 300_819_672}
    assert JournalEntry.objects.get(source__endswith=":collected").posted_on == date(2024, 2, 20)


def test_trial_balance_command_prints_json_and_exits_0_when_balanced(staff):
    services.journal_post(on=ON, memo="rent", by=staff["park"], lines=[debit("5100", 7), credit("1000", 7)])
    out = StringIO()
    call_command("ledger", "trial-balance", "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    assert (data["debits"], data["credits"]) == (7, 7)
    rows = {row["code"]: row for row in data["accounts"]}
    assert rows["1000"] == {"code": "1000", "name": "Bank", "kind": "asset", "balance": -7}
    assert rows["5100"]["balance"] == 7


def test_trial_balance_command_exits_1_when_unbalanced(monkeypatch):
    from amends.fund.management.commands import ledger as command

    broken = selectors.TrialBalance(None, [selectors.AccountBalance("1000", "Bank", "asset", 5, 0)])
    monkeypatch.setattr(command, "trial_balance", lambda on=None: broken)
    with pytest.raises(SystemExit) as exit:
        call_command("ledger", "trial-balance", "--format", "json", stdout=StringIO())
    assert exit.value.code == 1


def test_check_balanced_rules():
    assert ledger.check_balanced([debit("1000", 5), credit("4000", 5)])
    for lines in (
        [debit("1000", 5)],
        [debit("1000", 5), credit("4000", 4)],
        [ledger.Line("1000", 5, 5), credit("4000", 0)],
    ):
        with pytest.raises(ledger.UnbalancedEntry):
            ledger.check_balanced(lines)


def test_many_entries_post_at_once_under_the_same_guarantees(staff):
    # when a finance officer posts three entries at once
    count = services.journal_post_many(
        entries=[(ON, f"cost {n}", [debit("5100", n), credit("1000", n)]) for n in (1, 2, 3)],
        by=staff["park"],
    )
    # then all are posted and immutable, and the ledger balances
    assert count == 3
    assert JournalEntry.objects.filter(posted=True).count() == 3
    assert balances() == {"1000": -6, "5100": 6}
    with pytest.raises(IntegrityError), transaction.atomic():
        Posting.objects.filter(entry__memo="cost 1").update(debit=7)
    # and a batch with one unbalanced entry is refused whole
    with pytest.raises(ValidationError, match="entry 2"):
        services.journal_post_many(
            entries=[
                (ON, "ok", [debit("5100", 1), credit("1000", 1)]),
                (ON, "bad", [debit("5100", 1), credit("1000", 2)]),
            ],
            by=staff["park"],
        )
    assert JournalEntry.objects.count() == 3


def test_many_entries_are_checked_as_one_is_each_error_naming_the_entry(staff):
    # given a batch whose second entry posts to an account not in the chart, or has no memo, or no date
    good = (ON, "ok", [debit("5100", 1), credit("1000", 1)])
    for bad, message in (
        ((ON, "typo", [debit("9999", 1), credit("1000", 1)]), "entry 2: No account 9999 in the chart."),
        ((ON, "  ", [debit("5100", 1), credit("1000", 1)]), "entry 2: Say what the entry is for."),
        (("2024-01-31", "x", [debit("5100", 1), credit("1000", 1)]), "entry 2: Give the date"),
        ((ON, "x", [("5100", 1, 0), ("1000", 0, 1)]), "entry 2: postings are lines"),
    ):
        # then the whole batch is refused, naming the entry, and nothing is written
        with pytest.raises(ValidationError, match=message):
            services.journal_post_many(entries=[good, bad], by=staff["park"])
    assert not JournalEntry.objects.exists()
    # and a single entry gets the same checks
    with pytest.raises(ValidationError, match=r"No account 9999 in the chart\."):
        services.journal_post(
            on=ON, memo="typo", by=staff["park"], lines=[debit("9999", 1), credit("1000", 1)]
        )
    with pytest.raises(ValidationError, match=r"Say what the entry is for\."):
        services.journal_post(on=ON, memo=" ", by=staff["park"], lines=[debit("5100", 1), credit("1000", 1)])


def test_an_event_posts_once(db):
    # given an event's entry posted
    services.post_entry(
        on=ON, memo="receipt", source="contribution:1", lines=[debit("1000", 5), credit("4000", 5)]
    )
    # when the same event is posted again, then it is refused, and the first entry alone stands
    with pytest.raises(ValidationError, match=r"This event is already posted\."):
        services.post_entry(
            on=ON, memo="again", source="contribution:1", lines=[debit("1000", 5), credit("4000", 5)]
        )
    assert balances() == {"1000": 5, "4000": 5}


def test_an_entry_posts_even_after_the_chart_was_emptied(staff):
    # given a database whose accounts are gone (as after a committing test's flush)
    Account.objects.all().delete()
    # when an entry is posted, then the chart is written back and the entry posted to it, in its order
    entry = services.journal_post(
        on=ON, memo="rent", by=staff["park"], lines=[debit("5100", 9), credit("1000", 9)]
    )
    assert [(p.account.code, p.debit, p.credit) for p in entry.postings.all()] == [
        ("5100", 9, 0),
        ("1000", 0, 9),
    ]
    assert Account.objects.count() == len(ledger.CHART)


def _future_entry_id() -> int:
    return (JournalEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1000


def test_an_entry_born_posted_must_already_balance(db):
    # given postings written before their entry, as bulk posting writes them (the foreign key to the
    # entry is checked at commit)
    accounts = services.chart_accounts()
    pk = _future_entry_id()
    Posting.objects.create(entry_id=pk, account=accounts["5100"], debit=100)
    # when the entry is inserted posted with one posting, or with postings that do not balance, then
    # the database refuses
    with pytest.raises(IntegrityError), transaction.atomic():
        JournalEntry.objects.create(pk=pk, posted_on=ON, memo="one line", posted=True)
    Posting.objects.create(entry_id=pk, account=accounts["1000"], credit=90)
    with pytest.raises(IntegrityError), transaction.atomic():
        JournalEntry.objects.create(pk=pk, posted_on=ON, memo="unbalanced", posted=True)
    # and once they balance it is accepted, and then no posting can be added to it
    Posting.objects.create(entry_id=pk, account=accounts["1000"], credit=10)
    JournalEntry.objects.create(pk=pk, posted_on=ON, memo="balanced", posted=True)
    assert balances() == {"1000": -100, "5100": 100}
    with pytest.raises(IntegrityError), transaction.atomic():
        Posting.objects.create(entry_id=pk, account=accounts["1000"], credit=1)


def test_one_statement_over_many_rows_is_refused_whole(staff):
    # given a posted entry and two drafts, the second unbalanced
    accounts = services.chart_accounts()
    posted = services.journal_post(
        on=ON, memo="rent", by=staff["park"], lines=[debit("5100", 7), credit("1000", 7)]
    )
    drafts = [JournalEntry.objects.create(posted_on=ON, memo=f"draft {n}") for n in (1, 2)]
    for draft, credited in zip(drafts, (3, 2), strict=True):
        Posting.objects.create(entry=draft, account=accounts["5100"], debit=3)
        Posting.objects.create(entry=draft, account=accounts["1000"], credit=credited)
    # then marking both posted in one statement is refused whole: neither is posted
    with pytest.raises(IntegrityError), transaction.atomic():
        JournalEntry.objects.filter(pk__in=[d.pk for d in drafts]).update(posted=True)
    assert not JournalEntry.objects.filter(pk__in=[d.pk for d in drafts], posted=True).exists()
    # and so is a statement that deletes or changes drafts' postings along with a posted entry's
    mixed = Posting.objects.filter(entry__in=[drafts[0], posted])
    for change in (lambda: mixed.delete(), lambda: mixed.update(debit=8, credit=0)):
        with pytest.raises(IntegrityError), transaction.atomic():
            change()
    # nor can a draft's posting be moved into a posted entry
    with pytest.raises(IntegrityError), transaction.atomic():
        Posting.objects.filter(entry=drafts[0]).update(entry=posted)
    assert balances() == {"1000": -7, "5100": 7}


def test_posting_an_entry_takes_a_fixed_number_of_queries_without_reading_the_chart(staff):
    services.chart_accounts()

    def queries(lines) -> list[str]:
        with CaptureQueriesContext(connection) as captured, transaction.atomic():
            services.post_entry(on=ON, memo="x", lines=lines, by=staff["park"])
        return [query["sql"] for query in captured.captured_queries]

    two = queries([debit("5100", 2), credit("1000", 2)])
    six = queries([debit("5100", 1)] * 3 + [credit("1000", 1)] * 3)
    # the same statements whatever the number of lines, none reading the chart of accounts
    assert len(two) == len(six)
    assert not [sql for sql in two if sql.lstrip().upper().startswith("SELECT") and "fund_account" in sql]


def test_many_entries_post_in_a_fixed_number_of_queries(staff):
    def queries(count: int) -> int:
        entries = [(ON, f"cost {n}", [debit("5100", n), credit("1000", n)]) for n in range(1, count + 1)]
        with CaptureQueriesContext(connection) as captured:
            services.journal_post_many(entries=entries, by=staff["park"])
        return len(captured.captured_queries)

    assert queries(3) == queries(300)
    assert JournalEntry.objects.filter(posted=True).count() == 303
    assert balances() == {"1000": -(3 * 4 // 2 + 300 * 301 // 2), "5100": 3 * 4 // 2 + 300 * 301 // 2}
