"""Reads for the fund: balances and the trial balance (derived from postings of posted entries, never
stored), the journal, donors and their contributions, batches, and the finance reports.

A report is a :class:`Report` (a title, column headings, rows of plain values) so that one view can
show it on screen and offer it as CSV and XLSX.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from amends.fund.models import (
    Account,
    Contribution,
    Donor,
    JournalEntry,
    PaymentBatch,
    Posting,
    StatementLine,
)
from amends.law import ledger


@dataclass(frozen=True)
class AccountBalance:
    code: str
    name: str
    kind: str
    debits: int
    credits: int

    @property
    def balance(self) -> int:
        """On the account's normal side (assets and expenses: debits less credits)."""
        return ledger.balance(self.kind, self.debits, self.credits)

    @property
    def debit_balance(self) -> int:
        return max(self.debits - self.credits, 0)

    @property
    def credit_balance(self) -> int:
        return max(self.credits - self.debits, 0)


@dataclass(frozen=True)
class TrialBalance:
    on: date | None
    accounts: list[AccountBalance]

    @property
    def debits(self) -> int:
        return sum(account.debit_balance for account in self.accounts)

    @property
    def credits(self) -> int:
        return sum(account.credit_balance for account in self.accounts)

    @property
    def balanced(self) -> bool:
        return self.debits == self.credits

    def as_json(self) -> dict:
        return {
            "on": self.on.isoformat() if self.on else None,
            "debits": self.debits,
            "credits": self.credits,
            "accounts": [
                {"code": a.code, "name": a.name, "kind": a.kind, "balance": a.balance} for a in self.accounts
            ],
        }


def trial_balance(*, on: date | None = None) -> TrialBalance:
    """Every account's debits, credits and balance from the postings of posted entries (up to ``on``)."""
    posted = Q(postings__entry__posted=True)
    if on is not None:
        posted &= Q(postings__entry__posted_on__lte=on)
    rows = Account.objects.order_by("code").annotate(
        debits=Sum("postings__debit", filter=posted, default=0),
        credits=Sum("postings__credit", filter=posted, default=0),
    )
    return TrialBalance(
        on=on,
        accounts=[AccountBalance(a.code, a.name, a.kind, a.debits, a.credits) for a in rows],
    )


def account_balance(code: str, *, on: date | None = None) -> int:
    postings = Posting.objects.filter(account__code=code, entry__posted=True)
    if on is not None:
        postings = postings.filter(entry__posted_on__lte=on)
    totals = postings.aggregate(debits=Sum("debit", default=0), credits=Sum("credit", default=0))
    kind = Account.objects.filter(code=code).values_list("kind", flat=True).first() or "asset"
    return ledger.balance(kind, totals["debits"], totals["credits"])


def journal(*, account: str | None = None, limit: int = 200):
    """The latest posted entries with their postings (of one account, if given)."""
    entries = JournalEntry.objects.filter(posted=True)
    if account:
        entries = entries.filter(postings__account__code=account).distinct()
    return (
        entries.select_related("recorded_by", "reverses")
        .prefetch_related("postings__account")
        .order_by("-posted_on", "-id")[:limit]
    )


@dataclass
class DonorRow:
    donor: Donor
    pledged: int = 0
    received: int = 0
    undisclosed_pledges: int = 0
    contributions: list[Contribution] = field(default_factory=list)


def donors() -> list[DonorRow]:
    rows = {donor.pk: DonorRow(donor) for donor in Donor.objects.all()}
    for contribution in Contribution.objects.select_related("donor", "pledge").order_by("on", "pk"):
        row = rows[contribution.donor_id]
        row.contributions.append(contribution)
        if contribution.kind == Contribution.Kind.RECEIPT:
            row.received += contribution.amount
        elif contribution.amount is None:
            row.undisclosed_pledges += 1
        else:
            row.pledged += contribution.amount
    return list(rows.values())


def pledges_outstanding() -> int:
    """Pledged amounts not yet received against their pledge (undisclosed pledges count nothing)."""
    outstanding = 0
    for pledge in Contribution.objects.filter(kind=Contribution.Kind.PLEDGE, amount__isnull=False).annotate(
        received=Sum("receipts__amount", default=0)
    ):
        outstanding += max(pledge.amount - pledge.received, 0)
    return outstanding


def batchable_proposals():
    """Approved payment proposals not yet in a batch, with their creditors and bank accounts."""
    from amends.payments.models import PaymentProposal

    return (
        PaymentProposal.objects.filter(status=PaymentProposal.Status.APPROVED, batch_item__isnull=True)
        .select_related(
            "claim__creditor__person", "claim__creditor__award__case", "claim__creditor__payee_account"
        )
        .order_by("pk")
    )


@dataclass(frozen=True)
class WaitingDay:
    """The approved payments planned for one day: a batch sends them for execution on that day."""

    planned_on: date
    proposals: list

    @property
    def total(self) -> int:
        return sum(proposal.amount for proposal in self.proposals)


