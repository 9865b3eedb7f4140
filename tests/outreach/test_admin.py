"""The admin edits the consultation record, and every edit is on the audit trail."""

import pytest
from django.urls import reverse

from amends.audit.models import AuditEvent
from amends.outreach.models import CivicPosition, ConsultationEvent
from tests.support import clear_append_only_records, grant

pytestmark = pytest.mark.django_db


def inline_forms(prefix: str) -> dict:
    return {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}


def test_a_round_added_in_the_admin_is_audited(admin_client):
    # given a round entered in the admin with one participant
    data = {
        "kind": "consultation",
        "level": "vice_minister",
        "date": "2023-02-23",
        "date_precision": "day",
        "place": "Tokyo",
        **inline_forms("participants"),
        **inline_forms("agenda"),
        **inline_forms("statements"),
        **inline_forms("documents"),
        "participants-TOTAL_FORMS": "1",
        "participants-0-side": "KR",
        "participants-0-title": "First Vice Foreign Minister",
        "participants-0-order": "0",
    }

    # when it is saved
    response = admin_client.post(reverse("admin:outreach_consultationevent_add"), data)

    # then it is on record, with its participant, and the audit trail says who recorded it
    assert response.status_code == 302, response.context["errors"] if response.context else response
    event = ConsultationEvent.objects.get()
    assert event.participants.get().title == "First Vice Foreign Minister"
    audit = AuditEvent.objects.get(action="consultation.record")
    assert audit.actor_label == "admin" and audit.after["participants"] == [
        ["KR", "First Vice Foreign Minister", ""]
    ]


def test_the_admin_refuses_a_level_on_an_announcement(admin_client):
    data = {"kind": "announcement", "level": "minister", "date": "2023-03-06", "date_precision": "day"}
    for prefix in ("participants", "agenda", "statements", "documents"):
        data |= inline_forms(prefix)
    response = admin_client.post(reverse("admin:outreach_consultationevent_add"), data)
    assert response.status_code == 200
    assert ConsultationEvent.objects.count() == 0 and not AuditEvent.objects.exists()


def test_a_civic_position_changed_in_the_admin_is_audited(admin_client):
    civic = CivicPosition.objects.create(
        group="Victims' group", date="2023-03-07", position="rejects", source="statement"
    )
    data = {
        "group": civic.group,
        "date": "2023-03-07",
        "date_precision": "day",
        "position": "rejects the plan",
    }
    data |= {"source": "statement", "url": "", "event": ""}
    response = admin_client.post(reverse("admin:outreach_civicposition_change", args=[civic.pk]), data)
    assert response.status_code == 302
    assert AuditEvent.objects.get(action="civic_position.change").after["position"] == "rejects the plan"


@pytest.fixture
def committed():
    yield
    clear_append_only_records()


@pytest.mark.django_db(transaction=True)
def test_deleting_selected_rounds_in_the_admin_is_audited_in_one_go(admin_client, committed):
    # given two rounds on record (committed: the admin's own transaction is what is tested)
    rounds = [
        ConsultationEvent.objects.create(kind="announcement", date=f"2023-03-0{day}", date_precision="day")
        for day in (6, 7)
    ]

    # when both are deleted with the admin's "Delete selected" action
    response = admin_client.post(
        reverse("admin:outreach_consultationevent_changelist"),
        {"action": "delete_selected", "post": "yes", "_selected_action": [str(event.pk) for event in rounds]},
    )

    # then both are gone and each deletion is on the audit trail
    assert response.status_code == 302
    assert not ConsultationEvent.objects.exists()
    assert AuditEvent.objects.filter(action="consultation.delete").count() == 2


def test_only_caseworkers_edit_the_consultation_record_in_the_admin(client, django_user_model):
    from django.contrib.auth.models import Permission

    # given staff with every permission on the record in Django's terms, but not the caseworker role
    staff = django_user_model.objects.create_user(username="lee", is_staff=True)
    staff.user_permissions.set(Permission.objects.filter(content_type__app_label="outreach"))
    grant(staff, "auditor")
    client.force_login(staff)
    civic = CivicPosition.objects.create(group="g", date="2023-03-07", position="p", source="s")

    # when they try to add, change or delete, then they are refused
    assert client.get(reverse("admin:outreach_consultationevent_add")).status_code == 403
    assert client.get(reverse("admin:outreach_civicposition_delete", args=[civic.pk])).status_code == 403
    response = client.post(
        reverse("admin:outreach_civicposition_change", args=[civic.pk]),
        {"group": "h", "date": "2023-03-07", "date_precision": "day", "position": "q", "source": "s"},
    )
    assert response.status_code == 403
    assert CivicPosition.objects.get().group == "g" and not AuditEvent.objects.exists()

    # and a caseworker may
    grant(staff, "caseworker")
    assert client.get(reverse("admin:outreach_consultationevent_add")).status_code == 200
