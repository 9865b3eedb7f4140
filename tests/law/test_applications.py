"""The programme application's lifecycle as data (issue 16)."""

from datetime import date

import pytest

from amends.law import applications as law
from amends.law.roles import CASEWORKER, LEGAL_REVIEWER


def test_the_decisions_are_a_legal_reviewer_s_and_four_eyes():
    # given / when / then: a caseworker proposes, a legal reviewer other than the proposer decides
    propose = law.next_state("linked", "propose")
    approve = law.next_state("eligibility_proposed", "approve")
    refuse = law.next_state("eligibility_proposed", "refuse")
    assert (propose.to, propose.role) == (law.State.ELIGIBILITY_PROPOSED, CASEWORKER)
    assert (approve.to, approve.role, approve.not_by) == (
        law.State.ELIGIBLE,
        LEGAL_REVIEWER,
        law.Step.PROPOSE,
    )
    assert (refuse.to, refuse.reasons) == (law.State.REFUSED, True)


def test_a_step_out_of_order_is_not_allowed():
    # given a linked file, when it is decided before any proposal, then it is not allowed
    with pytest.raises(law.NotAllowed):
        law.next_state("linked", "approve")
    with pytest.raises(law.NotAllowed):
        law.next_state("eligible", "object")


def test_the_objection_deadline_is_thirty_days_after_the_refusal():
    # given a refusal notified on 2026-01-31, then the last day to object is 2026-03-02
    assert law.objection_deadline(date(2026, 1, 31)) == date(2026, 3, 2)
    assert law.objection_deadline(date(2026, 1, 31), days=14) == date(2026, 2, 14)


def test_every_step_that_decides_is_blocked_by_a_flag():
    # given the steps a legal reviewer takes, then exactly those wait for a flag to be cleared
    reviewers = {step for (_state, step), rule in law.TRANSITIONS.items() if rule.role == LEGAL_REVIEWER}
    assert reviewers == law.DECISIONS
