"""The lifecycle of a creditor's claim: both paths step by step, what is refused and why, four eyes,
flags, and the shape of the table itself (everything reachable, nothing a dead end)."""

import json
from collections import deque

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from amends.law.lifecycle import (
    GUARDS,
    MEANING,
    ROLES,
    TERMINAL,
    TRANSITIONS,
    Event,
    Flag,
    State,
    Transition,
    TransitionRefused,
    allowed_events,
    check_four_eyes,
    check_recorded,
    describe,
    describe_states,
    flags_after,
    mermaid,
    next_state,
)

S, E = State, Event
PAYMENT_PATH = (
    E.CONTACT,
    E.APPLY,
    E.VERIFY,
    E.PROPOSE_PAYMENT,
    E.APPROVE_PAYMENT,
    E.CONFIRM_PAYMENT,
    E.RECEIPT,
)
# The states in which the foundation is on its way to paying the creditor itself.
PAYMENT_SIDE = frozenset({S.APPLIED, S.VERIFIED, S.PAYMENT_PROPOSED, S.PAYMENT_APPROVED, S.PAID, S.RECEIPTED})
# The states in which a deposit has been lodged with a court and not given up.
AT_COURT = (
    S.DEPOSIT_LODGED,
    S.DEPOSIT_ACCEPTED,
    S.DEPOSIT_REFUSED,
    S.OBJECTION_FILED,
    S.OBJECTION_DISMISSED,
    S.OBJECTION_UPHELD,
)


def walk(*events, state=S.IDENTIFIED, flags=frozenset()):
    """Apply ``events`` in order; return the states passed through and the flags at the end."""
    states = [state]
    for event in events:
        transition = next_state(state=state, event=event, flags=flags)
        flags = flags_after(flags=flags, transition=transition)
        state = transition.target
        states.append(state)
    return states, flags


def refusal(state, event, flags=frozenset()):
    with pytest.raises(TransitionRefused) as caught:
        next_state(state=state, event=event, flags=flags)
    return caught.value


def reachable(start, *, avoid=(), without=()):
    """The states reachable from ``start`` through the table, never entering ``avoid`` nor following an
    event in ``without``."""
    seen, queue = {start}, deque([start])
    while queue:
        state = queue.popleft()
        for (source, event), transition in TRANSITIONS.items():
            target = transition.target
            if source == state and event not in without and target not in avoid and target not in seen:
                seen.add(target)
                queue.append(target)
    return seen


# -- the payment path ---------------------------------------------------------------------------------


def test_the_payment_path_step_by_step():
    # given a creditor just identified
    # when every step of the payment path happens in order
    states, flags = walk(*PAYMENT_PATH)
    # then the claim passes through each state to the receipt, and nothing more can happen
    assert states == [
        S.IDENTIFIED,
        S.CONTACTED,
        S.APPLIED,
        S.VERIFIED,
        S.PAYMENT_PROPOSED,
        S.PAYMENT_APPROVED,
        S.PAID,
        S.RECEIPTED,
    ]
    assert flags == frozenset()
    assert allowed_events(S.RECEIPTED) == []


def test_each_payment_step_names_who_records_it_and_what_must_be_on_record():
    rows = {event: TRANSITIONS[source, event] for source, event in TRANSITIONS if event in PAYMENT_PATH}

    assert set(rows[E.APPLY].requires) >= {"consent", "identity_document", "bank_account_document"}
    assert rows[E.VERIFY].requires == ("identity", "heirship", "bank_account")
    assert rows[E.VERIFY].needs_role == "legal_reviewer"
    assert set(rows[E.PROPOSE_PAYMENT].requires) == {"amount", "planned_payment_date"}
    assert rows[E.APPROVE_PAYMENT].needs_role == "finance_officer"
    assert rows[E.APPROVE_PAYMENT].four_eyes
    assert "bank_confirmation" in rows[E.CONFIRM_PAYMENT].requires
    assert rows[E.RECEIPT].requires == ("receipt",)


