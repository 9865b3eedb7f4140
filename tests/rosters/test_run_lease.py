"""A run's worker holds a lease: a killed worker's run is failed when anyone looks and never blocks
linkage; staff cancel a queued or running run; the real database worker still runs a run to the end."""

import html
import json
import threading
import time
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import connections
from django.urls import reverse
from django.utils import timezone, translation

from amends.audit.models import AuditEvent
from amends.rosters import services
from amends.rosters.models import Application, CandidatePair, LinkageRun
from tests.support import clear_append_only_records, grant


def abandoned_run(**fields) -> LinkageRun:
    """A run its worker was killed in the middle of: running, its last heartbeat long ago."""
    beat = timezone.now() - timedelta(minutes=10)
    return LinkageRun.objects.create(
        threshold=0.5, status=LinkageRun.Status.RUNNING, progress=40, step="scoring candidate pairs",
        worker="worker-host:4242:dead", heartbeat_at=beat, lease_expires_at=beat + timedelta(seconds=120),
        **fields,
    )  # fmt: skip


def test_a_killed_workers_run_is_failed_and_a_new_run_starts(db):
    # given a run whose worker stopped answering ten minutes ago
    stuck = abandoned_run()
    last_beat = timezone.localtime(stuck.heartbeat_at).strftime("%Y-%m-%d %H:%M:%S")
    # when a caseworker starts a new run
    with translation.override("en"):
        new = services.linkage_run_create(threshold=0.5, by=None)
    # then it is queued, and the old run failed, saying when its worker last answered
    assert new.status == LinkageRun.Status.QUEUED
    stuck.refresh_from_db()
    assert stuck.status == LinkageRun.Status.FAILED
    assert stuck.reason == {"code": "worker_stopped", "at": stuck.heartbeat_at.isoformat()}
    assert stuck.error == f"The worker stopped answering at {last_beat}; the run was abandoned."
    assert stuck.finished_at is not None
    # and the failure is audited as the system's, naming the worker
    event = AuditEvent.objects.get(action="linkage.run_fail")
    assert event.actor is None and event.after["run"] == stuck.pk and event.after["worker"] == stuck.worker


def test_a_run_whose_worker_answers_is_left_running(db):
    # given a run whose worker renewed its lease a moment ago
    run = LinkageRun.objects.create(
        threshold=0.5, status=LinkageRun.Status.RUNNING, worker="w1", heartbeat_at=timezone.now(),
        lease_expires_at=timezone.now() + timedelta(seconds=120),
    )  # fmt: skip
    # when someone looks
    assert services.linkage_runs_reclaim() == []
    # then it is still running, and a second run is refused
    run.refresh_from_db()
    assert run.status == LinkageRun.Status.RUNNING
    with pytest.raises(ValidationError):
        services.linkage_run_create(threshold=0.5, by=None)


def test_a_running_run_from_before_leases_is_failed_too(db):
    # given a run left running by a worker of the version before leases (no lease at all)
    run = LinkageRun.objects.create(threshold=0.5, status=LinkageRun.Status.RUNNING)
    # when someone looks
    with translation.override("en"):
        services.linkage_runs_reclaim()
    # then it failed, and a new run may start
    run.refresh_from_db()
    assert run.status == LinkageRun.Status.FAILED
    assert run.error == "The worker stopped answering before its first heartbeat; the run was abandoned."
    services.linkage_run_create(threshold=0.5, by=None)


def test_the_runs_page_shows_a_killed_workers_run_as_failed_and_offers_a_new_run(staff_client):
    # given a run whose worker was killed
    stuck = abandoned_run()
    last_beat = timezone.localtime(stuck.heartbeat_at).strftime("%Y-%m-%d %H:%M:%S")
    # when the runs page is opened
    page = staff_client.get(reverse("rosters:run_list")).content.decode()
    # then it is failed with the reason, no run is in progress, and a run can be started
    assert f"The worker stopped answering at {last_beat}; the run was abandoned." in page
    assert "Run in progress" not in page
    response = staff_client.post(reverse("rosters:run_start"), {"threshold": "0.5"})
    assert response.status_code == 302
    assert LinkageRun.objects.filter(status=LinkageRun.Status.QUEUED).count() == 1


