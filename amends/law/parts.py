"""An award divided into its creditors' parts, and a dead creditor's part among their heirs: each part
a debt of its own, so that every total is the sum of its parts.

A judgment states each creditor's award as ``floor(principal × share)``: the creditor's **principal**.
Money received on the whole award (not to one creditor) is divided among the creditors by the
**largest-remainder** rule (:func:`amends.law.succession.allocate`), so no won of it is lost.

When a creditor dies after the judgment, their claim, a divisible money claim, is divided among their
heirs by operation of law in proportion to the heirs' shares at the moment of death (가분채권의
당연분할; see docs/law.md). Each heir then holds a debt of their own: their part of the creditor's
principal and of every payment the creditor received, each divided by the **largest-remainder** rule
among the heirs (ties to the heir listed first), with the same accrual terms, plus whatever is paid to
the heir. Delay damages then run on each heir's part on its own. The creditor's figures are the sums
of their heirs' figures, and the award's the sums of its creditors': the parts always add up, to the
won. An heir who renounced holds a part of 0 (share 0).

Nothing here knows rows or users: parts come in as plain data, debts go out as the arguments of
:func:`amends.law.interest.delay_damages`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from amends.law.interest import Payment
from amends.law.succession.allocation import Allocation, allocate


@dataclass(frozen=True, slots=True)
class Part:
    """One creditor's part of an award: ``share`` of the whole award; ``parent`` the creditor whose
    heir this one is (None for a creditor the judgment names); ``received`` what was paid to them."""

    key: Hashable
    share: Fraction
    parent: Hashable | None = None
    received: tuple[Payment, ...] = ()


@dataclass(frozen=True, slots=True)
class Debt:
    """A part as a debt: its principal and every payment that counts against it, by date."""

    key: Hashable
    principal: int
    payments: tuple[Payment, ...] = field(default_factory=tuple)


def _divide(amount: int, weights: Mapping[Hashable, Fraction]) -> dict[Hashable, int]:
    """``amount`` divided by ``weights`` (summing to 1) by the largest-remainder rule; if they do not
    sum to 1 (data to be corrected, which ``amends check`` reports) each takes its floor."""
    total = sum(weights.values(), Fraction(0))
    if not weights or total == 0:
        return {}
    rule = Allocation.LARGEST_REMAINDER if total == 1 else Allocation.FLOOR
    return allocate(amount=amount, shares=dict(weights), rule=rule)


def debts(*, principal: int, parts: Sequence[Part], on_award: Iterable[Payment] = ()) -> dict[Hashable, Debt]:
    """The debt of every part that holds its own (a creditor with no heirs recorded, or an heir),
    keyed as ``parts``. Parts whose heirs are among ``parts`` hold nothing themselves: their debt is
    divided among the heirs (see the module's text)."""
    children: dict[Hashable, list[Part]] = defaultdict(list)
    for part in parts:
        if part.parent is not None:
            children[part.parent].append(part)
    named = [part for part in parts if part.parent is None]
    result: dict[Hashable, Debt] = {}

    def descend(part: Part, own_principal: int, inherited: list[Payment]) -> None:
        payments = [*inherited, *part.received]
        heirs = children.get(part.key)
        if not heirs:
            payments.sort(key=lambda payment: payment.on)
            result[part.key] = Debt(part.key, own_principal, tuple(payments))
            return
        weights = {heir.key: heir.share / part.share for heir in heirs if heir.share > 0}
        principals = _divide(own_principal, weights)
        passed: dict[Hashable, list[Payment]] = defaultdict(list)
        for payment in payments:
            for key, amount in _divide(payment.amount, weights).items():
                if amount:
                    passed[key].append(Payment(payment.on, amount))
        for heir in heirs:
            descend(heir, principals.get(heir.key, 0), passed[heir.key])

    shares = {part.key: part.share for part in named}
    from_award: dict[Hashable, list[Payment]] = defaultdict(list)
    for payment in on_award:
        for key, amount in _divide(payment.amount, shares).items():
            if amount:
                from_award[key].append(Payment(payment.on, amount))
    for part in named:
        descend(part, principal * part.share.numerator // part.share.denominator, from_award[part.key])
    return result


def ancestors(parts: Sequence[Part]) -> dict[Hashable, list[Hashable]]:
    """For each part, the parts whose figures include it: itself, its parent, its parent's parent …"""
    parent = {part.key: part.parent for part in parts}
    result = {}
    for part in parts:
        chain, key = [], part.key
        while key is not None and key not in chain:
            chain.append(key)
            key = parent.get(key)
        result[part.key] = chain
    return result
