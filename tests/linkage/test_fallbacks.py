"""Training never stops on the shape of the data: a rule with too few pairs is skipped, an untrained
comparison takes the last good run's m or the fixed priors, and each fallback is a warning."""

import csv
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from amends.linkage.features import feature_table
from amends.linkage.model import (
    FIXED_M,
    MIN_TRAINING_PAIRS,
    NORMALISED_TRAINING,
    best_links,
    link,
    normalised_comparisons,
)
from amends.rosters.synthetic import generate

BIRTH_AND_COUNTY, KOREAN_NAME = NORMALISED_TRAINING
COMPARISONS = ["surname", "given_name", "birth_date", "hometown", "employer", "worksite"]


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    files = generate(
        roster=500, applications=100, seed=11, directory=Path(tmp_path_factory.mktemp("fallback"))
    )

    def read(path):
        with path.open(encoding="utf-8") as handle:
            return list(csv.DictReader(handle))

    truth = {(row["application_ref"], row["roster_ref"]) for row in read(files.truth)}
    return read(files.roster), read(files.applications), truth


def only(records, *columns):
    return [
        {key: value for key, value in record.items() if key == "ref" or key in columns} for record in records
    ]


def codes(result):
    return [warning.code for warning in result.warnings]


def test_a_roster_in_kanji_only_falls_back_to_the_fixed_priors_and_still_links(data):
    # given a roster and applications with the Japanese-style name and the birth date only: neither
    # training rule (birth date and county; the Korean name) finds a single pair
    roster, applications, truth = data
    left, right = (
        only(applications, "name_japanese", "birth_date"),
        only(roster, "name_japanese", "birth_date"),
    )
    # when they are linked
    result = link(left=feature_table(left), right=feature_table(right), threshold=0.5, expected_matches=90)
    # then both rules were skipped, saying how many pairs each found, and the fixed priors stood in
    assert [warning.as_dict() for warning in result.warnings] == [
        {"code": "training_rule_skipped", "rule": BIRTH_AND_COUNTY, "pairs": 0},
        {"code": "training_rule_skipped", "rule": KOREAN_NAME, "pairs": 0},
        {"code": "fixed_priors", "comparisons": COMPARISONS},
    ]
    assert result.figures["trained_on"] == "fixed priors"
    # and the pairs found are right, and most of those that can be found are
    found = {(pair.left, pair.right) for pair in best_links(result.pairs)}
    findable = {(a, r) for a, r in truth if any(x["ref"] == a and x.get("name_japanese") for x in left)}
    assert len(found & truth) >= 0.95 * len(found)
    assert len(found & findable) >= 0.6 * len(findable)


def test_the_last_good_runs_m_stands_in_before_the_fixed_priors(data):
    # given the parameters of a run trained on the full records
    roster, applications, _truth = data
    good = link(
        left=feature_table(applications), right=feature_table(roster), threshold=0.5, expected_matches=90
    )
    assert good.warnings == [] and good.figures["trained_on"] == "expectation maximisation"
    # when records no rule can train on are linked with those parameters as the fallback
    left, right = (
        only(applications, "name_japanese", "birth_date"),
        only(roster, "name_japanese", "birth_date"),
    )
    result = link(
        left=feature_table(left),
        right=feature_table(right),
        threshold=0.5,
        expected_matches=90,
        fallback=good.parameters,
    )
    # then every comparison took the last good run's m, and the run says so
    assert result.warnings[-1].as_dict() == {"code": "m_from_last_run", "comparisons": COMPARISONS}
    assert result.figures["trained_on"] == "the last good run's m probabilities"
    learned = {c["output_column_name"]: c for c in good.parameters["comparisons"]}
    used = {c["output_column_name"]: c for c in result.parameters["comparisons"]}
    assert [level.get("m_probability") for level in used["surname"]["comparison_levels"]] == [
        level.get("m_probability") for level in learned["surname"]["comparison_levels"]
    ]


