"""Reads for the audit trail: a row's history, and the proof that the chain is intact.

:func:`verify_chain` recomputes every event's hash from its fields, and checks that each event names
the hash of the one before it, that the sequence runs 1, 2, 3 … without a gap, and that the chain head
names the last event. Whoever alters an event's fields, deletes an event, or slips one in by hand
breaks one of these, and the first event concerned is reported.

The database's owner could still cut events off the end of the chain and write the head back to the
last event left, recomputing nothing. Two things it cannot forge catch that: the head's seal, an HMAC
under ``settings.AUDIT_KEY`` that the database never sees, and the latest checkpoint written outside
the database (``amends audit checkpoint``, signed under the same key): the chain must still hold the
event the checkpoint names, with the hash it recorded.
"""

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection, models
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from amends.audit.chain import GENESIS_HASH, checkpoint_hmac, head_seal, same_digest
from amends.audit.models import AuditChainHead, AuditEvent, subject_key


def events_for(*, subject: models.Model) -> QuerySet[AuditEvent]:
    """Every event about ``subject``, oldest first."""
    subject_type, subject_id = subject_key(subject)
    return AuditEvent.objects.filter(subject_type=subject_type, subject_id=subject_id).select_related("actor")


@dataclass(frozen=True)
class Checkpoint:
    """A signed chain head written outside the database (``amends audit checkpoint``)."""

    path: Path
    sequence: int
    hash: str
    time: str


@dataclass(frozen=True)
class VerifyResult:
    """``checked`` counts the events found intact, up to the first bad one if the chain is broken.
    ``head``: the chain head verified (sequence, hash); ``checkpoint``: the checkpoint it was checked
    against, if any."""

    ok: bool
    checked: int
    first_bad_sequence: int | None = None
    reason: str = ""
    head: tuple[int, str] | None = field(default=None, compare=False)
    checkpoint: Checkpoint | None = field(default=None, compare=False)


class BadCheckpoint(ValueError):
    """A checkpoint file that cannot be read or whose HMAC does not verify."""


def checkpoint_dir(directory: str | Path | None = None) -> Path:
    """Where this database's checkpoints are: ``directory`` if given, else
    ``settings.AUDIT_CHECKPOINT_DIR``, else a folder named for the database under
    ``VAR_DIR/audit-checkpoints`` (so that two databases on one machine never share checkpoints)."""
    if directory is not None:
        return Path(directory)
    if settings.AUDIT_CHECKPOINT_DIR:
        return Path(settings.AUDIT_CHECKPOINT_DIR)
    name = re.sub(r"[^A-Za-z0-9_.-]+", "-", str(connection.settings_dict["NAME"])).strip("-")
    return Path(settings.VAR_DIR) / "audit-checkpoints" / f"{connection.vendor}-{name}"


def checkpoints(directory: str | Path | None = None) -> list[Checkpoint]:
    """Every checkpoint in ``directory`` (see :func:`checkpoint_dir`), oldest head first. Raises
    :class:`BadCheckpoint` naming the first file that is not a checkpoint signed with the audit key."""
    folder = checkpoint_dir(directory)
    found = []
    for path in sorted(folder.glob("checkpoint-*.json")) if folder.is_dir() else []:
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
            sequence, hash, time, signature = (document[key] for key in ("sequence", "hash", "time", "hmac"))
            if type(sequence) is not int or not all(type(v) is str for v in (hash, time, signature)):
                raise TypeError("sequence is a number, hash, time and hmac are text")
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise BadCheckpoint(
                _("the checkpoint %(file)s cannot be read (%(error)s)") % {"file": path, "error": error}
            ) from None
        expected = checkpoint_hmac(key=settings.AUDIT_KEY, sequence=sequence, hash=hash, time=time)
        if not same_digest(signature, expected):
            raise BadCheckpoint(
                _(
                    "the checkpoint %(file)s does not verify with the audit key: it was not written by "
                    "`amends audit checkpoint` with this installation's key"
                )
                % {"file": path}
            )
        found.append(Checkpoint(path=path, sequence=sequence, hash=hash, time=time))
    return sorted(found, key=lambda checkpoint: (checkpoint.sequence, checkpoint.time))


