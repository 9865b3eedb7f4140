"""The life of one creditor's claim on one award, from identification to money received, as data.

The foundation pays each creditor of an award on the defendant's behalf, as a third party (제3자 변제,
Civil Act Art. 469), and only with the creditor's consent. Every claim (one creditor, one award) is
in exactly one :class:`State`; what happens to it is an :class:`Event`; :data:`TRANSITIONS` lists every
(state, event) pair that is allowed, with the state it leads to, the role that may record it, whether a
second person must approve it (four eyes), and the facts that must be on record. :func:`next_state`
refuses everything else with a reason a caseworker can act on. The Django services call it before
they write; nothing here knows about users, rows or dates.

**The payment path** (the creditor consents): identified → contacted → applied (consent, 동의, and the
application, identity and bank-account documents) → verified (identity, heirship, bank account, by a
legal reviewer) → payment_proposed (the amount fixed as of the planned payment date: delay damages run
to the day of payment) → payment_approved (by a finance officer other than the proposer) → paid (the
bank's confirmation; the debt is discharged) → receipted (영수증). A transfer the bank brings back
after it was booked as paid (``payment_returned``: a closed account, say) undoes the payment and takes
the claim back to payment_approved, where the approval is declined and proposed again. A creditor who
answers without deciding is ``undecided``: a step of its own between contacted and applied, because
only a creditor who has taken no position yet can be undecided (see "States or flags" below).

**The refusal path**: a creditor who will not accept the foundation's money is ``refused`` (수령거절).
The foundation may then discharge the debt by a court deposit (변제공탁, Art. 487): deposit_proposed
(by a legal reviewer) → deposit_approved (by an approver other than the proposer) → deposit_lodged
(court, deposit number, date, amount) → the deposit officer (공탁관) accepts (수리) or refuses (불수리)
it. Against a refusal the foundation may object (이의신청) to the district court: objection_filed →
objection_dismissed (기각) or objection_upheld (인용, after which the officer accepts). An appeal
(항고) against a dismissal is a further objection to the higher court: objection_dismissed →
objection_filed again. An accepted deposit ends when the creditor collects it (출급) or the foundation
withdraws it (회수, Art. 489: possible until the creditor accepts the deposit or a judgment declaring
it valid is final; the deposit is then treated as never made). ``deposit_withdrawn`` also covers a
deposit dropped before it was lodged and an application withdrawn (취하): the claim is owed again,
to a creditor who has not consented.

**An explicit objection** (``objected``: the creditor's declaration, 반대의 의사표시, against a third
party's payment) is not a mere refusal: under Art. 469(1) a creditor's explicit objection bars a third
party's payment altogether (docs/law.md §1), and a deposit stands in for a payment. In July 2023 the
foundation lodged deposits for such creditors; deposit officers at Gwangju, Jeonju, Suwon and other
courts refused them and judges dismissed the foundation's objections. The table still lets a legal
reviewer propose a deposit against an objection (what happened must be recordable, and the law may
be argued again), with that history in the note. Not to be confused with ``objection_filed``, the
foundation's own objection against a deposit officer's refusal.

**Consent later** (``consent_later``): a creditor who refused or objected and now consents returns to
the payment path at ``applied`` (a fresh consent and documents). While a deposit is with the court
(lodged, accepted, refused, under objection) the consent is refused with the reason: paying as well
could pay the creditor twice, so the deposit must first be withdrawn (``withdraw_deposit``, then
``consent_later``); a creditor whose deposit was accepted may instead simply collect it. The guard is
data (:data:`GUARDS`), and the table has no other way from a lodged deposit back to the payment path.
The creditor's consent itself is recorded in their file at once; only the lifecycle waits.

**States or flags.** ``undecided`` is a state (above). A dispute among heirs (상속인 간 분쟁) and a
hold (보류: funds short, litigation pending, the creditor asked for time) are **flags**
(:class:`Flag`): either can arise at any open step, and when it ends the file continues where it
stood. As states they would have to remember where to return, which a (state, event) → state table
cannot say without a copy of every state. A flag suspends the foundation's own *decisions*
(``decision=True``: verify, propose or approve a payment, propose, approve or lodge a deposit, file an
objection) but not what others do (the creditor's positions, the bank's confirmation, the court's
rulings) nor a step back (decline, withdraw). A dispute raised after verification, before the payment
is approved, also sends the file back to ``applied``: heirship is no longer verified. Flag events are
rows of the table like any other (``sets`` / ``clears``), so one call answers every question.

**A creditor's death** after the judgment (``creditor_died``, from any open state) closes their file at
``passed_to_heirs``: the claim passes to the heirs by succession, each with a file of their own
(:mod:`amends.law.parts` divides it), and nothing more can be offered, consented, proposed, approved,
paid or deposited for the dead creditor.

**Terminal states**: ``receipted``, ``deposit_collected`` and ``passed_to_heirs``; nothing further is
recorded in them, not even a flag. The debt is discharged (by payment, Art. 469, or by a valid deposit
the creditor has collected, Art. 487) and the foundation's reimbursement claim (구상권) against the
defendant has its own lifecycle. An heir who surfaces later claims a share through a creditor file of
their own; whether the payment made stands against them (Art. 470, payment in good faith to an
apparent creditor) is for legal review. ``paid`` is not terminal only because the receipt is still to come.

**Four eyes**: an approval (``payment_approved``, ``deposit_approved``) and the verification of an
application must be made by someone other than whoever prepared it (the events in ``prepared_by``);
:func:`check_four_eyes` refuses the rest, and the database refuses it again.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from amends.law.messages import Message, Term, gettext_noop
from amends.law.roles import APPROVER, CASEWORKER, FINANCE_OFFICER, LEGAL_REVIEWER, RECORDING


class State(StrEnum):
    IDENTIFIED = "identified"
    CONTACTED = "contacted"
    UNDECIDED = "undecided"
    APPLIED = "applied"
    VERIFIED = "verified"
    PAYMENT_PROPOSED = "payment_proposed"
    PAYMENT_APPROVED = "payment_approved"
    PAID = "paid"
    RECEIPTED = "receipted"
    REFUSED = "refused"
    OBJECTED = "objected"
    DEPOSIT_PROPOSED = "deposit_proposed"
    DEPOSIT_APPROVED = "deposit_approved"
    DEPOSIT_LODGED = "deposit_lodged"
    DEPOSIT_ACCEPTED = "deposit_accepted"
    DEPOSIT_REFUSED = "deposit_refused"
    OBJECTION_FILED = "objection_filed"
    OBJECTION_DISMISSED = "objection_dismissed"
    OBJECTION_UPHELD = "objection_upheld"
    DEPOSIT_WITHDRAWN = "deposit_withdrawn"
    DEPOSIT_COLLECTED = "deposit_collected"
    PASSED_TO_HEIRS = "passed_to_heirs"


class Event(StrEnum):
    CONTACT = "contact"
    DEFER = "defer"
    APPLY = "apply"
    VERIFY = "verify"
    PROPOSE_PAYMENT = "propose_payment"
    APPROVE_PAYMENT = "approve_payment"
    DECLINE = "decline"
    CONFIRM_PAYMENT = "confirm_payment"
    PAYMENT_RETURNED = "payment_returned"
    RECEIPT = "receipt"
    REFUSE = "refuse"
    OBJECT = "object"
    PROPOSE_DEPOSIT = "propose_deposit"
    APPROVE_DEPOSIT = "approve_deposit"
    LODGE_DEPOSIT = "lodge_deposit"
    OFFICER_ACCEPTS = "officer_accepts"
    OFFICER_REFUSES = "officer_refuses"
    FILE_OBJECTION = "file_objection"
    OBJECTION_DISMISSED = "objection_dismissed"
    OBJECTION_UPHELD = "objection_upheld"
    WITHDRAW_DEPOSIT = "withdraw_deposit"
    CREDITOR_COLLECTS = "creditor_collects"
    CONSENT_LATER = "consent_later"
    DISPUTE = "dispute"
    SETTLE = "settle"
    HOLD = "hold"
    RESUME = "resume"
    CREDITOR_DIED = "creditor_died"


class Flag(StrEnum):
    """A position that is not a step: it suspends the foundation's decisions wherever the file stands."""

    DISPUTED = "disputed"
    ON_HOLD = "on_hold"


