"""Money: whole won as ``int``, exact intermediate values as ``Fraction``, and the named rounding rules.

An amount is computed exactly and rounded once, by a named rule, at the point where it becomes fixed
(a payment, an evaluation date). Korean judgments drop fractions of a won (원 미만 버림), so ``floor``
is the default; the press usually reports figures rounded half-up.
"""

from __future__ import annotations

from enum import StrEnum


class Rounding(StrEnum):
    FLOOR = "floor"
    HALF_UP = "half-up"


def round_ratio(numerator: int, denominator: int, rule: Rounding = Rounding.FLOOR) -> int:
    """Round ``numerator / denominator`` (both non-negative, denominator positive) to an integer.

    The hot path of the interest engine calls this with plain integers to avoid building a
    ``Fraction`` for every rounding point.
    """
    if rule == Rounding.FLOOR:
        return numerator // denominator
    return (2 * numerator + denominator) // (2 * denominator)