def test_an_undecided_creditor_may_still_apply_refuse_or_object():
    states, _ = walk(E.CONTACT, E.DEFER)
    assert states[-1] == S.UNDECIDED
    assert {E.APPLY, E.REFUSE, E.OBJECT} <= set(allowed_events(S.UNDECIDED))
    assert walk(E.APPLY, state=S.UNDECIDED)[0][-1] == S.APPLIED


def test_a_declined_proposal_and_a_returned_transfer_go_back_to_be_done_again():
    assert next_state(state=S.PAYMENT_PROPOSED, event=E.DECLINE).target == S.VERIFIED
    recalled = next_state(state=S.PAYMENT_APPROVED, event=E.DECLINE)
    assert recalled.target == S.VERIFIED
    assert "not_sent" in recalled.requires
    # a bounced transfer means the bank account itself must be verified again
    assert next_state(state=S.PAYMENT_APPROVED, event=E.PAYMENT_RETURNED).target == S.APPLIED
    # money the bank brings back after it was booked as paid undoes the payment; the approval stands
    undone = next_state(state=S.PAID, event=E.PAYMENT_RETURNED)
    assert undone.target == S.PAYMENT_APPROVED
    assert undone.needs_role == "finance_officer"
    assert set(undone.requires) == {"bank_notice", "returned_on", "return_reason"}


# -- refusal, deposit, and what happened in July-August 2023 -------------------------------------------


@pytest.mark.parametrize("position", [E.REFUSE, E.OBJECT])
def test_deposit_refused_by_the_officer_and_the_objection_dismissed(position):
    # given a creditor who refuses the foundation's payment, or objects to it explicitly (Art. 469)
    # when the foundation lodges a court deposit, the officer refuses it and the judge dismisses the
    # foundation's objection, as at Gwangju, Jeonju and Suwon in July-August 2023
    states, _ = walk(
        E.CONTACT,
        position,
        E.PROPOSE_DEPOSIT,
        E.APPROVE_DEPOSIT,
        E.LODGE_DEPOSIT,
        E.OFFICER_REFUSES,
        E.FILE_OBJECTION,
        E.OBJECTION_DISMISSED,
    )
    # then the claim stands refused by the court, with an appeal or giving up as the ways on
    assert states[1:] == [
        S.CONTACTED,
        S.REFUSED if position == E.REFUSE else S.OBJECTED,
        S.DEPOSIT_PROPOSED,
        S.DEPOSIT_APPROVED,
        S.DEPOSIT_LODGED,
        S.DEPOSIT_REFUSED,
        S.OBJECTION_FILED,
        S.OBJECTION_DISMISSED,
    ]
    assert allowed_events(S.OBJECTION_DISMISSED) == [
        E.FILE_OBJECTION,
        E.WITHDRAW_DEPOSIT,
        E.DISPUTE,
        E.HOLD,
        E.CREDITOR_DIED,
    ]
    # and nobody can record the money as accepted or collected
    for event in (E.OFFICER_ACCEPTS, E.CREDITOR_COLLECTS):
        assert "only an objection the court upholds" in refusal(S.OBJECTION_DISMISSED, event).reason


def test_a_lodged_deposit_records_court_number_date_and_amount():
    lodge = TRANSITIONS[S.DEPOSIT_APPROVED, E.LODGE_DEPOSIT]

    assert set(lodge.requires) == {"court", "deposit_number", "lodged_on", "amount"}
    with pytest.raises(TransitionRefused, match="needs deposit number on record"):
        check_recorded(transition=lodge, recorded={"court", "lodged_on", "amount"})
    check_recorded(transition=lodge, recorded={"court", "deposit_number", "lodged_on", "amount", "memo"})


def test_a_deposit_against_an_explicit_objection_carries_the_2023_history():
    against_objection = TRANSITIONS[S.OBJECTED, E.PROPOSE_DEPOSIT]

    assert against_objection.needs_role == "legal_reviewer"
    assert "469(1)" in against_objection.note
    assert "2023" in against_objection.note


