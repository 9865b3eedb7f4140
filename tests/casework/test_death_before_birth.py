"""A date of death before the person's birth (issue 17): the family calculation is not shown at all,
the error is said in words beside the date, and nothing can be confirmed; an error the succession
engine finds in the family names the person, never "people[2].died"."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.urls import reverse
from django.utils.translation import override

from amends.judgments.models import Award
from amends.registry.models import DeathReport
from amends.registry.selectors import estate_of
from tests.support import grant

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(shared_demo):
    """The demonstration, loaded once for this module: each test's writes are rolled back."""


@pytest.fixture
def victim(demo):
    award = next(a for a in Award.objects.filter(case__number="2013다61381") if a.victim.death_date is None)
    return award.victim


def test_a_death_before_birth_shows_the_error_and_offers_nothing_to_confirm(
    client, victim, django_user_model
):
    # given a caseworker on the page of a living victim born on a known day
    caseworker = django_user_model.objects.create_user(username="kim", is_staff=True)
    client.force_login(grant(caseworker, "caseworker"))
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    died_on = victim.birth_date - timedelta(days=1)

    # when they ask what recording a death the day before the birth would change
    response = client.post(
        reverse("people:person_record_death", args=[victim.pk]),
        {"died_on": died_on.isoformat(), "action": "preview"},
    )

    # then the page says so beside the date of death, in words
    assert response.status_code == 200
    html = unescape(response.content.decode())
    form = re.search(r'<section aria-labelledby="death-heading">(.*?)</section>', html, re.S).group(1)
    assert "The date of death is before the date of birth." in form
    assert form.index("The date of death is before the date of birth.") < form.index('name="died_on"')
    # and there is no table of what it changes, nothing to confirm, no engine's field name, no report
    assert 'data-testid="change"' not in html and "What recording this death changes" not in html
    assert "Confirm and report" not in html
    assert "people[" not in html
    assert not DeathReport.objects.filter(person=victim).exists()


def test_an_impossible_family_record_names_the_person_in_words(victim):
    # given the victim's family with the victim's death put before the birth (as a preview would)
    died_on = victim.birth_date - timedelta(days=1)

    # when the estate is computed
    with override("en"):
        estate = estate_of(decedent=victim, deaths={victim.pk: died_on}, as_of=died_on)

    # then the error names the person and both dates, not the engine's people[n].died
    assert estate.holders == []
    assert estate.error == (
        f"{victim.name_hangul}: the date of death ({died_on.isoformat()}) is before the date of birth "
        f"({victim.birth_date.isoformat()})."
    )
