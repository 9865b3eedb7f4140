"""The journal entries of a claim's money events: a payment confirmed (and the reimbursement claim it
opens) or brought back by the bank (both reversed), a court deposit lodged, withdrawn or collected.
The accounts are :data:`amends.law.ledger.POSTING_RULES`; each entry goes through
:func:`amends.fund.services.post_entry` in the event's own transaction, so the event and its entry
commit together or not at all. Each entry's ``source`` (``payment:<pk>``, ``payment:<pk>:returned``,
``deposit:<pk>:lodged`` …) is unique: an event cannot post twice.
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth.base_user import AbstractBaseUser as User
from django.utils.translation import gettext as _

from amends.fund.models import JournalEntry
from amends.fund.services import post_entry
from amends.law import ledger
from amends.law.lifecycle import Event, State
from amends.payments.models import CourtDeposit, Payment


def _fact_date(facts: dict, name: str, default: date) -> date:
    try:
        return date.fromisoformat(str(facts[name]))
    except (KeyError, ValueError):
        return default


def _outstanding_deposits(claim) -> list:
    """The claim's lodged deposits whose money is still with the court, as the ledger has them."""
    sources = set(JournalEntry.objects.filter(source__startswith="deposit:").values_list("source", flat=True))
    return [
        deposit
        for deposit in CourtDeposit.objects.filter(claim=claim).order_by("pk")
        if f"deposit:{deposit.pk}:lodged" in sources
        and f"deposit:{deposit.pk}:returned" not in sources
        and f"deposit:{deposit.pk}:collected" not in sources
    ]


def _who(claim) -> str:
    """The creditor as a memo names them: ``윤재훈 (尹在勳) (2/7) (2013다61381)``."""
    creditor = claim.creditor
    return f"{creditor} ({creditor.award.case.number})"


def post_claim_event(
    *, claim, event: Event, facts: dict, occurred_on: date, by: User | None, made: dict | None = None
) -> None:
    """Post the journal entry of a claim's money event, if it is one (see :mod:`amends.law.ledger`);
    an event that moves no money reads nothing.

    Called by the lifecycle's services after they made the event's rows, inside their transaction;
    the role was checked there. ``made``: the rows the event made (``{"payment": …}``, its
    reimbursement claim, ``{"deposit": …}``), which are then not read again."""
    made = made or {}
    if event == Event.CONFIRM_PAYMENT:
        payment = made.get("payment") or Payment.objects.select_related("reimbursement").get(
            pk=facts["payment"]
        )
        who = _who(claim)
        post_entry(
            on=payment.paid_on,
            memo=_("Payment to %(who)s, bank %(ref)s") % {"who": who, "ref": payment.bank_reference},
            lines=ledger.posting("payment", payment.amount),
            source=f"payment:{payment.pk}",
            by=by,
        )
        reimbursement = made.get("reimbursement") or payment.reimbursement
        post_entry(
            on=reimbursement.opened_on,
            memo=_("Reimbursement claim against the defendants of %(case)s, fully provided for")
            % {"case": reimbursement.case.number},
            lines=ledger.posting("reimbursement_opened", reimbursement.amount),
            source=f"reimbursement:{reimbursement.pk}",
            by=by,
        )
    elif event == Event.PAYMENT_RETURNED and claim.state == State.PAID:
        # The bank brought a booked payment back: both its entries are reversed on the day it came
        # back. (From payment_approved, a transfer rejected before it was paid moved no money.)
        payment = Payment.objects.select_related("reimbursement__case").get(pk=facts["payment"])
        reimbursement = payment.reimbursement
        who = _who(claim)
        originals = {
            entry.source: entry
            for entry in JournalEntry.objects.filter(
                source__in=[f"payment:{payment.pk}", f"reimbursement:{reimbursement.pk}"]
            )
        }
        post_entry(
            on=payment.returned_on,
            memo=_("Payment to %(who)s returned by the bank on %(date)s: %(reason)s")
            % {"who": who, "date": payment.returned_on.isoformat(), "reason": payment.return_reason},
            lines=ledger.posting("payment_returned", payment.amount),
            source=f"payment:{payment.pk}:returned",
            by=by,
            reverses=originals.get(f"payment:{payment.pk}"),
        )
        post_entry(
            on=payment.returned_on,
            memo=_("Reimbursement claim against the defendants of %(case)s cancelled: the payment came back")
            % {"case": reimbursement.case.number},
            lines=ledger.posting("reimbursement_cancelled", reimbursement.amount),
            source=f"reimbursement:{reimbursement.pk}:cancelled",
            by=by,
            reverses=originals.get(f"reimbursement:{reimbursement.pk}"),
        )
    elif event == Event.LODGE_DEPOSIT:
        deposit = made.get("deposit") or CourtDeposit.objects.get(pk=facts["deposit"])
        who = _who(claim)
        post_entry(
            on=deposit.lodged_on,
            memo=_("Court deposit %(number)s at %(court)s for %(who)s")
            % {"number": deposit.deposit_number, "court": deposit.court, "who": who},
            lines=ledger.posting("deposit_lodged", deposit.amount),
            source=f"deposit:{deposit.pk}:lodged",
            by=by,
        )
    elif event in (Event.WITHDRAW_DEPOSIT, Event.CREDITOR_COLLECTS):
        # A deposit withdrawn before it was lodged moved no money: nothing is outstanding for it.
        returned = event == Event.WITHDRAW_DEPOSIT
        on = _fact_date(facts, "withdrawn_on" if returned else "collected_on", occurred_on)
        who = _who(claim)
        for deposit in _outstanding_deposits(claim):
            post_entry(
                on=on,
                memo=(
                    _("Court deposit %(number)s withdrawn (returned to the bank)")
                    if returned
                    else _("Court deposit %(number)s collected by %(who)s")
                )
                % {"number": deposit.deposit_number, "who": who},
                lines=ledger.posting("deposit_returned" if returned else "deposit_collected", deposit.amount),
                source=f"deposit:{deposit.pk}:{'returned' if returned else 'collected'}",
                by=by,
            )
