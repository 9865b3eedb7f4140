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
from dataclasses import dataclass
from datetime import date

from django.contrib.auth.base_user import AbstractBaseUser as User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from amends.audit.services import audit_append, audited_create, snapshot
from amends.core.parsing import day_in_window, parse_day, parse_won
from amends.core.reasons import say
from amends.core.roles import CASEWORKER, FINANCE_OFFICER, check_actor, require_role
from amends.judgments.models import Award, Creditor
from amends.judgments.services import creditor_heirs_sync
from amends.law import claim_numbers, lifecycle
from amends.law.lifecycle import Event
from amends.payments import owed_lines
from amends.payments.models import (
    Claim,
    ClaimEntry,
    CourtDeposit,
    ExternalPayment,
    Payment,
    PaymentProposal,
    ReimbursementClaim,
)
from amends.payments.owed import award_owed, awards, creditor_outstanding
from amends.payments.postings import post_claim_event
from amends.registry import services as registry_services
from amends.registry.models import Document, Person


@transaction.atomic
def claim_open(*, creditor: Creditor, by: User | None) -> Claim:
    """The creditor's claim file on their award, opened once (state: identified)."""
    check_actor(by, CASEWORKER)
    claim, created = Claim.objects.get_or_create(
        creditor=creditor, defaults={"number": unused_claim_number(), "case_id": creditor.award.case_id}
    )
    if created:
        audit_append(
            actor=by,
            action="claim.open",
            subject=claim,
            after=snapshot(claim, ["creditor", "state", "number"]),
        )
    return claim


def unused_claim_number() -> str:
    """A random claim number (:mod:`amends.law.claim_numbers`) that no claim holds yet."""
    while True:
        number = claim_numbers.draw()
        if not Claim.objects.filter(number=number).exists():
            return number


def _proposed_amount(creditor: Creditor, on: date) -> int:
    """What the creditor is owed on the planned payment date: their principal and delay damages
    (``creditor.award`` is loaded with the locked claim: the award is not read again)."""
    return creditor_outstanding(creditor=creditor, on=on)


# An event's own rows: given the locked claim and the facts so far, make them and return the facts
# that name them (``{"proposal": 7}``), which the timeline entry records.
Act = Callable[[Claim, dict], dict]


def _holds_nothing(creditor: Creditor) -> str:
    """Why nothing may be recorded for ``creditor`` any more, if so: they died (their claim passes to
    their heirs), or they renounced the estate they were an heir of (share 0)."""
    person = creditor.person
    if person.death_date is not None:
        return _(
            "%(person)s died on %(date)s: the claim passes to the heirs, each with a file of their own; "
            "nothing more is offered, proposed, approved, paid or deposited for %(person)s."
        ) % {"person": person, "date": person.death_date.isoformat()}
    if creditor.share == 0:
        return _("%(person)s renounced the estate and holds no part of this claim.") % {"person": person}
    return ""


def _allowed(*, claim: Claim, event: str, by: User) -> lifecycle.Transition:
    """The transition ``event`` makes from the claim's state and flags, if ``by`` may record it: the
    lifecycle allows it, ``by`` holds the role it needs, and (four eyes) did not prepare what it
    approves. Otherwise a refusal saying why."""
    if event != Event.CREDITOR_DIED and (reason := _holds_nothing(claim.creditor)):
        raise ValidationError({"event": reason})
    try:
        transition = lifecycle.next_state(state=claim.state, event=event, flags=claim.flags)
    except lifecycle.TransitionRefused as refused:
        raise ValidationError({"event": say(refused.reason)}) from None
    if transition.event == Event.CREDITOR_DIED:
        # Recorded by the system too, when the demonstration or an import records a death.
        check_actor(by, transition.needs_role)
        return transition
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
            raise PermissionDenied(say(refused.reason)) from None
    return transition


# What the steps read of a claim's creditor, their person, award and case (the refusals, the amount
# owed, the memos and the reimbursement claim): only these columns are loaded with the lock (any other
# is still read if asked for, by a query of its own).
_LOCKED_WITH = (
    *("creditor__person__name_hangul", "creditor__person__name_hanja", "creditor__person__death_date"),
    *("creditor__award__case_id", "creditor__award__principal", "creditor__award__method"),
    "creditor__award__case__number",
    "creditor__award__case__final_ruling_on",
)


def _lock(claim: Claim) -> Claim:
    """The claim row, locked until the transaction ends, with what the steps read of it: its creditor,
    their person, award and case (one query)."""
    claims = Claim.objects.select_for_update(of=("self",)).select_related(
        "creditor__award__case", "creditor__person"
    )
    return claims.only(
        *(field.name for field in Claim._meta.concrete_fields),
        *(f"creditor__{field.name}" for field in Creditor._meta.concrete_fields),
        *_LOCKED_WITH,
    ).get(pk=claim.pk)


