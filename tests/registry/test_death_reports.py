"""A death, four eyes (issue 15): reported by a caseworker, recorded only when a different legal
reviewer confirms it, which hands the claims on to the heirs as recording a death always did; a
recorded date of death is corrected the same way."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import override

from amends.audit.models import AuditEvent
from amends.audit.selectors import events_for, verify_chain
from amends.core.clock import today
from amends.judgments.models import Award, Creditor
from amends.payments import corrections
from amends.payments import services as payments
from amends.registry import services
from amends.registry.models import DeathReport, Person
from tests.payments.test_claims import (
    staff,  # noqa: F401  (a fixture)
    verified_claim,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(shared_demo):
    """The demonstration, loaded once for this module: each test's writes are rolled back."""


@pytest.fixture
def hiroshima(demo):
    """A Hiroshima award whose victim left a widow and four children, all alive and creditors."""
    return next(
        a
        for a in Award.objects.filter(case__number="2013다67587")
        if a.creditors.filter(relation="child").count() == 4
    )


@override("en")
def test_a_confirmed_death_hands_the_claim_on_as_before(hiroshima, staff):  # noqa: F811
    # given a child of the victim whose payment is approved, and whose mother is their sole heir
    child = hiroshima.creditors.filter(relation="child").order_by("pk").first()
    mother = hiroshima.creditors.get(relation="spouse")
    claim = verified_claim(child, staff)
    payments.payment_propose(claim=claim, planned_on=today(), by=staff["kim"])
    payments.payment_approve(claim=claim, by=staff["choi"])
    proposal = claim.proposals.get(status="approved")

    # when a caseworker reports the child's death, nothing is recorded yet
    report = services.death_propose(by=staff["kim"], person=child.person, died_on=today())
    child.person.refresh_from_db()
    assert child.person.death_date is None
    assert not Creditor.objects.filter(succeeds=child).exists()

    # and when a legal reviewer confirms it
    (handed,) = corrections.death_confirm(by=staff["lee"], report=report)

    # then the death is recorded, the payment in flight stopped and the claim passes to the mother
    child.person.refresh_from_db()
    assert child.person.death_date == today()
    proposal.refresh_from_db()
    assert proposal.status == "declined" and handed.stopped == [proposal.pk]
    claim.refresh_from_db()
    assert claim.state == "passed_to_heirs"
    (heir,) = Creditor.objects.filter(succeeds=child)
    assert (heir.person, heir.share, heir.relation) == (mother.person, child.share, "heir")
    # and the report, its confirmation and the death are on the chain, who did what
    report.refresh_from_db()
    assert (report.status, report.decided_by) == ("confirmed", staff["lee"])
    report_events = [(e.action, e.actor) for e in events_for(subject=report)]
    assert report_events == [("death_report.propose", staff["kim"]), ("death_report.confirm", staff["lee"])]
    (recorded,) = events_for(subject=child.person).filter(action="person.record_death")
    assert recorded.after["death_date"] == today().isoformat()
    assert verify_chain().ok


@override("en")
def test_whoever_reported_a_death_cannot_confirm_it(hiroshima, staff, django_user_model):  # noqa: F811
    # given a death reported by someone who is caseworker and legal reviewer both
    from tests.support import grant

    both = grant(django_user_model.objects.create_user(username="both"), "caseworker", "legal_reviewer")
    child = hiroshima.creditors.filter(relation="child").first().person
    report = services.death_propose(by=both, person=child, died_on=today())
    already = AuditEvent.objects.count()

    # when they confirm or refuse it themselves, the service refuses
    with pytest.raises(PermissionDenied, match="cannot confirm"):
        corrections.death_confirm(by=both, report=report)
    with pytest.raises(PermissionDenied, match="cannot confirm"):
        services.death_refuse(by=both, report=report, reason="no")
    # and a caseworker who is no legal reviewer may not confirm it either
    with pytest.raises(PermissionDenied):
        corrections.death_confirm(by=staff["kim"], report=report)

    # and nothing changed
    child.refresh_from_db()
    assert child.death_date is None and AuditEvent.objects.count() == already

    # and the database refuses self-confirmation again
    with pytest.raises(IntegrityError), transaction.atomic():
        DeathReport.objects.filter(pk=report.pk).update(status="confirmed", decided_by=both)


