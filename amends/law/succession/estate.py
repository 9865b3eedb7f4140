"""Who holds an estate in the end: :func:`succession` sends each death to the law of its era and
follows every heir who died later into their own estate (재상속), summing each final holder's exact
share; :class:`Succession` is its result."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from fractions import Fraction

from amends.law.messages import Message, gettext_noop
from amends.law.succession.civil_code import _CivilCode
from amends.law.succession.customary import _CustomaryLaw
from amends.law.succession.family import _ALIVE, Marriage, Person, _decedent, _Family
from amends.law.succession.heirs import _CUSTOM_ENDS, _ERA_1979, _ERA_1991, Era, _Distribution, _era


# The result is built once per family in bulk runs: slotted and not frozen (see interest.DelayDamages).
# Paths are kept as raw routes and written out only when asked for.
@dataclass(slots=True)
class Succession:
    """Final holders' shares (in the order of the input ``people``), review flags and raw routes."""

    decedent: str
    era: Era
    shares: dict[str, Fraction]
    review: tuple[str, ...]
    # heir id -> routes; a route is a tuple of (person id, label, numerator, denominator) steps, each the
    # fraction of the previous holder's estate.
    routes: dict[str, list[tuple[tuple[str, str, int, int], ...]]]

    @property
    def paths(self) -> dict[str, list[str]]:
        """How each holder takes, e.g. ``V → W (spouse, 3/7) → C1 (child, 1/2 of W's share)``."""
        paths = {}
        for heir in self.shares:
            written = []
            for route in self.routes[heir]:
                parts = [self.decedent]
                previous = None
                for person, label, numerator, denominator in route:
                    share = Fraction(numerator, denominator)
                    if previous is None:
                        parts.append(f"{person} ({label}, {share})")
                    else:
                        parts.append(f"{person} ({label}, {share} of {previous}'s share)")
                    previous = person
                written.append(" → ".join(parts))
            paths[heir] = written
        return paths


class _Resolver(_CivilCode, _CustomaryLaw):
    """The successions of one family, each computed once; collects the review flags."""

    __slots__ = ()

    def distribution(self, decedent: str) -> _Distribution:
        cached = self.memo.get(decedent)
        if cached is not None:
            return cached
        died = self.died[decedent]
        if died >= _ERA_1991:
            result = self._civil(decedent, died, Era.Y1991)
        elif died < _CUSTOM_ENDS:
            result = self._custom(decedent, died)
        else:
            result = self._civil(decedent, died, Era.Y1979 if died >= _ERA_1979 else Era.Y1960)
        self.memo[decedent] = result
        return result


def succession(
    *,
    decedent: str,
    people: Sequence[Person],
    marriages: Sequence[Marriage] = (),
    renounced: Collection[str] = (),
    check: bool = True,
) -> Succession:
    """The final holders of ``decedent``'s estate, with exact shares, paths and review flags.

    ``check=False`` skips the validation of people, parents and marriages for callers that validated
    already (bulk runs).
    """
    family = _Family(people, marriages, renounced, check)
    _decedent(family, decedent)
    resolver = _Resolver(family)
    memo = resolver.memo
    died = family.died
    # heir -> [numerator, denominator, routes]: the share accumulated over every route to the heir.
    held: dict[str, list] = {}

    # Depth-first over the successions: a holder who died after the estate they took from passes
    # their portion on (재상속). Each step moves to a strictly later death, so this terminates.
    stack: list[tuple[str, int, int, tuple[tuple[str, str, int, int], ...]]] = [(decedent, 1, 1, ())]
    while stack:
        estate, numerator, denominator, route = stack.pop()
        total, items = memo.get(estate) or resolver.distribution(estate)
        scaled = denominator * total
        for heir, part, label in items:
            step = (*route, (heir, label, part, total))
            if died[heir] is not _ALIVE:
                stack.append((heir, numerator * part, scaled, step))
                continue
            entry = held.get(heir)
            if entry is None:
                held[heir] = [numerator * part, scaled, [step]]
                continue
            if entry[1] == scaled:
                entry[0] += numerator * part
            else:
                entry[0] = entry[0] * scaled + numerator * part * entry[1]
                entry[1] *= scaled
            entry[2].append(step)

    for renouncer, estates in resolver.excluded.items():
        if len(estates) > 1:
            resolver.flag(
                Message(
                    gettext_noop(
                        "%(renouncer)s is listed as renouncing and was excluded from each of these estates: "
                        "%(estates)s; confirm a renunciation of each"
                    ),
                    renouncer=renouncer,
                    estates=tuple(sorted(estates, key=lambda e: (died[e], e))),
                )
            )
    shares = {}
    routes = {}
    for heir in family.person if len(held) > 1 else held:
        entry = held.get(heir)
        if entry is not None:
            shares[heir] = Fraction(entry[0], entry[1])
            routes[heir] = entry[2]
    return Succession(decedent, _era(died[decedent]), shares, tuple(resolver.review), routes)
