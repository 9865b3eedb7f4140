"""The JSON form of a delay-damages calculation, as ``amends calc interest`` and the API take it.

Parsing is strict: a missing or unknown field, a rate that is not a decimal number, a date that is
not ``YYYY-MM-DD``, an amount that is not a whole number of won: each raises
:class:`~amends.law.interest.InterestInputError` naming the field, before anything is computed.
JSON numbers must be parsed with ``parse_float=decimal.Decimal`` (as :func:`loads` does) so that a
rate written as a number is taken exactly as written, never through a binary float.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from functools import partial
from typing import Any

from amends.law.interest import (
    Accrual,
    DelayDamages,
    InterestInputError,
    Method,
    Payment,
    delay_damages,
)
from amends.law.json_fields import json_date, json_object, too_large, too_large_message
from amends.law.json_fields import loads as json_loads
from amends.law.messages import Message, gettext_noop
from amends.law.money import Rounding, round_ratio

_DECIMAL = re.compile(r"^\d+(\.\d+)?$")
_FIELDS = {"principal", "accruals", "until", "method", "rounding", "payments"}


_object = partial(json_object, error=InterestInputError)
_date = partial(json_date, error=InterestInputError)


def loads(text: str) -> Any:
    return json_loads(text, error=InterestInputError, parse_float=Decimal)


def _won(value: Any, field: str) -> int:
    if too_large(value):
        raise InterestInputError(field, too_large_message())
    if isinstance(value, bool) or not isinstance(value, int):
        raise InterestInputError(field, Message(gettext_noop("must be a whole number of won")))
    if value < 0:
        raise InterestInputError(field, Message(gettext_noop("must not be negative")))
    return value


def _rate(value: Any, field: str) -> Fraction:
    text = str(value) if isinstance(value, (str, Decimal, int)) and not isinstance(value, bool) else None
    if text is None or not _DECIMAL.match(text):
        raise InterestInputError(
            field,
            Message(
                gettext_noop('must be a decimal number such as "0.20", not %(value)s'),
                value=json.dumps(value, default=str),
            ),
        )
    try:
        return Fraction(Decimal(text))
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid decimals
        raise InterestInputError(field, Message(gettext_noop("must be a decimal number"))) from None


def _choice(value: Any, field: str, enum: type[Method] | type[Rounding]) -> Any:
    try:
        return enum(value)
    except ValueError:
        options = " or ".join(member.value for member in enum)
        raise InterestInputError(
            field,
            Message(
                gettext_noop("unknown %(field)s %(value)s (expected %(options)s)"),
                field=field,
                value=json.dumps(value, default=str),
                options=options,
            ),
        ) from None


def parse(data: Any) -> dict[str, Any]:
    """The keyword arguments of :func:`~amends.law.interest.delay_damages` for a JSON document."""
    data = _object(data, "input", {"principal", "accruals", "until", "method", "rounding"}, _FIELDS)
    principal = _won(data["principal"], "principal")
    if not isinstance(data["accruals"], list) or not data["accruals"]:
        raise InterestInputError(
            "accruals", Message(gettext_noop('must be a non-empty list of {"from", "rate"} terms'))
        )
    accruals = []
    for index, item in enumerate(data["accruals"]):
        field = f"accruals[{index}]"
        item = _object(item, field, {"from", "rate"}, {"from", "rate"})
        accruals.append(Accrual(_date(item["from"], f"{field}.from"), _rate(item["rate"], f"{field}.rate")))
    payments = []
    raw_payments = data.get("payments", [])
    if not isinstance(raw_payments, list):
        raise InterestInputError(
            "payments", Message(gettext_noop('must be a list of {"date", "amount"} payments'))
        )
    for index, item in enumerate(raw_payments):
        field = f"payments[{index}]"
        item = _object(item, field, {"date", "amount"}, {"date", "amount"})
        payments.append(
            Payment(_date(item["date"], f"{field}.date"), _won(item["amount"], f"{field}.amount"))
        )
    return {
        "principal": principal,
        "accruals": accruals,
        "until": _date(data["until"], "until"),
        "method": _choice(data["method"], "method", Method),
        "rounding": _choice(data["rounding"], "rounding", Rounding),
        "payments": payments,
    }


def rate_text(rate: Fraction) -> str:
    """A rate as a decimal with at least two places, as judgments write it: 1/5 → "0.20"."""
    value = Decimal(rate.numerator) / Decimal(rate.denominator)
    text = format(value.normalize(), "f")
    whole, _, places = text.partition(".")
    return f"{whole}.{places.ljust(2, '0')}"


def dump(result: DelayDamages, rounding: Rounding) -> dict[str, Any]:
    """The JSON document for a result: integers in won, dates ISO, rates as decimal strings."""
    return {
        "principal": result.principal,
        "interest": result.interest,
        "total": result.total,
        "paid": result.paid,
        "outstanding": result.outstanding,
        "overpaid": result.overpaid,
        "lines": [
            {
                "from": line.start.isoformat(),
                "to": line.end.isoformat(),
                "rate": rate_text(line.rate),
                "base": line.base,
                "years": line.years,
                "days": line.days,
                "year_length": line.year_length,
                "interest": round_ratio(line.interest_numerator, line.interest_denominator, rounding),
            }
            for line in result.lines
        ],
        "payments": [
            {
                "date": payment.on.isoformat(),
                "amount": payment.amount,
                "to_interest": payment.to_interest,
                "to_principal": payment.to_principal,
                "overpaid": payment.overpaid,
            }
            for payment in result.payments
        ],
    }


def calculate(text: str) -> dict[str, Any]:
    """JSON text in, JSON-ready result out; raises :class:`InterestInputError` on bad input."""
    arguments = parse(loads(text))
    return dump(delay_damages(**arguments), arguments["rounding"])
