"""Reads for the registry: a person's family as the succession engine takes it, and its results.

A family is everyone connected to a person by parent–child links and marriages. It is loaded breadth
first, one query per generation of links, and handed to :func:`amends.law.succession.succession`
with each person's id written ``p<primary key>`` (so that ids in the engine's explanations can be told
from the numbers around them and replaced by names).
"""

import re
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from amends.law import succession as law
from amends.registry.models import Marriage, ParentChild, Person, Renunciation

# A family larger than this is refused rather than loaded: no real family register comes near it.
MAX_FAMILY = 5000


@dataclass
class Family:
    people: dict[int, Person]
    parents: dict[int, list[int]]
    marriages: list[Marriage]
    renunciations: list[Renunciation]

    def law_people(
        self, *, deaths: dict[int, date] | None = None, as_of: date | None = None
    ) -> list[law.Person]:
        """The family for the engine; a death recorded after ``as_of`` had not happened yet."""
        deaths = {pk: person.death_date for pk, person in self.people.items()} | (deaths or {})
        if as_of is not None:
            deaths = {pk: died if died and died <= as_of else None for pk, died in deaths.items()}
        return [
            law.Person(
                id=f"p{pk}",
                sex=law.Sex(person.sex),
                born=person.birth_date,
                died=deaths[pk],
                parents=tuple(f"p{parent}" for parent in self.parents.get(pk, ())),
                household_head=person.household_head,
                household_head_heir=person.household_head_heir,
                married_out=person.married_out,
            )
            for pk, person in sorted(self.people.items())
        ]

    def law_marriages(self) -> list[law.Marriage]:
        return [
            law.Marriage(
                spouses=(f"p{m.spouse_a_id}", f"p{m.spouse_b_id}"), start=m.started_on, until=m.ended_on
            )
            for m in self.marriages
        ]


def family_of(*, person: Person) -> Family:
    """Everyone linked to ``person`` by descent or marriage, with the links and renunciations."""
    seen = {person.pk}
    frontier = {person.pk}
    links: dict[int, ParentChild] = {}
    marriages: dict[int, Marriage] = {}
    while frontier:
        found = set()
        for link in ParentChild.objects.filter(Q(parent__in=frontier) | Q(child__in=frontier)):
            links[link.pk] = link
            found |= {link.parent_id, link.child_id}
        for marriage in Marriage.objects.filter(Q(spouse_a__in=frontier) | Q(spouse_b__in=frontier)):
            marriages[marriage.pk] = marriage
            found |= {marriage.spouse_a_id, marriage.spouse_b_id}
        frontier = found - seen
        seen |= found
        if len(seen) > MAX_FAMILY:
            raise ValueError(f"the family of {person} has more than {MAX_FAMILY} people")
    people = Person.objects.in_bulk(seen)
    parents: dict[int, list[int]] = {}
    for link in sorted(links.values(), key=lambda link: link.parent_id):
        parents.setdefault(link.child_id, []).append(link.parent_id)
    renunciations = list(Renunciation.objects.filter(person__in=seen))
    return Family(people, parents, sorted(marriages.values(), key=lambda m: m.pk), renunciations)


@dataclass(frozen=True)
class Holder:
    """A final holder of a decedent's estate: share, and how they came by it."""

    person: Person
    share: Fraction
    paths: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Estate:
    """Who holds ``decedent``'s estate now, by the law of each death; or why it cannot be said."""

    decedent: Person
    family: Family
    holders: list[Holder]
    era: str = ""
    review: list[str] = field(default_factory=list)
    error: str = ""


_ID = re.compile(r"\bp(\d+)\b")
# The engine labels each step in English; the common ones are shown in the reader's language, the
# rare ones (representation, collateral degrees) as the engine wrote them, with names for ids.
_RELATIONS = {
    "spouse": gettext_lazy("spouse"),
    "spouse, alone": gettext_lazy("spouse, alone"),
    "child": gettext_lazy("child"),
    "grandchild": gettext_lazy("grandchild"),
    "great-grandchild": gettext_lazy("great-grandchild"),
    "parent": gettext_lazy("parent"),
    "grandparent": gettext_lazy("grandparent"),
    "sibling": gettext_lazy("sibling"),
    "half-sibling": gettext_lazy("half-sibling"),
}


def _path(decedent: Person, route, people: dict[int, Person]) -> str:
    """``V → W (spouse, 3/7) → C1 (child, 1/2 of W's share)``, with names."""
    parts = [decedent.name_hangul]
    previous = None
    for person_id, label, numerator, denominator in route:
        share = Fraction(numerator, denominator)
        values = {
            "name": people[int(person_id[1:])].name_hangul,
            "relation": _RELATIONS.get(label) or _named(label, people),
            "share": f"{share.numerator}/{share.denominator}" if share != 1 else "1",
        }
        if previous is None:
            parts.append(_("%(name)s (%(relation)s, %(share)s)") % values)
        else:
            values["previous"] = previous
            parts.append(_("%(name)s (%(relation)s, %(share)s of %(previous)s's share)") % values)
        previous = values["name"]
    return " → ".join(parts)


def _named(text: str, people: dict[int, Person]) -> str:
    """The engine speaks of people by id; staff read names."""

    def name(match: re.Match) -> str:
        person = people.get(int(match.group(1)))
        return person.name_hangul if person else match.group()

    return _ID.sub(name, text)


def estate_of(
    *,
    decedent: Person,
    family: Family | None = None,
    deaths: dict[int, date] | None = None,
    renounced: tuple[int, ...] = (),
    as_of: date | None = None,
) -> Estate:
    """The final holders of ``decedent``'s estate on ``as_of`` (default: by every recorded fact);
    ``deaths`` and ``renounced`` add facts not yet recorded (to preview what recording them would
    change)."""
    family = family or family_of(person=decedent)
    if unknown := [p.name_hangul for p in family.people.values() if not p.sex]:
        return Estate(
            decedent=decedent,
            family=family,
            holders=[],
            error=_("Record the sex of %(names)s: the law of succession before 1991 depends on it.")
            % {"names": ", ".join(unknown)},
        )
    renouncers = {f"p{r.person_id}" for r in family.renunciations} | {f"p{pk}" for pk in renounced}
    try:
        result = law.succession(
            decedent=f"p{decedent.pk}",
            people=family.law_people(deaths=deaths, as_of=as_of),
            marriages=family.law_marriages(),
            renounced=sorted(renouncers),
        )
    except law.SuccessionInputError as error:
        return Estate(decedent=decedent, family=family, holders=[], error=_named(str(error), family.people))
    holders = [
        Holder(
            person=family.people[int(pk[1:])],
            share=share,
            paths=[_path(decedent, route, family.people) for route in result.routes[pk]],
        )
        for pk, share in result.shares.items()
    ]
    return Estate(
        decedent=decedent,
        family=family,
        holders=holders,
        era=result.era.value,
        review=[_named(flag, family.people) for flag in result.review],
    )
