"""On one day, the timeline lists the steps of a claim file in the order they happened: an event
before the one that answers it (the deposit lodged before the deposit officer's refusal of it)."""

from datetime import date
from fractions import Fraction

import pytest
from django.urls import reverse
from django.utils import translation

from amends.judgments import services as judgments_services
from amends.judgments.services import CreditorSpec
from amends.outreach import selectors
from amends.payments import services as payments
from amends.registry import services as registry
from tests.outreach.test_pages import items, reader  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

DAY = date(2023, 9, 1)


def test_a_refusal_lodging_and_the_officers_refusal_on_one_day_are_listed_in_that_order(
    programme,
    people,
    reader,  # noqa: F811
):
    # given a creditor who refused on 2023-09-01, whose deposit was lodged and refused by the deposit
    # officer that same day, each step recorded after the one it answers
    victim = registry.person_create(by=None, name_hangul="박순자", sex="F", birth_date=date(1926, 2, 2))
    award = judgments_services.award_create(
        by=None,
        case=programme["case"],
        victim=victim,
        principal=100_000_000,
        accruals=[(date(2013, 6, 19), "0.20")],
        creditors=[CreditorSpec(person=victim, share=Fraction(1))],
    )
    kim, lee, park, choi = (people[r] for r in ("caseworker", "reviewer", "finance", "approver"))
    claim = payments.claim_open(creditor=award.creditors.get(), by=kim)
    contact = {"channel": "visit", "contacted_on": "2023-08-20", "summary": "explained the plan"}
    payments.claim_record(claim=claim, event="contact", by=kim, facts=contact, occurred_on=date(2023, 8, 20))
    payments.claim_record(claim=claim, event="refuse", by=kim, facts={"reason": "no"}, occurred_on=DAY)
    payments.claim_record(
        claim=claim,
        event="propose_deposit",
        by=lee,
        facts={
            "planned_lodging_date": DAY.isoformat(),
            "court": "Seoul Central District Court",
            "ground": "refusal",
        },
        occurred_on=DAY,
    )
    payments.claim_record(claim=claim, event="approve_deposit", by=choi, occurred_on=DAY)
    amount = claim.entries.get(event="propose_deposit").facts["amount"]
    payments.claim_record(
        claim=claim,
        event="lodge_deposit",
        by=park,
        facts={
            "court": "Seoul Central District Court",
            "deposit_number": "2023금9",
            "lodged_on": DAY.isoformat(),
            "amount": str(amount),
        },
        occurred_on=DAY,
    )
    payments.claim_record(
        claim=claim,
        event="officer_refuses",
        by=kim,
        facts={"decided_on": DAY.isoformat(), "officer_reason": "the creditor objects"},
        occurred_on=DAY,
    )

    # when the timeline is read
    with translation.override("en"):
        same_day = [item.title for item in selectors.timeline() if item.on == DAY]
    page = reader.get(reverse("outreach:timeline")).content.decode()

    # then the refusal comes first, then the deposit, then the officer's refusal of it
    assert same_day == [
        "The creditor refused the foundation's payment",
        f"Deposit of {int(amount):,} won lodged with Seoul Central District Court",
        "The deposit officer refused the deposit",
    ]
    assert [kind for when, kind in items(page) if when == DAY.isoformat()] == [
        "refusal",
        "deposit",
        "deposit",
    ]
    that_day = page[page.index(f'datetime="{DAY.isoformat()}"') :]
    assert that_day.index("won lodged with Seoul Central") < that_day.index("The deposit officer refused")
