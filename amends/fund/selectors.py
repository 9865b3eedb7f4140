"""Reads for the fund: balances and the trial balance (derived from postings of posted entries, never
stored), the journal, donors and their contributions, and pledges outstanding."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet, Sum

from amends.fund.models import (
    Account,
    Contribution,
    Donor,
    JournalEntry,
    Posting,
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


def journal(*, account: str | None = None):
    """The posted entries with their postings (of one account, if given), latest first: the page
    sorts and pages them (:mod:`amends.core.tables`)."""
    entries = JournalEntry.objects.filter(posted=True)
    if account:
        entries = entries.filter(pk__in=Posting.objects.filter(account__code=account).values("entry_id"))
    return (
        entries.select_related("recorded_by", "reverses")
        .prefetch_related("postings__account")
        .order_by("-posted_on", "-id")
    )


def donors() -> QuerySet[Donor]:
    """Every donor with what they gave (``received``), pledged with an amount (``pledged``) and how
    many pledges they made without one (``undisclosed_pledges``), summed in the database."""
    receipts = Q(contributions__kind=Contribution.Kind.RECEIPT)
    pledges = Q(contributions__kind=Contribution.Kind.PLEDGE)
    return Donor.objects.annotate(
        received=Sum("contributions__amount", filter=receipts, default=0),
        pledged=Sum("contributions__amount", filter=pledges, default=0),
        undisclosed_pledges=Count("contributions", filter=pledges & Q(contributions__amount__isnull=True)),
    ).order_by("name", "pk")


def contributions() -> QuerySet[Contribution]:
    """Every contribution with its donor, newest first (on one day, the one recorded last first)."""
    return Contribution.objects.select_related("donor").order_by("-on", "-pk")


def pledges_outstanding() -> int:
    """Pledged amounts not yet received against their pledge (undisclosed pledges count nothing)."""
    outstanding = 0
    for pledge in Contribution.objects.filter(kind=Contribution.Kind.PLEDGE, amount__isnull=False).annotate(
        received=Sum("receipts__amount", default=0)
    ):
        outstanding += max(pledge.amount - pledge.received, 0)
    return outstanding
