"""Writes for rosters and linkage: starting and running a matching job, flagging, reviewing.

A run (:func:`linkage_run_execute`) reads every application, roster entry and earlier payment,
normalises them (:mod:`amends.linkage.features`), links applications to the rosters with Splink
(:mod:`amends.linkage.model`) one-to-one (an application's candidates share its probability, so
that namesakes do not each look certain), keeps each application's best candidates at or above the
threshold with their evidence, and flags applications that repeat another application or match a payment of an
earlier programme, so that no decision is taken on them unseen. Only a normalised run flags: a
baseline run (raw names, for comparison) leaves the flags of the last normalised run as they are.

The pairs caseworkers accepted train the next run's m probabilities once there are
:data:`~amends.linkage.model.MIN_ACCEPTED_LABELS` of them (Splink learns m from matches only, so
rejected pairs do not count); with fewer, the run trains by expectation maximisation. Training never
stops a run on the shape of the data: what it fell back to is kept as the run's warnings.

A run ends ``done``, ``failed`` with its reason in plain words (the traceback goes to the log), or
``cancelled``; :func:`linkage_run_execute` never raises. Its worker holds a lease on the run, renewed
at every stage and by a heartbeat thread during long ones (``settings.LINKAGE_LEASE_SECONDS``); a run
whose lease has run out lost its worker (killed, or its machine gone) and is failed by
:func:`linkage_runs_reclaim` whenever someone looks, so that a new run can start. Staff cancel a run
with :func:`linkage_run_cancel`: a queued run at once, a running one when its worker reaches its next
stage.

Imports are in :mod:`amends.rosters.imports`.
"""

import json
import logging
import os
import socket
import threading
import time
import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser as User
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, connections, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from amends.audit.services import audit_append, snapshot
from amends.core.bulk import bulk_insert
from amends.core.roles import CASEWORKER, check_actor, require_role
from amends.rosters.models import (
    Application,
    BulkDecision,
    CandidatePair,
    EarlierPayment,
    LinkageRun,
    ReviewDecision,
    RosterEntry,
)
from amends.rosters.selectors import reason_text

logger = logging.getLogger(__name__)

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
    linkage_runs_reclaim()
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


@transaction.atomic
def linkage_run_cancel(*, run: LinkageRun, by: User | None) -> LinkageRun:
    """Cancel a run: a queued run at once (its task, when delivered, finds nothing to do); a running
    one is asked to stop, and its worker stops at its next stage and marks it cancelled (if the worker
    is gone, the run is cancelled when its lease runs out). Refused for a run that has ended."""
    check_actor(by, CASEWORKER)
    run = LinkageRun.objects.select_for_update().get(pk=run.pk)
    if run.status == LinkageRun.Status.QUEUED:
        _end(run, LinkageRun.Status.CANCELLED, {"code": "cancelled", "by": _name(by)})
        run.save()
    elif run.status == LinkageRun.Status.RUNNING and run.cancel_requested_at is None:
        run.cancel_requested_at, run.cancel_requested_by = timezone.now(), by
        run.save(update_fields=["cancel_requested_at", "cancel_requested_by"])
    elif run.status == LinkageRun.Status.RUNNING:
        raise ValidationError(
            _("Run %(number)s is already being cancelled; its worker stops at its next step.")
            % {"number": run.pk}
        )
    else:
        raise ValidationError(
            _("Run %(number)s has ended (%(status)s); only a queued or running run can be cancelled.")
            % {"number": run.pk, "status": run.get_status_display()}
        )
    audit_append(
        actor=by,
        action="linkage.run_cancel",
        subject=run,
        after={"run": run.pk, "status": str(run.status), "cancel_requested": True},
    )
    return run


