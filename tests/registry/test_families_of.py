"""The families of many people read in one pass are the families read one by one."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from amends.registry.models import Marriage, ParentChild, Person, Renunciation
from amends.registry.selectors import MAX_FAMILY, families_of

pytestmark = pytest.mark.django_db


def _person(name, sex="M", **fields):
    return Person.objects.create(name_hangul=name, sex=sex, **fields)


def _chain(prefix: str, generations: int) -> list[Person]:
    """A line of descent ``generations`` long, each generation married."""
    line = [_person(f"{prefix}0")]
    for n in range(1, generations):
        spouse = _person(f"{prefix}{n}s", "F")
        Marriage.objects.create(spouse_a=line[-1], spouse_b=spouse, started_on=date(1900 + 20 * n, 1, 1))
        child = _person(f"{prefix}{n}")
        ParentChild.objects.create(parent=line[-1], child=child)
        ParentChild.objects.create(parent=spouse, child=child)
        line.append(child)
    return line


def _as_tuple(family):
    return (
        list(family.people),
        family.parents,
        [m.pk for m in family.marriages],
        sorted(r.pk for r in family.renunciations),
    )


def test_each_persons_family_is_everyone_linked_to_them_and_no_one_else():
    kims, lees = _chain("김", 6), _chain("이", 3)
    Renunciation.objects.create(person=kims[3], estate_of=kims[2], accepted_on=date(2000, 1, 1))
    loner = _person("박")

    families = families_of(people=[kims[0], lees[-1], loner, kims[-1]])

    assert set(families[kims[0].pk].people) == {
        p.pk for p in Person.objects.filter(name_hangul__startswith="김")
    }
    assert families[kims[-1].pk] is families[kims[0].pk]
    assert set(families[lees[-1].pk].people) == {
        p.pk for p in Person.objects.filter(name_hangul__startswith="이")
    }
    assert list(families[loner.pk].people) == [loner.pk]
    kim = families[kims[0].pk]
    assert kim.parents[kims[1].pk] == sorted(kim.parents[kims[1].pk]) and len(kim.parents[kims[1].pk]) == 2
    assert len(kim.marriages) == 5 and len(kim.renunciations) == 1
    # one by one, the same
    for person in (kims[0], lees[-1], loner):
        assert _as_tuple(families_of(people=[person])[person.pk]) == _as_tuple(families[person.pk])


def test_the_families_are_read_in_five_queries_however_deep_and_many():
    shallow = [_chain(f"가{n}", 2)[0] for n in range(2)]
    deep = [_chain(f"나{n}", 8)[0] for n in range(6)]
    with CaptureQueriesContext(connection) as few:
        families_of(people=shallow)
    with CaptureQueriesContext(connection) as many:
        families_of(people=deep)
    assert len(few) == len(many) == 5


def test_a_family_too_large_is_refused(monkeypatch):
    line = _chain("최", 4)
    monkeypatch.setattr("amends.registry.selectors.MAX_FAMILY", 3)
    with pytest.raises(ValueError, match="more than"):
        families_of(people=[line[0]])
    assert MAX_FAMILY == 5000
