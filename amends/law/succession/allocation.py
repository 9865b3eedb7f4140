"""Dividing a whole amount of won among the holders of exact shares: ``floor`` (the remainder left
unallocated, as judgments do) or ``largest-remainder``."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from fractions import Fraction

from amends.law.messages import Message, gettext_noop
from amends.law.succession.errors import SuccessionInputError


class Allocation(StrEnum):
    FLOOR = "floor"
    LARGEST_REMAINDER = "largest-remainder"


def allocate(
    *, amount: int, shares: Mapping[str, Fraction], rule: Allocation = Allocation.FLOOR
) -> dict[str, int]:
    """Whole won for each holder of ``shares`` (taken in order: ties go to the one listed first).

    ``floor``: ``floor(amount × share)`` each, the remainder left unallocated, as judgments do.
    ``largest-remainder``: then the won left over, one each, to the largest fractional remainders.
    """
    if isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
        raise SuccessionInputError(
            "amount", Message(gettext_noop("must be a whole, non-negative number of won"))
        )
    amounts = {}
    remainders = []
    for position, (heir, share) in enumerate(shares.items()):
        whole, remainder = divmod(amount * share.numerator, share.denominator)
        amounts[heir] = whole
        if remainder:
            remainders.append((-Fraction(remainder, share.denominator), position, heir))
    if rule == Allocation.FLOOR:
        return amounts
    if rule != Allocation.LARGEST_REMAINDER:
        raise SuccessionInputError(
            "rounding", Message(gettext_noop("unknown rounding %(value)s"), value=repr(rule))
        )
    left = amount - sum(amounts.values())
    if not 0 <= left <= len(remainders):
        raise ValueError("largest-remainder allocation needs shares that sum to 1")
    remainders.sort()
    for _, _, heir in remainders[:left]:
        amounts[heir] += 1
    return amounts
