"""Succession (상속): docs/law.md §4 rule by rule, with exact shares worked by hand, and the worked
examples."""

import json
from datetime import date, timedelta
from fractions import Fraction as F

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from amends.law.succession import (
    Allocation,
    Era,
    Marriage,
    Person,
    SuccessionInputError,
    SuccessionUnsupported,
    allocate,
    era_of,
    succession,
)
from amends.law.succession_json import parse
from tests.conftest import data_file

EXAMPLES = json.loads(data_file("succession_examples.json").read_text())


def person(identifier, sex, *parents, born=None, died=None, **flags):
    return Person(
        id=identifier,
        sex=sex,
        born=date.fromisoformat(born) if born else None,
        died=date.fromisoformat(died) if died else None,
        parents=parents,
        **flags,
    )


def married(a, b, start, until=None):
    return Marriage((a, b), date.fromisoformat(start), date.fromisoformat(until) if until else None)


def shares(people, marriages=(), renounced=(), decedent="V"):
    return succession(decedent=decedent, people=people, marriages=marriages, renounced=renounced)


def family_of_v(died, *children, wife=True, wife_died=None, **v_flags):
    """V (a man) who died on ``died``, his wife W (unless ``wife=False``) and ``children`` of both."""
    people = [person("V", "M", died=died, **v_flags)]
    marriages = []
    if wife:
        people.append(person("W", "F", died=wife_died))
        marriages.append(married("V", "W", "1940-01-01"))
    return people + list(children), marriages


# -- the worked examples ------------------------------------------------------------------------------


@pytest.mark.parametrize("example", EXAMPLES, ids=[e["name"] for e in EXAMPLES])
def test_worked_examples(example):
    # given the example's input
    arguments = parse(example["input"])
    amount, rounding = arguments.pop("amount"), arguments.pop("rounding")
    # when computed
    result = succession(**arguments)
    # then the era, every share and every amount match
    expect = example["expect"]
    assert result.era == expect["era"]
    assert {heir: str(share) for heir, share in result.shares.items()} == expect["shares"]
    if "amounts" in expect:
        assert allocate(amount=amount, shares=result.shares, rule=rounding) == expect["amounts"]


# -- the era of a death -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("died", "era"),
    [
        ("1959-12-31", Era.CUSTOM),
        ("1960-01-01", Era.Y1960),
        ("1978-12-31", Era.Y1960),
        ("1979-01-01", Era.Y1979),
        ("1990-12-31", Era.Y1979),
        ("1991-01-01", Era.Y1991),
    ],
)
def test_the_era_turns_on_the_date_of_death(died, era):
    assert era_of(date.fromisoformat(died)) is era


# -- 1991 law: order and weights ----------------------------------------------------------------------


def test_1991_children_alone_share_equally():
    people, marriages = family_of_v(
        "2000-01-01", *(person(c, s, "V") for c, s in (("A", "M"), ("B", "F"), ("C", "F"))), wife=False
    )

    assert shares(people, marriages).shares == {"A": F(1, 3), "B": F(1, 3), "C": F(1, 3)}


def test_1991_a_living_child_excludes_their_own_children():
    people, marriages = family_of_v("2000-01-01", person("C", "M", "V", "W"), person("G", "M", "C"))

    # W 1.5 : C 1; the grandchild G is a farther degree.
    assert shares(people, marriages).shares == {"W": F(3, 5), "C": F(2, 5)}


def test_1991_spouse_with_parents_and_no_descendants():
    people = [
        person("GF", "M"),
        person("GM", "F"),
        person("V", "M", "GF", "GM", died="2010-05-05"),
        person("W", "F"),
        person("B", "M", "GF", "GM"),  # a sibling: third order, excluded by the ascendants
    ]
    result = shares(people, [married("V", "W", "1990-01-01"), married("GF", "GM", "1950-01-01")])

    # W 1.5 : father 1 : mother 1
    assert result.shares == {"GF": F(2, 7), "GM": F(2, 7), "W": F(3, 7)}
    assert result.paths["GM"] == ["V → GM (parent, 2/7)"]


def test_1991_nearer_ascendant_excludes_grandparents_and_there_is_no_representation_among_them():
    people = [
        person("PGF", "M"),
        person("MGF", "M"),
        person("F", "M", "PGF", died="2000-01-01"),
        person("M", "F", "MGF"),
        person("V", "M", "F", "M", died="2010-05-05"),
    ]

    assert shares(people).shares == {"M": F(1)}


def test_1991_grandparents_when_both_parents_died():
    people = [
        person("PGF", "M"),
        person("PGM", "F"),
        person("MGM", "F"),
        person("F", "M", "PGF", "PGM", died="2000-01-01"),
        person("M", "F", "MGM", died="2001-01-01"),
        person("V", "M", "F", "M", died="2010-05-05"),
    ]
    result = shares(people)

    assert result.shares == {"PGF": F(1, 3), "PGM": F(1, 3), "MGM": F(1, 3)}
    assert result.paths["MGM"] == ["V → MGM (grandparent, 1/3)"]


def test_1991_spouse_alone_excludes_siblings():
    people = [
        person("P", "M", died="1980-01-01"),
        person("V", "M", "P", died="2010-05-05"),
        person("W", "F"),
        person("B", "M", "P"),
    ]

    assert shares(people, [married("V", "W", "1990-01-01")]).shares == {"W": F(1)}


def test_1991_siblings_and_half_siblings_share_equally():
    people = [
        person("P", "M", died="1980-01-01"),
        person("M1", "F", died="1970-01-01"),
        person("M2", "F", died="1985-01-01"),
        person("V", "M", "P", "M1", died="2010-05-05"),
        person("B", "M", "P", "M1"),
        person("H", "F", "P", "M2"),
    ]
    result = shares(people)

    assert result.shares == {"B": F(1, 2), "H": F(1, 2)}
    assert result.paths == {"B": ["V → B (sibling, 1/2)"], "H": ["V → H (half-sibling, 1/2)"]}
    assert result.review == ()


# -- representation (대습상속) ------------------------------------------------------------------------


