"""Reads for banking: the approved payments waiting for a batch, the batches, and the statement lines
that match no payment."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Sum

from amends.banking.models import PaymentBatch, StatementLine
from amends.payments.models import PaymentProposal


def batchable_proposals():
    """Approved payment proposals not yet in a batch, with their creditors and bank accounts."""
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