def test_a_queued_run_is_cancelled_from_the_runs_page(staff_client, imported):
    # given a run waiting for the worker
    run = services.linkage_run_create(threshold=0.5, by=None)
    page = staff_client.get(reverse("rosters:run_list")).content.decode()
    assert f"Cancel run {run.pk}" in page
    # when a caseworker cancels it
    response = staff_client.post(reverse("rosters:run_cancel", args=[run.pk]), follow=True)
    # then it is cancelled at once, by them, and the page says so
    run.refresh_from_db()
    assert run.status == LinkageRun.Status.CANCELLED
    assert run.reason == {"code": "cancelled", "by": "caseworker"}
    assert f"Run {run.pk} cancelled." in response.content.decode()
    assert "Cancelled by caseworker." in response.content.decode()
    event = AuditEvent.objects.get(action="linkage.run_cancel")
    assert event.actor.username == "caseworker" and event.after["status"] == "cancelled"
    # and when its task is delivered after all, nothing is done
    services.linkage_run_execute(run=run)
    run.refresh_from_db()
    assert run.status == LinkageRun.Status.CANCELLED
    assert not CandidatePair.objects.exists()
    assert not AuditEvent.objects.filter(action="linkage.run_start").exists()
    # and a new run may start
    services.linkage_run_create(threshold=0.5, by=None)


def test_a_running_run_is_asked_to_stop_and_an_ended_run_cannot_be_cancelled(staff_client):
    # given a run a worker is doing
    run = LinkageRun.objects.create(
        threshold=0.5, status=LinkageRun.Status.RUNNING, worker="w1", heartbeat_at=timezone.now(),
        lease_expires_at=timezone.now() + timedelta(seconds=120),
    )  # fmt: skip
    # when a caseworker cancels it from its page
    response = staff_client.post(
        reverse("rosters:run_cancel", args=[run.pk]), {"next": "detail"}, follow=True
    )
    # then it is running until the worker's next step, and the page says it is being cancelled
    run.refresh_from_db()
    assert run.status == LinkageRun.Status.RUNNING and run.cancel_requested_by.username == "caseworker"
    page = html.unescape(response.content.decode())
    assert f"Run {run.pk} stops at its worker's next step." in page
    assert "cancelling: the worker stops at its next step" in page
    assert 'data-testid="cancel-run"' not in page
    # and if the worker has died meanwhile, the run is cancelled when its lease runs out
    LinkageRun.objects.filter(pk=run.pk).update(lease_expires_at=timezone.now() - timedelta(seconds=1))
    services.linkage_runs_reclaim()
    run.refresh_from_db()
    assert run.status == LinkageRun.Status.CANCELLED and run.reason == {
        "code": "cancelled",
        "by": "caseworker",
    }
    # and an ended run cannot be cancelled
    response = staff_client.post(reverse("rosters:run_cancel", args=[run.pk]), follow=True)
    assert f"Run {run.pk} has ended (cancelled)" in response.content.decode()


def test_only_a_caseworker_cancels(client, django_user_model, db):
    # given a queued run and a legal reviewer, who reads runs but does not run them
    run = services.linkage_run_create(threshold=0.5, by=None)
    reviewer = grant(django_user_model.objects.create_user(username="reviewer"), "legal_reviewer")
    # when they try to cancel it
    with pytest.raises(PermissionDenied):
        services.linkage_run_cancel(run=run, by=reviewer)
    client.force_login(reviewer)
    assert client.post(reverse("rosters:run_cancel", args=[run.pk])).status_code == 403
    # then it is still queued, and their page offers no cancel button
    run.refresh_from_db()
    assert run.status == LinkageRun.Status.QUEUED
    assert (
        'data-testid="cancel-run"'
        not in client.get(reverse("rosters:run_detail", args=[run.pk])).content.decode()
    )


