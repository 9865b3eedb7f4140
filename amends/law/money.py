"""Money: whole won as ``int``, exact intermediate values as ``Fraction``, and the named rounding rules.

An amount is computed exactly and rounded once, by a named rule, at the point where it becomes fixed
(a payment, an evaluation date). Korean judgments drop fractions of a won (원 미만 버림), so ``floor``
is the default; the press usually reports figures rounded half-up.
"""

from __future__ import annotations

from enum import StrEnum
from fractions import Fraction


class Rounding(StrEnum):
    FLOOR = "floor"
    HALF_UP = "half-up"


def round_won(amount: Fraction | int, rule: Rounding = Rounding.FLOOR) -> int:
    """Round a non-negative exact amount to whole won by ``rule``."""
    if amount < 0:
        raise ValueError("round_won takes non-negative amounts only")
    return round_ratio(amount.numerator, amount.denominator, rule)


def round_ratio(numerator: int, denominator: int, rule: Rounding = Rounding.FLOOR) -> int:
    """Round ``numerator / denominator`` (both non-negative, denominator positive) to an integer.

    The hot path of the interest engine calls this with plain integers to avoid building a
    ``Fraction`` for every rounding point.
    """
    if rule == Rounding.FLOOR:
        return numerator // denominator
    return (2 * numerator + denominator) // (2 * denominator)


def format_won(amount: int) -> str:
    """``107452054`` → ``"107,452,054"``."""
    return f"{amount:,}"
