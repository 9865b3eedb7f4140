"""The family facts and their checks: people (sex, dates of birth and death, parents) and marriages as
given, indexed by id for the engine and validated (unknown and duplicate ids, at most one father and one
mother, cycles of parents, births after a parent's, deaths before birth, marriages of a man and a
woman while both lived, two spouses at the same time, renunciations and the decedent)."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from amends.law.messages import Message, gettext_noop
from amends.law.succession.errors import SuccessionInputError


def _unknown_id(identifier: object) -> Message:
    return Message(gettext_noop("unknown id %(id)s"), id=repr(identifier))


class Sex(StrEnum):
    MALE = "M"
    FEMALE = "F"


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


# Dates stay dates (comparing them is as cheap as comparing ordinals, and converting is not free); the
# living "die" on date.max.
_ALIVE = date.max
_NONE: tuple = ()
_SEXES = frozenset(("M", "F"))


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
                raise SuccessionInputError(f"marriages[{number}].spouses", _unknown_id(unknown))
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
                raise SuccessionInputError(f"renounced[{number}]", _unknown_id(identifier))
            if check and identifier in flags:
                raise SuccessionInputError(
                    f"renounced[{number}]",
                    Message(gettext_noop("%(id)s is listed twice"), id=repr(identifier)),
                )
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
                raise SuccessionInputError(
                    f"people[{position}].id", Message(gettext_noop("must be a non-empty string"))
                )
            sex = someone.sex
            if sex not in _SEXES:
                raise SuccessionInputError(
                    f"people[{position}].sex", Message(gettext_noop('must be "M" or "F"'))
                )
            birth = someone.born
            if birth is not None and someone.died is not None and someone.died < birth:
                raise SuccessionInputError(
                    f"people[{position}].died", Message(gettext_noop("is before the date of birth"))
                )
            if someone.married_out and sex == "M":
                raise SuccessionInputError(
                    f"people[{position}].married_out",
                    Message(gettext_noop("only a daughter can be married out of a register")),
                )
            links = someone.parents
            if not links:
                continue
            if len(links) > 2:
                raise SuccessionInputError(
                    f"people[{position}].parents", Message(gettext_noop("a person has at most two parents"))
                )
            for link in links:
                parent = person.get(link)
                if parent is None:
                    raise SuccessionInputError(f"people[{position}].parents", _unknown_id(link))
                if parent is someone:
                    raise SuccessionInputError(
                        f"people[{position}].parents",
                        Message(gettext_noop("a person cannot be their own parent")),
                    )
                if birth is None or parent.born is None:
                    undated_links = True
                elif parent.born >= birth:
                    raise SuccessionInputError(
                        f"people[{position}].born",
                        Message(gettext_noop("is not after the birth of their parent %(id)s"), id=repr(link)),
                    )
                if (
                    birth is not None
                    and parent.died is not None
                    and parent.died < birth
                    and parent.sex == "F"
                ):
                    raise SuccessionInputError(
                        f"people[{position}].born",
                        Message(gettext_noop("is after the death of their mother %(id)s"), id=repr(link)),
                    )
            if len(links) == 2:
                first, second = links
                if first == second:
                    raise SuccessionInputError(
                        f"people[{position}].parents",
                        Message(gettext_noop("the same parent is listed twice")),
                    )
                if person[first].sex == person[second].sex:
                    raise SuccessionInputError(
                        f"people[{position}].parents",
                        Message(
                            gettext_noop("two fathers: a child has one father and one mother")
                            if person[first].sex == "M"
                            else gettext_noop("two mothers: a child has one father and one mother")
                        ),
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
        raise SuccessionInputError(
            f"{self.row(identifier)}.parents",
            Message(gettext_noop("a cycle of parents (%(names)s)"), names=names),
        )

    def _check_marriages(self, marriages: Sequence[Marriage]) -> None:
        person, died = self.person, self.died
        for number, marriage in enumerate(marriages):
            first, second = marriage.spouses
            if first == second:
                raise SuccessionInputError(
                    f"marriages[{number}].spouses", Message(gettext_noop("a person cannot marry themselves"))
                )
            if person[first].sex == person[second].sex:
                raise SuccessionInputError(
                    f"marriages[{number}].spouses",
                    Message(
                        gettext_noop("must be a man and a woman (the Civil Act recognises no other marriage)")
                    ),
                )
            start = marriage.start
            if start > died[first] or start > died[second]:
                spouse = first if start > died[first] else second
                raise SuccessionInputError(
                    f"marriages[{number}].from",
                    Message(gettext_noop("is after %(id)s died"), id=repr(spouse)),
                )
            one, other = person[first].born, person[second].born
            if (one is not None and start < one) or (other is not None and start < other):
                spouse = first if one is not None and start < one else second
                raise SuccessionInputError(
                    f"marriages[{number}].from",
                    Message(gettext_noop("is before %(id)s was born"), id=repr(spouse)),
                )
            if marriage.until is not None and marriage.until <= start:
                raise SuccessionInputError(
                    f"marriages[{number}].until", Message(gettext_noop("must be after from"))
                )
        for spouse in self.remarried:
            items = self.marriages[spouse]
            previous_end = None
            previous = None
            for start, until, other, number in items:
                if previous_end is not None and start < previous_end:
                    raise SuccessionInputError(
                        f"marriages[{number}]",
                        Message(
                            gettext_noop(
                                "%(id)s would have two spouses at the same time (%(first)s and %(second)s)"
                            ),
                            id=repr(spouse),
                            first=repr(previous),
                            second=repr(other),
                        ),
                    )
                end = min(until, died[spouse], died[other])
                if previous_end is None or end > previous_end:
                    previous_end, previous = end, other


def _check_ids(ids: list[str]) -> None:
    first: dict[str, int] = {}
    for position, identifier in enumerate(ids):
        if identifier in first:
            raise SuccessionInputError(
                f"people[{position}].id",
                Message(
                    gettext_noop("duplicate id %(id)s (also %(row)s)"),
                    id=repr(identifier),
                    row=f"people[{first[identifier]}]",
                ),
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
        raise SuccessionInputError("decedent", Message(gettext_noop("is required")))
    if decedent not in family.person:
        raise SuccessionInputError("decedent", _unknown_id(decedent))
    if family.died[decedent] is _ALIVE:
        raise SuccessionInputError(
            "decedent",
            Message(
                gettext_noop("%(id)s has no date of death: the decedent must have died"), id=repr(decedent)
            ),
        )
    if decedent in family.renounced:
        raise SuccessionInputError(
            f"renounced[{family.renounced_at[decedent]}]",
            Message(gettext_noop("the decedent %(id)s cannot renounce their own estate"), id=repr(decedent)),
        )


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