def test_1991_predeceased_son_represented_by_his_widow_and_children_per_branch():
    people, marriages = family_of_v(
        "2005-03-01",
        person("C1", "M", "V", "W", died="2001-01-01"),
        person("C2", "F", "V", "W"),
        person("S", "F"),
        person("G1", "M", "C1", "S"),
        person("G2", "F", "C1", "S"),
    )
    result = shares(people, [*marriages, married("C1", "S", "1980-01-01")])

    # V: W 1.5, C1's branch 1, C2 1 -> 3/7, 2/7, 2/7. The branch: S 1.5, G1 1, G2 1.
    assert result.shares == {
        "W": F(3, 7),
        "C2": F(2, 7),
        "S": F(2, 7) * F(3, 7),
        "G1": F(2, 7) * F(2, 7),
        "G2": F(2, 7) * F(2, 7),
    }
    assert result.paths["G1"] == ["V → G1 (grandchild, representing C1, 4/49)"]
    assert result.paths["S"] == ["V → S (spouse of C1, representing C1, 6/49)"]


def test_grandchildren_whose_parents_all_predeceased_take_per_branch_not_per_head():
    people, marriages = family_of_v(
        "2005-03-01",
        person("C1", "M", "V", died="2001-01-01"),
        person("C2", "M", "V", died="2002-01-01"),
        person("G1", "M", "C1"),
        person("G2", "M", "C2"),
        person("G3", "F", "C2"),
        person("G4", "F", "C2"),
        wife=False,
    )

    assert shares(people, marriages).shares == {"G1": F(1, 2), "G2": F(1, 6), "G3": F(1, 6), "G4": F(1, 6)}


def test_branches_of_different_sizes_share_over_a_common_denominator():
    people, marriages = family_of_v(
        "2005-03-01",
        person("C1", "M", "V", died="2001-01-01"),
        person("C2", "F", "V", died="2002-01-01"),
        person("C3", "M", "V"),
        *(person(g, "M", "C1") for g in ("G1", "G2")),
        *(person(g, "F", "C2") for g in ("G3", "G4", "G5")),
        wife=False,
    )

    assert shares(people, marriages).shares == {
        "C3": F(1, 3),
        "G1": F(1, 6),
        "G2": F(1, 6),
        "G3": F(1, 9),
        "G4": F(1, 9),
        "G5": F(1, 9),
    }


def test_1991_a_predeceased_daughters_husband_represents_her():
    people, marriages = family_of_v(
        "1995-03-01",
        person("D", "F", "V", died="1990-01-01"),
        person("C", "M", "V"),
        person("H", "M"),
        person("G", "M", "D", "H"),
        wife=False,
    )

    # D's half: H 1.5 and G 1.
    result = shares(people, [*marriages, married("D", "H", "1970-01-01")])
    assert result.shares == {"C": F(1, 2), "H": F(3, 10), "G": F(1, 5)}


def test_before_1991_only_a_widow_represents_not_a_widower():
    people, marriages = family_of_v(
        "1985-03-01",
        person("D", "F", "V", died="1980-01-01"),
        person("S", "M", "V", died="1981-01-01"),
        person("H", "M"),
        person("SW", "F"),
        person("G", "M", "D", "H"),
        wife=False,
    )
    result = shares(people, [*marriages, married("D", "H", "1970-01-01"), married("S", "SW", "1975-01-01")])

    # D's branch (a daughter in the register: 1 in 1979) goes to G alone: H cannot represent before 1991.
    # S's branch (1) goes to his widow SW, who takes alone as S left no descendant.
    assert result.shares == {"SW": F(1, 2), "G": F(1, 2)}
    assert result.paths["SW"] == ["V → SW (spouse of S, representing S, 1/2)"]


def test_1960_a_predeceased_sons_widow_represents_at_half_a_sons_weight():
    people, marriages = family_of_v(
        "1965-03-01",
        person("S1", "M", "V", died="1962-01-01"),
        person("S2", "M", "V"),
        person("SW", "F"),
        person("G", "M", "S1", "SW"),
        wife=False,
    )
    result = shares(people, [*marriages, married("S1", "SW", "1950-01-01")])

    # S1's half: his widow ½ and his son 1.
    assert result.shares == {"S2": F(1, 2), "SW": F(1, 6), "G": F(1, 3)}


def test_a_widow_who_remarried_before_the_death_no_longer_represents():
    people, marriages = family_of_v(
        "2005-03-01",
        person("C1", "M", "V", died="2000-01-01"),
        person("C2", "M", "V"),
        person("S", "F"),
        person("X", "M"),
        person("G", "F", "C1", "S"),
        wife=False,
    )
    result = shares(people, [*marriages, married("C1", "S", "1980-01-01"), married("S", "X", "2003-06-01")])

    assert result.shares == {"C2": F(1, 2), "G": F(1, 2)}


def test_dying_on_the_same_day_counts_as_dying_before():
    people, marriages = family_of_v(
        "2005-03-01",
        person("C1", "M", "V", "W", died="2005-03-01"),
        person("G", "M", "C1"),
    )
    result = shares(people, marriages)

    # C1 does not inherit from V (simultaneous death); G represents him.
    assert result.shares == {"W": F(3, 5), "G": F(2, 5)}
    assert result.paths["G"] == ["V → G (grandchild, representing C1, 2/5)"]


def test_1991_a_predeceased_sibling_is_represented_by_spouse_and_children():
    people = [
        person("P", "M", died="1980-01-01"),
        person("V", "M", "P", died="2010-05-05"),
        person("B1", "M", "P"),
        person("B2", "M", "P", died="2005-01-01"),
        person("BW", "F"),
        person("N1", "F", "B2", "BW"),
    ]
    result = shares(people, [married("B2", "BW", "1980-01-01")])

    # B2's half: BW 1.5 and N1 1.
    assert result.shares == {"B1": F(1, 2), "BW": F(3, 10), "N1": F(1, 5)}
    assert result.paths["N1"] == ["V → N1 (sibling's child, representing B2, 1/5)"]