# A claim locked in this transaction and the transition its step was allowed to make (by _checked).
Checked = tuple[Claim, lifecycle.Transition]


def _checked(*, claim: Claim, event: str, by: User) -> Checked:
    """Lock the claim and check ``by`` may record ``event`` on it now (:func:`_allowed`)."""
    locked = _lock(claim)
    return locked, _allowed(claim=locked, event=event, by=by)


# The steps after which the award owes something else (amends.payments.owed.received): its stored
# lines (amends.payments.owed_lines) are written again in the step's transaction.
_CHANGES_OWED = frozenset({Event.CONFIRM_PAYMENT, Event.PAYMENT_RETURNED, Event.CREDITOR_COLLECTS})


def _transition(
    *,
    claim: Claim,
    event: str,
    by: User,
    facts: dict | None = None,
    occurred_on: date | None = None,
    prepare: Callable[[Claim], dict] | None = None,
    act: Act | None = None,
    checked: Checked | None = None,
    made: dict | None = None,
) -> ClaimEntry:
    """The one way a claim moves: lock the claim row, check the step is allowed (:func:`_allowed`),
    work out the facts the step computes (``prepare``: the amount owed, say), check the facts it
    needs are on record, make its own rows (``act``), post its journal entry, append the timeline
    entry and the audit event. In the caller's transaction: all of it, or nothing.

    ``checked``: the claim already locked and the step allowed in this transaction (by
    :func:`_checked`), not locked and checked again. ``made``: where ``act`` leaves the rows it made
    (``{"payment": …}``), so that their journal entry does not read them again."""
    facts = {name: value for name, value in (facts or {}).items() if value not in (None, "")}
    claim, transition = checked or _checked(claim=claim, event=event, by=by)
    if prepare is not None:
        facts |= prepare(claim)
    try:
        lifecycle.check_recorded(transition=transition, recorded=facts.keys())
    except lifecycle.TransitionRefused as refused:
        raise ValidationError({"facts": say(refused.reason)}) from None
    event = transition.event
    occurred_on = occurred_on or timezone.localdate()
    _in_window(claim, facts, occurred_on)
    if act is not None:
        facts |= act(claim, facts)
    # The money event's journal entry (payment, deposit lodged, withdrawn or collected), in this
    # same transaction: see amends.law.ledger for the accounts.
    post_claim_event(claim=claim, event=event, facts=facts, occurred_on=occurred_on, by=by, made=made)
    if event in _CHANGES_OWED:
        owed_lines.refresh(award_ids=[claim.creditor.award_id])

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


def _judgment_day(claim: Claim) -> date | None:
    """The day of the final ruling the claim rests on (``None`` where none is recorded): read with the
    lock (:func:`_lock`), else by a query of its own."""
    if Claim.creditor.is_cached(claim):
        return claim.creditor.award.case.final_ruling_on
    days = Claim.objects.filter(pk=claim.pk).values_list("creditor__award__case__final_ruling_on", flat=True)
    return days[0]


# The facts that are days money moved: none can be before the judgment that ordered it.
_MONEY_DAYS = frozenset({"paid_on", "lodged_on", "returned_on", "collected_on", "withdrawn_on"})


def _in_window(claim: Claim, facts: dict, occurred_on: date) -> None:
    """Every day of a step is plausible (:func:`amends.core.parsing.day_in_window`): the step itself
    and each date among its facts (``paid_on``, ``lodged_on``, ``contacted_on`` …; a planned date is
    not a fact) happened, so not after today; the step and the days money moved are not before the
    final ruling the claim rests on (a contact or a death may be older)."""
    judgment = [(_judgment_day(claim), _("the final ruling"))]
    for name, value in facts.items():
        if name.endswith("_on") and value not in (None, ""):
            day = value if isinstance(value, date) else parse_day(value, name)
            day_in_window(day, name, after=judgment if name in _MONEY_DAYS else ())
    day_in_window(occurred_on, "occurred_on", after=judgment)


def _decided(claim, event: Event):
    """The days ``event`` was recorded for ``claim`` (a claim, its pk or an ``OuterRef``), latest first."""
    return (
        ClaimEntry.objects.filter(claim=claim, event=event.value)
        .order_by("-recorded_at", "-id")
        .values_list("occurred_on", flat=True)
    )


def _decided_on(claim: Claim, event: Event) -> date | None:
    """The day the latest ``event`` (the decision a money step rests on) was recorded for ``claim``."""
    return _decided(claim, event).first()


def _not_before(day: date, decided: date | None, field: str, what: str) -> None:
    day_in_window(day, field, after=[(decided, what)])


