"""Writes to the ledger: the chart of accounts, single, reversing and bulk journal entries.

Every journal entry goes through :func:`post_entry`: it checks the lines (:func:`amends.law.ledger.
check_balanced`), writes the entry as a draft with its postings and marks it posted, which the
database accepts only for a balanced entry; after that the database refuses any change. The money
events of a claim's lifecycle post theirs through :func:`post_entry`, called by the payments app's
services inside their own transaction (:mod:`amends.payments.postings`), so the event and its entry
commit together or not at all. Each entry's ``source`` is unique: an event cannot post twice.

The writes are plain SQL, a fixed number of statements whatever the size: a single entry is one
``INSERT`` of the entry, one of its postings (their accounts found by code in the same statement, so
that the chart is never read per posting) and one ``UPDATE`` marking it posted; a bulk posting reads
the chart once and, on PostgreSQL, writes postings then entries (born posted) by ``COPY``. The
database checks every entry it is asked to post (migration ``0004``), whichever way it comes in.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from datetime import date

from django.contrib.auth.base_user import AbstractBaseUser as User
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from amends.audit.services import audit_append
from amends.core.reasons import say
from amends.core.roles import FINANCE_OFFICER, check_actor
from amends.fund.models import (
    Account,
    JournalEntry,
    Posting,
)
from amends.law import ledger
from amends.law.ledger import Line

ENTRY, POSTING, ACCOUNT = (model._meta.db_table for model in (JournalEntry, Posting, Account))
# The chart's codes (amends.law.ledger.CHART): what a posting may name. The database holds exactly
# these accounts: migration 0002 loads them, :func:`chart_accounts` writes back any that a flush
# removed, and nothing else adds, changes or deletes one (no admin, no service; postings protect them).
CHART_CODES = frozenset(code for code, _name, _kind in ledger.CHART)


def chart_accounts() -> dict[str, Account]:
    """The chart's accounts by code, created if missing (a committing test's flush empties them)."""
    accounts = {account.code: account for account in Account.objects.all()}
    for code, name, kind in ledger.CHART:
        if code not in accounts:
            accounts[code], _created = Account.objects.get_or_create(
                code=code, defaults={"name": name, "kind": kind}
            )
    return accounts


def _checked(
    *, on: date, memo: str, lines: Iterable[Line], codes: Collection[str] = CHART_CODES, where: str = ""
) -> tuple[str, tuple[Line, ...]]:
    """An entry's memo (stripped, at most 300 characters) and lines, if it may be posted: a date, a
    memo saying what it is for, valid balanced postings to accounts of the chart. Otherwise a
    :class:`ValidationError` naming the field, after ``where`` (``"entry 3"``) if given."""
    prefix = f"{where}: " if where else ""
    if not isinstance(on, date):
        raise ValidationError({"posted_on": prefix + _("Give the date as YYYY-MM-DD.")})
    memo = memo.strip() if isinstance(memo, str) else ""
    if not memo:
        raise ValidationError({"memo": prefix + _("Say what the entry is for.")})
    try:
        lines = tuple(lines)
        if not all(isinstance(line, Line) for line in lines):
            raise ledger.UnbalancedEntry("postings are lines of amends.law.ledger (debit(), credit())")
        lines = ledger.check_balanced(lines)
    except (ledger.UnbalancedEntry, TypeError) as error:
        raise ValidationError(
            {"postings": prefix + say(error.args[0] if error.args else str(error))}
        ) from None
    unknown = sorted({line.account for line in lines}.difference(codes), key=str)
    if unknown:
        raise ValidationError(
            {"postings": prefix + _("No account %(code)s in the chart.") % {"code": unknown[0]}}
        )
    return memo[:300], lines


def post_entry(
    *,
    on: date,
    memo: str,
    lines: Iterable[Line],
    source: str | None = None,
    by: User | None = None,
    reverses: JournalEntry | None = None,
) -> JournalEntry:
    """Post one entry, in the caller's transaction, with its audit event; no role check: for the
    services that checked the role of the event they post (a payment confirmed, a deposit lodged).

    Three statements and the audit event's, whatever the chart: the entry (``ON CONFLICT DO
    NOTHING``: a source already posted is refused without a savepoint), its postings, and the
    ``UPDATE`` marking it posted, which the database accepts only for a balanced entry."""
    memo, lines = _checked(on=on, memo=memo, lines=lines)
    ops = connection.ops
    entry = JournalEntry(
        posted_on=on, memo=memo, source=source, recorded_by=by, reverses=reverses, recorded_at=timezone.now()
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {ENTRY} (posted_on, memo, source, posted, recorded_at, recorded_by_id, "
            "reverses_id) VALUES (%s, %s, %s, %s, %s, %s, %s) ON CONFLICT DO NOTHING RETURNING id",
            [
                ops.adapt_datefield_value(on),
                memo,
                source,
                False,
                ops.adapt_datetimefield_value(entry.recorded_at),
                by.pk if by else None,
                reverses.pk if reverses else None,
            ],
        )
        inserted = cursor.fetchone()
        if inserted is None:  # its source (or the entry it reverses) is already taken
            raise ValidationError({"source": _("This event is already posted.")})
        entry.pk = inserted[0]
        if _insert_postings(cursor, entry.pk, lines) < len(lines):
            # Some account of the chart is not in the database (a committing test's flush removed
            # them): write the chart back and the entry's postings again (a draft's may be deleted).
            cursor.execute(f"DELETE FROM {POSTING} WHERE entry_id = %s", [entry.pk])
            chart_accounts()
            _insert_postings(cursor, entry.pk, lines)
        cursor.execute(f"UPDATE {ENTRY} SET posted = %s WHERE id = %s", [True, entry.pk])
    entry.posted = True
    entry._state.adding, entry._state.db = False, connection.alias
    audit_append(
        actor=by,
        action="journal.post",
        subject=entry,
        after={
            "posted_on": on.isoformat(),
            "memo": entry.memo,
            "source": source,
            "reverses": reverses.pk if reverses else None,
            "postings": [[line.account, line.debit, line.credit] for line in lines],
        },
    )
    return entry


def _insert_postings(cursor, entry_id: int, lines: Sequence[Line]) -> int:
    """Insert the entry's postings in their order, each to the account of its code; the number written
    (fewer than the lines if an account is missing)."""
    cursor.execute(
        f"INSERT INTO {POSTING} (entry_id, account_id, debit, credit) "
        f"SELECT %s, a.id, v.column3, v.column4 "
        f"FROM (VALUES {', '.join(['(%s, %s, %s, %s)'] * len(lines))}) AS v "
        f"JOIN {ACCOUNT} a ON a.code = v.column2 ORDER BY v.column1",
        [
            entry_id,
            *(
                value
                for number, line in enumerate(lines)
                for value in (number, line.account, line.debit, line.credit)
            ),
        ],
    )
    return cursor.rowcount


# What only a claim's money events post (amends.payments.postings): a manual entry may neither take
# their sources nor touch their accounts, nor may a reversal undo them while the event stands.
MONEY_EVENT_SOURCES = ("payment:", "reimbursement:", "deposit:")
MONEY_EVENT_ACCOUNTS = frozenset({ledger.PAYMENTS_TO_CREDITORS, ledger.COURT_DEPOSITS})


def _not_after_today(on: date, field: str = "posted_on") -> None:
    if isinstance(on, date) and on > timezone.localdate():
        raise ValidationError({field: _("%(date)s is in the future.") % {"date": on.isoformat()}})


@transaction.atomic
def journal_post(
    *, on: date, memo: str, lines: Sequence[Line], by: User | None, source: str | None = None
) -> JournalEntry:
    """A manual entry (an operating cost, an opening balance) by a finance officer. Payments to
    creditors and court deposits move only through the claims' own steps, which post them."""
    check_actor(by, FINANCE_OFFICER)
    _not_after_today(on)
    if source and source.startswith(MONEY_EVENT_SOURCES):
        raise ValidationError({"source": _("This source belongs to a payment or a court deposit.")})
    if any(getattr(line, "account", None) in MONEY_EVENT_ACCOUNTS for line in lines):
        raise ValidationError(
            {
                "postings": _(
                    "Payments to creditors and court deposits are posted by the claims' own steps, "
                    "not by hand."
                )
            }
        )
    return post_entry(on=on, memo=memo, lines=lines, source=source, by=by)


