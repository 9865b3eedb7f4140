"""Writes for the audit trail: appending an event to the chain, and snapshotting a row for it.

A service that changes state calls :func:`audit_append` inside its own ``transaction.atomic()``, after
making the change, so that the change and its event commit together or not at all::

    @transaction.atomic
    def person_record_death(*, person, died_on, by):
        before = snapshot(person, ["death_date", "death_document"])
        ...
        person.save(update_fields=[...])
        audit_append(actor=by, action="person.record_death", subject=person,
                     before=before, after=snapshot(person, ["death_date", "death_document"]))

Appends are serialised by a row lock on :class:`~amends.audit.models.AuditChainHead`, held until the
caller's transaction ends; on SQLite the project's ``IMMEDIATE`` transactions already queue writers.
Each append seals the new head with ``settings.AUDIT_KEY`` (:func:`amends.audit.chain.head_seal`).
This module never updates or deletes an event.

:func:`audit_checkpoint` writes the verified head, signed, to a file of its own outside the database
(``amends audit checkpoint``), which ``amends audit verify`` later checks the chain against.
"""

import enum
import os
import re
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from fractions import Fraction
from uuid import UUID

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import connection, models
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.duration import duration_iso_string

from amends.audit.chain import (
    GENESIS_HASH,
    JSONValue,
    canonical_json,
    canonical_timestamp,
    check_json_safe,
    checkpoint_hmac,
    head_seal,
)
from amends.audit.models import AuditChainHead, AuditEvent, Proposal, subject_key
from amends.audit.selectors import Checkpoint, checkpoint_dir, verify_chain
from amends.core.prepared import PreparedQuery

SYSTEM = "system"
ACTION = re.compile(r"[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+")


def audit_append(
    *,
    actor: AbstractBaseUser | None,
    action: str,
    subject: models.Model,
    before: dict[str, JSONValue] | None = None,
    after: dict[str, JSONValue] | None = None,
) -> AuditEvent:
    """Append the event ``action`` on ``subject`` by ``actor`` (``None``: the system) to the chain.

    ``action`` is a dotted lower-case name, ``"award.create"``, ``"person.record_death"``. ``before``
    and ``after`` hold plain JSON values without floats; :func:`snapshot` makes them from a row.
    Raises :class:`RuntimeError` outside ``transaction.atomic()``: an event committed on its own
    could record a change that was then rolled back, or a change could commit without its event.
    """
    if not connection.in_atomic_block:
        raise RuntimeError(
            "audit_append() must run inside the caller's transaction.atomic(), so that the change and "
            "its audit event commit together"
        )
    if not ACTION.fullmatch(action) or len(action) > AuditEvent._meta.get_field("action").max_length:
        raise ValueError(f"action {action!r} is not a dotted lower-case name such as 'award.create'")
    if actor is not None and (actor.pk is None or not actor.is_authenticated):
        raise ValueError("actor must be a saved user, or None for the system")
    subject_type, subject_id = subject_key(subject)
    before = _plain(before, name="before")
    after = _plain(after, name="after")

    head_pk, sequence, previous_hash = _lock_chain_head()
    event = AuditEvent(
        sequence=sequence + 1,
        occurred_at=timezone.now(),
        actor=actor,
        actor_label=actor.get_username() if actor is not None else SYSTEM,
        action=action,
        subject_type=subject_type,
        subject_id=subject_id,
        before=before,
        after=after,
        previous_hash=previous_hash,
    )
    event.hash = event.computed_hash()
    event.save(force_insert=True)
    with connection.cursor() as cursor:
        cursor.execute(_MOVE_HEAD, [event.sequence, event.hash, _seal(event.sequence, event.hash), head_pk])
    return event


# The head's row, locked (``SELECT … FOR UPDATE`` where the database has it), compiled once per
# connection, and the statement moving it on: every write appends, so what the ORM took to build and
# compile these (more than the database took to run them) was paid on every write.
_HEAD = PreparedQuery(
    lambda pk: AuditChainHead.objects.select_for_update().filter(pk=pk).values_list("pk", "sequence", "hash"),
    placeholder=32_767,  # the largest value of the key's column (a small integer) stands in for it
)
_MOVE_HEAD = (
    f'UPDATE "{AuditChainHead._meta.db_table}" SET "sequence" = %s, "hash" = %s, "seal" = %s WHERE "id" = %s'
)


