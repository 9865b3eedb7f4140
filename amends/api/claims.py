"""Endpoints for a creditor's claim: the file, opening it, every step of its lifecycle, the lifecycle's
rules, and the audit chain's verification.

Thin, as the staff pages are: every step goes through :func:`amends.payments.services.claim_record`,
which decides the state, the role the step needs and four eyes; the API only reads the body strictly
and turns the service's refusals into JSON (``ValidationError`` → 422 ``invalid`` naming the field,
``PermissionDenied`` → 403 ``forbidden``). Positions, payment proposals, approvals, confirmations and
deposits all go through ``POST /creditors/{id}/claim/events``; the ``proposals`` paths are
conveniences over the same code.
"""

import logging
import uuid
from datetime import date, datetime
from typing import Annotated, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DataError, IntegrityError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema
from pydantic import ConfigDict, Field, StrictInt

from amends.api.errors import ApiError, Forbidden, InvalidInput, NotFound
from amends.api.schemas import Error, IsoDate
from amends.audit.selectors import verify_chain
from amends.core.clock import today
from amends.judgments.models import Creditor
from amends.law import lifecycle
from amends.payments import selectors, services
from amends.payments.models import Claim, ClaimEntry, PaymentProposal

logger = logging.getLogger("amends.api")

router = Router(tags=["claims"])

READ_ERRORS = {401: Error, 403: Error, 404: Error, 422: Error}
WRITE_ERRORS = {401: Error, 403: Error, 404: Error, 409: Error, 422: Error}

# Facts are short texts or whole numbers; anything larger than any sum of won is a typing slip.
FactText = Annotated[str, Field(max_length=1000)]
FactNumber = Annotated[StrictInt, Field(ge=0, le=10**15)]
FactName = Annotated[str, Field(min_length=1, max_length=100)]


class Conflict(ApiError):
    status = 409
    code = "conflict"


# --- what the API reads -------------------------------------------------------------------------


class Strict(Schema):
    # An unknown field is refused, not ignored: a misspelt "ocurred_on" must not pass unnoticed.
    model_config = ConfigDict(extra="forbid")


class EventIn(Strict):
    event: str = Field(max_length=50, examples=["contact"])
    facts: dict[FactName, FactText | FactNumber] = Field(
        default_factory=dict,
        examples=[{"channel": "visit", "contacted_on": "2023-03-20", "summary": "explained the plan"}],
        description="The facts the step requires (see /api/lifecycle): texts, whole numbers, ISO dates.",
    )
    occurred_on: IsoDate | None = Field(None, description="When it happened; today by default.")
    idempotency_key: uuid.UUID | None = Field(
        None, description="For propose_payment: the same key sent twice records one proposal."
    )


class ProposalIn(Strict):
    planned_payment_date: IsoDate
    idempotency_key: uuid.UUID | None = None
    occurred_on: IsoDate | None = None


class ApprovalIn(Strict):
    occurred_on: IsoDate | None = None


class ConfirmationIn(Strict):
    bank_confirmation: str = Field(min_length=1, max_length=100)
    paid_on: IsoDate
    amount_paid: FactNumber
    occurred_on: IsoDate | None = None


# --- what the API sends -------------------------------------------------------------------------


class CreditorRef(Schema):
    id: int
    name: str
    award_id: int
    case_number: str
    share: str


class Step(Schema):
    event: str
    target: str
    role: str | None
    four_eyes: bool
    requires: list[str]


class Entry(Schema):
    id: int
    event: str
    from_state: str
    to_state: str
    occurred_on: date
    recorded_at: datetime
    by: str | None
    facts: dict[str, Any]


class Proposal(Schema):
    id: int
    amount: int
    planned_on: date
    status: str
    prepared_by: str
    approved_by: str | None
    approved_at: datetime | None


class PaymentOut(Schema):
    id: int
    amount: int
    paid_on: date
    bank_confirmation: str
    returned_on: date | None = Field(None, description="The day the bank brought the money back, if so.")
    return_reason: str = ""


