"""Birth dates of uncertain precision, hometowns in old administrative divisions, employers.

Rosters give a birth year, a year and month, or a full date, in Western or Japanese era years; they
give the hometown (本籍) as the colonial division (全羅南道 光州郡), where an application gives today's
(광주광역시). Each is reduced to keys that compare like with like.
"""

import re
from dataclasses import dataclass
from datetime import date
from functools import cache

from amends.linkage.names import hanja_to_hangul, has_kanji, japanese_reading, roman_skeleton

_ERAS = {"明治": 1868, "大正": 1912, "昭和": 1926, "메이지": 1868, "다이쇼": 1912, "쇼와": 1926}
# The last year of each era (明治45 = 1912, 大正15 = 1926, 昭和64 = 1989): a later one is misread.
_ERA_LAST = {"明治": 45, "大正": 15, "昭和": 64, "메이지": 45, "다이쇼": 15, "쇼와": 64}
_ISO = re.compile(r"(\d{4})(?:[-./](\d{1,2})(?:[-./](\d{1,2}))?)?")
_WESTERN = re.compile(r"(\d{4})\s*[年년](?:\s*(\d{1,2})\s*[月월](?:\s*(\d{1,2})\s*[日일]?)?)?")
_ERA = re.compile(
    r"(明治|大正|昭和|메이지|다이쇼|쇼와)\s*(\d{1,2}|元)\s*[年년]?"
    r"(?:\s*(\d{1,2})\s*[月월]?)?(?:\s*(\d{1,2})\s*[日일]?)?"
)