def test_an_upheld_objection_leads_to_acceptance_and_the_creditor_collecting():
    states, _ = walk(
        E.FILE_OBJECTION, E.OBJECTION_UPHELD, E.OFFICER_ACCEPTS, E.CREDITOR_COLLECTS, state=S.DEPOSIT_REFUSED
    )
    assert states[1:] == [S.OBJECTION_FILED, S.OBJECTION_UPHELD, S.DEPOSIT_ACCEPTED, S.DEPOSIT_COLLECTED]
    assert allowed_events(S.DEPOSIT_COLLECTED) == []


def test_an_accepted_deposit_may_be_withdrawn_under_article_489_and_then_proposed_again():
    withdrawn = next_state(state=S.DEPOSIT_ACCEPTED, event=E.WITHDRAW_DEPOSIT)
    assert withdrawn.target == S.DEPOSIT_WITHDRAWN
    assert "489" in withdrawn.note
    # the debt revives: a new deposit or the creditor's consent
    assert {E.PROPOSE_DEPOSIT, E.CONSENT_LATER} <= set(allowed_events(S.DEPOSIT_WITHDRAWN))


def test_after_an_explicit_objection_the_payment_path_is_closed():
    for event in (E.APPLY, E.VERIFY, E.PROPOSE_PAYMENT, E.APPROVE_PAYMENT):
        assert "Art. 469(1)" in refusal(S.OBJECTED, event).reason
    ways_in = {t.event for t in TRANSITIONS.values() if t.target == S.OBJECTED and t.source != S.OBJECTED}
    assert ways_in == {E.OBJECT}
    # an objection is never downgraded to a mere refusal: it stands until the creditor consents
    assert S.REFUSED not in reachable(S.OBJECTED, without={E.CONSENT_LATER})


# -- consent later --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "state", [S.REFUSED, S.OBJECTED, S.DEPOSIT_PROPOSED, S.DEPOSIT_APPROVED, S.DEPOSIT_WITHDRAWN]
)
def test_consent_later_returns_to_the_payment_path(state):
    # given a creditor who refused or objected, with no deposit at the court
    # when they consent after all
    states, _ = walk(
        E.CONSENT_LATER, E.VERIFY, E.PROPOSE_PAYMENT, E.APPROVE_PAYMENT, E.CONFIRM_PAYMENT, state=state
    )
    # then they are paid like anyone else, after fresh documents
    assert states[1:] == [S.APPLIED, S.VERIFIED, S.PAYMENT_PROPOSED, S.PAYMENT_APPROVED, S.PAID]
    assert "consent" in TRANSITIONS[state, E.CONSENT_LATER].requires


@pytest.mark.parametrize("state", AT_COURT)
def test_consent_later_waits_for_a_lodged_deposit_to_be_withdrawn(state):
    # given a deposit with the court
    # when the creditor consents
    refused = refusal(state, E.CONSENT_LATER)
    # then the lifecycle refuses to pay as well, and says what to do
    assert "withdraw deposit" in refused.reason
    assert "twice" in refused.reason
    assert E.WITHDRAW_DEPOSIT in refused.allowed
    # and once the deposit is withdrawn the consent returns the claim to the payment path
    states, _ = walk(E.WITHDRAW_DEPOSIT, E.CONSENT_LATER, E.VERIFY, state=state)
    assert states[1:] == [S.DEPOSIT_WITHDRAWN, S.APPLIED, S.VERIFIED]


def test_a_consenting_creditor_may_instead_collect_an_accepted_deposit():
    assert "creditor collects" in refusal(S.DEPOSIT_ACCEPTED, E.CONSENT_LATER).reason
    assert next_state(state=S.DEPOSIT_ACCEPTED, event=E.CREDITOR_COLLECTS).target == S.DEPOSIT_COLLECTED


@pytest.mark.parametrize("state", AT_COURT)
def test_no_way_from_a_deposit_at_court_to_a_payment_except_through_its_withdrawal(state):
    assert reachable(state, avoid={S.DEPOSIT_WITHDRAWN}) & PAYMENT_SIDE == set()