# The roles that record steps (amends.law.roles); auditors and executives record nothing.
ROLES = RECORDING

TERMINAL = frozenset({State.RECEIPTED, State.DEPOSIT_COLLECTED, State.PASSED_TO_HEIRS})
OPEN = tuple(state for state in State if state not in TERMINAL)

MEANING: Mapping[State, str] = MappingProxyType(
    {
        State.IDENTIFIED: "a creditor of the award is known; nobody has reached them yet",
        State.CONTACTED: "the foundation has reached the creditor; they have not answered yet",
        State.UNDECIDED: "the creditor has answered without deciding",
        State.APPLIED: "the creditor consents and has handed in the application and documents",
        State.VERIFIED: "identity, heirship and bank account are verified by a legal reviewer",
        State.PAYMENT_PROPOSED: "a payment is proposed, its amount fixed as of the planned payment date",
        State.PAYMENT_APPROVED: "a finance officer other than the proposer approved the payment",
        State.PAID: "the bank confirmed the payment; the debt is discharged",
        State.RECEIPTED: "the creditor's receipt is on record; the file is closed",
        State.REFUSED: "the creditor refuses the foundation's payment (수령거절)",
        State.OBJECTED: "the creditor objects explicitly to a third party's payment (Civil Act Art. 469(1))",
        State.DEPOSIT_PROPOSED: "a court deposit (변제공탁, Art. 487) is proposed",
        State.DEPOSIT_APPROVED: "an approver other than the proposer approved the deposit",
        State.DEPOSIT_LODGED: "the deposit is lodged with a court, awaiting the deposit officer",
        State.DEPOSIT_ACCEPTED: "the deposit officer accepted the deposit (수리); the court holds the money",
        State.DEPOSIT_REFUSED: "the deposit officer refused the deposit (불수리)",
        State.OBJECTION_FILED: "the foundation objected to the officer's refusal (이의신청) or appealed",
        State.OBJECTION_DISMISSED: "the court dismissed the foundation's objection (기각)",
        State.OBJECTION_UPHELD: "the court upheld the objection (인용); the officer is to accept the deposit",
        State.DEPOSIT_WITHDRAWN: "the foundation gave the deposit up; the claim is owed again",
        State.DEPOSIT_COLLECTED: "the creditor collected the deposit (출급); the file is closed",
        State.PASSED_TO_HEIRS: "the creditor died; the claim passed to the heirs, each with a file of theirs",
    }
)


class TransitionRefused(ValueError):
    """A step the lifecycle does not allow; ``reason`` says why and ``allowed`` what may happen instead.

    ``reason`` is a :class:`~amends.law.messages.Message`: the English sentence, which the pages say in
    the reader's language (:func:`amends.core.reasons.say`), the states and steps it names by their
    labels."""

    def __init__(self, state: str, event: str, reason: str, allowed: Iterable[Event] = ()):
        super().__init__(f"{event} from {state}: {reason}")
        self.state = state
        self.event = event
        self.reason = reason
        self.allowed = tuple(allowed)


