"""Reads for the audit trail: a row's history, and the proof that the chain is intact.

:func:`verify_chain` recomputes every event's hash from its fields, and checks that each event names
the hash of the one before it, that the sequence runs 1, 2, 3 … without a gap, and that the chain head
names the last event. Whoever alters an event's fields, deletes an event, or slips one in by hand
breaks one of these, and the first event concerned is reported.
"""

from dataclasses import dataclass

from django.db import models
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from amends.audit.chain import GENESIS_HASH
from amends.audit.models import AuditChainHead, AuditEvent, subject_key


def events_for(*, subject: models.Model) -> QuerySet[AuditEvent]:
    """Every event about ``subject``, oldest first."""
    subject_type, subject_id = subject_key(subject)
    return AuditEvent.objects.filter(subject_type=subject_type, subject_id=subject_id).select_related("actor")


@dataclass(frozen=True)
class VerifyResult:
    """``checked`` counts the events found intact, up to the first bad one if the chain is broken."""

    ok: bool
    checked: int
    first_bad_sequence: int | None = None
    reason: str = ""


def verify_chain(*, chunk_size: int = 2000) -> VerifyResult:
    """Walk the chain as it stood when verification began, in sequence order, ``chunk_size`` at a time.

    Events that other transactions append meanwhile are left for the next verification.
    """
    head_sequence, head_hash = _head()
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
    return VerifyResult(ok=True, checked=head_sequence)


def _head() -> tuple[int, str]:
    # A database flushed empty has no head row; that is the chain at its genesis.
    head = AuditChainHead.objects.filter(pk=AuditChainHead.SINGLETON).values_list("sequence", "hash").first()
    return head or (0, GENESIS_HASH)


def _broken(sequence: int, reason: str) -> VerifyResult:
    # The chain runs unbroken from 1 up to the first bad event, so all before it were checked intact.
    return VerifyResult(ok=False, checked=sequence - 1, first_bad_sequence=sequence, reason=reason)
