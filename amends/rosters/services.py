"""Writes for rosters and linkage: starting and running a matching job, flagging, reviewing.

A run (:func:`linkage_run_execute`) reads every application, roster entry and earlier payment,
normalises them (:mod:`amends.linkage.features`), links applications to the rosters with Splink
(:mod:`amends.linkage.model`), keeps each application's best candidates at or above the threshold
with their evidence, and flags applications that repeat another application or match a payment of an
earlier programme, so that no decision is taken on them unseen. Only a normalised run flags: a
baseline run (raw names, for comparison) leaves the flags of the last normalised run as they are.

The pairs caseworkers accepted train the next run's m probabilities once there are
:data:`~amends.linkage.model.MIN_ACCEPTED_LABELS` of them (Splink learns m from matches only, so
rejected pairs do not count); with fewer, the run trains by expectation maximisation.

Imports are in :mod:`amends.rosters.imports`.
"""

import json
import time
import traceback

from django.contrib.auth.base_user import AbstractBaseUser as User
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from amends.audit.services import audit_append, snapshot
from amends.core.bulk import bulk_insert
from amends.core.roles import CASEWORKER, check_actor, require_role
from amends.rosters.models import (
    Application,
    CandidatePair,
    EarlierPayment,
    LinkageRun,
    ReviewDecision,
    RosterEntry,
)

NAME_FIELDS = (
    "ref", "name_hangul", "name_hanja", "name_japanese", "name_japanese_reading", "name_romanized",
    "birth_date", "hometown",
)  # fmt: skip
WORK_FIELDS = ("employer", "worksite")
DUPLICATE_THRESHOLD = 0.5


def _threshold(value) -> float:
    try:
        threshold = float(value)
    except (TypeError, ValueError):
        raise ValidationError(
            {"threshold": _("Give the threshold as a probability between 0 and 1.")}
        ) from None
    if not 0 < threshold < 1:
        raise ValidationError({"threshold": _("Give the threshold as a probability between 0 and 1.")})
    return threshold


@transaction.atomic
def linkage_run_create(*, threshold: float, by: User | None, normalised: bool = True) -> LinkageRun:
    """A queued matching run with its threshold (``normalised=False``: the baseline on raw names).
    Refused while another run is queued or running: two runs at once would replace each other's flags
    and hold both the data and the machine twice."""
    check_actor(by, CASEWORKER)
    threshold = _threshold(threshold)
    current = LinkageRun.objects.filter(
        status__in=[LinkageRun.Status.QUEUED, LinkageRun.Status.RUNNING]
    ).first()
    if current is not None:
        raise ValidationError(
            _("Run %(number)s is %(status)s; start another when it has finished.")
            % {"number": current.pk, "status": current.get_status_display()}
        )
    run = LinkageRun.objects.create(threshold=threshold, normalised=normalised, started_by=by)
    audit_append(
        actor=by,
        action="linkage.run_create",
        subject=run,
        after={"threshold": str(run.threshold), "normalised": normalised},
    )
    return run


def linkage_run_start(*, threshold: float, by: User) -> LinkageRun:
    """Queue a run for the background worker (``amends db_worker``), from the pages."""
    require_role(by, CASEWORKER)
    from amends.rosters.tasks import run_linkage

    with transaction.atomic():
        run = linkage_run_create(threshold=threshold, by=by)
        transaction.on_commit(lambda: run_linkage.enqueue(run.pk))
    return run


def _progress(run: LinkageRun, percent: int, step: str) -> None:
    LinkageRun.objects.filter(pk=run.pk).update(progress=percent, step=step[:200])


def _records(model, fields) -> list[dict]:
    return list(model.objects.order_by("pk").values(*fields).iterator(chunk_size=50_000))


def review_labels() -> list[tuple[str, str, bool]]:
    """The latest verdict on each (application, roster entry) pair, accepted or rejected."""
    latest: dict[tuple[str, str], bool] = {}
    rows = ReviewDecision.objects.exclude(verdict=ReviewDecision.Verdict.UNSURE).order_by("decided_at", "id")
    for application_ref, roster_ref, verdict in rows.values_list("application_ref", "roster_ref", "verdict"):
        latest[(application_ref, roster_ref)] = verdict == ReviewDecision.Verdict.ACCEPT
    return [(left, right, same) for (left, right), same in latest.items()]


