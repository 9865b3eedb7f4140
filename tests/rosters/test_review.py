"""The review queue: pairs side by side with the roster source, decisions audited and used as labels,
flags shown on the application, runs started from the pages as background tasks."""

import pytest
from django.urls import reverse

from amends.audit.models import AuditEvent
from amends.rosters import services
from amends.rosters.models import (
    Application,
    CandidatePair,
    EarlierPayment,
    ImportBatch,
    LinkageRun,
    RosterEntry,
)


@pytest.fixture
def pair(db):
    # given one application and one roster entry the model paired
    batch = ImportBatch.objects.create(kind="roster", file_name="r.csv", rows=1)
    entry = RosterEntry.objects.create(
        ref="R1", name_japanese="金田 正雄", birth_date="1920-03", hometown="全羅南道 光州郡",
        employer="三菱重工業", source_name="Mitsubishi 1944", archive="国立公文書館",
        roster="朝鮮人労務者名簿", page="12", line="3", batch=batch,
    )  # fmt: skip
    application = Application.objects.create(
        ref="A1", name_hangul="김정웅", name_japanese="金田 正雄", birth_date="1920-03-05",
        hometown="광주광역시", batch=batch,
    )  # fmt: skip
    run = LinkageRun.objects.create(threshold=0.5, status=LinkageRun.Status.DONE, progress=100)
    return CandidatePair.objects.create(
        run=run, application=application, roster_entry=entry, probability=0.97, match_weight=12.3,
        evidence={"surname": "same Japanese-style surname", "birth_date": "same month, day unknown"},
    )  # fmt: skip


def test_a_pair_is_shown_side_by_side_with_its_source_and_evidence(staff_client, pair):
    # when a caseworker opens the pair
    response = staff_client.get(reverse("rosters:pair_detail", args=[pair.pk]))
    # then both records, the roster's source and the agreement per field are on the page
    page = response.content.decode()
    assert response.status_code == 200
    assert "김정웅" in page and "金田 正雄" in page and "全羅南道 光州郡" in page
    assert "Mitsubishi 1944 · 国立公文書館 · 朝鮮人労務者名簿 · p. 12 · l. 3" in page
    assert "same month, day unknown" in page
    assert "0.9700" in page


def test_a_decision_is_recorded_audited_and_becomes_a_label(staff_client, pair):
    # when the caseworker accepts the pair
    response = staff_client.post(
        reverse("rosters:pair_decide", args=[pair.pk]), {"verdict": "accept", "note": "same birth month"}
    )
    # then it is recorded, audited, and the next run learns from it
    assert response.status_code == 302
    decision = pair.decisions.get()
    assert (decision.verdict, decision.note, decision.decided_by.username) == (
        "accept",
        "same birth month",
        "caseworker",
    )
    event = AuditEvent.objects.get(action="linkage.review")
    assert event.after["verdict"] == "accept"
    assert services.review_labels() == [("A1", "R1", True)]
    # and a later verdict on the same pair replaces it as the label
    staff_client.post(reverse("rosters:pair_decide", args=[pair.pk]), {"verdict": "reject"})
    assert services.review_labels() == [("A1", "R1", False)]


def test_a_legal_reviewer_reads_but_cannot_decide(client, django_user_model, pair):
    from tests.support import grant

    reviewer = grant(django_user_model.objects.create_user(username="reviewer"), "legal_reviewer")
    client.force_login(reviewer)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    assert client.get(reverse("rosters:review_queue", args=[pair.run.pk])).status_code == 200
    page = client.get(reverse("rosters:pair_detail", args=[pair.pk])).content.decode()
    assert "Record decision" not in page
    response = client.post(reverse("rosters:pair_decide", args=[pair.pk]), {"verdict": "accept"})
    assert response.status_code == 403
    assert not pair.decisions.exists()


def test_other_staff_cannot_see_linkage(client, django_user_model, pair):
    from tests.support import grant

    client.force_login(grant(django_user_model.objects.create_user(username="f"), "finance_officer"))
    assert client.get(reverse("rosters:pair_detail", args=[pair.pk])).status_code == 403


def test_the_queue_lists_undecided_pairs(staff_client, pair):
    page = staff_client.get(reverse("rosters:review_queue", args=[pair.run.pk])).content.decode()
    assert "A1 김정웅" in page
    pair.decisions.create(
        application_ref="A1", roster_ref="R1", verdict="reject", decided_by=pair_user(staff_client)
    )
    page = staff_client.get(reverse("rosters:review_queue", args=[pair.run.pk])).content.decode()
    assert "Nothing to review." in page


def pair_user(client):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="caseworker")


def test_flags_show_on_the_application_before_any_decision(staff_client, pair):
    # given an application flagged as a duplicate and as paid before
    batch = ImportBatch.objects.create(kind="payments", file_name="p.csv", rows=1)
    paid = EarlierPayment.objects.create(ref="P1", name_hangul="김정웅", programme="2008 위로금", batch=batch)
    later = Application.objects.create(
        ref="A2", name_hangul="김정웅", batch=pair.application.batch, duplicate_of=pair.application,
        duplicate_probability=0.99, earlier_payment=paid, earlier_payment_probability=0.95,
    )  # fmt: skip
    # when its page is opened
    page = staff_client.get(reverse("rosters:application_detail", args=[later.pk])).content.decode()
    # then both flags are there
    assert "Possible duplicate" in page and "application A1" in page
    assert "Possibly paid before" in page and "payment P1 of 2008 위로금" in page


def test_a_run_started_from_the_pages_runs_as_a_task_with_progress(
    staff_client, imported, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    # when a caseworker starts a run
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(reverse("rosters:run_start"), {"threshold": "0.6"})
    # then the task ran it, and its page shows the finished run
    run = LinkageRun.objects.get()
    assert response.status_code == 302
    assert run.status == LinkageRun.Status.DONE
    page = staff_client.get(reverse("rosters:run_detail", args=[run.pk])).content.decode()
    assert 'data-testid="run-progress"' in page and "See the results" in page
    assert "Review queue" in page


def test_progress_of_a_running_run_polls_and_works_without_javascript(staff_client, db):
    from datetime import timedelta

    from django.utils import timezone

    run = LinkageRun.objects.create(
        threshold=0.5, status=LinkageRun.Status.RUNNING, progress=40, step="scoring",
        worker="w1", lease_expires_at=timezone.now() + timedelta(hours=1),
    )  # fmt: skip
    fragment = staff_client.get(reverse("rosters:run_progress", args=[run.pk])).content.decode()
    assert 'hx-trigger="every 2s"' in fragment
    assert 'value="40"' in fragment and "scoring" in fragment
    assert "<noscript>" in fragment
    page = staff_client.get(reverse("rosters:run_list")).content.decode()
    assert "Run in progress" in page


def test_a_bad_threshold_from_the_page_is_refused(staff_client, db):
    response = staff_client.post(reverse("rosters:run_start"), {"threshold": "2"}, follow=True)
    assert "between 0 and 1" in response.content.decode()
    assert not LinkageRun.objects.exists()
