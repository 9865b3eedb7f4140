"""Matching runs: candidate pairs with evidence, the commands, flags before any decision."""

import csv
import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from amends.audit.models import AuditEvent
from amends.rosters import selectors, services
from amends.rosters.models import Application, CandidatePair, LinkageRun


@pytest.fixture
def run(imported):
    linkage_run = services.linkage_run_create(threshold=0.5, by=None)
    return services.linkage_run_execute(run=linkage_run)


def test_a_run_finds_the_applicants_on_the_rosters(run, synthetic):
    # given a small synthetic roster and applications, matched
    # then most true pairs are found and few false ones
    figures = selectors.run_evaluation(run=run, truth=selectors.read_truth(synthetic.truth))
    assert figures["precision"] >= 0.9
    assert figures["recall"] >= 0.8
    # and the run keeps its threshold, model parameters and figures
    run.refresh_from_db()
    assert run.status == LinkageRun.Status.DONE and run.progress == 100
    assert run.threshold == 0.5
    assert {c["output_column_name"] for c in run.parameters["comparisons"]} == {
        "surname", "given_name", "birth_date", "hometown", "employer", "worksite",
    }  # fmt: skip
    assert AuditEvent.objects.filter(action="linkage.run_finish").exists()


def test_each_pair_keeps_its_evidence(run):
    pair = CandidatePair.objects.filter(run=run).order_by("-probability").first()
    assert pair.probability >= 0.5
    assert set(pair.evidence) == {"surname", "given_name", "birth_date", "hometown", "employer", "worksite"}
    assert all(isinstance(level, str) for level in pair.evidence.values())


def test_duplicates_and_earlier_payments_are_flagged(run, synthetic):
    with synthetic.truth_duplicates.open(encoding="utf-8") as handle:
        duplicates = {row["application_ref"]: row["other_ref"] for row in csv.DictReader(handle)}
    flagged = dict(Application.objects.exclude(duplicate_of=None).values_list("ref", "duplicate_of__ref"))
    assert duplicates, "the generator makes duplicate applications"
    assert sum(1 for ref, other in duplicates.items() if flagged.get(ref) == other) >= len(duplicates) * 0.7
    with synthetic.truth_earlier.open(encoding="utf-8") as handle:
        earlier = {row["application_ref"] for row in csv.DictReader(handle)}
    paid = set(Application.objects.exclude(earlier_payment=None).values_list("ref", flat=True))
    assert len(paid & earlier) >= len(earlier) * 0.7


def test_export_and_evaluate_commands(run, synthetic):
    # when the pairs are exported
    out = StringIO()
    call_command("linkage", "export", "--format", "csv", stdout=out)
    rows = list(csv.reader(StringIO(out.getvalue())))
    # then every pair at or above the threshold is a line
    assert rows[0] == ["application_ref", "roster_ref", "probability"]
    assert len(rows) - 1 == CandidatePair.objects.filter(run=run).count()
    assert all(float(probability) >= 0.5 for _a, _r, probability in rows[1:])
    # and evaluation prints the figures as JSON
    out = StringIO()
    call_command("linkage", "evaluate", "--truth", str(synthetic.truth), "--format", "json", stdout=out)
    figures = json.loads(out.getvalue())
    assert set(figures) == {"precision", "recall", "f1", "pairs", "seconds"}
    assert figures["pairs"] == len(rows) - 1


def test_the_run_command(imported):
    out = StringIO()
    call_command("linkage", "run", "--threshold", "0.8", stdout=out)
    assert "candidate pairs at or above 0.8" in out.getvalue()
    assert LinkageRun.objects.get().threshold == 0.8


@pytest.mark.parametrize("threshold", [0, 1, "half"])
def test_a_threshold_outside_0_1_is_refused(db, threshold):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.linkage_run_create(threshold=threshold, by=None)


def test_a_run_without_data_fails_and_says_so(db):
    from django.utils import translation

    # given a run and nothing imported
    run = services.linkage_run_create(threshold=0.5, by=None)
    # when it is done (nothing is raised to the worker)
    with translation.override("en"):
        run = services.linkage_run_execute(run=run)
    # then it failed, saying why in plain words
    assert run.status == LinkageRun.Status.FAILED
    assert run.reason == {"code": "no_data"}
    assert run.error == "Import applications and at least one roster first."
    # and the start and the failure are in the audit log
    assert AuditEvent.objects.get(action="linkage.run_start").after["run"] == run.pk
    failed = AuditEvent.objects.get(action="linkage.run_fail")
    assert failed.after["run"] == run.pk and failed.after["error"] == run.error


