"""Appending to the audit chain: numbered without gaps, each event linked to the one before, written
only inside the caller's transaction, with values that read back exactly as they were hashed."""

import hashlib
from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction

from amends.audit.chain import GENESIS_HASH
from amends.audit.models import AuditChainHead, AuditEvent
from amends.audit.services import audit_append, snapshot
from amends.judgments.models import AccrualTerm, Award, Case, Court, Creditor

pytestmark = pytest.mark.django_db


def test_appended_events_are_numbered_from_one_and_each_names_the_hash_before_it(chain):
    # given: the five events of the fixture

    # when
    stored = list(AuditEvent.objects.all())

    # then
    assert [event.sequence for event in stored] == [1, 2, 3, 4, 5]
    assert [event.previous_hash for event in stored] == [GENESIS_HASH] + [event.hash for event in stored[:-1]]
    assert all(event.hash == event.computed_hash() for event in stored)
    assert len({event.hash for event in stored}) == 5
    head = AuditChainHead.objects.get()
    assert (head.sequence, head.hash) == (5, stored[-1].hash)


def test_an_event_records_who_did_what_to_which_row(chain, clerk, person):
    # given: event 1 was the clerk's, event 2 the system's
    first, second = AuditEvent.objects.all()[:2]

    # then
    assert (first.actor, first.actor_label) == (clerk, "caseworker-kim")
    assert (second.actor, second.actor_label) == (None, "system")
    assert (first.action, first.subject_type, first.subject_id) == (
        "person.update",
        "registry.person",
        str(person.pk),
    )
    assert first.before == {"note": "version 1"}
    assert first.after == {"note": "version 2", "amount": 1_000_000}
    assert first.occurred_at.tzinfo is not None


def test_values_read_back_from_the_database_still_match_their_hash(clerk, person):
    # given: text in three scripts, a sum beyond 64 bits, nesting, empty containers, keys in any order
    after = {
        "이름": "김철수 金哲洙 キム",
        "principal": 10**30,
        "nested": {"z": [1, None, True, {"b": "", "a": []}], "a": {}},
    }

    # when
    with transaction.atomic():
        appended = audit_append(actor=clerk, action="person.create", subject=person, after=after)

    # then
    stored = AuditEvent.objects.get(pk=appended.pk)
    assert stored.after == after
    assert stored.before is None
    assert stored.occurred_at == appended.occurred_at
    assert stored.computed_hash() == stored.hash == appended.hash


def test_the_event_keeps_the_values_it_was_given_not_later_changes_to_them(clerk, person):
    # given
    after = {"list": [1, 2]}
    with transaction.atomic():
        event = audit_append(actor=clerk, action="person.create", subject=person, after=after)

    # when
    after["list"].append(3)

    # then
    assert event.after == {"list": [1, 2]}
    assert event.computed_hash() == event.hash


@pytest.mark.django_db(transaction=True)
def test_appending_outside_a_transaction_is_refused_and_writes_nothing(clerk, person):
    # given: autocommit, no transaction.atomic()

    # when / then
    with pytest.raises(RuntimeError, match=r"inside the caller's transaction\.atomic\(\)"):
        audit_append(actor=clerk, action="person.create", subject=person)
    assert not AuditEvent.objects.exists()


def test_an_event_rolls_back_with_the_change_it_records(clerk, person):
    # given
    class Refused(Exception):
        pass

    # when
    with pytest.raises(Refused), transaction.atomic():
        audit_append(
            actor=clerk, action="person.record_death", subject=person, after={"died_on": "2020-01-01"}
        )
        raise Refused

    # then
    assert not AuditEvent.objects.exists()
    assert AuditChainHead.objects.get().sequence == 0


def test_the_chain_restarts_at_its_genesis_in_a_database_flushed_empty(clerk, person):
    # given: no chain head, as after `flush`
    AuditChainHead.objects.all().delete()

    # when
    with transaction.atomic():
        event = audit_append(actor=clerk, action="person.create", subject=person)

    # then
    assert (event.sequence, event.previous_hash) == (1, GENESIS_HASH)
    assert AuditChainHead.objects.get().hash == event.hash


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"action": "Person Create"}, "dotted lower-case name"),
        ({"action": "create"}, "dotted lower-case name"),
        ({"after": {"amount": 1.5}}, r"after\['amount'\]: float is not allowed"),
        ({"before": {"rates": [Decimal("0.2")]}}, r"before\['rates'\]\[0\]: Decimal is not allowed"),
        ({"after": {1: "one"}}, "key 1 is not a string"),
        ({"after": {"name": "a\x00b"}}, "NUL character"),
        ({"after": ["not", "a", "dict"]}, "expected a dict or None"),
    ],
)
def test_malformed_events_are_refused_before_anything_is_written(clerk, person, arguments, message):
    # given
    arguments = {"actor": clerk, "action": "person.update", "subject": person} | arguments

    # when / then
    with pytest.raises((TypeError, ValueError), match=message), transaction.atomic():
        audit_append(**arguments)
    assert not AuditEvent.objects.exists()


def test_an_unsaved_subject_or_actor_is_refused(clerk, person, django_user_model):
    with pytest.raises(ValueError, match="not saved"), transaction.atomic():
        audit_append(actor=clerk, action="person.create", subject=type(person)(name_hangul="박"))
    with pytest.raises(ValueError, match="saved user"), transaction.atomic():
        audit_append(actor=django_user_model(username="ghost"), action="person.create", subject=person)


