"""The admin edits the consultation record, and every edit is on the audit trail."""

import pytest
from django.urls import reverse

from amends.audit.models import AuditEvent
from amends.outreach.models import CivicPosition, ConsultationEvent

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
