"""A run never dies on the shape of the data: whatever the rosters look like, the task ends the run
done, with warnings saying what training fell back to, and raises nothing. (A run that truly cannot
proceed, with nothing imported, fails with its reason: tests/rosters/test_linkage.py.)"""

import pytest
from django.db import transaction
from django.utils import translation
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from amends.rosters import selectors, services
from amends.rosters.models import Application, ImportBatch, LinkageRun, RosterEntry
from amends.rosters.tasks import run_linkage

HANGUL = [("김정웅", "金正雄"), ("이순자", "李順子"), ("박영수", "朴英洙"), ("최복남", "崔福男")]
KANJI = [
    ("金田 正雄", "かねだ まさお"),
    ("岩本 光子", "いわもと みつこ"),
    ("新井 一郎", "あらい いちろう"),
    ("松山 春子", "まつやま はるこ"),
]
DATES = ["1920-03-05", "1921", "1918-11", "1915-07-21"]
PLACES = ["全羅南道 光州郡", "경상북도 안동군 풍산면", "平安北道 定州郡", "충청남도 논산군"]
SHAPES = ["whole_fields_missing", "kanji_only", "hangul_only", "all_identical", "no_overlap"]


def person(shape: str, number: int) -> dict:
    """The fields a record of this shape has, for person ``number``."""
    hangul, hanja = HANGUL[number % 4]
    japanese, reading = KANJI[number % 4]
    full = {
        "name_hangul": hangul,
        "name_hanja": hanja,
        "name_japanese": japanese,
        "name_japanese_reading": reading,
        "birth_date": DATES[number % 4],
        "hometown": PLACES[number % 4],
        "employer": "三菱重工業",
    }
    if shape == "whole_fields_missing":
        return {"name_hangul": hangul}  # no date, place, work, nor any other name form
    if shape == "kanji_only":
        return {"name_japanese": japanese, "birth_date": DATES[number % 4]}
    if shape == "hangul_only":
        return {"name_hangul": hangul, "hometown": "경상북도 안동군"}
    if shape == "all_identical":
        return person("every_field", 0)  # everyone is person 0, in every field
    return full


def load(shape: str, applications: int, roster: int) -> None:
    batch = ImportBatch.objects.create(kind="roster", file_name="shape.csv", rows=applications + roster)
    RosterEntry.objects.bulk_create(
        RosterEntry(ref=f"R{n}", source_name="shape", batch=batch, **person(shape, n)) for n in range(roster)
    )
    # With no overlap, the applicants are other people: other names, born decades later.
    offset = 2 if shape == "no_overlap" else 0
    Application.objects.bulk_create(
        Application(
            ref=f"A{n}",
            batch=batch,
            **(
                person(shape, n + offset)
                | ({"birth_date": "1950", "name_hangul": "홍길동", "name_japanese": ""} if offset else {})
            ),
        )
        for n in range(applications)
    )


WARNINGS = {
    "training_rule_skipped",
    "training_rule_failed",
    "labels_failed",
    "m_from_last_run",
    "fixed_priors",
}


# Few examples, small rosters: each run is two or three Splink passes (about four seconds however small
# the data). Every shape the brief names is an explicit example; Hypothesis adds a few of its own.
@pytest.mark.django_db
@settings(
    max_examples=3,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(shape=st.sampled_from(SHAPES), applications=st.integers(1, 6), roster=st.integers(1, 10))
@example(shape="whole_fields_missing", applications=4, roster=6)
@example(shape="kanji_only", applications=4, roster=6)
@example(shape="hangul_only", applications=4, roster=6)
@example(shape="all_identical", applications=4, roster=6)
@example(shape="no_overlap", applications=4, roster=6)
def test_a_run_ends_done_or_failed_with_a_reason_whatever_the_shape_of_the_data(shape, applications, roster):
    with transaction.atomic(), translation.override("en"):
        # given rosters and applications of an awkward shape
        load(shape, applications, roster)
        run = services.linkage_run_create(threshold=0.5, by=None)
        # when the background task does the run
        run_linkage.call(run.pk)
        # then nothing was raised, and the run finished (there was data: only its shape was odd)
        run.refresh_from_db()
        assert run.status == LinkageRun.Status.DONE, run.error
        assert run.figures["pairs"] == run.pairs.count()
        # and its warnings say, in words, what training fell back to
        codes = [warning["code"] for warning in run.warnings]
        assert set(codes) <= WARNINGS
        assert all(selectors.warning_texts(run.warnings))
        if shape in {"whole_fields_missing", "kanji_only", "no_overlap"}:
            assert "training_rule_skipped" in codes
        if run.figures["trained_on"] == "fixed priors":
            assert "fixed_priors" in codes
        # and a new run may start
        services.linkage_run_create(threshold=0.5, by=None)
        transaction.set_rollback(True)