@dataclass(frozen=True, slots=True)
class Transition:
    """One allowed step: ``event`` moves a claim from ``source`` to ``target``.

    ``needs_role``: who may record it. ``four_eyes``: whoever recorded one of the ``prepared_by``
    events for this claim may not record this one. ``requires``: facts that must be on record with it.
    ``decision``: the foundation's own decision, suspended while a :class:`Flag` is set. ``sets`` /
    ``clears``: the flag it raises or lowers (a flag event; ``target`` is then usually ``source``).
    ``optional``: facts that may come with it (a partial payment's reason, say).
    """

    source: State
    event: Event
    target: State
    needs_role: str | None
    four_eyes: bool = False
    requires: tuple[str, ...] = ()
    note: str = ""
    prepared_by: tuple[Event, ...] = ()
    decision: bool = False
    sets: Flag | None = None
    clears: Flag | None = None
    optional: tuple[str, ...] = ()


def _rows(
    sources: Iterable[State], event: Event, target: State | None, role: str, **meta
) -> list[Transition]:
    """One row per source; ``target=None`` stays where it is (a flag event)."""
    return [
        Transition(source, event, source if target is None else target, role, **meta) for source in sources
    ]


_S, _E = State, Event
_DOCUMENTS = ("consent", "application_form", "identity_document", "bank_account_document")
# Before the money leaves: the creditor may still refuse or object. Once a payment is approved it may
# already be on its way, so the refusal waits for the finance officer (see GUARDS).
_BEFORE_PAYMENT = (_S.IDENTIFIED, _S.CONTACTED, _S.UNDECIDED, _S.APPLIED, _S.VERIFIED, _S.PAYMENT_PROPOSED)
# A deposit not yet with the court: a change of position simply overtakes it.
_DEPOSIT_UNLODGED = (_S.DEPOSIT_PROPOSED, _S.DEPOSIT_APPROVED)
_DEPOSIT_LODGED = (
    _S.DEPOSIT_LODGED,
    _S.DEPOSIT_ACCEPTED,
    _S.DEPOSIT_REFUSED,
    _S.OBJECTION_FILED,
    _S.OBJECTION_DISMISSED,
    _S.OBJECTION_UPHELD,
)
_NOT_CONSENTING = (_S.REFUSED, _S.OBJECTED, *_DEPOSIT_UNLODGED, _S.DEPOSIT_WITHDRAWN)
# Verification covers heirship: a dispute among heirs undoes it, unless the money may already be sent.
_HEIRSHIP_VERIFIED = (_S.VERIFIED, _S.PAYMENT_PROPOSED)

_ART_469 = Message(
    gettext_noop(
        "Civil Act Art. 469(1): an explicit objection by the creditor bars a third party's payment, and a "
        "deposit stands in for a payment; in July-August 2023 deposit officers refused such deposits and "
        "judges dismissed the foundation's objections. Propose one only on a legal reviewer's considered view"
    )
)

