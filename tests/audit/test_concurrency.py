"""Appends from concurrent transactions queue on the chain head's row lock: no sequence is taken twice
and no event links to a stale hash. Proven on PostgreSQL with real connections; SQLite's IMMEDIATE
transactions queue writers before any of this runs."""

import threading

import pytest
from django.db import connection, connections, transaction

from amends.audit.models import AuditChainHead, AuditEvent
from amends.audit.selectors import VerifyResult, verify_chain
from amends.audit.services import audit_append
from amends.registry.models import Person
from tests.support import append_only_suspended

WRITERS, APPENDS = 4, 10

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent PostgreSQL connections"),
    pytest.mark.django_db(transaction=True),
]


@pytest.mark.parametrize("head", ["present", "missing"])
def test_concurrent_appends_make_one_gapless_chain(clerk, head):
    # given: writers that start together, each on its own connection; the head row missing as after
    # a flush, or present as after the migration
    person = Person.objects.create(name_hangul="김철수")
    if head == "missing":
        AuditChainHead.objects.all().delete()
    start = threading.Barrier(WRITERS)
    failures = []

    def write(writer: int) -> None:
        try:
            start.wait()
            for number in range(APPENDS):
                with transaction.atomic():
                    audit_append(
                        actor=clerk,
                        action="person.update",
                        subject=person,
                        after={"writer": writer, "n": number},
                    )
        except Exception as error:  # reported below, with the writer that failed
            failures.append((writer, error))
        finally:
            connections.close_all()

    # when
    threads = [threading.Thread(target=write, args=(writer,)) for writer in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # then
    try:
        assert failures == []
        assert list(AuditEvent.objects.values_list("sequence", flat=True)) == list(
            range(1, WRITERS * APPENDS + 1)
        )
        assert verify_chain() == VerifyResult(ok=True, checked=WRITERS * APPENDS)
    finally:
        # the events are committed: remove them past the triggers so that teardown can flush
        with append_only_suspended():
            AuditEvent.objects.all().delete()
