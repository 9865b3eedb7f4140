"""Reads for payments: a creditor's claim file with everything the page shows."""

import re
from dataclasses import dataclass

from amends.audit.selectors import events_for
from amends.core.clock import today
from amends.core.labels import label
from amends.law import claim_numbers, lifecycle
from amends.payments.models import Claim, Payment
from amends.payments.owed import AwardOwed, CreditorOwed, award_owed, awards


@dataclass(frozen=True)
class ClaimFile:
    claim: Claim
    owed: AwardOwed
    row: CreditorOwed
    owed_to_creditor: int
    allowed: list[lifecycle.Transition]

    @property
    def meaning(self) -> str:
        """What the claim's state means, in the reader's language."""
        return label("meaning", self.claim.state)


def claim_file(*, claim: Claim) -> ClaimFile:
    creditor = claim.creditor
    owed = award_owed(award=awards().get(pk=creditor.award_id), on=today())
    row = owed.of(creditor)
    state = lifecycle.State(claim.state)
    # An approval whose payment the bank brought back is declined and proposed again, not paid again.
    returned = (
        state == lifecycle.State.PAYMENT_APPROVED
        and claim.pk is not None
        and Payment.objects.filter(
            proposal__claim=claim, proposal__status="approved", returned_on__isnull=False
        ).exists()
    )
    allowed = [
        lifecycle.next_state(state=state, event=event, flags=claim.flags)
        for event in lifecycle.allowed_events(state, claim.flags)
        if event not in lifecycle.ELSEWHERE
        # After a payment, another is proposed only for what a partial one left owed.
        and not (
            state == lifecycle.State.PAID
            and event == lifecycle.Event.PROPOSE_PAYMENT
            and row.outstanding <= 0
        )
        and not (returned and event == lifecycle.Event.CONFIRM_PAYMENT)
    ]
    return ClaimFile(
        claim=claim,
        owed=owed,
        row=row,
        owed_to_creditor=row.outstanding,
        allowed=allowed,
    )


def claim_search(query: str):
    """Claims by their number (``AM-7KQD-M2XPH``), typed whole or its beginning (at least two
    characters after ``AM``), in either case, with or without its hyphens or with spaces."""
    text = re.sub(r"[\s-]", "", query.upper())
    body = text[2:]
    if not text.startswith("AM") or not 2 <= len(body) <= claim_numbers.NUMBER_LENGTH + 1:
        return Claim.objects.none()
    if not set(body) <= set(claim_numbers.CODE_ALPHABET):
        return Claim.objects.none()
    prefix = f"AM-{body[:4]}" + (f"-{body[4:]}" if len(body) > 4 else "")
    return Claim.objects.filter(number__startswith=prefix)


def claim_history(*, claim: Claim):
    return events_for(subject=claim)