@pytest.mark.parametrize("state", [S.REFUSED, S.OBJECTED, S.DEPOSIT_WITHDRAWN, *AT_COURT])
def test_no_way_from_a_refusal_to_a_payment_except_through_consent(state):
    assert reachable(state, without={E.CONSENT_LATER}) & PAYMENT_SIDE == set()


# -- refusals and their reasons ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("state", "event", "reason"),
    [
        (S.VERIFIED, E.APPROVE_PAYMENT, "a payment cannot be approved before it is proposed"),
        (S.APPLIED, E.PROPOSE_PAYMENT, "a payment cannot be proposed before the claim is verified"),
        (S.IDENTIFIED, E.APPLY, "the creditor cannot apply before being contacted"),
        (S.PAYMENT_PROPOSED, E.CONFIRM_PAYMENT, "a payment cannot be confirmed before it is approved"),
        (S.PAYMENT_APPROVED, E.APPROVE_PAYMENT, "already stands at payment approved"),
        (S.PAID, E.APPROVE_PAYMENT, "the debt is discharged"),
        (S.PAYMENT_APPROVED, E.REFUSE, "may already have been sent"),
        (S.REFUSED, E.LODGE_DEPOSIT, "a deposit cannot be lodged before it is approved"),
        (
            S.DEPOSIT_APPROVED,
            E.OFFICER_REFUSES,
            "the deposit officer cannot decide before the deposit is lodged",
        ),
        (S.VERIFIED, E.PROPOSE_DEPOSIT, "only the creditor's refusal or explicit objection opens"),
        (S.VERIFIED, E.CONSENT_LATER, "for a creditor who has refused or objected"),
        (S.REFUSED, E.PROPOSE_PAYMENT, "the payment path is closed until they consent"),
        (S.CONTACTED, E.CONTACT, "later contacts go in the creditor's file"),
        (S.RECEIPTED, E.HOLD, "the file is closed"),
        (S.DEPOSIT_COLLECTED, E.WITHDRAW_DEPOSIT, "the file is closed"),
    ],
)
def test_a_step_out_of_order_is_refused_with_a_reason(state, event, reason):
    refused = refusal(state, event)

    assert isinstance(refused, ValueError)
    assert reason in refused.reason
    assert (refused.state, refused.event) == (state, event)
    assert list(refused.allowed) == allowed_events(state)


def test_every_refusal_says_why_and_what_is_allowed_instead():
    for state in State:
        for event in Event:
            if event in allowed_events(state):
                continue
            refused = refusal(state, event)
            assert refused.reason
            if state not in TERMINAL:
                allowed = ", ".join(event.value.replace("_", " ") for event in allowed_events(state))
                assert refused.reason.endswith(f"allowed now: {allowed}")


@pytest.mark.parametrize(
    "arguments",
    [
        {"state": "paid_twice", "event": "receipt"},
        {"state": "paid", "event": "pay_again"},
        {"state": "paid", "event": "receipt", "flags": ["frozen"]},
    ],
)
def test_unknown_names_are_refused_not_crashed_on(arguments):
    with pytest.raises(TransitionRefused, match="unknown"):
        next_state(**arguments)


def test_plain_strings_are_accepted_as_the_api_sends_them():
    transition = next_state(state="payment_proposed", event="approve_payment", flags=[])
    assert transition is TRANSITIONS[S.PAYMENT_PROPOSED, E.APPROVE_PAYMENT]


def test_guards_only_explain_what_the_table_does_not_allow():
    assert not set(GUARDS) & set(TRANSITIONS)


# -- four eyes -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "event", "words"),
    [
        (S.PAYMENT_PROPOSED, E.APPROVE_PAYMENT, "whoever proposed a payment cannot approve it"),
        (S.DEPOSIT_PROPOSED, E.APPROVE_DEPOSIT, "whoever proposed a court deposit cannot approve it"),
        (S.APPLIED, E.VERIFY, "whoever recorded the application cannot verify it"),
    ],
)
def test_nobody_approves_their_own_proposal(source, event, words):
    transition = next_state(state=source, event=event)

    with pytest.raises(TransitionRefused, match=words):
        check_four_eyes(transition=transition, prepared_by="kim", acting="kim")
    with pytest.raises(TransitionRefused, match="not on record"):
        check_four_eyes(transition=transition, prepared_by=None, acting="kim")
    check_four_eyes(transition=transition, prepared_by="kim", acting="lee")


