"""Template filters for money and shares, so every page writes them the same way; and the
foundation's contact details, for the portal and the letters (rendered with or without a request)."""

from decimal import Decimal
from fractions import Fraction

from django import template
from django.conf import settings
from django.utils.safestring import SafeString
from django.utils.translation import pgettext

from amends.core import labels, reasons

register = template.Library()


@register.filter
def won(amount: int | None) -> str:
    """``107452054`` → ``107,452,054``; nothing for ``None``; a recorded fact's digits (``"107452054"``)
    too, and other text as it is."""
    # Digits and commas need no escaping: marked safe, a page of thousands of amounts (the dashboard's
    # tables) skips escaping each (issue 14). Other text goes out as it came, escaped as usual.
    if isinstance(amount, str):
        return SafeString(f"{int(amount):,}") if amount.isascii() and amount.isdigit() else amount
    if isinstance(amount, int | Decimal):
        return SafeString(f"{amount:,}")
    return "" if amount is None else f"{amount:,}"


@register.filter
def actor(name: str | None) -> str:
    """Who did it, as the trail names them: a user name, or the system (a worker, a migration), said in
    the reader's language (the trail itself keeps "system", which its hashes cover)."""
    return name if name and name != "system" else pgettext("actor", "system")


@register.filter
def share(value: Fraction) -> str:
    return "1" if value == 1 else f"{value.numerator}/{value.denominator}"


@register.filter
def percent(rate) -> str:
    """A yearly rate as a percentage: ``Fraction(1, 5)`` or ``Decimal('0.20')`` → ``20``."""
    value = Fraction(rate) * 100
    return str(value.numerator) if value.denominator == 1 else f"{float(value):g}"


@register.filter
def floordiv(numerator: int, denominator: int) -> int:
    return numerator // denominator


@register.filter
def at(mapping: dict, key: str):
    """``entered|at:fact``: a dictionary's value by a key the template holds in a variable ("" if none)."""
    return mapping.get(key, "") if mapping else ""


@register.filter
def label(value, kind: str) -> str:
    """``{{ claim.state|label:"state" }}``: a name of the rules in the reader's language (kinds:
    :data:`amends.core.labels.TABLES`)."""
    return labels.label(kind, value)


@register.filter
def say(text) -> str:
    """``{{ step.note|say }}``: a sentence of the rules (a step's note, a refusal) in the reader's
    language (:func:`amends.core.reasons.say`)."""
    return reasons.say(text)


@register.simple_tag
def foundation_contact() -> dict:
    """``{% foundation_contact as contact %}``: the foundation's ``phone``, ``email`` and ``address``
    (``AMENDS_CONTACT_*``; each empty when not set)."""
    return dict(settings.CONTACT)
