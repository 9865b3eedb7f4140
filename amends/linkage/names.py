"""Names across scripts: Hangul, Hanja, Japanese-style names (창씨개명) in kanji and kana, romanisations.

Pure functions, cached per distinct value: roster names repeat a great deal, so a million rows cost
a few thousand conversions. Readings come from maintained libraries (``hanja`` for Hanja → Hangul,
``pykakasi`` for Japanese → kana and romaji, ``korean_romanizer`` for Revised Romanisation); the
McCune–Reischauer converter is our own (see :func:`mccune_reischauer`).

Comparison keys are canonical forms, not display forms: the initial-sound rule (두음법칙) is folded to
the South Korean spelling (리 → 이, 림 → 임, 로 → 노, 류 → 유), so 李/이/리/Lee/Yi/Rhee meet.
"""

import json
import re
import unicodedata
from functools import cache
from pathlib import Path

import hanja
import pykakasi
from korean_romanizer.romanizer import Romanizer

_BASE = 0xAC00
# Vowels (중성 indices) before which ㄹ and ㄴ become ㅇ at the start of a word: ㅑ ㅕ ㅖ ㅛ ㅠ ㅣ.
_IOTISED = {2, 6, 7, 12, 17, 20}
_RIEUL, _NIEUN, _IEUNG = 5, 2, 11

TWO_SYLLABLE_SURNAMES = frozenset({
    "남궁", "선우", "제갈", "황보", "독고", "사공", "서문", "동방",
    "南宮", "鮮于", "諸葛", "皇甫", "獨孤", "司空", "西門", "東方",
})  # fmt: skip

# Hanja whose reading as a surname differs from the dictionary's first reading.
SURNAME_HANJA_READINGS = {"金": "김", "樂": "낙", "更": "경", "車": "차", "宅": "택"}

# Romanised surnames as people and clerks wrote them, folded to the canonical Hangul surname.
SURNAME_VARIANTS = {
    "김": "kim gim kym",
    "이": "lee yi rhee ri i rhie lie ree rhi yee",
    "박": "park pak bak bahk pahk",
    "최": "choi choe choy chey chwe",
    "정": "jung jeong chung chong cheong joung jeung",
    "강": "kang gang kahng",
    "조": "cho jo joe chough",
    "윤": "yoon yun youn yune",
    "장": "jang chang jhang",
    "임": "lim im rim yim leem",
    "한": "han hahn",
    "오": "oh o",
    "서": "seo suh so soh sur",
    "신": "shin sin shinn",
    "권": "kwon gwon kwan",
    "황": "hwang whang",
    "안": "ahn an",
    "송": "song",
    "유": "yoo yu ryu you ryoo you rhyu",
    "홍": "hong",
    "노": "noh roh no ro rho nho",
    "문": "moon mun",
    "양": "yang ryang",
    "손": "son sohn",
    "배": "bae pae bai",
    "백": "baek paik paek back baik",
    "허": "heo hur ho huh",
    "남": "nam",
    "전": "jeon jun chun chon jeun",
    "고": "ko go koh",
}
_SURNAME_FROM_ROMAN = {
    variant: hangul for hangul, words in SURNAME_VARIANTS.items() for variant in words.split()
}

# 창씨개명: Japanese-style surnames commonly imposed on each clan, and so the Korean surname a roster's
# Japanese name points to. Where a kanji surname keeps the clan's character (金田, 金本), its Korean
# reading gives the same answer; this table covers those that do not (岩本 for 李, 新井 for 朴).
CHANGSSI_SURNAMES = {
    "김": "金田 金本 金山 金村 金海 金光 金井 金原",
    "이": "岩本 宮本 国本 李家 松本 平山 木下",
    "박": "新井 木村 朴田 松原 大原",
    "최": "山本 佳山 富山 崔本",
    "정": "東原 松田 鄭田 河東",
    "강": "晋山 岡村 姜本",
    "조": "夏山 松山 趙本",
    "윤": "伊東 平沼 坡平",
    "장": "張本 玉山 安東",
    "임": "林 林田 平林",
    "한": "西原 清原",
    "오": "呉山 呉本",
    "신": "平田 申本",
    "권": "安東 権藤",
    "황": "檜山 黄本",
}
# Issue 16: the surnames families made from their clan's ancestral seat (本貫: 光山 for 광산 김씨, 南平
# for 남평 문씨, 高靈 for 고령 신씨), from the cited table data/changssi_bongwan.csv. A seat's name says
# nothing by its first character (光 is no clan's, 高 is 고's), so only a table can tell.
BONGWAN_FILE = Path(__file__).with_name("data") / "changssi_bongwan.csv"