def linkage_runs_reclaim() -> list[LinkageRun]:
    """Fail each running run whose worker's lease has run out (the worker was killed or its machine
    lost), saying when it last answered; one whose cancellation was asked for is cancelled instead. A
    running run without a lease is from before leases existed and is as lost. Called whenever someone
    looks (starting a run, the runs' pages), so that no dead worker blocks linkage."""
    stale = Q(status=LinkageRun.Status.RUNNING) & (
        Q(lease_expires_at__lt=timezone.now()) | Q(lease_expires_at=None)
    )
    if not LinkageRun.objects.filter(stale).exists():
        return []
    reclaimed = []
    with transaction.atomic():
        for run in LinkageRun.objects.select_for_update().filter(stale):
            if run.cancel_requested_at is not None:
                _end(
                    run,
                    LinkageRun.Status.CANCELLED,
                    {"code": "cancelled", "by": _name(run.cancel_requested_by)},
                )
                action = "linkage.run_cancelled"
            else:
                last = run.heartbeat_at.isoformat() if run.heartbeat_at else None
                _end(run, LinkageRun.Status.FAILED, {"code": "worker_stopped", "at": last})
                action = "linkage.run_fail"
            run.save()
            audit_append(
                actor=None,
                action=action,
                subject=run,
                after={"run": run.pk, "status": str(run.status), "error": run.error, "worker": run.worker},
            )
            reclaimed.append(run)
    return reclaimed


def _name(user: User | None) -> str:
    return user.get_username() if user is not None else ""


def _end(run: LinkageRun, status: str, reason: dict) -> None:
    """Set a run's end (not saved): its status, the reason in data and, for the console and the audit
    trail, in words."""
    run.status, run.reason, run.finished_at, run.step = status, reason, timezone.now(), ""
    run.error = reason_text(reason)


class _Stopped(Exception):
    """The run is no longer this worker's to do: cancellation was asked for, or its lease was lost."""


class _CannotProceed(Exception):
    def __init__(self, reason: dict) -> None:
        super().__init__(reason)
        self.reason = reason


def _lease(now) -> dict:
    return {"heartbeat_at": now, "lease_expires_at": now + timedelta(seconds=settings.LINKAGE_LEASE_SECONDS)}


def _checkpoint(run: LinkageRun, worker: str, percent: int, step: str) -> None:
    """Between stages: say how far the run is and renew the lease, if the run is still this worker's
    and nobody asked to cancel it; else stop."""
    held = LinkageRun.objects.filter(
        pk=run.pk, status=LinkageRun.Status.RUNNING, worker=worker, cancel_requested_at=None
    ).update(progress=percent, step=step[:200], **_lease(timezone.now()))
    if not held:
        raise _Stopped


