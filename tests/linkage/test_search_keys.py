"""The search key of a person and the patterns of a query (amends.linkage.search): a name written in
any script or romanisation meets the key of the person it names, and not of others."""

import pytest

from amends.linkage.search import MAX_QUERY, person_search_key, query_patterns

# The demonstration's 이민철, as the registry holds him.
LEE = person_search_key(
    name_hangul="이민철",
    name_hanja="李敏哲",
    name_japanese="岩本敏哲",
    name_japanese_reading="いわもと びんてつ",
    name_romanized="Lee Min-cheol",
)
# Another 이, and another 민철, who must not be taken for him by a whole name.
LEE_DONGJU = person_search_key(name_hangul="이동주", name_hanja="李東柱", name_romanized="Lee Dong-ju")
KIM_MINCHEOL = person_search_key(name_hangul="김민철", name_hanja="金敏哲", name_romanized="Kim Min-cheol")


def finds(query: str, key: str) -> bool:
    return any(pattern in key for pattern in query_patterns(query))


@pytest.mark.parametrize(
    "query",
    [
        "lee min cheol", "Yi Min-chol", "Ri Min Chol", "Rhee Min Chul", "LEE, Min-cheol", "Min-cheol Lee",
        "이민철", "리민철", "이 민철", "李敏哲", "岩本敏哲", "岩本 敏哲",
        "いわもと びんてつ", "イワモト ビンテツ", "Iwamoto Bintetsu",
    ],
)  # fmt: skip
def test_every_writing_of_the_name_finds_him_and_not_the_others(query):
    assert finds(query, LEE)
    assert not finds(query, LEE_DONGJU)
    assert not finds(query, KIM_MINCHEOL)


@pytest.mark.parametrize("query", ["이민", "Lee Min", "李敏", "いわもと", "민철", "min cheol"])
def test_the_beginning_of_a_name_finds_him_as_it_is_typed(query):
    assert finds(query, LEE)


def test_a_surname_alone_finds_its_people_only():
    assert finds("Rhee", LEE) and finds("Rhee", LEE_DONGJU)
    assert not finds("Rhee", KIM_MINCHEOL)


def test_a_given_name_alone_finds_both_who_bear_it():
    assert finds("민철", LEE) and finds("민철", KIM_MINCHEOL)
    assert not finds("민철", LEE_DONGJU)


def test_the_middle_of_a_word_finds_nothing():
    # "철" ends 민철 but begins no word of the key
    assert not finds("철", LEE)


@pytest.mark.parametrize("query", ["", "   ", "김" * (MAX_QUERY + 1)])
def test_nothing_to_search_by_gives_no_pattern(query):
    assert query_patterns(query) == []


def test_a_case_number_is_not_read_as_a_name():
    assert query_patterns("2013다61381") == [" 2013다61381"]