def test_four_eyes_on_the_approvals_and_the_verification_and_nowhere_else():
    four_eyes = {event for (_, event), transition in TRANSITIONS.items() if transition.four_eyes}
    assert four_eyes == {E.VERIFY, E.APPROVE_PAYMENT, E.APPROVE_DEPOSIT}
    check_four_eyes(transition=TRANSITIONS[S.VERIFIED, E.PROPOSE_PAYMENT], prepared_by="kim", acting="kim")


def test_what_a_four_eyes_step_checks_against_is_what_led_into_it():
    for transition in TRANSITIONS.values():
        assert transition.four_eyes == bool(transition.prepared_by)
        for event in transition.prepared_by:
            assert any(t.event == event and t.target == transition.source for t in TRANSITIONS.values())


# -- flags: a dispute among heirs, a hold ----------------------------------------------------------------


def test_a_hold_suspends_decisions_but_not_what_others_do():
    # given a proposed payment put on hold
    _, flags = walk(E.HOLD, state=S.PAYMENT_PROPOSED)
    assert flags == {Flag.ON_HOLD}
    # then it cannot be approved, and the reason says how to go on
    assert "resume" in refusal(S.PAYMENT_PROPOSED, E.APPROVE_PAYMENT, flags).reason
    assert E.APPROVE_PAYMENT not in allowed_events(S.PAYMENT_PROPOSED, flags)
    # but the creditor can still refuse, and the court still decides on a lodged deposit
    assert next_state(state=S.PAYMENT_PROPOSED, event=E.REFUSE, flags=flags).target == S.REFUSED
    assert next_state(state=S.DEPOSIT_LODGED, event=E.OFFICER_REFUSES, flags=flags)
    # when resumed, it goes on where it stood
    states, flags = walk(E.RESUME, E.APPROVE_PAYMENT, state=S.PAYMENT_PROPOSED, flags=flags)
    assert states == [S.PAYMENT_PROPOSED, S.PAYMENT_PROPOSED, S.PAYMENT_APPROVED]
    assert flags == frozenset()


def test_a_dispute_among_heirs_undoes_a_verification_until_settled():
    # given a verified claim with a payment proposed
    # when the heirs dispute it
    states, flags = walk(E.DISPUTE, state=S.PAYMENT_PROPOSED)
    # then the proposal lapses, heirship is to be verified again, and only after the settlement
    assert states[-1] == S.APPLIED
    assert flags == {Flag.DISPUTED}
    assert "settle" in refusal(S.APPLIED, E.VERIFY, flags).reason
    states, flags = walk(E.SETTLE, E.VERIFY, state=S.APPLIED, flags=flags)
    assert states[-1] == S.VERIFIED
    assert flags == frozenset()


def test_a_dispute_after_approval_leaves_the_payment_where_it_stands():
    # the money may already be on its way: the finance officer confirms or recalls it
    transition = next_state(state=S.PAYMENT_APPROVED, event=E.DISPUTE)
    assert transition.target == S.PAYMENT_APPROVED
    flags = flags_after(flags=frozenset(), transition=transition)
    assert {E.CONFIRM_PAYMENT, E.DECLINE} <= set(allowed_events(S.PAYMENT_APPROVED, flags))


def test_a_flag_is_set_once_and_cleared_only_when_set():
    assert "already on hold" in refusal(S.VERIFIED, E.HOLD, {Flag.ON_HOLD}).reason
    assert "not on hold" in refusal(S.VERIFIED, E.RESUME).reason
    assert "no dispute" in refusal(S.VERIFIED, E.SETTLE).reason