def test_a_failed_run_shows_its_reason_and_no_traceback(staff_client):
    # given a run that stopped on an unexpected error
    run = LinkageRun.objects.create(
        threshold=0.5,
        status=LinkageRun.Status.FAILED,
        reason={"code": "unexpected", "kind": "OutOfMemoryException"},
        error="Traceback (most recent call last): …",
    )
    # when its page is opened
    page = staff_client.get(reverse("rosters:run_detail", args=[run.pk])).content.decode()
    # then it says what happened in words, and shows no traceback
    assert (
        "The run stopped on an unexpected error (OutOfMemoryException); the details are in the server log."
        in page
    )
    assert "Traceback" not in page


def test_a_finished_runs_warnings_are_on_its_page(staff_client):
    # given a run that finished after falling back on the fixed priors
    rule = "l.birth_ymd = r.birth_ymd AND l.county = r.county"
    run = LinkageRun.objects.create(
        threshold=0.5,
        status=LinkageRun.Status.DONE,
        progress=100,
        figures={"pairs": 0, "trained_on": "fixed priors"},
        warnings=[
            {"code": "training_rule_skipped", "rule": rule, "pairs": 3},
            {"code": "fixed_priors", "comparisons": ["surname", "given_name"]},
        ],
    )
    # when its page and the runs page are opened
    page = staff_client.get(reverse("rosters:run_detail", args=[run.pk])).content.decode()
    runs = staff_client.get(reverse("rosters:run_list")).content.decode()
    # then the warnings are there, in words
    assert (
        f"Training rule {rule} found 3 record pairs, fewer than the 10 it needs; it was skipped and the "
        "other rules were used." in page
    )
    assert "No training reached surname, given_name: their m probabilities are the fixed priors." in page
    assert "2 warnings" in runs


# The tests below commit: a real worker, or a second thread, sees only what is committed.


@pytest.fixture
def committed(transactional_db):
    yield
    clear_append_only_records()


@pytest.mark.django_db(transaction=True)
def test_the_real_database_worker_runs_a_run_to_the_end(committed, staff_client, imported, settings):
    # given the database-backed task queue, and a run started from the page
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from django_tasks_db.models import DBTaskResult

    staff_client.post(reverse("rosters:run_start"), {"threshold": "0.5"})
    run = LinkageRun.objects.get()
    assert run.status == LinkageRun.Status.QUEUED
    # when `amends db_worker` works through the queue
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval", "0", verbosity=0)
    # then the run finished, its worker named and its lease renewed to the end, and the task succeeded
    run.refresh_from_db()
    assert run.status == LinkageRun.Status.DONE and run.progress == 100
    assert run.worker and run.heartbeat_at is not None and run.lease_expires_at > run.heartbeat_at
    assert run.pairs.count() == run.figures["pairs"] > 0
    assert run.warnings == []
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def in_thread(target) -> tuple[threading.Thread, list]:
    errors = []

    def run() -> None:
        try:
            target()
        except Exception as error:  # reported by the test
            errors.append(error)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, errors


