"""Writes for payments: every step of a creditor's claim goes through :func:`claim_record`.

It locks the claim row, asks :mod:`amends.law.lifecycle` whether the step is allowed from the
claim's state and flags, checks the role the step needs and four eyes (whoever recorded the step
being approved cannot approve it), checks the facts the step needs are on record, makes the step's
own rows (a payment proposal, a payment and its reimbursement claim, a court deposit), appends the
timeline entry and the audit event, all in one transaction, or refuses and changes nothing.
"""

import uuid
from datetime import date

from django.contrib.auth.base_user import AbstractBaseUser as User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from amends.audit.services import audit_append, snapshot
from amends.core.roles import CASEWORKER, check_actor, require_role
from amends.fund import services as fund_services
from amends.judgments.models import Award, Creditor
from amends.law import lifecycle
from amends.law.lifecycle import Event
from amends.payments.models import (
    Claim,
    ClaimEntry,
    CourtDeposit,
    ExternalPayment,
    Payment,
    PaymentProposal,
    ReimbursementClaim,
)


@transaction.atomic
def claim_open(*, creditor: Creditor, by: User | None) -> Claim:
    """The creditor's claim file on their award, opened once (state: identified)."""
    check_actor(by, CASEWORKER)
    claim, created = Claim.objects.get_or_create(creditor=creditor)
    if created:
        audit_append(
            actor=by, action="claim.open", subject=claim, after=snapshot(claim, ["creditor", "state"])
        )
    return claim


def _date(facts: dict, name: str) -> date:
    try:
        return date.fromisoformat(str(facts[name]))
    except (KeyError, ValueError):
        raise ValidationError({name: _("Give the date as YYYY-MM-DD.")}) from None


def _won(facts: dict, name: str) -> int:
    value = facts.get(name)
    if isinstance(value, bool) or not (
        isinstance(value, int) or (isinstance(value, str) and value.isascii() and value.isdigit())
    ):
        raise ValidationError({name: _("Give a whole number of won.")})
    return int(value)


def _proposed_amount(creditor: Creditor, on: date) -> int:
    """What the creditor is owed on the planned payment date: their principal and delay damages."""
    from amends.judgments.selectors import _awards, award_owed

    owed = award_owed(award=_awards().get(pk=creditor.award_id), on=on)
    row = next(row for row in owed.creditors if row.creditor.pk == creditor.pk)
    return row.damages.outstanding if row.damages else row.principal


