"""Reading a whole number of won and a date from what a person typed or an API sent: the one place
these are parsed, for the pages, the services' generic entry points and the API. Each refusal is a
:class:`ValidationError` naming the field."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def parse_won(value: object, name: str, *, required: bool = True) -> int | None:
    """A whole number of won: an ``int`` (not a bool), or text of digits with optional thousands
    commas (``1,000,000``); empty is ``None`` when not ``required``."""
    if isinstance(value, int) and not isinstance(value, bool):
        if value < 0:
            raise ValidationError({name: _("Give a whole number of won.")})
        return value
    text = value.replace(",", "").strip() if isinstance(value, str) else "" if value is None else None
    if text == "" and not required:
        return None
    if not text or not text.isascii() or not text.isdigit():
        raise ValidationError({name: _("Give a whole number of won.")})
    return int(text)


def parse_day(value: object, name: str) -> date:
    """A date: a :class:`date`, or text as ``YYYY-MM-DD``."""
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value if value is not None else "").strip())
    except ValueError:
        raise ValidationError({name: _("Give the date as YYYY-MM-DD.")}) from None