def verify_chain(*, chunk_size: int = 2000, checkpoints_in: str | Path | None = None) -> VerifyResult:
    """Walk the chain as it stood when verification began, in sequence order, ``chunk_size`` at a time;
    check the head's seal, and the chain against the latest checkpoint in ``checkpoints_in`` (default
    :func:`checkpoint_dir`).

    Events that other transactions append meanwhile are left for the next verification.
    """
    try:
        latest = (checkpoints(checkpoints_in) or [None])[-1]
    except BadCheckpoint as error:
        return VerifyResult(ok=False, checked=0, first_bad_sequence=None, reason=str(error))
    head_sequence, head_hash, head_seal_found = _head()
    hash_at_checkpoint = None
    expected, previous_hash = 1, GENESIS_HASH
    # Reading the head first gives a consistent cut: an append commits its event and the head together,
    # so every event up to the head's sequence is visible to the queries that follow.
    events = AuditEvent.objects.filter(sequence__lte=head_sequence).order_by("sequence")
    for event in events.iterator(chunk_size=chunk_size):
        if event.sequence != expected:
            return _broken(
                expected,
                _("event %(missing)s is missing: the next event is %(found)s")
                % {"missing": expected, "found": event.sequence},
            )
        if event.computed_hash() != event.hash:
            return _broken(event.sequence, _("its fields do not match its hash"))
        if event.previous_hash != previous_hash:
            return _broken(
                event.sequence,
                _("it does not name the hash of event %(previous)s") % {"previous": event.sequence - 1},
            )
        if latest is not None and event.sequence == latest.sequence:
            hash_at_checkpoint = event.hash
        expected, previous_hash = expected + 1, event.hash

    if expected <= head_sequence:
        return _broken(
            expected,
            _("event %(missing)s is missing: the chain head records %(count)s events")
            % {"missing": expected, "count": head_sequence},
        )
    if previous_hash != head_hash:
        return _broken(max(head_sequence, 1), _("the chain head records a different hash for it"))
    stray = (
        AuditEvent.objects.filter(sequence__gt=head_sequence)
        .order_by("sequence")
        .values_list("sequence", flat=True)
        .first()
    )
    if stray is not None and _head()[0] < stray:
        return _broken(
            stray,
            _("the chain head does not record it: it was not appended through the audit service"),
        )
    seal = head_seal(key=settings.AUDIT_KEY, sequence=head_sequence, hash=head_hash)
    # The genesis head has nothing to vouch for: an empty chain is sealed by nothing but the checkpoints.
    if head_sequence > 0 and not same_digest(head_seal_found or "", seal):
        return _broken(
            max(head_sequence, 1),
            _(
                "the chain head's seal does not verify with the audit key: the head was written outside "
                "the audit service"
            ),
        )
    if latest is not None:
        where = {"file": latest.path.name, "time": latest.time}
        if head_sequence < latest.sequence:
            return _broken(
                head_sequence + 1,
                _(
                    "event %(missing)s is missing: the checkpoint %(file)s of %(time)s records %(count)s "
                    "events, the chain holds %(held)s"
                )
                % (where | {"missing": head_sequence + 1, "count": latest.sequence, "held": head_sequence}),
            )
        if latest.sequence and hash_at_checkpoint != latest.hash:
            return _broken(
                latest.sequence,
                _("its hash is not the one the checkpoint %(file)s of %(time)s records") % where,
            )
    return VerifyResult(ok=True, checked=head_sequence, head=(head_sequence, head_hash), checkpoint=latest)


def _head() -> tuple[int, str, str | None]:
    # A database flushed empty has no head row; that is the chain at its genesis, with nothing to seal.
    head = (
        AuditChainHead.objects.filter(pk=AuditChainHead.SINGLETON)
        .values_list("sequence", "hash", "seal")
        .first()
    )
    return head or (0, GENESIS_HASH, None)


def _broken(sequence: int, reason: str) -> VerifyResult:
    # The chain runs unbroken from 1 up to the first bad event, so all before it were checked intact.
    return VerifyResult(ok=False, checked=sequence - 1, first_bad_sequence=sequence, reason=reason)
