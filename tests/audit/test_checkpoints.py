"""The chain head's seal and the checkpoints written outside the database: `amends audit checkpoint`
writes the verified head, signed, to a file of its own; `amends audit verify` checks the chain against
the latest one, and the head against its seal."""

import json
import stat
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction

from amends.audit.chain import checkpoint_hmac, head_seal
from amends.audit.models import AuditChainHead, AuditEvent
from amends.audit.selectors import checkpoint_dir, checkpoints, verify_chain
from amends.audit.services import ChainBroken, audit_append, audit_checkpoint
from tests.security.tampering import triggers_lifted

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def folder(settings, tmp_path):
    settings.AUDIT_CHECKPOINT_DIR = str(tmp_path / "checkpoints")
    return tmp_path / "checkpoints"


def audit(*arguments: str) -> tuple[int, str, str]:
    stdout, stderr = StringIO(), StringIO()
    try:
        call_command("audit", *arguments, stdout=stdout, stderr=stderr)
    except SystemExit as exit:
        return exit.code, stdout.getvalue(), stderr.getvalue()
    return 0, stdout.getvalue(), stderr.getvalue()


def _seal(sequence: int, hash: str) -> str:
    return head_seal(key=settings.AUDIT_KEY, sequence=sequence, hash=hash)


def test_every_append_seals_the_head_with_the_audit_key(chain):
    # then
    head = AuditChainHead.objects.get()
    assert (head.sequence, head.hash) == (5, chain[-1].hash)
    assert head.seal == _seal(5, chain[-1].hash)
    assert len(head.seal) == 64


def test_a_checkpoint_is_one_signed_json_line_in_a_read_only_file_of_its_own(chain, folder):
    # when
    code, out, err = audit("checkpoint")

    # then
    [path] = folder.iterdir()
    assert (code, err) == (0, "")
    assert out == f"audit checkpoint at event 5: {path}\n"
    assert path.name.startswith("checkpoint-000000000005-") and path.name.endswith(".json")
    [line] = path.read_text().splitlines()
    document = json.loads(line)
    assert set(document) == {"sequence", "hash", "time", "hmac"}
    assert (document["sequence"], document["hash"]) == (5, chain[-1].hash)
    assert document["hmac"] == checkpoint_hmac(
        key=settings.AUDIT_KEY, sequence=5, hash=chain[-1].hash, time=document["time"]
    )
    assert stat.S_IMODE(path.stat().st_mode) == 0o444


def test_a_later_checkpoint_is_a_new_file_and_the_earlier_one_stays_as_it_was(chain, folder, person):
    # given
    first = audit_checkpoint()
    before = first.path.read_bytes()
    with transaction.atomic():
        audit_append(actor=None, action="person.update", subject=person, after={"note": "six"})

    # when
    second = audit_checkpoint()

    # then
    assert sorted(folder.iterdir()) == [first.path, second.path]
    assert first.path.read_bytes() == before
    assert (second.sequence, [c.sequence for c in checkpoints()]) == (6, [5, 6])


def test_verify_names_the_checkpoint_it_checked_against(chain):
    # given
    written = audit_checkpoint()

    # when / then
    assert audit("verify") == (
        0,
        f"audit chain intact: 5 events (checkpoint {written.path.name} at event 5)\n",
        "",
    )


def _truncate_tail(keep: int, *, reseal: bool) -> None:
    """Delete the events after ``keep`` and write the head back to event ``keep``, as the owner can;
    ``reseal``: with the audit key too, as someone who also holds the app's environment could."""
    with triggers_lifted(AuditEvent, AuditChainHead):
        AuditEvent.objects.filter(sequence__gt=keep).delete()
        last = AuditEvent.objects.get(sequence=keep)
        seal = _seal(keep, last.hash) if reseal else "0" * 64
        AuditChainHead.objects.update(sequence=keep, hash=last.hash, seal=seal)


def test_a_truncated_tail_with_a_head_rewritten_in_sql_fails_the_seal(chain):
    # given: events 4 and 5 deleted, the head pointed at event 3, without the key
    _truncate_tail(3, reseal=False)

    # when / then
    assert audit("verify") == (
        1,
        "",
        "audit chain broken at event 3: the chain head's seal does not verify with the audit key: the "
        "head was written outside the audit service\n",
    )


