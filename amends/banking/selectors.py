"""Reads for banking: the approved payments waiting for a batch, the batches, the statements imported,
and the statement lines that moved no money."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Sum

from amends.banking.models import PaymentBatch, Statement, StatementLine
from amends.payments.models import PaymentProposal


def batchable_proposals():
    """Approved payment proposals not yet in a batch nor paid, with their creditors and bank accounts."""
    return (
        # Not one whose payment came back (its proposal is approved again): that amount is stale,
        # and the claim is declined and proposed again for a new day.
        PaymentProposal.objects.filter(
            status=PaymentProposal.Status.APPROVED, batch_item__isnull=True, payment__isnull=True
        )
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
    """The batch's items, each with the statement line that confirmed it (``matched_lines``) and the
    one that brought it back (``returned_lines``), at most one of each."""
    lines = StatementLine.objects.order_by("pk")
    return batch.items.select_related("proposal__claim__creditor__person").prefetch_related(
        Prefetch("statement_lines", queryset=lines.filter(status="matched"), to_attr="matched_lines"),
        Prefetch("statement_lines", queryset=lines.filter(status="returned"), to_attr="returned_lines"),
    )


# The lines a finance officer must look at: those that moved no money, and those still pending.
ATTENTION = (StatementLine.Status.UNMATCHED, StatementLine.Status.ERROR, StatementLine.Status.PENDING)


def unmatched_lines():
    """The lines to look at, newest first; a pending line no longer once a later line booked the same
    payment (the same end-to-end reference, direction and amount)."""
    booked_since = StatementLine.objects.filter(
        pk__gt=OuterRef("pk"),
        status__in=(StatementLine.Status.MATCHED, StatementLine.Status.RETURNED),
        end_to_end_id=OuterRef("end_to_end_id"),
        debit=OuterRef("debit"),
        amount=OuterRef("amount"),
    )
    return (
        StatementLine.objects.filter(status__in=ATTENTION)
        .exclude(Q(status=StatementLine.Status.PENDING) & ~Q(end_to_end_id="") & Exists(booked_since))
        .select_related("statement")
        .order_by("-pk")
    )


def statements():
    """The statements imported, newest first, with their lines counted by what they did."""
    counted = {
        f"{status}_count": Count("lines", filter=Q(lines__status=status))
        for status in StatementLine.Status.values
    }
    return Statement.objects.annotate(line_count=Count("lines"), **counted).select_related("imported_by")


def statement_lines(statement: Statement):
    return statement.lines.select_related("item").order_by("position", "pk")
