"""The hash chain, as plain functions: the canonical form of an event and its SHA-256.

Both the writer (:func:`amends.audit.services.audit_append`) and the verifier
(:func:`amends.audit.selectors.verify_chain`) hash through :func:`event_hash`, so the two cannot drift
apart. Nothing here touches the database.

The canonical form is ``json.dumps`` with sorted keys, no whitespace and UTF-8 text (not ``\\u``
escapes), of::

    {"action", "actor", "actor_id", "after", "before", "occurred_at", "previous_hash", "sequence",
     "subject_id", "subject_type"}

``occurred_at`` is ISO 8601 in UTC with microseconds (``2026-03-01T09:30:00.000000+00:00``). Anyone
can recompute a hash from an exported event with these rules and a SHA-256 tool.

**Seals.** The database's owner can rewrite any row, the chain head included, and recompute every hash.
What it cannot do is know a key it never sees: the head is sealed with HMAC-SHA256 under
``settings.AUDIT_KEY`` (:func:`head_seal`, over ``"<sequence>:<hash>"``), and each checkpoint that
``amends audit checkpoint`` writes off the database is signed the same way (:func:`checkpoint_hmac`,
over the canonical JSON of its ``sequence``, ``hash`` and ``time``).
"""

import hashlib
import hmac
import json
from datetime import UTC, datetime

GENESIS_HASH = "0" * 64

type JSONValue = bool | int | str | list[JSONValue] | dict[str, JSONValue] | None


def canonical_json(value: JSONValue) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def canonical_timestamp(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("an audit timestamp must be timezone-aware")
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def event_hash(
    *,
    sequence: int,
    occurred_at: datetime,
    actor_id: int | str | None,
    actor_label: str,
    action: str,
    subject_type: str,
    subject_id: str,
    before: JSONValue,
    after: JSONValue,
    previous_hash: str,
) -> str:
    # actor_id is hashed beside the label: the label alone would let the foreign key be pointed at
    # another user without the chain noticing.
    document = {
        "sequence": sequence,
        "occurred_at": canonical_timestamp(occurred_at),
        "actor_id": actor_id,
        "actor": actor_label,
        "action": action,
        "subject_type": subject_type,
        "subject_id": subject_id,
        "before": before,
        "after": after,
        "previous_hash": previous_hash,
    }
    return hashlib.sha256(canonical_json(document).encode("utf-8")).hexdigest()


def check_json_safe(value: object, *, path: str) -> None:
    """Refuse what would not read back from the database exactly as it was hashed.

    Floats are refused: PostgreSQL's ``jsonb`` keeps numbers as ``numeric``, so ``1e+20`` comes back
    as the integer ``100000000000000000000`` and the event would no longer match its hash (and money
    is an ``int`` of won anyway). NUL characters are refused because ``jsonb`` cannot store them.
    """
    if value is None or type(value) in (bool, int):
        return
    if type(value) is str:
        if "\x00" in value:
            raise TypeError(f"{path}: contains a NUL character, which PostgreSQL cannot store")
        return
    if type(value) in (list, tuple):
        for index, item in enumerate(value):
            check_json_safe(item, path=f"{path}[{index}]")
        return
    if type(value) is dict:
        for key, item in value.items():
            if type(key) is not str:
                raise TypeError(f"{path}: key {key!r} is not a string")
            check_json_safe(key, path=f"{path} key")
            check_json_safe(item, path=f"{path}[{key!r}]")
        return
    hint = " (money is an int of won; use snapshot() for model values)" if type(value) is float else ""
    raise TypeError(f"{path}: {type(value).__name__} is not allowed in an audit event{hint}")


def head_seal(*, key: str, sequence: int, hash: str) -> str:
    """The HMAC-SHA256 (hex) of the chain head ``sequence`` and ``hash`` under ``key``."""
    return hmac.new(key.encode(), f"{sequence}:{hash}".encode(), hashlib.sha256).hexdigest()


def checkpoint_hmac(*, key: str, sequence: int, hash: str, time: str) -> str:
    """The HMAC-SHA256 (hex) of a checkpoint's fields under ``key``."""
    document = canonical_json({"sequence": sequence, "hash": hash, "time": time})
    return hmac.new(key.encode(), document.encode(), hashlib.sha256).hexdigest()


def same_digest(a: str, b: str) -> bool:
    """Compare two hex digests in constant time."""
    return hmac.compare_digest(a.encode(), b.encode())
