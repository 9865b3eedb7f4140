"""The database itself refuses to change or remove an audit event, on PostgreSQL and on SQLite, and
the admin offers no way to try."""

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from amends.audit.models import AuditEvent
from amends.audit.selectors import VerifyResult, verify_chain
from tests.support import append_only_suspended

pytestmark = pytest.mark.django_db

TABLE = connection.ops.quote_name(AuditEvent._meta.db_table)
on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE is PostgreSQL's")


def _refused(sql: str, params: list | None = None) -> None:
    # Both vendors raise an integrity error: SQLSTATE 23000 from the PostgreSQL trigger,
    # SQLITE_CONSTRAINT_TRIGGER from SQLite's RAISE(ABORT).
    with (
        pytest.raises(IntegrityError, match="audit events are append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, params)


def test_a_raw_update_is_refused_by_the_database(chain):
    # when / then
    _refused(f"UPDATE {TABLE} SET action = %s WHERE sequence = %s", ["person.create", 2])
    _refused(f"UPDATE {TABLE} SET actor_label = %s", ["nobody"])

    # and nothing changed
    assert AuditEvent.objects.get(sequence=2).action == "person.update"
    assert verify_chain() == VerifyResult(ok=True, checked=5)


def test_a_raw_delete_is_refused_by_the_database(chain):
    # when / then
    _refused(f"DELETE FROM {TABLE} WHERE sequence = %s", [5])
    _refused(f"DELETE FROM {TABLE}")

    # and nothing was removed
    assert AuditEvent.objects.count() == 5


def test_the_orm_cannot_update_or_delete_an_event_either(chain):
    event = chain[0]
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(after={"amount": 0})
    with pytest.raises(IntegrityError), transaction.atomic():
        event.after = {"amount": 0}
        event.save()
    with pytest.raises(IntegrityError), transaction.atomic():
        event.delete()
    assert verify_chain() == VerifyResult(ok=True, checked=5)


def test_the_tests_own_bypass_restores_the_refusal(chain):
    # given
    with append_only_suspended():
        AuditEvent.objects.filter(sequence=1).update(actor_label="x")

    # then
    _refused(f"UPDATE {TABLE} SET actor_label = %s", ["y"])


@on_postgresql
@pytest.mark.postgres
def test_truncating_a_table_that_holds_events_is_refused_on_postgresql(chain):
    # given: the events' deferred foreign-key checks run, as at commit (TRUNCATE waits for none)
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")

    # when / then
    _refused(f"TRUNCATE {TABLE}")
    _refused(f"TRUNCATE {TABLE} CASCADE")
    assert AuditEvent.objects.count() == 5


@on_postgresql
@pytest.mark.postgres
def test_an_empty_table_may_be_truncated_on_postgresql():
    # Django's flush truncates every table: each transactional test's teardown does it
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {TABLE}")


@pytest.mark.django_db(transaction=True)
def test_flush_refuses_a_database_that_holds_audit_events(chain):
    # given: five committed events

    # when / then
    with pytest.raises(CommandError, match="couldn't be flushed"):
        call_command("flush", interactive=False, verbosity=0)
    assert verify_chain() == VerifyResult(ok=True, checked=5)

    # clean up past the triggers, so that this test's own teardown can flush the database
    with append_only_suspended():
        AuditEvent.objects.all().delete()


def test_the_admin_shows_events_but_offers_no_add_change_or_delete(chain, admin_client):
    # given
    event = chain[0]

    # when
    listing = admin_client.get(reverse("admin:audit_auditevent_changelist"))
    detail = admin_client.get(reverse("admin:audit_auditevent_change", args=[event.pk]))
    add = admin_client.get(reverse("admin:audit_auditevent_add"))
    delete = admin_client.post(reverse("admin:audit_auditevent_delete", args=[event.pk]), {"post": "yes"})
    change = admin_client.post(
        reverse("admin:audit_auditevent_change", args=[event.pk]), {"action": "person.create"}
    )

    # then
    assert listing.status_code == 200
    assert detail.status_code == 200
    assert b'name="_save"' not in detail.content
    assert b"delete_selected" not in listing.content
    assert (add.status_code, delete.status_code, change.status_code) == (403, 403, 403)
    assert verify_chain() == VerifyResult(ok=True, checked=5)