class Deposit(Schema):
    id: int
    court: str
    deposit_number: str
    lodged_on: date
    amount: int


class HistoryEvent(Schema):
    sequence: int
    occurred_at: datetime
    actor: str
    action: str
    before: Any
    after: Any


class ClaimFile(Schema):
    creditor: CreditorRef
    opened: bool
    state: str
    meaning: str
    flags: list[str]
    on: date = Field(description="Today: the date `owed` is computed for.")
    owed: int = Field(description="What this creditor is owed today: principal and delay damages, in won.")
    allowed: list[Step]
    timeline: list[Entry]
    proposals: list[Proposal]
    payment: PaymentOut | None = Field(description="The latest payment the bank did not bring back.")
    returned: list[PaymentOut] = Field(
        default=[], description="Payments the bank brought back: the creditor never received them."
    )
    deposits: list[Deposit]
    history: list[HistoryEvent]


class Recorded(Schema):
    entry: Entry
    claim: ClaimFile


class Verification(Schema):
    ok: bool
    checked: int
    first_bad_sequence: int | None
    reason: str


# --- shaping ------------------------------------------------------------------------------------


def _username(user) -> str | None:
    return user.get_username() if user is not None else None


def _entry(entry: ClaimEntry) -> dict:
    return {
        "id": entry.pk,
        "event": entry.event,
        "from_state": entry.from_state,
        "to_state": entry.to_state,
        "occurred_on": entry.occurred_on,
        "recorded_at": entry.recorded_at,
        "by": _username(entry.by),
        "facts": entry.facts,
    }


def _claim_file(creditor: Creditor) -> dict:
    claim = Claim.objects.filter(creditor=creditor).first()
    opened = claim is not None
    # A file not yet opened stands where a new one would: identified, with no flags.
    file = selectors.claim_file(claim=claim if opened else Claim(creditor=creditor))
    row = {"id": creditor.pk, "name": creditor.person.name_hangul, "award_id": creditor.award_id}
    row |= {"case_number": creditor.award.case.number, "share": str(creditor.share)}
    answer = {
        "creditor": row,
        "opened": opened,
        "state": file.claim.state,
        "meaning": file.meaning,
        "flags": list(file.claim.flags),
        "on": today(),
        "owed": file.owed_to_creditor,
        "allowed": [
            {
                "event": step.event.value,
                "target": step.target.value,
                "role": step.needs_role,
                "four_eyes": step.four_eyes,
                "requires": list(step.requires),
            }
            for step in file.allowed
        ],
        "timeline": [],
        "proposals": [],
        "payment": None,
        "returned": [],
        "deposits": [],
        "history": [],
    }
    if not opened:
        return answer
    answer["timeline"] = [_entry(entry) for entry in claim.entries.select_related("by")]
    answer["proposals"] = [
        {
            "id": proposal.pk,
            "amount": proposal.amount,
            "planned_on": proposal.planned_on,
            "status": proposal.status,
            "prepared_by": _username(proposal.prepared_by),
            "approved_by": _username(proposal.approved_by),
            "approved_at": proposal.approved_at,
        }
        for proposal in claim.proposals.select_related("prepared_by", "approved_by").order_by("pk")
    ]
    payments = [
        {
            "id": payment.pk,
            "amount": payment.amount,
            "paid_on": payment.paid_on,
            "bank_confirmation": payment.bank_reference,
            "returned_on": payment.returned_on,
            "return_reason": payment.return_reason,
        }
        for payment in creditor.payments.order_by("-paid_on", "-pk")
    ]
    answer["payment"] = next((row for row in payments if row["returned_on"] is None), None)
    answer["returned"] = [row for row in payments if row["returned_on"] is not None]
    answer["deposits"] = [
        {
            "id": deposit.pk,
            "court": deposit.court,
            "deposit_number": deposit.deposit_number,
            "lodged_on": deposit.lodged_on,
            "amount": deposit.amount,
        }
        for deposit in claim.deposits.order_by("pk")
    ]
    answer["history"] = [
        {
            "sequence": event.sequence,
            "occurred_at": event.occurred_at,
            "actor": event.actor_label,
            "action": event.action,
            "before": event.before,
            "after": event.after,
        }
        for event in selectors.claim_history(claim=claim).order_by("sequence")
    ]
    return answer


