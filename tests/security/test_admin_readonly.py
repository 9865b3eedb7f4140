"""The admin is no back door around four eyes (issue 15): who is owed what (an award's principal,
its accrual terms, its creditors' shares) and the family facts that decide it (deaths, births,
parent–child links, marriages, renunciations) are only seen there, not even a superuser changes them;
they are corrected through the services, proposed by one person and approved by another.

The probe this answers: as superuser, an award's principal went from 80,000,000 to 999,999,999 and a
person's death date changed, with no second person (the audited admin recorded an
``award.admin_change``, but one person alone changed what is owed, and a death entered there handed
no claim on to the heirs)."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from amends.audit.models import AuditEvent
from amends.judgments.models import AccrualTerm, Award, Correction, Creditor
from amends.registry.models import DeathReport, Document, Marriage, ParentChild, Person, Renunciation
from tests.judgments.test_admin import award, form_data  # noqa: F401  (award: a fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(admin_client):
    admin_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return admin_client


def test_a_superuser_cannot_change_an_awards_principal_in_the_admin(superuser_client, award):  # noqa: F811
    # given the award's change form, which a superuser may still read
    url = reverse("admin:judgments_award_change", args=[award.pk])
    page = superuser_client.get(url)
    assert page.status_code == 200
    assert not page.context["has_change_permission"]
    assert "80000000" in page.content.decode()
    already = AuditEvent.objects.count()

    # when the principal is posted as 999,999,999 won (the form as a change form would post it)
    data = {"case": award.case_id, "victim": award.victim_id, "principal": "999999999", "method": "period"}
    response = superuser_client.post(url, data)

    # then the admin refuses, and no row and no event changed
    assert response.status_code == 403
    assert Award.objects.get().principal == 80_000_000
    assert AuditEvent.objects.count() == already


def test_no_path_of_the_admin_writes_an_award_or_its_rows(superuser_client, award):  # noqa: F811
    already = AuditEvent.objects.count()
    changelist = reverse("admin:judgments_award_changelist")
    # "Save as new", adding, deleting, "Delete selected": all refused
    data = {"case": award.case_id, "victim": award.victim_id, "principal": "999999999", "_saveasnew": "1"}
    assert (
        superuser_client.post(reverse("admin:judgments_award_change", args=[award.pk]), data).status_code
        == 403
    )
    assert superuser_client.get(reverse("admin:judgments_award_add")).status_code == 403
    assert superuser_client.post(reverse("admin:judgments_award_add"), data).status_code == 403
    delete = reverse("admin:judgments_award_delete", args=[award.pk])
    assert superuser_client.post(delete, {"post": "yes"}).status_code == 403
    selected = {"action": "delete_selected", "post": "yes", "_selected_action": [award.pk]}
    superuser_client.post(changelist, selected)
    # the change list offers no action and no editable column
    listing = superuser_client.get(changelist)
    assert listing.status_code == 200 and not listing.context["cl"].list_editable
    assert listing.context["action_form"] is None
    # corrections are read-only too
    assert superuser_client.get(reverse("admin:judgments_correction_add")).status_code == 403

    assert Award.objects.count() == 1 and Award.objects.get().principal == 80_000_000
    assert AccrualTerm.objects.count() == 1 and Creditor.objects.count() == 2
    assert AuditEvent.objects.count() == already


@pytest.fixture
def family():
    father = Person.objects.create(name_hangul="김아버지", sex="M", birth_date=date(1920, 3, 1))
    mother = Person.objects.create(name_hangul="이어머니", sex="F", birth_date=date(1924, 5, 2))
    son = Person.objects.create(name_hangul="김아들", sex="M", birth_date=date(1950, 1, 1))
    for parent in (father, mother):
        ParentChild.objects.create(parent=parent, child=son)
    Marriage.objects.create(spouse_a=father, spouse_b=mother, started_on=date(1945, 1, 1))
    return father, mother, son


def test_a_superuser_cannot_change_a_death_date_in_the_admin(superuser_client, family):
    # given the father, alive on record, his page readable in the admin
    father, _mother, _son = family
    url = reverse("admin:registry_person_change", args=[father.pk])
    assert superuser_client.get(url).status_code == 200

    # when his death on 2021-03-14 is posted
    response = superuser_client.post(
        url,
        {
            "name_hangul": father.name_hangul,
            "sex": "M",
            "birth_date": "1920-03-01",
            "death_date": "2021-03-14",
        },
    )

    # then the admin refuses, and nothing is recorded
    assert response.status_code == 403
    assert Person.objects.get(pk=father.pk).death_date is None
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize("model", [Person, Marriage, Renunciation, Document, DeathReport, Award, Correction])
def test_family_facts_and_awards_cannot_be_added_in_the_admin(superuser_client, model):
    meta = model._meta
    assert superuser_client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_add")).status_code in (
        403,
        404,
    )


def test_family_links_cannot_be_changed_or_deleted_in_the_admin(superuser_client, family):
    father, mother, son = family
    marriage = Marriage.objects.get()
    url = reverse("admin:registry_marriage_change", args=[marriage.pk])
    posted = {"spouse_a": father.pk, "spouse_b": mother.pk, "started_on": "1950-01-01"}
    assert superuser_client.post(url, posted).status_code == 403
    delete = reverse("admin:registry_marriage_delete", args=[marriage.pk])
    assert superuser_client.post(delete, {"post": "yes"}).status_code == 403
    person_delete = reverse("admin:registry_person_delete", args=[son.pk])
    assert superuser_client.post(person_delete, {"post": "yes"}).status_code == 403
    assert Marriage.objects.get().started_on == date(1945, 1, 1)
    assert ParentChild.objects.count() == 2 and Person.objects.count() == 3


def test_a_document_cannot_be_replaced_in_the_admin(superuser_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    document = Document.objects.create(
        kind="basic", issued_on=date(2024, 1, 1), file=SimpleUploadedFile("a.pdf", b"%PDF-1.4 original")
    )
    url = reverse("admin:registry_document_change", args=[document.pk])
    response = superuser_client.post(
        url, {"kind": "other", "issued_on": "2024-01-02", "file": SimpleUploadedFile("b.pdf", b"forged")}
    )
    assert response.status_code == 403
    assert Document.objects.get().kind == "basic"


def test_courts_and_defendants_stay_editable_through_the_audited_admin_but_not_deletable(
    superuser_client,
    award,  # noqa: F811
):
    court = award.case.court
    url = reverse("admin:judgments_court_change", args=[court.pk])
    data = form_data(superuser_client.get(url))
    data["name_en"] = "Supreme Court of Korea"
    assert superuser_client.post(url, data).status_code == 302
    (event,) = AuditEvent.objects.filter(action="court.admin_change")
    assert event.after["name_en"] == "Supreme Court of Korea"
    delete = reverse("admin:judgments_defendant_delete", args=[award.case.defendants.get().pk])
    assert superuser_client.post(delete, {"post": "yes"}).status_code == 403
    assert award.case.defendants.count() == 1
