"""The comparison keys of one record, from every name form it has, its birth date, hometown and work.

:func:`normalised_features` is what the model compares; :func:`raw_features` is the baseline that
compares the columns as written. Both take a mapping with the import's standard columns and return
plain values (``None`` where unknown), so a million rows go to DuckDB as one Arrow table.
"""

from collections.abc import Iterable, Mapping
from functools import cache

from amends.linkage.facts import BadBirthDate, employer_key, hometown_key, parse_birth_date, place_key
from amends.linkage.names import (
    CHANGSSI_SURNAMES,
    has_kanji,
    is_hangul,
    is_kana,
    japanese_reading,
    korean_given,
    korean_surname,
    korean_surname_of_japanese,
    revised_romanization,
    roman_skeleton,
    split_japanese_name,
    split_korean_name,
    split_romanized,
)

NORMALISED_COLUMNS = (
    "unique_id", "ko_surname", "ko_given", "ko_full", "roman_given", "jp_kanji", "jp_surname", "jp_given",
    "jp_kana", "jp_kana_surname", "jp_kana_given", "jp_roman_given", "jp_ko_surname", "jp_ko_given",
    "surname_key", "birth_year", "birth_month", "birth_day", "birth_ymd", "province", "county", "township",
    "employer", "worksite",
)  # fmt: skip
RAW_COLUMNS = (
    "unique_id", "name_hangul", "name_hanja", "name_japanese", "name_japanese_reading", "name_romanized",
    "birth_date", "birth_year", "hometown", "employer", "worksite",
)  # fmt: skip


def _reading_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for korean, names in CHANGSSI_SURNAMES.items():
        for name in names.split():
            reading = japanese_reading(name)[0]
            table[reading] = "" if reading in table and table[reading] != korean else korean
    return table


def _kana_parts(reading: str) -> tuple[str, str, str]:
    """(full, surname, given) hiragana of a reading written with or without a space."""
    reading = reading.replace("\u3000", " ").strip()
    if " " in reading:
        surname, given = reading.split(None, 1)
        surname, given = japanese_reading(surname)[0], japanese_reading(given)[0]
        return surname + given, surname, given
    return japanese_reading(reading)[0], "", ""


_KOREAN_SURNAME_OF_READING = _reading_table()


@cache
def _korean(hanja_name: str, hangul: str) -> tuple[str, str]:
    """(surname, given) in canonical Hangul; the Hanja first: a Hangul name is more often
    mistyped, and the Hanja is what the rosters copied."""
    for name in (hanja_name, hangul):
        if name and (has_kanji(name) or is_hangul(name)):
            surname, given = split_korean_name(name)
            surname, given = korean_surname(surname), korean_given(given)
            if not surname and name is hanja_name and hangul:
                surname = korean_surname(split_korean_name(hangul)[0])
            return surname, given
    return "", ""


@cache
def _japanese(japanese: str, reading: str) -> tuple[str, str, str, str, str, str, str, str]:
    """(surname, given, kana, kana surname, kana given, romaji given skeleton, Korean surname it
    points to, Korean reading of the given name's kanji)."""
    surname = given = kana = kana_surname = kana_given = ""
    if japanese and is_kana(japanese) and not has_kanji(japanese):
        reading, japanese = reading or japanese, ""
    if japanese:
        surname, given = split_japanese_name(japanese)
        kana_surname, kana_given = japanese_reading(surname)[0], japanese_reading(given)[0]
        kana = kana_surname + kana_given
    if reading:
        # The reading written down beats the one guessed from the kanji.
        full, read_surname, read_given = _kana_parts(reading)
        kana = full
        kana_surname, kana_given = read_surname or kana_surname, read_given or kana_given
    roman_given = roman_skeleton(japanese_reading(kana_given)[1]) if kana_given else ""
    if surname:
        ko_surname = korean_surname_of_japanese(surname)
    else:
        ko_surname = _KOREAN_SURNAME_OF_READING.get(kana_surname, "")
    ko_given = korean_given(given) if given and has_kanji(given) else ""
    return surname, given, kana, kana_surname, kana_given, roman_given, ko_surname, ko_given


@cache
def _romanized(romanized: str) -> tuple[str, str, str]:
    """(Korean surname, Korean given-name skeleton, Japanese given-name skeleton)."""
    surname, given = split_romanized(romanized)
    if korean_surname(surname):
        return korean_surname(surname), roman_skeleton(given), ""
    return "", "", roman_skeleton(given) if given else ""


@cache
def _born(text: str) -> tuple:
    try:
        born = parse_birth_date(text)
    except BadBirthDate:
        born = None
    if born is None:
        return None, None, None, None
    return born.year, born.month, born.day, str(born) if born.day else None


@cache
def _ko_roman(given: str) -> str:
    return roman_skeleton(revised_romanization(given))


def normalised_features(record: Mapping[str, str]) -> tuple:
    """The record's keys in the order of :data:`NORMALISED_COLUMNS` (``None`` where unknown)."""
    get = record.get
    ko_surname, ko_given = _korean((get("name_hanja") or "").strip(), (get("name_hangul") or "").strip())
    japanese = _japanese((get("name_japanese") or "").strip(), (get("name_japanese_reading") or "").strip())
    (jp_surname, jp_given, jp_kana, jp_kana_surname, jp_kana_given, jp_roman_given, jp_ko_surname,
     jp_ko_given) = japanese  # fmt: skip
    roman_given = ""
    romanized = (get("name_romanized") or "").strip()
    if romanized:
        roman_surname, roman_given, roman_japanese = _romanized(romanized)
        ko_surname = ko_surname or roman_surname
        jp_roman_given = roman_japanese or jp_roman_given
    if ko_given and not roman_given:
        roman_given = _ko_roman(ko_given)
    place = hometown_key(get("hometown") or "")
    return (
        record["ref"],
        ko_surname or None,
        ko_given or None,
        ko_surname + ko_given if ko_surname and ko_given else None,
        roman_given or None,
        (jp_surname + jp_given) or None,
        jp_surname or None,
        jp_given or None,
        jp_kana or None,
        jp_kana_surname or None,
        jp_kana_given or None,
        jp_roman_given or None,
        jp_ko_surname or None,
        jp_ko_given or None,
        ko_surname or jp_ko_surname or None,
        *_born((get("birth_date") or "").strip()),
        place.province or None,
        place.county or None,
        place.township or None,
        employer_key(get("employer") or "") or None,
        place_key(get("worksite") or "") or None,
    )


def raw_features(record: Mapping[str, str]) -> tuple:
    """The columns as written, for the baseline model (only the birth year is cut out, to block on)."""
    birth = (record.get("birth_date") or "").strip()
    return tuple(
        record["ref"]
        if name == "unique_id"
        else (int(birth[:4]) if birth[:4].isdigit() else None)
        if name == "birth_year"
        else (record.get(name) or "").strip() or None
        for name in RAW_COLUMNS
    )


def feature_table(records: Iterable[Mapping[str, str]], *, normalised: bool = True):
    """An Arrow table of the records' features (normalised, or raw for the baseline)."""
    import pyarrow as pa

    columns = NORMALISED_COLUMNS if normalised else RAW_COLUMNS
    make = normalised_features if normalised else raw_features
    rows = [make(record) for record in records]
    data = {name: [row[index] for row in rows] for index, name in enumerate(columns)}
    del rows
    types = {"birth_year": pa.int32(), "birth_month": pa.int32(), "birth_day": pa.int32()}
    return pa.table(
        {name: pa.array(values, type=types.get(name, pa.string())) for name, values in data.items()}
    )
