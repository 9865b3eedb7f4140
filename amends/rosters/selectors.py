"""Reads for rosters and linkage: the latest run, its pairs, the review queue, evaluation."""

import csv
import json
from collections.abc import Iterable
from pathlib import Path

from django.db import connection
from django.db.models import Prefetch, QuerySet

from amends.rosters.models import CandidatePair, LinkageRun, ReviewDecision


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


def review_queue(*, run: LinkageRun, decided: bool = False) -> QuerySet[CandidatePair]:
    """The run's candidate pairs, the least certain first, with the latest decision on each."""
    pairs = (
        run_pairs(run=run)
        .select_related("application", "roster_entry")
        .prefetch_related(Prefetch("decisions", queryset=ReviewDecision.objects.select_related("decided_by")))
    )
    pairs = pairs.filter(decisions__isnull=not decided).distinct() if not decided else pairs
    return pairs.order_by("probability", "pk")


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