def test_before_1991_a_predeceased_brothers_widow_represents_and_is_flagged():
    people = [
        person("P", "M", died="1970-01-01"),
        person("V", "M", "P", died="1985-05-05"),
        person("B1", "M", "P"),
        person("B2", "M", "P", died="1980-01-01"),
        person("BW", "F"),
    ]
    result = shares(people, [married("B2", "BW", "1960-01-01")])

    assert result.shares == {"B1": F(1, 2), "BW": F(1, 2)}
    assert any("widow of B2" in flag and "Art. 1003(2)" in flag for flag in result.review)


# -- the weights of 1960 and 1979 ---------------------------------------------------------------------


def test_1960_household_head_wife_sons_daughter_in_register_and_married_out():
    people, marriages = family_of_v(
        "1970-06-01",
        person("S1", "M", "V", "W", household_head_heir=True),
        person("S2", "M", "V", "W"),
        person("D1", "F", "V", "W"),
        person("D2", "F", "V", "W", married_out=True),
        household_head=True,
    )
    result = shares(people, marriages)

    # W ½, S1 1.5, S2 1, D1 ½, D2 ¼: total 15/4.
    assert result.era is Era.Y1960
    assert result.shares == {"W": F(2, 15), "S1": F(6, 15), "S2": F(4, 15), "D1": F(2, 15), "D2": F(1, 15)}
    assert result.paths["S1"] == ["V → S1 (child, household-head heir, 2/5)"]
    assert result.review == ()


def test_1960_wife_with_ascendants_takes_a_sons_share_and_the_mother_half():
    people = [
        person("GF", "M"),
        person("GM", "F"),
        person("V", "M", "GF", "GM", died="1965-05-05"),
        person("W", "F"),
    ]
    result = shares(people, [married("V", "W", "1955-01-01")])

    # W 1, father 1, mother ½.
    assert result.shares == {"GF": F(2, 5), "GM": F(1, 5), "W": F(2, 5)}
    assert any("ascendants" in flag and "Art. 1009" in flag for flag in result.review)


def test_1979_daughters_in_the_register_equal_sons_and_the_wife_takes_one_and_a_half():
    people, marriages = family_of_v("1980-06-01", person("S", "M", "V", "W"), person("D", "F", "V", "W"))

    assert shares(people, marriages).shares == {"W": F(3, 7), "S": F(2, 7), "D": F(2, 7)}


def test_1979_husband_takes_a_sons_weight_and_is_flagged_as_unsettled():
    people = [
        person("V", "F", died="1986-12-25"),
        person("H", "M"),
        person("D", "F", "V", "H", married_out=True),
    ]
    result = shares(people, [married("H", "V", "1950-01-01")])

    # The husband 1, a married-out daughter ¼.
    assert result.shares == {"H": F(4, 5), "D": F(1, 5)}
    assert len(result.review) == 1
    assert "husband" in result.review[0] and "unsettled" in result.review[0]


def test_a_household_head_without_a_marked_heir_is_flagged_not_guessed():
    people, marriages = family_of_v(
        "1985-06-01", person("S", "M", "V", "W"), person("D", "F", "V", "W"), household_head=True
    )
    result = shares(people, marriages)

    assert result.shares == {"W": F(3, 7), "S": F(2, 7), "D": F(2, 7)}
    assert any("household_head_heir" in flag for flag in result.review)


def test_the_household_head_weight_counts_only_when_the_decedent_headed_the_household():
    people, marriages = family_of_v(
        "1985-06-01", person("S1", "M", "V", "W", household_head_heir=True), person("S2", "M", "V", "W")
    )

    assert shares(people, marriages).shares == {"W": F(3, 7), "S1": F(2, 7), "S2": F(2, 7)}


def test_1991_ignores_the_household_register():
    people, marriages = family_of_v(
        "1995-06-01",
        person("S1", "M", "V", "W", household_head_heir=True),
        person("D", "F", "V", "W", married_out=True),
        household_head=True,
    )

    assert shares(people, marriages).shares == {"W": F(3, 7), "S1": F(2, 7), "D": F(2, 7)}


def test_household_head_heir_by_representation_weights_the_branch_and_is_flagged():
    people, marriages = family_of_v(
        "1975-06-01",
        person("S1", "M", "V", died="1970-01-01"),
        person("S2", "M", "V"),
        person("G1", "M", "S1", household_head_heir=True),
        person("G2", "M", "S1"),
        wife=False,
        household_head=True,
    )
    result = shares(people, marriages)

    # S1's branch weighs 1.5 against S2's 1; within it G1 1.5 and G2 1.
    assert result.shares == {"S2": F(2, 5), "G1": F(3, 5) * F(3, 5), "G2": F(3, 5) * F(2, 5)}
    assert any("by representation" in flag for flag in result.review)


def test_two_heirs_marked_as_succeeding_the_same_household_head_is_an_error():
    people, marriages = family_of_v(
        "1975-06-01",
        person("S1", "M", "V", household_head_heir=True),
        person("S2", "M", "V", household_head_heir=True),
        wife=False,
        household_head=True,
    )

    with pytest.raises(SuccessionInputError) as raised:
        shares(people, marriages)
    assert raised.value.field == "people[2].household_head_heir"


# -- successive inheritance (재상속) -------------------------------------------------------------------


def test_each_later_death_follows_its_own_law():
    people, marriages = family_of_v(
        "1975-06-01",
        person("S", "M", "V", "W", died="1995-01-01"),
        person("D", "F", "V", "W"),
        person("SW", "F"),
        person("G", "F", "S", "SW", married_out=True),
    )
    result = shares(people, [*marriages, married("S", "SW", "1970-01-01")])

    # V (1960 law): W ½, S 1, D ½ -> 1/4, 1/2, 1/4. S (1991 law, so G's marriage no longer matters):
    # SW 1.5, G 1 -> 3/5 and 2/5 of S's half.
    assert result.era is Era.Y1960
    assert result.shares == {"W": F(1, 4), "D": F(1, 4), "SW": F(3, 10), "G": F(1, 5)}
    assert result.paths["G"] == ["V → S (child, 1/2) → G (child, 2/5 of S's share)"]


