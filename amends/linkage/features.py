"""The comparison keys of one record, from every name form it has, its birth date, hometown and work.

:func:`normalised_features` is what the model compares; :func:`raw_features` is the baseline that
compares the columns as written. Both take a mapping with the import's standard columns and return
plain values (``None`` where unknown), so a million rows go to DuckDB as one Arrow table.
"""

from collections.abc import Iterable, Mapping
from functools import cache

from amends.linkage.facts import BadBirthDate, employer_key, parse_birth_date, worksite_key
from amends.linkage.names import (
    CHANGSSI_SURNAMES,
    JAPANESE_SURNAMES,
    canonical_kanji,
    has_kanji,
    is_hangul,
    is_kana,
    japanese_reading,
    japanese_sound,
    japanese_sounds,
    korean_given,
    korean_surname,
    korean_surname_of_japanese,
    revised_romanization,
    roman_skeleton,
    split_japanese_name,
    split_korean_name,
    split_romanized,
)
from amends.linkage.places import successor_key

NORMALISED_COLUMNS = (
    "unique_id", "ko_surname", "ko_given", "ko_full", "roman_given", "jp_kanji", "jp_surname", "jp_given",
    "jp_kana", "jp_kana_surname", "jp_kana_given", "jp_roman_given", "jp_ko_surname", "jp_ko_given",
    "surname_key", "birth_year", "birth_month", "birth_day", "birth_ymd", "province", "county", "township",
    "employer", "worksite", "jp_sound", "jp_sound_surname", "jp_sound_given", "jp_sounds_surname",
    "jp_sounds_given",
)  # fmt: skip
# Columns holding a list: every sound of a name's kanji where no reading was written (names.japanese_sounds).
LIST_COLUMNS = ("jp_sounds_surname", "jp_sounds_given")
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


def _sound_table() -> dict[str, str]:
    """Each sound of each imposed surname (:func:`japanese_sounds`: every reading of its kanji, 金海
    as きんかい and かねうみ) → the clan it points to ("" when two clans share it): how a surname written
    in Hangul (이와모토, 가네우미) is told apart and traced to its clan. The surnames are those of the
    tables of imposed names and of clan seats (:data:`~amends.linkage.names.JAPANESE_SURNAMES`)."""
    table: dict[str, str] = {}
    for name in JAPANESE_SURNAMES:
        korean = korean_surname_of_japanese(name)
        if not korean:
            continue
        for sound in japanese_sounds(name):
            table[sound] = "" if sound in table and table[sound] != korean else korean
    return table


def _kana_parts(reading: str) -> tuple[str, str, str]:
    """(full, surname, given) hiragana of a reading written with or without a space."""
    reading = reading.replace("\u3000", " ").strip()
    if " " in reading:
        surname, given = reading.split(None, 1)
        surname, given = japanese_reading(surname)[0], japanese_reading(given)[0]
        return surname + given, surname, given
    return japanese_reading(reading)[0], "", ""


def _cut_reading(full: str, guessed_surname: str, guessed_given: str) -> tuple[str, str]:
    """(surname, given) of a reading written without a space (ミツヤマミツオ beside 光山 光男), cut where
    the reading guessed from the kanji agrees with it at the start or the end; ("", "") where it agrees
    with neither: a name's kanji are read many ways (光山 is みつやま or こうざん), and a guessed part
    would outweigh what the clerk wrote (the whole reading is still compared, as the name's sound)."""
    if guessed_surname and full.startswith(guessed_surname) and len(full) > len(guessed_surname):
        return guessed_surname, full[len(guessed_surname) :]
    if guessed_given and full.endswith(guessed_given) and len(full) > len(guessed_given):
        return full[: -len(guessed_given)], guessed_given
    return "", ""


_KOREAN_SURNAME_OF_READING = _reading_table()
_KOREAN_SURNAME_OF_SOUND = _sound_table()