@pytest.mark.django_db(transaction=True)
def test_a_running_run_cancelled_stops_at_its_next_stage_and_writes_nothing(
    committed, imported, django_user_model
):
    # given a run being done by a worker (here a thread of its own)
    caseworker = grant(django_user_model.objects.create_user(username="kim"), "caseworker")
    flags = list(Application.objects.exclude(duplicate_of=None).values_list("pk", flat=True))
    run = services.linkage_run_create(threshold=0.5, by=caseworker)
    worker, errors = in_thread(lambda: services.linkage_run_execute(run=run))
    while LinkageRun.objects.get(pk=run.pk).progress < 5:
        time.sleep(0.05)
    # when a caseworker cancels it while it is running
    assert services.linkage_run_cancel(run=run, by=caseworker).status == LinkageRun.Status.RUNNING
    worker.join()
    # then the worker stopped at its next stage and marked it cancelled; no pairs and no flags written
    assert errors == []
    run.refresh_from_db()
    assert run.status == LinkageRun.Status.CANCELLED and run.reason == {"code": "cancelled", "by": "kim"}
    assert not run.pairs.exists()
    assert list(Application.objects.exclude(duplicate_of=None).values_list("pk", flat=True)) == flags
    assert AuditEvent.objects.get(action="linkage.run_cancelled").actor == caseworker
    assert not AuditEvent.objects.filter(action="linkage.run_finish").exists()


@pytest.mark.django_db(transaction=True)
def test_the_heartbeat_keeps_a_long_stage_from_passing_for_a_dead_worker(committed, imported, settings):
    # given a lease far shorter than the run's longest stage (training and scoring take seconds)
    settings.LINKAGE_LEASE_SECONDS = 0.6
    run = services.linkage_run_create(threshold=0.5, by=None)
    # when someone keeps looking at the runs while a worker does it
    worker, errors = in_thread(lambda: services.linkage_run_execute(run=run))
    while worker.is_alive():
        services.linkage_runs_reclaim()
        time.sleep(0.05)
    # then the heartbeat renewed the lease throughout, and the run finished
    assert errors == []
    run.refresh_from_db()
    assert run.status == LinkageRun.Status.DONE, run.error


def test_a_worker_killed_mid_run_blocks_nothing(tmp_path, migrated_sqlite, synthetic):
    """The whole story in real processes on a SQLite file: `amends linkage run` is killed (SIGKILL)
    in the middle of training, and the next `amends linkage run` fails the orphan and does its run."""
    import os
    import sqlite3
    import subprocess
    import sys
    from pathlib import Path

    amends = str(Path(sys.executable).parent / "amends")
    env = os.environ | {
        "DATABASE_URL": f"sqlite:///{migrated_sqlite}",
        "AMENDS_VAR_DIR": str(tmp_path),
        "AMENDS_LINKAGE_LEASE_SECONDS": "2",
    }

    def amends_run(*arguments: str) -> subprocess.CompletedProcess:
        return subprocess.run([amends, *arguments], env=env, capture_output=True, text=True, timeout=300)

    def runs() -> list[tuple]:
        with sqlite3.connect(migrated_sqlite) as database:
            return database.execute(
                "SELECT id, status, progress, reason FROM rosters_linkagerun ORDER BY id"
            ).fetchall()

    # given a roster and applications
    assert amends_run("roster", "import", str(synthetic.roster), "--source", "synthetic").returncode == 0
    assert amends_run("applications", "import", str(synthetic.applications)).returncode == 0
    # and a run whose process is killed while it trains
    worker = subprocess.Popen([amends, "linkage", "run", "--threshold", "0.5"], env=env)
    deadline = time.monotonic() + 120
    while not (found := runs()) or found[0][2] < 10:
        assert worker.poll() is None and time.monotonic() < deadline, (
            "the run ended before it could be killed"
        )
        time.sleep(0.05)
    worker.kill()
    worker.wait()
    assert runs()[0][1] == "running"
    # when, once its lease has run out, another run is started
    time.sleep(2.5)
    result = amends_run("linkage", "run", "--threshold", "0.5")
    # then the new run did its work, and the killed one is failed with the reason
    assert result.returncode == 0, result.stderr
    assert "candidate pairs at or above 0.5" in result.stdout
    (_first, first_status, _progress, reason), (_second, second_status, _p, _r) = runs()
    assert (first_status, second_status) == ("failed", "done")
    assert json.loads(reason)["code"] == "worker_stopped"
