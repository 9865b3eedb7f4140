"""The Splink model: applications against rosters, against each other, and against earlier payments.

The normalised model compares every name form on canonical keys (Korean names in canonical Hangul,
the Japanese-style name in kanji and kana, the Korean reading of that name's kanji, romanisation
skeletons), the birth date at the precision both records have, the hometown's (province, county) in
the colonial divisions, the employer and the worksite. The baseline compares the columns as written.

Namesakes (issue 16). A million roster entries hold many people of one name, year and county. Two
things keep them apart. Term frequencies adjust the name levels (the same 金山 武雄, the same clan 김,
says less than the same 南 or 錫得), the standard answer in Splink. And a run against a roster is
one-to-one (``exclusive``): an applicant is one person, so an application's candidates share its
probability, each getting its odds over one plus the odds of all of them; k equally good namesakes
get under 1/k each, and a lone candidate keeps Splink's probability.

DuckDB is the default backend. For national scale the same settings go to Splink's Spark backend
(``splink.SparkAPI``: register the tables there instead of in DuckDB); the custom levels use
``damerau_levenshtein`` and ``jaro_winkler_similarity``, which Splink's Spark jar also provides, and
DuckDB's ``list_has_any`` for the readings of kanji (Spark's ``arrays_overlap``). Only DuckDB is
exercised here.

Training: u from random sampling, m by expectation maximisation on two blocking rules that between
them leave every comparison free once, or from the pairs caseworkers accepted when there are at
least :data:`MIN_ACCEPTED_LABELS` (rejected pairs do not train m).

Training never stops a run on the shape of the data (a roster with no birth dates, names in one script
only, no overlap at all). A training rule that finds fewer than :data:`MIN_TRAINING_PAIRS` record
pairs is skipped and the others are used. A comparison that no training reached (its rule was
skipped, or no rule could be used) takes its m probabilities from the last good run (``fallback``)
or, failing that, from the fixed priors :data:`FIXED_M`; u is always estimated from the data at hand.
Each fallback is a :class:`LinkWarning` on the result, which the run keeps and shows.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import duckdb

from amends.linkage.features import NORMALISED_COLUMNS

DEFAULT_THRESHOLD = 0.15
# The least m (how often a true pair meets a level) any level keeps after training. Expectation
# maximisation on synthetic rosters learns that a true pair never disagrees on the employer (m = 0, a
# weight of -53): one disagreeing field would then veto a pair whatever else agrees. On real rosters
# people moved between employers and clerks misspelt, so no level is impossible for a true pair; one
# in a thousand still weighs heavily against it (about -8 to -10 bits against a level's u).
M_FLOOR = 0.001
# Accepted pairs (matches) needed to set m from caseworkers' labels rather than by expectation
# maximisation: Splink learns m from the matches only, so rejected pairs do not count towards it.
MIN_ACCEPTED_LABELS = 50
# Record pairs a training rule must find for expectation maximisation to learn anything from them:
# with fewer, the rule is skipped (Splink itself refuses only a rule that finds none). Low, because a
# small roster trains on a few dozen pairs and still links well (tests/linkage).
MIN_TRAINING_PAIRS = 10
# The fixed priors: m of each level of the normalised model, for a comparison no training reached. They
# are how often the true pairs of the two synthetic generators meet each level (amends.rosters.synthetic
# and, since issue 16, amends.rosters.synthetic_archive, each seed 2024, 3,000 roster entries, 600
# applications: 548 + 543 true pairs), counted level by level, with one pair added to every
# level (Laplace) so that no level is impossible. The baseline on raw names has none: Splink's own
# defaults stand in there.
FIXED_M = {
    "surname": {
        "same Japanese-style surname": 0.5196,
        "same sound of the Japanese-style surname (kana or Hangul)": 0.2571,
        "same sound by another reading of the surname's kanji": 0.0237,
        "same Korean surname (directly or through the imposed name)": 0.1796,
        "Korean surname against a Japanese-style one of unknown clan": 0.0155,
        "disagree": 0.0046,
    },
    "given_name": {
        "same Korean given name": 0.2409,
        "same Japanese given name": 0.2518,
        "same reading of the Japanese given name": 0.0973,
        "same sound of the Japanese name (kana or Hangul)": 0.2227,
        "same sound by another reading of the given name's kanji": 0.0182,
        "Korean given name kept in the Japanese-style name": 0.1036,
        "similar given name": 0.0073,
        "Korean given name against a Japanese one (a changed given name, 개명?)": 0.0545,
        "disagree": 0.0036,
    },
    "birth_date": {
        "same day": 0.3349,
        "same month, day unknown": 0.1798,
        "same year, month unknown": 0.4434,
        "same year, different date": 0.001,
        "a year apart": 0.04,
        "disagree": 0.001,
    },
    "hometown": {
        "same township": 0.5721,
        "same county": 0.4231,
        "same province": 0.0012,
        "disagree": 0.0036,
    },
    "employer": {
        "same employer": 0.9988,
        "disagree": 0.0012,
    },
    "worksite": {
        "same worksite": 0.7786,
        "similar worksite": 0.1321,
        "disagree": 0.0893,
    },
}
Progress = Callable[[int, str], None]


def _null(*columns: str) -> dict:
    condition = " OR ".join(
        "(" + " AND ".join(f"{column}_{side} IS NULL" for column in columns) + ")" for side in "lr"
    )
    return {"sql_condition": condition, "label_for_charts": "missing", "is_null_level": True}


def _level(condition: str, label: str, *, frequency: str | None = None) -> dict:
    """A comparison level; ``frequency`` names the column whose term frequencies adjust its weight
    (the same 正雄 in two records says less than the same 錫得)."""
    level = {"sql_condition": condition, "label_for_charts": label}
    if frequency:
        # The adjustment is against this level's own u (Splink's default looks for an exact-match
        # level on the column, which a level matching across columns or by sound does not have).
        level |= {
            "tf_adjustment_column": frequency,
            "tf_adjustment_weight": 1.0,
            "disable_tf_exact_match_detection": True,
        }
    return level


ELSE = {"sql_condition": "ELSE", "label_for_charts": "disagree"}


def normalised_comparisons() -> list:
    from splink.comparison_library import CustomComparison

    return [
        CustomComparison(
            output_column_name="surname",
            comparison_description="Surname: the imposed Japanese surname, or the Korean clan surname",
            comparison_levels=[
                _null("ko_surname", "jp_ko_surname", "jp_kana_surname", "jp_sound"),
                _level(
                    "jp_kana_surname_l = jp_kana_surname_r",
                    "same Japanese-style surname",
                    frequency="jp_kana_surname",
                ),
                # Issue 16: the imposed surname as it sounds, from kana or from the Hangul a family
                # wrote it in (히라야마); a Hangul name written without a space is a prefix of the sound.
                _level(
                    "jp_sound_surname_l = jp_sound_surname_r "
                    "OR (jp_sound_surname_l IS NULL AND starts_with(jp_sound_l, jp_sound_surname_r)) "
                    "OR (jp_sound_surname_r IS NULL AND starts_with(jp_sound_r, jp_sound_surname_l))",
                    "same sound of the Japanese-style surname (kana or Hangul)",
                    frequency="jp_sound_surname",
                ),
                # Issue 16: the roster wrote no reading, and the family remembers another reading of
                # the kanji than the guessed one (金海: かねうみ, not きんかい).
                _level(
                    "list_has_any(jp_sounds_surname_l, jp_sounds_surname_r)",
                    "same sound by another reading of the surname's kanji",
                ),
                _level(
                    "ko_surname_l = ko_surname_r OR ko_surname_l = jp_ko_surname_r "
                    "OR jp_ko_surname_l = ko_surname_r OR jp_ko_surname_l = jp_ko_surname_r",
                    "same Korean surname (directly or through the imposed name)",
                    frequency="surname_key",
                ),
                # Issue 16: a Korean surname against an imposed one whose clan no table knows (光山):
                # neither agreement nor disagreement.
                _level(
                    "(ko_surname_l IS NOT NULL AND jp_kana_surname_l IS NULL AND jp_sound_l IS NULL "
                    "AND ko_surname_r IS NULL AND jp_ko_surname_r IS NULL AND jp_kana_surname_r IS NOT NULL) "
                    "OR (ko_surname_r IS NOT NULL AND jp_kana_surname_r IS NULL AND jp_sound_r IS NULL "
                    "AND ko_surname_l IS NULL AND jp_ko_surname_l IS NULL AND jp_kana_surname_l IS NOT NULL)",
                    "Korean surname against a Japanese-style one of unknown clan",
                ),
                ELSE,
            ],
        ),
        CustomComparison(
            output_column_name="given_name",
            comparison_description="Given name in Korean, in Japanese, or across the two",
            comparison_levels=[
                _null("ko_given", "jp_given", "jp_kana_given", "roman_given", "jp_roman_given", "jp_sound"),
                _level("ko_given_l = ko_given_r", "same Korean given name", frequency="ko_given"),
                _level("jp_given_l = jp_given_r", "same Japanese given name", frequency="jp_given"),
                _level(
                    "jp_kana_given_l = jp_kana_given_r",
                    "same reading of the Japanese given name",
                    frequency="jp_kana_given",
                ),
                # Issue 16: the Japanese name as it sounds, kana against the Hangul a family wrote.
                _level(
                    "jp_sound_given_l = jp_sound_given_r OR jp_sound_l = jp_sound_r",
                    "same sound of the Japanese name (kana or Hangul)",
                    frequency="jp_sound_given",
                ),
                # Issue 16: as for the surname (成範: せいはん, not しげのり; 勇: ゆう or いさむ).
                _level(
                    "list_has_any(jp_sounds_given_l, jp_sounds_given_r)",
                    "same sound by another reading of the given name's kanji",
                ),
                _level(
                    "ko_given_l = jp_ko_given_r OR jp_ko_given_l = ko_given_r",
                    "Korean given name kept in the Japanese-style name",
                ),
                _level(
                    "damerau_levenshtein(ko_given_l, ko_given_r) <= 1 "
                    # a typo in the Korean name against the Korean reading of the kanji kept (issue 16)
                    "OR damerau_levenshtein(ko_given_l, jp_ko_given_r) <= 1 "
                    "OR damerau_levenshtein(jp_ko_given_l, ko_given_r) <= 1 "
                    "OR jaro_winkler_similarity(jp_kana_given_l, jp_kana_given_r) >= 0.85 "
                    "OR roman_given_l = roman_given_r OR jp_roman_given_l = jp_roman_given_r",
                    "similar given name",
                ),
                # Only where the Korean name's record has no Japanese-style name at all: one that
                # remembers a Japanese given name (in kana, or Hangul as it sounded) other than the
                # roster's names another person, and disagrees (issue 16, found at 200,000 entries:
                # 48 of 49 such pairs scored 0.1-0.7 were false).
                _level(
                    "(ko_given_l IS NOT NULL AND jp_kana_l IS NULL AND jp_sound_l IS NULL "
                    "AND ko_given_r IS NULL AND jp_kana_given_r IS NOT NULL) "
                    "OR (ko_given_r IS NOT NULL AND jp_kana_r IS NULL AND jp_sound_r IS NULL "
                    "AND ko_given_l IS NULL AND jp_kana_given_l IS NOT NULL)",
                    "Korean given name against a Japanese one (a changed given name, 개명?)",
                ),
                ELSE,
            ],
        ),
        CustomComparison(
            output_column_name="birth_date",
            comparison_description="Birth date at the precision both records have",
            comparison_levels=[
                _null("birth_year"),
                _level("birth_ymd_l = birth_ymd_r", "same day"),
                _level(
                    "birth_year_l = birth_year_r AND birth_month_l = birth_month_r "
                    "AND (birth_day_l IS NULL OR birth_day_r IS NULL)",
                    "same month, day unknown",
                ),
                _level(
                    "birth_year_l = birth_year_r AND (birth_month_l IS NULL OR birth_month_r IS NULL)",
                    "same year, month unknown",
                ),
                _level("birth_year_l = birth_year_r", "same year, different date"),
                _level("abs(birth_year_l - birth_year_r) = 1", "a year apart"),
                ELSE,
            ],
        ),
        CustomComparison(
            output_column_name="hometown",
            comparison_description="Hometown as (province, county) in the colonial divisions",
            comparison_levels=[
                _null("province", "county"),
                # A township's name today may be its colonial name shortened (榮山浦邑, 나주시 영산동).
                _level(
                    "county_l = county_r AND (township_l = township_r OR starts_with(township_l, township_r) "
                    "OR starts_with(township_r, township_l))",
                    "same township",
                ),
                _level(
                    "county_l = county_r AND (province_l = province_r OR province_l IS NULL "
                    "OR province_r IS NULL)",
                    "same county",
                ),
                _level("province_l = province_r", "same province"),
                ELSE,
            ],
        ),
        CustomComparison(
            output_column_name="employer",
            comparison_levels=[
                _null("employer"),
                _level("employer_l = employer_r", "same employer"),
                ELSE,
            ],
        ),
        CustomComparison(
            output_column_name="worksite",
            comparison_levels=[
                _null("worksite"),
                _level("jaro_winkler_similarity(worksite_l, worksite_r) >= 0.9", "same worksite"),
                _level("jaro_winkler_similarity(worksite_l, worksite_r) >= 0.75", "similar worksite"),
                ELSE,
            ],
        ),
    ]


# One of the two records has no Japanese-style name at all (in kanji, kana or Hangul).
_NO_JAPANESE_NAME = (
    "((l.jp_kana IS NULL AND l.jp_sound IS NULL) OR (r.jp_kana IS NULL AND r.jp_sound IS NULL))"
)
NORMALISED_BLOCKING = [
    "l.jp_kana = r.jp_kana AND l.birth_year = r.birth_year",
    "l.jp_kanji = r.jp_kanji AND l.birth_year = r.birth_year",
    "l.ko_full = r.ko_full AND l.birth_year = r.birth_year",
    "l.ko_full = r.ko_full AND l.county = r.county",
    "l.jp_kanji = r.jp_kanji AND l.county = r.county",
    # A birth year misread or misremembered: the same name born in the same month.
    "l.ko_full = r.ko_full AND l.birth_month = r.birth_month",
    "l.jp_kanji = r.jp_kanji AND l.birth_month = r.birth_month",
    "l.surname_key = r.surname_key AND l.ko_given = r.jp_ko_given AND l.birth_year = r.birth_year",
    "l.surname_key = r.surname_key AND l.jp_ko_given = r.ko_given AND l.birth_year = r.birth_year",
    "l.birth_ymd = r.birth_ymd AND l.county = r.county",
    "l.birth_ymd = r.birth_ymd AND l.surname_key = r.surname_key",
    "l.surname_key = r.surname_key AND l.roman_given = r.roman_given AND l.birth_year = r.birth_year",
    "l.township = r.township AND l.county = r.county AND l.surname_key = r.surname_key "
    "AND l.birth_year = r.birth_year",
    # Issue 16: the Japanese name as it sounds (kana, or Hangul from a family's memory); and the
    # Korean given name kept in the imposed name with an age for a birth date (a year either way).
    "l.jp_sound = r.jp_sound AND l.birth_year = r.birth_year",
    "l.jp_sound = r.jp_sound AND l.county = r.county",
    "l.ko_given = r.jp_ko_given AND l.county = r.county",
    "l.jp_ko_given = r.ko_given AND l.county = r.county",
    "l.jp_sound = r.jp_sound AND l.employer = r.employer",
    # A Korean name alone against a Japanese-style name whose given name is Japanese (no name key in
    # common): the clan, and the year and county, or the county and employer where a year is missing.
    "l.surname_key = r.surname_key AND l.birth_year = r.birth_year AND l.county = r.county "
    f"AND {_NO_JAPANESE_NAME}",
    "l.surname_key = r.surname_key AND l.county = r.county AND l.employer = r.employer "
    f"AND (l.birth_year IS NULL OR r.birth_year IS NULL) AND {_NO_JAPANESE_NAME}",
    # Issue 16, found at scale (200,000 roster entries): a Korean given name kept in the imposed name
    # under a surname whose clan no table knows; the imposed surname remembered (its sound) with a given
    # name whose kanji were read otherwise than the family remembers (勇: いさむ or ゆう); the Japanese
    # given name remembered under a surname read otherwise (金海: かねうみ or きんかい). Each with the
    # birth year (and the county for the surname alone, which many share).
    "l.ko_given = r.jp_ko_given AND l.birth_year = r.birth_year",
    "l.jp_ko_given = r.ko_given AND l.birth_year = r.birth_year",
    "l.jp_sound_surname = r.jp_sound_surname AND l.birth_year = r.birth_year AND l.county = r.county",
    "l.jp_sound_given = r.jp_sound_given AND l.surname_key = r.surname_key AND l.birth_year = r.birth_year",
    # A Japanese name on both sides whose kanji were written without a reading on one: the sounds may
    # meet only through another reading (compared by the levels above), so the clan, year and county.
    "l.surname_key = r.surname_key AND l.birth_year = r.birth_year AND l.county = r.county "
    "AND l.jp_sound IS NOT NULL AND r.jp_sound IS NOT NULL "
    "AND (len(l.jp_sounds_given) > 1 OR len(r.jp_sounds_given) > 1)",
    # Issue 16: a birth year a year off (an age in full years, 滿, gives the year the birthday was
    # reached, one later if it had not been yet; a family's memory) with no month or county to stand
    # in for it: the same name, or the clan in the same township, a year either way (equi-joins on
    # the year moved by one, so that the database joins them as it joins the rules above).
    *(
        f"{keys} AND l.birth_year = r.birth_year {sign} 1"
        for keys in (
            "l.jp_kanji = r.jp_kanji",
            "l.jp_sound = r.jp_sound",
            "l.ko_full = r.ko_full",
            "l.township = r.township AND l.county = r.county AND l.surname_key = r.surname_key",
        )
        for sign in "+-"
    ),
]
# Training blocks: the first leaves the names free, the second the date, hometown and work.
NORMALISED_TRAINING = [
    "l.birth_ymd = r.birth_ymd AND l.county = r.county",
    "l.ko_surname = r.ko_surname AND l.ko_given = r.ko_given",
]


def raw_comparisons() -> list:
    import splink.comparison_library as cl

    return [
        cl.JaroWinklerAtThresholds("name_hangul", [0.95, 0.85]),
        cl.ExactMatch("name_hanja"),
        cl.JaroWinklerAtThresholds("name_japanese", [0.95, 0.85]),
        cl.ExactMatch("name_japanese_reading"),
        cl.JaroWinklerAtThresholds("name_romanized", [0.95, 0.85]),
        cl.ExactMatch("birth_date"),
        cl.ExactMatch("hometown"),
        cl.ExactMatch("employer"),
        cl.ExactMatch("worksite"),
    ]


RAW_BLOCKING = [
    "l.name_hangul = r.name_hangul AND l.birth_year = r.birth_year",
    "l.name_hanja = r.name_hanja AND l.birth_year = r.birth_year",
    "l.name_japanese = r.name_japanese AND l.birth_year = r.birth_year",
    "l.name_japanese_reading = r.name_japanese_reading AND l.birth_year = r.birth_year",
    "l.name_romanized = r.name_romanized AND l.birth_year = r.birth_year",
    "l.birth_date = r.birth_date AND l.hometown = r.hometown",
]
RAW_TRAINING = ["l.birth_date = r.birth_date", "l.name_hangul = r.name_hangul"]


def best_links(pairs: list["Pair"], *, margin: float = 0.0) -> list["Pair"]:
    """For each left record, its best pair (with any tie, or any within ``margin`` bits of it): a
    roster rarely holds one person twice, and a tie is for a caseworker to settle, not to drop."""
    best: dict[str, float] = {}
    for pair in pairs:
        best[pair.left] = max(best.get(pair.left, -1e9), pair.match_weight)
    return [pair for pair in pairs if pair.match_weight >= best[pair.left] - margin]


@dataclass
class Pair:
    left: str
    right: str
    probability: float
    match_weight: float
    evidence: dict[str, str]


@dataclass
class LinkWarning:
    """Something the run did other than planned, for its report: ``code`` says what (the page words
    it), ``details`` the facts (a rule, a count, comparisons). Codes:

    - ``training_rule_skipped``: a training rule found too few pairs (``rule``, ``pairs``);
    - ``training_rule_failed``: Splink could not train on a rule (``rule``, ``error``);
    - ``labels_failed``: the caseworkers' labels could not train m (``error``); EM was used instead;
    - ``m_from_last_run``: the ``comparisons`` no training reached took the last good run's m;
    - ``fixed_priors``: the ``comparisons`` no training reached (and the last good run had no m for)
      took the fixed priors :data:`FIXED_M`.
    """

    code: str
    details: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"code": self.code, **self.details}


@dataclass
class LinkResult:
    pairs: list[Pair]
    parameters: dict
    seconds: float
    figures: dict = field(default_factory=dict)
    warnings: list[LinkWarning] = field(default_factory=list)


def _settings(*, link_type: str, normalised: bool, prior: float) -> dict:
    from splink import SettingsCreator

    return SettingsCreator(
        link_type=link_type,
        unique_id_column_name="unique_id",
        comparisons=normalised_comparisons() if normalised else raw_comparisons(),
        blocking_rules_to_generate_predictions=NORMALISED_BLOCKING if normalised else RAW_BLOCKING,
        probability_two_random_records_match=prior,
        retain_matching_columns=False,
        retain_intermediate_calculation_columns=True,
        max_iterations=20,
    )


def link(
    *,
    left,
    right=None,
    normalised: bool = True,
    threshold: float = DEFAULT_THRESHOLD,
    expected_matches: float | None = None,
    model: dict | None = None,
    labels: list[tuple[str, str, bool]] | None = None,
    fallback: dict | None = None,
    seed: int = 42,
    exclusive: bool = False,
    progress: Progress | None = None,
    connection: duckdb.DuckDBPyConnection | None = None,
) -> LinkResult:
    """Score pairs of ``left`` against ``right`` (two Arrow tables of :mod:`features`), or within
    ``left`` alone when ``right`` is ``None``, at or above ``threshold``.

    ``model`` reuses a trained model's parameters (a dict from a previous result) instead of
    training; ``labels`` (left id, right id, same person?) from caseworkers' reviews set the m
    probabilities when at least :data:`MIN_ACCEPTED_LABELS` of them are accepted pairs, else training
    is by expectation maximisation. ``fallback`` (a previous good model's parameters) gives the m
    probabilities when no training rule can be used; without it, fixed priors do. ``exclusive``
    (against a roster) divides each left record's probability among its candidates (see the module's
    docstring): a pair's ``probability`` is then that its right record is the left one's, and the
    threshold applies to it.
    """
    import logging

    from splink import DuckDBAPI, Linker

    started = time.monotonic()
    report = progress or (lambda percent, step: None)
    con = connection or duckdb.connect()
    con.register("left_arrow", left)
    con.execute("CREATE OR REPLACE TABLE left_records AS SELECT * FROM left_arrow")
    con.unregister("left_arrow")
    tables = ["left_records"]
    if right is not None:
        con.register("right_arrow", right)
        con.execute("CREATE OR REPLACE TABLE right_records AS SELECT * FROM right_arrow")
        con.unregister("right_arrow")
        tables.append("right_records")
    db_api = DuckDBAPI(connection=con)
    frames = [db_api.register(table) for table in tables]
    n_left, n_right = left.num_rows, right.num_rows if right is not None else left.num_rows
    link_type = "link_only" if right is not None else "dedupe_only"
    pairs_possible = n_left * n_right if right is not None else max(1, n_left * (n_left - 1) // 2)
    prior = min(0.5, max(1e-12, (expected_matches or min(n_left, n_right) * 0.5) / max(1, pairs_possible)))
    if model is None:
        settings = _settings(link_type=link_type, normalised=normalised, prior=prior)
    else:
        settings = {**model, "link_type": link_type, "probability_two_random_records_match": prior}
        settings.pop("linker_uid", None)
        # Every rule, also within one table: Splink keeps a pair once, as l.unique_id < r.unique_id,
        # so a mirror-image rule (l.ko_given = r.jp_ko_given, l.jp_ko_given = r.ko_given) is needed
        # for whichever of the two records comes first.
        settings["blocking_rules_to_generate_predictions"] = [
            {"blocking_rule": rule, "sql_dialect": "duckdb"}
            for rule in (NORMALISED_BLOCKING if normalised else RAW_BLOCKING)
        ]
    linker = Linker(frames if right is not None else frames[0], settings, log_level=logging.ERROR)
    figures: dict = {"left": n_left, "right": n_right if right is not None else None}
    warnings: list[LinkWarning] = []
    if model is None:
        report(10, "estimating u by random sampling")
        linker.training.estimate_u_using_random_sampling(max_pairs=3e6, seed=seed)
        accepted = [(left_id, right_id) for left_id, right_id, same in labels or () if same]
        trained = False
        if len(accepted) >= MIN_ACCEPTED_LABELS:
            report(30, "estimating m from caseworkers' accepted pairs")
            trained = _train_from_labels(linker, con, accepted, warnings)
            figures["trained_on"] = f"{len(accepted)} accepted pairs"
        if not trained:
            rules = NORMALISED_TRAINING if normalised else RAW_TRAINING
            trained = _train_by_em(linker, con, rules, right is not None, warnings, report)
            figures["trained_on"] = "expectation maximisation"
        sources = _fall_back(linker, fallback, warnings)
        if not trained:
            figures["trained_on"] = (
                "the last good run's m probabilities" if "m_from_last_run" in sources else "fixed priors"
            )
        _floor_m(linker)
    report(60, "scoring candidate pairs")
    # One-to-one (``exclusive``): an applicant is one person, so the candidates of one application
    # compete for it, and those that fall below the threshold still count against the others: score
    # down to a tenth of the threshold, then keep what clears it after the division.
    floor = min(threshold, max(threshold / 10, 1e-4)) if exclusive else threshold
    predictions = linker.inference.predict(threshold_match_probability=floor)
    parameters = linker.misc.save_model_to_json()
    # Each comparison's levels by their match weight (the term-frequency adjustment is a column of its
    # own): the evidence says which level each field met.
    levels_by_weight = {}
    for comparison in linker._settings_obj.comparisons:
        levels_by_weight[comparison._mw_column_name] = [
            (0.0 if level.is_null_level else level._log2_bayes_factor, level.label_for_charts)
            for level in comparison.comparison_levels
        ]
    names = list(levels_by_weight)
    left_name = frames[0].templated_name
    if right is not None:
        first = f"CASE WHEN source_dataset_l = '{left_name}' THEN unique_id_l ELSE unique_id_r END"
        second = f"CASE WHEN source_dataset_l = '{left_name}' THEN unique_id_r ELSE unique_id_l END"
    else:
        first, second = "unique_id_l", "unique_id_r"
    columns = f"{first} AS first, {second} AS second, match_weight, {', '.join(names)}"
    if exclusive:
        # P(this entry is the applicant's) = odds / (1 + the sum of the odds of all its candidates),
        # the odds being Splink's 2^match_weight: a lone candidate keeps its probability, each of k
        # equally good namesakes gets less than 1/k. (Scaled by the best candidate's odds, so that no
        # power overflows.)
        query = (
            f"SELECT first, second, probability, match_weight, {', '.join(names)} FROM ("
            "SELECT *, pow(2.0, match_weight - top) / (pow(2.0, -top) "
            "+ sum(pow(2.0, match_weight - top)) OVER (PARTITION BY first)) AS probability FROM ("
            f"SELECT {columns}, max(match_weight) OVER (PARTITION BY {first}) AS top "
            f"FROM {predictions.physical_name})) WHERE probability >= {float(threshold)!r}"
        )
    else:
        query = (
            f"SELECT {first} AS first, {second} AS second, match_probability, match_weight, "
            f"{', '.join(names)} FROM {predictions.physical_name}"
        )
    rows = con.execute(query).fetchall()
    report(85, "collecting pairs")
    pairs = []
    for row in rows:
        first_id, second_id, chance, weight, *weights = row
        evidence = {
            name.removeprefix("mw_"): min(levels_by_weight[name], key=lambda level: abs(level[0] - value))[1]
            for name, value in zip(names, weights, strict=True)
        }
        pairs.append(Pair(str(first_id), str(second_id), float(chance), float(weight), evidence))
    figures["candidate_pairs"] = len(pairs)
    if connection is None:
        con.close()
    return LinkResult(
        pairs=pairs,
        parameters=parameters,
        seconds=time.monotonic() - started,
        figures=figures,
        warnings=warnings,
    )


def _pairs_found(con: duckdb.DuckDBPyConnection, rule: str, *, two_tables: bool, enough: int) -> int:
    """How many record pairs ``rule`` finds, counted up to ``enough`` (the query stops there)."""
    right, within = (
        ("right_records", "") if two_tables else ("left_records", "l.unique_id < r.unique_id AND ")
    )
    return con.execute(
        f"SELECT count(*) FROM (SELECT 1 FROM left_records l JOIN {right} r ON {within}({rule}) "
        f"LIMIT {int(enough)})"
    ).fetchall()[0][0]


def _train_by_em(linker, con, rules: list[str], two_tables: bool, warnings: list, report) -> bool:
    """m by expectation maximisation on each rule that finds enough pairs; ``False`` if none could be
    used. A rule is skipped rather than the run stopped: the other rule still trains the comparisons
    it leaves free."""
    from splink.internals.exceptions import SplinkException

    used = 0
    for number, rule in enumerate(rules):
        found = _pairs_found(con, rule, two_tables=two_tables, enough=MIN_TRAINING_PAIRS)
        if found < MIN_TRAINING_PAIRS:
            warnings.append(LinkWarning("training_rule_skipped", {"rule": rule, "pairs": found}))
            continue
        report(30 + 15 * number, f"expectation maximisation, blocking on {rule}")
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(
                rule, estimate_without_term_frequencies=True, max_pairs=2e6
            )
        except SplinkException as error:
            warnings.append(LinkWarning("training_rule_failed", {"rule": rule, "error": str(error)[:300]}))
            continue
        used += 1
    return used > 0


def _fall_back(linker, fallback: dict | None, warnings: list) -> set[str]:
    """Give each comparison no training reached (no level has an m) the m of the last good model
    where it has them, else the fixed priors; returns the warning codes added. (A level that training
    reached but never observed keeps Splink's handling: that is ordinary, not a fallback.)"""
    saved = {
        comparison.get("output_column_name"): {
            level.get("label_for_charts"): level.get("m_probability")
            for level in comparison.get("comparison_levels", [])
            if not level.get("is_null_level")
        }
        for comparison in (fallback or {}).get("comparisons", [])
    }
    used: dict[str, list[str]] = {"m_from_last_run": [], "fixed_priors": []}
    for comparison in linker._settings_obj.comparisons:
        levels = [level for level in comparison.comparison_levels if not level.is_null_level]
        if any(level._m_probability is not None for level in levels):
            continue
        name = comparison.output_column_name
        last = saved.get(name, {})
        usable = any(isinstance(m, float | int) and 0 < m <= 1 for m in last.values())
        source, values = ("m_from_last_run", last) if usable else ("fixed_priors", FIXED_M.get(name, {}))
        for level in levels:
            m = values.get(level.label_for_charts)
            if isinstance(m, float | int) and 0 < m <= 1:
                level.m_probability = float(m)
        used[source].append(name)
    for code, comparisons in used.items():
        if comparisons:
            warnings.append(LinkWarning(code, {"comparisons": comparisons}))
    return {code for code, comparisons in used.items() if comparisons}


def _floor_m(linker) -> None:
    """Raise every level's m below :data:`M_FLOOR` (or never observed in training) to it."""
    for comparison in linker._settings_obj.comparisons:
        for level in comparison.comparison_levels:
            if level.is_null_level:
                continue
            m = level._m_probability
            if not isinstance(m, float | int) or m < M_FLOOR:
                level.m_probability = M_FLOOR


def _train_from_labels(
    linker, con: duckdb.DuckDBPyConnection, accepted: list[tuple[str, str]], warnings: list
) -> bool:
    """m probabilities from the pairs caseworkers accepted (Splink's pairwise labels: the
    accepted pairs are the matches it learns from); ``False`` (with a warning) if Splink could not."""
    import pyarrow as pa
    from splink.internals.exceptions import SplinkException

    frames = list(linker._input_tables_dict.values())
    table = pa.table(
        {
            "source_dataset_l": [frames[0].templated_name] * len(accepted),
            "unique_id_l": [left for left, _right in accepted],
            "source_dataset_r": [frames[-1].templated_name] * len(accepted),
            "unique_id_r": [right for _left, right in accepted],
        }
    )
    con.register("labels_arrow", table)
    con.execute("CREATE OR REPLACE TABLE review_labels AS SELECT * FROM labels_arrow")
    try:
        linker.training.estimate_m_from_pairwise_labels("review_labels")
    except SplinkException as error:
        warnings.append(LinkWarning("labels_failed", {"error": str(error)[:300]}))
        return False
    return True


__all__ = [
    "DEFAULT_THRESHOLD",
    "MIN_ACCEPTED_LABELS",
    "MIN_TRAINING_PAIRS",
    "M_FLOOR",
    "NORMALISED_COLUMNS",
    "LinkResult",
    "LinkWarning",
    "Pair",
    "link",
]
