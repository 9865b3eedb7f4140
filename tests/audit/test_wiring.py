"""Every write of the judgments and registry services leaves its event in the audit chain."""

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse

from amends.audit.models import AuditEvent
from amends.audit.selectors import events_for, verify_chain
from amends.judgments.models import Award

pytestmark = pytest.mark.django_db


def test_the_demonstration_leaves_an_intact_chain_of_creations(demo):
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "case.create",
        "award.create",
        "person.create",
        "marriage.create",
        "parent_child.create",
    } <= actions
    assert AuditEvent.objects.filter(action="award.create").count() == Award.objects.count()
    result = verify_chain()
    assert result.ok, result.reason
    assert result.checked == AuditEvent.objects.count()


def test_an_award_event_records_its_amounts_and_creditors(demo):
    award = Award.objects.get(principal=102_083_333)
    (event,) = events_for(subject=award)
    assert event.actor_label == "system"
    assert event.after["principal"] == 102_083_333
    assert event.after["accruals"] == [
        {"starts_on": "2015-05-13", "rate": "0.05000"},
        {"starts_on": "2015-06-25", "rate": "0.20000"},
    ]
    assert event.after["creditors"] == [
        {"person": award.creditors.get().person_id, "share": "1", "relation": "spouse"}
    ]


def test_recording_a_death_on_the_page_records_who_and_before_and_after(staff_client, demo):
    award = next(a for a in Award.objects.filter(case__number="2013다67587") if a.creditors.count() == 5)
    child = award.creditors.filter(relation="child").first().person

    staff_client.post(
        reverse("people:person_record_death", args=[child.pk]),
        {"died_on": "2025-01-05", "action": "confirm"},
    )
    # reported on the page; recorded when a legal reviewer confirms it (four eyes, issue 15), in the
    # name of the caseworker who reported it
    from tests.registry.test_family import confirm_reported_death

    confirm_reported_death(child)

    event = events_for(subject=child).get(action="person.record_death")
    assert event.actor_label == "caseworker"
    assert event.before == {"death_date": None, "death_document": None}
    assert event.after == {"death_date": "2025-01-05", "death_document": None}
    page = staff_client.get(reverse("people:person_detail", args=[child.pk])).content.decode()
    assert [e.action for e in events_for(subject=child)] == ["person.create", "person.record_death"]
    assert page.count('data-testid="event"') == 2  # created by the demonstration, then the death
    assert verify_chain().ok


def test_a_refused_write_leaves_no_event(demo):
    from django.core.exceptions import ValidationError

    from amends.registry import services

    award = Award.objects.filter(case__number="2013다61381", victim__death_date__isnull=False).first()
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError):
        services.person_record_death(by=None, person=award.victim, died_on=date(2020, 1, 1))
    assert AuditEvent.objects.count() == before


def test_amends_audit_verify_on_the_demonstration_database(tmp_path, migrated_sqlite):
    amends = str(Path(sys.executable).parent / "amends")
    env = {"DATABASE_URL": f"sqlite:///{migrated_sqlite}", "AMENDS_VAR_DIR": str(tmp_path), "PATH": ""}
    demo = subprocess.run([amends, "demo"], env=env, capture_output=True, text=True)
    assert demo.returncode == 0, demo.stderr
    result = subprocess.run([amends, "audit", "verify"], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("audit chain intact: ")