_TABLE: list[Transition] = [
    # -- the payment path ---------------------------------------------------------------------------
    *_rows(
        [_S.IDENTIFIED],
        _E.CONTACT,
        _S.CONTACTED,
        CASEWORKER,
        requires=("channel", "contacted_on", "summary"),
        note=gettext_noop(
            "the first contact (visit, call, letter, meeting); later contacts go in the creditor's file "
            "and do not change the state"
        ),
    ),
    *_rows(
        [_S.CONTACTED],
        _E.DEFER,
        _S.UNDECIDED,
        CASEWORKER,
        requires=("summary",),
        note=gettext_noop("the creditor answered without deciding"),
    ),
    *_rows(
        [_S.CONTACTED, _S.UNDECIDED],
        _E.APPLY,
        _S.APPLIED,
        CASEWORKER,
        requires=_DOCUMENTS,
        note=gettext_noop(
            "consent to the third-party payment, with the application, identity and bank-account documents"
        ),
    ),
    *_rows(
        [_S.APPLIED],
        _E.VERIFY,
        _S.VERIFIED,
        LEGAL_REVIEWER,
        four_eyes=True,
        prepared_by=(_E.APPLY, _E.CONSENT_LATER),
        decision=True,
        requires=("identity", "heirship", "bank_account"),
        note=gettext_noop("whoever recorded the application cannot verify it"),
    ),
    *_rows(
        [_S.VERIFIED],
        _E.PROPOSE_PAYMENT,
        _S.PAYMENT_PROPOSED,
        CASEWORKER,
        decision=True,
        requires=("amount", "planned_payment_date"),
        optional=("partial_reason",),
        note=gettext_noop(
            "principal and delay damages up to and including the planned payment date, rounded once; "
            "less only as a partial payment, with its reason"
        ),
    ),
    *_rows(
        [_S.PAID],
        _E.PROPOSE_PAYMENT,
        _S.PAYMENT_PROPOSED,
        CASEWORKER,
        decision=True,
        requires=("amount", "planned_payment_date"),
        optional=("partial_reason",),
        note=gettext_noop("the rest, after a partial payment: refused when nothing is owed"),
    ),
    *_rows(
        [_S.PAYMENT_PROPOSED],
        _E.APPROVE_PAYMENT,
        _S.PAYMENT_APPROVED,
        FINANCE_OFFICER,
        four_eyes=True,
        prepared_by=(_E.PROPOSE_PAYMENT,),
        decision=True,
        note=gettext_noop(
            "by a finance officer other than the proposer; if the planned payment date has passed, "
            "the amount is short (interest runs to the day of payment): decline and propose again"
        ),
    ),
    *_rows(
        [_S.PAYMENT_PROPOSED],
        _E.DECLINE,
        _S.VERIFIED,
        FINANCE_OFFICER,
        requires=("reason",),
        note=gettext_noop("sent back to be proposed again (a wrong amount, a new date)"),
    ),
    *_rows(
        [_S.PAYMENT_APPROVED],
        _E.DECLINE,
        _S.VERIFIED,
        FINANCE_OFFICER,
        requires=("reason", "not_sent"),
        note=gettext_noop(
            "an approved payment recalled before it was sent; the finance officer records that it was not"
        ),
    ),
    *_rows(
        [_S.PAYMENT_APPROVED],
        _E.CONFIRM_PAYMENT,
        _S.PAID,
        FINANCE_OFFICER,
        requires=("bank_confirmation", "paid_on", "amount_paid"),
        note=gettext_noop(
            "the bank's confirmation; the amount paid is the amount approved; the debt is discharged "
            "and a reimbursement claim (구상권) against the defendant opens"
        ),
    ),
    *_rows(
        [_S.PAYMENT_APPROVED],
        _E.PAYMENT_RETURNED,
        _S.APPLIED,
        FINANCE_OFFICER,
        requires=("bank_notice",),
        note=gettext_noop(
            "the bank returned the transfer: the bank account must be documented and verified again"
        ),
    ),
    *_rows(
        [_S.PAID],
        _E.PAYMENT_RETURNED,
        _S.PAYMENT_APPROVED,
        FINANCE_OFFICER,
        requires=("bank_notice", "returned_on", "return_reason"),
        note=gettext_noop(
            "the bank brought the money back: the payment is undone, the approval stands; decline it and "
            "propose again for a new date (the amount must hold the delay damages to the new day) or send it "
            "back to be verified with a new bank account"
        ),
    ),
    *_rows(
        [_S.PAID],
        _E.RECEIPT,
        _S.RECEIPTED,
        CASEWORKER,
        requires=("receipt",),
        note=gettext_noop("the creditor's receipt (영수증) closes the file"),
    ),
    # -- refusal and explicit objection ---------------------------------------------------------------
    *_rows(
        _BEFORE_PAYMENT,
        _E.REFUSE,
        _S.REFUSED,
        CASEWORKER,
        requires=("reason",),
        note=gettext_noop(
            "the creditor will not accept the foundation's payment (수령거절); any proposal lapses"
        ),
    ),
    *_rows(
        [*_BEFORE_PAYMENT, _S.REFUSED, *_DEPOSIT_UNLODGED, _S.DEPOSIT_WITHDRAWN],
        _E.OBJECT,
        _S.OBJECTED,
        CASEWORKER,
        requires=("objection_statement",),
        note=gettext_noop(
            "an explicit objection to a third party's payment (Civil Act Art. 469(1)): the payment path is "
            "closed unless the creditor consents later; a deposit not yet lodged lapses"
        ),
    ),
    # -- the court deposit ----------------------------------------------------------------------------
    *_rows(
        [_S.REFUSED, _S.DEPOSIT_WITHDRAWN],
        _E.PROPOSE_DEPOSIT,
        _S.DEPOSIT_PROPOSED,
        LEGAL_REVIEWER,
        decision=True,
        requires=("amount", "court", "ground"),
        optional=("planned_lodging_date",),
        note=gettext_noop(
            "a court deposit (변제공탁, Civil Act Art. 487) for a creditor who refuses the payment"
        ),
    ),
    *_rows(
        [_S.OBJECTED],
        _E.PROPOSE_DEPOSIT,
        _S.DEPOSIT_PROPOSED,
        LEGAL_REVIEWER,
        decision=True,
        requires=("amount", "court", "ground"),
        optional=("planned_lodging_date",),
        note=_ART_469,
    ),
    *_rows(
        [_S.DEPOSIT_PROPOSED],
        _E.APPROVE_DEPOSIT,
        _S.DEPOSIT_APPROVED,
        APPROVER,
        four_eyes=True,
        prepared_by=(_E.PROPOSE_DEPOSIT,),
        decision=True,
        note=gettext_noop("by an approver other than the proposer"),
    ),
    *_rows(
        [_S.DEPOSIT_APPROVED],
        _E.LODGE_DEPOSIT,
        _S.DEPOSIT_LODGED,
        FINANCE_OFFICER,
        decision=True,
        requires=("court", "deposit_number", "lodged_on", "amount"),
        note=gettext_noop("lodged with the court's deposit office (공탁소)"),
    ),
    *_rows(
        [_S.DEPOSIT_LODGED, _S.OBJECTION_UPHELD],
        _E.OFFICER_ACCEPTS,
        _S.DEPOSIT_ACCEPTED,
        CASEWORKER,
        requires=("decided_on",),
        note=gettext_noop(
            "the deposit officer (공탁관) accepts the deposit (수리), on their own or as the court ordered"
        ),
    ),
    *_rows(
        [_S.DEPOSIT_LODGED],
        _E.OFFICER_REFUSES,
        _S.DEPOSIT_REFUSED,
        CASEWORKER,
        requires=("decided_on", "officer_reason"),
        note=gettext_noop("the deposit officer refuses the deposit (불수리), as in July 2023"),
    ),
    *_rows(
        [_S.DEPOSIT_REFUSED, _S.OBJECTION_DISMISSED],
        _E.FILE_OBJECTION,
        _S.OBJECTION_FILED,
        LEGAL_REVIEWER,
        decision=True,
        requires=("court", "case_number", "filed_on"),
        note=gettext_noop(
            "an objection (이의신청) to the district court against the officer's refusal, or an appeal "
            "(항고) against the dismissal of one"
        ),
    ),
    *_rows(
        [_S.OBJECTION_FILED],
        _E.OBJECTION_DISMISSED,
        _S.OBJECTION_DISMISSED,
        CASEWORKER,
        requires=("decided_on", "ruling"),
        note=gettext_noop("the court dismisses the objection (기각), as judges did in August 2023"),
    ),
    *_rows(
        [_S.OBJECTION_FILED],
        _E.OBJECTION_UPHELD,
        _S.OBJECTION_UPHELD,
        CASEWORKER,
        requires=("decided_on", "ruling"),
        note=gettext_noop(
            "the court upholds the objection (인용) and orders the officer to accept the deposit"
        ),
    ),
    *_rows(
        [_S.DEPOSIT_ACCEPTED],
        _E.CREDITOR_COLLECTS,
        _S.DEPOSIT_COLLECTED,
        CASEWORKER,
        requires=("collected_on",),
        note=gettext_noop(
            "the creditor collects the deposit (출급); the debt is discharged and the file closed"
        ),
    ),
    *_rows(
        [*_DEPOSIT_UNLODGED, _S.DEPOSIT_LODGED, _S.DEPOSIT_REFUSED, _S.OBJECTION_FILED],
        _E.WITHDRAW_DEPOSIT,
        _S.DEPOSIT_WITHDRAWN,
        LEGAL_REVIEWER,
        requires=("reason",),
        note=gettext_noop(
            "the foundation gives the deposit up: dropped before lodging, or its application withdrawn (취하)"
        ),
    ),
    *_rows(
        [_S.OBJECTION_DISMISSED, _S.OBJECTION_UPHELD],
        _E.WITHDRAW_DEPOSIT,
        _S.DEPOSIT_WITHDRAWN,
        LEGAL_REVIEWER,
        requires=("reason",),
        note=gettext_noop("the foundation gives the deposit up after the court's ruling"),
    ),
    *_rows(
        [_S.DEPOSIT_ACCEPTED],
        _E.WITHDRAW_DEPOSIT,
        _S.DEPOSIT_WITHDRAWN,
        LEGAL_REVIEWER,
        requires=("reason", "withdrawn_on"),
        note=gettext_noop(
            "the money taken back (회수, Civil Act Art. 489): possible until the creditor accepts the "
            "deposit or a judgment declaring it valid is final; the deposit is then treated as never made"
        ),
    ),
    # -- consent later --------------------------------------------------------------------------------
    *_rows(
        _NOT_CONSENTING,
        _E.CONSENT_LATER,
        _S.APPLIED,
        CASEWORKER,
        requires=_DOCUMENTS,
        note=gettext_noop(
            "a creditor who refused or objected consents: back to the payment path, any deposit not yet "
            "lodged lapses; with a deposit at the court, withdraw it first (see GUARDS)"
        ),
    ),
    # -- flags: a dispute among heirs and a hold, on every open step ----------------------------------
    *_rows(
        [state for state in OPEN if state not in _HEIRSHIP_VERIFIED],
        _E.DISPUTE,
        None,
        CASEWORKER,
        sets=Flag.DISPUTED,
        requires=("summary",),
        note=gettext_noop(
            "heirs dispute who holds the claim or in what shares: decisions wait for the settlement"
        ),
    ),
    *_rows(
        _HEIRSHIP_VERIFIED,
        _E.DISPUTE,
        _S.APPLIED,
        CASEWORKER,
        sets=Flag.DISPUTED,
        requires=("summary",),
        note=gettext_noop("heirship is no longer verified: back to applied, any payment proposal lapses"),
    ),
    *_rows(
        OPEN,
        _E.SETTLE,
        None,
        LEGAL_REVIEWER,
        clears=Flag.DISPUTED,
        requires=("settlement",),
        note=gettext_noop("an agreement among the heirs (상속재산분할협의) or a final ruling"),
    ),
    *_rows(
        OPEN,
        _E.HOLD,
        None,
        CASEWORKER,
        sets=Flag.ON_HOLD,
        requires=("reason",),
        note=gettext_noop(
            "the foundation pauses the file (funds short, litigation pending, the creditor asked for time)"
        ),
    ),
    *_rows(
        OPEN,
        _E.RESUME,
        None,
        CASEWORKER,
        clears=Flag.ON_HOLD,
        note=gettext_noop("the file continues where it stood"),
    ),
    # -- the creditor's death after the judgment ------------------------------------------------------
    *_rows(
        OPEN,
        _E.CREDITOR_DIED,
        _S.PASSED_TO_HEIRS,
        CASEWORKER,
        requires=("died_on",),
        note=gettext_noop(
            "the claim passes to the heirs by succession, each with a file of their own; a payment "
            "proposal in flight is stopped; money already paid stands and is deducted from the heirs' parts"
        ),
    ),
]