def test_a_truncated_tail_resealed_with_the_key_is_caught_by_the_checkpoint(chain):
    # given: a checkpoint at event 5, then the tail cut back to event 3 and the head resealed
    written = audit_checkpoint()
    _truncate_tail(3, reseal=True)

    # when / then
    assert audit("verify") == (
        1,
        "",
        f"audit chain broken at event 4: event 4 is missing: the checkpoint {written.path.name} of "
        f"{written.time} records 5 events, the chain holds 3\n",
    )


def test_a_chain_rewritten_and_rehashed_from_an_event_is_caught_by_the_checkpoint(chain):
    # given: a checkpoint at event 5, then events 3 to 5 rewritten with every hash recomputed
    written = audit_checkpoint()
    with triggers_lifted(AuditEvent, AuditChainHead):
        previous = AuditEvent.objects.get(sequence=2).hash
        for event in AuditEvent.objects.filter(sequence__gte=3).order_by("sequence"):
            event.after, event.previous_hash = {"amount": 1}, previous
            event.hash = event.computed_hash()
            event.save()
            previous = event.hash
        AuditChainHead.objects.update(hash=previous, seal=_seal(5, previous))
    assert verify_chain(checkpoints_in=checkpoint_dir() / "none").ok  # the chain alone holds together

    # when / then
    assert audit("verify") == (
        1,
        "",
        f"audit chain broken at event 5: its hash is not the one the checkpoint {written.path.name} of "
        f"{written.time} records\n",
    )


def test_a_checkpoint_not_signed_with_the_key_is_named(chain, folder):
    # given: a checkpoint forged by hand, claiming a shorter chain
    folder.mkdir()
    forged = folder / "checkpoint-000000000003-20990101T000000000000Z.json"
    forged.write_text(json.dumps({"sequence": 3, "hash": chain[2].hash, "time": "2099", "hmac": "0" * 64}))

    # when / then
    assert audit("verify") == (
        1,
        "",
        f"audit chain not verified: the checkpoint {forged} does not verify with the audit key: it was "
        "not written by `amends audit checkpoint` with this installation's key\n",
    )


def test_a_broken_chain_gets_no_checkpoint(chain, folder):
    # given
    with triggers_lifted(AuditEvent):
        AuditEvent.objects.filter(sequence=2).update(action="person.create")

    # when
    code, out, err = audit("checkpoint")

    # then
    assert (code, out) == (1, "")
    assert err == "audit chain broken at event 2: its fields do not match its hash; no checkpoint written\n"
    assert not folder.exists()
    with pytest.raises(ChainBroken):
        audit_checkpoint()


def test_verify_reads_the_checkpoints_it_is_given(chain, tmp_path):
    # given: checkpoints copied off the machine into another folder
    elsewhere = tmp_path / "copied"
    written = audit_checkpoint(directory=elsewhere)
    _truncate_tail(4, reseal=True)

    # then: this database's own folder has none, the copied one catches the cut
    assert audit("verify") == (0, "audit chain intact: 4 events\n", "")
    code, _out, err = audit("verify", "--checkpoints", str(elsewhere))
    assert code == 1
    assert err.startswith(
        f"audit chain broken at event 5: event 5 is missing: the checkpoint {written.path.name}"
    )


def test_without_a_setting_each_database_has_a_folder_of_its_own(settings):
    # given
    settings.AUDIT_CHECKPOINT_DIR = None

    # then
    folder = checkpoint_dir()
    assert folder.parent == settings.VAR_DIR / "audit-checkpoints"
    assert folder.name.startswith(f"{connection.vendor}-")


def test_a_checkpoint_folder_named_that_holds_none_fails_rather_than_passes(chain, tmp_path):
    # given: a folder named on the command line, with no checkpoint in it (a wrong path, a failed copy)
    empty = tmp_path / "copied-nothing"

    # when / then
    assert audit("verify", "--checkpoints", str(empty)) == (
        1,
        "",
        f"audit chain not verified: no checkpoint in {empty}\n",
    )
