"""The ``amends`` console script, run as a user runs it."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import data_file

AMENDS = str(Path(sys.executable).parent / "amends")
ISSUE_EXAMPLE = {
    "principal": 120000000,
    "accruals": [{"from": "2015-05-13", "rate": "0.05"}, {"from": "2015-06-25", "rate": "0.20"}],
    "until": "2023-04-14",
    "method": "period",
    "rounding": "floor",
    "payments": [{"date": "2020-01-31", "amount": 5000000}],
}


def amends(*args, stdin="", env=None):
    return subprocess.run(
        [AMENDS, *args], input=stdin, capture_output=True, text=True, env={**os.environ, **(env or {})}
    )


def test_calc_interest_reads_stdin_and_prints_json():
    result = amends("calc", "interest", stdin=json.dumps(ISSUE_EXAMPLE))

    assert result.returncode == 0, result.stderr
    output = json.loads(result.stdout)
    assert (output["interest"], output["outstanding"], output["paid"]) == (
        187_996_721,
        302_996_721,
        5_000_000,
    )
    assert output["lines"][0]["days"] == 43


def test_calc_interest_reads_a_file(tmp_path):
    examples = json.loads(data_file("interest_examples.json").read_text())
    path = tmp_path / "input.json"
    path.write_text(json.dumps(examples[0]["input"]))

    result = amends("calc", "interest", "--file", str(path))

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["interest"] == examples[0]["expect"]["interest"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"principal": None}, "principal"),
        ({"method": "monthly"}, "method"),
        ({"rounding": "ceiling"}, "rounding"),
        ({"accruals": [{"from": "2015-05-13", "rate": "five percent"}]}, "accruals[0].rate"),
        (
            {"accruals": [{"from": "2015-06-25", "rate": "0.2"}, {"from": "2015-05-13", "rate": "0.05"}]},
            "accruals[1].from",
        ),
        ({"until": "2015-01-01"}, "until"),
        ({"payments": [{"date": "2020-01-31", "amount": -1}]}, "payments[0].amount"),
    ],
)
def test_bad_input_exits_2_with_one_line_naming_the_field_and_prints_nothing(change, field):
    document = {k: v for k, v in (ISSUE_EXAMPLE | change).items() if v is not None}

    result = amends("calc", "interest", stdin=json.dumps(document))

    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert f" {field}: " in lines[0]


def test_missing_file_exits_2(tmp_path):
    result = amends("calc", "interest", "--file", str(tmp_path / "nowhere.json"))
    assert (result.returncode, result.stdout) == (2, "")
    assert "--file" in result.stderr


def test_amends_is_the_management_command_and_honours_database_url(tmp_path):
    database = tmp_path / "elsewhere.sqlite3"

    result = amends(
        "migrate",
        "--no-input",
        "-v0",
        env={"DATABASE_URL": f"sqlite:///{database}", "AMENDS_VAR_DIR": str(tmp_path)},
    )

    assert result.returncode == 0, result.stderr
    assert database.exists() and database.stat().st_size > 0