def test_an_heir_taking_by_two_routes_has_two_paths_and_their_sum():
    people, marriages = family_of_v(
        "2000-01-01",
        person("C1", "F", "V", "W"),
        person("C2", "M", "V", "W"),
        wife_died="2010-01-01",
    )
    result = shares(people, marriages)

    # V: W 3/7, C1 2/7, C2 2/7; W's 3/7 then halves between C1 and C2.
    assert result.shares == {"C1": F(1, 2), "C2": F(1, 2)}
    assert result.paths["C1"] == ["V → C1 (child, 2/7)", "V → W (spouse, 3/7) → C1 (child, 1/2 of W's share)"]


def test_successive_inheritance_three_levels_deep():
    people, marriages = family_of_v(
        "1992-01-01",
        person("C", "M", "V", died="2000-01-01"),
        person("G", "M", "C", died="2010-01-01"),
        person("GG", "F", "G"),
        wife=False,
    )

    result = shares(people, marriages)
    assert result.shares == {"GG": F(1)}
    assert result.paths["GG"] == ["V → C (child, 1) → G (child, 1 of C's share) → GG (child, 1 of G's share)"]


# -- renunciation (상속포기) --------------------------------------------------------------------------


def test_a_renouncer_is_never_an_heir_and_their_children_do_not_represent_them():
    people, marriages = family_of_v(
        "2010-01-01", person("C1", "M", "V", "W"), person("C2", "F", "V", "W"), person("G", "M", "C2")
    )
    result = shares(people, marriages, renounced=["C2"])

    assert result.shares == {"W": F(3, 5), "C1": F(2, 5)}


def test_when_every_child_renounces_the_spouse_inherits_alone_2020_geu_42():
    people = [
        person("GF", "M"),
        person("V", "M", "GF", died="2021-01-01"),
        person("W", "F"),
        person("C1", "M", "V", "W"),
        person("C2", "F", "V", "W"),
        person("G", "M", "C1"),
    ]
    result = shares(people, [married("V", "W", "1980-01-01")], renounced=["C1", "C2"])

    # Neither the grandchild nor V's living father shares with W (overruling 2013다48852).
    assert result.shares == {"W": F(1)}
    assert result.paths["W"] == ["V → W (spouse, alone: every child renounced (2020그42), 1)"]


def test_when_every_child_renounces_and_there_is_no_spouse_grandchildren_inherit_per_head():
    people, marriages = family_of_v(
        "2010-01-01",
        person("C1", "M", "V"),
        person("C2", "F", "V"),
        person("G1", "M", "C1"),
        person("G2", "F", "C2"),
        person("G3", "F", "C2"),
        wife=False,
    )
    result = shares(people, marriages, renounced=["C1", "C2"])

    # In their own right (95다27769), so per head and not per branch.
    assert result.shares == {"G1": F(1, 3), "G2": F(1, 3), "G3": F(1, 3)}
    assert result.paths["G1"] == ["V → G1 (grandchild, in own right: the nearer heirs renounced, 1/3)"]


def test_a_husband_taking_alone_when_every_child_renounced_before_1991_is_flagged():
    people = [person("V", "F", died="1985-01-01"), person("H", "M"), person("C", "M", "V", "H")]
    result = shares(people, [married("H", "V", "1960-01-01")], renounced=["C"])

    assert result.shares == {"H": F(1)}
    assert len(result.review) == 1 and "husband" in result.review[0]


def test_a_renouncing_spouse_is_no_heir_and_the_children_share():
    people, marriages = family_of_v("2010-01-01", person("C1", "M", "V", "W"), person("C2", "F", "V", "W"))

    assert shares(people, marriages, renounced=["W"]).shares == {"C1": F(1, 2), "C2": F(1, 2)}


def test_when_the_parents_renounce_the_spouse_takes_alone_and_it_is_flagged():
    people = [person("GF", "M"), person("V", "M", "GF", died="2010-01-01"), person("W", "F")]
    result = shares(people, [married("V", "W", "1990-01-01")], renounced=["GF"])

    assert result.shares == {"W": F(1)}
    assert any("2020그42" in flag and "ascendants" in flag for flag in result.review)


def test_a_renouncer_predeceasing_a_later_estate_is_represented_there():
    # C2 renounced V's estate; she died before her mother W, whose estate she could not renounce.
    people, marriages = family_of_v(
        "2000-01-01",
        person("C1", "M", "V", "W"),
        person("C2", "F", "V", "W", died="2005-01-01"),
        person("G", "M", "C2"),
        wife_died="2010-01-01",
    )
    result = shares(people, marriages, renounced=["C2"])

    # V: W 3/5, C1 2/5. W: C1 1/2, C2's branch (G) 1/2.
    assert result.shares == {"C1": F(2, 5) + F(3, 10), "G": F(3, 10)}
    assert result.review == ()


def test_a_renouncer_excluded_from_two_estates_is_flagged():
    people, marriages = family_of_v(
        "2000-01-01",
        person("C1", "M", "V", "W"),
        person("C2", "F", "V", "W"),
        wife_died="2010-01-01",
    )
    result = shares(people, marriages, renounced=["C2"])

    assert result.shares == {"C1": F(1)}
    assert result.review == (
        "C2 is listed as renouncing and was excluded from each of these estates: V, W; confirm a "
        "renunciation of each",
    )


# -- the customary law (before 1960) ------------------------------------------------------------------


def test_custom_household_heads_estate_goes_whole_to_the_heir_and_names_the_younger_sons_for_review():
    people, marriages = family_of_v(
        "1950-06-25",
        person("S1", "M", "V", "W", household_head_heir=True),
        person("S2", "M", "V", "W"),
        person("S3", "M", "V", "W", died="1945-01-01"),
        person("S4", "M", "V", "W"),
        person("D", "F", "V", "W"),
        person("G", "M", "S3"),
        household_head=True,
    )
    result = shares(people, marriages)

    # S1 alone holds the claim; the younger sons' distribution right (분재청구권) is a claim against
    # him, named for review and never split off the award; the wife and daughter take nothing.
    assert result.era is Era.CUSTOM
    assert result.shares == {"S1": F(1)}
    assert result.paths == {"S1": ["V → S1 (household-head heir (custom), 1)"]}
    assert result.review == (
        "custom era (V died 1950-06-25): the household-head heir S1 takes the household head's whole "
        "estate and alone holds the claim; wives and daughters take nothing: legal review required",
        "custom era (V died 1950-06-25): the younger sons S2, S3 (died before V), S4 have a customary "
        "right to a distribution from S1 (분재청구권, about half of the estate among the younger sons); "
        "it is a claim against S1, not a share of the award, which is not split for it: legal review "
        "required",
    )


