"""Finding a person by a name typed in any script: the key stored with each person and the patterns a
query becomes. Plain Python, no Django; the registry stores :func:`person_search_key` in
``Person.search_key`` and the database matches :func:`query_patterns` against it.

The key is the linkage's own normalisation (:mod:`amends.linkage.names`, :mod:`amends.linkage.features`),
so that 李敏哲, 이민철, 리민철, 岩本敏哲, いわもと びんてつ, "Lee Min-cheol", "Yi Min-chol" and "Ri Min
Chol" meet: each name form is folded to canonical Hangul (Hanja read, the initial-sound rule applied, a
Japanese-style surname pointing to its clan), to the Korean surname with a romanised skeleton of the
given name, to hiragana, and to a romanised skeleton of the Japanese reading.

A key is words separated by spaces, with a space before the first: a query matches a person when one
of its patterns (each beginning with a space) is contained in the key, that is when it is the
beginning of one of the key's words. Every word is a whole name or a given name, so "이민", "민철",
"Lee Min" and "Rhee" all find 이민철 as they are typed, and "철" alone finds nothing.
"""

import re
from functools import cache

from amends.linkage.features import NORMALISED_COLUMNS, normalised_features
from amends.linkage.names import (
    JAPANESE_SURNAMES,
    hanja_to_hangul,
    has_kanji,
    initial_sound_rule,
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

# Raised, with a migration that fills every stored key again (as registry/0006 does), whenever what
# :func:`person_search_key` makes of a name changes: stored keys are not recomputed on their own, and a
# stale key hides a person from search. tests/registry/test_search_key_version.py fails until both are
# done.
SEARCH_KEY_VERSION = 2

# The longest query turned into patterns; a name is far shorter, and the conversions are per character.
MAX_QUERY = 100


@cache
def _roman(text: str) -> str:
    """The linkage's romanised skeleton, folded further for search: the vowels ㅓ, ㅜ, ㅡ and ㅗ are all
    written u or o by someone (Chul, Cheol; Sung, Seong; Hyun, Hyeon) and ㅢ is i, ui or ee (Hee, Hui),
    so search, which must not miss a person, lets them meet; ranking is the linkage model's job."""
    return roman_skeleton(text).replace("ui", "i").replace("u", "o")


def _words(*words: str) -> list[str]:
    return [word.replace(" ", "").replace("\u3000", "").lower() for word in words if word and word.strip()]


def person_search_key(
    *,
    name_hangul: str = "",
    name_hanja: str = "",
    name_japanese: str = "",
    name_japanese_reading: str = "",
    name_romanized: str = "",
) -> str:
    """The words a person is found by: each whole name and each given name, in canonical Hangul, as
    written in Hanja and kanji, in hiragana, and as romanised skeletons (see the module's docstring)."""
    names = {
        "ref": "",
        "name_hangul": name_hangul,
        "name_hanja": name_hanja,
        "name_japanese": name_japanese,
        "name_japanese_reading": name_japanese_reading,
        "name_romanized": name_romanized,
    }
    keys = {
        column: value or ""
        for column, value in zip(NORMALISED_COLUMNS, normalised_features(names), strict=True)
    }
    ko_surname, ko_given = keys["ko_surname"], keys["ko_given"]
    words = _words(keys["ko_full"], ko_given, name_hangul, name_hanja)
    if ko_given:
        roman_given = _roman(revised_romanization(ko_given))
        words += _words(ko_surname + roman_given, roman_given)
    if keys["jp_ko_surname"] and keys["jp_ko_given"]:
        words += _words(keys["jp_ko_surname"] + keys["jp_ko_given"])
    words += _words(keys["jp_kanji"], keys["jp_given"], keys["jp_kana"], keys["jp_kana_given"])
    for kana in (keys["jp_kana"], keys["jp_kana_given"]):
        if kana:
            words += _words(_roman(japanese_reading(kana)[1]))
    if romanized := name_romanized.strip():
        surname, given = split_romanized(romanized)
        if clan := korean_surname(surname):
            words += _words(clan + _roman(given), _roman(given))
        words += _words(_roman(romanized))
    return " " + " ".join(dict.fromkeys(word for word in words if word))


def query_patterns(query: str) -> list[str]:
    """What a typed name becomes: patterns, each a space and the beginning of a word of
    :func:`person_search_key`. None for a query with nothing to search by (or over :data:`MAX_QUERY`)."""
    text = query.strip().replace("\u3000", " ")
    if not text or len(text) > MAX_QUERY:
        return []
    forms: list[str] = []
    if is_hangul(text) or has_kanji(text):
        compact = text.replace(" ", "")
        forms.append(compact)
        if not re.search(r"[0-9]", text):  # a name, not a case number (2013다61381)
            surname, given = split_korean_name(text)
            forms.append(korean_surname(surname) + korean_given(given))
        if is_hangul(text):
            forms.append(initial_sound_rule(compact))
        else:
            # Hanja (李敏哲) read in Korean, and a Japanese-style name with one of the imposed surnames
            # (岩本敏哲) read as the Korean name its clan and its given name's characters point to.
            forms.append(hanja_to_hangul(compact))
            jp_surname, jp_given = split_japanese_name(text)
            if (
                jp_given
                and jp_surname in JAPANESE_SURNAMES
                and (clan := korean_surname_of_japanese(jp_surname))
            ):
                forms.append(clan + korean_given(jp_given))
    elif is_kana(text):
        forms.append(japanese_reading(text)[0])
    else:
        surname, given = split_romanized(text)
        if clan := korean_surname(surname):
            forms.append(clan + _roman(given))
        # A lone Korean surname (Rhee) means that surname, not every name with "li" in it.
        if not (clan and not given):
            forms.append(_roman(text))
    patterns = (" " + form.replace(" ", "").lower() for form in forms)
    return [pattern for pattern in dict.fromkeys(patterns) if re.search(r"\S", pattern)]