TRANSITIONS: Mapping[tuple[State, Event], Transition] = MappingProxyType(
    {(transition.source, transition.event): transition for transition in _TABLE}
)
if len(TRANSITIONS) != len(_TABLE):  # a row silently replacing another would change the law
    raise RuntimeError("two rows of the lifecycle table share a (state, event)")

_EVENTS_FROM: Mapping[State, tuple[Event, ...]] = MappingProxyType(
    {state: tuple(event for event in Event if (state, event) in TRANSITIONS) for state in State}
)

# The events of the payment path: closed to a creditor who refused or objected until they consent.
_PAYMENT_EVENTS = (
    _E.DEFER,
    _E.APPLY,
    _E.VERIFY,
    _E.PROPOSE_PAYMENT,
    _E.APPROVE_PAYMENT,
    _E.DECLINE,
    _E.CONFIRM_PAYMENT,
    _E.PAYMENT_RETURNED,
    _E.RECEIPT,
)
_WITHDRAW_FIRST = Message(
    gettext_noop(
        "a deposit is with the court, and paying as well could pay the creditor twice: withdraw the "
        "deposit first (withdraw deposit), then record the consent (consent later)"
    )
)
_REFUSED_PATH = Message(
    gettext_noop(
        "the creditor has refused the payment: the payment path is closed until they consent (consent later)"
    )
)
_OBJECTED_PATH = Message(
    gettext_noop(
        "the creditor objected explicitly, and under Civil Act Art. 469(1) that bars a third party's "
        "payment: the payment path is closed until they consent (consent later)"
    )
)
_LODGED_OBJECTION = Message(
    gettext_noop(
        "a deposit is with the court: record the creditor's objection in their file, where the legal "
        "reviewer weighs it; the deposit's course is the court's to decide"
    )
)
_ACCEPTED_CONSENT = Message(
    gettext_noop(
        "the court holds the deposit, and paying as well could pay the creditor twice: the creditor can "
        "collect the deposit (creditor collects), or the foundation withdraws it (withdraw deposit, "
        "Civil Act Art. 489) and then records the consent (consent later)"
    )
)
_APPROVED_REFUSAL = Message(
    gettext_noop(
        "the payment is approved and may already have been sent: the finance officer first confirms it "
        "(confirm payment) or recalls it unsent (decline); then record the refusal"
    )
)
_OFFICER_REFUSED = Message(
    gettext_noop(
        "the deposit officer refused the deposit, and only an objection the court upholds changes that: "
        "file an objection or an appeal (file objection), or give the deposit up (withdraw deposit)"
    )
)
_LATER_CONTACT = Message(
    gettext_noop(
        "the first contact is on record; later contacts go in the creditor's file and change no state"
    )
)
_PAID_ONLY_RECEIPT = Message(
    gettext_noop(
        "the bank has confirmed the payment and the debt is discharged: only the creditor's receipt remains, "
        "or the bank bringing the money back (payment returned); a later refusal or claim goes in the "
        "creditor's file for legal review"
    )
)


