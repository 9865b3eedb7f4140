"""Who inherits (상속) and in what shares, by the law in force at each death, as LAW.md §3 states it.

An award owed to a victim who has died passes to the victim's heirs (상속인); an heir who has died since
passes their portion on to their own heirs, and so on. :func:`succession` takes a family (people with
sex, dates of birth and death and parents; marriages with their dates; who renounced) and returns each
final holder's exact share as a ``Fraction``, the path by which they take, and the points a lawyer
must review.

**The law of the date of death** (Civil Act as enacted 1958 in force 1960-01-01, amended 1977 in force
1979-01-01, amended 1990 in force 1991-01-01; before 1960 the customary law, 관습법) governs each
succession, the decedent's and, for successive inheritance (재상속), each later one under its own
date. :func:`era_of` names the era.

**Order** (Art. 1000): descendants (직계비속), then ascendants (직계존속), then siblings (형제자매),
then collateral relatives (방계혈족). Within an order the nearer degree excludes the farther. The
spouse inherits with the descendants, else with the ascendants, else alone (Art. 1003).

**Weights**, relative to an ordinary son's 1 (Art. 1009 of each era). Inside the engine they are
whole numbers of eighths, so that a share is an exact ratio of integers without ``Fraction``
arithmetic in the inner loop:

============  ======================================================================================
era           weights
============  ======================================================================================
custom        household head's estate: the household-head heir (호주상속인) takes it and owes about
              half to the younger sons (approximated, see below); a non-head's estate: the children
              in the household register equally, married-out daughters nothing
1960          son 1; the heir who also succeeds as household head ×1.5; a woman in the register ½;
              a woman not in it (출가녀) ¼; wife ½ with descendants, 1 with ascendants
1979          sons and daughters in the register 1; household-head heir ×1.5; a woman not in the
              register ¼; wife 1.5; husband 1 (unsettled, flagged)
1991          every child, ascendant and sibling 1; spouse 1.5
============  ======================================================================================

The 1960 and 1979 weights of Art. 1009 are written for every co-heir, not only children ("여자의
상속분", "동일가적내에 없는 여자"); LAW.md tabulates them for children. The engine applies them to
sisters and mothers too and flags every pre-1991 result that goes to ascendants or siblings.

**Representation** (대습상속, Arts. 1001, 1003(2), 1010): a descendant or sibling who would have
inherited but died before the decedent, or on the same day (treated as simultaneous death, Art. 30,
which also means they do not inherit from each other), is replaced by their own descendants and their
spouse, who share that person's portion by the same weights, branch by branch. Before 1991 only a
widow (처) represents; from 1991 any spouse. A spouse who remarried before the decedent died no longer
represents (the in-law tie ends on remarriage, Art. 775(2)).

**Renunciation** (상속포기, Arts. 1041-1043): a renouncing heir is treated as never having been an
heir, and their descendants do not represent them. When every child renounces, the spouse inherits
alone (Supreme Court en banc 2020그42, 2023-03-23, overruling 2013다48852); when there is no spouse
(or the spouse renounced too), the next descendants inherit in their own right (95다27769). The
``renounced`` list names people, not estates: a renouncer is excluded from every succession in the
computation that they survived to inherit from, and the result is flagged when that is more than one.

**Successive inheritance** (재상속): an heir who died after the decedent passes their portion to their
own heirs under the law at their own death, recursively.

**The customary law** (before 1960, Supreme Court 94다36599) is approximated, and every result that
rests on it is flagged for legal review: the household-head heir keeps 1/2 of a household head's
estate and the younger sons (the decedent's other sons; a predeceased son's descendants by branch)
share the other 1/2 equally, or the heir keeps all if there are none; wives and daughters take
nothing. A non-head's estate goes in equal parts to the children not marked ``married_out`` (a
predeceased child's descendants in the register by branch); the spouse takes nothing.

**Flagged for review, computed as stated**: a husband's share before 1991 (LAW.md: weight 1,
unsettled; the old Art. 1002 may have made him sole heir without descendants); pre-1991 weights of
ascendants and siblings; a predeceased brother's widow representing before 1991 (the 1960-1990 text of
Art. 1003(2) refers to every heir of Art. 1001; LAW.md names a son's widow); the household-head heir
taking by representation (the 1.5 weight is given along the represented line); a household head
with no heir marked as succeeding him (no 1.5 given); the spouse taking alone because every
ascendant renounced (2020그42 extended by Art. 1043); collateral relatives (only as complete as the
family given); a child born within 300 days after a death, taken as conceived before it (태아,
Art. 1000(3)); half-siblings through the mother before 1991 (96다5421); a renouncer excluded from
more than one estate. Flagged and **not modelled**: stepchildren and a husband's children by another
woman, who were a woman's legal kin from 1960 to 1990 (계모자, 적모서자).

What the engine refuses rather than guesses (:class:`SuccessionUnsupported`, "needs legal review"):
collateral relatives beyond siblings before 1991 (within the 8th degree, with sex and register
weights), the customary law beyond the children and the household-head heir, and any estate for
which the people given include no heir at all (it would pass to a person with a special relation,
특별연고자, or to the state, Arts. 1057-2, 1058).

Shares are exact fractions summing to 1; :func:`allocate` turns them into won by ``floor`` (each heir
``floor(amount × share)``, the remainder left unallocated, as judgments do) or ``largest-remainder``.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from fractions import Fraction
from math import lcm


class Era(StrEnum):
    CUSTOM = "custom"
    Y1960 = "1960"
    Y1979 = "1979"
    Y1991 = "1991"


class Sex(StrEnum):
    MALE = "M"
    FEMALE = "F"


class Allocation(StrEnum):
    FLOOR = "floor"
    LARGEST_REMAINDER = "largest-remainder"


class SuccessionInputError(ValueError):
    """Input the engine cannot compute from; ``field`` names the offending field or row."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class SuccessionUnsupported(SuccessionInputError):
    """A family the engine will not guess about: the rule is not implemented and needs legal review."""


