"""Small fixtures for the fund: a case of two living victims, staff in every role, a claim walked to
an approved payment. Smaller and faster than the demonstration data."""

from datetime import date
from fractions import Fraction

import pytest
from django.utils import translation

from amends.demo.judgments import _reference_data
from amends.judgments import services as judgments
from amends.judgments.models import Court, Defendant
from amends.judgments.services import CreditorSpec
from amends.payments import services as payments
from amends.registry import services as registry
from tests.support import grant

DOCUMENTS = {
    "consent": "signed",
    "application_form": "received",
    "identity_document": "ID card",
    "bank_account_document": "passbook",
}


@pytest.fixture(autouse=True)
def _english():
    # Korean is the default language; these tests read the English messages.
    with translation.override("en"):
        yield


@pytest.fixture
def staff(django_user_model):
    def make(name, *roles):
        # No password: hashing one costs a second a user, and the tests sign in with force_login.
        user = django_user_model.objects.create_user(username=name, is_staff=True)
        return grant(user, *roles)

    return {
        "kim": make("kim", "caseworker"),
        "lee": make("lee", "legal_reviewer"),
        "park": make("park", "finance_officer"),
        "choi": make("choi", "finance_officer"),
        "yoon": make("yoon", "approver"),
        "jung": make("jung", "auditor"),
        "han": make("han", "executive"),
    }


@pytest.fixture
def case(db):
    """2013다61381-like: two living victims, 100,000,000 won each, 20 % a year from 2013-06-19."""
    _reference_data()
    case = judgments.case_create(
        by=None,
        number="2013다61381",
        court=Court.objects.get(name_ko="대법원"),
        defendants=[Defendant.objects.get(key="nippon-steel")],
        final_ruling_on=date(2018, 10, 30),
    )
    for hangul, romanized in (("김영수", "Kim Yeongsu"), ("이정호", "Lee Jeongho")):
        victim = registry.person_create(
            by=None, name_hangul=hangul, name_romanized=romanized, sex="M", birth_date=date(1925, 3, 1)
        )
        judgments.award_create(
            by=None,
            case=case,
            victim=victim,
            principal=100_000_000,
            accruals=[(date(2013, 6, 19), "0.20")],
            creditors=[CreditorSpec(person=victim, share=Fraction(1))],
        )
    return case


@pytest.fixture
def creditors(case):
    return [award.creditors.get() for award in case.awards.order_by("pk")]


def approved_claim(creditor, staff, planned: date = date(2023, 4, 14)):
    """The creditor's claim walked to an approved payment for ``planned``."""
    claim = payments.claim_open(creditor=creditor, by=staff["kim"])
    record = payments.claim_record
    record(
        claim=claim,
        event="contact",
        by=staff["kim"],
        facts={"channel": "visit", "contacted_on": "2023-03-20", "summary": "explained the plan"},
    )
    record(claim=claim, event="apply", by=staff["kim"], facts=DOCUMENTS)
    record(
        claim=claim,
        event="verify",
        by=staff["lee"],
        facts={"identity": "checked", "heirship": "victim himself", "bank_account": "checked"},
    )
    record(
        claim=claim,
        event="propose_payment",
        by=staff["kim"],
        facts={"planned_payment_date": planned.isoformat()},
    )
    record(claim=claim, event="approve_payment", by=staff["park"], occurred_on=planned)
    return claim
