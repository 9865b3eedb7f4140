"""Reads for the caseworkers' pages that bring several floors together: the one search box in every
staff page's header (issue 17), which finds people, claims and cases at once.

Each app below answers for its own rows (``registry.selectors.people_search``,
``payments.selectors.claim_search``, ``judgments.selectors.case_search`` and ``cases_of_people``);
this only gathers them, a fixed number of queries whatever they find.
"""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q

from amends.judgments.models import Award, Case, Creditor
from amends.judgments.selectors import case_search, cases_of_people
from amends.payments.models import Claim
from amends.payments.selectors import claim_search
from amends.registry.models import Person
from amends.registry.selectors import people_search

# The dropdown under the box shows a few of each; the results page more, and says when there are more.
DROPDOWN_LIMIT = 5
PAGE_LIMIT = 50


@dataclass(frozen=True)
class Found:
    """What one query found, in the order the results show them; each list holds at most the limit
    asked, and ``more_*`` says that there were more."""

    query: str
    people: list[Person]
    claims: list[Claim]
    cases: list[Case]
    more_people: bool
    more_claims: bool
    more_cases: bool

    @property
    def empty(self) -> bool:
        return not (self.people or self.claims or self.cases)


def _first(queryset, limit: int) -> tuple[list, bool]:
    rows = list(queryset[: limit + 1])
    return rows[:limit], len(rows) > limit


def search(*, query: str, limit: int = PAGE_LIMIT) -> Found:
    """People (victims, creditors, heirs; living or dead) by a name in any script or romanisation or a
    resident registration number; claims by their number; cases by their number (with or without
    spaces), a defendant, a title, or any of the people found."""
    query = query.strip()
    if not query:
        return Found(query, [], [], [], False, False, False)
    matched = people_search(query)
    people, more_people = _first(
        matched.annotate(
            is_victim=Exists(Award.objects.filter(victim=OuterRef("pk"))),
            is_creditor=Exists(Creditor.objects.filter(person=OuterRef("pk"))),
        ),
        limit,
    )
    claims, more_claims = _first(
        claim_search(query)
        .select_related("creditor__person", "creditor__award__case", "creditor__award__victim")
        .order_by("number"),
        limit,
    )
    cases, more_cases = _first(
        Case.objects.filter(
            Q(pk__in=case_search(query=query).values("pk")) | Q(pk__in=cases_of_people(matched).values("pk"))
        )
        .select_related("court")
        .prefetch_related("defendants"),
        limit,
    )
    return Found(query, people, claims, cases, more_people, more_claims, more_cases)