@dataclass(frozen=True, slots=True)
class Person:
    """Someone in the family. ``died`` ``None`` means alive.

    ``married_out``: a daughter who was not in the household register (호적) of the person she inherits
    from at that death (matters before 1991). ``household_head``: this person headed a household
    (호주) when they died. ``household_head_heir``: this person succeeded their deceased parent (or, by
    representation, grandparent) as household head (matters before 1991).
    """

    id: str
    sex: Sex
    born: date | None = None
    died: date | None = None
    parents: tuple[str, ...] = ()
    household_head: bool = False
    household_head_heir: bool = False
    married_out: bool = False


@dataclass(frozen=True, slots=True)
class Marriage:
    """A marriage from ``start`` until ``until`` (divorce; the first day no longer married) or a death."""

    spouses: tuple[str, str]
    start: date
    until: date | None = None


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


_CUSTOM_ENDS = date(1960, 1, 1)
_ERA_1979 = date(1979, 1, 1)
_ERA_1991 = date(1991, 1, 1)
# Dates stay dates (comparing them is as cheap as comparing ordinals, and converting is not free); the
# living "die" on date.max.
_ALIVE = date.max
# A child born this many days after a death is taken to have been conceived before it (태아, Art.
# 1000(3)); the figure is the presumption of paternity after a marriage ends (Art. 844(2)). Flagged.
_IN_UTERO = 300
_NONE: tuple = ()
_SEXES = frozenset(("M", "F"))

# Weights in eighths of a son's share.
_SON = 8
_WIFE_1960_WITH_DESCENDANTS = 4
_WIFE_1960_WITH_ASCENDANTS = 8
_SPOUSE = 12  # 1.5: the wife from 1979, every spouse from 1991
_HUSBAND_BEFORE_1991 = 8
_WOMAN_1960 = 4
_WOMAN_OUTSIDE_REGISTER = 2

_DESCENDANT = ("", "child", "grandchild", "great-grandchild", "great-great-grandchild")
_ASCENDANT = ("", "parent", "grandparent", "great-grandparent", "great-great-grandparent")
_SIBLING_LINE = ("sibling", "sibling's child", "sibling's grandchild", "sibling's great-grandchild")


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


def _ascendant(depth: int) -> str:
    return _ASCENDANT[depth] if depth < len(_ASCENDANT) else f"ascendant, {depth} generations up"


def _line(sibling_line: bool, depth: int) -> str:
    if not sibling_line:
        return _descendant(depth)
    if depth < len(_SIBLING_LINE):
        return _SIBLING_LINE[depth]
    return f"sibling's descendant, {depth} generations down"


