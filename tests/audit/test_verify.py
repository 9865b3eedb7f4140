"""`verify_chain` proves the chain intact, or names the first event that breaks it: altered, missing,
unlinked, or slipped in by hand."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection, transaction

from amends.audit import selectors
from amends.audit.chain import GENESIS_HASH, head_seal
from amends.audit.models import AuditChainHead, AuditEvent
from amends.audit.selectors import VerifyResult, events_for, verify_chain
from amends.audit.services import audit_append
from amends.registry.models import Person
from tests.security.tampering import triggers_lifted
from tests.support import append_only_suspended

pytestmark = pytest.mark.django_db


def test_an_empty_chain_is_intact():
    assert verify_chain() == VerifyResult(ok=True, checked=0)


def test_an_empty_chain_without_its_head_row_is_intact():
    # given: a database flushed empty has no chain head
    AuditChainHead.objects.all().delete()

    # then
    assert verify_chain() == VerifyResult(ok=True, checked=0)


@pytest.mark.parametrize("chunk_size", [1, 2, 2000])
def test_an_intact_chain_verifies_whatever_the_chunk_size(chain, chunk_size):
    assert verify_chain(chunk_size=chunk_size) == VerifyResult(ok=True, checked=5)


@pytest.mark.parametrize("chunk_size", [1, 2, 2000])
def test_an_altered_after_value_is_caught_at_its_event(chain, chunk_size):
    # given: event 4's `after` rewritten in SQL, past the trigger
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    with append_only_suspended(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET after = %s WHERE sequence = %s", ['{"amount": 1}', 4])
    assert AuditEvent.objects.get(sequence=4).after == {"amount": 1}

    # when
    result = verify_chain(chunk_size=chunk_size)

    # then
    assert result == VerifyResult(
        ok=False, checked=3, first_bad_sequence=4, reason="its fields do not match its hash"
    )


def _move_head(**values) -> None:
    # Past the head's forward-only trigger (PostgreSQL), and resealed with the key, as a tamperer who
    # holds both the owner's rights and the app's environment could: the chain itself still tells.
    with triggers_lifted(AuditChainHead):
        AuditChainHead.objects.update(**values)
        head = AuditChainHead.objects.get()
        AuditChainHead.objects.update(
            seal=head_seal(key=settings.AUDIT_KEY, sequence=head.sequence, hash=head.hash)
        )


def _alter(sequence: int, **values) -> None:
    with append_only_suspended():
        AuditEvent.objects.filter(sequence=sequence).update(**values)


def _delete(sequence: int) -> None:
    with append_only_suspended():
        AuditEvent.objects.filter(sequence=sequence).delete()


def _rehash(sequence: int) -> None:
    """Alter an event and give it the hash its new fields produce, as a careful tamperer would."""
    event = AuditEvent.objects.get(sequence=sequence)
    event.after = {"amount": 0}
    _alter(sequence, after=event.after, hash=event.computed_hash())


def _forge_next() -> None:
    """Insert a well-formed event 6 by hand, bypassing the service and so the chain head."""
    last = AuditEvent.objects.order_by("sequence").last()
    forged = AuditEvent(
        sequence=6,
        occurred_at=last.occurred_at + timedelta(seconds=1),
        actor_label="system",
        action="person.update",
        subject_type=last.subject_type,
        subject_id=last.subject_id,
        after={"amount": 0},
        previous_hash=last.hash,
    )
    forged.hash = forged.computed_hash()
    forged.save(force_insert=True)


@pytest.mark.parametrize(
    ("tamper", "first_bad", "reason"),
    [
        (lambda: _alter(1, before={"note": "version 0"}), 1, "its fields do not match its hash"),
        (lambda: _alter(2, actor_label="someone else"), 2, "its fields do not match its hash"),
        (lambda: _alter(1, actor=None), 1, "its fields do not match its hash"),
        (lambda: _alter(3, action="person.create"), 3, "its fields do not match its hash"),
        (lambda: _alter(3, subject_id="999"), 3, "its fields do not match its hash"),
        (
            lambda: _alter(
                4, occurred_at=AuditEvent.objects.get(sequence=4).occurred_at + timedelta(microseconds=1)
            ),
            4,
            "its fields do not match its hash",
        ),
        (lambda: _alter(2, hash="f" * 64), 2, "its fields do not match its hash"),
        (lambda: _alter(2, previous_hash="f" * 64), 2, "its fields do not match its hash"),
        (lambda: _delete(3), 3, "event 3 is missing: the next event is 4"),
        (lambda: _delete(1), 1, "event 1 is missing: the next event is 2"),
        (lambda: _delete(5), 5, "event 5 is missing: the chain head records 5 events"),
        (lambda: _rehash(3), 4, "it does not name the hash of event 3"),
        (lambda: _rehash(5), 5, "the chain head records a different hash for it"),
        (
            lambda: _move_head(hash="f" * 64),
            5,
            "the chain head records a different hash for it",
        ),
        (
            lambda: _forge_next(),
            6,
            "the chain head does not record it: it was not appended through the audit service",
        ),
        (
            lambda: _move_head(sequence=4, hash=AuditEvent.objects.get(sequence=4).hash),
            5,
            "the chain head does not record it: it was not appended through the audit service",
        ),
    ],
    ids=[
        "before",
        "actor label",
        "actor",
        "action",
        "subject",
        "time",
        "hash",
        "previous hash",
        "deleted in the middle",
        "deleted first",
        "deleted last",
        "rehashed in the middle",
        "rehashed last",
        "head hash",
        "forged after the last",
        "head moved back",
    ],
)
def test_any_alteration_is_caught_at_the_first_event_it_breaks(chain, tamper, first_bad, reason):
    # given
    tamper()

    # when
    result = verify_chain()

    # then
    assert (result.ok, result.first_bad_sequence, result.reason) == (False, first_bad, reason)
    assert result.checked == first_bad - 1


def test_events_appended_while_verifying_are_left_for_the_next_verification(
    chain, clerk, person, monkeypatch
):
    # given: another transaction appends event 6 just after verify_chain has read the chain head
    read_head = selectors._head

    def read_head_then_append():
        head = read_head()
        if not AuditEvent.objects.filter(sequence=6).exists():
            with transaction.atomic():
                audit_append(actor=clerk, action="person.update", subject=person)
        return head

    monkeypatch.setattr(selectors, "_head", read_head_then_append)

    # when
    result = verify_chain()

    # then: the five events as they stood are checked, and event 6 is not taken for a forgery
    assert result == VerifyResult(ok=True, checked=5)
    monkeypatch.undo()
    assert verify_chain() == VerifyResult(ok=True, checked=6)


def test_a_later_correction_is_a_new_event_and_the_chain_stays_intact(chain, clerk, person):
    # when
    with transaction.atomic():
        audit_append(
            actor=clerk,
            action="person.correct",
            subject=person,
            before={"note": "version 6"},
            after={"note": "version 5"},
        )

    # then
    assert verify_chain() == VerifyResult(ok=True, checked=6)
    assert GENESIS_HASH not in AuditEvent.objects.filter(sequence__gt=1).values_list(
        "previous_hash", flat=True
    )


def test_events_for_lists_one_subjects_history_in_order(chain, clerk, person):
    # given: an event about someone else in between
    other = Person.objects.create(name_hangul="이영희")
    with transaction.atomic():
        audit_append(actor=clerk, action="person.create", subject=other)
        audit_append(
            actor=clerk, action="person.record_death", subject=person, after={"died_on": "2020-01-01"}
        )

    # when
    history = events_for(subject=person)
    elsewhere = events_for(subject=other)

    # then
    assert [event.sequence for event in history] == [1, 2, 3, 4, 5, 7]
    assert history.last().action == "person.record_death"
    assert [(event.sequence, event.action) for event in elsewhere] == [(6, "person.create")]
