"""Reads for judgments: searching cases and reading one. What is owed on an award is
:mod:`amends.payments.owed`'s: it counts the money received, which the payments app records."""

from django.db.models import Q, QuerySet

from amends.judgments.models import Award, Case
from amends.judgments.validators import normalize_case_number
from amends.registry.selectors import RRN_QUERY, people_by_rrn

NAME_FIELDS = ("name_hangul", "name_hanja", "name_japanese", "name_japanese_reading", "name_romanized")


def case_search(*, query: str = "") -> QuerySet[Case]:
    """Cases whose number, defendant, or a victim's or creditor's name in any script matches ``query``."""
    cases = Case.objects.select_related("court").prefetch_related("defendants")
    query = query.strip()
    if not query:
        return cases
    match = Q(number__icontains=normalize_case_number(query)) | Q(rulings__number__icontains=query)
    for name in ("name_ko", "name_ja", "name_en", "formerly", "key"):
        match |= Q(**{f"defendants__{name}__icontains": query})
    for name in NAME_FIELDS:
        match |= Q(**{f"awards__victim__{name}__icontains": query})
        match |= Q(**{f"awards__creditors__person__{name}__icontains": query})
    match |= Q(title__icontains=query)
    # A resident registration number finds its person's cases by the number's keyed hash (it is
    # stored encrypted: amends.registry.selectors.people_by_rrn).
    if RRN_QUERY.fullmatch(query):
        people = people_by_rrn(query).values("pk")
        match |= Q(awards__victim__in=people) | Q(awards__creditors__person__in=people)
    return cases.filter(pk__in=Case.objects.filter(match).values("pk"))


def cases_of_people(people: QuerySet) -> QuerySet[Case]:
    """The cases in which any of ``people`` (a query, kept in the database) is a victim or a creditor."""
    awards = Award.objects.filter(Q(victim__in=people) | Q(creditors__person__in=people))
    return Case.objects.filter(pk__in=awards.values("case"))


def case_get(*, number: str) -> Case:
    return (
        Case.objects.select_related("court")
        .prefetch_related("defendants", "rulings__court")
        .get(number=normalize_case_number(number))
    )