def batchable_by_day() -> list[WaitingDay]:
    days: dict[date, list] = defaultdict(list)
    for proposal in batchable_proposals().order_by("planned_on", "pk"):
        days[proposal.planned_on].append(proposal)
    return [WaitingDay(day, proposals) for day, proposals in days.items()]


def batches():
    return PaymentBatch.objects.annotate(count=Count("items"), total=Sum("items__amount")).select_related(
        "created_by"
    )


def batch_lines(batch: PaymentBatch):
    return batch.items.select_related("proposal__claim__creditor__person", "statement_line")


def unmatched_lines():
    return StatementLine.objects.filter(status=StatementLine.Status.UNMATCHED).select_related("statement")


# -- reports ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Report:
    slug: str
    title: str
    columns: list[str]
    rows: list[list]
    money: frozenset[int] = frozenset()  # indexes of columns in won

    def cells(self) -> list[list[tuple[str, bool]]]:
        """Each row's cells as (text, is a number), amounts in won written 1,234,567."""
        return [
            [
                (f"{value:,}" if isinstance(value, int) else str(value), isinstance(value, int))
                for value in row
            ]
            for row in self.rows
        ]


def report_trial_balance() -> Report:
    tb = trial_balance()
    rows = [[a.code, a.name, a.debit_balance, a.credit_balance, a.balance] for a in tb.accounts]
    rows.append(["", _("Total"), tb.debits, tb.credits, ""])
    return Report(
        "trial-balance",
        _("Trial balance"),
        [_("Code"), _("Account"), _("Debit"), _("Credit"), _("Balance")],
        rows,
        frozenset({2, 3, 4}),
    )


def report_donations() -> Report:
    rows = [
        [
            c.on.isoformat(),
            c.donor.name,
            c.get_kind_display(),
            c.amount if c.amount is not None else _("not disclosed"),
            _("restricted") if c.restricted else _("unrestricted"),
            c.purpose,
            c.note,
        ]
        for c in Contribution.objects.select_related("donor").order_by("on", "pk")
    ]
    return Report(
        "donations",
        _("Donations"),
        [_("Date"), _("Donor"), _("Kind"), _("Amount"), _("Use"), _("Purpose"), _("Note")],
        rows,
        frozenset({3}),
    )


def report_payments() -> Report:
    """The foundation's payments and court deposits, by case and defendant."""
    from amends.judgments.models import Case
    from amends.payments.models import CourtDeposit, Payment

    defendants: dict[int, list[str]] = defaultdict(list)
    for case_id, name in Case.defendants.through.objects.values_list("case_id", "defendant__name_en"):
        defendants[case_id].append(name)
    paid = {
        row["creditor__award__case_id"]: row
        for row in Payment.objects.order_by()
        .values("creditor__award__case_id")
        .annotate(count=Count("pk"), amount=Sum("amount"))
    }
    deposited = {
        row["claim__creditor__award__case_id"]: row
        for row in CourtDeposit.objects.order_by()
        .values("claim__creditor__award__case_id")
        .annotate(count=Count("pk"), amount=Sum("amount"))
    }
    rows = []
    for case in Case.objects.order_by("number"):
        p, d = paid.get(case.pk, {}), deposited.get(case.pk, {})
        rows.append(
            [
                case.number,
                ", ".join(sorted(defendants[case.pk])),
                p.get("count", 0),
                p.get("amount") or 0,
                d.get("count", 0),
                d.get("amount") or 0,
            ]
        )
    rows.append(
        [
            _("Total"),
            "",
            sum(r[2] for r in rows),
            sum(r[3] for r in rows),
            sum(r[4] for r in rows),
            sum(r[5] for r in rows),
        ]
    )
    return Report(
        "payments",
        _("Payments by case and defendant"),
        [_("Case"), _("Defendants"), _("Payments"), _("Paid"), _("Court deposits"), _("Deposited")],
        rows,
        frozenset({3, 5}),
    )


def report_reimbursements() -> Report:
    from amends.payments.models import ReimbursementClaim

    rows = [
        [
            claim.opened_on.isoformat(),
            claim.case.number,
            ", ".join(sorted(d.name_en for d in claim.case.defendants.all())),
            str(claim.payment.creditor),
            claim.amount,
            claim.get_status_display(),
        ]
        for claim in ReimbursementClaim.objects.exclude(status__in=["recovered", "written_off"])
        .select_related("case", "payment__creditor__person")
        .prefetch_related("case__defendants")
        .order_by("opened_on", "pk")
    ]
    rows.append([_("Total"), "", "", "", sum(r[4] for r in rows), ""])
    return Report(
        "reimbursements",
        _("Reimbursement claims outstanding"),
        [_("Opened"), _("Case"), _("Defendants"), _("Paid to"), _("Amount"), _("Status")],
        rows,
        frozenset({4}),
    )


REPORTS = {
    "trial-balance": report_trial_balance,
    "donations": report_donations,
    "payments": report_payments,
    "reimbursements": report_reimbursements,
}
