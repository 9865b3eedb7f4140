"""Figures cached under the head of the audit chain, for the pages above (the dashboard, the forecast,
the case page's summary).

What a page computes for many awards may be kept in Django's cache (``CACHES`` in config/settings.py:
Redis, or a table of the database) under a key made of the day and the head of the audit chain (its
last sequence and hash, one primary-key read of :class:`~amends.audit.models.AuditChainHead`). Every
service that changes money, claims, awards, creditors, people, deaths or the ledger appends an audit
event in its own transaction, which moves the head: the next view asks for a key never stored and
computes afresh. Nothing is invalidated by hand; an entry lives a day at most. A write that bypasses
the services (a shell, raw SQL, the benchmarks' bulk inserts) does not move the head: its figures
show from the next audited change or the next day.
"""

from collections.abc import Callable
from datetime import date

from django.core.cache import cache

from amends.audit.models import AuditChainHead

CACHE_SECONDS = 24 * 60 * 60


def figures_key(kind: str, on: date, *more: object) -> str:
    """The cache key of figures of ``kind`` (name a version in it, bumped when what is cached changes)
    on ``on``, with the head of the audit chain and ``more`` (what else the figures depend on)."""
    head = AuditChainHead.objects.filter(pk=AuditChainHead.SINGLETON).values_list("sequence", "hash").first()
    sequence, digest = head or (0, "")
    return ":".join(["amends", kind, on.isoformat(), str(sequence), digest[:16], *map(str, more)])


def cached[T](key: str, compute: Callable[[], T]) -> T:
    """The value cached under ``key``, or ``compute()``'s, cached for a day."""
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, CACHE_SECONDS)
    return value
