"""Family facts changed in the admin are on the audit trail, as the services' are, and only
caseworkers change them there."""

from datetime import date
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from amends.audit.models import AuditEvent
from amends.registry.models import Document, Marriage, ParentChild, Person, Renunciation
from tests.judgments.test_admin import add_row, events, form_data, verify
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


def test_a_death_date_recorded_in_the_admin_is_audited(admin_client_en, admin_user, family):
    # given the father, alive on record
    father, _mother, _son = family
    data = form_data(admin_client_en.get(change_url(father)))

    # when his death on 2021-03-14 is recorded in the admin
    data["death_date"] = "2021-03-14"
    response = admin_client_en.post(change_url(father), data)

    # then one event says who recorded it, and what the date was before; his parent links are unchanged
    assert response.status_code == 302, response.context["errors"] if response.context else response
    assert Person.objects.get(pk=father.pk).death_date == date(2021, 3, 14)
    (event,) = events()
    assert event.action == "person.admin_change" and event.actor == admin_user
    assert (event.subject_type, event.subject_id) == ("registry.person", str(father.pk))
    assert (event.before["death_date"], event.after["death_date"]) == (None, "2021-03-14")
    assert {key for key in event.after if event.after[key] != event.before[key]} == {"death_date"}
    assert verify() == "audit chain intact: 1 events\n"


def test_a_parent_link_added_in_the_admin_is_audited(admin_client_en, family):
    # given a daughter entered without her parents
    father, _mother, _son = family
    daughter = Person.objects.create(name_hangul="김딸", sex="F", birth_date=date(1952, 2, 2))
    data = form_data(admin_client_en.get(change_url(daughter)))

    # when her father is added in the person's parent rows
    add_row(data, "parent_links", child=daughter.pk, parent=father.pk, document="")
    response = admin_client_en.post(change_url(daughter), data)

    # then the link has its event; the person herself did not change
    assert response.status_code == 302, response.context["errors"] if response.context else response
    link = ParentChild.objects.get(child=daughter)
    (event,) = events()
    assert (event.action, event.subject_id) == ("parentchild.admin_create", str(link.pk))
    assert event.before is None
    assert event.after == {"parent": father.pk, "child": daughter.pk, "document": None}


def test_a_parent_link_removed_in_the_admin_is_audited(admin_client_en, family):
    father, _mother, son = family
    link = ParentChild.objects.get(parent=father, child=son)
    data = form_data(admin_client_en.get(change_url(son)))
    index = next(i for i in range(2) if str(data[f"parent_links-{i}-id"]) == str(link.pk))
    data[f"parent_links-{index}-DELETE"] = "on"

    assert admin_client_en.post(change_url(son), data).status_code == 302

    assert not ParentChild.objects.filter(pk=link.pk).exists()
    (event,) = events()
    assert (event.action, event.subject_id) == ("parentchild.admin_delete", str(link.pk))
    assert event.before == {"parent": father.pk, "child": son.pk, "document": None} and event.after is None


def test_the_admin_still_refuses_a_cycle_of_parents_and_appends_nothing(admin_client_en, family):
    # given the son, whose father is on record
    father, _mother, son = family
    data = form_data(admin_client_en.get(change_url(father)))

    # when the son is entered as his own father's parent
    add_row(data, "parent_links", child=father.pk, parent=son.pk, document="")
    response = admin_client_en.post(change_url(father), data)

    # then the admin refuses, as the services would, and nothing is written
    assert response.status_code == 200
    # (on the inline's hidden "child" field: the page shows that there is an error, not which)
    assert "that would be a cycle" in unescape(str(response.context["errors"]))
    assert not ParentChild.objects.filter(child=father).exists() and not AuditEvent.objects.exists()


