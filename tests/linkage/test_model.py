"""The Splink model on its own (no Django): normalised names beat raw names; labels train it."""

import csv
from itertools import pairwise
from pathlib import Path

import pytest

from amends.linkage.features import NORMALISED_COLUMNS, feature_table, normalised_features
from amends.linkage.model import M_FLOOR, best_links, link
from amends.rosters.synthetic import generate


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    files = generate(roster=500, applications=100, seed=11, directory=Path(tmp_path_factory.mktemp("model")))

    def read(path):
        with path.open(encoding="utf-8") as handle:
            return list(csv.DictReader(handle))

    truth = {(row["application_ref"], row["roster_ref"]) for row in read(files.truth)}
    return read(files.roster), read(files.applications), truth


def score(pairs, truth):
    found = {(pair.left, pair.right) for pair in best_links(pairs)}
    correct = len(found & truth)
    return correct / max(1, len(found)), correct / len(truth)


def test_one_person_in_every_form_has_the_same_keys():
    # given an applicant's Hangul name and the roster's Japanese-style name with the Korean original
    application = normalised_features(
        {"ref": "A1", "name_hangul": "리정웅", "birth_date": "1920-03-05", "hometown": "광주광역시 월산면"}
    )
    roster = normalised_features(
        {"ref": "R1", "name_japanese": "金田正雄", "name_hanja": "李正雄", "birth_date": "大正9年3月",
         "hometown": "全羅南道 光州郡 月山面"}
    )  # fmt: skip
    keys = [dict(zip(NORMALISED_COLUMNS, record, strict=True)) for record in (application, roster)]
    # then the Korean name, birth year and month and hometown agree across scripts
    for key in ("ko_surname", "ko_given", "birth_year", "birth_month", "province", "county", "township"):
        assert keys[0][key] == keys[1][key], key
    assert keys[1]["jp_kana"] == "かねだまさお" and keys[1]["jp_ko_surname"] == "김"


def test_normalised_names_find_far_more_than_raw_names(data):
    roster, applications, truth = data
    normalised = link(
        left=feature_table(applications), right=feature_table(roster), threshold=0.5, expected_matches=90
    )
    raw = link(
        left=feature_table(applications, normalised=False),
        right=feature_table(roster, normalised=False),
        normalised=False,
        threshold=0.5,
        expected_matches=90,
    )
    precision, recall = score(normalised.pairs, truth)
    _raw_precision, raw_recall = score(raw.pairs, truth)
    assert precision >= 0.9 and recall >= 0.8
    assert recall > raw_recall + 0.3
    assert normalised.parameters["comparisons"]
    assert normalised.figures["trained_on"] == "expectation maximisation"


def test_caseworkers_labels_train_the_model(data):
    roster, applications, truth = data
    labels = [(application, entry, True) for application, entry in sorted(truth)[:60]]
    result = link(
        left=feature_table(applications),
        right=feature_table(roster),
        threshold=0.5,
        expected_matches=90,
        labels=labels,
    )
    assert result.figures["trained_on"] == "60 accepted pairs"
    assert score(result.pairs, truth)[1] >= 0.8


def test_rejected_labels_do_not_count_towards_training_from_labels(data):
    # given 60 labels of which only 30 are accepted pairs (rejections teach Splink no m)
    roster, applications, truth = data
    true_pairs = sorted(truth)
    labels = [(application, entry, True) for application, entry in true_pairs[:30]]
    # and 30 rejected pairs: an application against the roster entry of the next one
    labels += [(application, entry, False) for (application, _), (_, entry) in pairwise(true_pairs[30:61])]
    # when the model is trained
    result = link(
        left=feature_table(applications),
        right=feature_table(roster),
        threshold=0.5,
        expected_matches=90,
        labels=labels,
    )
    # then there are too few accepted pairs, and it says it trained by expectation maximisation
    assert result.figures["trained_on"] == "expectation maximisation"
    assert score(result.pairs, truth)[1] >= 0.8


def test_a_duplicate_is_found_whichever_record_carries_the_korean_name(data):
    # given a model trained on the rosters
    roster, applications, _truth = data
    model = link(
        left=feature_table(applications), right=feature_table(roster), threshold=0.5, expected_matches=90
    ).parameters
    # and two applications by one person: the earlier under the Japanese-style name, the later under
    # the Korean name that name's kanji read as (正雄 → 정웅), dates and hometowns to different precision
    records = [
        {"ref": "D1", "name_japanese": "金田 正雄", "birth_date": "1920", "hometown": "全羅南道 光州郡"},
        {"ref": "D2", "name_hangul": "김정웅", "birth_date": "1920-03-05", "hometown": "광주광역시 월산면"},
        *({**record, "ref": f"X{index}"} for index, record in enumerate(applications[:50])),
    ]
    # when the applications are compared with each other
    duplicates = link(left=feature_table(records), threshold=0.5, expected_matches=3, model=model).pairs
    # then the two are a pair
    assert {("D1", "D2")} <= {tuple(sorted((pair.left, pair.right))) for pair in duplicates}


