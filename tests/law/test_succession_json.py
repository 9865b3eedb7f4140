"""The JSON form of a succession: the issue's document, strict parsing that names the bad field."""

import json

import pytest

from amends.law.succession import SuccessionInputError, SuccessionUnsupported
from amends.law.succession_json import calculate
from tests.conftest import data_file

EXAMPLES = json.loads(data_file("succession_examples.json").read_text())
ISSUE_EXAMPLE = {
    "decedent": "V",
    "people": [
        {"id": "V", "sex": "M", "died": "1985-04-02", "household_head": True},
        {"id": "W", "sex": "F"},
        {"id": "S1", "sex": "M", "parents": ["V", "W"], "household_head_heir": True},
        {"id": "D2", "sex": "F", "parents": ["V", "W"], "married_out": True},
    ],
    "marriages": [{"spouses": ["V", "W"], "from": "1950-03-01"}],
    "renounced": [],
    "amount": 100000000,
    "rounding": "floor",
}


@pytest.mark.parametrize("example", EXAMPLES, ids=[e["name"] for e in EXAMPLES])
def test_worked_examples(example):
    result = calculate(json.dumps(example["input"]))

    assert {key: result[key] for key in example["expect"]} == example["expect"]


def test_the_issue_example_in_full():
    result = calculate(json.dumps(ISSUE_EXAMPLE))

    # 1979 law: W 1.5, the household-head heir 1.5, a married-out daughter ¼ -> 6/13, 6/13, 1/13.
    assert result == {
        "era": "1979",
        "shares": {"W": "6/13", "S1": "6/13", "D2": "1/13"},
        "amounts": {"W": 46153846, "S1": 46153846, "D2": 7692307},
        "paths": {
            "W": ["V → W (spouse, 6/13)"],
            "S1": ["V → S1 (child, household-head heir, 6/13)"],
            "D2": ["V → D2 (child, 1/13)"],
        },
        "review": [],
    }


def test_largest_remainder_gives_the_left_over_won_to_the_largest_remainder():
    document = {**ISSUE_EXAMPLE, "rounding": "largest-remainder"}

    # 46,153,846.15 / 46,153,846.15 / 7,692,307.69: the one won left goes to D2.
    assert calculate(json.dumps(document))["amounts"] == {"W": 46153846, "S1": 46153846, "D2": 7692308}


def test_without_an_amount_there_are_no_amounts_and_a_sole_heir_holds_1():
    document = {
        "decedent": "V",
        "people": [{"id": "V", "sex": "M", "died": "2010-01-01"}, {"id": "C", "sex": "F", "parents": ["V"]}],
        "marriages": [],
    }

    assert calculate(json.dumps(document)) == {
        "era": "1991",
        "shares": {"C": "1"},
        "paths": {"C": ["V → C (child, 1)"]},
        "review": [],
    }


def test_review_flags_and_divorce_dates_pass_through():
    document = {
        "decedent": "V",
        "people": [
            {"id": "V", "sex": "F", "born": "1920-01-01", "died": "1982-01-01"},
            {"id": "H1", "sex": "M"},
            {"id": "H2", "sex": "M"},
            {"id": "C", "sex": "M", "born": "1950-01-01", "parents": ["V", "H1"]},
        ],
        "marriages": [
            {"spouses": ["V", "H1"], "from": "1945-01-01", "until": "1960-01-01"},
            {"spouses": ["H2", "V"], "from": "1965-01-01"},
        ],
    }
    result = calculate(json.dumps(document))

    # The divorced H1 is no heir; H2, a husband under the 1979 law, takes a son's weight, flagged.
    assert result["shares"] == {"H2": "1/2", "C": "1/2"}
    assert len(result["review"]) == 1 and "husband" in result["review"][0]


def _with(**changes):
    document = json.loads(json.dumps(ISSUE_EXAMPLE))
    for path, value in changes.items():
        target = document
        *parents, last = path.split("__")
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        key = int(last) if last.isdigit() else last
        if value is KeyError:
            del target[key]
        else:
            target[key] = value
    return json.dumps(document)