def linkage_run_execute(*, run: LinkageRun, seed: int = 42) -> LinkageRun:
    """Do the run: link, keep the candidates with their evidence, flag duplicates and earlier
    payments (a normalised run only). A failure is recorded on the run (status failed), audited and
    raised. A run that is not queued (already running, or finished) is returned as it is: a task
    delivered twice does the work once."""
    from amends.linkage.features import feature_table
    from amends.linkage.model import best_links, link

    started = time.monotonic()
    with transaction.atomic():
        # One conditional update: of two workers given the same run, one starts it.
        taken = LinkageRun.objects.filter(pk=run.pk, status=LinkageRun.Status.QUEUED).update(
            status=LinkageRun.Status.RUNNING, progress=1, step="reading"
        )
        if taken:
            audit_append(
                actor=run.started_by,
                action="linkage.run_start",
                subject=run,
                after={"run": run.pk, "status": str(LinkageRun.Status.RUNNING)},
            )
    if not taken:
        run.refresh_from_db()
        return run
    try:
        _progress(run, 2, "reading applications, rosters and earlier payments")
        applications = _records(Application, (*NAME_FIELDS, *WORK_FIELDS))
        roster = _records(RosterEntry, (*NAME_FIELDS, *WORK_FIELDS))
        payments = _records(EarlierPayment, NAME_FIELDS)
        if not applications or not roster:
            raise ValidationError(_("Import applications and at least one roster first."))
        _progress(run, 5, "normalising names")
        left = feature_table(applications, normalised=run.normalised)
        right = feature_table(roster, normalised=run.normalised)
        del roster
        seconds = {"read_and_normalise": round(time.monotonic() - started, 1)}

        def report(percent: int, step: str) -> None:
            _progress(run, 10 + percent * 60 // 100, step)

        result = link(
            left=left,
            right=right,
            normalised=run.normalised,
            threshold=run.threshold,
            expected_matches=len(applications) * 0.9,
            labels=review_labels(),
            seed=seed,
            progress=report,
        )
        pairs = best_links(result.pairs)
        seconds["link"] = round(result.seconds, 1)
        _progress(run, 72, "looking for duplicate applications")
        # Two applications by one person are common and cheap to settle, but a false flag holds up
        # an applicant: a duplicate needs better odds than a candidate pair. An earlier payment
        # missed means paying twice: those are flagged at the run's own threshold.
        duplicates, earlier = [], []
        if run.normalised:
            duplicates = link(
                left=left,
                normalised=run.normalised,
                threshold=max(run.threshold, DUPLICATE_THRESHOLD),
                expected_matches=len(applications) * 0.03,
                model=result.parameters,
            ).pairs
        if payments and run.normalised:
            _progress(run, 80, "looking for earlier-programme payments")
            earlier = link(
                left=left,
                right=feature_table(payments, normalised=run.normalised),
                normalised=run.normalised,
                threshold=run.threshold,
                expected_matches=len(payments) * 0.9,
                model=result.parameters,
            ).pairs
        _progress(run, 88, "saving candidate pairs and flags")
        with transaction.atomic():
            _save_pairs(run, pairs)
            # A baseline run is for comparison: the flags stay those of the last normalised run.
            flagged = _flag(duplicates, best_links(earlier)) if run.normalised else None
            run.refresh_from_db()
            run.status = LinkageRun.Status.DONE
            run.progress = 100
            run.step = ""
            run.parameters = result.parameters
            seconds["total"] = round(time.monotonic() - started, 1)
            run.figures = {
                **result.figures,
                "pairs": len(pairs),
                "pairs_scored_above_threshold": len(result.pairs),
                "flags_written": flagged is not None,
                "duplicates_flagged": len(flagged["duplicates"]) if flagged else 0,
                "earlier_payments_flagged": len(flagged["earlier"]) if flagged else 0,
                "seconds": seconds,
            }
            run.finished_at = timezone.now()
            run.save()
            audit_append(
                actor=run.started_by,
                action="linkage.run_finish",
                subject=run,
                after={
                    "run": run.pk,
                    "status": str(run.status),
                    "threshold": str(run.threshold),
                    "normalised": run.normalised,
                    "pairs": len(pairs),
                    "flags_written": flagged is not None,
                    "duplicates_flagged": run.figures["duplicates_flagged"],
                    "earlier_payments_flagged": run.figures["earlier_payments_flagged"],
                    # The flags are replaced by the next run: the event keeps which this one set.
                    "flagged": flagged or {},
                },
            )
    except Exception as error:
        message = "; ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        with transaction.atomic():
            LinkageRun.objects.filter(pk=run.pk).update(
                status=LinkageRun.Status.FAILED, error=f"{error}\n{traceback.format_exc()}"[:5000]
            )
            audit_append(
                actor=run.started_by,
                action="linkage.run_fail",
                subject=run,
                after={"run": run.pk, "status": str(LinkageRun.Status.FAILED), "error": message[:1000]},
            )
        raise
    return run


def _ids(model, refs) -> dict[str, int]:
    refs = set(refs)
    ids = {}
    for ref, pk in model.objects.values_list("ref", "pk").iterator(chunk_size=100_000):
        if ref in refs:
            ids[ref] = pk
    return ids


def _save_pairs(run: LinkageRun, pairs) -> None:
    applications = _ids(Application, (pair.left for pair in pairs))
    roster = _ids(RosterEntry, (pair.right for pair in pairs))
    rows = [
        (
            run.pk,
            applications[pair.left],
            roster[pair.right],
            pair.probability,
            pair.match_weight,
            json.dumps(pair.evidence, ensure_ascii=False),
        )
        for pair in pairs
    ]
    bulk_insert(
        CandidatePair,
        ["run_id", "application_id", "roster_entry_id", "probability", "match_weight", "evidence"],
        rows,
    )


def _flag(duplicates, earlier) -> dict[str, dict[str, str]]:
    """Flag the later of two applications that look like one person, and applications that match a
    payment of an earlier programme; flags of the previous run are replaced. Returns the flags set,
    by kind: {application ref: ref of the earlier application or of the payment}."""
    applications = _ids(
        Application,
        [ref for pair in duplicates for ref in (pair.left, pair.right)] + [p.left for p in earlier],
    )
    payment_ids = _ids(EarlierPayment, (pair.right for pair in earlier))
    duplicate_of: dict[int, tuple[int, float]] = {}
    for pair in duplicates:
        first, second = sorted((applications[pair.left], applications[pair.right]))
        if second not in duplicate_of or duplicate_of[second][1] < pair.probability:
            duplicate_of[second] = (first, pair.probability)
    paid: dict[int, tuple[int, float]] = {}
    for pair in earlier:
        application = applications[pair.left]
        if application not in paid or paid[application][1] < pair.probability:
            paid[application] = (payment_ids[pair.right], pair.probability)
    Application.objects.exclude(duplicate_of=None, earlier_payment=None).update(
        duplicate_of=None, duplicate_probability=None, earlier_payment=None, earlier_payment_probability=None
    )
    table = connection.ops.quote_name(Application._meta.db_table)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET duplicate_of_id = %s, duplicate_probability = %s WHERE id = %s",
            [(first, probability, second) for second, (first, probability) in duplicate_of.items()],
        )
        cursor.executemany(
            f"UPDATE {table} SET earlier_payment_id = %s, earlier_payment_probability = %s WHERE id = %s",
            [(payment, probability, application) for application, (payment, probability) in paid.items()],
        )
    application_refs = {pk: ref for ref, pk in applications.items()}
    payment_refs = {pk: ref for ref, pk in payment_ids.items()}
    return {
        "duplicates": {
            application_refs[second]: application_refs[first] for second, (first, _p) in duplicate_of.items()
        },
        "earlier": {
            application_refs[application]: payment_refs[payment]
            for application, (payment, _p) in paid.items()
        },
    }


@transaction.atomic
def review_decide(*, pair: CandidatePair, verdict: str, by: User, note: str = "") -> ReviewDecision:
    """A caseworker's verdict on a candidate pair: same person, different people, or unsure."""
    require_role(by, CASEWORKER)
    if verdict not in ReviewDecision.Verdict.values:
        raise ValidationError({"verdict": _("Choose same person, different people or unsure.")})
    pair = CandidatePair.objects.select_related("application", "roster_entry").get(pk=pair.pk)
    decision = ReviewDecision.objects.create(
        pair=pair,
        application_ref=pair.application.ref,
        roster_ref=pair.roster_entry.ref,
        verdict=verdict,
        note=note.strip(),
        decided_by=by,
    )
    audit_append(
        actor=by,
        action="linkage.review",
        subject=decision,
        after=snapshot(decision, ["pair", "application_ref", "roster_ref", "verdict", "note"]),
    )
    return decision
