"""The life of an application file under the support programme (issue 16), as data: not a judgment
creditor's claim (:mod:`amends.law.lifecycle`) but a registered victim's application for the
programme's support, decided by the foundation itself.

received → linked (tied to a person in the registry: the applicant, found or registered) →
eligibility_proposed (a caseworker's proposal, eligible or not, with reasons) → eligible or refused (a
legal reviewer other than the proposer: four eyes; a refusal gives its reasons) → objection_filed (the
applicant's 이의신청, within :data:`OBJECTION_DAYS` of the refusal) → objection_upheld (eligible after
all) or objection_dismissed (decided by a legal reviewer other than the one who refused).

A flag on the application (a possible duplicate of another one, or possibly paid by an earlier
programme) blocks every decision (:data:`DECISIONS`) until a legal reviewer clears it with a reason.
Nothing here knows about users, rows or dates beyond plain ``date`` arithmetic.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from amends.law.messages import Message, Term, gettext_noop
from amends.law.roles import CASEWORKER, LEGAL_REVIEWER

# Programme rule (docs/law.md §6a): an objection is filed within 30 days of the refusal's notice,
# which is issued on the day of the refusal. Configurable: settings.AMENDS_OBJECTION_DAYS.
OBJECTION_DAYS = 30


class State(StrEnum):
    RECEIVED = "received"
    LINKED = "linked"
    ELIGIBILITY_PROPOSED = "eligibility_proposed"
    ELIGIBLE = "eligible"
    REFUSED = "refused"
    OBJECTION_FILED = "objection_filed"
    OBJECTION_UPHELD = "objection_upheld"
    OBJECTION_DISMISSED = "objection_dismissed"


class Step(StrEnum):
    LINK = "link"
    PROPOSE = "propose"
    APPROVE = "approve"
    REFUSE = "refuse"
    OBJECT = "object"
    UPHOLD = "uphold"
    DISMISS = "dismiss"


@dataclass(frozen=True)
class Transition:
    to: State
    role: str
    # Four eyes: the person who did ``not_by`` (a step recorded earlier on the file) may not do this one.
    not_by: Step | None = None
    # The step gives its reasons in words (a refusal, a dismissal).
    reasons: bool = False


TRANSITIONS: dict[tuple[State, Step], Transition] = {
    (State.RECEIVED, Step.LINK): Transition(State.LINKED, CASEWORKER),
    (State.LINKED, Step.PROPOSE): Transition(State.ELIGIBILITY_PROPOSED, CASEWORKER, reasons=True),
    (State.ELIGIBILITY_PROPOSED, Step.APPROVE): Transition(
        State.ELIGIBLE, LEGAL_REVIEWER, not_by=Step.PROPOSE
    ),
    (State.ELIGIBILITY_PROPOSED, Step.REFUSE): Transition(
        State.REFUSED, LEGAL_REVIEWER, not_by=Step.PROPOSE, reasons=True
    ),
    (State.REFUSED, Step.OBJECT): Transition(State.OBJECTION_FILED, CASEWORKER, reasons=True),
    (State.OBJECTION_FILED, Step.UPHOLD): Transition(
        State.OBJECTION_UPHELD, LEGAL_REVIEWER, not_by=Step.REFUSE, reasons=True
    ),
    (State.OBJECTION_FILED, Step.DISMISS): Transition(
        State.OBJECTION_DISMISSED, LEGAL_REVIEWER, not_by=Step.REFUSE, reasons=True
    ),
}

# The decisions a flag on the application blocks until a reviewer clears it.
DECISIONS = frozenset({Step.APPROVE, Step.REFUSE, Step.UPHOLD, Step.DISMISS})


class NotAllowed(ValueError):
    """The step is not one the file's state allows."""


def next_state(state: State | str, step: Step | str) -> Transition:
    """The transition ``step`` makes from ``state``; :class:`NotAllowed` for any other pair."""
    try:
        return TRANSITIONS[State(state), Step(step)]
    except (KeyError, ValueError):
        raise NotAllowed(
            Message(
                gettext_noop("%(step)s is not allowed from %(state)s"),
                step=Term("application_step", str(step)),
                state=Term("application_state", str(state)),
            )
        ) from None


def steps_from(state: State | str) -> list[Step]:
    """The steps allowed from ``state``, in the table's order."""
    return [step for (at, step) in TRANSITIONS if at == state]


def objection_deadline(refused_on: date, days: int = OBJECTION_DAYS) -> date:
    """The last day an objection may be filed against a refusal notified on ``refused_on``."""
    return refused_on + timedelta(days=days)