@dataclass(frozen=True)
class BirthDate:
    """A birth date known to the year, the month or the day."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    def __str__(self) -> str:
        parts = [f"{self.year:04d}"]
        if self.month:
            parts.append(f"{self.month:02d}")
        if self.day:
            parts.append(f"{self.day:02d}")
        return "-".join(parts)


class BadBirthDate(ValueError):
    pass


# Issue 16: an age at the roster's date, where a roster gives no birth date: ``昭和19年 24歳``,
# ``昭和19年4月現在 滿23歳``, ``24歳 (昭和19年)``, ``24세 (1944)`` (the date first or after, in
# brackets). Wartime rosters count ages the old way (数え年: one at birth, a year older every new
# year; the law of 1950 made full years the everyday count), so a plain age gives the year exactly;
# ``滿``/``満``/``만`` marks full years, which give one of two years: that of the birthday reached in
# the roster's year, or the year before if it was still to come. The likelier is taken (the year before
# for a date in the first half of the year); the other is the model's "a year apart".
_AGE = re.compile(
    r"(滿|満|만)?\s*(\d{1,3})\s*[歳才세살]\s*[(（]?\s*([^()（）]+?)\s*(?:現在|当時|當時|현재|기준)?\s*[)）]?"
)
_AGE_AFTER = re.compile(
    r"[(（]?\s*([^()（）]+?)\s*(?:現在|当時|當時|현재|기준)?\s*[)）]?\s*(滿|満|만)?\s*(\d{1,3})\s*[歳才세살]"
)


def _age_at(text: str) -> BirthDate | None:
    """The birth year an age at a date gives, or ``None`` if ``text`` is not an age at a date."""
    if match := _AGE.fullmatch(text):
        full_years, age, when = match.groups()
    elif match := _AGE_AFTER.fullmatch(text):
        when, full_years, age = match.groups()
    else:
        return None
    try:
        at = parse_birth_date(when)
    except BadBirthDate as error:
        raise BadBirthDate(f"{text!r}: the roster's date {error}") from None
    if at is None:
        return None
    if not full_years:
        return BirthDate(at.year - int(age) + 1)
    # Full years at a date early in the year: the birthday was more likely still to come that year
    # (at 4月, for eight months of birthdays in twelve), so the year before is the likelier one; the
    # other is "a year apart". Without the month, either is as likely: the later one is kept.
    return BirthDate(at.year - int(age) - (1 if at.month and at.month <= 6 else 0))


@cache
def parse_birth_date(text: str) -> BirthDate | None:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (also with dots or slashes), ``1920年3月5日``, a
    Japanese era year (大正9年3月 → 1920-03, 大正9年3月5日 → 1920-03-05), or an age at the roster's date
    (``昭和19年 24歳`` or ``24歳 (昭和19年)`` → 1921, counted the old way; ``昭和19年4月 滿23歳`` → 1920,
    full years, the birthday more likely still to come in April; ``滿23歳 (1944)`` → 1921). Empty →
    ``None``; anything else, or a day no calendar has (1920-02-31, 大正20年), raises
    :class:`BadBirthDate`."""
    text = text.strip()
    if not text:
        return None
    if ("歳" in text or "才" in text or "세" in text or "살" in text) and (aged := _age_at(text)):
        if not 1800 <= aged.year <= 2100:
            raise BadBirthDate(f"{text!r}: year {aged.year} is out of range")
        return aged
    match = _ISO.fullmatch(text) or _WESTERN.fullmatch(text)
    if match:
        year, month, day = (int(part) if part else None for part in match.groups())
    else:
        match = _ERA.fullmatch(text)
        if not match:
            raise BadBirthDate(f"{text!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
        era, number, month, day = match.groups()
        number = 1 if number == "元" else int(number)
        if not 1 <= number <= _ERA_LAST[era]:
            raise BadBirthDate(f"{text!r}: {era} has years 1-{_ERA_LAST[era]}")
        year = _ERAS[era] + number - 1
        month, day = (int(month) if month else None), (int(day) if day else None)
    if month is not None and not 1 <= month <= 12:
        raise BadBirthDate(f"{text!r}: month {month} is not 1-12")
    if not 1800 <= year <= 2100:
        raise BadBirthDate(f"{text!r}: year {year} is out of range")
    if day is not None and month is None:
        raise BadBirthDate(f"{text!r}: a day without a month")
    if day is not None:
        try:
            date(year, month, day)
        except ValueError:
            raise BadBirthDate(f"{text!r}: there is no such day") from None
    return BirthDate(year, month, day)


# Provinces (道) under their colonial and present names, abbreviated to one key.
_PROVINCES = {
    "경기": "경기도 경기",
    "강원": "강원도 강원 강원특별자치도",
    "충북": "충청북도 충북",
    "충남": "충청남도 충남",
    "전북": "전라북도 전북 전북특별자치도",
    "전남": "전라남도 전남",
    "경북": "경상북도 경북",
    "경남": "경상남도 경남",
    "황해": "황해도 황해 황해북도 황해남도 황북 황남",
    "평북": "평안북도 평북",
    "평남": "평안남도 평남",
    "함북": "함경북도 함북",
    "함남": "함경남도 함남",
    "제주": "제주도 제주 제주특별자치도",
}
_PROVINCE_KEY = {alias: key for key, aliases in _PROVINCES.items() for alias in aliases.split()}
# Cities that left their province, under the province they belonged to then, and old city names.
_CITIES = {
    "서울": ("경기", "서울"),
    "경성": ("경기", "서울"),
    "한성": ("경기", "서울"),
    "인천": ("경기", "인천"),
    "부산": ("경남", "부산"),
    "대구": ("경북", "대구"),
    "광주": ("전남", "광주"),
    "대전": ("충남", "대전"),
    "울산": ("경남", "울산"),
    "개성": ("경기", "개성"),
}
_SUFFIX = re.compile(r"(특별자치시|특별시|광역시|부|군|시|읍|면|리|동|구)$")


@dataclass(frozen=True)
class Place:
    province: str
    county: str
    township: str = ""  # 面 or 邑, which family registers (本籍) give and most rosters copy


@cache
def hometown_key(text: str) -> Place:
    """(province, county) of a hometown in colonial or present divisions, Hangul or Hanja:
    全羅南道 光州郡 and 광주광역시 are both (전남, 광주); 京城府 and 서울특별시 are both (경기, 서울)."""
    text = text.strip()
    if has_kanji(text):
        text = hanja_to_hangul(text)
    words = text.replace(",", " ").split()
    province = county = township = ""
    for word in words:
        if not province and not county and word in _PROVINCE_KEY:
            province = _PROVINCE_KEY[word]
            continue
        # A suffix comes off only a longer name: 광주군 is 광주, but 서울 and 광주 are whole names.
        stem = _SUFFIX.sub("", word) if len(word) > 2 else word
        if stem in _CITIES and not county:
            city_province, county = _CITIES[stem]
            province = province or city_province
        elif not county and stem:
            county = stem
        elif county and not township and stem and word[-1] in "면읍동":
            # A 동 of a city today is mostly the 面 or 邑 of its name merged into the city (나주시 영산동
            # was 榮山浦邑, 광산구 송정동 松汀邑): read it as the township (issue 16).
            township = stem
    return Place(province, county, township)


# Wartime employers under their Japanese and Korean names (the defendants and the largest users of
# mobilised labour); others compare by the skeleton of their reading. Kanji and Hangul names are found
# inside a longer name (三菱重工業, 미쓰비시중공업: those scripts write no spaces); romanised ones only
# as whole words ("Aso Mining", not the "aso" of "Yasoji Mining").
EMPLOYERS = {
    "mitsubishi": ("三菱", "미쓰비시", "미츠비시", "mitsubishi"),
    "nipponsteel": ("日本製鐵", "日本製鉄", "일본제철", "신일철주금", "nippon steel", "nipponsteel"),
    "fujikoshi": ("不二越", "후지코시", "fujikoshi"),
    "hitachi": ("日立", "히타치", "hitachi"),
    "mitsui": ("三井", "미쓰이", "미츠이", "mitsui"),
    "sumitomo": ("住友", "스미토모", "sumitomo"),
    "aso": ("麻生", "아소", "aso"),
    "nkk": ("日本鋼管", "일본강관", "nkk"),
    "kawasaki": ("川崎", "가와사키", "kawasaki"),
    "ishihara": ("石原産業", "이시하라", "ishihara"),
    # Issue 16: employers whose Korean name is the Korean reading of the kanji (북해도탄광기선), or the
    # Japanese place read in Hangul beside Korean-read words (홋카이도탄광기선), which no reading of
    # either script reaches from the other. 北海道炭礦汽船 (北炭) ran the Yubari and Sorachi collieries.
    "hokutan": (
        "北海道炭礦汽船",
        "北海道炭鉱汽船",
        "北炭",
        "홋카이도탄광",
        "북해도탄광",
        "hokkaido colliery",
        "hokkaido tanko",
        "hokutan",
    ),
    "nipponmining": ("日本鉱業", "日本鑛業", "일본광업", "nippon mining", "nippon kogyo"),
    "furukawa": ("古河", "후루카와", "furukawa"),
    "ube": ("宇部興産", "宇部", "우베", "ube"),
}


def _alias_pattern(alias: str) -> re.Pattern:
    if not alias.isascii():
        return re.compile(re.escape(alias))
    words = r"[\s\-]*".join(re.escape(word) for word in alias.split())
    return re.compile(rf"(?<![a-z0-9]){words}(?![a-z0-9])")


_EMPLOYER_KEYS = [
    (_alias_pattern(alias.lower()), key) for key, aliases in EMPLOYERS.items() for alias in aliases
]
_COMPANY_WORDS = re.compile(
    r"株式会社|株式會社|\(株\)|주식회사|\(주\)"
    r"|(?<![a-z0-9])(?:k\.?k\.?|co\.?|ltd\.?|corp\.?|corporation|inc\.?|company)(?![a-z0-9])",
    re.I,
)


@cache
def employer_key(text: str) -> str:
    """One key for an employer written in kanji, Hangul or romaji: 三菱重工業 and 미쓰비시중공업 are
    both ``mitsubishi``."""
    text = _COMPANY_WORDS.sub("", text).strip().lower()
    if not text:
        return ""
    for pattern, key in _EMPLOYER_KEYS:
        if pattern.search(text):
            return key
    return place_key(text)


# Words for a kind of works, not its place (夕張炭鑛 and 유바리 탄광 are the colliery of 夕張, whose name a
# family writes as it sounds and whose kind of works as Koreans read its kanji, 炭鑛 as 탄광): they come
# off before a worksite is keyed, in the old and new forms and in Hangul, longest first.
_WORKS_WORDS = sorted(
    [
        "航空機製作所", "항공기제작소", "製作所", "제작소", "製鐵所", "製鉄所", "제철소", "鑛業所",
        "鉱業所", "광업소", "造船所", "조선소", "工場", "工廠", "공장", "공창",
        "炭鑛", "炭鉱", "탄광", "炭坑", "탄갱", "鑛山", "鉱山", "광산",
        "事業所", "사업소", "發電所", "発電所", "발전소",
    ],
    key=len,
    reverse=True,
)  # fmt: skip


@cache
def worksite_key(text: str) -> str:
    """The worksite's place, without the kind of works (:data:`_WORKS_WORDS`): 別子鑛業所 and 벳시
    광업소 are both the key of 別子 (besi); a name that is nothing but such a word keeps it."""
    name = text.strip()
    for word in _WORKS_WORDS:
        name = name.replace(word, " ")
    return place_key(name) or place_key(text)


@cache
def place_key(text: str) -> str:
    """The skeleton of a Japanese place or company name's reading, from kanji, kana, Hangul
    transliteration or romaji (長崎, ながさき, 나가사키, Nagasaki → nagasaki)."""
    from amends.linkage.names import is_hangul, revised_romanization

    text = text.strip()
    if not text:
        return ""
    if is_hangul(text):
        romaji = revised_romanization(text)
    elif has_kanji(text) or any("\u3040" <= ch <= "\u30ff" for ch in text):
        romaji = japanese_reading(text)[1]
    else:
        romaji = text
    return roman_skeleton(romaji)
