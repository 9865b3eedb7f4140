"""The admin refuses what the services refuse: shares not summing to 1, accrual terms out of order."""

from html import unescape

import pytest
from django.urls import reverse

from amends.judgments.models import Award, Case
from amends.registry.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_en(admin_client):
    admin_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return admin_client


def award_form(case, victim, heirs, *, shares, starts):
    data = {
        "case": case.pk,
        "victim": victim.pk,
        "principal": "100000000",
        "method": "period",
        "notes": "",
        "accruals-TOTAL_FORMS": str(len(starts)),
        "accruals-INITIAL_FORMS": "0",
        "creditors-TOTAL_FORMS": str(len(shares)),
        "creditors-INITIAL_FORMS": "0",
    }
    for index, (start, rate) in enumerate(starts):
        data |= {f"accruals-{index}-starts_on": start, f"accruals-{index}-rate": rate}
    for index, ((numerator, denominator), heir) in enumerate(zip(shares, heirs, strict=False)):
        data |= {
            f"creditors-{index}-person": heir.pk,
            f"creditors-{index}-share_numerator": numerator,
            f"creditors-{index}-share_denominator": denominator,
            f"creditors-{index}-relation": "child",
        }
    return data


@pytest.fixture
def parties(demo):
    case = Case.objects.get(number="2013다61381")
    victim = Person.objects.create(name_hangul="가나다")
    heirs = [Person.objects.create(name_hangul=f"상속인{n}") for n in range(2)]
    return case, victim, heirs


def test_admin_registers_an_award_whose_shares_sum_to_one(admin_client_en, parties):
    case, victim, heirs = parties
    data = award_form(case, victim, heirs, shares=[(1, 2), (1, 2)], starts=[("2013-06-19", "0.20")])

    response = admin_client_en.post(reverse("admin:judgments_award_add"), data)

    assert response.status_code == 302, response.context["errors"] if response.context else response
    award = Award.objects.get(victim=victim)
    assert [c.share_numerator for c in award.creditors.all()] == [1, 1]


def test_admin_refuses_shares_not_summing_to_one(admin_client_en, parties):
    case, victim, heirs = parties
    data = award_form(case, victim, heirs, shares=[(1, 2), (1, 3)], starts=[("2013-06-19", "0.20")])

    response = admin_client_en.post(reverse("admin:judgments_award_add"), data)

    assert response.status_code == 200
    assert "The creditors' shares add up to 5/6, not 1." in unescape(response.content.decode())
    assert not Award.objects.filter(victim=victim).exists()


def test_admin_refuses_accrual_terms_out_of_order(admin_client_en, parties):
    case, victim, heirs = parties
    data = award_form(
        case, victim, heirs, shares=[(1, 2), (1, 2)], starts=[("2015-06-25", "0.20"), ("2015-05-13", "0.05")]
    )

    response = admin_client_en.post(reverse("admin:judgments_award_add"), data)

    assert response.status_code == 200
    assert "terms must be in date order" in unescape(response.content.decode())
    assert not Award.objects.filter(victim=victim).exists()


def test_admin_refuses_a_case_number_not_in_the_courts_format(admin_client_en, demo):
    case = Case.objects.get(number="2013다61381")
    data = {
        "number": "2013-61381",
        "number_confirmed": "on",
        "court": case.court_id,
        "title": "",
        "defendants": [d.pk for d in case.defendants.all()],
        "notes": "",
        "rulings-TOTAL_FORMS": "0",
        "rulings-INITIAL_FORMS": "0",
    }

    response = admin_client_en.post(reverse("admin:judgments_case_add"), data)

    assert response.status_code == 200
    assert "is not a case number in the courts' format" in unescape(response.content.decode())