def _earlier_proposal(idempotency_key: uuid.UUID | None, claim: Claim | None = None) -> ClaimEntry | None:
    """The timeline entry of a proposal already recorded under ``idempotency_key``, if any: a proposal
    sent twice (a double click, a retried request) is recorded once.

    With ``claim``, the claim is locked first: the same proposal sent twice at the same moment finds
    the first in flight, waits here for it to commit, and then replays it (rather than being refused
    as a second proposal on a claim that now stands proposed)."""
    if idempotency_key is None:
        return None
    if claim is not None:
        list(Claim.objects.select_for_update(of=("self",)).filter(pk=claim.pk).values_list("pk", flat=True))
    existing = PaymentProposal.objects.filter(idempotency_key=idempotency_key).first()
    return existing.claim.entries.get(facts__proposal=existing.pk) if existing is not None else None


def _open_proposals(claim: Claim):
    return claim.proposals.select_for_update().exclude(status__in=["declined", "paid"])


def _open_proposal(claim: Claim) -> PaymentProposal:
    return _open_proposals(claim).latest("pk")


def _returned_payment(proposal: PaymentProposal) -> Payment | None:
    """The payment of ``proposal`` the bank brought back, if so (the approval then stands unpaid)."""
    return Payment.objects.filter(proposal=proposal, returned_on__isnull=False).first()


# -- the money steps, with typed arguments -----------------------------------------------------------


@transaction.atomic
def payment_propose(
    *,
    claim: Claim,
    planned_on: date,
    by: User,
    amount: int | None = None,
    partial_reason: str = "",
    idempotency_key: uuid.UUID | None = None,
    facts: dict | None = None,
) -> ClaimEntry:
    """Propose paying the creditor what they are owed on ``planned_on`` (principal and delay damages
    to that day). ``amount``, if given, must be that figure, or less as a partial payment with its
    ``partial_reason`` (the approval, by a second person, decides it); never more. A proposal sent twice
    with the same ``idempotency_key`` (a double click, a retried request) is recorded once."""
    if earlier := _earlier_proposal(idempotency_key, claim):
        return earlier
    return _propose(
        claim=claim,
        planned_on=planned_on,
        by=by,
        amount=amount,
        partial_reason=partial_reason,
        idempotency_key=idempotency_key,
        facts=facts,
    )


def _propose(
    *,
    claim: Claim,
    planned_on: date,
    by: User,
    amount: int | None,
    partial_reason: str,
    idempotency_key: uuid.UUID | None,
    facts: dict | None,
    checked: Checked | None = None,
) -> ClaimEntry:
    """:func:`payment_propose` in the caller's transaction, the idempotency key already looked up;
    ``checked`` as :func:`_transition` takes it. (The verbs' ``_`` twins let :func:`claim_record`
    lock and check the claim once, in its own transaction, without a savepoint a step.)"""
    day_in_window(planned_on, "planned_payment_date", planned=True)

    def prepare(locked: Claim) -> dict:
        owed = _proposed_amount(locked.creditor, planned_on)
        values = {"date": planned_on.isoformat(), "amount": f"{owed:,}"}
        if owed <= 0:
            raise ValidationError({"amount": _("Nothing is owed to this creditor on %(date)s.") % values})
        chosen = owed if amount is None else amount
        if chosen > owed:
            raise ValidationError(
                {"amount": _("The amount owed on %(date)s is %(amount)s won: no more can be paid.") % values}
            )
        if chosen < owed and not partial_reason.strip():
            raise ValidationError(
                {
                    "amount": _(
                        "The amount owed on %(date)s is %(amount)s won. Paying less is a partial payment: "
                        "give its reason."
                    )
                    % values
                }
            )
        result = {"planned_payment_date": planned_on.isoformat(), "amount": chosen}
        if chosen < owed:
            result |= {"owed": owed, "partial_reason": partial_reason.strip()}
        return result

    def act(locked: Claim, facts: dict) -> dict:
        proposal = PaymentProposal.objects.create(
            claim=locked,
            amount=facts["amount"],
            planned_on=planned_on,
            prepared_by=by,
            idempotency_key=idempotency_key or uuid.uuid4(),
        )
        return {"proposal": proposal.pk}

    return _transition(
        claim=claim,
        event=Event.PROPOSE_PAYMENT,
        by=by,
        facts=facts,
        prepare=prepare,
        act=act,
        checked=checked,
    )


@transaction.atomic
def payment_approve(
    *, claim: Claim, by: User, facts: dict | None = None, occurred_on: date | None = None
) -> ClaimEntry:
    """Approve the open proposal: someone other than whoever proposed it (four eyes, checked by the
    lifecycle and again by the database). ``occurred_on``: the day it was approved (today by
    default); the payment cannot be dated before it."""
    return _approve(claim=claim, by=by, facts=facts, occurred_on=occurred_on)