def _creditor(creditor_id: int) -> Creditor:
    try:
        return Creditor.objects.select_related("award__case", "person").get(pk=creditor_id)
    except Creditor.DoesNotExist:
        raise NotFound(_("No creditor %(id)s.") % {"id": creditor_id}) from None


def _refusal(error: ValidationError, fact_prefix: str) -> InvalidInput:
    """The service's first complaint, naming the field as the body names it."""
    if not hasattr(error, "error_dict"):
        return InvalidInput(error.messages[0] if error.messages else _("Invalid input."))
    name, messages = next(iter(error.message_dict.items()))
    if name in ("event", "facts"):
        field = name
    elif name == "__all__":
        field = None
    else:
        field = f"{fact_prefix}{name}"
    return InvalidInput(messages[0] if messages else _("Invalid input."), field=field)


def _record(
    request: HttpRequest,
    creditor_id: int,
    *,
    event: str,
    facts: dict,
    occurred_on: date | None = None,
    idempotency_key: uuid.UUID | None = None,
    fact_prefix: str = "facts.",
) -> dict:
    creditor = _creditor(creditor_id)
    claim = Claim.objects.filter(creditor=creditor).first()
    if claim is None:
        raise NotFound(
            _("Creditor %(id)s has no claim file yet: open it first (POST …/claim/open).")
            % {"id": creditor_id}
        )
    if idempotency_key is not None:
        earlier = PaymentProposal.objects.filter(idempotency_key=idempotency_key).first()
        if earlier is not None and (earlier.claim_id != claim.pk or event != lifecycle.Event.PROPOSE_PAYMENT):
            raise InvalidInput(
                _("This idempotency key was already used for another request."), field="idempotency_key"
            )
    try:
        entry = services.claim_record(
            claim=claim,
            event=event,
            by=request.user,
            facts=facts,
            occurred_on=occurred_on,
            idempotency_key=idempotency_key,
        )
    except ValidationError as error:
        raise _refusal(error, fact_prefix) from None
    except PermissionDenied as refused:
        raise Forbidden(str(refused) or _("You may not do this.")) from None
    except IntegrityError:
        raise Conflict(
            _(
                "This conflicts with what is already recorded "
                "(a deposit number already used at that court, say)."
            )
        ) from None
    except (DataError, OverflowError, ValueError) as error:
        # A value the database cannot hold (a text too long, a number too large): bad input, not a bug.
        logger.warning("Claim step refused by the database: %s", error)
        raise InvalidInput(_("A value is too long or out of range."), field="facts") from None
    return {"entry": _entry(entry), "claim": _claim_file(creditor)}


# --- endpoints ----------------------------------------------------------------------------------


@router.get(
    "/creditors/{creditor_id}/claim",
    response={200: ClaimFile, **READ_ERRORS},
    summary="A creditor's claim file",
)
def claim_detail(request: HttpRequest, creditor_id: int):
    """The state and flags, what the creditor is owed today, the steps allowed next (with the role
    each needs, four eyes and the facts it requires), the timeline, payment proposals, the payment,
    court deposits and the audit history. Before the file is opened: state ``identified``, ``opened``
    false."""
    return _claim_file(_creditor(creditor_id))


@router.post(
    "/creditors/{creditor_id}/claim/open",
    response={200: ClaimFile, **READ_ERRORS},
    summary="Open a creditor's claim file",
)
def claim_open(request: HttpRequest, creditor_id: int):
    """Open the file (once: opening an open file changes nothing) and send it."""
    creditor = _creditor(creditor_id)
    try:
        services.claim_open(creditor=creditor, by=request.user)
    except PermissionDenied as refused:
        raise Forbidden(str(refused) or _("You may not do this.")) from None
    return _claim_file(creditor)