def _bongwan_surnames() -> list[tuple[str, str]]:
    """(imposed surname, Korean surname) of each row of the table of seats."""
    import csv

    with BONGWAN_FILE.open(encoding="utf-8") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        return [(row["imposed"].strip(), row["clan"].strip()) for row in rows]


_KOREAN_SURNAME_OF_JAPANESE: dict[str, str] = {}
for _name, _korean in [
    *((name, korean) for korean, names in CHANGSSI_SURNAMES.items() for name in names.split()),
    *_bongwan_surnames(),
]:
    # A Japanese surname shared by two clans (安東, 星山) points to neither.
    _known = _KOREAN_SURNAME_OF_JAPANESE.get(_name)
    _KOREAN_SURNAME_OF_JAPANESE[_name] = _korean if _known in (None, _korean) else ""
JAPANESE_SURNAMES = sorted(_KOREAN_SURNAME_OF_JAPANESE, key=len, reverse=True)

_kakasi = pykakasi.kakasi()


def _syllable(ch: str) -> tuple[int, int, int] | None:
    code = ord(ch) - _BASE
    if not 0 <= code < 11172:
        return None
    return code // 588, (code % 588) // 28, code % 28


def initial_sound_rule(word: str) -> str:
    """``word`` with its first syllable in the South Korean spelling (두음법칙): 리 → 이, 림 → 임,
    로 → 노, 류 → 유, 녀 → 여, 라 → 나. North Korean and older spellings keep ㄹ/ㄴ; the key folds them."""
    if not word:
        return word
    parts = _syllable(word[0])
    if parts is None:
        return word
    initial, vowel, final = parts
    if initial == _RIEUL:
        initial = _IEUNG if vowel in _IOTISED else _NIEUN
    elif initial == _NIEUN and vowel in _IOTISED:
        initial = _IEUNG
    return chr(_BASE + initial * 588 + vowel * 28 + final) + word[1:]


def is_hangul(text: str) -> bool:
    return any(_syllable(ch) is not None for ch in text)


def is_kana(text: str) -> bool:
    return any("\u3040" <= ch <= "\u30ff" for ch in text)


