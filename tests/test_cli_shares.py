"""``amends calc shares``, run as a user runs it."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import data_file

AMENDS = str(Path(sys.executable).parent / "amends")
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


def amends(*args, stdin=""):
    return subprocess.run([AMENDS, *args], input=stdin, capture_output=True, text=True)


def test_calc_shares_reads_stdin_and_prints_json():
    result = amends("calc", "shares", stdin=json.dumps(ISSUE_EXAMPLE))

    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    output = json.loads(result.stdout)
    assert output["era"] == "1979"
    assert output["shares"] == {"W": "6/13", "S1": "6/13", "D2": "1/13"}
    assert output["amounts"] == {"W": 46153846, "S1": 46153846, "D2": 7692307}
    assert output["paths"]["S1"] == ["V → S1 (child, household-head heir, 6/13)"]
    assert output["review"] == []


def test_calc_shares_reads_a_file(tmp_path):
    example = json.loads(data_file("succession_examples.json").read_text())[2]
    path = tmp_path / "family.json"
    path.write_text(json.dumps(example["input"]), encoding="utf-8")

    result = amends("calc", "shares", "--file", str(path))

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["shares"] == example["expect"]["shares"]


def _without(key):
    return {k: v for k, v in ISSUE_EXAMPLE.items() if k != key}


@pytest.mark.parametrize(
    ("document", "field"),
    [
        (_without("decedent"), "decedent"),
        (ISSUE_EXAMPLE | {"decedent": "W"}, "decedent"),
        (ISSUE_EXAMPLE | {"rounding": "ceiling"}, "rounding"),
        (ISSUE_EXAMPLE | {"amount": -5}, "amount"),
        (
            ISSUE_EXAMPLE
            | {"people": [*ISSUE_EXAMPLE["people"][:2], {"id": "S1", "sex": "M", "died": "1e9"}]},
            "people[2].died",
        ),
        (
            ISSUE_EXAMPLE | {"people": [*ISSUE_EXAMPLE["people"], {"id": "X", "sex": "M", "parents": ["Y"]}]},
            "people[4].parents",
        ),
        (
            ISSUE_EXAMPLE
            | {
                "people": [
                    *ISSUE_EXAMPLE["people"],
                    {"id": "A", "sex": "M", "parents": ["B"]},
                    {"id": "B", "sex": "F", "parents": ["A"]},
                ]
            },
            "people[4].parents",
        ),
        (
            ISSUE_EXAMPLE
            | {
                "people": [*ISSUE_EXAMPLE["people"], {"id": "W2", "sex": "F"}],
                "marriages": [*ISSUE_EXAMPLE["marriages"], {"spouses": ["V", "W2"], "from": "1970-01-01"}],
            },
            "marriages[1]",
        ),
        # collateral relatives under the pre-1991 law: refused, needs legal review
        (
            {"decedent": "V", "people": [{"id": "V", "sex": "M", "died": "1985-01-01"}], "marriages": []},
            "people[0]",
        ),
    ],
)
def test_bad_input_exits_2_with_one_line_naming_the_problem_and_prints_nothing(document, field):
    result = amends("calc", "shares", stdin=json.dumps(document))

    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"amends calc shares: {field}: ")


def test_not_json_exits_2():
    result = amends("calc", "shares", stdin="{decedent: V")

    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.startswith("amends calc shares: input: not valid JSON")