class _Family:
    """The input, indexed by id, validated when ``check``.

    Built once per family, so it does as little per person as it can: people are reached through
    their own ids (``parents`` already name them), flags read rarely (sex, household register) are read
    from the ``Person`` when needed, and only parents get a list of children.
    """

    __slots__ = ("children", "died", "marriages", "person", "remarried", "renounced", "renounced_at")

    def __init__(
        self,
        people: Sequence[Person],
        marriages: Sequence[Marriage],
        renounced: Collection[str],
        check: bool,
    ):
        self.person = person = {someone.id: someone for someone in people}
        if check and len(person) != len(people):
            _check_ids([someone.id for someone in people])
        self.died = {p.id: p.died or _ALIVE for p in people}
        self.children = children = {}
        for child in people:
            for parent in child.parents:
                known = children.get(parent)
                if known is None:
                    children[parent] = [child.id]
                else:
                    known.append(child.id)
        if check:
            self._check_people()

        # Per person: (first day, first day no longer married, the other spouse, input row), by date.
        self.marriages = own = {}
        self.remarried: dict[str, None] = {}  # people with more than one marriage
        for number, marriage in enumerate(marriages):
            first, second = marriage.spouses
            if first not in person or second not in person:
                unknown = first if first not in person else second
                raise SuccessionInputError(f"marriages[{number}].spouses", f"unknown id {unknown!r}")
            start = marriage.start
            until = marriage.until or _ALIVE
            known = own.get(first)
            if known is None:
                own[first] = [(start, until, second, number)]
            else:
                known.append((start, until, second, number))
                known.sort()
                self.remarried[first] = None
            known = own.get(second)
            if known is None:
                own[second] = [(start, until, first, number)]
            else:
                known.append((start, until, first, number))
                known.sort()
                self.remarried[second] = None
        if check:
            self._check_marriages(marriages)

        self.renounced = flags = set()
        self.renounced_at: dict[str, int] = {}
        for number, identifier in enumerate(renounced):
            if identifier not in person:
                raise SuccessionInputError(f"renounced[{number}]", f"unknown id {identifier!r}")
            if check and identifier in flags:
                raise SuccessionInputError(f"renounced[{number}]", f"{identifier!r} is listed twice")
            flags.add(identifier)
            self.renounced_at[identifier] = number

    def row(self, identifier: str) -> str:
        """``people[i]`` for an error message."""
        return f"people[{list(self.person).index(identifier)}]"

    # The checks run for every family in bulk runs: error messages (f-strings) are built only on error.

    def _check_people(self) -> None:
        person = self.person
        undated_links = False
        for position, someone in enumerate(person.values()):
            identifier = someone.id
            if not isinstance(identifier, str) or not identifier:
                raise SuccessionInputError(f"people[{position}].id", "must be a non-empty string")
            sex = someone.sex
            if sex not in _SEXES:
                raise SuccessionInputError(f"people[{position}].sex", 'must be "M" or "F"')
            birth = someone.born
            if birth is not None and someone.died is not None and someone.died < birth:
                raise SuccessionInputError(f"people[{position}].died", "is before the date of birth")
            if someone.married_out and sex == "M":
                raise SuccessionInputError(
                    f"people[{position}].married_out", "only a daughter can be married out of a register"
                )
            links = someone.parents
            if not links:
                continue
            if len(links) > 2:
                raise SuccessionInputError(f"people[{position}].parents", "a person has at most two parents")
            for link in links:
                parent = person.get(link)
                if parent is None:
                    raise SuccessionInputError(f"people[{position}].parents", f"unknown id {link!r}")
                if parent is someone:
                    raise SuccessionInputError(
                        f"people[{position}].parents", "a person cannot be their own parent"
                    )
                if birth is None or parent.born is None:
                    undated_links = True
                elif parent.born >= birth:
                    raise SuccessionInputError(
                        f"people[{position}].born", f"is not after the birth of their parent {link!r}"
                    )
                if (
                    birth is not None
                    and parent.died is not None
                    and parent.died < birth
                    and parent.sex == "F"
                ):
                    raise SuccessionInputError(
                        f"people[{position}].born", f"is after the death of their mother {link!r}"
                    )
            if len(links) == 2:
                first, second = links
                if first == second:
                    raise SuccessionInputError(
                        f"people[{position}].parents", "the same parent is listed twice"
                    )
                if person[first].sex == person[second].sex:
                    kind = "fathers" if person[first].sex == "M" else "mothers"
                    raise SuccessionInputError(
                        f"people[{position}].parents", f"two {kind}: a child has one father and one mother"
                    )
        # Births strictly increase from parent to child along every dated link, so a cycle of parents
        # needs a link with a date missing.
        if undated_links:
            self._check_acyclic()

    def _check_acyclic(self) -> None:
        # Kahn's algorithm: whatever is left once every person without unremoved parents is removed
        # lies on (or below) a cycle of parents.
        waiting = {identifier: len(someone.parents) for identifier, someone in self.person.items()}
        ready = [identifier for identifier, count in waiting.items() if count == 0]
        removed = 0
        while ready:
            identifier = ready.pop()
            removed += 1
            for child in self.children.get(identifier, _NONE):
                waiting[child] -= 1
                if waiting[child] == 0:
                    ready.append(child)
        if removed == len(waiting):
            return
        # Name the cycle itself: walk up through unremoved parents until someone repeats.
        identifier = next(i for i, count in waiting.items() if count > 0)
        visited: list[str] = []
        while identifier not in visited:
            visited.append(identifier)
            identifier = next(p for p in self.person[identifier].parents if waiting[p] > 0)
        cycle = visited[visited.index(identifier) :]
        names = " → ".join([*cycle, cycle[0]])
        raise SuccessionInputError(f"{self.row(identifier)}.parents", f"a cycle of parents ({names})")

    def _check_marriages(self, marriages: Sequence[Marriage]) -> None:
        person, died = self.person, self.died
        for number, marriage in enumerate(marriages):
            first, second = marriage.spouses
            if first == second:
                raise SuccessionInputError(f"marriages[{number}].spouses", "a person cannot marry themselves")
            if person[first].sex == person[second].sex:
                raise SuccessionInputError(
                    f"marriages[{number}].spouses",
                    "must be a man and a woman (the Civil Act recognises no other marriage)",
                )
            start = marriage.start
            if start > died[first] or start > died[second]:
                spouse = first if start > died[first] else second
                raise SuccessionInputError(f"marriages[{number}].from", f"is after {spouse!r} died")
            one, other = person[first].born, person[second].born
            if (one is not None and start < one) or (other is not None and start < other):
                spouse = first if one is not None and start < one else second
                raise SuccessionInputError(f"marriages[{number}].from", f"is before {spouse!r} was born")
            if marriage.until is not None and marriage.until <= start:
                raise SuccessionInputError(f"marriages[{number}].until", "must be after from")
        for spouse in self.remarried:
            items = self.marriages[spouse]
            previous_end = None
            previous = None
            for start, until, other, number in items:
                if previous_end is not None and start < previous_end:
                    raise SuccessionInputError(
                        f"marriages[{number}]",
                        f"{spouse!r} would have two spouses at the same time ({previous!r} and {other!r})",
                    )
                end = min(until, died[spouse], died[other])
                if previous_end is None or end > previous_end:
                    previous_end, previous = end, other