# -- the shape of the table ----------------------------------------------------------------------------


def test_every_state_is_reachable_from_identified():
    assert reachable(S.IDENTIFIED) == set(State)


def test_every_open_state_has_a_way_out_and_a_way_to_an_end():
    for state in State:
        moves = {t.target for (source, _), t in TRANSITIONS.items() if source == state and t.target != state}
        if state in TERMINAL:
            assert moves == set()
        else:
            assert moves, f"{state} is a dead end"
            assert reachable(state) & TERMINAL, f"{state} can never close"


def test_the_terminal_states_and_nothing_leaves_them():
    assert {S.RECEIPTED, S.DEPOSIT_COLLECTED, S.PASSED_TO_HEIRS} == TERMINAL
    assert not [source for source, _ in TRANSITIONS if source in TERMINAL]
    for state in TERMINAL:
        assert "closed" in refusal(state, E.DISPUTE).reason


def test_every_row_is_well_formed():
    for (source, event), transition in TRANSITIONS.items():
        assert (transition.source, transition.event) == (source, event)
        assert transition.needs_role in ROLES
        assert all(fact and fact == fact.lower() and " " not in fact for fact in transition.requires)
        assert transition.note
        assert not (transition.sets and transition.clears)
    assert set(MEANING) == set(State)


def test_describe_publishes_every_row_as_plain_json():
    rows = json.loads(json.dumps(describe()))

    assert len(rows) == len(TRANSITIONS)
    for row in rows:
        transition = TRANSITIONS[State(row["from"]), Event(row["event"])]
        assert row["to"] == transition.target
        assert row["four_eyes"] == transition.four_eyes
        assert row["requires"] == list(transition.requires)
    states = json.loads(json.dumps(describe_states()))
    assert [row["state"] for row in states] == list(State)
    assert {row["state"] for row in states if row["terminal"]} == set(TERMINAL)


def test_mermaid_draws_every_state_and_every_move():
    diagram = mermaid()
    lines = diagram.splitlines()

    assert lines[0] == "stateDiagram-v2"
    assert "    [*] --> identified" in lines
    for transition in TRANSITIONS.values():
        if transition.target == transition.source:
            continue
        edge = f"    {transition.source} --> {transition.target}: "
        [line] = [line for line in lines if line.startswith(edge)]
        assert transition.event.replace("_", " ") in line
    for state in TERMINAL:
        assert f"    {state} --> [*]" in lines
    assert "approve payment (four eyes)" in diagram


# -- properties ----------------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(Event), max_size=80))
def test_random_events_move_a_claim_only_through_the_table(events):
    state, flags, deposit_at_court = S.IDENTIFIED, frozenset(), False
    for event in events:
        allowed = allowed_events(state, flags)
        try:
            transition = next_state(state=state, event=event, flags=flags)
        except TransitionRefused as refused:
            # a refusal changes nothing and is exactly what allowed_events leaves out
            assert event not in allowed
            assert refused.reason
            assert (refused.state, refused.event) == (state, event)
            continue
        assert event in allowed
        assert transition is TRANSITIONS[state, event]
        assert not (transition.decision and flags)
        state, flags = transition.target, flags_after(flags=flags, transition=transition)
        assert isinstance(state, State)
        assert flags <= set(Flag)
        deposit_at_court = (deposit_at_court or event == E.LODGE_DEPOSIT) and event != E.WITHDRAW_DEPOSIT
        assert not (deposit_at_court and state in PAYMENT_SIDE)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=99), max_size=60))
def test_every_allowed_event_is_accepted(choices):
    # a random walk that follows only allowed events reaches deep into both paths
    state, flags = S.IDENTIFIED, frozenset()
    for choice in choices:
        allowed = allowed_events(state, flags)
        if not allowed:
            assert state in TERMINAL
            break
        event = allowed[choice % len(allowed)]
        transition = next_state(state=state, event=event, flags=flags)
        assert isinstance(transition, Transition)
        state, flags = transition.target, flags_after(flags=flags, transition=transition)