def test_namesakes_share_one_applicants_probability(data):
    # given a trained model, and an applicant found with high probability on the roster
    roster, applications, truth = data
    trained = link(
        left=feature_table(applications), right=feature_table(roster), threshold=0.5, expected_matches=90
    )
    sure = next(
        pair for pair in trained.pairs if (pair.left, pair.right) in truth and pair.probability >= 0.9
    )
    application = next(record for record in applications if record["ref"] == sure.left)
    entry = next(record for record in roster if record["ref"] == sure.right)
    # when the roster holds a namesake written exactly as that entry, and the run is one-to-one
    twin = {**entry, "ref": "TWIN"}
    arguments = {
        "left": feature_table([application]),
        "right": feature_table([*roster, twin]),
        "model": trained.parameters,
        "threshold": 0.05,
        "expected_matches": 0.9,
    }
    pairwise = {pair.right: pair.probability for pair in link(**arguments).pairs}
    exclusive = {pair.right: pair.probability for pair in link(**arguments, exclusive=True).pairs}
    # then each alone would be near certain, but together they share the applicant: under a half each
    assert pairwise[entry["ref"]] >= 0.9 and pairwise["TWIN"] >= 0.9
    assert exclusive[entry["ref"]] == pytest.approx(exclusive["TWIN"])
    assert 0.05 <= exclusive["TWIN"] < 0.5
    assert sum(exclusive.values()) < 1


def test_a_lone_candidate_keeps_its_probability_in_a_one_to_one_run(data):
    # given a trained model and an applicant with a single candidate on a roster of one entry
    roster, applications, truth = data
    trained = link(
        left=feature_table(applications), right=feature_table(roster), threshold=0.5, expected_matches=90
    )
    sure = next(pair for pair in trained.pairs if (pair.left, pair.right) in truth)
    arguments = {
        "left": feature_table([record for record in applications if record["ref"] == sure.left]),
        "right": feature_table([record for record in roster if record["ref"] == sure.right]),
        "model": trained.parameters,
        "threshold": 0.01,
        "expected_matches": 0.9,
    }
    # when it is linked pairwise and one-to-one / then the probability is the same
    (pairwise,) = link(**arguments).pairs
    (exclusive,) = link(**arguments, exclusive=True).pairs
    assert exclusive.probability == pytest.approx(pairwise.probability)


def test_one_field_that_disagrees_does_not_veto_a_true_pair(data):
    # given a model trained on rosters where every true pair agrees on the employer (expectation
    # maximisation would learn that a true pair never disagrees on it)
    roster, applications, truth = data
    trained = link(
        left=feature_table(applications),
        right=feature_table(roster),
        threshold=0.5,
        expected_matches=90,
        exclusive=True,
    )
    # then no level of the saved model is impossible for a true pair
    levels = [
        level
        for comparison in trained.parameters["comparisons"]
        for level in comparison["comparison_levels"]
        if not level.get("is_null_level")
    ]
    assert min(level["m_probability"] for level in levels) == M_FLOOR
    # and given an applicant found with certainty whose roster entry names another employer (the
    # person was moved, or the clerk wrote it otherwise), all else as before
    sure = next(
        pair
        for pair in trained.pairs
        if (pair.left, pair.right) in truth
        and pair.probability >= 0.99
        and pair.evidence["employer"] == "same employer"
    )
    application = next(record for record in applications if record["ref"] == sure.left)
    entry = next(record for record in roster if record["ref"] == sure.right)
    other = next(record["employer"] for record in roster if record["employer"] not in ("", entry["employer"]))
    moved = {**entry, "employer": other}
    # when it is linked again with the trained model
    (pair,) = link(
        left=feature_table([application]),
        right=feature_table([record for record in roster if record is not entry] + [moved]),
        model=trained.parameters,
        threshold=0.5,
        expected_matches=0.9,
        exclusive=True,
    ).pairs
    # then the pair is still found, the employer counting against it
    assert (pair.left, pair.right) == (sure.left, sure.right)
    assert pair.evidence["employer"] == "disagree"
    assert pair.match_weight < sure.match_weight