def _check_ids(ids: list[str]) -> None:
    first: dict[str, int] = {}
    for position, identifier in enumerate(ids):
        if identifier in first:
            raise SuccessionInputError(
                f"people[{position}].id", f"duplicate id {identifier!r} (also people[{first[identifier]}])"
            )
        first[identifier] = position


def validate(
    *,
    decedent: str,
    people: Sequence[Person],
    marriages: Sequence[Marriage] = (),
    renounced: Collection[str] = (),
) -> None:
    """Raise :class:`SuccessionInputError` naming the first field the engine cannot compute from."""
    family = _Family(people, marriages, renounced, check=True)
    _decedent(family, decedent)


def _decedent(family: _Family, decedent: str) -> None:
    if not decedent:
        raise SuccessionInputError("decedent", "is required")
    if decedent not in family.person:
        raise SuccessionInputError("decedent", f"unknown id {decedent!r}")
    if family.died[decedent] is _ALIVE:
        raise SuccessionInputError(
            "decedent", f"{decedent!r} has no date of death: the decedent must have died"
        )
    if decedent in family.renounced:
        raise SuccessionInputError(
            f"renounced[{family.renounced_at[decedent]}]",
            f"the decedent {decedent!r} cannot renounce their own estate",
        )


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


class _Resolver:
    """The successions of one family, each computed once; collects the review flags."""

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

    def _when(self, person: str) -> str:
        return f"{person} died {self.died[person].isoformat()}"

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
                f"{person} was born {days} days after {self._when(decedent)} and is treated as conceived "
                "before the death (태아, Art. 1000(3)): confirm"
            )
            return False
        return True

    def _spouse(self, decedent: str, died: date) -> str | None:
        """The spouse at the death, alive after it and not renouncing."""
        for start, until, other, _ in self.family.marriages.get(decedent, _NONE):
            # A marriage ended by the other spouse's death (or a simultaneous one) leaves no spouse to
            # inherit; a later marriage may.
            if start <= died < until and self.died[other] > died:
                return None if self._renounces(other, decedent) else other
        return None

    def _representing_spouse(
        self, predeceased: str, died: date, era: Era, sibling_line: bool, decedent: str
    ) -> str | None:
        """The spouse who may take a predeceased heir's place (Art. 1003(2))."""
        marriages = self.family.marriages
        own_death = self.died[predeceased]
        for start, until, other, _ in marriages.get(predeceased, _NONE):
            if not start <= own_death < until or self.died[other] <= own_death:
                continue
            if self.died[other] <= died:
                return None
            if era is not Era.Y1991 and (
                self.person[other].sex == "M" or self.person[predeceased].sex == "F"
            ):
                return None  # before 1991 only a widow (처) represents
            for later_start, _, _, _ in marriages[other]:
                if own_death < later_start <= died:
                    return None  # remarried before the death: no longer an in-law (Art. 775(2))
            if self._renounces(other, decedent):
                return None
            if sibling_line and era is not Era.Y1991:
                self.flag(
                    f"{other}, widow of {predeceased}, represents her husband in the estate of his sibling "
                    f"({self._when(decedent)}): the old Art. 1003(2) admits the widow of any predeceased "
                    "heir named in Art. 1001; LAW.md names a son's widow: review"
                )
            return other
        return None

    # -- weights -----------------------------------------------------------------------------------

    def _weight(self, person: str, era: Era) -> int:
        """A blood heir's weight (child, grandchild, sibling) in eighths of a son's share."""
        if era is Era.Y1991:
            return _SON
        someone = self.person[person]
        if someone.sex == "M":
            return _SON
        if someone.married_out:
            return _WOMAN_OUTSIDE_REGISTER
        return _WOMAN_1960 if era is Era.Y1960 else _SON

    def _spouse_weight(self, spouse: str, era: Era, with_descendants: bool, decedent: str) -> int:
        if era is Era.Y1991:
            return _SPOUSE
        if self.person[spouse].sex == "M":
            self.flag(
                f"{era.value} law ({self._when(decedent)}): the husband's share (weight 1, LAW.md) is "
                "unsettled; under the old Art. 1002 the husband may take alone when his wife leaves no "
                "descendants: legal review"
            )
            return _HUSBAND_BEFORE_1991
        if era is Era.Y1979:
            return _SPOUSE
        return _WIFE_1960_WITH_DESCENDANTS if with_descendants else _WIFE_1960_WITH_ASCENDANTS

    # -- the Civil Act -----------------------------------------------------------------------------

    def _civil(self, decedent: str, died: date, era: Era) -> _Distribution:
        spouse = self._spouse(decedent, died)
        old = era is not Era.Y1991
        head = old and self.person[decedent].household_head
        head_line = self._head_line(decedent, died) if head else _NONE
        before = self.exclusions
        groups = self._issue(decedent, died, era, decedent, spouse is None, head_line, False, 0, "")
        renounced = self.exclusions != before
        if old and self.person[decedent].sex == "F":
            self._stepchildren(decedent, died)
        if groups:
            if head and not head_line:
                self.flag(
                    f"{decedent} headed a household ({self._when(decedent)}) but no heir is marked "
                    "household_head_heir: nobody was given the household-head heir's 1.5: confirm"
                )
            if spouse is not None:
                weight = self._spouse_weight(spouse, era, True, decedent)
                groups.append((weight, 1, [(spouse, 1, "spouse")]))
            return _flatten(groups)
        if spouse is not None and renounced:
            self._spouse_weight(spouse, era, True, decedent)  # flags a husband before 1991
            return 1, [(spouse, 1, "spouse, alone: every child renounced (2020그42)")]

        ascendants, depth, spouse_alone = self._ascendants(decedent, died, spouse is not None)
        if spouse_alone:
            self.flag(
                f"every ascendant of {decedent} renounced ({self._when(decedent)}): the spouse takes alone, "
                "extending 2020그42 (Art. 1043) from children to ascendants: review"
            )
            return 1, [(spouse, 1, "spouse, alone: the ascendants renounced")]
        if ascendants:
            if old:
                self._flag_old_weights(decedent, era, "ascendants")
            label = _ascendant(depth)
            groups = []
            for ascendant in ascendants:
                weight = _SON
                if era is Era.Y1960 and self.person[ascendant].sex == "F":
                    weight = _WOMAN_1960
                groups.append((weight, 1, [(ascendant, 1, label)]))
            if spouse is not None:
                weight = self._spouse_weight(spouse, era, False, decedent)
                groups.append((weight, 1, [(spouse, 1, "spouse")]))
            return _flatten(groups)
        if spouse is not None:
            self._spouse_weight(spouse, era, False, decedent)  # flags a husband before 1991
            return 1, [(spouse, 1, "spouse, alone")]

        groups = self._siblings(decedent, died, era)
        if groups:
            if old:
                self._flag_old_weights(decedent, era, "siblings")
            return _flatten(groups)
        if old:
            raise SuccessionUnsupported(
                self.family.row(decedent),
                f"{decedent} left no descendant, ascendant, spouse or sibling heir ({self._when(decedent)}): "
                f"collateral relatives within the 8th degree under the {era.value} law are not supported, "
                "needs legal review",
            )
        return self._collaterals(decedent, died)

    def _flag_old_weights(self, decedent: str, era: Era, who: str) -> None:
        self.flag(
            f"{era.value} law ({self._when(decedent)}): the estate goes to {who}; their weights follow Art. "
            "1009 by sex and household register as for children (LAW.md tabulates children only): review"
        )

    def _stepchildren(self, decedent: str, died: date) -> None:
        # From 1960 to 1990 a stepmother and her husband's children (계모자), and a wife and her
        # husband's children by another woman (적모서자), were legal kin: such children may be her heirs.
        own = self.children.get(decedent, _NONE)
        for start, until, husband, _ in self.family.marriages.get(decedent, _NONE):
            if start > died or until <= died:
                continue  # not yet married, or divorced before her death
            others = [c for c in self.children.get(husband, _NONE) if c not in own and self.died[c] > died]
            if others:
                self.flag(
                    f"{decedent} ({self._when(decedent)}): her husband's children by another woman "
                    f"({', '.join(sorted(others))}) were her legal kin under the 1960-1990 law "
                    "(계모자, 적모서자) and may be her heirs; not modelled: legal review"
                )

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
                    f"{', '.join(found)} are all marked as succeeding {decedent} as household head; "
                    "only one can",
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
                        f"{heir} succeeded {decedent} as household head by representation "
                        f"({self._when(decedent)}): the 1.5 weight was applied along the line "
                        f"{', '.join(sorted(line))}: review"
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

    def _issue(
        self,
        root: str,
        died: date,
        era: Era,
        decedent: str,
        deeper: bool,
        head_line: Collection[str],
        sibling_line: bool,
        depth: int,
        representing: str,
    ) -> list[_Group]:
        """The groups of ``root``'s descendants at the nearest degree with an heir.

        ``deeper``: when every descendant of that degree renounced, look further down for descendants
        inheriting in their own right (only where no spouse takes instead, 2020그42).
        """
        children, deaths, renounced, person = self.children, self.died, self.family.renounced, self.person
        level = children.get(root, _NONE)
        depth += 1
        own_right = False
        plain = era is Era.Y1991 and not head_line
        while level:
            groups: list[_Group] = []
            blocked = []
            names = _SIBLING_LINE if sibling_line else _DESCENDANT
            base = names[depth] if depth < len(names) else _line(sibling_line, depth)
            suffix = representing or (", in own right: the nearer heirs renounced" if own_right else "")
            label = base + suffix
            for child in level:
                if deaths[child] <= died:
                    represented = self._represent(child, died, era, decedent, head_line, sibling_line, depth)
                    if represented is None:
                        blocked.append(child)
                        continue
                    weight = _SON if plain else self._weight(child, era)
                    if child in head_line:
                        weight = weight * 3 // 2
                    groups.append((weight, represented[0], represented[1]))
                    continue
                born = person[child].born
                if born is not None and born > died and self._unborn(child, died, decedent):
                    continue
                if child in renounced:
                    self._renounces(child, decedent)
                    blocked.append(child)
                    continue
                if plain:
                    groups.append((_SON, 1, [(child, 1, label)]))
                elif child in head_line:
                    weight = self._weight(child, era) * 3 // 2
                    groups.append((weight, 1, [(child, 1, f"{base}, household-head heir{suffix}")]))
                else:
                    groups.append((self._weight(child, era), 1, [(child, 1, label)]))
            if groups or not deeper or not blocked:
                return groups
            following: dict[str, None] = {}
            for stopped in blocked:
                for child in children.get(stopped, _NONE):
                    following[child] = None
            level = list(following)
            depth += 1
            own_right = True
        return []

    def _represent(
        self,
        predeceased: str,
        died: date,
        era: Era,
        decedent: str,
        head_line: Collection[str],
        sibling_line: bool,
        depth: int,
    ) -> _Distribution | None:
        """How a predeceased heir's portion is shared by their descendants and spouse (대습상속)."""
        spouse = self._representing_spouse(predeceased, died, era, sibling_line, decedent)
        groups = self._issue(
            predeceased,
            died,
            era,
            decedent,
            spouse is None,
            head_line,
            sibling_line,
            depth,
            f", representing {predeceased}",
        )
        label = f"spouse of {predeceased}, representing {predeceased}"
        if groups:
            if spouse is not None:
                weight = _WIFE_1960_WITH_DESCENDANTS if era is Era.Y1960 else _SPOUSE
                groups.append((weight, 1, [(spouse, 1, label)]))
            return _flatten(groups)
        if spouse is not None:
            return 1, [(spouse, 1, label)]
        return None

    def _ascendants(self, decedent: str, died: date, spouse: bool) -> tuple[list[str], int, bool]:
        """The nearest living ascendants not renouncing, their degree, and whether the spouse takes
        alone because every living ascendant of that degree renounced."""
        person = self.person
        level = person[decedent].parents
        depth = 1
        while level:
            living = []
            renounced = False
            for ascendant in level:
                if self.died[ascendant] > died:
                    if self._renounces(ascendant, decedent):
                        renounced = True
                    else:
                        living.append(ascendant)
            if living:
                return living, depth, False
            if renounced and spouse:
                return [], depth, True
            following: dict[str, None] = {}
            for ascendant in level:
                for parent in person[ascendant].parents:
                    following[parent] = None
            level = tuple(following)
            depth += 1
        return [], 0, False

    def _siblings(self, decedent: str, died: date, era: Era) -> list[_Group]:
        person = self.person
        own = person[decedent].parents
        found: dict[str, None] = {}
        for parent in own:
            for child in self.children.get(parent, _NONE):
                if child != decedent:
                    found[child] = None
        groups: list[_Group] = []
        for sibling in found:
            theirs = person[sibling].parents
            shared = [parent for parent in theirs if parent in own]
            # Half-blood only when both have two known parents and share one of them.
            half = len(shared) == 1 and len(own) == 2 and len(theirs) == 2
            if self.died[sibling] <= died:
                represented = self._represent(sibling, died, era, decedent, _NONE, True, 0)
                if represented is None:
                    continue
                groups.append((self._weight(sibling, era), represented[0], represented[1]))
            elif self._unborn(sibling, died, decedent) or self._renounces(sibling, decedent):
                continue
            else:
                label = "half-sibling" if half else "sibling"
                groups.append((self._weight(sibling, era), 1, [(sibling, 1, label)]))
            if half and era is not Era.Y1991 and person[shared[0]].sex == "F":
                self.flag(
                    f"{sibling} is {decedent}'s half-sibling through the mother only "
                    f"({self._when(decedent)}): whether such siblings inherit before 1991 is unsettled "
                    "(96다5421 reads the 1990 amendment to include them): legal review"
                )
        return groups

    def _collaterals(self, decedent: str, died: date) -> _Distribution:
        """Collateral relatives within the 4th degree (1991 law): nearest degree, equal shares."""
        person, children = self.person, self.children
        ancestors: dict[str, int] = {}
        level: Sequence[str] = person[decedent].parents
        distance = 1
        while level and distance <= 3:
            following: list[str] = []
            for ancestor in level:
                if ancestor not in ancestors:
                    ancestors[ancestor] = distance
                    following.extend(person[ancestor].parents)
            level = following
            distance += 1
        lineal = {decedent, *ancestors, *_all_descendants(children, decedent)}
        degree: dict[str, int] = {}
        for ancestor, up in ancestors.items():
            level = [c for c in children.get(ancestor, _NONE) if c not in lineal]
            down = 1
            while level and up + down <= 4:
                following = []
                for relative in level:
                    known = degree.get(relative)
                    if known is None or up + down < known:
                        degree[relative] = up + down
                    following.extend(c for c in children.get(relative, _NONE) if c not in lineal)
                level = following
                down += 1
        for nearest, ordinal in ((3, "3rd"), (4, "4th")):
            heirs = [
                relative
                for relative in self.person
                if degree.get(relative) == nearest
                and self.died[relative] > died
                and not self._unborn(relative, died, decedent)
                and not self._renounces(relative, decedent)
            ]
            if heirs:
                self.flag(
                    f"the estate of {decedent} ({self._when(decedent)}) goes to collateral relatives of the "
                    f"{ordinal} degree: the result is only as complete as the family given: legal review"
                )
                label = f"collateral relative, {ordinal} degree"
                return len(heirs), [(relative, 1, label) for relative in heirs]
        raise SuccessionUnsupported(
            self.family.row(decedent),
            f"no heir of {decedent} among the people given ({self._when(decedent)}): the estate would pass "
            "to a person with a special relation or to the state (Arts. 1057-2, 1058), needs legal review",
        )

    # -- the customary law (before 1960) -----------------------------------------------------------

    def _custom(self, decedent: str, died: date) -> _Distribution:
        person = self.person
        if person[decedent].household_head:
            line = self._head_line(decedent, died)
            if not line:
                raise SuccessionUnsupported(
                    f"{self.family.row(decedent)}.household_head",
                    f"{decedent} headed a household under the customary law ({self._when(decedent)}) and no "
                    "surviving descendant is marked household_head_heir: not supported, needs legal review",
                )
            heir = next(p for p in line if person[p].household_head_heir and self.died[p] > died)
            self.flag(
                f"custom era ({self._when(decedent)}): the household-head heir {heir} takes the household "
                "head's estate and owes about half of it to the younger sons; approximated as 1/2 to the "
                "heir and 1/2 to the younger sons (their descendants by branch) in equal parts, nothing to "
                "wives and daughters: legal review required"
            )
            groups: list[_Group] = []
            for son in self.children.get(decedent, _NONE):
                if person[son].sex != "M" or son in line:
                    continue
                if self.died[son] <= died:
                    represented = self._represent_custom(son, died, decedent, 1, f", representing {son}")
                    if represented is not None:
                        groups.append((1, represented[0], represented[1]))
                elif not self._unborn(son, died, decedent) and not self._renounces(son, decedent):
                    groups.append((1, 1, [(son, 1, "younger son (custom)")]))
            if not groups:
                return 1, [(heir, 1, "household-head heir (custom)")]
            denominator, items = _flatten(groups)
            return 2 * denominator, [(heir, denominator, "household-head heir (custom, about half)"), *items]
        self.flag(
            f"custom era ({self._when(decedent)}): {decedent} was not a household head; the estate goes to "
            "the children in the household register in equal parts (predeceased children's descendants by "
            "branch), married-out daughters and the spouse taking nothing: legal review required"
        )
        represented = self._represent_custom(decedent, died, decedent, 0, "")
        if represented is None:
            raise SuccessionUnsupported(
                self.family.row(decedent),
                f"{decedent} left no child in the household register under the customary law "
                f"({self._when(decedent)}): the spouse, ascendants or household head would inherit, not "
                "supported, needs legal review",
            )
        return represented

    def _represent_custom(
        self, root: str, died: date, decedent: str, depth: int, representing: str
    ) -> _Distribution | None:
        """Equal shares among ``root``'s children in the register, predeceased ones by branch."""
        groups: list[_Group] = []
        label = f"{_descendant(depth + 1)} (custom){representing}"
        for child in self.children.get(root, _NONE):
            if self.person[child].married_out:
                continue
            if self.died[child] <= died:
                represented = self._represent_custom(
                    child, died, decedent, depth + 1, f", representing {child}"
                )
                if represented is not None:
                    groups.append((1, represented[0], represented[1]))
            elif not self._unborn(child, died, decedent) and not self._renounces(child, decedent):
                groups.append((1, 1, [(child, 1, label)]))
        return _flatten(groups) if groups else None