def test_a_marriage_and_a_renunciation_added_in_the_admin_are_audited(admin_client_en, admin_user, family):
    father, mother, son = family
    marriage = {"spouse_a": father.pk, "spouse_b": mother.pk, "started_on": "1948-04-01", "ended_on": ""}
    marriage["document"] = ""
    renunciation = {"person": son.pk, "estate_of": father.pk, "accepted_on": "2021-06-01", "document": ""}

    for model, data in (("marriage", marriage), ("renunciation", renunciation)):
        response = admin_client_en.post(reverse(f"admin:registry_{model}_add"), data)
        assert response.status_code == 302, response.context["errors"] if response.context else response

    married, renounced = events()
    assert (married.action, married.subject_id) == ("marriage.admin_create", str(Marriage.objects.get().pk))
    assert married.after == {
        "spouse_a": father.pk,
        "spouse_b": mother.pk,
        "started_on": "1948-04-01",
        "ended_on": None,
        "document": None,
    }
    assert renounced.action == "renunciation.admin_create"
    assert renounced.subject_id == str(Renunciation.objects.get().pk)
    assert renounced.after["accepted_on"] == "2021-06-01" and renounced.actor == admin_user


def test_a_document_uploaded_in_the_admin_is_audited(admin_client_en, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    data = {"kind": "basic", "issued_on": "2021-03-15", "description": "death of the father"}
    data["file"] = SimpleUploadedFile("death.pdf", b"%PDF-1.4", content_type="application/pdf")

    response = admin_client_en.post(reverse("admin:registry_document_add"), data)

    assert response.status_code == 302, response.context["errors"] if response.context else response
    document = Document.objects.get()
    (event,) = events()
    assert (event.action, event.subject_id) == ("document.admin_create", str(document.pk))
    assert event.after["file"] == document.file.name and event.after["kind"] == "basic"


def test_deleting_a_person_in_the_admin_records_the_family_facts_deleted_with_them(admin_client_en, family):
    # given the father, married, with his son's link to him
    father, mother, _son = family
    marriage = Marriage.objects.create(spouse_a=father, spouse_b=mother, started_on=date(1948, 4, 1))
    link = ParentChild.objects.get(parent=father)

    # when he is deleted in the admin
    response = admin_client_en.post(
        reverse("admin:registry_person_delete", args=[father.pk]), {"post": "yes"}
    )

    # then his deletion, and that of the marriage and the link it takes with it, are each on record
    assert response.status_code == 302
    assert not Person.objects.filter(pk=father.pk).exists()
    assert [(e.action, e.subject_id) for e in events()] == [
        ("person.admin_delete", str(father.pk)),
        ("marriage.admin_delete", str(marriage.pk)),
        ("parentchild.admin_delete", str(link.pk)),
    ]
    assert events()[0].before["name_hangul"] == "김아버지"
    assert verify() == "audit chain intact: 3 events\n"


def test_only_caseworkers_change_family_facts_in_the_admin(
    admin_client_en, client, django_user_model, family
):
    from django.contrib.auth.models import Permission

    # given staff with every permission Django knows on the registry, but not the caseworker role
    father, mother, son = family
    user = django_user_model.objects.create_user(username="lee", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="registry"))
    grant(user, "auditor")
    client.force_login(user)
    data = form_data(admin_client_en.get(change_url(father)))
    data["death_date"] = "2021-03-14"

    # when they try to record a death or a marriage, then they are refused and nothing is written
    assert client.post(change_url(father), data).status_code == 403
    marriage = {"spouse_a": father.pk, "spouse_b": mother.pk, "started_on": "1948-04-01"}
    assert client.post(reverse("admin:registry_marriage_add"), marriage).status_code == 403
    assert client.get(reverse("admin:registry_person_delete", args=[son.pk])).status_code == 403
    assert Person.objects.get(pk=father.pk).death_date is None
    assert not Marriage.objects.exists() and not AuditEvent.objects.exists()

    # and as a caseworker they may
    grant(user, "caseworker")
    assert client.post(change_url(father), data).status_code == 302
    assert events("person.admin_change")[0].actor == user
