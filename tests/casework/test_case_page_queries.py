"""The case page reads a fixed number of queries whatever the number of awards, and draws each family
tree once: a tree from the cache is the tree drawn."""

from datetime import date
from fractions import Fraction

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from amends.judgments.models import AccrualTerm, Award, Case, Court, Creditor
from amends.registry.family_tree import Tree, family_tree_svg, family_trees_svg
from amends.registry.models import Marriage, ParentChild, Person
from amends.registry.selectors import estate_of, family_of

pytestmark = pytest.mark.django_db


def _family(n: int) -> Person:
    """A victim who died in 2005, his widow (died 2015) and two children, one with a child."""

    def person(name, sex, born, died=None):
        return Person.objects.create(
            name_hangul=f"{name}{n}", sex=sex, birth_date=date(born, 1, 1), death_date=died
        )

    victim = person("피해자", "M", 1925, date(2005, 6, 1))
    widow = person("배우자", "F", 1928, date(2015, 2, 1))
    Marriage.objects.create(spouse_a=victim, spouse_b=widow, started_on=date(1948, 4, 1))
    son, daughter = person("아들", "M", 1950), person("딸", "F", 1953)
    for child in (son, daughter):
        ParentChild.objects.create(parent=victim, child=child)
        ParentChild.objects.create(parent=widow, child=child)
    ParentChild.objects.create(parent=son, child=person("손자", "M", 1980))
    return victim


def _case(number: str, awards: int) -> Case:
    court, _ = Court.objects.get_or_create(
        name_ko="대법원", defaults={"name_en": "Supreme Court", "level": Court.Level.SUPREME}
    )
    case = Case.objects.create(number=number, court=court)
    for n in range(awards):
        victim = _family(len(number) * 100 + n + awards * 1000)
        award = Award.objects.create(case=case, victim=victim, principal=100_000_000)
        AccrualTerm.objects.create(award=award, starts_on=date(2018, 10, 30), rate="0.05")
        for holder in estate_of(decedent=victim, as_of=victim.death_date).holders:
            Creditor.objects.create(
                award=award,
                person=holder.person,
                share_numerator=holder.share.numerator,
                share_denominator=holder.share.denominator,
                relation=Creditor.Relation.OTHER,
            )
    return case


def _queries(client, case: Case) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("cases:case_detail", args=[case.number]))
    assert response.status_code == 200
    return [query["sql"] for query in captured]


def _reads(queries: list[str]) -> int:
    """The queries but the cache's (a database cache writes each tree it is given, once, each write in
    a savepoint of its own)."""
    table = str(getattr(cache, "_table", "\0"))
    return len([sql for sql in queries if table not in sql and "SAVEPOINT" not in sql.upper()])


def test_the_case_page_reads_as_many_queries_for_8_awards_as_for_2(staff_client):
    small, large = _case("2020다11", 2), _case("2020다12", 8)
    _queries(staff_client, small)  # the session and the user, read once
    cache.clear()
    # a first view, which draws the trees (and writes them to the cache)
    assert _reads(_queries(staff_client, large)) == _reads(_queries(staff_client, small))
    # a repeat view, the trees from the cache
    assert len(_queries(staff_client, large)) == len(_queries(staff_client, small))


def test_each_award_still_shows_its_heirs_and_its_tree(staff_client):
    case = _case("2020다13", 3)
    response = staff_client.get(reverse("cases:case_detail", args=[case.number]))
    page = response.content.decode()
    for item, holders in response.context["awards"]:
        assert holders.estate is not None and not holders.error
        assert holders.tree_svg.startswith("<svg") and holders.tree_svg in page
        assert sum(h.share for h in holders.holders) == 1
        assert item.award.victim.name_hangul in holders.tree_svg


def test_a_tree_from_the_cache_is_the_tree_drawn():
    victim = _family(1)
    family = family_of(person=victim)
    shares = {h.person.pk: h.share for h in estate_of(decedent=victim, family=family).holders}
    cache.clear()
    drawn = family_tree_svg(family=family, decedent=victim, shares=shares)
    assert drawn.startswith("<svg") and drawn.rstrip().endswith("</svg>")
    assert family_tree_svg(family=family, decedent=victim, shares=shares) == drawn  # from the cache
    # drawn with others in one run of dot, it is the same tree
    other = _family(2)
    cache.clear()
    other_tree = Tree(family_of(person=other), other, {})
    assert family_trees_svg([other_tree, Tree(family, victim, shares)]) == [
        family_tree_svg(family=other_tree.family, decedent=other, shares={}),
        drawn,
    ]


def test_a_changed_family_is_drawn_anew():
    victim = _family(3)
    family = family_of(person=victim)
    before = family_tree_svg(family=family, decedent=victim, shares={})
    widow = next(p for p in family.people.values() if p.name_hangul.startswith("배우자"))
    assert "1/2" not in before
    shares = family_tree_svg(family=family, decedent=victim, shares={widow.pk: Fraction(1, 2)})
    assert "1/2" in shares and shares != before
    widow.name_hangul = "새이름"
    widow.save()
    renamed = family_tree_svg(family=family_of(person=victim), decedent=victim, shares={})
    assert "새이름" in renamed and renamed != before