def _all_descendants(children: Mapping[str, list[str]], root: str) -> set[str]:
    found: set[str] = set()
    level = children.get(root, _NONE)
    while level:
        following = []
        for person in level:
            if person not in found:
                found.add(person)
                following.extend(children.get(person, _NONE))
        level = following
    return found


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
                f"{renouncer} is listed as renouncing and was excluded from each of these estates: "
                f"{', '.join(sorted(estates, key=lambda e: (died[e], e)))}; confirm a renunciation of each"
            )
    shares = {}
    routes = {}
    for heir in family.person if len(held) > 1 else held:
        entry = held.get(heir)
        if entry is not None:
            shares[heir] = Fraction(entry[0], entry[1])
            routes[heir] = entry[2]
    return Succession(decedent, _era(died[decedent]), shares, tuple(resolver.review), routes)


def allocate(
    *, amount: int, shares: Mapping[str, Fraction], rule: Allocation = Allocation.FLOOR
) -> dict[str, int]:
    """Whole won for each holder of ``shares`` (taken in order: ties go to the one listed first).

    ``floor``: ``floor(amount × share)`` each, the remainder left unallocated, as judgments do.
    ``largest-remainder``: then the won left over, one each, to the largest fractional remainders.
    """
    if isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
        raise SuccessionInputError("amount", "must be a whole, non-negative number of won")
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
        raise SuccessionInputError("rounding", f"unknown rounding {rule!r}")
    left = amount - sum(amounts.values())
    if not 0 <= left <= len(remainders):
        raise ValueError("largest-remainder allocation needs shares that sum to 1")
    remainders.sort()
    for _, _, heir in remainders[:left]:
        amounts[heir] += 1
    return amounts