@override("en")
def test_a_report_is_checked_when_made(hiroshima, staff):  # noqa: F811
    child = hiroshima.creditors.filter(relation="child").first().person
    with pytest.raises(ValidationError) as future:
        services.death_propose(by=staff["kim"], person=child, died_on=today() + timedelta(days=1))
    assert future.value.message_dict == {"died_on": ["The date of death is in the future."]}
    with pytest.raises(PermissionDenied):
        services.death_propose(by=staff["park"], person=child, died_on=today())
    services.death_propose(by=staff["kim"], person=child, died_on=today())
    with pytest.raises(ValidationError, match="awaits a legal reviewer"):
        services.death_propose(by=staff["kim"], person=child, died_on=today())
    assert DeathReport.objects.filter(person=child).count() == 1


@override("en")
def test_a_corrected_date_of_death_needs_its_reason_and_is_applied_on_confirmation(
    demo,
    staff,  # noqa: F811
    settings,
    tmp_path,
):
    # given the widow of the demonstration, recorded dead on 2021-03-14, her part passed to her children
    settings.MEDIA_ROOT = tmp_path
    from django.core.files.uploadedfile import SimpleUploadedFile

    widow = Person.objects.get(death_date=date(2021, 3, 14))
    with pytest.raises(ValidationError) as no_reason:
        services.death_propose(by=staff["kim"], person=widow, died_on=date(2021, 3, 4))
    assert list(no_reason.value.message_dict) == ["reason"]
    certificate = services.document_upload(
        by=staff["kim"], kind="basic", issued_on=date(2024, 5, 1), file=SimpleUploadedFile("b.pdf", b"%PDF")
    )

    # when a caseworker proposes 2021-03-04 with the certificate and a legal reviewer confirms
    report = services.death_propose(
        by=staff["kim"],
        person=widow,
        died_on=date(2021, 3, 4),
        reason="기본증명서 정정",
        document=certificate,
    )
    corrections.death_confirm(by=staff["lee"], report=report)

    # then the date is corrected, with its event, before and after
    widow.refresh_from_db()
    assert widow.death_date == date(2021, 3, 4) and widow.death_document == certificate
    (event,) = events_for(subject=widow).filter(action="person.correct_death")
    assert (event.before["death_date"], event.after["death_date"]) == ("2021-03-14", "2021-03-04")
    assert event.actor == staff["kim"]


@override("en")
def test_a_refused_report_records_nothing(hiroshima, staff):  # noqa: F811
    child = hiroshima.creditors.filter(relation="child").first().person
    report = services.death_propose(by=staff["kim"], person=child, died_on=today())
    services.death_refuse(by=staff["lee"], report=report, reason="wrong person: a namesake")
    child.refresh_from_db()
    assert child.death_date is None
    report.refresh_from_db()
    assert (report.status, report.refusal) == ("refused", "wrong person: a namesake")
    with pytest.raises(ValidationError, match="already"):
        corrections.death_confirm(by=staff["lee"], report=report)


# The person page --------------------------------------------------------------------------------------


@override("en")
def test_the_person_page_reports_then_a_reviewer_confirms(client, hiroshima, staff):  # noqa: F811
    child = hiroshima.creditors.filter(relation="child").order_by("pk").first().person
    url = reverse("people:person_record_death", args=[child.pk])
    page = reverse("people:person_detail", args=[child.pk])
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"

    # a caseworker previews, then reports
    client.force_login(staff["kim"])
    assert "What recording this death changes" in client.post(url, {"died_on": "2025-01-05"}).content.decode()
    assert client.post(url, {"died_on": "2025-01-05", "action": "confirm"}).status_code == 302
    child.refresh_from_db()
    assert child.death_date is None
    shown = client.get(page).content.decode()
    assert shown.count('data-testid="death-report"') == 1 and "Confirm the death" not in shown

    # a legal reviewer sees it and confirms it
    client.force_login(staff["lee"])
    shown = client.get(page).content.decode()
    assert "Confirm the death" in shown
    report = DeathReport.objects.get(person=child)
    assert (
        client.post(reverse("people:death_decide", args=[report.pk]), {"action": "confirm"}).status_code
        == 302
    )
    child.refresh_from_db()
    assert child.death_date == date(2025, 1, 5)
    assert "The death of" in client.get(page).content.decode()