@router.post(
    "/creditors/{creditor_id}/claim/events",
    response={200: Recorded, **WRITE_ERRORS},
    summary="Record a step of the claim",
)
def claim_event(request: HttpRequest, creditor_id: int, payload: EventIn):
    """Every step goes here: a contact, a position (apply, refuse, object, dispute, hold …), a
    verification, a payment proposal, its approval or decline, the bank's confirmation, a deposit and
    what the court does with it. ``/api/lifecycle`` lists the steps, the role each needs and the facts
    each requires. Sends the entry recorded and the claim file as it now stands."""
    return _record(
        request,
        creditor_id,
        event=payload.event,
        facts=payload.facts,
        occurred_on=payload.occurred_on,
        idempotency_key=payload.idempotency_key,
    )


@router.post(
    "/creditors/{creditor_id}/claim/proposals",
    response={200: Recorded, **WRITE_ERRORS},
    summary="Propose the payment",
)
def proposal_create(request: HttpRequest, creditor_id: int, payload: ProposalIn):
    """``propose_payment``: the amount is what the creditor is owed on the planned payment date.
    Send an ``idempotency_key`` so that a retried request records one proposal."""
    return _record(
        request,
        creditor_id,
        event=lifecycle.Event.PROPOSE_PAYMENT.value,
        facts={"planned_payment_date": payload.planned_payment_date.isoformat()},
        occurred_on=payload.occurred_on,
        idempotency_key=payload.idempotency_key,
        fact_prefix="",
    )


@router.post(
    "/creditors/{creditor_id}/claim/proposals/approve",
    response={200: Recorded, **WRITE_ERRORS},
    summary="Approve the payment proposed",
)
def proposal_approve(request: HttpRequest, creditor_id: int, payload: ApprovalIn | None = None):
    """``approve_payment``, by a finance officer other than whoever proposed it."""
    return _record(
        request,
        creditor_id,
        event=lifecycle.Event.APPROVE_PAYMENT.value,
        facts={},
        occurred_on=payload.occurred_on if payload else None,
        fact_prefix="",
    )


@router.post(
    "/creditors/{creditor_id}/claim/proposals/confirm",
    response={200: Recorded, **WRITE_ERRORS},
    summary="Confirm the payment made",
)
def proposal_confirm(request: HttpRequest, creditor_id: int, payload: ConfirmationIn):
    """``confirm_payment``: the bank's confirmation; the amount paid must be the amount approved."""
    return _record(
        request,
        creditor_id,
        event=lifecycle.Event.CONFIRM_PAYMENT.value,
        facts={
            "bank_confirmation": payload.bank_confirmation,
            "paid_on": payload.paid_on.isoformat(),
            "amount_paid": payload.amount_paid,
        },
        occurred_on=payload.occurred_on,
        fact_prefix="",
    )


@router.get(
    "/lifecycle", response={200: list[dict[str, Any]], 401: Error, 403: Error}, summary="The lifecycle"
)
def lifecycle_table(request: HttpRequest):
    """Every allowed step, one row each: ``from``, ``event``, ``to``, ``needs_role``, ``four_eyes``
    (with the ``prepared_by`` events whose recorder may not take it), ``requires`` (facts),
    ``decision``, the flag it ``sets`` or ``clears``, and a ``note``."""
    return lifecycle.describe()


@router.get(
    "/audit/verify", response={200: Verification, 401: Error, 403: Error}, summary="Verify the audit chain"
)
def audit_verify(request: HttpRequest):
    """Recompute every audit event's hash and check the chain: ``ok``, how many events were
    ``checked``, and if it is broken the ``first_bad_sequence`` and the ``reason``."""
    result = verify_chain()
    return {
        "ok": result.ok,
        "checked": result.checked,
        "first_bad_sequence": result.first_bad_sequence,
        "reason": result.reason,
    }
