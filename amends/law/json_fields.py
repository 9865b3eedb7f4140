"""Strict reading of the calculations' JSON input: each helper names the field it refuses.

``error`` is the calculation's own input-error class, built as ``error(field, message)``, so that
``amends calc`` reports every refusal the same way whatever the calculation.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date
from typing import Any

from amends.law.messages import Message, gettext_noop

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

ErrorClass = Callable[[str, str], Exception]


# The largest whole number of won a field holds (a BigIntegerField); a longer number is read as
# infinity rather than converted (Python refuses to convert more than 4,300 digits, and a field then
# says it is too large, naming itself).
MAX_WON = 2**63 - 1
_MAX_DIGITS = len(str(MAX_WON))


def _bounded_int(text: str) -> int | float:
    return int(text) if len(text.lstrip("-")) <= _MAX_DIGITS else float("inf") * (-1 if text[0] == "-" else 1)


def loads(text: str, *, error: ErrorClass, parse_float: Callable[[str], Any] | None = None) -> Any:
    try:
        return json.loads(text, parse_float=parse_float, parse_int=_bounded_int)
    except json.JSONDecodeError as problem:
        where = Message(
            gettext_noop("line %(line)s column %(column)s"), line=problem.lineno, column=problem.colno
        )
        raise error(
            "input",
            Message(
                gettext_noop("not valid JSON (%(problem)s, %(where)s)"), problem=problem.msg, where=where
            ),
        ) from None


def too_large(value: Any) -> bool:
    """Whether a number read by :func:`loads` is more than :data:`MAX_WON` (or infinite)."""
    return isinstance(value, int | float) and not isinstance(value, bool) and abs(value) > MAX_WON


def json_object(value: Any, field: str, required: set[str], allowed: set[str], *, error: ErrorClass) -> dict:
    """``value`` as an object with every ``required`` key and no key outside ``allowed``."""
    if not isinstance(value, dict):
        raise error(field, Message(gettext_noop("must be a JSON object")))
    prefix = f"{field}." if field != "input" else ""
    if missing := sorted(required - value.keys()):
        raise error(f"{prefix}{missing[0]}", Message(gettext_noop("is required")))
    if unknown := sorted(value.keys() - allowed):
        raise error(f"{prefix}{unknown[0]}", Message(gettext_noop("is not a known field")))
    return value


def json_date(value: Any, field: str, *, error: ErrorClass) -> date:
    """A date written ``YYYY-MM-DD`` (and no other of the forms ``date.fromisoformat`` accepts)."""
    if isinstance(value, str) and _DATE.match(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise error(
        field,
        Message(
            gettext_noop("must be a date written YYYY-MM-DD, not %(value)s"),
            value=json.dumps(value, default=str),
        ),
    )


def too_large_message() -> Message:
    """ "is too large (at most 9,223,372,036,854,775,807 won)", in any language."""
    return Message(gettext_noop("is too large (at most %(most)s won)"), most=f"{MAX_WON:,}")
