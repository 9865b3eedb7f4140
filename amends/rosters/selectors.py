"""Reads for rosters and linkage: the latest run, its pairs, the review queue, evaluation, and a run's
reason and warnings in words."""

import csv
import json
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from django.db import connection
from django.db.models import Exists, F, OuterRef, QuerySet, Subquery
from django.db.models.functions import Abs
from django.utils import timezone
from django.utils.translation import gettext as _

from amends.linkage.model import MIN_TRAINING_PAIRS
from amends.rosters.models import Application, CandidatePair, ImportBatch, LinkageRun, ReviewDecision


def latest_run(*, done: bool = True, normalised: bool = True) -> LinkageRun | None:
    """The latest (finished) run; by default the latest normalised one, whose pairs and flags are the
    ones in use: a baseline run on raw names is for comparison only."""
    runs = LinkageRun.objects.all()
    if done:
        runs = runs.filter(status=LinkageRun.Status.DONE)
    if normalised:
        runs = runs.filter(normalised=True)
    return runs.first()


def run_pairs(*, run: LinkageRun) -> QuerySet[CandidatePair]:
    return run.pairs.filter(probability__gte=run.threshold)


def export_rows(*, run: LinkageRun):
    """(application_ref, roster_ref, probability) of every pair at or above the run's threshold."""
    return (
        run_pairs(run=run)
        .order_by("application__ref", "-probability")
        .values_list("application__ref", "roster_entry__ref", "probability")
        .iterator(chunk_size=20_000)
    )


def read_truth(path: Path) -> set[tuple[str, str]]:
    """True ``application_ref,roster_ref`` pairs from a CSV file (a header row is skipped)."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        rows = [row for row in csv.reader(handle) if len(row) >= 2]
    if rows and rows[0][0].strip() == "application_ref":
        rows = rows[1:]
    return {(row[0].strip(), row[1].strip()) for row in rows}


def evaluate(*, found: set[tuple[str, str]], truth: set[tuple[str, str]]) -> dict:
    correct = len(found & truth)
    precision = correct / len(found) if found else 0.0
    recall = correct / len(truth) if truth else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "pairs": len(found),
    }


def run_evaluation(*, run: LinkageRun, truth: set[tuple[str, str]]) -> dict:
    found = {(application, roster) for application, roster, _probability in export_rows(run=run)}
    figures = evaluate(found=found, truth=truth)
    figures["seconds"] = (run.figures.get("seconds") or {}).get("total")
    return figures


# Which pairs by their latest decision: none yet, any, one verdict, or all of them.
QUEUE_DECISIONS = ("undecided", "decided", *ReviewDecision.Verdict.values, "all")
QUEUE_FLAGS = ("", "flagged", "duplicate", "paid_before", "unflagged")


def review_queue(
    *,
    run: LinkageRun,
    decided: bool = False,
    decision: str = "",
    source: str = "",
    flag: str = "",
    low: float | None = None,
    high: float | None = None,
) -> QuerySet[CandidatePair]:
    """The run's candidate pairs, the least certain first, each with its latest decision
    (``verdict``, ``decided_by_name``, ``bulk_id``: annotations, so that a page of pairs is one query
    however many decisions there are) and its ``uncertainty``: how far its probability is from 0.5,
    where the model knows least (issue 16). By default the undecided ones (``decided`` or
    ``decision="all"``: every pair); ``decision`` also picks the decided ones or one verdict. Filters:
    the roster's ``source``, the application's ``flag`` (flagged at all, as a duplicate, as paid
    before, or not flagged), the probability between ``low`` and ``high`` (inclusive)."""
    latest = ReviewDecision.objects.filter(pair=OuterRef("pk")).order_by("-decided_at", "-id")
    pairs = (
        run_pairs(run=run)
        .select_related("application", "roster_entry")
        .annotate(
            verdict=Subquery(latest.values("verdict")[:1]),
            decided_by_name=Subquery(latest.values("decided_by__username")[:1]),
            bulk_id=Subquery(latest.values("bulk_id")[:1]),
            uncertainty=Abs(F("probability") - 0.5),
        )
    )
    decision = decision or ("all" if decided else "undecided")
    if decision == "undecided":
        pairs = pairs.filter(~Exists(ReviewDecision.objects.filter(pair=OuterRef("pk"))))
    elif decision == "decided":
        pairs = pairs.filter(Exists(ReviewDecision.objects.filter(pair=OuterRef("pk"))))
    elif decision in ReviewDecision.Verdict.values:
        pairs = pairs.filter(verdict=decision)
    if source:
        pairs = pairs.filter(roster_entry__source_name=source)
    if flag == "flagged":
        pairs = pairs.exclude(application__duplicate_of=None, application__earlier_payment=None)
    elif flag == "duplicate":
        pairs = pairs.exclude(application__duplicate_of=None)
    elif flag == "paid_before":
        pairs = pairs.exclude(application__earlier_payment=None)
    elif flag == "unflagged":
        pairs = pairs.filter(application__duplicate_of=None, application__earlier_payment=None)
    if low is not None:
        pairs = pairs.filter(probability__gte=low)
    if high is not None:
        pairs = pairs.filter(probability__lte=high)
    return pairs.order_by("uncertainty", "pk")


def roster_sources() -> list[str]:
    """The roster sources imported, for the queue's filter (from the imports, a short table)."""
    return list(
        ImportBatch.objects.filter(kind=ImportBatch.Kind.ROSTER)
        .order_by("source")
        .values_list("source", flat=True)
        .distinct()
    )