_PAYMENT_CLOSED = Message(gettext_noop("the payment path is closed: %(reason)s"), reason=_WITHDRAW_FIRST)
_REFUSAL_ON_RECORD = Message(gettext_noop("the creditor's refusal is already on record"))


def _guards() -> dict[tuple[State, Event], Message]:
    guards: dict[tuple[State, Event], Message] = {}
    for event in _PAYMENT_EVENTS:
        for state in (_S.REFUSED, *_DEPOSIT_UNLODGED, _S.DEPOSIT_WITHDRAWN):
            guards[state, event] = _REFUSED_PATH
        guards[_S.OBJECTED, event] = _OBJECTED_PATH
        for state in _DEPOSIT_LODGED:
            guards[state, event] = _PAYMENT_CLOSED
    for state in _DEPOSIT_LODGED:
        guards[state, _E.CONSENT_LATER] = _WITHDRAW_FIRST
        guards[state, _E.OBJECT] = _LODGED_OBJECTION
    guards[_S.DEPOSIT_ACCEPTED, _E.CONSENT_LATER] = _ACCEPTED_CONSENT
    for state in (*_NOT_CONSENTING, *_DEPOSIT_LODGED):
        guards[state, _E.REFUSE] = _REFUSAL_ON_RECORD
    guards[_S.PAYMENT_APPROVED, _E.REFUSE] = guards[_S.PAYMENT_APPROVED, _E.OBJECT] = _APPROVED_REFUSAL
    for state in (_S.DEPOSIT_REFUSED, _S.OBJECTION_DISMISSED):
        guards[state, _E.OFFICER_ACCEPTS] = guards[state, _E.CREDITOR_COLLECTS] = _OFFICER_REFUSED
    for state in OPEN:
        if state != _S.IDENTIFIED:
            guards[state, _E.CONTACT] = _LATER_CONTACT
    for event in Event:
        if (_S.PAID, event) not in TRANSITIONS:
            guards[_S.PAID, event] = _PAID_ONLY_RECEIPT
    return guards


GUARDS: Mapping[tuple[State, Event], Message] = MappingProxyType(_guards())
"""Why a (state, event) pair that is not in :data:`TRANSITIONS` is refused, where the reason is a rule of
its own rather than the order of the steps: above all, no way back to the payment path while a deposit
is with the court."""

_CLOSED = {
    State.RECEIPTED: Message(gettext_noop("the claim is paid and the creditor's receipt is on record")),
    State.DEPOSIT_COLLECTED: Message(
        gettext_noop("the creditor collected the court deposit and the debt is discharged")
    ),
    State.PASSED_TO_HEIRS: Message(
        gettext_noop("the creditor died and the claim passed to the heirs, whose own files continue it")
    ),
}

# Where each state stands on its path, so that a refusal can say "not yet" or "no longer".
_RANK: dict[State, tuple[str, int]] = {
    _S.IDENTIFIED: ("payment", 0),
    _S.CONTACTED: ("payment", 1),
    _S.UNDECIDED: ("payment", 2),
    _S.APPLIED: ("payment", 3),
    _S.VERIFIED: ("payment", 4),
    _S.PAYMENT_PROPOSED: ("payment", 5),
    _S.PAYMENT_APPROVED: ("payment", 6),
    _S.PAID: ("payment", 7),
    _S.RECEIPTED: ("payment", 8),
    _S.REFUSED: ("deposit", 0),
    _S.OBJECTED: ("deposit", 1),
    _S.DEPOSIT_PROPOSED: ("deposit", 2),
    _S.DEPOSIT_APPROVED: ("deposit", 3),
    _S.DEPOSIT_LODGED: ("deposit", 4),
    _S.DEPOSIT_REFUSED: ("deposit", 5),
    _S.OBJECTION_FILED: ("deposit", 6),
    _S.OBJECTION_DISMISSED: ("deposit", 7),
    _S.OBJECTION_UPHELD: ("deposit", 7),
    _S.DEPOSIT_ACCEPTED: ("deposit", 8),
    _S.DEPOSIT_COLLECTED: ("deposit", 9),
    # Given up, the deposit can start again: the claim stands where the refusal left it.
    _S.DEPOSIT_WITHDRAWN: ("deposit", 0),
    _S.PASSED_TO_HEIRS: ("heirs", 0),
}