@pytest.mark.parametrize(
    ("document", "field"),
    [
        ("{not json", "input"),
        ("[]", "input"),
        (_with(decedent=KeyError), "decedent"),
        (_with(people=KeyError), "people"),
        (_with(marriages=KeyError), "marriages"),
        (_with(heirs=[]), "heirs"),
        (_with(decedent=7), "decedent"),
        (_with(decedent=""), "decedent"),
        (_with(people={}), "people"),
        (_with(people__2="S1"), "people[2]"),
        (_with(people__2__id=KeyError), "people[2].id"),
        (_with(people__2__sex=KeyError), "people[2].sex"),
        (_with(people__2__sex="male"), "people[2].sex"),
        (_with(people__2__nickname="Sam"), "people[2].nickname"),
        (_with(people__2__died="1990/01/01"), "people[2].died"),
        (_with(people__2__died="1990-02-30"), "people[2].died"),
        (_with(people__2__born=19500101), "people[2].born"),
        (_with(people__2__parents="V"), "people[2].parents"),
        (_with(people__2__parents=["V", 3]), "people[2].parents[1]"),
        (_with(people__2__household_head_heir="yes"), "people[2].household_head_heir"),
        (_with(people__0__household_head=1), "people[0].household_head"),
        (_with(people__3__married_out=None), "people[3].married_out"),
        (_with(marriages__0__spouses=["V"]), "marriages[0].spouses"),
        (_with(marriages__0__spouses=["V", None]), "marriages[0].spouses[1]"),
        (_with(marriages__0__from=KeyError), "marriages[0].from"),
        (_with(marriages__0__until="soon"), "marriages[0].until"),
        (_with(marriages__0__witness="X"), "marriages[0].witness"),
        (_with(renounced="S1"), "renounced"),
        (_with(renounced=[1]), "renounced[0]"),
        (_with(amount=-1), "amount"),
        (_with(amount=1.5), "amount"),
        (_with(amount="100"), "amount"),
        (_with(amount=True), "amount"),
        (_with(rounding="half-up"), "rounding"),
        # what only the family as a whole shows, named by the engine
        (_with(decedent="X"), "decedent"),
        (_with(people__0__died=KeyError), "decedent"),
        (_with(people__2__parents=["V", "Q"]), "people[2].parents"),
        (_with(people__1__parents=["S1"], people__2__parents=["W"]), "people[1].parents"),
        (_with(people__2__born="1990-01-01", people__2__died="1989-01-01"), "people[2].died"),
        (_with(marriages__0__spouses=["V", "S1"]), "marriages[0].spouses"),
        (_with(renounced=["S1", "Nobody"]), "renounced[1]"),
        (_with(renounced=["V"]), "renounced[0]"),
        (_with(people__3__household_head_heir=True), "people[3].household_head_heir"),
    ],
)
def test_bad_input_names_the_field(document, field):
    with pytest.raises(SuccessionInputError) as raised:
        calculate(document)
    assert raised.value.field == field
    assert str(raised.value).startswith(f"{field}: ")


def test_two_spouses_at_once_is_named_by_the_marriage():
    document = json.loads(_with())
    document["people"].append({"id": "W2", "sex": "F"})
    document["marriages"].append({"spouses": ["V", "W2"], "from": "1960-01-01"})

    with pytest.raises(SuccessionInputError) as raised:
        calculate(json.dumps(document))
    assert str(raised.value) == "marriages[1]: 'V' would have two spouses at the same time ('W' and 'W2')"


def test_a_family_the_engine_will_not_guess_about_is_an_input_error_too():
    document = {"decedent": "V", "people": [{"id": "V", "sex": "M", "died": "1985-01-01"}], "marriages": []}

    with pytest.raises(SuccessionUnsupported) as raised:
        calculate(json.dumps(document))
    assert isinstance(raised.value, SuccessionInputError)
    assert raised.value.field == "people[0]"