def _approve(
    *, claim: Claim, by: User, facts: dict | None, occurred_on: date | None, checked: Checked | None = None
) -> ClaimEntry:
    """:func:`payment_approve` in the caller's transaction (see :func:`_propose`)."""

    def act(locked: Claim, _facts: dict) -> dict:
        proposal = _open_proposal(locked)
        proposal.status, proposal.approved_by, proposal.approved_at = "approved", by, timezone.now()
        try:
            # No savepoint of its own: a refusal leaves the step's transaction, which is rolled back.
            proposal.save(update_fields=["status", "approved_by", "approved_at"])
        except IntegrityError:  # the database's own four-eyes constraint
            raise PermissionDenied(_("Whoever prepared a payment cannot approve it.")) from None
        return {"proposal": proposal.pk}

    return _transition(
        claim=claim,
        event=Event.APPROVE_PAYMENT,
        by=by,
        facts=facts,
        act=act,
        occurred_on=occurred_on,
        checked=checked,
    )


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
    amount, on or after the approval and not after today, or the step is refused. Makes the payment,
    opens its reimbursement claim against the defendants and posts both on ``paid_on``; the entry's
    facts name the payment."""
    return _confirm(
        claim=claim,
        paid_on=paid_on,
        amount=amount,
        bank_reference=bank_reference,
        by=by,
        occurred_on=occurred_on,
        facts=facts,
    )


def _confirm(
    *,
    claim: Claim,
    paid_on: date,
    amount: int,
    bank_reference: str,
    by: User,
    occurred_on: date | None,
    facts: dict | None,
    checked: Checked | None = None,
) -> ClaimEntry:
    """:func:`payment_confirm` in the caller's transaction (see :func:`_propose`)."""
    made: dict = {}

    def act(locked: Claim, _facts: dict) -> dict:
        # The open proposal, locked, with the day its payment came back from the bank if it did, and
        # the day of the latest approval: one query.
        proposal = (
            _open_proposals(locked)
            .annotate(
                came_back_on=Subquery(
                    Payment.objects.filter(proposal=OuterRef("pk"), returned_on__isnull=False)
                    .order_by("pk")
                    .values("returned_on")[:1]
                ),
                approved_on=Subquery(_decided(OuterRef("claim_id"), Event.APPROVE_PAYMENT)[:1]),
            )
            .latest("pk")
        )
        if proposal.came_back_on is not None:
            raise ValidationError(
                {
                    "paid_on": _(
                        "The bank brought this approval's payment back on %(date)s: it cannot be paid "
                        "again as it stands. Decline it and propose again for a new date (the amount must "
                        "hold the delay damages to the new day)."
                    )
                    % {"date": proposal.came_back_on.isoformat()}
                }
            )
        _not_before(paid_on, proposal.approved_on, "paid_on", _("the approval"))
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
        made["payment"] = payment
        made["reimbursement"] = ReimbursementClaim.objects.create(
            payment=payment, case=creditor.award.case, amount=amount, opened_on=paid_on
        )
        return {"proposal": proposal.pk, "payment": payment.pk}

    return _transition(
        claim=claim,
        event=Event.CONFIRM_PAYMENT,
        by=by,
        occurred_on=occurred_on or paid_on,
        facts={
            **(facts or {}),
            "bank_confirmation": bank_reference,
            "paid_on": paid_on.isoformat(),
            "amount_paid": amount,
        },
        act=act,
        checked=checked,
        made=made,
    )


