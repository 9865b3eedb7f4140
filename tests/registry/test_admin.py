"""Family facts are only seen in the admin (issue 15): births, deaths, parent–child links, marriages
and renunciations decide who inherits what, so they are recorded through the services (a death
reported by one person and confirmed by another, tests/registry/test_death_reports.py), never in the
admin, whoever asks."""

from datetime import date

import pytest
from django.urls import reverse

from amends.audit.models import AuditEvent
from amends.registry.models import ParentChild, Person
from tests.judgments.test_admin import add_row, form_data
from tests.support import grant

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_en(admin_client):
    admin_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return admin_client


@pytest.fixture
def family():
    """A father, a mother and their son, with the son's parents on record."""
    father = Person.objects.create(name_hangul="김아버지", sex="M", birth_date=date(1920, 3, 1))
    mother = Person.objects.create(name_hangul="이어머니", sex="F", birth_date=date(1924, 5, 2))
    son = Person.objects.create(name_hangul="김아들", sex="M", birth_date=date(1950, 1, 1))
    for parent in (father, mother):
        ParentChild.objects.create(parent=parent, child=son)
    return father, mother, son


def change_url(person) -> str:
    return reverse("admin:registry_person_change", args=[person.pk])


def test_a_person_and_their_parents_are_shown_read_only(admin_client_en, family):
    _father, _mother, son = family
    page = admin_client_en.get(change_url(son))
    assert page.status_code == 200 and not page.context["has_change_permission"]
    html = page.content.decode()
    assert "김아버지" in html and "이어머니" in html


def test_a_parent_link_posted_in_the_admin_is_refused(admin_client_en, family):
    # given a daughter entered without her parents, and the form as the admin renders it
    father, _mother, _son = family
    daughter = Person.objects.create(name_hangul="김딸", sex="F", birth_date=date(1952, 2, 2))
    data = form_data(admin_client_en.get(change_url(daughter)))

    # when her father is posted as a parent row
    add_row(data, "parent_links", child=daughter.pk, parent=father.pk, document="")
    data["death_date"] = "2020-01-01"
    response = admin_client_en.post(change_url(daughter), data)

    # then nothing is recorded
    assert response.status_code == 403
    assert not ParentChild.objects.filter(child=daughter).exists()
    assert Person.objects.get(pk=daughter.pk).death_date is None
    assert not AuditEvent.objects.exists()


def test_a_caseworker_in_the_admin_cannot_change_family_facts_either(client, django_user_model, family):
    from django.contrib.auth.models import Permission

    father, _mother, _son = family
    user = django_user_model.objects.create_user(username="kim", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="registry"))
    grant(user, "caseworker")
    client.force_login(user)
    response = client.post(change_url(father), {"name_hangul": "김아버지", "death_date": "2021-03-14"})
    assert response.status_code == 403
    assert Person.objects.get(pk=father.pk).death_date is None