def _seal(sequence: int, hash: str) -> str:
    return head_seal(key=settings.AUDIT_KEY, sequence=sequence, hash=hash)


def _lock_chain_head() -> tuple[int, int, str]:
    """The chain head's pk, sequence and hash, its row locked until the transaction ends."""
    if found := _HEAD.rows(AuditChainHead.SINGLETON):
        return found[0]
    # Migration 0001 creates the row; only a flushed database lacks it (Django's transactional tests
    # flush after each test, which the append-only triggers allow only on an empty event table). Start
    # again at the genesis; ON CONFLICT DO NOTHING lets two first appends race. Were there events left,
    # the next sequence would collide with event 1 and the append would fail.
    AuditChainHead.objects.bulk_create(
        [AuditChainHead(pk=AuditChainHead.SINGLETON, sequence=0, hash=GENESIS_HASH)],
        ignore_conflicts=True,
    )
    return _HEAD.rows(AuditChainHead.SINGLETON)[0]


def _plain(values: dict[str, JSONValue] | None, *, name: str) -> dict[str, JSONValue] | None:
    if values is None:
        return None
    if type(values) is not dict:
        raise TypeError(f"{name}: expected a dict or None, not {type(values).__name__}")
    check_json_safe(values, path=name)
    # A deep copy, so that a caller changing its dict afterwards cannot change what was hashed.
    return _copy(values)