@transaction.atomic
def journal_reverse(*, entry: JournalEntry, on: date, by: User | None, reason: str) -> JournalEntry:
    """Correct a posted entry the only way the ledger allows: an entry that cancels it."""
    check_actor(by, FINANCE_OFFICER)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the entry is reversed.")})
    entry = JournalEntry.objects.select_for_update().get(pk=entry.pk)
    if not entry.posted:
        raise ValidationError({"entry": _("Only a posted entry can be reversed.")})
    if entry.source and entry.source.startswith(MONEY_EVENT_SOURCES):
        raise ValidationError(
            {
                "entry": _(
                    "This entry is a payment's or a court deposit's: it stands while the payment or "
                    "deposit does (a returned payment or a withdrawn deposit posts its own entry)."
                )
            }
        )
    if JournalEntry.objects.filter(reverses=entry).exists():
        raise ValidationError({"entry": _("This entry is already reversed.")})
    lines = [Line(p.account.code, p.debit, p.credit) for p in entry.postings.select_related("account")]
    return post_entry(
        on=on,
        memo=_("Reversal of #%(number)s: %(reason)s") % {"number": entry.pk, "reason": reason.strip()},
        lines=ledger.reversal(lines),
        by=by,
        reverses=entry,
    )


@transaction.atomic
def journal_post_many(*, entries: Sequence[tuple[date, str, Sequence[Line]]], by: User | None) -> int:
    """Post many entries at once (imports, the benchmark): the checks of a single entry
    (:func:`_checked`), each error naming the entry's number; all of them or none; one audit event.

    A fixed number of statements whatever the number of entries (on SQLite, a few per 2,000).
    PostgreSQL: the entries' ids are drawn from their sequence, then the postings and the entries,
    born posted, are written by ``COPY``; the database checks, once over all the rows, that no posting
    goes to an entry already posted and that every entry balances with two or more postings. SQLite:
    the entries are inserted as drafts, their postings after them, and all are marked posted by one
    ``UPDATE``, each checked by the row triggers as for a single entry."""
    check_actor(by, FINANCE_OFFICER)
    accounts = {code: account.pk for code, account in chart_accounts().items()}
    checked = []
    for number, (on, memo, lines) in enumerate(entries, 1):
        memo, lines = _checked(on=on, memo=memo, lines=lines, codes=accounts.keys(), where=f"entry {number}")
        checked.append((on, memo, lines))
    if not checked:
        return 0
    write = _write_by_copy if connection.vendor == "postgresql" else _write_by_insert
    ids = write(checked, accounts, recorded_at=timezone.now(), by_pk=by.pk if by else None)
    audit_append(
        actor=by,
        action="journal.post_many",
        subject=JournalEntry(pk=ids[-1]),
        after={"count": len(ids), "first": ids[0], "last": ids[-1]},
    )
    return len(ids)