def test_custom_one_younger_son_takes_no_share_and_is_named_for_review():
    # docs/law.md §4.3: a household head who died 1950-06-25, his heir S1 and one younger son S2
    people, marriages = family_of_v(
        "1950-06-25",
        person("S1", "M", "V", "W", household_head_heir=True),
        person("S2", "M", "V", "W"),
        household_head=True,
    )
    result = shares(people, marriages)

    assert result.shares == {"S1": F(1)}
    assert len(result.review) == 2
    assert "custom era" in result.review[0]
    assert (
        "the younger son S2 has a customary right to a distribution from S1 (분재청구권" in result.review[1]
    )
    assert allocate(amount=100_000_000, shares=result.shares, rule=Allocation.FLOOR) == {"S1": 100_000_000}


def test_custom_household_head_without_younger_sons_only_the_era_is_flagged():
    people, marriages = family_of_v(
        "1950-06-25",
        person("S1", "M", "V", "W", household_head_heir=True),
        person("D", "F", "V", "W"),
        household_head=True,
    )
    result = shares(people, marriages)

    assert result.shares == {"S1": F(1)}
    assert len(result.review) == 1
    assert "custom era" in result.review[0] and "분재청구권" not in result.review[0]


def test_custom_heir_by_representation_takes_whole_and_his_uncles_are_the_younger_sons():
    # the eldest son S1 died before V; his son G succeeds V as household head and takes the whole
    # estate; S2 is the younger son named for review, S1 (in G's line) is not
    people, marriages = family_of_v(
        "1950-06-25",
        person("S1", "M", "V", "W", died="1948-01-01"),
        person("S2", "M", "V", "W"),
        person("G", "M", "S1", household_head_heir=True),
        household_head=True,
    )
    result = shares(people, marriages)

    assert result.shares == {"G": F(1)}
    assert any(
        "the younger son S2 has a customary right to a distribution from G" in f for f in result.review
    )
    assert not any("S1 (died before V)" in flag for flag in result.review)


def test_custom_non_heads_estate_to_the_children_in_the_register_equally():
    people, marriages = family_of_v(
        "1955-06-25",
        person("S", "M", "V", "W"),
        person("D1", "F", "V", "W"),
        person("D2", "F", "V", "W", married_out=True),
    )
    result = shares(people, marriages)

    assert result.shares == {"S": F(1, 2), "D1": F(1, 2)}
    assert "custom era" in result.review[0]


def test_custom_household_head_without_a_marked_heir_is_refused():
    people, marriages = family_of_v("1950-06-25", person("S", "M", "V", "W"), household_head=True)

    with pytest.raises(SuccessionUnsupported) as raised:
        shares(people, marriages)
    assert raised.value.field == "people[0].household_head"
    assert "needs legal review" in raised.value.message


def test_custom_estate_without_children_in_the_register_is_refused():
    people, marriages = family_of_v("1955-06-25", person("D", "F", "V", "W", married_out=True))

    with pytest.raises(SuccessionUnsupported, match="needs legal review"):
        shares(people, marriages)


# -- collateral relatives and no heir -----------------------------------------------------------------


def test_1991_collaterals_nearest_degree_within_the_fourth():
    people = [
        person("GP", "M", died="1970-01-01"),
        person("P", "M", "GP", died="1990-01-01"),
        person("U", "M", "GP"),  # uncle, 3rd degree
        person("A", "F", "GP", died="2000-01-01"),
        person("K", "F", "A"),  # cousin, 4th degree
        person("V", "M", "P", died="2010-01-01"),
    ]
    result = shares(people)

    assert result.shares == {"U": F(1)}
    assert result.paths["U"] == ["V → U (collateral relative, 3rd degree, 1)"]
    assert any("collateral relatives of the 3rd degree" in flag for flag in result.review)


def test_1991_cousins_when_no_uncle_survives():
    people = [
        person("GP", "M", died="1970-01-01"),
        person("P", "M", "GP", died="1990-01-01"),
        person("U", "M", "GP", died="2000-01-01"),
        person("K1", "F", "U"),
        person("K2", "M", "U"),
        person("V", "M", "P", died="2010-01-01"),
    ]

    # No representation in the fourth order: the cousins take in their own right.
    assert shares(people).shares == {"K1": F(1, 2), "K2": F(1, 2)}


def test_before_1991_collaterals_beyond_siblings_are_refused():
    people = [
        person("GP", "M", died="1950-01-01"),
        person("P", "M", "GP", died="1960-01-01"),
        person("U", "M", "GP"),
        person("V", "M", "P", died="1985-01-01"),
    ]

    with pytest.raises(SuccessionUnsupported, match=r"8th degree.*needs legal review") as raised:
        shares(people)
    assert raised.value.field == "people[3]"


def test_no_heir_at_all_is_refused():
    with pytest.raises(SuccessionUnsupported, match="no heir of V") as raised:
        shares([person("V", "M", died="2010-01-01")])
    assert raised.value.field == "people[0]"


def test_a_later_estate_without_heir_is_refused_naming_it():
    people, marriages = family_of_v("2000-01-01", person("C", "M", "V"), wife_died="2005-01-01")

    # W's share passes to her heirs: she has no child, parent or sibling among the people given.
    with pytest.raises(SuccessionUnsupported, match="no heir of W") as raised:
        shares(people, marriages)
    assert raised.value.field == "people[1]"


# -- other review flags -------------------------------------------------------------------------------


def test_a_child_born_after_the_death_was_conceived_before_it_and_is_flagged():
    people, marriages = family_of_v(
        "2000-01-01", person("C1", "M", "V", "W"), person("C2", "F", "V", "W", born="2000-06-01")
    )
    result = shares(people, marriages)

    assert result.shares == {"W": F(3, 7), "C1": F(2, 7), "C2": F(2, 7)}
    assert any("태아" in flag and "152 days" in flag for flag in result.review)