def _copy(value: JSONValue) -> JSONValue:
    if isinstance(value, dict):
        return {key: _copy(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_copy(item) for item in value]
    return value


def snapshot(instance: models.Model, fields: list[str]) -> dict[str, JSONValue]:
    """The named fields of ``instance`` as JSON values, for an event's ``before`` or ``after``.

    - dates and times: ISO 8601 (aware datetimes in UTC); durations: ISO 8601 durations;
    - ``Decimal`` and ``Fraction``: strings (``"0.20000"``, ``"3/7"``); a ``DecimalField`` is written
      with its own number of decimal places, so a value read back and one just assigned agree;
    - integers (money is an ``int`` of won) and booleans as themselves; floats are refused;
    - foreign keys: the related primary key, without a query; many-to-many: the sorted primary keys;
    - files: the stored name; choices: their value;
    - personal data (a field that declares ``personal``, as every field of :mod:`amends.core.crypto`
      does: account numbers, IBANs, resident registration numbers, their keyed hashes): the field's
      ``mask`` of the value (``***-***-7890``), never the value, so that the append-only trail holds
      nothing that erasing the row would have to reach.

    A name that is not a field may be a property (``"share"`` on a creditor).
    """
    label = instance._meta.label
    values: dict[str, JSONValue] = {}
    for name in fields:
        try:
            field = instance._meta.get_field(name)
        except FieldDoesNotExist:
            field = None
        if field is None:
            try:
                value = getattr(instance, name)
            except AttributeError:
                raise ValueError(f"{label} has no field or attribute {name!r}") from None
        elif field.many_to_many and not field.auto_created:
            value = sorted(getattr(instance, name).values_list("pk", flat=True))
        elif field.auto_created and not field.concrete:
            raise ValueError(f"{label}.{name} is a reverse relation: snapshot the related rows themselves")
        else:
            value = getattr(instance, field.attname)  # a foreign key's id: no query
            if getattr(field, "personal", False) and value:
                value = field.mask(value)
        values[name] = _json_value(value, field=field, path=f"{label}.{name}")
    return values


def _json_value(value: object, *, field: models.Field | None, path: str) -> JSONValue:
    match value:
        case None | bool():
            return value
        case enum.Enum():
            return _json_value(value.value, field=None, path=path)
        case int():
            return int(value)
        case str():
            check_json_safe(str(value), path=path)
            return str(value)
        case float():
            raise TypeError(f"{path}: a float is not allowed in an audit event (money is an int of won)")
        case Decimal():
            if isinstance(field, models.DecimalField) and value.is_finite():
                value = value.quantize(Decimal(1).scaleb(-field.decimal_places))
            return str(value)
        case Fraction():
            return str(value)
        case datetime():
            return canonical_timestamp(value) if timezone.is_aware(value) else value.isoformat()
        case date() | time():
            return value.isoformat()
        case timedelta():
            return duration_iso_string(value)
        case UUID():
            return str(value)
        case FieldFile():
            return value.name or None
        case models.Model():
            return _json_value(value.pk, field=None, path=path)
        case dict():
            check_json_safe(value, path=path)
            return _copy(value)
        case list() | tuple():
            return [
                _json_value(item, field=None, path=f"{path}[{index}]") for index, item in enumerate(value)
            ]
    raise TypeError(f"{path}: {type(value).__name__} cannot be written to an audit event")


def audited_create(instance: models.Model, *, by: AbstractBaseUser | None, action: str, fields: list[str]):
    """Check ``instance`` (``full_clean``: its fields, its ``clean()``, its constraints), save it and
    append the event ``action`` with the ``fields`` it was saved with: the services' one way to add a
    row that needs no more than that. In the caller's transaction."""
    instance.full_clean()
    instance.save()
    audit_append(actor=by, action=action, subject=instance, after=snapshot(instance, fields))
    return instance


class ChainBroken(Exception):
    """The chain does not verify: no checkpoint is written for it."""


def audit_checkpoint(*, directory: str | os.PathLike | None = None) -> Checkpoint:
    """Verify the chain (against the latest checkpoint too), then write its head, signed, as a new
    file in ``directory`` (default :func:`~amends.audit.selectors.checkpoint_dir`): one JSON line of
    ``sequence``, ``hash``, ``time`` (UTC) and ``hmac``. The file is created exclusively and made
    read-only; an existing file is never rewritten. Raises :class:`ChainBroken` naming the first bad
    event if the chain does not verify: a checkpoint vouches only for a chain that does.
    """
    folder = checkpoint_dir(directory)
    result = verify_chain(checkpoints_in=folder)
    if not result.ok:
        raise ChainBroken(f"audit chain broken at event {result.first_bad_sequence}: {result.reason}")
    sequence, hash = result.head
    moment = datetime.now(UTC)
    time_text = moment.isoformat(timespec="microseconds")
    document = {
        "sequence": sequence,
        "hash": hash,
        "time": time_text,
        "hmac": checkpoint_hmac(key=settings.AUDIT_KEY, sequence=sequence, hash=hash, time=time_text),
    }
    folder.mkdir(parents=True, exist_ok=True)
    # Sortable by name: the sequence, then the moment (two checkpoints of one head differ in time).
    path = folder / f"checkpoint-{sequence:012d}-{moment:%Y%m%dT%H%M%S%fZ}.json"
    # "x": created exclusively, so an existing checkpoint is never overwritten; then read-only.
    with open(path, "x", encoding="utf-8") as file:
        file.write(canonical_json(document) + "\n")
    path.chmod(0o444)
    return Checkpoint(path=path, sequence=sequence, hash=hash, time=time_text)


def proposal_decidable[P: Proposal](
    proposal: P, *, by: AbstractBaseUser, self_decision: str, already: str, field: str
) -> P:
    """``proposal`` locked and read again, if ``by`` may decide it: not its proposer (``self_decision``,
    a refusal of permission) and it is still proposed (``already``, with ``%(status)s``, as an error
    on ``field``). The caller checks ``by``'s role first."""
    proposal = type(proposal).objects.select_for_update().get(pk=proposal.pk)
    if proposal.proposed_by_id == by.pk:
        raise PermissionDenied(self_decision)
    if proposal.status != Proposal.PROPOSED:
        raise ValidationError({field: already % {"status": proposal.get_status_display()}})
    return proposal


def proposal_decided(
    proposal: Proposal, *, by: AbstractBaseUser, status: str, action: str, refusal: str = ""
) -> None:
    """Close ``proposal`` as ``status`` by ``by``, with its audit event ``action`` (in the caller's
    transaction)."""
    proposal.status = status
    proposal.decided_by = by
    proposal.decided_at = timezone.now()
    proposal.refusal = refusal
    proposal.save(update_fields=["status", "decided_by", "decided_at", "refusal"])
    audit_append(
        actor=by,
        action=action,
        subject=proposal,
        before={"status": Proposal.PROPOSED},
        after=snapshot(proposal, ["status", "decided_by", "refusal"]),
    )