Checked = list[tuple[date, str, tuple[Line, ...]]]


def _write_by_copy(checked: Checked, accounts: dict[str, int], *, recorded_at, by_pk) -> list[int]:
    """PostgreSQL: the entries' ids from their sequence, then ``COPY`` of the postings and of the
    entries born posted (the postings' foreign key to their entry is checked at commit)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [ENTRY, len(checked)],
        )
        ids = [row[0] for row in cursor.fetchall()]
        copying = cursor.cursor  # psycopg's own cursor: Django's wrapper has no copy()
        with copying.copy(f"COPY {POSTING} (entry_id, account_id, debit, credit) FROM STDIN") as copy:
            for pk, (_on, _memo, lines) in zip(ids, checked, strict=True):
                for line in lines:
                    copy.write_row((pk, accounts[line.account], line.debit, line.credit))
        with copying.copy(
            f"COPY {ENTRY} (id, posted_on, memo, posted, recorded_at, recorded_by_id) FROM STDIN"
        ) as copy:
            for pk, (on, memo, _lines) in zip(ids, checked, strict=True):
                copy.write_row((pk, on, memo, True, recorded_at, by_pk))
    return ids


def _write_by_insert(checked: Checked, accounts: dict[str, int], *, recorded_at, by_pk) -> list[int]:
    """SQLite: the entries as drafts (their ids back in insertion order, by ``RETURNING``, as Django's
    own bulk_create relies on), their postings, then one ``UPDATE`` marking them posted."""
    ops = connection.ops
    now = ops.adapt_datetimefield_value(recorded_at)
    ids: list[int] = []
    with connection.cursor() as cursor:
        for start in range(0, len(checked), 2000):
            chunk = checked[start : start + 2000]
            cursor.execute(
                f"INSERT INTO {ENTRY} (posted_on, memo, posted, recorded_at, recorded_by_id) "
                f"VALUES {', '.join(['(%s, %s, %s, %s, %s)'] * len(chunk))} RETURNING id",
                [
                    value
                    for on, memo, _lines in chunk
                    for value in (ops.adapt_datefield_value(on), memo, False, now, by_pk)
                ],
            )
            ids.extend(row[0] for row in cursor.fetchall())
        postings = [
            value
            for pk, (_on, _memo, lines) in zip(ids, checked, strict=True)
            for line in lines
            for value in (pk, accounts[line.account], line.debit, line.credit)
        ]
        for start in range(0, len(postings), 16000):  # 4,000 rows a statement
            chunk = postings[start : start + 16000]
            cursor.execute(
                f"INSERT INTO {POSTING} (entry_id, account_id, debit, credit) "
                f"VALUES {', '.join(['(%s, %s, %s, %s)'] * (len(chunk) // 4))}",
                chunk,
            )
    for start in range(0, len(ids), 5000):
        JournalEntry.objects.filter(pk__in=ids[start : start + 5000]).update(posted=True)
    return ids