@transaction.atomic
def claim_record(
    *,
    claim: Claim,
    event: str,
    by: User,
    facts: dict | None = None,
    occurred_on: date | None = None,
    idempotency_key: uuid.UUID | None = None,
) -> ClaimEntry:
    """Record ``event`` on ``claim`` with its ``facts`` (strings, whole numbers, ISO dates)."""
    facts = {name: value for name, value in (facts or {}).items() if value not in (None, "")}
    if idempotency_key is not None:
        # A proposal sent twice (a double click, a retried request) is recorded once.
        existing = PaymentProposal.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing.claim.entries.get(facts__proposal=existing.pk)
    claim = Claim.objects.select_for_update().select_related("creditor__award__case").get(pk=claim.pk)
    try:
        transition = lifecycle.next_state(state=claim.state, event=event, flags=claim.flags)
    except lifecycle.TransitionRefused as refused:
        raise ValidationError({"event": refused.reason}) from None
    require_role(by, transition.needs_role)
    if transition.four_eyes:
        preparer = (
            claim.entries.filter(event__in=transition.prepared_by)
            .order_by("-recorded_at", "-id")
            .values_list("by_id", flat=True)
            .first()
        )
        try:
            lifecycle.check_four_eyes(transition=transition, prepared_by=preparer, acting=by.pk)
        except lifecycle.TransitionRefused as refused:
            raise PermissionDenied(refused.reason) from None

    event = transition.event
    creditor = claim.creditor
    if event == Event.PROPOSE_PAYMENT:
        planned = _date(facts, "planned_payment_date")
        amount = _proposed_amount(creditor, planned)
        if "amount" in facts and _won(facts, "amount") != amount:
            raise ValidationError(
                {
                    "amount": _("The amount owed on %(date)s is %(amount)s won.")
                    % {"date": planned, "amount": f"{amount:,}"}
                }
            )
        facts["amount"] = amount
    try:
        lifecycle.check_recorded(transition=transition, recorded=facts.keys())
    except lifecycle.TransitionRefused as refused:
        raise ValidationError({"facts": refused.reason}) from None

    if event == Event.PROPOSE_PAYMENT:
        proposal = PaymentProposal.objects.create(
            claim=claim,
            amount=facts["amount"],
            planned_on=_date(facts, "planned_payment_date"),
            prepared_by=by,
            idempotency_key=idempotency_key or uuid.uuid4(),
        )
        facts["proposal"] = proposal.pk
    elif event in (Event.APPROVE_PAYMENT, Event.DECLINE, Event.CONFIRM_PAYMENT, Event.PAYMENT_RETURNED):
        proposal = claim.proposals.select_for_update().exclude(status__in=["declined", "paid"]).latest("pk")
        facts["proposal"] = proposal.pk
        if event == Event.APPROVE_PAYMENT:
            proposal.status, proposal.approved_by, proposal.approved_at = "approved", by, timezone.now()
            try:
                with transaction.atomic():
                    proposal.save(update_fields=["status", "approved_by", "approved_at"])
            except IntegrityError:  # the database's own four-eyes constraint
                raise PermissionDenied(_("Whoever prepared a payment cannot approve it.")) from None
        elif event in (Event.DECLINE, Event.PAYMENT_RETURNED):
            proposal.status = "declined"
            proposal.save(update_fields=["status"])
        else:
            paid = _won(facts, "amount_paid")
            if paid != proposal.amount:
                raise ValidationError(
                    {
                        "amount_paid": _("The bank paid %(paid)s won; %(approved)s won were approved.")
                        % {"paid": f"{paid:,}", "approved": f"{proposal.amount:,}"}
                    }
                )
            paid_on = _date(facts, "paid_on")
            payment = Payment.objects.create(
                creditor=creditor,
                proposal=proposal,
                amount=paid,
                paid_on=paid_on,
                bank_reference=str(facts["bank_confirmation"]),
            )
            proposal.status = "paid"
            proposal.save(update_fields=["status"])
            ReimbursementClaim.objects.create(
                payment=payment, case=creditor.award.case, amount=paid, opened_on=paid_on
            )
            facts["payment"] = payment.pk
    elif event == Event.LODGE_DEPOSIT:
        deposit = CourtDeposit.objects.create(
            claim=claim,
            court=str(facts["court"]),
            deposit_number=str(facts["deposit_number"]),
            lodged_on=_date(facts, "lodged_on"),
            amount=_won(facts, "amount"),
        )
        facts["deposit"] = deposit.pk
    # The money event's journal entry (payment, deposit lodged, withdrawn or collected), in this
    # same transaction: see amends.law.ledger for the accounts.
    fund_services.post_claim_event(
        claim=claim, event=event, facts=facts, occurred_on=occurred_on or timezone.localdate(), by=by
    )

    before = {"state": claim.state, "flags": list(claim.flags)}
    entry = ClaimEntry.objects.create(
        claim=claim,
        event=event.value,
        from_state=claim.state,
        to_state=transition.target.value,
        occurred_on=occurred_on or timezone.localdate(),
        by=by,
        facts=facts,
    )
    claim.state = transition.target.value
    flags = lifecycle.flags_after(flags=claim.flags, transition=transition)
    claim.flags = sorted(flag.value for flag in flags)
    claim.save(update_fields=["state", "flags", "updated_at"])
    audit_append(
        actor=by,
        action=f"claim.{event.value}",
        subject=claim,
        before=before,
        after={"state": claim.state, "flags": claim.flags, "facts": facts},
    )
    return entry


@transaction.atomic
def external_payment_record(
    *, award: Award, by: User, paid_on: date, amount: int, source: str, creditor: Creditor | None = None
) -> ExternalPayment:
    """Money received from elsewhere (a defendant's security collected by the family, say)."""
    require_role(by, "finance_officer")
    payment = ExternalPayment(award=award, creditor=creditor, paid_on=paid_on, amount=amount, source=source)
    payment.full_clean()
    payment.save()
    audit_append(
        actor=by,
        action="external_payment.create",
        subject=payment,
        after=snapshot(payment, ["award", "creditor", "paid_on", "amount", "source"]),
    )
    return payment