_NOT_YET = {
    _E.DEFER: Message(gettext_noop("the creditor can be undecided only once contacted")),
    _E.APPLY: Message(gettext_noop("the creditor cannot apply before being contacted")),
    _E.VERIFY: Message(gettext_noop("a claim cannot be verified before the creditor has applied")),
    _E.PROPOSE_PAYMENT: Message(gettext_noop("a payment cannot be proposed before the claim is verified")),
    _E.APPROVE_PAYMENT: Message(gettext_noop("a payment cannot be approved before it is proposed")),
    _E.DECLINE: Message(gettext_noop("there is no payment proposal to decline")),
    _E.CONFIRM_PAYMENT: Message(gettext_noop("a payment cannot be confirmed before it is approved")),
    _E.PAYMENT_RETURNED: Message(gettext_noop("a payment cannot come back before it is approved and sent")),
    _E.RECEIPT: Message(gettext_noop("a receipt cannot be recorded before the bank confirms the payment")),
    _E.APPROVE_DEPOSIT: Message(gettext_noop("a deposit cannot be approved before it is proposed")),
    _E.LODGE_DEPOSIT: Message(gettext_noop("a deposit cannot be lodged before it is approved")),
    _E.OFFICER_ACCEPTS: Message(
        gettext_noop("the deposit officer cannot decide before the deposit is lodged")
    ),
    _E.OFFICER_REFUSES: Message(
        gettext_noop("the deposit officer cannot decide before the deposit is lodged")
    ),
    _E.FILE_OBJECTION: Message(
        gettext_noop("an objection can be filed only against the deposit officer's refusal")
    ),
    _E.OBJECTION_DISMISSED: Message(gettext_noop("an objection cannot be decided before it is filed")),
    _E.OBJECTION_UPHELD: Message(gettext_noop("an objection cannot be decided before it is filed")),
    _E.WITHDRAW_DEPOSIT: Message(gettext_noop("there is no deposit to withdraw")),
    _E.CREDITOR_COLLECTS: Message(
        gettext_noop("the creditor can collect a deposit only once the deposit officer has accepted it")
    ),
}
_NO_LONGER = {
    _E.DEFER: Message(
        gettext_noop(
            "the creditor has taken a position: a change of mind is a refusal, an objection or a consent"
        )
    ),
    _E.APPLY: Message(gettext_noop("the application is already on record")),
}
_CROSS = {
    _E.CONSENT_LATER: Message(gettext_noop("consent later is for a creditor who has refused or objected")),
}

_FLAG_SET = {
    Flag.DISPUTED: Message(gettext_noop("a dispute among the heirs is already on record")),
    Flag.ON_HOLD: Message(gettext_noop("the file is already on hold")),
}
_FLAG_NOT_SET = {
    Flag.DISPUTED: Message(gettext_noop("there is no dispute among the heirs to settle")),
    Flag.ON_HOLD: Message(gettext_noop("the file is not on hold")),
}
_FLAG_BLOCKS = {
    Flag.DISPUTED: Message(
        gettext_noop("the heirs dispute this claim: no decision until the dispute is settled (settle)")
    ),
    Flag.ON_HOLD: Message(gettext_noop("the file is on hold: no decision until it is resumed (resume)")),
}

_FOUR_EYES = {
    _E.VERIFY: Message(
        gettext_noop("whoever recorded the application cannot verify it: another legal reviewer must")
    ),
    _E.APPROVE_PAYMENT: Message(
        gettext_noop("whoever proposed a payment cannot approve it: another finance officer must")
    ),
    _E.APPROVE_DEPOSIT: Message(
        gettext_noop("whoever proposed a court deposit cannot approve it: another approver must")
    ),
}


def _state_term(state: str) -> Term:
    return Term("state", state)


def _event_term(event: str) -> Term:
    return Term("event", event)


def _sources(event: Event) -> list[State]:
    return [transition.source for transition in _TABLE if transition.event == event]


def _why_not(state: State, event: Event) -> Message:
    """Why ``event`` is not a row of the table from ``state`` (an open state)."""
    if (state, event) in GUARDS:
        return GUARDS[state, event]
    if any(t.event == event and t.target == state for t in _TABLE):
        return Message(gettext_noop("the claim already stands at %(state)s"), state=_state_term(state))
    path, rank = _RANK[state]
    ranks = [_RANK[source] for source in _sources(event)]
    if any(other == path for other, _ in ranks):
        if rank < min(r for other, r in ranks if other == path):
            return _NOT_YET.get(event) or Message(
                gettext_noop("%(event)s is not possible yet"), event=_event_term(event)
            )
        return _NO_LONGER.get(event) or Message(
            gettext_noop("%(event)s is no longer possible once the claim stands at %(state)s"),
            event=_event_term(event),
            state=_state_term(state),
        )
    return _CROSS.get(event) or Message(
        gettext_noop(
            "%(event)s belongs to the court deposit (변제공탁), which only the creditor's refusal or "
            "explicit objection opens"
        ),
        event=_event_term(event),
    )


def _check(state: State, event: Event, flags: frozenset[Flag]) -> Transition | Message:
    """The transition, or the reason (without the list of what is allowed) why there is none."""
    if state in TERMINAL:
        return Message(
            gettext_noop("the file is closed: %(why)s; nothing further is recorded in it"), why=_CLOSED[state]
        )
    transition = TRANSITIONS.get((state, event))
    if transition is None:
        return _why_not(state, event)
    if transition.sets is not None and transition.sets in flags:
        return _FLAG_SET[transition.sets]
    if transition.clears is not None and transition.clears not in flags:
        return _FLAG_NOT_SET[transition.clears]
    if transition.decision and flags:
        blocks = tuple(_FLAG_BLOCKS[flag] for flag in Flag if flag in flags)
        return blocks[0] if len(blocks) == 1 else Message("%(reasons)s", reasons=blocks)
    return transition


