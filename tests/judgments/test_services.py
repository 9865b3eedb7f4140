"""Registering judgments: what the services accept, what they refuse, and that a refusal changes nothing."""

from datetime import date
from fractions import Fraction

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from amends.judgments import services
from amends.judgments.models import AccrualTerm, Award, Case, Court, Creditor, Defendant
from amends.judgments.services import CreditorSpec
from amends.registry.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def court():
    return Court.objects.create(name_ko="대법원", name_en="Supreme Court", level=Court.Level.SUPREME)


@pytest.fixture
def defendant():
    return Defendant.objects.create(
        key="mhi", name_ko="미쓰비시중공업", name_ja="三菱重工業株式会社", name_en="MHI"
    )


@pytest.fixture
def case(court, defendant):
    return services.case_create(by=None, number="2013다67587", court=court, defendants=[defendant])


@pytest.fixture
def people():
    return [Person.objects.create(name_hangul=name) for name in ("가", "나", "다")]


@pytest.mark.parametrize("number", ["2013다61381", "94다36599", "2005가합16473", " 2012 나 44947 "])
def test_case_numbers_in_the_courts_format_are_accepted(court, defendant, number):
    case = services.case_create(by=None, number=number, court=court, defendants=[defendant])
    assert case.number == number.replace(" ", "")


@pytest.mark.parametrize("number", ["", "2013-61381", "13다", "2013da61381", "20133다1", "2013다0123"])
def test_other_case_numbers_are_refused_with_the_field_named(court, defendant, number):
    with pytest.raises(ValidationError) as raised:
        services.case_create(by=None, number=number, court=court, defendants=[defendant])
    assert "number" in raised.value.message_dict
    assert not Case.objects.exists()


def test_a_case_number_registers_once(case, court, defendant):
    with pytest.raises(ValidationError, match="already registered"):
        services.case_create(by=None, number="2013다67587", court=court, defendants=[defendant])


def test_award_with_shares_summing_to_one(case, people):
    award = services.award_create(
        by=None,
        case=case,
        victim=people[0],
        principal=100_000_000,
        accruals=[(date(2013, 6, 19), "0.20")],
        creditors=[
            CreditorSpec(people[1], Fraction(3, 7)),
            CreditorSpec(people[2], Fraction(4, 7)),
        ],
    )
    assert [c.share for c in award.creditors.all()] == [Fraction(3, 7), Fraction(4, 7)]
    assert award.accruals.get().rate == Fraction(1, 5)


@pytest.mark.parametrize(
    ("shares", "message"),
    [
        ([Fraction(1, 2), Fraction(1, 3)], "add up to 5/6, not 1"),
        ([Fraction(2, 3), Fraction(2, 3)], "add up to 4/3, not 1"),
        ([], "at least one creditor"),
    ],
)
def test_shares_not_summing_to_one_are_refused_and_nothing_is_written(case, people, shares, message):
    with pytest.raises(ValidationError) as raised:
        services.award_create(
            by=None,
            case=case,
            victim=people[0],
            principal=100_000_000,
            accruals=[(date(2013, 6, 19), "0.20")],
            creditors=[
                CreditorSpec(person, share) for person, share in zip(people[1:], shares, strict=False)
            ],
        )
    assert message in " ".join(raised.value.message_dict["creditors"])
    assert not Award.objects.exists()


def test_accruals_out_of_order_are_refused(case, people):
    with pytest.raises(ValidationError) as raised:
        services.award_create(
            by=None,
            case=case,
            victim=people[0],
            principal=1,
            accruals=[(date(2015, 6, 25), "0.20"), (date(2015, 5, 13), "0.05")],
            creditors=[CreditorSpec(people[0], Fraction(1))],
        )
    assert "date order" in raised.value.message_dict["accruals"][0]
    assert not Award.objects.exists() and not AccrualTerm.objects.exists()


def test_a_bad_rate_refuses_the_whole_award(case, people):
    with pytest.raises(ValidationError) as raised:
        services.award_create(
            by=None,
            case=case,
            victim=people[0],
            principal=1,
            accruals=[(date(2015, 5, 13), "0.05"), (date(2015, 6, 25), "2.5")],
            creditors=[CreditorSpec(people[0], Fraction(1))],
        )
    assert "accruals[1]" in raised.value.message_dict
    assert not Award.objects.exists() and not AccrualTerm.objects.exists()


def test_negative_principal_is_refused(case, people):
    with pytest.raises(ValidationError) as raised:
        services.award_create(
            by=None,
            case=case,
            victim=people[0],
            principal=-5,
            accruals=[],
            creditors=[CreditorSpec(people[0], Fraction(1))],
        )
    assert "principal" in raised.value.message_dict


def test_the_database_refuses_a_share_above_one_and_a_second_award_for_a_victim(case, people):
    award = services.award_create(
        by=None,
        case=case,
        victim=people[0],
        principal=1,
        accruals=[],
        creditors=[CreditorSpec(people[0], Fraction(1))],
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Creditor.objects.create(award=award, person=people[1], share_numerator=3, share_denominator=2)
    with pytest.raises(IntegrityError), transaction.atomic():
        Award.objects.create(case=case, victim=people[0], principal=1)
