"""Reads for the families' portal: one claim's status in plain words, its amount, and its letters.

:func:`open_claim_status` reads all a status page shows in one query (the access that opened the
session, the claim, the creditor, the award, what computing the amount reads and the letters, as JSON
columns): the page costs the same queries whatever the number of claims, letters and payments. The
query is compiled once (:class:`~amends.core.prepared.PreparedQuery`): building and compiling it took
the ORM longer than the database took to answer it. What it reads is kept in plain values, not model
instances, which took longer to make than the query to run (a claim draws a new random number).
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import NamedTuple

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from amends.core.clock import today
from amends.core.prepared import PreparedQuery
from amends.law.lifecycle import Flag, State
from amends.letters import status_words as wording
from amends.letters.models import Letter
from amends.letters.selectors import calculation_from, person_name
from amends.payments.models import Payment, PaymentProposal
from amends.payments.owed import OWED_INPUTS, _rows_of, award_inputs, owed_inputs
from amends.portal.models import PortalAccess

# The states in which an amount is on offer, fixed as of a date (the planned payment date once a
# payment is proposed, today before that).
OFFERING = {
    State.IDENTIFIED,
    State.CONTACTED,
    State.UNDECIDED,
    State.APPLIED,
    State.VERIFIED,
    State.PAYMENT_PROPOSED,
    State.PAYMENT_APPROVED,
    State.REFUSED,
    State.OBJECTED,
    State.DEPOSIT_WITHDRAWN,
}


@dataclass(frozen=True)
class ClaimStatus:
    claim_pk: int
    state: str
    number: str
    name: str
    case_number: str
    victim_name: str
    # "judgment …, for …", in the reader's language (:func:`_said`).
    judgment: SafeString
    where: str
    needed: str
    notes: list[str]
    calculation: dict | None
    paid: int | None
    paid_on: date | None
    # The latest transfer, if the bank brought it back: the family never received it.
    returned: int | None
    returned_on: date | None
    # The claim's letters, as they were sent, without their PDF (amends.letters.selectors.letters_for_claim).
    letters: list[Letter]


class _Names(NamedTuple):
    """A person's names, as :func:`amends.letters.selectors.person_name` reads them (a model instance
    would cost more to make than the page's query to run)."""

    name_hangul: str
    name_romanized: str
    name_hanja: str


class _Creditor(NamedTuple):
    """The creditor as :func:`amends.letters.selectors.calculation_from` reads them (a model instance
    took longer to make than the figures to compute)."""

    pk: int
    award_id: int
    share_numerator: int
    share_denominator: int


def _is_open(
    *, issued_at: datetime, expires_on: date, locked_until: datetime | None, code_issued_at: str | None
) -> bool:
    return (
        code_issued_at is not None
        and issued_at.isoformat() == code_issued_at
        and expires_on >= timezone.localdate()
        and (locked_until is None or locked_until <= timezone.now())
    )


def access_is_open(access: PortalAccess | None, code_issued_at: str | None) -> bool:
    """Whether a portal session opened with the code issued at ``code_issued_at`` may still read the
    claim of ``access``: not if a new code has been issued since, the code has expired, or the claim is
    locked."""
    return access is not None and _is_open(
        issued_at=access.code_issued_at,
        expires_on=access.code_expires_on,
        locked_until=access.locked_until,
        code_issued_at=code_issued_at,
    )


def access_still_open(*, claim_pk: int | None, code_issued_at: str | None) -> bool:
    """:func:`access_is_open` for the access of the claim ``claim_pk``, in one query."""
    if claim_pk is None or code_issued_at is None:
        return False
    return access_is_open(PortalAccess.objects.filter(claim_id=claim_pk).first(), code_issued_at)


def _status_query(claim_pk) -> QuerySet:
    """The row :func:`open_claim_status` reads: the access, the claim, its creditor, the award and what
    computing the amount reads, the latest payments and the open proposal's date, in one query."""
    payments = Payment.objects.filter(creditor_id=OuterRef("claim__creditor_id")).order_by("-paid_on", "-pk")
    kept = payments.standing()
    proposal = (
        PaymentProposal.objects.filter(claim_id=OuterRef("claim_id"))
        .exclude(status="declined")
        .order_by("-pk")
    )
    return (
        PortalAccess.objects.filter(claim_id=claim_pk)
        .annotate(
            offered_planned_on=Subquery(proposal.values("planned_on")[:1]),
            paid_amount=Subquery(kept.values("amount")[:1]),
            kept_paid_on=Subquery(kept.values("paid_on")[:1]),
            latest_amount=Subquery(payments.values("amount")[:1]),
            latest_returned_on=Subquery(payments.values("returned_on")[:1]),
            letters=_rows_of(
                Letter.objects.filter(claim_id=OuterRef("claim_id")),
                "claim_id",
                "pk",
                "kind",
                "language",
                "sent_at",
                "reference",
            ),
            **owed_inputs("claim__creditor__award_id"),
        )
        .values_list(*_COLUMNS, *OWED_INPUTS)
    )