def test_someone_born_long_after_the_death_is_no_heir():
    people, marriages = family_of_v("2000-01-01", person("C", "M", "V", "W", born="2001-06-01"))

    assert shares(people, marriages).shares == {"W": F(1)}


def test_a_woman_dying_between_1960_and_1990_with_stepchildren_is_flagged():
    people = [
        person("V", "F", died="1980-01-01"),
        person("H", "M"),
        person("X", "F", died="1950-01-01"),
        person("C", "M", "V", "H"),
        person("SC", "M", "H", "X"),
    ]
    result = shares(people, [married("H", "X", "1940-01-01"), married("H", "V", "1955-01-01")])

    assert result.shares == {"H": F(1, 2), "C": F(1, 2)}
    assert any("SC" in flag and "계모자" in flag for flag in result.review)


def test_a_maternal_half_sibling_before_1991_is_flagged():
    people = [
        person("F1", "M", died="1950-01-01"),
        person("F2", "M", died="1960-01-01"),
        person("M", "F", died="1970-01-01"),
        person("V", "M", "F1", "M", died="1985-01-01"),
        person("H", "M", "F2", "M"),
    ]
    result = shares(people)

    assert result.shares == {"H": F(1)}
    assert any("through the mother only" in flag for flag in result.review)


# -- allocation in won --------------------------------------------------------------------------------


def test_floor_leaves_the_remainder_unallocated():
    thirds = {"A": F(1, 3), "B": F(1, 3), "C": F(1, 3)}

    assert allocate(amount=100, shares=thirds, rule=Allocation.FLOOR) == {"A": 33, "B": 33, "C": 33}


def test_largest_remainder_gives_the_leftover_to_the_largest_remainders_ties_to_the_first_listed():
    thirds = {"C": F(1, 3), "A": F(1, 3), "B": F(1, 3)}
    assert allocate(amount=100, shares=thirds, rule=Allocation.LARGEST_REMAINDER) == {
        "C": 34,
        "A": 33,
        "B": 33,
    }
    assert allocate(amount=2, shares=thirds, rule=Allocation.LARGEST_REMAINDER) == {"C": 1, "A": 1, "B": 0}

    # 100 × 3/7 = 42.857…, 100 × 2/7 = 28.571…: the largest remainder wins before the order.
    sevenths = {"C1": F(2, 7), "W": F(3, 7), "C2": F(2, 7)}
    assert allocate(amount=100, shares=sevenths, rule=Allocation.LARGEST_REMAINDER) == {
        "C1": 29,
        "W": 43,
        "C2": 28,
    }


def test_allocation_refuses_a_negative_amount():
    with pytest.raises(SuccessionInputError) as raised:
        allocate(amount=-1, shares={"A": F(1)})
    assert raised.value.field == "amount"


# -- bad input ----------------------------------------------------------------------------------------


def _error(people, marriages=(), renounced=(), decedent="V"):
    with pytest.raises(SuccessionInputError) as raised:
        succession(decedent=decedent, people=people, marriages=marriages, renounced=renounced)
    assert not isinstance(raised.value, SuccessionUnsupported)
    return raised.value


def test_a_cycle_of_parents_is_named():
    error = _error(
        [
            person("V", "M", died="2000-01-01"),
            person("A", "M", "C"),
            person("B", "F", "A"),
            person("C", "M", "B"),
        ]
    )
    assert error.field.endswith(".parents")
    assert "cycle of parents" in error.message
    assert all(name in error.message for name in ("A", "B", "C"))


def test_a_dated_family_with_a_cycle_fails_on_the_dates():
    error = _error(
        [
            person("V", "M", died="2000-01-01"),
            person("A", "M", "B", born="1950-01-01"),
            person("B", "M", "A", born="1960-01-01"),
        ]
    )
    assert (error.field, error.message) == ("people[1].born", "is not after the birth of their parent 'B'")


@pytest.mark.parametrize(
    ("people", "marriages", "renounced", "decedent", "field"),
    [
        ([person("V", "M", "X", died="2000-01-01")], [], [], "V", "people[0].parents"),
        (
            [person("V", "M", died="2000-01-01")],
            [married("V", "W", "1990-01-01")],
            [],
            "V",
            "marriages[0].spouses",
        ),
        ([person("V", "M", died="2000-01-01")], [], ["Z"], "V", "renounced[0]"),
        ([person("V", "M", died="2000-01-01")], [], [], "", "decedent"),
        ([person("V", "M", died="2000-01-01")], [], [], "Q", "decedent"),
        ([person("V", "M")], [], [], "V", "decedent"),
        ([person("V", "M", died="2000-01-01")], [], ["V"], "V", "renounced[0]"),
        ([person("V", "M", born="2001-01-01", died="2000-01-01")], [], [], "V", "people[0].died"),
        ([person("V", "M", died="2000-01-01"), person("V", "F")], [], [], "V", "people[1].id"),
        ([person("V", "X", died="2000-01-01")], [], [], "V", "people[0].sex"),
        ([person("V", "M", died="2000-01-01", married_out=True)], [], [], "V", "people[0].married_out"),
        ([person("V", "M", "V", died="2000-01-01")], [], [], "V", "people[0].parents"),
        (
            [person("A", "M"), person("B", "M"), person("V", "M", "A", "B", died="2000-01-01")],
            [],
            [],
            "V",
            "people[2].parents",
        ),
        (
            [
                person("A", "M", born="1950-01-01"),
                person("V", "M", "A", born="1940-01-01", died="2000-01-01"),
            ],
            [],
            [],
            "V",
            "people[1].born",
        ),
        (
            [
                person("M", "F", died="1950-01-01"),
                person("V", "M", "M", born="1951-01-01", died="2000-01-01"),
            ],
            [],
            [],
            "V",
            "people[1].born",
        ),
        (
            [person("V", "M", died="2000-01-01"), person("A", "M")],
            [married("V", "A", "1990-01-01")],
            [],
            "V",
            "marriages[0].spouses",
        ),
        (
            [person("V", "M", died="2000-01-01"), person("W", "F", born="1980-01-01")],
            [married("V", "W", "1970-01-01")],
            [],
            "V",
            "marriages[0].from",
        ),
        (
            [person("V", "M", died="2000-01-01"), person("W", "F")],
            [married("V", "W", "2001-01-01")],
            [],
            "V",
            "marriages[0].from",
        ),
        (
            [person("V", "M", died="2000-01-01"), person("W", "F")],
            [married("V", "W", "1990-01-01", "1980-01-01")],
            [],
            "V",
            "marriages[0].until",
        ),
        ([person("V", "M", died="2000-01-01")], [], ["V", "V"], "V", "renounced[1]"),
    ],
)
def test_bad_input_names_the_field(people, marriages, renounced, decedent, field):
    assert _error(people, marriages, renounced, decedent).field == field