class _Heartbeat:
    """Renews the run's lease every quarter of its length from a thread of its own, so that a stage
    longer than the lease (scoring millions of pairs in DuckDB, which lets other threads run) does not
    pass for a dead worker. django-tasks-db has no heartbeat of its own: a killed worker leaves its
    task "running" too. A beat that fails (the database busy) is logged and the next one tries again;
    a run that is no longer this worker's is left alone (the update matches nothing)."""

    def __init__(self, run_pk: int, worker: str) -> None:
        self.run_pk, self.worker = run_pk, worker
        self.interval = settings.LINKAGE_LEASE_SECONDS / 4
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._beat, name=f"linkage-heartbeat-{run_pk}", daemon=True)

    def __enter__(self) -> "_Heartbeat":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        self.thread.join()

    def _beat(self) -> None:
        try:
            while not self.stop.wait(self.interval):
                try:
                    LinkageRun.objects.filter(
                        pk=self.run_pk, status=LinkageRun.Status.RUNNING, worker=self.worker
                    ).update(**_lease(timezone.now()))
                except DatabaseError:
                    logger.warning("heartbeat of linkage run %s failed", self.run_pk, exc_info=True)
        finally:
            connections.close_all()  # this thread's own connections


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
    payments (a normalised run only). Never raises: the run ends done (with warnings if training fell
    back), failed with its reason (audited; the traceback of an unexpected error is logged), or
    cancelled. A run that is not queued (already running, or ended) is returned as it is: a task
    delivered twice does the work once."""
    worker = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
    with transaction.atomic():
        # One conditional update: of two workers given the same run, one starts it.
        taken = LinkageRun.objects.filter(pk=run.pk, status=LinkageRun.Status.QUEUED).update(
            status=LinkageRun.Status.RUNNING,
            progress=1,
            step="reading",
            worker=worker,
            **_lease(timezone.now()),
        )
        if taken:
            audit_append(
                actor=run.started_by,
                action="linkage.run_start",
                subject=run,
                after={"run": run.pk, "status": str(LinkageRun.Status.RUNNING), "worker": worker},
            )
    if taken:
        try:
            with _Heartbeat(run.pk, worker):
                _execute(run, worker, seed)
        except _Stopped:
            _stopped(run, worker)
        except _CannotProceed as refusal:
            _fail(run, worker, refusal.reason)
        except Exception as error:
            logger.exception("linkage run %s failed", run.pk)
            _fail(run, worker, {"code": "unexpected", "kind": type(error).__name__})
    run.refresh_from_db()
    return run


def _stopped(run: LinkageRun, worker: str) -> None:
    """The worker found at a stage that the run is no longer its own: cancelled if it was asked to,
    else (its lease ran out and the run was failed meanwhile) left as it is."""
    with transaction.atomic():
        current = LinkageRun.objects.select_for_update().get(pk=run.pk)
        if current.status != LinkageRun.Status.RUNNING or current.worker != worker:
            logger.warning("linkage run %s was taken from worker %s (%s)", run.pk, worker, current.status)
            return
        stopped_at = current.step
        _end(
            current,
            LinkageRun.Status.CANCELLED,
            {"code": "cancelled", "by": _name(current.cancel_requested_by)},
        )
        current.save()
        audit_append(
            actor=current.cancel_requested_by,
            action="linkage.run_cancelled",
            subject=current,
            after={"run": current.pk, "status": str(current.status), "stopped_at": stopped_at},
        )


def _fail(run: LinkageRun, worker: str, reason: dict) -> None:
    with transaction.atomic():
        current = LinkageRun.objects.select_for_update().get(pk=run.pk)
        if current.status != LinkageRun.Status.RUNNING or current.worker != worker:
            return
        _end(current, LinkageRun.Status.FAILED, reason)
        current.save()
        audit_append(
            actor=current.started_by,
            action="linkage.run_fail",
            subject=current,
            after={"run": current.pk, "status": str(current.status), "error": current.error[:1000]},
        )


def _execute(run: LinkageRun, worker: str, seed: int) -> None:
    from amends.linkage.features import feature_table
    from amends.linkage.model import best_links, link

    started = time.monotonic()
    _checkpoint(run, worker, 2, "reading applications, rosters and earlier payments")
    applications = _records(Application, (*NAME_FIELDS, *WORK_FIELDS))
    roster = _records(RosterEntry, (*NAME_FIELDS, *WORK_FIELDS))
    payments = _records(EarlierPayment, NAME_FIELDS)
    if not applications or not roster:
        raise _CannotProceed({"code": "no_data"})
    _checkpoint(run, worker, 5, "normalising names")
    left = feature_table(applications, normalised=run.normalised)
    right = feature_table(roster, normalised=run.normalised)
    del roster
    seconds = {"read_and_normalise": round(time.monotonic() - started, 1)}

    def report(percent: int, step: str) -> None:
        _checkpoint(run, worker, 10 + percent * 60 // 100, step)

    last_good = (
        LinkageRun.objects.filter(status=LinkageRun.Status.DONE, normalised=run.normalised)
        .values_list("parameters", flat=True)
        .first()
    )
    result = link(
        left=left,
        right=right,
        normalised=run.normalised,
        threshold=run.threshold,
        expected_matches=len(applications) * 0.9,
        labels=review_labels(),
        fallback=last_good,
        seed=seed,
        exclusive=True,
        progress=report,
    )
    pairs = best_links(result.pairs)
    seconds["link"] = round(result.seconds, 1)
    _checkpoint(run, worker, 72, "looking for duplicate applications")
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
        _checkpoint(run, worker, 80, "looking for earlier-programme payments")
        earlier = link(
            left=left,
            right=feature_table(payments, normalised=run.normalised),
            normalised=run.normalised,
            threshold=run.threshold,
            expected_matches=len(payments) * 0.9,
            model=result.parameters,
        ).pairs
    _checkpoint(run, worker, 88, "saving candidate pairs and flags")
    with transaction.atomic():
        # The last check, under the row's lock: a run cancelled or taken from this worker meanwhile
        # writes nothing (no pairs, no flags).
        run = LinkageRun.objects.select_for_update().get(pk=run.pk)
        if run.status != LinkageRun.Status.RUNNING or run.worker != worker or run.cancel_requested_at:
            raise _Stopped
        _save_pairs(run, pairs)
        # A baseline run is for comparison: the flags stay those of the last normalised run.
        flagged = _flag(duplicates, best_links(earlier)) if run.normalised else None
        run.status = LinkageRun.Status.DONE
        run.progress = 100
        run.step = ""
        run.parameters = result.parameters
        run.warnings = [warning.as_dict() for warning in result.warnings]
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
                "warnings": run.warnings,
            },
        )


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


# -- Bulk decisions (issue 16) -------------------------------------------------------------------------

# Which side of the threshold a bulk verdict takes: accepted at or above it, rejected at or below it.
BULK_VERDICTS = {ReviewDecision.Verdict.ACCEPT: "at_or_above", ReviewDecision.Verdict.REJECT: "at_or_below"}


@transaction.atomic
def review_decide_bulk(
    *, run: LinkageRun, verdict: str, threshold, by: User, source: str = "", note: str = ""
) -> BulkDecision:
    """Decide at once every undecided pair of ``run`` whose probability is at or above ``threshold``
    (``accept``) or at or below it (``reject``), optionally of one roster ``source``: one
    :class:`BulkDecision` holding the rule, audited once, and a :class:`ReviewDecision` per pair
    referring to it, so that each pair can be decided again on its own page (the latest decision
    counts). Pairs of a flagged application (a possible duplicate, possibly paid before) are left for
    a decision one by one: the flag must be seen first. Accepting below 0.5 or rejecting above it (the
    model's odds against the verdict) is refused, as is a rule that decides nothing."""
    require_role(by, CASEWORKER)
    if verdict not in BULK_VERDICTS:
        raise ValidationError(
            {"verdict": _("A bulk decision accepts or rejects pairs; decide the unsure ones one by one.")}
        )
    threshold = _threshold(threshold)
    if verdict == ReviewDecision.Verdict.ACCEPT and threshold < 0.5:
        raise ValidationError(
            {
                "threshold": _(
                    "Accept in bulk only at or above 0.5: below it the model finds them different people."
                )
            }
        )
    if verdict == ReviewDecision.Verdict.REJECT and threshold > 0.5:
        raise ValidationError(
            {
                "threshold": _(
                    "Reject in bulk only at or below 0.5: above it the model finds them the same person."
                )
            }
        )
    # The run's row lock: two bulk decisions on one run at once would both find the same pairs undecided.
    run = LinkageRun.objects.select_for_update().get(pk=run.pk)
    if run.status != LinkageRun.Status.DONE:
        raise ValidationError(_("Run %(number)s has not finished: nothing to decide.") % {"number": run.pk})
    side = {"probability__gte" if verdict == ReviewDecision.Verdict.ACCEPT else "probability__lte": threshold}
    pairs = (
        run.pairs.filter(probability__gte=run.threshold)
        .filter(**side)
        .filter(~Exists(ReviewDecision.objects.filter(pair=OuterRef("pk"))))
        .filter(application__duplicate_of=None, application__earlier_payment=None)
    )
    source = source.strip()
    if source:
        pairs = pairs.filter(roster_entry__source_name=source)
    rows = list(pairs.order_by("pk").values_list("pk", "application__ref", "roster_entry__ref"))
    if not rows:
        raise ValidationError(
            _(
                "No undecided pair of an unflagged application is on that side of %(threshold)s: "
                "nothing was decided."
            )
            % {"threshold": threshold}
        )
    note = note.strip()
    bulk = BulkDecision.objects.create(
        run=run,
        verdict=verdict,
        threshold=threshold,
        source=source,
        pairs=len(rows),
        note=note,
        decided_by=by,
    )
    at = connection.ops.adapt_datetimefield_value(bulk.decided_at)
    bulk_insert(
        ReviewDecision,
        [
            "pair_id",
            "application_ref",
            "roster_ref",
            "verdict",
            "note",
            "decided_by_id",
            "decided_at",
            "bulk_id",
        ],
        [(pk, application, roster, verdict, note, by.pk, at, bulk.pk) for pk, application, roster in rows],
    )
    audit_append(
        actor=by,
        action="linkage.review_bulk",
        subject=bulk,
        after={
            "run": run.pk,
            "verdict": verdict,
            "rule": BULK_VERDICTS[verdict],
            "threshold": str(threshold),
            "source": source,
            "note": note,
            "pairs": len(rows),
        },
    )
    return bulk