_COLUMNS = (
    "number",
    "code_issued_at",
    "code_expires_on",
    "locked_until",
    "claim__state",
    "claim__flags",
    "claim__creditor_id",
    "claim__creditor__award_id",
    "claim__creditor__share_numerator",
    "claim__creditor__share_denominator",
    "claim__creditor__person__name_hangul",
    "claim__creditor__person__name_romanized",
    "claim__creditor__person__name_hanja",
    "claim__creditor__award__principal",
    "claim__creditor__award__method",
    "claim__creditor__award__case__number",
    "claim__creditor__award__victim__name_hangul",
    "claim__creditor__award__victim__name_romanized",
    "claim__creditor__award__victim__name_hanja",
    "offered_planned_on",
    "paid_amount",
    "kept_paid_on",
    "latest_amount",
    "latest_returned_on",
    "letters",
)
_STATUS = PreparedQuery(_status_query)


def open_claim_status(*, claim_pk: int | None, code_issued_at: str | None) -> ClaimStatus | None:
    """The status of the claim a portal session was opened for, while the access is still open
    (:func:`access_is_open`); None once it is not. One query."""
    if claim_pk is None or code_issued_at is None:
        return None
    found = _STATUS.rows(claim_pk)
    if not found:
        return None
    (row,) = found
    values = dict(zip(_COLUMNS, row, strict=False))
    if not _is_open(
        issued_at=values["code_issued_at"],
        expires_on=values["code_expires_on"],
        locked_until=values["locked_until"],
        code_issued_at=code_issued_at,
    ):
        return None
    creditor = _Creditor(
        pk=values["claim__creditor_id"],
        award_id=values["claim__creditor__award_id"],
        share_numerator=values["claim__creditor__share_numerator"],
        share_denominator=values["claim__creditor__share_denominator"],
    )
    state, flags = State(values["claim__state"]), values["claim__flags"]
    notes = []
    if Flag.ON_HOLD in flags:
        notes.append(str(wording.ON_HOLD))
    if Flag.DISPUTED in flags:
        notes.append(str(wording.DISPUTED))
    calculation = None
    if state in OFFERING:
        # The date the amount is fixed for: the open proposal's planned payment date, else today
        # (amends.letters.selectors.offered_on).
        on = values["offered_planned_on"] or today()
        inputs = award_inputs(
            principal=values["claim__creditor__award__principal"],
            method=values["claim__creditor__award__method"],
            values=dict(zip(OWED_INPUTS, row[len(_COLUMNS) :], strict=True)),
        )
        calculation = _worded(calculation_from(creditor=creditor, inputs=inputs, on=on))
    returned = values["latest_returned_on"] is not None
    victim = person_name(_person(values, "claim__creditor__award__victim__"))
    return ClaimStatus(
        claim_pk=claim_pk,
        state=state,
        number=values["number"],
        name=person_name(_person(values, "claim__creditor__person__")),
        case_number=values["claim__creditor__award__case__number"],
        victim_name=victim,
        judgment=_said(
            gettext("judgment %(case)s, for %(victim)s"),
            case=values["claim__creditor__award__case__number"],
            victim=victim,
        ),
        where=wording.where(state),
        needed=wording.needed(state),
        notes=notes,
        calculation=calculation,
        paid=values["paid_amount"],
        paid_on=values["kept_paid_on"],
        returned=values["latest_amount"] if returned else None,
        returned_on=values["latest_returned_on"] if returned else None,
        letters=_letters(claim_pk, values["letters"]),
    )


def _said(message: str, **values) -> SafeString:
    """``message`` (translated) with ``values`` put in, each escaped, as ``{% blocktranslate %}`` wrote
    it in the status page: the page's sentences with figures in them cost the template engine more
    than computing the figures (issue 14)."""
    return mark_safe(message % {name: conditional_escape(value) for name, value in values.items()})


def _worded(calculation: dict) -> dict:
    """The calculation with the page's sentences about it: the amount on its day, and each line's
    length and rate."""
    calculation["amount_on"] = _said(
        gettext("%(amount)s won on %(on)s"), amount=calculation["outstanding"], on=calculation["on"]
    )
    for line in calculation["lines"]:
        line["length"] = _said(
            ngettext(
                "%(years)s whole year and %(days)s of %(length)s days",
                "%(years)s whole years and %(days)s of %(length)s days",
                line["years"],
            ),
            years=line["years"],
            days=line["days"],
            length=line["year_length"],
        )
        line["accrual"] = _said(
            gettext("%(rate)s %% a year on %(base)s won: %(interest)s won"),
            rate=line["rate"],
            base=line["base"],
            interest=line["interest"],
        )
    return calculation


def _person(values: dict, prefix: str) -> _Names:
    """The names of a person, as :func:`amends.letters.selectors.person_name` reads them."""
    return _Names(
        values[prefix + "name_hangul"], values[prefix + "name_romanized"], values[prefix + "name_hanja"]
    )


def _letters(claim_pk: int, rows: list | None) -> list[Letter]:
    """The claim's letters from the JSON column of the status query, in the order they were sent."""
    letters = [
        Letter(
            pk=pk,
            claim_id=claim_pk,
            kind=kind,
            language=language,
            sent_at=_moment(sent_at),
            reference=reference,
        )
        for pk, kind, language, sent_at, reference in rows or ()
    ]
    return sorted(letters, key=lambda letter: (letter.sent_at, letter.pk))


def _moment(value: str) -> datetime:
    """A moment as a JSON column gives it: ISO 8601 with its offset (PostgreSQL), or in UTC without
    one (SQLite, which stores moments in UTC)."""
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