def test_two_spouses_at_the_same_time_is_an_error():
    people = [person("V", "M", died="2000-01-01"), person("W1", "F"), person("W2", "F")]
    error = _error(people, [married("V", "W1", "1950-01-01"), married("V", "W2", "1960-01-01")])

    assert error.field == "marriages[1]"
    assert error.message == "'V' would have two spouses at the same time ('W1' and 'W2')"


def test_a_new_marriage_after_a_divorce_or_a_death_is_no_overlap():
    people = [person("V", "M", died="2000-01-01"), person("W1", "F"), person("W2", "F", died="1970-01-01")]
    people.append(person("W3", "F"))
    marriages = [
        married("V", "W1", "1950-01-01", "1960-01-01"),
        married("V", "W2", "1960-01-01"),
        married("V", "W3", "1975-01-01"),
    ]

    # Only the marriage in force at the death gives a spouse.
    assert shares(people, marriages).shares == {"W3": F(1)}


def test_a_renouncers_descendants_can_gain_when_the_renouncer_dies_before_a_later_estate():
    # Why the property test below requires the renouncer to outlive every later estate: R renounced
    # her father's estate, which went to her mother W and brother S instead. R then died (1979 law:
    # her husband 1, her married-out daughter G ¼), her husband remarried, and W died under the 1991
    # law, where G represents R alone. R's renounced share reached G through W at a better rate than
    # R's own estate would have passed it on: 21/70 against 19/70. That is the law, not a defect.
    people = [
        person("V", "M", died="1980-01-01"),
        person("W", "F", died="1995-01-01"),
        person("R", "F", "V", "W", died="1985-01-01"),
        person("S", "M", "V", "W"),
        person("H", "M"),
        person("X", "F"),
        person("G", "F", "R", "H", married_out=True),
    ]
    marriages = [
        married("V", "W", "1950-01-01"),
        married("H", "R", "1960-01-01"),
        married("H", "X", "1990-01-01"),
    ]

    kept = shares(people, marriages)
    renounced = shares(people, marriages, renounced=["R"])

    assert kept.shares == {"S": F(1, 2), "H": F(8, 35), "G": F(19, 70)}
    assert renounced.shares == {"S": F(7, 10), "G": F(3, 10)}
    assert renounced.paths["G"] == ["V → W (spouse, 3/5) → G (grandchild, representing R, 1/2 of W's share)"]


# -- properties over generated families ---------------------------------------------------------------

LAST_DAY = date(2024, 12, 31)
YEARS = [1955, 1965, 1975, 1983, 1989, 1993, 2004, 2016]
# Hypothesis draws the first choice more often than the others: "alive" first, but no majority.
FATES = ["alive", "before", "after", "alive", "after", "before", "alive"]
RENOUNCES = [False, False, False, False, False, True]