def test_the_finish_event_names_the_applications_the_run_flagged(run):
    # given a finished run that flagged applications
    flagged = dict(Application.objects.exclude(duplicate_of=None).values_list("ref", "duplicate_of__ref"))
    paid = dict(Application.objects.exclude(earlier_payment=None).values_list("ref", "earlier_payment__ref"))
    assert flagged and paid
    # then its finish event keeps which applications it flagged, and against what
    event = AuditEvent.objects.get(action="linkage.run_finish")
    assert event.after["run"] == run.pk
    assert event.after["flagged"] == {"duplicates": flagged, "earlier": paid}
    assert event.after["duplicates_flagged"] == len(flagged)
    assert AuditEvent.objects.filter(action="linkage.run_start").count() == 1


def test_a_baseline_run_leaves_the_flags_and_the_results_in_use_alone(run):
    # given a finished normalised run and its flags
    flags = list(
        Application.objects.order_by("ref").values_list(
            "ref", "duplicate_of", "duplicate_probability", "earlier_payment", "earlier_payment_probability"
        )
    )
    # when a baseline run on the raw names follows
    out = StringIO()
    call_command("linkage", "run", "--baseline", "--threshold", "0.5", stdout=out)
    baseline = LinkageRun.objects.get(normalised=False)
    assert baseline.status == LinkageRun.Status.DONE
    assert "flags left as the last normalised run set them" in out.getvalue()
    # then the flags are still the normalised run's
    assert (
        list(
            Application.objects.order_by("ref").values_list(
                "ref",
                "duplicate_of",
                "duplicate_probability",
                "earlier_payment",
                "earlier_payment_probability",
            )
        )
        == flags
    )
    # and the results in use (application pages, export) are still the normalised run's
    assert selectors.latest_run() == run
    out = StringIO()
    call_command("linkage", "export", stdout=out)
    assert len(out.getvalue().splitlines()) - 1 == CandidatePair.objects.filter(run=run).count()
    # while the baseline's own pairs are there by its number
    out = StringIO()
    call_command("linkage", "export", "--run", str(baseline.pk), stdout=out)
    assert len(out.getvalue().splitlines()) - 1 == CandidatePair.objects.filter(run=baseline).count()


def test_a_run_is_refused_while_another_is_queued_or_running(db):
    from django.core.exceptions import ValidationError
    from django.utils import translation

    with translation.override("en"):
        # given a run waiting for the worker
        queued = services.linkage_run_create(threshold=0.5, by=None)
        # when another is started
        with pytest.raises(ValidationError) as refused:
            services.linkage_run_create(threshold=0.5, by=None)
        # then it is refused, naming the run in the way
        assert f"Run {queued.pk} is queued" in refused.value.messages[0]
        # (taken by a worker whose lease is good)
        LinkageRun.objects.filter(pk=queued.pk).update(
            status=LinkageRun.Status.RUNNING,
            worker="w1",
            lease_expires_at=timezone.now() + timedelta(hours=1),
        )
        with pytest.raises(ValidationError, match="is running"):
            services.linkage_run_create(threshold=0.5, by=None, normalised=False)
        assert LinkageRun.objects.count() == 1
        # and once it has finished, a run may start
        LinkageRun.objects.filter(pk=queued.pk).update(status=LinkageRun.Status.FAILED)
        services.linkage_run_create(threshold=0.5, by=None)
        assert LinkageRun.objects.count() == 2


def test_a_run_executed_twice_does_its_work_once(run):
    # given a finished run
    pairs = CandidatePair.objects.filter(run=run).count()
    events = AuditEvent.objects.count()
    # when the task is delivered again
    again = services.linkage_run_execute(run=LinkageRun.objects.get(pk=run.pk))
    # then nothing is redone: the run is as it was, its pairs are not doubled, nothing is audited
    assert again.status == LinkageRun.Status.DONE
    assert CandidatePair.objects.filter(run=run).count() == pairs
    assert AuditEvent.objects.count() == events
