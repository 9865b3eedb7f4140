"""What every era's rules share: the eras and the dates they begin, co-heirs' weighted groups and
their flattening into one distribution, and the base of the resolver (the review flags, renunciation,
heirs not yet born at a death, the household-head heir's line).

:mod:`~amends.law.succession.civil_code` and :mod:`~amends.law.succession.customary` build on
:class:`_Heirs`; :mod:`~amends.law.succession.estate` joins them into the resolver.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from math import lcm

from amends.law.messages import Message, gettext_noop
from amends.law.succession.errors import SuccessionInputError
from amends.law.succession.family import _NONE, _Family


class Era(StrEnum):
    CUSTOM = "custom"
    Y1960 = "1960"
    Y1979 = "1979"
    Y1991 = "1991"


_CUSTOM_ENDS = date(1960, 1, 1)
_ERA_1979 = date(1979, 1, 1)
_ERA_1991 = date(1991, 1, 1)
# A child born this many days after a death is taken to have been conceived before it (태아, Art.
# 1000(3)); the figure is the presumption of paternity after a marriage ends (Art. 844(2)). Flagged.
_IN_UTERO = 300

_DESCENDANT = ("", "child", "grandchild", "great-grandchild", "great-great-grandchild")


def era_of(died: date) -> Era:
    """The era whose succession law governs a death on ``died``."""
    return _era(died)


def _era(died: date) -> Era:
    if died >= _ERA_1991:
        return Era.Y1991
    if died >= _ERA_1979:
        return Era.Y1979
    if died >= _CUSTOM_ENDS:
        return Era.Y1960
    return Era.CUSTOM


def _descendant(depth: int) -> str:
    return _DESCENDANT[depth] if depth < len(_DESCENDANT) else f"descendant, {depth} generations down"


# A group of co-heirs sharing one portion: (weight, denominator, [(person, numerator, label)]), the
# members' numerators summing to the denominator. A living heir is a group of one.
_Group = tuple[int, int, list[tuple[str, int, str]]]
_Distribution = tuple[int, list[tuple[str, int, str]]]


def _flatten(groups: list[_Group]) -> _Distribution:
    """One distribution over a common denominator from weighted groups."""
    total = 0
    common = 1
    for weight, denominator, _ in groups:
        total += weight
        if denominator != 1:
            common = lcm(common, denominator)
    items = []
    for weight, denominator, members in groups:
        scale = weight * (common // denominator)
        for person, numerator, label in members:
            items.append((person, numerator * scale, label))
    return total * common, items


class _Heirs:
    """The successions of one family: the state and the steps every era's rules share.

    The era rules are mixins over this class (:class:`~amends.law.succession.civil_code._CivilCode`,
    :class:`~amends.law.succession.customary._CustomaryLaw`), adding methods and no state.
    """

    __slots__ = ("children", "died", "excluded", "exclusions", "family", "memo", "person", "review")

    def __init__(self, family: _Family):
        self.family = family
        self.person = family.person
        self.died = family.died
        self.children = family.children
        self.memo: dict[str, _Distribution] = {}
        self.review: dict[str, None] = {}
        self.excluded: dict[str, list[str]] = {}  # renouncer -> the estates they were excluded from
        self.exclusions = 0

    def flag(self, text: str) -> None:
        self.review[text] = None

    def _when(self, person: str) -> Message:
        return Message(
            gettext_noop("%(person)s died %(date)s"), person=person, date=self.died[person].isoformat()
        )

    # -- who is there at a death -------------------------------------------------------------------

    def _renounces(self, person: str, decedent: str) -> bool:
        if person not in self.family.renounced:
            return False
        estates = self.excluded.setdefault(person, [])
        if decedent not in estates:
            estates.append(decedent)
            self.exclusions += 1
        return True

    def _unborn(self, person: str, died: date, decedent: str) -> bool:
        """Not yet born at the death: not an heir, unless taken as conceived before it (flagged)."""
        born = self.person[person].born
        if born is None or born <= died:
            return False
        days = (born - died).days
        if days <= _IN_UTERO:
            self.flag(
                Message(
                    gettext_noop(
                        "%(person)s was born %(days)s days after %(when)s and is treated as conceived "
                        "before the death (태아, Art. 1000(3)): confirm"
                    ),
                    person=person,
                    days=days,
                    when=self._when(decedent),
                )
            )
            return False
        return True

    def _head_line(self, decedent: str, died: date) -> set[str]:
        """The household-head heir and the predeceased ancestors through whom they represent."""
        person, children, renounced = self.person, self.children, self.family.renounced
        level = children.get(decedent, _NONE)
        up: dict[str, str] = {}
        while level:
            found = [
                p
                for p in level
                if person[p].household_head_heir and self.died[p] > died and p not in renounced
            ]
            if len(found) > 1:
                order = list(self.person)
                found.sort(key=order.index)
                raise SuccessionInputError(
                    f"people[{order.index(found[-1])}].household_head_heir",
                    Message(
                        gettext_noop(
                            "%(heirs)s are all marked as succeeding %(decedent)s as household head; "
                            "only one can"
                        ),
                        heirs=tuple(found),
                        decedent=decedent,
                    ),
                )
            if found:
                heir = found[0]
                line = {heir}
                ancestor = up.get(heir)
                while ancestor is not None:
                    line.add(ancestor)
                    ancestor = up.get(ancestor)
                if len(line) > 1:
                    self.flag(
                        Message(
                            gettext_noop(
                                "%(heir)s succeeded %(decedent)s as household head by representation "
                                "(%(when)s): the 1.5 weight was applied along the line %(line)s: review"
                            ),
                            heir=heir,
                            decedent=decedent,
                            when=self._when(decedent),
                            line=tuple(sorted(line)),
                        )
                    )
                return line
            following = []
            for p in level:
                if self.died[p] <= died:
                    for child in children.get(p, _NONE):
                        up[child] = p
                        following.append(child)
            level = following
        return set()