# Input may come straight from a form or the API: an unknown name is refused, never a server error.
def _state(state: object, event: object) -> State:
    try:
        return State(state)
    except ValueError:
        raise TransitionRefused(
            str(state), str(event), Message(gettext_noop("unknown state %(state)s"), state=repr(state))
        ) from None


def _flags(state: State, event: object, flags: Collection[object]) -> frozenset[Flag]:
    try:
        return frozenset(Flag(flag) for flag in flags)
    except ValueError as error:
        raise TransitionRefused(
            state, str(event), Message(gettext_noop("unknown flag: %(error)s"), error=str(error))
        ) from None


# Recorded elsewhere than on the claim's own file: a death, on the person's page, which hands every
# claim the person holds to the heirs at once.
ELSEWHERE = frozenset({Event.CREDITOR_DIED})


def allowed_events(state: State, flags: Collection[Flag] = frozenset()) -> list[Event]:
    """The events that may happen now, in the order :class:`Event` declares them."""
    state = _state(state, "")
    flags = _flags(state, "", flags)
    # Only the rows from this state can be allowed; the rest need no reason worked out.
    return [event for event in _EVENTS_FROM[state] if isinstance(_check(state, event, flags), Transition)]


def next_state(*, state: State, event: Event, flags: Collection[Flag] = frozenset()) -> Transition:
    """The row of :data:`TRANSITIONS` that ``event`` follows from ``state`` with ``flags`` set.

    Raises :class:`TransitionRefused` with a reason a caseworker can read and what is allowed instead.
    """
    state = _state(state, event)
    try:
        event = Event(event)
    except ValueError:
        raise TransitionRefused(
            state, str(event), Message(gettext_noop("unknown event %(event)s"), event=repr(event))
        ) from None
    flags = _flags(state, event, flags)
    result = _check(state, event, flags)
    if isinstance(result, Transition):
        return result
    allowed = allowed_events(state, flags)
    if state not in TERMINAL:
        result = Message(
            gettext_noop("%(reason)s; allowed now: %(allowed)s"),
            reason=result,
            allowed=tuple(_event_term(allowed_event) for allowed_event in allowed),
        )
    raise TransitionRefused(state, event, result, allowed)


def flags_after(*, flags: Collection[Flag], transition: Transition) -> frozenset[Flag]:
    """The flags once ``transition`` has been made."""
    after = set(flags)
    if transition.sets is not None:
        after.add(transition.sets)
    if transition.clears is not None:
        after.discard(transition.clears)
    return frozenset(after)


def check_four_eyes(*, transition: Transition, prepared_by: Hashable | None, acting: Hashable) -> None:
    """Refuse a four-eyes transition made by whoever prepared it (recorded its ``prepared_by`` event).

    An unknown preparer is refused too: four eyes that cannot be checked are not four eyes.
    """
    if not transition.four_eyes:
        return
    if prepared_by is None:
        raise TransitionRefused(
            transition.source,
            transition.event,
            Message(gettext_noop("who prepared this is not on record, so a second person cannot be assured")),
        )
    if prepared_by == acting:
        reason = _FOUR_EYES.get(transition.event) or Message(
            gettext_noop("whoever prepared this cannot also %(event)s it"),
            event=_event_term(transition.event),
        )
        raise TransitionRefused(transition.source, transition.event, reason)


def check_recorded(*, transition: Transition, recorded: Collection[str]) -> None:
    """Refuse ``transition`` unless every fact it ``requires`` is among ``recorded``, naming those missing."""
    missing = [fact for fact in transition.requires if fact not in recorded]
    if missing:
        raise TransitionRefused(
            transition.source,
            transition.event,
            Message(
                gettext_noop("%(event)s needs %(facts)s on record"),
                event=_event_term(transition.event),
                facts=tuple(Term("fact", fact) for fact in missing),
            ),
        )


def describe() -> list[dict]:
    """The table for documentation and the API: one plain, JSON-ready dict per transition."""
    return [
        {
            "from": transition.source.value,
            "event": transition.event.value,
            "to": transition.target.value,
            "needs_role": transition.needs_role,
            "four_eyes": transition.four_eyes,
            "prepared_by": [event.value for event in transition.prepared_by],
            "requires": list(transition.requires),
            "decision": transition.decision,
            "sets": transition.sets.value if transition.sets else None,
            "clears": transition.clears.value if transition.clears else None,
            "note": transition.note,
        }
        for transition in _TABLE
    ]


def describe_states() -> list[dict]:
    """Every state with its meaning, whether it is terminal, and the events allowed from it."""
    return [
        {
            "state": state.value,
            "meaning": MEANING[state],
            "terminal": state in TERMINAL,
            "events": [event.value for event in allowed_events(state)],
        }
        for state in State
    ]


def mermaid() -> str:
    """The lifecycle as a Mermaid ``stateDiagram-v2``; flag events, which stay put, are left to a note."""
    edges: dict[tuple[State, State], list[str]] = {}
    for transition in _TABLE:
        if transition.source == transition.target:
            continue
        label = str(_event_term(transition.event)) + (" (four eyes)" if transition.four_eyes else "")
        labels = edges.setdefault((transition.source, transition.target), [])
        if label not in labels:
            labels.append(label)
    lines = ["stateDiagram-v2", f"    [*] --> {State.IDENTIFIED}"]
    lines += [f"    {source} --> {target}: {', '.join(labels)}" for (source, target), labels in edges.items()]
    lines += [f"    {state} --> [*]" for state in State if state in TERMINAL]
    lines += [
        f"    note right of {State.IDENTIFIED}",
        "        On any open state: dispute / settle (disputed), hold / resume (on hold).",
        "        While a flag is set, the foundation's decisions wait.",
        "    end note",
    ]
    return "\n".join(lines) + "\n"
