"""Reads for the families' portal: one claim's status in plain words, its amount, and its letters."""

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

from amends.law.lifecycle import Flag, State
from amends.letters import status_words as wording
from amends.letters.models import Letter
from amends.letters.selectors import calculation, letters_for_claim, offered_on, person_name
from amends.payments.models import Claim

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
    claim: Claim
    number: str
    name: str
    case_number: str
    victim_name: str
    where: str
    needed: str
    notes: list[str]
    calculation: dict | None
    paid: int | None
    paid_on: date | None
    # The latest transfer, if the bank brought it back: the family never received it.
    returned: int | None
    returned_on: date | None
    letters: QuerySet[Letter]


def claim_status(*, claim: Claim) -> ClaimStatus:
    claim = Claim.objects.select_related(
        "creditor__person",
        "creditor__award__case",
        "creditor__award__victim",
        "portal_access",
    ).get(pk=claim.pk)
    state = State(claim.state)
    notes = []
    if Flag.ON_HOLD in claim.flags:
        notes.append(str(wording.ON_HOLD))
    if Flag.DISPUTED in claim.flags:
        notes.append(str(wording.DISPUTED))
    payments = claim.creditor.payments.order_by("-paid_on", "-pk")
    payment = payments.filter(returned_on__isnull=True).first()
    latest = payments.first()
    returned = latest if latest is not None and latest.returned_on is not None else None
    return ClaimStatus(
        claim=claim,
        number=claim.portal_access.number,
        name=person_name(claim.creditor.person),
        case_number=claim.creditor.award.case.number,
        victim_name=person_name(claim.creditor.award.victim),
        where=wording.where(state),
        needed=wording.needed(state),
        notes=notes,
        calculation=calculation(claim=claim, on=offered_on(claim=claim)) if state in OFFERING else None,
        paid=payment.amount if payment else None,
        paid_on=payment.paid_on if payment else None,
        returned=returned.amount if returned else None,
        returned_on=returned.returned_on if returned else None,
        letters=letters_for_claim(claim=claim),
    )
