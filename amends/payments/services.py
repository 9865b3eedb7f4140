"""Writes for payments: every step of a creditor's claim goes through one private transition
(:func:`_transition`).

It locks the claim row, asks :mod:`amends.law.lifecycle` whether the step is allowed from the
claim's state and flags, checks the role the step needs and four eyes (whoever recorded the step
being approved cannot approve it), checks the facts the step needs are on record, makes the step's
own rows (a payment proposal, a payment and its reimbursement claim, a court deposit), posts its
journal entry (:mod:`amends.payments.postings`), appends the timeline entry and the audit event, all
in one transaction, or refuses and changes nothing.

The money steps have verbs with typed arguments (:func:`payment_propose`, :func:`payment_approve`,
:func:`payment_confirm`, :func:`deposit_lodge`); :func:`claim_record` takes any step as a page or
the API sends it (an event's name and its facts as text) and hands the money steps to their verbs.
"""

import uuid
from collections.abc import Callable
from datetime import date

from django.contrib.auth.base_user import AbstractBaseUser as User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from amends.audit.services import audit_append, audited_create, snapshot
from amends.core.parsing import parse_day, parse_won
from amends.core.roles import CASEWORKER, FINANCE_OFFICER, check_actor, require_role
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
from amends.payments.owed import creditor_owed
from amends.payments.postings import post_claim_event


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


def _proposed_amount(creditor: Creditor, on: date) -> int:
    """What the creditor is owed on the planned payment date: their principal and delay damages."""
    return creditor_owed(creditor=creditor, on=on).outstanding


# An event's own rows: given the locked claim and the facts so far, make them and return the facts
# that name them (``{"proposal": 7}``), which the timeline entry records.
Act = Callable[[Claim, dict], dict]


def _allowed(*, claim: Claim, event: str, by: User) -> lifecycle.Transition:
    """The transition ``event`` makes from the claim's state and flags, if ``by`` may record it: the
    lifecycle allows it, ``by`` holds the role it needs, and (four eyes) did not prepare what it
    approves. Otherwise a refusal saying why."""
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
    return transition