def has_kanji(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" for ch in text)


@cache
def _hanja_table() -> dict[str, str]:
    """The ``hanja`` library's table of readings (27,000 characters). The library loads it with
    PyYAML's pure-Python loader, seconds on every start; its lines are ``"\\u4e00": "\\uc77c"``,
    which JSON reads in a fraction of that."""
    path = Path(hanja.__file__).with_name("table.yml")
    table = {}
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            line = line.strip()
            if line and not line.startswith("#"):
                table.update(json.loads("{" + line + "}"))
    return table


@cache
def hanja_to_hangul(text: str, *, surname: bool = False) -> str:
    """The Korean reading of Hanja (or of the kanji of a Japanese-style name): 金正雄 → 금정웅, as a
    surname 金 → 김. Characters that are not Hanja pass through; the reading is the dictionary's,
    with the initial-sound rule applied where the library applies it (at the start of a word)."""
    table = _hanja_table()
    if surname and text[:1] in SURNAME_HANJA_READINGS:
        return SURNAME_HANJA_READINGS[text[0]] + hanja_to_hangul(text[1:])
    out = []
    for index, ch in enumerate(text):
        reading = table.get(ch, ch)
        if reading != ch and (index == 0 or text[index - 1] == " "):
            reading = initial_sound_rule(reading)
        out.append(reading)
    return "".join(out)


@cache
def _readings_table() -> dict[str, tuple[str, ...]]:
    readings: dict[str, list[str]] = {}
    for character, reading in _hanja_table().items():
        readings.setdefault(reading, []).append(character)
    return {reading: tuple(characters) for reading, characters in readings.items()}


def hangul_to_hanja(syllable: str) -> tuple[str, ...]:
    """The Hanja read as ``syllable`` (the way back is one to many: 정 → 丁, 正, 鄭 …), in either
    spelling of the initial-sound rule (이 also finds 李, which dictionaries file under 리)."""
    table = _readings_table()
    candidates = list(table.get(syllable, ()))
    for reading, characters in table.items():
        if reading != syllable and initial_sound_rule(reading) == syllable:
            candidates.extend(characters)
    # The common characters (the basic CJK block) before the rare ones of Extension A.
    return tuple(sorted(dict.fromkeys(candidates), key=lambda ch: not "\u4e00" <= ch <= "\u9fff"))


def split_korean_name(name: str) -> tuple[str, str]:
    """(surname, given name) of a Korean name in Hangul or Hanja, written with or without a space."""
    name = name.strip()
    if " " in name:
        surname, given = name.split(None, 1)
        return surname, given.replace(" ", "")
    if name[:2] in TWO_SYLLABLE_SURNAMES and len(name) > 3:
        return name[:2], name[2:]
    return name[:1], name[1:]


def split_japanese_name(name: str) -> tuple[str, str]:
    """(surname, given name) of a Japanese-style name in kanji, with or without a space: a known
    imposed surname first, else the first two characters (most Japanese surnames have two)."""
    name = name.strip().replace("\u3000", " ")
    if " " in name:
        surname, given = name.split(None, 1)
        return surname, given.replace(" ", "")
    form = canonical_kanji(name)
    for surname in JAPANESE_SURNAMES:
        if form.startswith(canonical_kanji(surname)) and len(name) > len(surname):
            return name[: len(surname)], name[len(surname) :]
    cut = 2 if len(name) >= 3 else 1
    return name[:cut], name[cut:]


@cache
def korean_surname(surname: str) -> str:
    """The canonical Hangul surname from Hangul, Hanja or a romanisation (Lee, Yi, Rhee → 이)."""
    surname = surname.strip()
    if not surname:
        return ""
    if has_kanji(surname):
        surname = hanja_to_hangul(surname, surname=True)
    elif not is_hangul(surname):
        return _SURNAME_FROM_ROMAN.get(re.sub(r"[^a-z]", "", surname.lower()), "")
    return initial_sound_rule(surname)


@cache
def korean_given(given: str) -> str:
    """A given name in canonical Hangul from Hangul or Hanja."""
    given = given.replace(" ", "")
    if has_kanji(given):
        given = hanja_to_hangul(given)
    return initial_sound_rule(given)


@cache
def _imposed_by_form() -> dict[str, str]:
    # The table of imposed names keyed by the kanji's one form too (國本 as 国本), built on first use:
    # the variants' table takes a second to load.
    return {canonical_kanji(name): korean for name, korean in _KOREAN_SURNAME_OF_JAPANESE.items()}


@cache
def korean_surname_of_japanese(surname: str) -> str:
    """The Korean surname a Japanese-style surname points to: 岩本 → 이 (by the table of imposed
    names, in either form of its kanji), 金田 → 김 (its first character's Korean reading), or "" when
    it cannot tell."""
    if surname in _KOREAN_SURNAME_OF_JAPANESE:
        return _KOREAN_SURNAME_OF_JAPANESE[surname]
    if (form := canonical_kanji(surname)) in _imposed_by_form():
        return _imposed_by_form()[form]
    if len(surname) == 1:
        return ""
    # Only a clan's own character says the clan (金山 → 김, 林田 → 임): the first character of 光山 or
    # 松岡 is no surname's, and reading it as one (광, 송) would contradict the Korean name.
    first = canonical_kanji(surname[0])
    return korean_surname(first) if first in _CLAN_CHARACTERS else ""


# The Hanja of the clans in SURNAME_VARIANTS (in their everyday form, as canonical_kanji gives them).
_CLAN_CHARACTERS = frozenset("金李朴崔鄭姜趙尹張林韓呉吳徐申権權黄黃安宋柳洪全高文孫梁裵白許南盧")


@cache
def japanese_reading(text: str) -> tuple[str, str]:
    """(hiragana, Hepburn romaji) of a Japanese name in kanji or kana: 金田 → (かねだ, kaneda).
    Readings of names are guesses (光子 may be みつこ or こうし): compare them with care."""
    text = text.replace(" ", "").replace("\u3000", "")
    if not text:
        return "", ""
    parts = _kakasi.convert(readable_kanji(text))
    return "".join(part["hira"] for part in parts), "".join(part["hepburn"] for part in parts)


@cache
def revised_romanization(hangul: str) -> str:
    """Revised Romanisation (국어의 로마자 표기법, 2000): 김정수 → gimjeongsu."""
    return Romanizer(hangul).romanize() if hangul else ""


# McCune–Reischauer has no maintained Python library (PyPI has Revised Romanisation converters only,
# checked 2026-11), and wartime and post-war records use it, so this is a compact one: letters by
# position, with the commonest sound changes at syllable joins; enough for keys, not for publishing.
_MR_INITIAL = [
    "k",
    "kk",
    "n",
    "t",
    "tt",
    "r",
    "m",
    "p",
    "pp",
    "s",
    "ss",
    "",
    "ch",
    "tch",
    "ch'",
    "k'",
    "t'",
    "p'",
    "h",
]
_MR_VOWEL = [
    "a", "ae", "ya", "yae", "ŏ", "e", "yŏ", "ye", "o", "wa", "wae", "oe", "yo",
    "u", "wŏ", "we", "wi", "yu", "ŭ", "ŭi", "i",
]  # fmt: skip
_MR_FINAL = [
    "", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l",
    "p", "l", "m", "p", "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t",
]  # fmt: skip
_MR_VOICED = {"k": "g", "t": "d", "p": "b", "ch": "j"}


@cache
def mccune_reischauer(hangul: str) -> str:
    """McCune–Reischauer (1939), the romanisation of wartime and post-war records: 김정수 → kimjŏngsu.

    Plain stops are voiced between voiced sounds (정부 → chŏngbu), ㄹ is l at the end of a syllable
    and before another ㄹ, and r between vowels.
    """
    out: list[str] = []
    previous_final = None
    for ch in hangul:
        parts = _syllable(ch)
        if parts is None:
            out.append(ch)
            previous_final = None
            continue
        initial, vowel, final = parts
        onset = _MR_INITIAL[initial]
        if previous_final is not None:
            voiced_before = previous_final in ("", "n", "m", "ng", "l")
            if onset in _MR_VOICED and voiced_before:
                onset = _MR_VOICED[onset]
            if initial == _RIEUL and previous_final in ("l", "n"):
                onset = "l"
        elif initial == _RIEUL:
            onset = "r"
        out.append(onset + _MR_VOWEL[vowel] + _MR_FINAL[final])
        previous_final = _MR_FINAL[final]
    return "".join(out)


_SKELETON_RULES = [
    ("tch", "j"), ("ch", "j"), ("sh", "s"), ("ts", "s"), ("eo", "o"), ("eu", "u"), ("oo", "u"),
    ("ee", "i"), ("ou", "o"), ("k", "g"), ("t", "d"), ("p", "b"), ("r", "l"), ("f", "h"), ("w", ""),
    ("y", "i"),
]  # fmt: skip


@cache
def roman_skeleton(text: str) -> str:
    """A key on which romanisations of one name agree: RR, McCune–Reischauer with or without breves
    and apostrophes, Hepburn or passport romaji (정수, Jeongsu, Chŏngsu, Chong-su → jongsu)."""
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(ch for ch in text if "a" <= ch <= "z")
    for old, new in _SKELETON_RULES:
        text = text.replace(old, new)
    # Doubled letters and the h of aspiration carry little across systems.
    text = re.sub(r"([a-z])\1+", r"\1", text)
    return re.sub(r"(?<=[gdbjs])h", "", text)


def split_romanized(name: str) -> tuple[str, str]:
    """(surname, given) of a romanised name: "KIM Jeong-su", "Kim, Jeongsu", "Jeongsu Kim"."""
    name = name.strip()
    if "," in name:
        surname, given = name.split(",", 1)
        return surname.strip(), given.strip()
    words = name.split()
    if len(words) < 2:
        return name, ""
    if korean_surname(words[0]) or words[0].isupper():
        return words[0], " ".join(words[1:])
    if korean_surname(words[-1]):
        return words[-1], " ".join(words[:-1])
    return words[0], " ".join(words[1:])


# --- Issue 16: rosters as they were written, applications as families write them. ---------------
#
# Kanji variants (旧字体/新字体, 黃/黄, 淸/清, 國/国): clerks wrote the old forms, families and today's
# tables the new ones. ``ja-itaiji`` gives each character's family of variants; its families also hold
# characters that are only loosely related (澤 lists 途), so a variant counts only where the ``hanja``
# table reads it the same in Korean (澤 택, 沢 택; 途 도 does not).


def _common_first(ch: str) -> tuple:
    """Sort key putting the everyday form first: JIS X 0208 level 1 (the common kanji: 国, 清, 徳),
    then level 2, then the rest, each by code point."""
    try:
        level = 0 if ch.encode("shift_jis") < b"\x98\x9f" else 1
    except UnicodeEncodeError:
        level = 2
    return level, ord(ch)


@cache
def _variant_classes() -> dict[str, tuple[str, ...]]:
    """Each kanji in a variant family → its class, everyday form first: the characters linked to it
    through ja-itaiji's families (onward, so that all members share one form) where both read the same
    in Korean and both are in the basic CJK block (the rare forms of Extension A would chain unrelated
    characters together). Where the families still join two characters that names tell apart (太 and
    泰, 其 and 基), the Korean reading of the two is already one key, so little is lost."""
    from ja_itaiji import Itaiji

    table = _hanja_table()
    parent: dict[str, str] = {}

    def find(ch: str) -> str:
        while parent.setdefault(ch, ch) != ch:
            parent[ch] = parent[parent[ch]]
            ch = parent[ch]
        return ch

    def basic(ch: str) -> bool:
        return "\u4e00" <= ch <= "\u9fff"

    for ch, family in Itaiji.dictionary.items():
        reading = table.get(ch)
        if reading is None or not basic(ch):
            continue
        for other in family:
            if other != ch and basic(other) and table.get(other) == reading:
                parent[find(other)] = find(ch)
    classes: dict[str, list[str]] = {}
    for ch in parent:
        classes.setdefault(find(ch), []).append(ch)
    return {ch: tuple(sorted(members, key=_common_first)) for members in classes.values() for ch in members}


def _variants(ch: str) -> tuple[str, ...]:
    return _variant_classes().get(ch, (ch,))


@cache
def canonical_kanji(text: str) -> str:
    """One form of each kanji for comparing: 國本 and 国本 are both 国本, 廣田 and 広田 both 広田, 黃 and
    黄 both 黄 (the everyday form of the character's variants)."""
    return "".join(_variants(ch)[0] if has_kanji(ch) else ch for ch in text)


def _reads(ch: str) -> bool:
    return bool(_kakasi.convert(ch)[0]["hira"]) if has_kanji(ch) else True


@cache
def readable_kanji(text: str) -> str:
    """``text`` with each kanji that pykakasi cannot read (淸, 德, 黃: it drops them) replaced by its
    everyday form (清, 徳, 黄)."""
    out = []
    for ch in text:
        if has_kanji(ch) and not _reads(ch):
            ch = next((other for other in _variants(ch) if other != ch and _reads(other)), ch)
        out.append(ch)
    return "".join(out)


# A Japanese name as a Korean family writes it in Hangul (히라야마 후쿠진), syllable by syllable in
# romaji. The Korean transcription of Japanese (외래어 표기법, 1986) has no converter on PyPI (there are
# Hangul romanisers, which romanise Korean sounds: 쓰 as sseu, 츠 as cheu), so this is its inverse, by
# letter: initial, vowel and final, with the spellings families use besides the official one (카 and
# 가 for カ, 쓰 and 츠 for ツ). Voicing, long vowels and doubled consonants are left to the key
# (:func:`japanese_sound`), which folds them.
_JP_INITIAL = [
    "k", "k", "n", "t", "t", "r", "m", "b", "p", "s", "ts", "", "j", "ts", "ch", "k", "t", "p", "h",
]  # fmt: skip
_JP_VOWEL = [
    "a", "e", "ya", "ye", "o", "e", "yo", "ye", "o", "wa", "we", "e", "yo",
    "u", "o", "we", "i", "yu", "u", "i", "i",
]  # fmt: skip
_JP_FINAL_N = {4, 16, 21}  # ㄴ, ㅁ, ㅇ: ン; ㅅ (ッ) and the rest are not sounded in the key


@cache
def hangul_japanese_romaji(text: str) -> str:
    """Romaji of a Japanese name written in Hangul: 히라야마후쿠진 → hirayamahukujin, 마츠모토 →
    matsumoto, 잇토 → itto."""
    out = []
    for ch in text:
        parts = _syllable(ch)
        if parts is None:
            out.append(ch if ch.isascii() else "")
            continue
        initial, vowel, final = parts
        onset, nucleus = _JP_INITIAL[initial], _JP_VOWEL[vowel]
        if nucleus == "u" and vowel == 18:  # ㅡ: 스 su, 즈 zu, 쓰/츠/쯔 tsu
            onset = {"j": "z", "ch": "ts"}.get(onset, onset)
        elif nucleus.startswith("y") and onset in ("s", "j", "ch"):  # 쇼 sho, 쥬 ju, 챠 cha
            onset, nucleus = ("sh" if onset == "s" else onset), nucleus[1:]
        out.append(onset + nucleus + ("n" if final in _JP_FINAL_N else ""))
    return "".join(out)


_LONG_VOWELS = re.compile(r"(?<=o)[ou]|(?<=e)i|(?<=u)u|(?<=a)a|(?<=i)i")


def _sound(romaji: str) -> str:
    # Long vowels go first (Hangul does not write them: オオヤマ 오야마, コウ 고, エイ 에; the skeleton
    # would read oo as the u of Korean romanisations), then the romanisation skeleton, and ざ and じゃ
    # meet (both 자).
    return roman_skeleton(_LONG_VOWELS.sub("", romaji.lower())).replace("z", "j")


@cache
def japanese_sound(text: str) -> str:
    """The sound of a Japanese name, one key from kanji (its guessed reading), kana, Hangul or romaji:
    ヒラヤマ フクジン, 히라야마후쿠진, 히라야마 후꾸징 and Hirayama Fukujin all give the same key."""
    text = text.replace(" ", "").replace("\u3000", "")
    if not text:
        return ""
    if is_hangul(text):
        return _sound(hangul_japanese_romaji(text))
    if has_kanji(text) or is_kana(text):
        return _sound(japanese_reading(text)[1])
    return _sound(text)


# A name's kanji are read many ways (金海: きんかい, かねうみ; 成範: せいはん, しげのり; 勇: いさむ, ゆう),
# and pykakasi's reading is one guess. Where a roster gives no reading, the sound a family remembers is
# compared with every reading pykakasi's dictionary (kanwadict) holds: of the whole name where it lists
# it, and of its characters one by one (on'yomi, kun'yomi and name readings), at most
# :data:`MAX_READINGS` combinations.
MAX_READINGS = 64


def _dictionary_readings(word: str) -> list[str]:
    from pykakasi.kanji import Kanwa

    table = Kanwa().load(word[0]) or {}
    return [reading for reading, _condition in table.get(word, ()) if reading]


@cache
def japanese_sounds(kanji: str) -> tuple[str, ...]:
    """Every sound key (:func:`japanese_sound`) of the readings of a name in kanji, the guessed
    reading's first: 金海 gives the keys of きんかい, かねうみ, かなうみ, こんかい …; empty for no kanji."""
    text = readable_kanji(kanji.replace(" ", "").replace("\u3000", ""))
    if not text or not has_kanji(text):
        return ()
    readings = [japanese_reading(text)[0], *_dictionary_readings(text)]
    combinations = [""]
    for ch in text:
        options = list(dict.fromkeys(_dictionary_readings(ch) or [japanese_reading(ch)[0]]))
        combinations = [done + option for done in combinations for option in options][:MAX_READINGS]
    readings += combinations
    sounds = (japanese_sound(reading) for reading in readings if reading)
    return tuple(dict.fromkeys(sound for sound in sounds if sound))