@transaction.atomic
def payment_return(
    *,
    payment: Payment,
    returned_on: date,
    reason: str,
    bank_reference: str,
    by: User,
    occurred_on: date | None = None,
    facts: dict | None = None,
) -> ClaimEntry:
    """The bank brought ``payment`` back on ``returned_on`` (``reason``: a closed account, a wrong name;
    ``bank_reference``: its notice): the creditor never received the money. The payment is marked
    returned and counts for nothing owed (:func:`amends.payments.owed.received`), so delay damages run
    on; its proposal is approved again but unpaid and the claim goes back to payment_approved (decline
    it and propose again for a new date, or send it back to be verified with a new bank account); its
    reimbursement claim is cancelled; both journal entries are reversed on ``returned_on``.

    Refused, changing nothing: a payment already returned; ``returned_on`` before the payment or after
    today; a payment the claim does not stand paid by (a receipt is on record, a later step was taken);
    a reimbursement already recovered or written off (a legal reviewer settles that first)."""
    require_role(by, FINANCE_OFFICER)
    claim_pk = PaymentProposal.objects.values_list("claim_id", flat=True).get(pk=payment.proposal_id)
    claim = Claim.objects.select_for_update(of=("self",)).get(pk=claim_pk)
    payment = (
        Payment.objects.select_for_update(of=("self",))
        .select_related("proposal", "reimbursement")
        .get(pk=payment.pk)
    )
    if payment.returned_on is not None:
        raise ValidationError(
            {
                "returned_on": _("The bank already brought this payment back on %(date)s.")
                % {"date": payment.returned_on.isoformat()}
            }
        )
    if claim.state == lifecycle.State.RECEIPTED:
        raise ValidationError(
            {
                "payment": _(
                    "The creditor's receipt for this payment is on record and the file is closed: a return "
                    "cannot be recorded against it. Ask the bank to confirm the return, and put its notice "
                    "with the receipt to a legal reviewer in the creditor's file."
                )
            }
        )
    latest = claim.proposals.filter(status=PaymentProposal.Status.PAID).order_by("-pk").first()
    if claim.state != lifecycle.State.PAID or latest is None or latest.pk != payment.proposal_id:
        raise ValidationError(
            {
                "payment": _(
                    "The claim stands at %(state)s: a payment is recorded as returned while the claim "
                    "stands paid by it, as its latest payment. Put the bank's notice to a legal reviewer "
                    "in the creditor's file."
                )
                % {"state": claim.state.replace("_", " ")}
            }
        )
    _in_window(claim, {"returned_on": returned_on}, occurred_on or timezone.localdate())
    _not_before(returned_on, payment.paid_on, "returned_on", _("the payment"))
    reimbursement = getattr(payment, "reimbursement", None)
    settled = (ReimbursementClaim.Status.RECOVERED, ReimbursementClaim.Status.WRITTEN_OFF)
    if reimbursement is not None and reimbursement.status in settled:
        raise ValidationError(
            {
                "payment": _(
                    "The reimbursement claim for this payment is already %(status)s: cancelling it would "
                    "undo that in the books. Put the bank's notice to a legal reviewer, who settles the "
                    "reimbursement first."
                )
                % {"status": reimbursement.get_status_display()}
            }
        )

    def act(locked: Claim, _facts: dict) -> dict:
        payment.returned_on, payment.return_reason = returned_on, reason.strip()[:200]
        payment.save(update_fields=["returned_on", "return_reason"])
        proposal = payment.proposal
        proposal.status = PaymentProposal.Status.APPROVED
        proposal.save(update_fields=["status"])
        result = {"payment": payment.pk, "proposal": proposal.pk, "amount_returned": payment.amount}
        if reimbursement is not None:
            # A demand already sent to the defendants for it must be withdrawn: the entry says so.
            result |= {"reimbursement": reimbursement.pk, "reimbursement_was": reimbursement.status}
            reimbursement.status = ReimbursementClaim.Status.CANCELLED
            reimbursement.save(update_fields=["status"])
        return result

    return _transition(
        claim=claim,
        event=Event.PAYMENT_RETURNED,
        by=by,
        occurred_on=occurred_on or returned_on,
        facts={
            **(facts or {}),
            "bank_notice": bank_reference.strip(),
            "returned_on": returned_on.isoformat(),
            "return_reason": reason.strip(),
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
    for the court; the entry's facts name the deposit. The amount is the one approved and what the
    creditor is owed on ``lodged_on`` (a deposit of less does not discharge the debt)."""
    return _lodge(
        claim=claim,
        court=court,
        deposit_number=deposit_number,
        lodged_on=lodged_on,
        amount=amount,
        by=by,
        occurred_on=occurred_on,
        facts=facts,
    )


def _lodge(
    *,
    claim: Claim,
    court: str,
    deposit_number: str,
    lodged_on: date,
    amount: int,
    by: User,
    occurred_on: date | None,
    facts: dict | None,
    checked: Checked | None = None,
) -> ClaimEntry:
    """:func:`deposit_lodge` in the caller's transaction (see :func:`_propose`)."""
    made: dict = {}

    def act(locked: Claim, _facts: dict) -> dict:
        _not_before(lodged_on, _decided_on(locked, Event.APPROVE_DEPOSIT), "lodged_on", _("the approval"))
        approved = _deposit_proposed(locked)
        if approved is not None and amount != approved:
            raise ValidationError(
                {
                    "amount": _("%(amount)s won were approved for the deposit: lodge that amount.")
                    % {"amount": f"{approved:,}"}
                }
            )
        owed = _proposed_amount(locked.creditor, lodged_on)
        if amount != owed:
            raise ValidationError(
                {
                    "amount": _(
                        "On %(date)s the creditor is owed %(owed)s won: a deposit discharges the debt only "
                        "for the whole of it. Propose the deposit again for the day it is lodged."
                    )
                    % {"date": lodged_on.isoformat(), "owed": f"{owed:,}"}
                }
            )
        deposit = made["deposit"] = CourtDeposit.objects.create(
            claim=locked, court=court, deposit_number=deposit_number, lodged_on=lodged_on, amount=amount
        )
        return {"deposit": deposit.pk}

    return _transition(
        claim=claim,
        event=Event.LODGE_DEPOSIT,
        by=by,
        occurred_on=occurred_on or lodged_on,
        facts={
            **(facts or {}),
            "court": court,
            "deposit_number": deposit_number,
            "lodged_on": lodged_on.isoformat(),
            "amount": amount,
        },
        act=act,
        checked=checked,
        made=made,
    )


def _deposit_proposed(claim: Claim) -> int | None:
    """The amount of the latest deposit proposal on the claim's timeline."""
    facts = (
        claim.entries.filter(event=Event.PROPOSE_DEPOSIT.value)
        .order_by("-recorded_at", "-id")
        .values_list("facts", flat=True)
        .first()
    )
    try:
        return int(facts["amount"]) if facts else None
    except (KeyError, TypeError, ValueError):
        return None


def _deposit_prepare(facts: dict) -> Callable[[Claim], dict]:
    """A deposit is proposed for what the creditor is owed on the day it is to be lodged
    (``planned_lodging_date``, today if not given): the whole debt, or the deposit discharges nothing."""

    def prepare(locked: Claim) -> dict:
        planned = parse_day(
            facts.get("planned_lodging_date") or timezone.localdate().isoformat(), "planned_lodging_date"
        )
        day_in_window(planned, "planned_lodging_date", planned=True)
        owed = _proposed_amount(locked.creditor, planned)
        if owed <= 0:
            # As for a payment: a deposit of nothing (or of less, where money from elsewhere paid the
            # creditor more than was owed) would discharge nothing and post a journal entry of zero.
            raise ValidationError(
                {"amount": _("Nothing is owed to this creditor on %(date)s.") % {"date": planned.isoformat()}}
            )
        amount = parse_won(facts.get("amount"), "amount", required=False)
        if amount is not None and amount != owed:
            raise ValidationError(
                {
                    "amount": _(
                        "On %(date)s the creditor is owed %(owed)s won: a deposit is for the whole debt."
                    )
                    % {"date": planned.isoformat(), "owed": f"{owed:,}"}
                }
            )
        return {"amount": owed, "planned_lodging_date": planned.isoformat()}

    return prepare


def _after_lodging(locked: Claim, facts: dict) -> dict:
    """A deposit is collected or withdrawn on or after the day it was lodged."""
    lodged = locked.deposits.order_by("-lodged_on").values_list("lodged_on", flat=True).first()
    for name in ("collected_on", "withdrawn_on"):
        if facts.get(name):
            _not_before(parse_day(facts[name], name), lodged, name, _("the lodging of the deposit"))
    return {}


# -- every step, from a page or the API ------------------------------------------------------------


def _returned_open(claim: Claim) -> Payment | None:
    """The returned payment of the claim's open (approved, unpaid) proposal, if the bank brought it back."""
    proposal = claim.proposals.exclude(status__in=["declined", "paid"]).order_by("-pk").first()
    return _returned_payment(proposal) if proposal is not None else None


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
    if event == Event.PROPOSE_PAYMENT and (earlier := _earlier_proposal(idempotency_key, claim)):
        return earlier
    checked = None
    if event in (Event.PROPOSE_PAYMENT, Event.APPROVE_PAYMENT, Event.CONFIRM_PAYMENT, Event.LODGE_DEPOSIT):
        # Who may do what, and when, is said before what was typed wrong (the claim as it stands now,
        # locked: the step goes on from it, without locking or checking it again).
        checked = _checked(claim=claim, event=event, by=by)
    if event == Event.PROPOSE_PAYMENT:
        return _propose(
            claim=claim,
            planned_on=parse_day(facts.get("planned_payment_date"), "planned_payment_date"),
            amount=parse_won(facts.get("amount"), "amount", required=False),
            partial_reason=str(facts.get("partial_reason", "")),
            by=by,
            idempotency_key=idempotency_key,
            facts=_other(facts, "planned_payment_date", "amount", "partial_reason"),
            checked=checked,
        )
    if event == Event.APPROVE_PAYMENT:
        return _approve(claim=claim, by=by, facts=facts, occurred_on=occurred_on, checked=checked)
    if event == Event.CONFIRM_PAYMENT and {"paid_on", "amount_paid", "bank_confirmation"} <= facts.keys():
        return _confirm(
            claim=claim,
            paid_on=parse_day(facts["paid_on"], "paid_on"),
            amount=parse_won(facts["amount_paid"], "amount_paid"),
            bank_reference=str(facts["bank_confirmation"]),
            by=by,
            occurred_on=occurred_on,
            facts=_other(facts, "paid_on", "amount_paid", "bank_confirmation"),
            checked=checked,
        )
    if event == Event.LODGE_DEPOSIT and {"court", "deposit_number", "lodged_on", "amount"} <= facts.keys():
        return _lodge(
            claim=claim,
            court=str(facts["court"]),
            deposit_number=str(facts["deposit_number"]),
            lodged_on=parse_day(facts["lodged_on"], "lodged_on"),
            amount=parse_won(facts["amount"], "amount"),
            by=by,
            occurred_on=occurred_on,
            facts=_other(facts, "court", "deposit_number", "lodged_on", "amount"),
            checked=checked,
        )
    if event == Event.PAYMENT_RETURNED and Claim.objects.get(pk=claim.pk).state == lifecycle.State.PAID:
        # The bank brought a booked payment back: the claim's latest payment, undone by its verb.
        _allowed(claim=Claim.objects.get(pk=claim.pk), event=event, by=by)
        returned = {"returned_on", "return_reason", "bank_notice"}
        paid = Payment.objects.filter(proposal__claim=claim).order_by("-proposal_id", "-pk").first()
        if returned <= facts.keys():
            if paid is None:
                raise ValidationError(
                    {"event": _("No payment to this creditor is on record: nothing can be returned.")}
                )
            return payment_return(
                payment=paid,
                returned_on=parse_day(facts["returned_on"], "returned_on"),
                reason=str(facts["return_reason"]),
                bank_reference=str(facts["bank_notice"]),
                by=by,
                occurred_on=occurred_on,
                facts=_other(facts, *returned),
            )
        # Refused for the facts missing, changing nothing.
        return _transition(claim=claim, event=event, by=by, facts=facts, occurred_on=occurred_on)
    if event == Event.DECLINE and "not_sent" not in facts and (returned := _returned_open(claim)):
        # The money came back from the bank: the approved payment is not sent any more.
        facts["not_sent"] = _("the bank brought the payment back on %(date)s") % {
            "date": returned.returned_on.isoformat()
        }
    act = _close_proposal if event in (Event.DECLINE, Event.PAYMENT_RETURNED) else None
    if event in (Event.CREDITOR_COLLECTS, Event.WITHDRAW_DEPOSIT):
        act = _after_lodging
    prepare = None
    if event == Event.PROPOSE_DEPOSIT:
        prepare = _deposit_prepare(facts)
        facts = _other(facts, "amount", "planned_lodging_date")
    elif event == Event.CREDITOR_DIED:
        raise ValidationError(
            {"event": _("Record the death on the person's page: the claim then passes to the heirs.")}
        )
    return _transition(
        claim=claim,
        event=event,
        by=by,
        facts=facts,
        occurred_on=occurred_on,
        prepare=prepare,
        act=act,
        checked=checked,
    )


@transaction.atomic
def external_payment_record(
    *, award: Award, by: User, paid_on: date, amount: int, source: str, creditor: Creditor | None = None
) -> ExternalPayment:
    """Money received from elsewhere (a defendant's security collected by the family, say): on the
    whole award or to one of its creditors, not after today, not to a creditor who had died by then
    (it was their heirs'), and never more than is owed on the day."""
    require_role(by, FINANCE_OFFICER)
    day_in_window(paid_on, "paid_on", after=[(award.case.final_ruling_on, _("the final ruling"))])
    if creditor is not None:
        creditor = Creditor.objects.select_related("person").get(pk=creditor.pk)
        if creditor.award_id != award.pk:
            raise ValidationError(
                {"creditor": _("%(who)s is not a creditor of this award.") % {"who": creditor}}
            )
        died = creditor.person.death_date
        if died is not None and died < paid_on:
            raise ValidationError(
                {
                    "creditor": _("%(who)s died on %(date)s: record it to the heirs who received it.")
                    % {"who": creditor, "date": died.isoformat()}
                }
            )
    owed = award_owed(award=awards().get(pk=award.pk), on=paid_on)
    limit = owed.of(creditor).outstanding if creditor is not None else owed.outstanding
    if amount > limit:
        raise ValidationError(
            {
                "amount": _("On %(date)s %(owed)s won are owed: record no more than that.")
                % {"date": paid_on.isoformat(), "owed": f"{limit:,}"}
            }
        )
    payment = ExternalPayment(award=award, creditor=creditor, paid_on=paid_on, amount=amount, source=source)
    audited_create(
        payment,
        by=by,
        action="external_payment.create",
        fields=["award", "creditor", "paid_on", "amount", "source"],
    )
    owed_lines.refresh(award_ids=[award.pk])
    return payment


# -- a creditor's death, an heir's renunciation ----------------------------------------------------


@dataclass(frozen=True)
class HandedOn:
    """A claim handed on to the heirs of its creditor, who died: the heirs' rows (the judgment's
    creditor rows for them, each with a claim file), the payment proposals stopped, and why the heirs
    cannot be said yet, if so (an incomplete family record: the file stays closed to payment)."""

    claim: Claim
    heirs: list[Creditor]
    stopped: list[int]
    error: str = ""


# A claim whose debt is discharged passes nothing on (a payment before the death stands).
_DISCHARGED = {lifecycle.State.RECEIPTED.value, lifecycle.State.DEPOSIT_COLLECTED.value}


@transaction.atomic
def claims_hand_on(*, by: User | None, person: Person) -> list[HandedOn]:
    """Hand every claim ``person`` (who has died) holds to their heirs by succession: creditor rows
    for the heirs with their shares (:func:`amends.judgments.services.creditor_heirs_sync`), a claim
    file for each; stop any payment proposal in flight, with the reason; close the dead creditor's
    file (``creditor_died``). Run again after a renunciation or a correction of the family: shares
    are brought up to date. A payment made before the death stands and is deducted from the heirs'
    parts (:mod:`amends.law.parts`)."""
    results = []
    for creditor in Creditor.objects.filter(person=person).select_related("person").order_by("pk"):
        if creditor.share == 0:
            continue
        claim = claim_open(creditor=creditor, by=by)
        if claim.state in _DISCHARGED:
            continue
        sync = creditor_heirs_sync(by=by, creditor=creditor)
        heirs = list(creditor.successors.filter(share_numerator__gt=0).order_by("pk"))
        for heir in [*heirs, *sync.added]:
            claim_open(creditor=heir, by=by)
        stopped = []
        if claim.state != lifecycle.State.PASSED_TO_HEIRS.value:
            reason = _("%(person)s died on %(date)s: the claim passes to the heirs.") % {
                "person": person,
                "date": person.death_date.isoformat(),
            }
            for proposal in claim.proposals.select_for_update().filter(status__in=["proposed", "approved"]):
                proposal.status = "declined"
                proposal.save(update_fields=["status"])
                stopped.append(proposal.pk)
            _transition(
                claim=claim,
                event=Event.CREDITOR_DIED,
                by=by,
                facts={
                    "died_on": person.death_date.isoformat(),
                    "heirs": [
                        f"{heir.person} ({heir.share_numerator}/{heir.share_denominator})" for heir in heirs
                    ],
                    "stopped_proposals": stopped,
                    "reason": reason if stopped else "",
                    "heirs_unknown": sync.error,
                },
                occurred_on=timezone.localdate(),
            )
        results.append(HandedOn(claim, heirs, stopped, sync.error))
        # An heir who has died since is handed on in turn (their own rows were made by the sync).
        for heir in heirs:
            if heir.person.death_date is not None:
                results += claims_hand_on(by=by, person=heir.person)
    # The parts of every award ``person`` holds a part of changed hands (or their date of death did).
    owed_lines.refresh(award_ids=Creditor.objects.filter(person=person).values_list("award_id", flat=True))
    return results


@transaction.atomic
def death_record(
    *, by: User | None, person: Person, died_on: date, document: Document | None = None
) -> list[HandedOn]:
    """Record ``person``'s death (사망) and hand every claim they hold to their heirs
    (:func:`claims_hand_on`), in one transaction."""
    person = registry_services.person_record_death(by=by, person=person, died_on=died_on, document=document)
    return claims_hand_on(by=by, person=person)


@transaction.atomic
def renunciation_record(
    *, by: User | None, person: Person, estate_of: Person, accepted_on: date, document: Document | None = None
):
    """Record ``person``'s renunciation of ``estate_of``'s estate (상속포기) and bring the shares of
    ``estate_of``'s heirs up to date on every claim ``estate_of`` held (the renouncer's part passes to
    the others, their file stays with share 0).

    The estate's person is locked first: the same renunciation sent twice at once (a double submit)
    waits for the first and is then refused as already recorded, rather than failing on the
    database's unique constraint."""
    list(Person.objects.select_for_update(of=("self",)).filter(pk=estate_of.pk).values_list("pk", flat=True))
    renunciation = registry_services.renunciation_record(
        by=by, person=person, estate_of=estate_of, accepted_on=accepted_on, document=document
    )
    claims_hand_on(by=by, person=estate_of)
    return renunciation
