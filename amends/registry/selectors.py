"""Reads for the registry: a person's family as the succession engine takes it, and its results.

A family is everyone connected to a person by parent–child links and marriages. The families of many
people (a case's victims) are loaded together in a fixed number of queries (:func:`families_of`), and
handed to :func:`amends.law.succession.succession`
with each person's id written ``p<primary key>`` (so that ids in the engine's explanations can be told
from the numbers around them and replaced by names).
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

from django.db import connection
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from amends.core.crypto import keyed_hash
from amends.core.reasons import say
from amends.law import succession as law
from amends.linkage.search import query_patterns
from amends.registry.models import Marriage, ParentChild, Person, Renunciation
from amends.registry.validators import canonical_rrn

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


def _reach_sql(vendor: str, seeds: int) -> str:
    """One query: the ids of everyone linked by descent or marriage to any of ``seeds`` people (their
    ids the parameters), at most ``limit`` (the last parameter) of them."""
    links, marriages = ParentChild._meta.db_table, Marriage._meta.db_table
    marks = ", ".join(["%s"] * seeds)
    if vendor == "postgresql":
        # A walk by generations of the whole set at once, one row a generation: each generation is the
        # neighbours of the last that are in neither it nor the one before (in a breadth-first walk
        # nothing else can be met again). Every step is an index lookup; the planner's estimates stay
        # small (one row a step), unlike those of a recursive join, which start JIT compilation.
        return f"""
            WITH RECURSIVE walk(frontier, previous, depth) AS (
                SELECT ARRAY[{marks}]::bigint[], ARRAY[]::bigint[], 0
                UNION ALL
                SELECT step.found, walk.frontier, walk.depth + 1 FROM walk CROSS JOIN LATERAL (
                    SELECT array_agg(DISTINCT near.id) AS found FROM (
                        SELECT child_id AS id FROM {links} WHERE parent_id = ANY(walk.frontier)
                        UNION ALL SELECT parent_id FROM {links} WHERE child_id = ANY(walk.frontier)
                        UNION ALL SELECT spouse_b_id FROM {marriages} WHERE spouse_a_id = ANY(walk.frontier)
                        UNION ALL SELECT spouse_a_id FROM {marriages} WHERE spouse_b_id = ANY(walk.frontier)
                    ) near
                    WHERE near.id <> ALL(walk.frontier) AND near.id <> ALL(walk.previous)
                ) step
                WHERE step.found IS NOT NULL AND walk.depth < 1000
            )
            SELECT DISTINCT unnest(frontier) FROM walk LIMIT %s"""
    # SQLite takes several recursive terms, each an index lookup (one joined union would be
    # materialised whole at every step).
    return f"""
        WITH RECURSIVE reach(id) AS (
            SELECT id FROM {Person._meta.db_table} WHERE id IN ({marks})
            UNION SELECT child_id FROM {links} JOIN reach ON parent_id = reach.id
            UNION SELECT parent_id FROM {links} JOIN reach ON child_id = reach.id
            UNION SELECT spouse_b_id FROM {marriages} JOIN reach ON spouse_a_id = reach.id
            UNION SELECT spouse_a_id FROM {marriages} JOIN reach ON spouse_b_id = reach.id
        )
        SELECT id FROM reach LIMIT %s"""


def families_of(*, people: Iterable[Person]) -> dict[int, Family]:
    """The family of each of ``people`` (by primary key), read in one pass whatever their number: the
    ids of everyone linked to any of them (one recursive query), then those people, their parent–child
    links, marriages and renunciations (four queries). People of one family share it."""
    seeds = sorted({person.pk for person in people})
    if not seeds:
        return {}
    limit = MAX_FAMILY * len(seeds)
    with connection.cursor() as cursor:
        cursor.execute(_reach_sql(connection.vendor, len(seeds)), [*seeds, limit + 1])
        ids = [pk for (pk,) in cursor.fetchall()]
    if len(ids) > limit:
        raise ValueError(f"the families of {len(seeds)} people have more than {limit} people")
    found = list(Person.objects.filter(pk__in=ids))  # in the model's order, as staff see them
    links = list(ParentChild.objects.filter(child__in=ids).order_by("parent_id", "pk"))
    marriages = list(Marriage.objects.filter(spouse_a__in=ids).order_by("pk"))
    renunciations = list(Renunciation.objects.filter(person__in=ids).order_by("pk"))
    # Who belongs with whom: the connected parts of the graph (a union-find over the links).
    root = {pk: pk for pk in ids}

    def find(pk: int) -> int:
        while root[pk] != pk:
            root[pk] = root[root[pk]]
            pk = root[pk]
        return pk

    for a, b in [(link.parent_id, link.child_id) for link in links] + [
        (m.spouse_a_id, m.spouse_b_id) for m in marriages
    ]:
        root[find(a)] = find(b)
    families: dict[int, Family] = {}
    for person in found:
        families.setdefault(find(person.pk), Family({}, {}, [], [])).people[person.pk] = person
    for link in links:
        families[find(link.child_id)].parents.setdefault(link.child_id, []).append(link.parent_id)
    for marriage in marriages:
        families[find(marriage.spouse_a_id)].marriages.append(marriage)
    for renunciation in renunciations:
        families[find(renunciation.person_id)].renunciations.append(renunciation)
    for family in families.values():
        if len(family.people) > MAX_FAMILY:
            person = next(iter(family.people.values()))
            raise ValueError(f"the family of {person} has more than {MAX_FAMILY} people")
    return {pk: families[find(pk)] for pk in seeds}


def people_by_rrn(rrn: str):
    """The people whose resident registration number is ``rrn`` (with or without its hyphen), found by
    the keyed hash beside the encrypted number (:func:`amends.core.crypto.keyed_hash`); none for a
    text that is not a well-formed number."""
    if not RRN_QUERY.fullmatch(rrn.strip()):
        return Person.objects.none()
    return Person.objects.filter(rrn_hash=keyed_hash(canonical_rrn(rrn.strip())))


RRN_QUERY = re.compile(r"[0-9]{6}-?[0-9]{7}")


def people_search(query: str):
    """The people a typed name finds, in any script or romanisation (이민철, 李敏哲, 岩本敏哲, いわもと,
    "Yi Min-chol"), living or dead, or a resident registration number: matched by the database on the
    stored ``search_key`` (:mod:`amends.linkage.search`), indexed on PostgreSQL, never by reading every
    person here. None for a query with nothing to match."""
    match = Q()
    for pattern in query_patterns(query):
        match |= Q(search_key__contains=pattern)
    if RRN_QUERY.fullmatch(query.strip()):
        match |= Q(pk__in=people_by_rrn(query).values("pk"))
    return Person.objects.filter(match) if match else Person.objects.none()


def family_of(*, person: Person) -> Family:
    """Everyone linked to ``person`` by descent or marriage, with the links and renunciations."""
    return families_of(people=[person])[person.pk]


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


# The engine names a person's fact by their place in its input ("people[2].died"): staff read the
# person's name and the fact in words (issue 17).
_PERSON_FIELD = re.compile(r"people\[(\d+)\]\.(\w+)")
_FACT_WORDS = {
    "died": gettext_lazy("date of death"),
    "born": gettext_lazy("date of birth"),
    "parents": gettext_lazy("parents"),
    "sex": gettext_lazy("sex"),
    "household_head": gettext_lazy("household head"),
    "household_head_heir": gettext_lazy("household-head heir"),
    "married_out": gettext_lazy("married out of the register"),
}


def _input_error(error: law.SuccessionInputError, law_people: list, people: dict[int, Person]) -> str:
    """What the engine refused, with the person named and their fact in words."""
    found = _PERSON_FIELD.fullmatch(error.field)
    if found is None or int(found.group(1)) >= len(law_people):
        return _named(f"{error.field}: {say(error.message)}", people)
    entry = law_people[int(found.group(1))]
    person = people[int(entry.id[1:])]
    if found.group(2) == "died" and error.message == "is before the date of birth":
        return _("%(name)s: the date of death (%(died)s) is before the date of birth (%(born)s).") % {
            "name": person.name_hangul,
            "died": entry.died.isoformat(),
            "born": entry.born.isoformat(),
        }
    return _("%(name)s, %(fact)s: %(problem)s") % {
        "name": person.name_hangul,
        "fact": _FACT_WORDS.get(found.group(2), found.group(2)),
        "problem": _named(say(error.message), people),
    }


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
    people = family.law_people(deaths=deaths, as_of=as_of)
    try:
        result = law.succession(
            decedent=f"p{decedent.pk}",
            people=people,
            marriages=family.law_marriages(),
            renounced=sorted(renouncers),
        )
    except law.SuccessionInputError as error:
        return Estate(
            decedent=decedent, family=family, holders=[], error=_input_error(error, people, family.people)
        )
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
        review=[_named(say(flag), family.people) for flag in result.review],
    )
