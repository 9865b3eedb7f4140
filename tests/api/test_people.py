"""A person through the API: names in every script, dates, and the ids of their family links."""

import pytest

from amends.judgments.models import Award

pytestmark = pytest.mark.django_db


def test_a_person_has_names_dates_and_family_links(bearer, demo):
    # given: a victim who left a widow and two children
    award = next(
        a
        for a in Award.objects.filter(case__number="2013다61381")
        if a.creditors.filter(relation="child").count() == 2
    )
    victim = award.victim
    widow = award.creditors.get(relation="spouse").person
    children = sorted(c.person_id for c in award.creditors.filter(relation="child"))

    # when
    person = bearer.get(f"/api/people/{victim.pk}").json()
    her = bearer.get(f"/api/people/{widow.pk}").json()

    # then
    assert person["name_hangul"] == victim.name_hangul
    assert person["name_hanja"] == victim.name_hanja
    assert person["death_date"] == victim.death_date.isoformat()
    assert sorted(person["children"]) == children
    assert person["spouses"] == [widow.pk]
    assert person["marriages"][0]["spouse"] == widow.pk
    assert her["spouses"] == [victim.pk]
    assert her["death_date"].startswith("2021-")
    assert sorted(bearer.get(f"/api/people/{children[0]}").json()["parents"]) == sorted([victim.pk, widow.pk])


def test_an_unknown_person_is_404(bearer, db):
    assert bearer.get("/api/people/999999").status_code == 404


@pytest.fixture
def demo(shared_demo):
    """The demonstration, loaded once for this module: each test's writes are rolled back."""