def test_a_rule_that_finds_too_few_pairs_is_skipped_and_the_other_trains(data):
    # given Hangul names and birth dates but no hometown: the birth-date-and-county rule finds nothing
    roster, applications, _truth = data
    columns = ("name_hangul", "name_hanja", "birth_date")
    # when they are linked
    result = link(
        left=feature_table(only(applications, *columns)),
        right=feature_table(only(roster, *columns)),
        threshold=0.5,
        expected_matches=90,
    )
    # then that rule was skipped, the Korean-name rule trained the birth date, and what no rule
    # reached (the names it blocks on, and the fields nobody has) took the fixed priors
    assert [warning.as_dict() for warning in result.warnings] == [
        {"code": "training_rule_skipped", "rule": BIRTH_AND_COUNTY, "pairs": 0},
        {
            "code": "fixed_priors",
            "comparisons": ["surname", "given_name", "hometown", "employer", "worksite"],
        },
    ]
    assert result.figures["trained_on"] == "expectation maximisation"


def test_the_fixed_priors_cover_every_level_of_the_model():
    # a change to the comparisons must come with priors for its levels
    for comparison in normalised_comparisons():
        spec = comparison.create_comparison_dict("duckdb")
        labels = [
            level["label_for_charts"] for level in spec["comparison_levels"] if not level.get("is_null_level")
        ]
        assert sorted(FIXED_M[spec["output_column_name"]]) == sorted(labels)
        assert all(0 < FIXED_M[spec["output_column_name"]][label] < 1 for label in labels)


HANGUL = ["김정웅", "이순자", "박영수", "최복남"]
KANJI = ["金田 正雄", "岩本 光子", "新井 一郎", "松山 春子"]
DATES = ["1920-03-05", "1921", "1918-11", "大正9年3月"]
PLACES = ["全羅南道 光州郡", "경상북도 안동군 풍산면", "平安北道 定州郡"]


@st.composite
def records(draw, prefix: str):
    """A small set of records of one awkward shape: any fields missing, one script or the other."""
    fields = draw(st.sets(st.sampled_from(["hangul", "kanji", "birth_date", "hometown", "employer"])))
    identical = draw(st.booleans())
    size = draw(st.integers(min_value=1, max_value=8))
    first = draw(st.integers(min_value=0, max_value=3))
    rows = []
    for index in range(size):
        pick = first if identical else (first + index) % 4
        row = {"ref": f"{prefix}{index}"}
        if "hangul" in fields:
            row["name_hangul"] = HANGUL[pick]
        if "kanji" in fields:
            row["name_japanese"] = KANJI[pick]
        if "birth_date" in fields:
            row["birth_date"] = DATES[pick]
        if "hometown" in fields:
            row["hometown"] = PLACES[pick % 3]
        if "employer" in fields:
            row["employer"] = "三菱重工業"
        rows.append(row)
    return rows


# Few examples: each is a whole Splink training (about two seconds however small the data).
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(left=records("A"), right=records("R"))
def test_linking_never_fails_on_the_shape_of_the_data(left, right):
    # when any such roster is linked against any such applications
    result = link(left=feature_table(left), right=feature_table(right), threshold=0.5)
    # then it ends with pairs (maybe none) and says what it fell back to
    assert result.figures["trained_on"] in {"expectation maximisation", "fixed priors"}
    assert all(
        warning.code in {"training_rule_skipped", "training_rule_failed", "fixed_priors"}
        for warning in result.warnings
    )
    skipped = [w for w in result.warnings if w.code == "training_rule_skipped"]
    assert all(w.details["pairs"] < MIN_TRAINING_PAIRS for w in skipped)
    if len(skipped) == len(NORMALISED_TRAINING):
        assert result.figures["trained_on"] == "fixed priors"
    assert all(0 <= pair.probability <= 1 for pair in result.pairs)