@st.composite
def families(draw, living_children=0):
    """Three or four generations around a victim V, with some later deaths and renunciations.

    The first ``living_children`` children of V and W never die and there are at least that many.
    """
    died = date(draw(st.sampled_from(YEARS)), draw(st.integers(1, 12)), draw(st.integers(1, 28)))
    born = died - timedelta(days=365 * draw(st.integers(50, 80)))
    head = died.year < 1991 and draw(st.booleans())
    old = died.year < 1991
    people: list[dict] = []

    def add(identifier, sex, born, death=None, parents=(), **flags):
        people.append(
            {"id": identifier, "sex": sex, "born": born, "died": death, "parents": parents, **flags}
        )
        return people[-1]

    def days(low, high):
        return timedelta(days=draw(st.integers(low, high)))

    def fate(born):
        """A death date before V's (mostly late enough to leave children), after it, or none."""
        choice = draw(st.sampled_from(FATES))
        if choice == "before" and born + timedelta(days=2) < died:
            earliest = born + timedelta(days=30 * 365)
            if earliest + timedelta(days=2) >= died:
                earliest = born
            return earliest + days(1, (died - earliest).days - 1)
        if choice == "after":
            start = max(born, died)
            if start + timedelta(days=2) < LAST_DAY:
                return start + days(1, (LAST_DAY - start).days - 1)
        return None

    victim = add("V", "M", born, died, household_head=head)
    marriages = []
    if draw(st.booleans()):
        # Parents and a brother of V: the second and third orders, and V's siblings' lines.
        add("F", "M", born - timedelta(days=9000), fate(born - timedelta(days=9000)))
        add("B", "M", born + days(400, 3000), None, ("F",))
        people[-1]["died"] = fate(people[-1]["born"])
    wed = born + days(20 * 365, 28 * 365)
    wife = add("W", "F", born + days(-1500, 1500))
    marriages.append(Marriage(("V", "W"), wed))
    children = []
    for number in range(draw(st.integers(max(1, living_children), 4))):
        child_born = wed + days(300 + number * 700, 600 + number * 700)
        sex = draw(st.sampled_from("MF"))
        child = add(
            f"C{number}",
            sex,
            child_born,
            None if number < living_children else fate(child_born),
            ("V", "W"),
            married_out=sex == "F" and old and draw(st.booleans()),
        )
        children.append(child)
    # W may die before V (after her last child's birth), after him, or not at all.
    last_birth = max(c["born"] for c in children)
    wife_fate = draw(st.sampled_from(FATES))
    if wife_fate == "before" and last_birth + timedelta(days=2) < died:
        wife["died"] = last_birth + days(1, (died - last_birth).days - 1)
    elif wife_fate == "after":
        wife["died"] = died + days(1, (LAST_DAY - died).days - 1)
    if head:
        sons = [c for c in children if c["sex"] == "M" and (c["died"] is None or c["died"] > died)]
        if sons:
            sons[0]["household_head_heir"] = True
    generations = draw(st.sampled_from([3, 4]))
    for child in children:
        child_wed = child["born"] + days(20 * 365, 26 * 365)
        if (child["died"] is not None and child["died"] <= child_wed) or child_wed >= LAST_DAY:
            continue
        if not draw(st.booleans()):
            continue
        spouse_sex = "F" if child["sex"] == "M" else "M"
        spouse = add(f"{child['id']}s", spouse_sex, child["born"] + days(-1000, 1000))
        if draw(st.booleans()):
            spouse["died"] = child_wed + days(1, max(2, (LAST_DAY - child_wed).days - 1))
        marriages.append(Marriage((child["id"], spouse["id"]), child_wed))
        mother = child if child["sex"] == "F" else spouse
        for number in range(draw(st.integers(0, 3))):
            grand_born = child_wed + days(300 + number * 600, 500 + number * 600)
            if grand_born >= LAST_DAY or (mother["died"] is not None and grand_born > mother["died"]):
                break
            grandchild = add(
                f"{child['id']}.{number}",
                draw(st.sampled_from("MF")),
                grand_born,
                fate(grand_born),
                (child["id"], spouse["id"]),
            )
            if generations == 4:
                for great in range(draw(st.integers(0, 2))):
                    great_born = grand_born + days(20 * 365 + great * 700, 22 * 365 + great * 700)
                    ends = grandchild["died"]
                    if great_born >= LAST_DAY or (ends is not None and great_born > ends):
                        break
                    add(
                        f"{grandchild['id']}.{great}",
                        draw(st.sampled_from("MF")),
                        great_born,
                        None,
                        (grandchild["id"],),
                    )
                    people[-1]["died"] = fate(great_born)
    candidates = [p["id"] for p in people if p["id"] not in ("V", "W") and p["id"][0] == "C"]
    renounced = [c for c in candidates if draw(st.sampled_from(RENOUNCES))]
    del victim
    return {
        "decedent": "V",
        "people": [Person(**p) for p in people],
        "marriages": marriages,
        "renounced": renounced,
    }


def _computed(family):
    """The family's result; families the engine refuses (needs legal review) are not the subject."""
    try:
        return succession(**family)
    except SuccessionUnsupported:
        assume(False)


@settings(max_examples=300, deadline=None)
@given(families())
def test_shares_are_positive_held_by_the_living_and_sum_to_one(family):
    result = _computed(family)

    assert sum(result.shares.values()) == 1
    alive = {p.id for p in family["people"] if p.died is None}
    assert all(share > 0 for share in result.shares.values())
    assert set(result.shares) <= alive
    assert set(result.paths) == set(result.shares)
    assert succession(**family, check=False).shares == result.shares


@settings(max_examples=300, deadline=None)
@given(families(), st.integers(0, 10**12))
def test_largest_remainder_adds_up_exactly_and_floor_never_exceeds(family, amount):
    result = _computed(family)

    exact = allocate(amount=amount, shares=result.shares, rule=Allocation.LARGEST_REMAINDER)
    floored = allocate(amount=amount, shares=result.shares, rule=Allocation.FLOOR)
    assert sum(exact.values()) == amount
    assert sum(floored.values()) <= amount
    for heir, share in result.shares.items():
        assert floored[heir] == amount * share.numerator // share.denominator
        assert exact[heir] - floored[heir] in (0, 1)


@settings(max_examples=300, deadline=None)
@given(families(), st.randoms(use_true_random=False))
def test_reordering_the_input_changes_nothing(family, random):
    result = _computed(family)
    people, marriages, renounced = (
        list(family["people"]),
        list(family["marriages"]),
        list(family["renounced"]),
    )
    random.shuffle(people)
    random.shuffle(marriages)
    random.shuffle(renounced)
    marriages = [
        Marriage(m.spouses[::-1], m.start, m.until) if random.random() < 0.5 else m for m in marriages
    ]

    shuffled = succession(decedent="V", people=people, marriages=marriages, renounced=renounced)

    assert shuffled.shares == result.shares
    assert set(shuffled.review) == set(result.review)
    assert {heir: sorted(paths) for heir, paths in shuffled.paths.items()} == {
        heir: sorted(paths) for heir, paths in result.paths.items()
    }


def _descendants(people, root):
    children = {}
    for p in people:
        for parent in p.parents:
            children.setdefault(parent, []).append(p.id)
    found, level = set(), children.get(root, [])
    while level:
        found.update(level)
        level = [c for p in level for c in children.get(p, [])]
    return found


@settings(max_examples=300, deadline=None)
@given(families(living_children=2), st.data())
def test_a_renouncers_descendants_never_gain_from_the_renunciation(family, data):
    # Precondition, see the test above: the renouncer R outlives every estate (never dies), and a full
    # sibling S who never dies and does not renounce keeps R's degree occupied, so that no descendant
    # of R comes in by their own right.
    people = family["people"]
    victim_died = people[0].died
    living = [
        p for p in people if p.parents == ("V", "W") and p.died is None and p.id not in family["renounced"]
    ]
    assume(len(living) >= 2)
    renouncer = data.draw(st.sampled_from([p.id for p in living]))
    assume(victim_died > date(1960, 1, 1))  # renunciation under the customary law is not modelled
    before = _computed(family)
    after = _computed({**family, "renounced": [*family["renounced"], renouncer]})

    descendants = _descendants(people, renouncer)
    gained = sum(after.shares.get(d, 0) for d in descendants) - sum(
        before.shares.get(d, 0) for d in descendants
    )
    assert gained <= 0
    assert renouncer not in after.shares
    assert all(step[0] != renouncer for routes in after.routes.values() for route in routes for step in route)
