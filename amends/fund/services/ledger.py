"""Writes to the ledger: the chart of accounts, single, reversing and bulk journal entries.

Every journal entry goes through :func:`post_entry`: it checks the lines (:func:`amends.law.ledger.
check_balanced`), writes the entry as a draft with its postings and marks it posted, which the
database accepts only for a balanced entry; after that the database refuses any change. The money
events of a claim's lifecycle post theirs through :func:`post_entry`, called by the payments app's
services inside their own transaction (:mod:`amends.payments.postings`), so the event and its entry
commit together or not at all. Each entry's ``source`` is unique: an event cannot post twice.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from django.contrib.auth.base_user import AbstractBaseUser as User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from amends.audit.services import audit_append
from amends.core.roles import FINANCE_OFFICER, check_actor
from amends.fund.models import (
    Account,
    JournalEntry,
    Posting,
)
from amends.law import ledger
from amends.law.ledger import Line


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
    *, on: date, memo: str, lines: Iterable[Line], accounts: dict[str, Account], where: str = ""
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
        raise ValidationError({"postings": prefix + str(error)}) from None
    unknown = sorted({line.account for line in lines} - accounts.keys(), key=str)
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
    services that checked the role of the event they post (a payment confirmed, a deposit lodged)."""
    accounts = chart_accounts()
    memo, lines = _checked(on=on, memo=memo, lines=lines, accounts=accounts)
    try:
        with transaction.atomic():
            entry = JournalEntry.objects.create(
                posted_on=on, memo=memo, source=source, recorded_by=by, reverses=reverses
            )
    except IntegrityError:
        raise ValidationError({"source": _("This event is already posted.")}) from None
    Posting.objects.bulk_create(
        Posting(entry=entry, account=accounts[line.account], debit=line.debit, credit=line.credit)
        for line in lines
    )
    entry.posted = True
    entry.save(update_fields=["posted"])
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

    Entries are inserted as drafts with their postings in bulk, then posted by one ``UPDATE``: the
    database checks each entry's balance as it posts it, exactly as for a single entry."""
    check_actor(by, FINANCE_OFFICER)
    accounts = chart_accounts()
    checked = []
    for number, (on, memo, lines) in enumerate(entries, 1):
        memo, lines = _checked(on=on, memo=memo, lines=lines, accounts=accounts, where=f"entry {number}")
        checked.append((on, memo, lines))
    # Plain SQL: the ORM's per-object work would cost more than the inserts themselves. Entries come
    # back with their ids in insertion order (RETURNING, as Django's own bulk_create relies on).
    ops = connection.ops
    now = ops.adapt_datetimefield_value(timezone.now())
    entry_table, posting_table = JournalEntry._meta.db_table, Posting._meta.db_table
    ids: list[int] = []
    with connection.cursor() as cursor:
        for start in range(0, len(checked), 2000):
            chunk = checked[start : start + 2000]
            cursor.execute(
                f"INSERT INTO {entry_table} (posted_on, memo, posted, recorded_at, recorded_by_id) "
                f"VALUES {', '.join(['(%s, %s, %s, %s, %s)'] * len(chunk))} RETURNING id",
                [
                    value
                    for on, memo, _lines in chunk
                    for value in (
                        ops.adapt_datefield_value(on),
                        memo,
                        False,
                        now,
                        by.pk if by else None,
                    )
                ],
            )
            ids.extend(row[0] for row in cursor.fetchall())
        postings = [
            value
            for pk, (_on, _memo, lines) in zip(ids, checked, strict=True)
            for line in lines
            for value in (pk, accounts[line.account].pk, line.debit, line.credit)
        ]
        for start in range(0, len(postings), 16000):  # 4,000 rows a statement
            chunk = postings[start : start + 16000]
            cursor.execute(
                f"INSERT INTO {posting_table} (entry_id, account_id, debit, credit) "
                f"VALUES {', '.join(['(%s, %s, %s, %s)'] * (len(chunk) // 4))}",
                chunk,
            )
    for start in range(0, len(ids), 5000):
        JournalEntry.objects.filter(pk__in=ids[start : start + 5000]).update(posted=True)
    if ids:
        audit_append(
            actor=by,
            action="journal.post_many",
            subject=JournalEntry.objects.get(pk=ids[-1]),
            after={"count": len(ids), "first": ids[0], "last": ids[-1]},
        )
    return len(ids)
