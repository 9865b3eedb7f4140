"""The stored summary of what is owed: each part of each award as a straight line in the day
(:class:`amends.payments.models.OwedLine`), so that what is owed on a day is a sum in SQL (issue 14).

Delay damages are simple interest: between two payments they grow by the same amount each day until
an accrual term starts or, by the period method, the line's next whole year begins (its N changes).
:func:`amends.payments.owed.part_lines` computes, for every part one person holds, its figures on
the day of writing and that daily increment, exactly (a whole number of 1/denominator won), with the
last day the line holds; :func:`amends.payments.owed.case_totals` adds them up for any day a line
holds and computes the awards whose lines do not hold that day (as does a large case's page, by award:
:func:`amends.payments.owed.stored_award_totals`). The figures are
:mod:`amends.payments.owed`'s to the won (``amends check``, ``owed-summary``; the tests take every
kind of service that moves money).

This module writes; nothing else does:

- :func:`refresh`: the services that change what an award owes (a payment confirmed or brought back,
  a deposit collected, a payment from elsewhere, a death or renunciation handed on, a correction
  applied) call it for that award, in their transaction, after their rows are
  written. No signals: it is called where the change happens.
- :func:`roll`: ``amends owed roll``, daily (cron), renews the lines that ended and writes those of
  awards made since (``award_create`` is on a floor below and writes none). A line not renewed is not
  wrong, only slower: its award is computed when read.
- :func:`rebuild`: every award (``amends owed rebuild`` after upgrading, or after a bulk load that
  bypassed the services).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

import numpy as np
from django.db import transaction

from amends.core.bulk import bulk_insert
from amends.core.clock import today
from amends.judgments.models import Award
from amends.payments import owed
from amends.payments.models import OwedLine

COLUMNS = (
    "award_id",
    "case_id",
    "creditor_id",
    "opens_award",
    "principal",
    "interest",
    "paid",
    "outstanding",
    "remainder",
    "per_day",
    "denominator",
    "from_day",
    "last_day",
)


# Up to this many awards, each is read in one prepared statement (what a service writes after a step).
ONE_BY_ONE = 8


def _award_rows(*, on: date, award_id: int) -> list[tuple]:
    """The lines of one award on ``on`` (:func:`amends.payments.owed.award_part_lines`)."""
    lines = owed.award_part_lines(award_id=award_id, on=on)
    day = on.toordinal()
    if lines.pieces is None:
        never = (date.max - timedelta(days=1)).toordinal()
        return [(award_id, lines.case_id, None, True, 0, 0, 0, 0, 0, 0, 1, day, never)]
    pieces, totals = lines.pieces, lines.pieces.totals
    last = int(pieces.last.min())
    return [
        (award_id, lines.case_id, creditor, index == 0, principal, *figures, pieces.denominator, day, last)
        for index, (creditor, principal, *figures) in enumerate(
            zip(
                lines.creditors,
                lines.principals,
                totals.interest.tolist(),
                totals.paid.tolist(),
                totals.outstanding.tolist(),
                pieces.remainder.tolist(),
                pieces.per_day.tolist(),
                strict=True,
            )
        )
    ]


def _rows(*, on: date, award_ids: list[int] | None) -> list[tuple]:
    """The lines of the awards ``award_ids`` (all if None) on ``on``, as tuples of :data:`COLUMNS`."""
    if award_ids is not None and len(award_ids) <= ONE_BY_ONE:
        return [row for award_id in award_ids for row in _award_rows(on=on, award_id=award_id)]
    held, pieces = owed.part_lines(on=on, award_ids=award_ids)
    day = on.toordinal()
    rows: list[tuple] = []
    if len(held):
        # Every line of an award holds over the same days: the shortest of its parts'.
        awards_of, index = np.unique(held.award_id, return_inverse=True)
        last = np.full(len(awards_of), np.iinfo(np.int64).max, np.int64)
        np.minimum.at(last, index, pieces.last)
        opens = np.zeros(len(held), bool)
        opens[np.unique(index, return_index=True)[1]] = True
        totals = pieces.totals
        rows = list(
            zip(
                held.award_id.tolist(),
                held.case_id.tolist(),
                held.creditor_id.tolist(),
                opens.tolist(),
                held.table.principal.tolist(),
                totals.interest.tolist(),
                totals.paid.tolist(),
                totals.outstanding.tolist(),
                pieces.remainder.tolist(),
                pieces.per_day.tolist(),
                [pieces.denominator] * len(held),
                [day] * len(held),
                last[index].tolist(),
                strict=True,
            )
        )
    # An award without parts (no creditor on record) has one line of zeros, so that it counts as covered.
    with_parts = set(held.award_id.tolist())
    if award_ids is None:  # read whole, not as a list of ids (a database caps a statement's parameters)
        empty = [
            (pk, case) for pk, case in Award.objects.values_list("pk", "case_id") if pk not in with_parts
        ]
    else:
        missing = [pk for pk in award_ids if pk not in with_parts]
        empty = list(Award.objects.filter(pk__in=missing).values_list("pk", "case_id")) if missing else []
    never = (date.max - timedelta(days=1)).toordinal()
    for pk, case_id in empty:
        rows.append((pk, case_id, None, True, 0, 0, 0, 0, 0, 0, 1, day, never))
    return rows


def refresh(*, award_ids: Iterable[int], on: date | None = None) -> int:
    """Write the lines of the awards ``award_ids`` on ``on`` (today), in place of theirs: in the
    caller's transaction, after it wrote what changes them. Returns the number of lines written."""
    ids = sorted(set(award_ids))
    if not ids:
        return 0
    rows = _rows(on=on or today(), award_ids=ids)
    with transaction.atomic(savepoint=False):  # the caller's transaction, or one of its own
        OwedLine.objects.filter(award_id__in=ids).delete()
        bulk_insert(OwedLine, COLUMNS, rows)
    return len(rows)


def rebuild(*, on: date | None = None) -> int:
    """Write every award's lines on ``on`` (today), in place of all that was stored."""
    rows = _rows(on=on or today(), award_ids=None)
    with transaction.atomic():
        OwedLine.objects.all().delete()
        bulk_insert(OwedLine, COLUMNS, rows)
    return len(rows)


def roll(*, on: date | None = None) -> int:
    """Renew, on ``on`` (today), the lines of every award whose lines do not hold on ``on`` (a line
    ends where the figures stop following it: renewing it earlier would end it on the same day), and
    write those of awards that have none. Returns the number of awards."""
    on = on or today()
    day = on.toordinal()
    ending = OwedLine.objects.filter(last_day__lt=day) | OwedLine.objects.filter(from_day__gt=day)
    ids = set(ending.values_list("award_id", flat=True))
    ids |= set(Award.objects.exclude(pk__in=OwedLine.objects.values("award_id")).values_list("pk", flat=True))
    if len(ids) > owed.LINES_BY_AWARD:
        rebuild(on=on)  # many awards: all at once, without lists of thousands of ids
    else:
        refresh(award_ids=ids, on=on)
    return len(ids)