def flagged_applications(*, kind: str) -> QuerySet[Application]:
    """Applications flagged by the latest normalised run as a possible ``duplicate`` of another, or as
    ``paid_before`` by an earlier programme, the likeliest first, with what they were flagged for."""
    if kind == "duplicate":
        return (
            Application.objects.exclude(duplicate_of=None)
            .select_related("duplicate_of")
            .order_by("-duplicate_probability", "pk")
        )
    return (
        Application.objects.exclude(earlier_payment=None)
        .select_related("earlier_payment")
        .order_by("-earlier_payment_probability", "pk")
    )


def existing_refs(*, model, refs: Iterable[str]) -> set[str]:
    """Those of ``refs`` that ``model``'s table (roster entries, applications, earlier payments)
    already holds: one query whatever their number, the refs sent as one JSON array (a query may
    bind only so many parameters, and JSON is quicker to send than an array of as many strings)."""
    refs = list(set(refs) - {""})
    table = connection.ops.quote_name(model._meta.db_table)
    if connection.vendor == "postgresql":
        # PostgreSQL's text holds no NUL character: such a ref is in no table (the insert refuses it).
        refs = [ref for ref in refs if "\x00" not in ref]
        elements = "SELECT json_array_elements_text(%s::json)"
    else:
        elements = "SELECT value FROM json_each(%s)"
    if not refs:
        return set()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT ref FROM {table} WHERE ref IN ({elements})", [json.dumps(refs, ensure_ascii=False)]
        )
        return {ref for (ref,) in cursor.fetchall()}


def reason_text(reason: dict) -> str:
    """Why a run failed or was cancelled, in words (``LinkageRun.reason`` keeps it as data, so that
    each reader sees it in their language)."""
    code = reason.get("code")
    if code == "no_data":
        return _("Import applications and at least one roster first.")
    if code == "worker_stopped":
        if not reason.get("at"):
            return _("The worker stopped answering before its first heartbeat; the run was abandoned.")
        at = timezone.localtime(datetime.fromisoformat(reason["at"])).strftime("%Y-%m-%d %H:%M:%S")
        return _("The worker stopped answering at %(time)s; the run was abandoned.") % {"time": at}
    if code == "cancelled":
        if reason.get("by"):
            return _("Cancelled by %(user)s.") % {"user": reason["by"]}
        return _("Cancelled.")
    if code == "unexpected":
        return _(
            "The run stopped on an unexpected error (%(kind)s); the details are in the server log. "
            "Start it again, and if it stops again, report the run's number."
        ) % {"kind": reason.get("kind", "")}
    return json.dumps(reason, ensure_ascii=False) if reason else ""


def warning_texts(warnings: list[dict]) -> list[str]:
    """What a finished run did other than planned (``amends.linkage.model.LinkWarning``), in words."""
    texts = []
    for warning in warnings:
        code = warning.get("code")
        comparisons = ", ".join(warning.get("comparisons", []))
        if code == "training_rule_skipped":
            text = _(
                "Training rule %(rule)s found %(pairs)s record pairs, fewer than the %(needed)s it needs; "
                "it was skipped and the other rules were used."
            ) % {"rule": warning.get("rule"), "pairs": warning.get("pairs"), "needed": MIN_TRAINING_PAIRS}
        elif code == "training_rule_failed":
            text = _("Training on rule %(rule)s failed and was skipped: %(error)s") % {
                "rule": warning.get("rule"),
                "error": warning.get("error"),
            }
        elif code == "labels_failed":
            text = _(
                "The accepted pairs could not train the model (%(error)s); it was trained by expectation "
                "maximisation instead."
            ) % {"error": warning.get("error")}
        elif code == "m_from_last_run":
            text = _(
                "No training reached %(comparisons)s: their m probabilities are those of the last good run."
            ) % {"comparisons": comparisons}
        elif code == "fixed_priors":
            text = _("No training reached %(comparisons)s: their m probabilities are the fixed priors.") % {
                "comparisons": comparisons
            }
        else:
            text = json.dumps(warning, ensure_ascii=False)
        texts.append(text)
    return texts
