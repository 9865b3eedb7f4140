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
        where = f"line {problem.lineno} column {problem.colno}"
        raise error("input", f"not valid JSON ({problem.msg}, {where})") from None


def too_large(value: Any) -> bool:
    """Whether a number read by :func:`loads` is more than :data:`MAX_WON` (or infinite)."""
    return isinstance(value, int | float) and not isinstance(value, bool) and abs(value) > MAX_WON


def json_object(value: Any, field: str, required: set[str], allowed: set[str], *, error: ErrorClass) -> dict:
    """``value`` as an object with every ``required`` key and no key outside ``allowed``."""
    if not isinstance(value, dict):
        raise error(field, "must be a JSON object")
    prefix = f"{field}." if field != "input" else ""
    if missing := sorted(required - value.keys()):
        raise error(f"{prefix}{missing[0]}", "is required")
    if unknown := sorted(value.keys() - allowed):
        raise error(f"{prefix}{unknown[0]}", "is not a known field")
    return value


def json_date(value: Any, field: str, *, error: ErrorClass) -> date:
    """A date written ``YYYY-MM-DD`` (and no other of the forms ``date.fromisoformat`` accepts)."""
    if isinstance(value, str) and _DATE.match(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise error(field, f"must be a date written YYYY-MM-DD, not {json.dumps(value, default=str)}")