def test_the_hash_is_sha256_of_the_documented_canonical_form():
    # given: an event fixed in every field, timed in Seoul
    event = AuditEvent(
        sequence=1,
        occurred_at=datetime(2026, 3, 1, 18, 30, 0, 1, tzinfo=ZoneInfo("Asia/Seoul")),
        actor_id=7,
        actor_label="김영희",
        action="award.create",
        subject_type="judgments.award",
        subject_id="42",
        before=None,
        after={"principal": 100_000_000, "rate": "0.20000", "victim": 3},
        previous_hash=GENESIS_HASH,
    )
    # the canonical form, written out by hand: sorted keys, no spaces, UTC, microseconds, raw UTF-8
    canonical = (
        '{"action":"award.create","actor":"김영희","actor_id":7,'
        '"after":{"principal":100000000,"rate":"0.20000","victim":3},"before":null,'
        '"occurred_at":"2026-03-01T09:30:00.000001+00:00","previous_hash":"' + "0" * 64 + '",'
        '"sequence":1,"subject_id":"42","subject_type":"judgments.award"}'
    )

    # when
    computed = event.computed_hash()

    # then
    assert computed == hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    # pinned with `printf %s '<canonical>' | sha256sum`: a change to the serialisation breaks old chains
    assert computed == "c9eeec3261732854d9c07c291d1c94d9e35494672bc9506623692f4965cafeaf"


def test_the_hash_depends_on_the_values_not_on_their_order_or_time_zone():
    # given
    fields = {
        "sequence": 2,
        "actor_id": None,
        "actor_label": "system",
        "action": "person.update",
        "subject_type": "registry.person",
        "subject_id": "1",
        "before": {"a": 1, "b": 2},
        "after": None,
        "previous_hash": "f" * 64,
    }
    seoul = datetime(2026, 3, 1, 9, 0, tzinfo=ZoneInfo("Asia/Seoul"))
    utc = datetime(2026, 3, 1, 0, 0, tzinfo=UTC)

    # when
    one = AuditEvent(occurred_at=seoul, **fields).computed_hash()
    same = AuditEvent(occurred_at=utc, **fields | {"before": {"b": 2, "a": 1}}).computed_hash()
    other = AuditEvent(occurred_at=utc, **fields | {"before": {"a": 1, "b": 3}}).computed_hash()

    # then
    assert one == same
    assert one != other


@pytest.fixture
def award(person):
    court = Court.objects.create(name_ko="대법원", name_en="Supreme Court", level=Court.Level.SUPREME)
    case = Case.objects.create(number="2013다61381", court=court, final_ruling_on=date(2018, 10, 30))
    return Award.objects.create(case=case, victim=person, principal=100_000_000)


def test_snapshot_renders_dates_decimals_fractions_and_foreign_keys_as_json(award, person):
    # given
    term = AccrualTerm.objects.create(award=award, starts_on=date(2013, 6, 19), rate=Decimal("0.2"))
    creditor = Creditor.objects.create(award=award, person=person, share_numerator=3, share_denominator=7)

    # when
    case = snapshot(award.case, ["number", "final_ruling_on", "filed_on", "court", "number_confirmed"])
    rate = snapshot(term, ["award", "starts_on", "rate"])
    share = snapshot(creditor, ["person", "share", "relation"])
    money = snapshot(award, ["principal", "victim", "method"])

    # then
    assert case == {
        "number": "2013다61381",
        "final_ruling_on": "2018-10-30",
        "filed_on": None,
        "court": award.case.court_id,
        "number_confirmed": True,
    }
    assert rate == {"award": award.pk, "starts_on": "2013-06-19", "rate": "0.20000"}
    assert share == {"person": person.pk, "share": "3/7", "relation": "victim"}
    assert money == {"principal": 100_000_000, "victim": person.pk, "method": "period"}
    assert type(money["principal"]) is int


def test_snapshot_agrees_before_and_after_a_round_trip_through_the_database(award):
    # given: a rate as typed, and the same rate as the database returns it
    term = AccrualTerm(award=award, starts_on=date(2013, 6, 19), rate=Decimal("0.2"))
    term.save()
    term.refresh_from_db()

    # then
    assert snapshot(AccrualTerm(award=award, rate=Decimal("0.2")), ["rate"]) == snapshot(term, ["rate"])


def test_snapshot_renders_many_to_many_as_sorted_keys_and_aware_datetimes_in_utc(award):
    # given
    from amends.judgments.models import Defendant

    defendants = [
        Defendant.objects.create(key=key, name_ko=key, name_ja=key, name_en=key) for key in ("b", "a")
    ]
    award.case.defendants.set(defendants)
    award.created_at = datetime(2026, 3, 1, 9, 0, tzinfo=ZoneInfo("Asia/Seoul"))

    # when
    values = snapshot(award.case, ["defendants"]) | snapshot(award, ["created_at"])

    # then
    assert values == {
        "defendants": sorted(defendant.pk for defendant in defendants),
        "created_at": "2026-03-01T00:00:00.000000+00:00",
    }


def test_snapshot_refuses_floats_reverse_relations_and_unknown_names(award):
    award.principal = 1.5
    with pytest.raises(TypeError, match=r"judgments\.Award\.principal: a float is not allowed"):
        snapshot(award, ["principal"])
    with pytest.raises(ValueError, match="reverse relation"):
        snapshot(award, ["creditors"])
    with pytest.raises(ValueError, match="no field or attribute 'amount'"):
        snapshot(award, ["amount"])