@cache
def _hangul_japanese(name: str) -> tuple[str, str, str, str, tuple[str, ...], tuple[str, ...]]:
    """(sound, surname sound, given-name sound, Korean surname, surname sounds, given-name sounds) of
    a Japanese name a family wrote in Hangul (히라야마 후쿠진, 이와모토히데오). Without a space the
    surname is found only when it is one of the imposed surnames the tables know (longest first);
    otherwise only the whole name's sound is kept, and the model compares it with the roster's surname
    sound as a prefix. Every cut where the tables know the surname is kept among the sounds (가네우미이사무
    is 가네우미 이사무, though 가네우미이 sounds as 金海 too)."""
    words = name.split()
    if len(words) >= 2:
        surname, given = japanese_sound(words[0]), japanese_sound("".join(words[1:]))
        clan = _KOREAN_SURNAME_OF_SOUND.get(surname, "")
        return surname + given, surname, given, clan, (surname,), (given,)
    cuts = [
        (japanese_sound(name[:cut]), japanese_sound(name[cut:]))
        for cut in range(len(name) - 1, 1, -1)
        if japanese_sound(name[:cut]) in _KOREAN_SURNAME_OF_SOUND
    ]
    if cuts:
        surname, given = cuts[0]
        surnames = tuple(dict.fromkeys(cut[0] for cut in cuts))
        givens = tuple(dict.fromkeys(cut[1] for cut in cuts if cut[1]))
        return surname + given, surname, given, _KOREAN_SURNAME_OF_SOUND[surname], surnames, givens
    return japanese_sound(name), "", "", "", (), ()


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
def _japanese(japanese: str, reading: str) -> tuple:
    """(surname, given, kana, kana surname, kana given, romaji given skeleton, Korean surname it
    points to, Korean reading of the given name's kanji, sound, surname sound, given-name sound, the
    surname's sounds, the given name's sounds: every reading of the kanji where none was written).
    Kanji are compared in one form of each (國本 and 国本 are one surname); a name written in Hangul
    (the Japanese name as a family remembers it) gives only sounds and the clan they point to."""
    if japanese and is_hangul(japanese) and not has_kanji(japanese) and not is_kana(japanese):
        if reading:
            return _japanese("", reading)
        sound, sound_surname, sound_given, ko_surname, sounds_surname, sounds_given = _hangul_japanese(
            japanese
        )
        return (
            "", "", "", "", "", "", ko_surname, "", sound, sound_surname, sound_given,
            sounds_surname, sounds_given,
        )  # fmt: skip
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
        if not read_surname and (kana_surname or kana_given):
            read_surname, read_given = _cut_reading(full, kana_surname, kana_given)
        kana = full
        kana_surname, kana_given = read_surname, read_given
    roman_given = roman_skeleton(japanese_reading(kana_given)[1]) if kana_given else ""
    if surname:
        ko_surname = korean_surname_of_japanese(surname)
    else:
        ko_surname = _KOREAN_SURNAME_OF_READING.get(kana_surname, "")
    ko_given = korean_given(given) if given and has_kanji(given) else ""
    sound_surname = japanese_sound(kana_surname) if kana_surname else ""
    sound_given = japanese_sound(kana_given) if kana_given else ""
    sound = sound_surname + sound_given if sound_surname and sound_given else japanese_sound(kana)
    # Issue 16: no reading written, so the kanji's every reading (the family may remember another).
    sounds_surname = japanese_sounds(surname) if surname and not reading else _one(sound_surname)
    sounds_given = japanese_sounds(given) if given and not reading else _one(sound_given)
    surname, given = canonical_kanji(surname), canonical_kanji(given)
    return (
        surname, given, kana, kana_surname, kana_given, roman_given, ko_surname, ko_given,
        sound, sound_surname, sound_given, sounds_surname, sounds_given,
    )  # fmt: skip


def _one(sound: str) -> tuple[str, ...]:
    return (sound,) if sound else ()


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
     jp_ko_given, jp_sound, jp_sound_surname, jp_sound_given, jp_sounds_surname,
     jp_sounds_given) = japanese  # fmt: skip
    roman_given = ""
    romanized = (get("name_romanized") or "").strip()
    if romanized:
        roman_surname, roman_given, roman_japanese = _romanized(romanized)
        ko_surname = ko_surname or roman_surname
        jp_roman_given = roman_japanese or jp_roman_given
    if ko_given and not roman_given:
        roman_given = _ko_roman(ko_given)
    # The colonial division under its successor's name (善山郡 as 구미): see amends/linkage/places.py.
    place = successor_key(get("hometown") or "")
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
        worksite_key(get("worksite") or "") or None,
        jp_sound or None,
        jp_sound_surname or None,
        jp_sound_given or None,
        list(jp_sounds_surname) or None,
        list(jp_sounds_given) or None,
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
    if normalised:
        types |= {column: pa.list_(pa.string()) for column in LIST_COLUMNS}
    return pa.table(
        {name: pa.array(values, type=types.get(name, pa.string())) for name, values in data.items()}
    )
