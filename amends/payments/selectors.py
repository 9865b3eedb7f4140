"""Reads for payments: a creditor's claim file with everything the page shows."""

from dataclasses import dataclass

from amends.audit.selectors import events_for
from amends.judgments.selectors import AwardOwed, _awards, award_owed, today
from amends.law import lifecycle
from amends.payments.models import Claim


@dataclass(frozen=True)
class ClaimFile:
    claim: Claim
    owed: AwardOwed
    owed_to_creditor: int
    allowed: list[lifecycle.Transition]

    @property
    def meaning(self) -> str:
        return lifecycle.MEANING.get(lifecycle.State(self.claim.state), "")

    @property
    def letters(self):
        """The letters sent about this claim, for its timeline (amends.letters stores them)."""
        from amends.letters.selectors import letters_for_claim

        return letters_for_claim(claim=self.claim)

    @property
    def letter_kinds(self):
        from amends.letters.models import Kind

        return [
            (kind.value, kind.label) for kind in Kind if kind not in (Kind.DONOR_RECEIPT, Kind.PORTAL_ACCESS)
        ]


def claim_file(*, claim: Claim) -> ClaimFile:
    creditor = claim.creditor
    owed = award_owed(award=_awards().get(pk=creditor.award_id), on=today())
    row = next(row for row in owed.creditors if row.creditor.pk == creditor.pk)
    state = lifecycle.State(claim.state)
    allowed = [
        lifecycle.next_state(state=state, event=event, flags=claim.flags)
        for event in lifecycle.allowed_events(state, claim.flags)
    ]
    return ClaimFile(
        claim=claim,
        owed=owed,
        owed_to_creditor=row.damages.outstanding if row.damages else row.principal,
        allowed=allowed,
    )


def claim_history(*, claim: Claim):
    return events_for(subject=claim)
