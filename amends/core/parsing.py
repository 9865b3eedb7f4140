"""Reading a whole number of won and a date from what a person typed or an API sent: the one place
these are parsed, for the pages, the services' generic entry points and the API. Each refusal is a
:class:`ValidationError` naming the field.

Two rules every input meets live here too, so that no page or service states them again:

- :func:`day_in_window`: the plausible window of a money date (a payment, a deposit, a batch, a
  contribution): not before :data:`EARLIEST_DAY`, not after today (a planned day at most
  :data:`PLANNING_HORIZON` ahead), not before the judgment or the decision the step rests on.
- :func:`control_character`: text with NUL or another control character (a database refuses NUL; the
  others are never typed) is refused before it reaches a form, a service or a query
  (:mod:`amends.core.request_limits` for every request, the statement reader for files).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

# A whole number of won as the pages write it (``369,863,013``) or as typed (``369863013``), with the
# currency written before (``₩``) or after (``원``) it; commas only between groups of three digits, so
# that a digit typed in the wrong place ("36,9863,013") is refused rather than read as another amount.
_WON = re.compile(r"[₩￦]?\s*(\d{1,3}(?:,\d{3})+|\d+)\s*원?")


def parse_won(value: object, name: str, *, required: bool = True) -> int | None:
    """A whole number of won: an ``int`` (not a bool), or text of digits with optional thousands
    commas and the currency (``1,000,000``, ``1000000``, ``1,000,000원``, ``₩1,000,000``); empty is
    ``None`` when not ``required``."""
    if isinstance(value, int) and not isinstance(value, bool):
        if value < 0:
            raise ValidationError({name: _("Give a whole number of won.")})
        return value
    text = value.strip() if isinstance(value, str) else "" if value is None else None
    if text == "" and not required:
        return None
    found = _WON.fullmatch(text) if text else None
    if found is None or not found.group(1).isascii():
        raise ValidationError({name: _("Give a whole number of won.")})
    return int(found.group(1).replace(",", ""))


def parse_day(value: object, name: str) -> date:
    """A date: a :class:`date`, or text as ``YYYY-MM-DD``."""
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value if value is not None else "").strip())
    except ValueError:
        raise ValidationError({name: _("Give the date as YYYY-MM-DD.")}) from None


# The day no record of this programme or its fund can be older than: the liberation (1945-08-15). A
# year-1 date is a typing or a probing error, and would put a journal entry two thousand years back.
EARLIEST_DAY = date(1945, 8, 15)
# A payment, a deposit or a batch is planned no further ahead than a budget year: delay damages run to
# the day planned, so a far date inflates the amount (9999-12-31 would ask for billions).
PLANNING_HORIZON = timedelta(days=366)


def day_in_window(
    day: date, name: str, *, planned: bool = False, after: Iterable[tuple[date | None, str]] = ()
) -> date:
    """``day`` if it is a plausible money date for field ``name``, else :class:`ValidationError`
    naming the field: not before :data:`EARLIEST_DAY`; not after today, or, for a ``planned`` day,
    not more than :data:`PLANNING_HORIZON` ahead; and not before any of ``after``, each the day of
    what the step rests on and what that is (``(final_ruling_on, _("the final ruling"))``; a ``None``
    day is skipped)."""
    values = {"date": day.isoformat()}
    if day < EARLIEST_DAY:
        raise ValidationError(
            {
                name: _("%(date)s is before %(earliest)s: no record of this fund is that old.")
                % (values | {"earliest": EARLIEST_DAY.isoformat()})
            }
        )
    today = timezone.localdate()
    if planned and day > today + PLANNING_HORIZON:
        raise ValidationError(
            {name: _("%(date)s is more than a year ahead: plan for a day that can come.") % values}
        )
    if not planned and day > today:
        raise ValidationError(
            {name: _("%(date)s is in the future: record what has happened, on the day it happened.") % values}
        )
    for floor, what in after:
        if floor is not None and day < floor:
            raise ValidationError(
                {
                    name: _("%(date)s is before %(what)s (%(decided)s), which it rests on.")
                    % {"date": day.isoformat(), "what": what, "decided": floor.isoformat()}
                }
            )
    return day


# NUL and the other C0 control characters but tab, line feed and carriage return, and DEL: never typed
# into a form, refused by PostgreSQL (NUL) or by the XML of a bank file and a PDF.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def control_character_at(text: str) -> tuple[int, str] | None:
    """Where the first control character in ``text`` is, and which (``U+0000``); ``None`` if none."""
    found = _CONTROL.search(text)
    return None if found is None else (found.start(), f"U+{ord(found.group()):04X}")


def control_character(text: str) -> str | None:
    """The first control character in ``text`` written as ``U+0000``, or ``None`` if it has none."""
    found = control_character_at(text)
    return None if found is None else found[1]


def clean_text(value: str, name: str) -> str:
    """``value`` unless it holds a control character: then :class:`ValidationError` naming ``name``."""
    if (found := control_character(value)) is not None:
        raise ValidationError({name: _("contains a control character (%(char)s).") % {"char": found}})
    return value