def _transition(
    *,
    claim: Claim,
    event: str,
    by: User,
    facts: dict | None = None,
    occurred_on: date | None = None,
    prepare: Callable[[Claim], dict] | None = None,
    act: Act | None = None,
) -> ClaimEntry:
    """The one way a claim moves: lock the claim row, check the step is allowed (:func:`_allowed`),
    work out the facts the step computes (``prepare``: the amount owed, say), check the facts it
    needs are on record, make its own rows (``act``), post its journal entry, append the timeline
    entry and the audit event. In the caller's transaction: all of it, or nothing."""
    facts = {name: value for name, value in (facts or {}).items() if value not in (None, "")}
    claim = Claim.objects.select_for_update().select_related("creditor__award__case").get(pk=claim.pk)
    transition = _allowed(claim=claim, event=event, by=by)
    if prepare is not None:
        facts |= prepare(claim)
    try:
        lifecycle.check_recorded(transition=transition, recorded=facts.keys())
    except lifecycle.TransitionRefused as refused:
        raise ValidationError({"facts": refused.reason}) from None
    event = transition.event
    if act is not None:
        facts |= act(claim, facts)
    occurred_on = occurred_on or timezone.localdate()
    # The money event's journal entry (payment, deposit lodged, withdrawn or collected), in this
    # same transaction: see amends.law.ledger for the accounts.
    post_claim_event(claim=claim, event=event, facts=facts, occurred_on=occurred_on, by=by)

    before = {"state": claim.state, "flags": list(claim.flags)}
    entry = ClaimEntry.objects.create(
        claim=claim,
        event=event.value,
        from_state=claim.state,
        to_state=transition.target.value,
        occurred_on=occurred_on,
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


def _earlier_proposal(idempotency_key: uuid.UUID | None) -> ClaimEntry | None:
    """The timeline entry of a proposal already recorded under ``idempotency_key``, if any: a proposal
    sent twice (a double click, a retried request) is recorded once."""
    if idempotency_key is None:
        return None
    existing = PaymentProposal.objects.filter(idempotency_key=idempotency_key).first()
    return existing.claim.entries.get(facts__proposal=existing.pk) if existing is not None else None


def _open_proposal(claim: Claim) -> PaymentProposal:
    return claim.proposals.select_for_update().exclude(status__in=["declined", "paid"]).latest("pk")


# -- the money steps, with typed arguments -----------------------------------------------------------


@transaction.atomic
def payment_propose(
    *,
    claim: Claim,
    planned_on: date,
    by: User,
    amount: int | None = None,
    idempotency_key: uuid.UUID | None = None,
    facts: dict | None = None,
) -> ClaimEntry:
    """Propose paying the creditor what they are owed on ``planned_on`` (principal and delay damages
    to that day). ``amount``, if given, must be that figure. A proposal sent twice with the same
    ``idempotency_key`` (a double click, a retried request) is recorded once."""
    if earlier := _earlier_proposal(idempotency_key):
        return earlier

    def prepare(locked: Claim) -> dict:
        owed = _proposed_amount(locked.creditor, planned_on)
        if amount is not None and amount != owed:
            raise ValidationError(
                {
                    "amount": _("The amount owed on %(date)s is %(amount)s won.")
                    % {"date": planned_on, "amount": f"{owed:,}"}
                }
            )
        return {"planned_payment_date": planned_on.isoformat(), "amount": owed}

    def act(locked: Claim, facts: dict) -> dict:
        proposal = PaymentProposal.objects.create(
            claim=locked,
            amount=facts["amount"],
            planned_on=planned_on,
            prepared_by=by,
            idempotency_key=idempotency_key or uuid.uuid4(),
        )
        return {"proposal": proposal.pk}

    return _transition(claim=claim, event=Event.PROPOSE_PAYMENT, by=by, facts=facts, prepare=prepare, act=act)


@transaction.atomic
def payment_approve(*, claim: Claim, by: User, facts: dict | None = None) -> ClaimEntry:
    """Approve the open proposal: someone other than whoever proposed it (four eyes, checked by the
    lifecycle and again by the database)."""

    def act(locked: Claim, _facts: dict) -> dict:
        proposal = _open_proposal(locked)
        proposal.status, proposal.approved_by, proposal.approved_at = "approved", by, timezone.now()
        try:
            with transaction.atomic():
                proposal.save(update_fields=["status", "approved_by", "approved_at"])
        except IntegrityError:  # the database's own four-eyes constraint
            raise PermissionDenied(_("Whoever prepared a payment cannot approve it.")) from None
        return {"proposal": proposal.pk}

    return _transition(claim=claim, event=Event.APPROVE_PAYMENT, by=by, facts=facts, act=act)


def _close_proposal(locked: Claim, _facts: dict) -> dict:
    proposal = _open_proposal(locked)
    proposal.status = "declined"
    proposal.save(update_fields=["status"])
    return {"proposal": proposal.pk}


@transaction.atomic
def payment_confirm(
    *,
    claim: Claim,
    paid_on: date,
    amount: int,
    bank_reference: str,
    by: User,
    occurred_on: date | None = None,
    facts: dict | None = None,
) -> ClaimEntry:
    """The bank paid ``amount`` on ``paid_on`` (its reference ``bank_reference``): the approved
    amount, or the step is refused. Makes the payment, opens its reimbursement claim against the
    defendants and posts both; the entry's facts name the payment."""

    def act(locked: Claim, _facts: dict) -> dict:
        proposal = _open_proposal(locked)
        if amount != proposal.amount:
            raise ValidationError(
                {
                    "amount_paid": _("The bank paid %(paid)s won; %(approved)s won were approved.")
                    % {"paid": f"{amount:,}", "approved": f"{proposal.amount:,}"}
                }
            )
        creditor = locked.creditor
        payment = Payment.objects.create(
            creditor=creditor,
            proposal=proposal,
            amount=amount,
            paid_on=paid_on,
            bank_reference=bank_reference,
        )
        proposal.status = "paid"
        proposal.save(update_fields=["status"])
        ReimbursementClaim.objects.create(
            payment=payment, case=creditor.award.case, amount=amount, opened_on=paid_on
        )
        return {"proposal": proposal.pk, "payment": payment.pk}

    return _transition(
        claim=claim,
        event=Event.CONFIRM_PAYMENT,
        by=by,
        occurred_on=occurred_on,
        facts={
            **(facts or {}),
            "bank_confirmation": bank_reference,
            "paid_on": paid_on.isoformat(),
            "amount_paid": amount,
        },
        act=act,
    )


@transaction.atomic
def deposit_lodge(
    *,
    claim: Claim,
    court: str,
    deposit_number: str,
    lodged_on: date,
    amount: int,
    by: User,
    occurred_on: date | None = None,
    facts: dict | None = None,
) -> ClaimEntry:
    """The deposit (변제공탁) lodged with ``court`` under ``deposit_number``: the money leaves the bank
    for the court; the entry's facts name the deposit."""

    def act(locked: Claim, _facts: dict) -> dict:
        deposit = CourtDeposit.objects.create(
            claim=locked, court=court, deposit_number=deposit_number, lodged_on=lodged_on, amount=amount
        )
        return {"deposit": deposit.pk}

    return _transition(
        claim=claim,
        event=Event.LODGE_DEPOSIT,
        by=by,
        occurred_on=occurred_on,
        facts={
            **(facts or {}),
            "court": court,
            "deposit_number": deposit_number,
            "lodged_on": lodged_on.isoformat(),
            "amount": amount,
        },
        act=act,
    )


# -- every step, from a page or the API ------------------------------------------------------------


def _other(facts: dict, *names: str) -> dict:
    """The facts but ``names``, which a verb takes as typed arguments."""
    return {name: value for name, value in facts.items() if name not in names}


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
    """Record ``event`` on ``claim`` with its ``facts`` as a page or the API sends them (strings,
    whole numbers, ISO dates): the money steps are parsed and handed to their verbs above, every
    other step goes through the lifecycle as it is."""
    facts = {name: value for name, value in (facts or {}).items() if value not in (None, "")}
    if event == Event.PROPOSE_PAYMENT and (earlier := _earlier_proposal(idempotency_key)):
        return earlier
    if event in (Event.PROPOSE_PAYMENT, Event.CONFIRM_PAYMENT, Event.LODGE_DEPOSIT):
        # Who may do what, and when, is said before what was typed wrong (the claim as it stands now).
        _allowed(claim=Claim.objects.get(pk=claim.pk), event=event, by=by)
    if event == Event.PROPOSE_PAYMENT:
        return payment_propose(
            claim=claim,
            planned_on=parse_day(facts.get("planned_payment_date"), "planned_payment_date"),
            amount=parse_won(facts.get("amount"), "amount", required=False),
            by=by,
            idempotency_key=idempotency_key,
            facts=_other(facts, "planned_payment_date", "amount"),
        )
    if event == Event.APPROVE_PAYMENT:
        return payment_approve(claim=claim, by=by, facts=facts)
    if event == Event.CONFIRM_PAYMENT and {"paid_on", "amount_paid", "bank_confirmation"} <= facts.keys():
        return payment_confirm(
            claim=claim,
            paid_on=parse_day(facts["paid_on"], "paid_on"),
            amount=parse_won(facts["amount_paid"], "amount_paid"),
            bank_reference=str(facts["bank_confirmation"]),
            by=by,
            occurred_on=occurred_on,
            facts=_other(facts, "paid_on", "amount_paid", "bank_confirmation"),
        )
    if event == Event.LODGE_DEPOSIT and {"court", "deposit_number", "lodged_on", "amount"} <= facts.keys():
        return deposit_lodge(
            claim=claim,
            court=str(facts["court"]),
            deposit_number=str(facts["deposit_number"]),
            lodged_on=parse_day(facts["lodged_on"], "lodged_on"),
            amount=parse_won(facts["amount"], "amount"),
            by=by,
            occurred_on=occurred_on,
            facts=_other(facts, "court", "deposit_number", "lodged_on", "amount"),
        )
    act = _close_proposal if event in (Event.DECLINE, Event.PAYMENT_RETURNED) else None
    return _transition(claim=claim, event=event, by=by, facts=facts, occurred_on=occurred_on, act=act)


@transaction.atomic
def external_payment_record(
    *, award: Award, by: User, paid_on: date, amount: int, source: str, creditor: Creditor | None = None
) -> ExternalPayment:
    """Money received from elsewhere (a defendant's security collected by the family, say)."""
    require_role(by, FINANCE_OFFICER)
    payment = ExternalPayment(award=award, creditor=creditor, paid_on=paid_on, amount=amount, source=source)
    audited_create(
        payment,
        by=by,
        action="external_payment.create",
        fields=["award", "creditor", "paid_on", "amount", "source"],
    )
    return payment
