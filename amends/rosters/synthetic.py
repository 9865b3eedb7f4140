"""Synthetic rosters, applications and earlier-programme payments, with the truth kept for evaluation.

Every person here is invented. Each has a Korean name (Hangul and Hanja), a birth date, a hometown in
the colonial divisions, and the Japanese-style name imposed on them (창씨개명): a surname the clan was
commonly given (金 → 金田, 李 → 岩本, 朴 → 新井) and either a Japanese given name (正雄, 光子) or their
own given name's characters read in Japanese. Rosters were kept by Japanese employers and officials:
mostly the Japanese name in kanji, sometimes its reading, the Korean name only now and then, the birth
year or month more often than the day, the hometown as 本籍 in Hanja. Applications come from families
today: Hangul first, the Japanese name when they know it, today's place names, typos and
romanisations of their own. Some apply twice; some were paid by an earlier programme.

:func:`generate` writes CSV files in the import's standard columns plus the truth:
``truth.csv`` (``application_ref,roster_ref``), ``truth_duplicates.csv`` and ``truth_earlier.csv``
(``application_ref,other_ref``).
"""

import csv
import random
from dataclasses import dataclass
from pathlib import Path

from amends.linkage.names import (
    CHANGSSI_SURNAMES,
    hanja_to_hangul,
    has_kanji,
    japanese_reading,
    mccune_reischauer,
    revised_romanization,
)

# (Hangul, Hanja, weight ‰, romanisations people use)
SURNAMES = [
    ("김", "金", 215, "Kim Gim"),
    ("이", "李", 148, "Lee Yi Rhee Ri I"),
    ("박", "朴", 85, "Park Pak Bak"),
    ("최", "崔", 47, "Choi Choe"),
    ("정", "鄭", 44, "Jung Jeong Chung Chong"),
    ("강", "姜", 23, "Kang Gang"),
    ("조", "趙", 21, "Cho Jo"),
    ("윤", "尹", 21, "Yoon Yun"),
    ("장", "張", 20, "Jang Chang"),
    ("임", "林", 17, "Lim Im Rim"),
    ("한", "韓", 15, "Han"),
    ("오", "吳", 15, "Oh O"),
    ("신", "申", 14, "Shin Sin"),
    ("권", "權", 14, "Kwon Gwon"),
    ("황", "黃", 13, "Hwang"),
    ("유", "柳", 8, "Ryu Yoo Yu"),
    ("노", "盧", 4, "Roh Noh No"),
]
# Spellings before the initial-sound rule, as North Korean and older documents write them.
OLD_SPELLING = {"이": "리", "임": "림", "유": "류", "노": "로"}
GIVEN_MALE = "正秀永成英東哲相在基鍾萬泰洙植俊浩炳大千吉明光昌容完善得南守仁義德根錫鎭奎弘燦世"
GIVEN_FEMALE = "順玉福淑子貞花春英明善南仁德"
JAPANESE_MALE = {
    "正雄": "まさお", "秀夫": "ひでお", "一郎": "いちろう", "茂": "しげる", "清": "きよし",
    "勇": "いさむ", "武雄": "たけお", "義雄": "よしお", "光雄": "みつお", "信夫": "のぶお",
    "春男": "はるお", "三郎": "さぶろう", "正一": "しょういち", "秀雄": "ひでお", "義男": "よしお",
    "政雄": "まさお", "太郎": "たろう", "次郎": "じろう", "健一": "けんいち", "進": "すすむ",
    "博": "ひろし", "実": "みのる", "昭": "あきら", "弘": "ひろし", "正夫": "まさお",
    "孝": "たかし", "忠雄": "ただお", "和夫": "かずお", "辰雄": "たつお", "敏夫": "としお",
    "文雄": "ふみお", "幸雄": "ゆきお", "国雄": "くにお", "良一": "りょういち", "松男": "まつお",
    "竹雄": "たけお",
}  # fmt: skip
JAPANESE_FEMALE = {
    "光子": "みつこ", "春子": "はるこ", "花子": "はなこ", "貞子": "さだこ", "順子": "じゅんこ",
    "英子": "ひでこ", "幸子": "さちこ", "文子": "ふみこ", "正子": "まさこ", "良子": "よしこ",
    "清子": "きよこ", "静子": "しずこ", "芳子": "よしこ", "和子": "かずこ", "久子": "ひさこ",
    "君子": "きみこ", "千代": "ちよ", "ハナ": "はな",
}  # fmt: skip
# (province then, county then, county then in Hangul, how it is written today)
HOMETOWNS = [
    ("全羅南道", "光州郡", "광주군", "광주광역시"),
    ("全羅南道", "羅州郡", "나주군", "전라남도 나주시"),
    ("全羅南道", "順天郡", "순천군", "전라남도 순천시"),
    ("全羅南道", "木浦府", "목포부", "전라남도 목포시"),
    ("全羅南道", "海南郡", "해남군", "전라남도 해남군"),
    ("全羅北道", "益山郡", "익산군", "전북특별자치도 익산시"),
    ("全羅北道", "全州府", "전주부", "전북특별자치도 전주시"),
    ("全羅北道", "群山府", "군산부", "전북특별자치도 군산시"),
    ("慶尙北道", "安東郡", "안동군", "경상북도 안동시"),
    ("慶尙北道", "大邱府", "대구부", "대구광역시"),
    ("慶尙北道", "慶州郡", "경주군", "경상북도 경주시"),
    ("慶尙北道", "尙州郡", "상주군", "경상북도 상주시"),
    ("慶尙南道", "釜山府", "부산부", "부산광역시"),
    ("慶尙南道", "晋州郡", "진주군", "경상남도 진주시"),
    ("慶尙南道", "密陽郡", "밀양군", "경상남도 밀양시"),
    ("慶尙南道", "統營郡", "통영군", "경상남도 통영시"),
    ("忠淸南道", "大田郡", "대전군", "대전광역시"),
    ("忠淸南道", "公州郡", "공주군", "충청남도 공주시"),
    ("忠淸南道", "論山郡", "논산군", "충청남도 논산시"),
    ("忠淸北道", "淸州郡", "청주군", "충청북도 청주시"),
    ("忠淸北道", "忠州郡", "충주군", "충청북도 충주시"),
    ("京畿道", "京城府", "경성부", "서울특별시"),
    ("京畿道", "仁川府", "인천부", "인천광역시"),
    ("京畿道", "水原郡", "수원군", "경기도 수원시"),
    ("京畿道", "開城府", "개성부", "황해북도 개성시"),
    ("江原道", "春川郡", "춘천군", "강원특별자치도 춘천시"),
    ("江原道", "江陵郡", "강릉군", "강원특별자치도 강릉시"),
    ("黃海道", "海州郡", "해주군", "황해도 해주시"),
    ("平安南道", "平壤府", "평양부", "평안남도 평양시"),
    ("咸鏡南道", "咸興郡", "함흥군", "함경남도 함흥시"),
]
# Townships (面): the commonest names, which recur from county to county.
TOWNSHIPS = [
    ("東面", "동면"), ("西面", "서면"), ("南面", "남면"), ("北面", "북면"),
    ("月山面", "월산면"), ("大村面", "대촌면"), ("新興面", "신흥면"), ("內面", "내면"),
    ("外面", "외면"), ("城內面", "성내면"), ("松亭面", "송정면"), ("長興面", "장흥면"),
    ("道山面", "도산면"), ("三溪面", "삼계면"), ("金川面", "금천면"), ("白石面", "백석면"),
    ("龍山面", "용산면"), ("玉川面", "옥천면"), ("德山面", "덕산면"), ("花開面", "화개면"),
]  # fmt: skip
# (employer in kanji, in Hangul, worksite in kanji, in Hangul)
WORKPLACES = [
    ("三菱重工業", "미쓰비시중공업", "長崎造船所", "나가사키 조선소"),
    ("三菱重工業", "미쓰비시중공업", "名古屋航空機製作所", "나고야 항공기제작소"),
    ("三菱重工業", "미쓰비시중공업", "広島機械製作所", "히로시마 기계제작소"),
    ("日本製鐵", "일본제철", "八幡製鐵所", "야하타 제철소"),
    ("日本製鐵", "일본제철", "釜石製鐵所", "가마이시 제철소"),
    ("不二越鋼材", "후지코시", "富山工場", "도야마 공장"),
    ("三井鉱山", "미쓰이광산", "三池炭鉱", "미이케 탄광"),
    ("麻生鉱業", "아소광업", "飯塚炭鉱", "이이즈카 탄광"),
    ("住友鉱業", "스미토모광업", "北海道", "홋카이도"),
    ("日立鉱山", "히타치광산", "日立", "히타치"),
    ("日本鋼管", "일본강관", "川崎工場", "가와사키 공장"),
    ("石原産業", "이시하라산업", "紀州鉱山", "기슈 광산"),
]
ARCHIVES = [
    ("国立公文書館", "朝鮮人労務者名簿"),
    ("国家記録院", "日政時被徴用者名簿"),
    ("厚生省", "朝鮮人労働者に関する調査結果"),
    ("供託局", "供託金名簿"),
    ("US National Archives", "Repatriation manifest"),
]
ROSTER_COLUMNS = [
    "ref", "name_hangul", "name_hanja", "name_japanese", "name_japanese_reading", "name_romanized",
    "birth_date", "hometown", "employer", "worksite", "source", "archive", "roster", "page", "line",
]  # fmt: skip
APPLICATION_COLUMNS = ROSTER_COLUMNS[:11]
PAYMENT_COLUMNS = [*ROSTER_COLUMNS[:8], "programme", "paid_on", "amount"]


@dataclass
class Person:
    surname: tuple
    given_hanja: str
    given_hangul: str
    female: bool
    year: int
    month: int
    day: int
    hometown: tuple
    township: tuple
    japanese_surname: str
    japanese_given: str
    japanese_given_reading: str
    workplace: tuple


def _person(rng: random.Random) -> Person:
    surname = rng.choices(SURNAMES, weights=[s[2] for s in SURNAMES])[0]
    female = rng.random() < 0.15
    pool = GIVEN_FEMALE if female else GIVEN_MALE
    given = rng.choice(pool) + rng.choice(pool)
    given_hangul = "".join(hanja_to_hangul(ch) for ch in given)
    imposed = CHANGSSI_SURNAMES.get(surname[0], "").split() or [surname[1] + "本"]
    # 창씨 (a Japanese-style surname) was all but compulsory; 개명 (a Japanese given name) was not,
    # and most kept their own given name, read in Japanese.
    if rng.random() < 0.3:
        table = JAPANESE_FEMALE if female else JAPANESE_MALE
        japanese_given = rng.choice(list(table))
        reading = table[japanese_given]
    else:
        japanese_given = given
        reading = japanese_reading(given)[0]
        if has_kanji(reading):
            reading = ""  # a character the reading library does not know: no reading recorded
    return Person(
        surname=surname,
        given_hanja=given,
        given_hangul=given_hangul,
        female=female,
        year=rng.randint(1900, 1930),
        month=rng.randint(1, 12),
        day=rng.randint(1, 28),
        hometown=rng.choice(HOMETOWNS),
        township=rng.choice(TOWNSHIPS),
        japanese_surname=rng.choice(imposed),
        japanese_given=japanese_given,
        japanese_given_reading=reading,
        workplace=rng.choice(WORKPLACES),
    )


def _typo_hangul(rng: random.Random, word: str) -> str:
    """One syllable's vowel or final consonant changed, as a mistyped or misheard name."""
    if not word:
        return word
    index = rng.randrange(len(word))
    code = ord(word[index]) - 0xAC00
    if not 0 <= code < 11172:
        return word
    initial, vowel, final = code // 588, (code % 588) // 28, code % 28
    if rng.random() < 0.5:
        vowel = (vowel + rng.choice((1, -1, 4))) % 21
    else:
        final = rng.choice((0, 4, 8, 16, 21))
    return word[:index] + chr(0xAC00 + initial * 588 + vowel * 28 + final) + word[index + 1 :]


def _kata(hira: str) -> str:
    return "".join(chr(ord(ch) + 0x60) if "\u3041" <= ch <= "\u3096" else ch for ch in hira)


def _date(rng: random.Random, person: Person, weights: tuple[float, float, float], era: float = 0) -> str:
    year = person.year
    if rng.random() < 0.01:
        year += rng.choice((-1, 1))
    precision = rng.choices(("day", "month", "year"), weights=weights)[0]
    if era and rng.random() < era and 1912 <= year < 1926:
        text = f"大正{year - 1911}年"
        return text + (f"{person.month}月" if precision != "year" else "")
    if precision == "year":
        return f"{year}"
    if precision == "month":
        return f"{year}-{person.month:02d}"
    return f"{year}-{person.month:02d}-{person.day:02d}"


def _roster_row(rng: random.Random, person: Person, ref: str, line: int) -> list:
    surname_hangul, surname_hanja = person.surname[0], person.surname[1]
    japanese_given = person.japanese_given
    if rng.random() < 0.03:
        # A clerk's slip: one character of the given name miswritten.
        pool = GIVEN_FEMALE if person.female else GIVEN_MALE
        japanese_given = japanese_given[:-1] + rng.choice(pool)
    separator = " " if rng.random() < 0.5 else ""
    japanese = f"{person.japanese_surname}{separator}{japanese_given}"
    reading = ""
    if rng.random() < 0.5 and person.japanese_given_reading:
        reading = _kata(japanese_reading(person.japanese_surname)[0] + " " + person.japanese_given_reading)
    romanized = ""
    if rng.random() < 0.1 and person.japanese_given_reading:
        romaji = japanese_reading(person.japanese_surname)[1].upper()
        romanized = f"{romaji} {japanese_reading(person.japanese_given_reading)[1].capitalize()}"
    if rng.random() < 0.03 and person.japanese_given_reading:
        japanese = ""  # a manifest that gives the name only in romaji or kana
        reading = reading or _kata(
            japanese_reading(person.japanese_surname)[0] + " " + person.japanese_given_reading
        )
    hanja_name = f"{surname_hanja}{person.given_hanja}" if rng.random() < 0.25 else ""
    hangul = f"{surname_hangul}{person.given_hangul}" if rng.random() < 0.1 else ""
    province, county, _county_hangul, _today = person.hometown
    roll = rng.random()
    township = person.township[0]
    hometown = (
        f"{province} {county} {township}" if roll < 0.8 else f"{province} {county}" if roll < 0.88 else ""
    )
    employer, _employer_ko, worksite, _worksite_ko = person.workplace
    archive, roster = ARCHIVES[line % len(ARCHIVES)]
    page, row = divmod(line, 40)
    return [
        ref,
        hangul,
        hanja_name,
        japanese,
        reading,
        romanized,
        _date(rng, person, (0.7, 0.15, 0.15), era=0.1),
        hometown,
        employer if rng.random() < 0.95 else "",
        worksite if rng.random() < 0.8 else "",
        f"{archive}, {roster}, p. {page + 1}, l. {row + 1}",
        archive,
        roster,
        page + 1,
        row + 1,
    ]


def _korean_name(rng: random.Random, person: Person, typo: float) -> str:
    surname = person.surname[0]
    if surname in OLD_SPELLING and rng.random() < 0.05:
        surname = OLD_SPELLING[surname]
    given = person.given_hangul
    if rng.random() < typo:
        given = _typo_hangul(rng, given)
    return surname + given


def _application_row(rng: random.Random, person: Person, ref: str) -> list:
    hanja_name = f"{person.surname[1]}{person.given_hanja}" if rng.random() < 0.4 else ""
    roll = rng.random()
    japanese = reading = ""
    # The application form asks for the Japanese-style name (창씨명); most families know it.
    if roll < 0.65:
        japanese = f"{person.japanese_surname} {person.japanese_given}"
    elif roll < 0.9 and person.japanese_given_reading:
        reading = japanese_reading(person.japanese_surname)[0] + " " + person.japanese_given_reading
    romanized = ""
    if rng.random() < 0.3:
        surname = rng.choice(person.surname[3].split())
        convert = revised_romanization if rng.random() < 0.5 else mccune_reischauer
        given = convert(person.given_hangul)
        romanized = (
            f"{surname} {given.capitalize()}" if rng.random() < 0.7 else f"{given.capitalize()} {surname}"
        )
    province, _county, county_hangul, today = person.hometown
    township = person.township[1] if rng.random() < 0.8 else ""
    roll = rng.random()
    hometown = (
        f"{today} {township}"
        if roll < 0.5
        else f"{hanja_to_hangul(province)} {county_hangul} {township}"
        if roll < 0.8
        else ""
    ).strip()
    _employer, employer_ko, _worksite, worksite_ko = person.workplace
    return [
        ref,
        _korean_name(rng, person, typo=0.05),
        hanja_name,
        japanese,
        reading,
        romanized,
        _date(rng, person, (0.85, 0.05, 0.10)),
        hometown,
        employer_ko if rng.random() < 0.7 else "",
        worksite_ko if rng.random() < 0.5 else "",
        "",
    ]


def _payment_row(rng: random.Random, person: Person, ref: str) -> list:
    _province, _county, _county_hangul, today = person.hometown
    return [
        ref,
        _korean_name(rng, person, typo=0.02),
        f"{person.surname[1]}{person.given_hanja}" if rng.random() < 0.5 else "",
        "",
        "",
        "",
        _date(rng, person, (0.9, 0.05, 0.05)),
        today,
        "2008 위로금",
        f"{rng.randint(2008, 2015)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        20_000_000,
    ]


@dataclass
class Generated:
    roster: Path
    applications: Path
    payments: Path
    truth: Path
    truth_duplicates: Path
    truth_earlier: Path


def generate(*, roster: int, applications: int, seed: int, directory: Path) -> Generated:
    """Write ``roster`` roster entries and ``applications`` applications (92 % of applicants are on
    the roster, 3 % of applications repeat an earlier one, 5 % of applicants were paid before) to
    CSV files in ``directory``, with the truth beside them."""
    rng = random.Random(seed)
    directory.mkdir(parents=True, exist_ok=True)
    people = [_person(rng) for _ in range(roster)]
    paths = Generated(
        *(
            directory / name
            for name in (
                "roster.csv",
                "applications.csv",
                "payments.csv",
                "truth.csv",
                "truth_duplicates.csv",
                "truth_earlier.csv",
            )
        )
    )
    with paths.roster.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(ROSTER_COLUMNS)
        for index, person in enumerate(people):
            writer.writerow(_roster_row(rng, person, f"R{index + 1:07d}", index))

    duplicates = round(applications * 0.03)
    applicants: list[tuple[Person, int | None]] = []
    # Each person applies once (a second application is one of the duplicates below).
    on_roster = iter(rng.sample(range(roster), min(roster, applications)))
    for _ in range(applications - duplicates):
        index = next(on_roster, None) if rng.random() < 0.92 else None
        applicants.append((people[index], index) if index is not None else (_person(rng), None))
    order = list(range(len(applicants)))
    order += rng.sample(order, min(duplicates, len(order)))
    with (
        paths.applications.open("w", newline="", encoding="utf-8") as out,
        paths.truth.open("w", newline="", encoding="utf-8") as truth,
        paths.truth_duplicates.open("w", newline="", encoding="utf-8") as truth_duplicates,
        paths.payments.open("w", newline="", encoding="utf-8") as payments,
        paths.truth_earlier.open("w", newline="", encoding="utf-8") as truth_earlier,
    ):
        writer, truth_writer = csv.writer(out), csv.writer(truth)
        duplicates_writer, earlier_writer = csv.writer(truth_duplicates), csv.writer(truth_earlier)
        payments_writer = csv.writer(payments)
        writer.writerow(APPLICATION_COLUMNS)
        truth_writer.writerow(["application_ref", "roster_ref"])
        duplicates_writer.writerow(["application_ref", "other_ref"])
        earlier_writer.writerow(["application_ref", "other_ref"])
        payments_writer.writerow(PAYMENT_COLUMNS)
        first_ref: dict[int, str] = {}
        paid: dict[int, str] = {}
        for number, applicant in enumerate(order, start=1):
            person, roster_index = applicants[applicant]
            ref = f"A{number:06d}"
            writer.writerow(_application_row(rng, person, ref))
            if roster_index is not None:
                truth_writer.writerow([ref, f"R{roster_index + 1:07d}"])
            if applicant in first_ref:
                duplicates_writer.writerow([ref, first_ref[applicant]])
            else:
                first_ref[applicant] = ref
                if rng.random() < 0.05:
                    paid[applicant] = f"P{len(paid) + 1:06d}"
                    payments_writer.writerow(_payment_row(rng, person, paid[applicant]))
            if applicant in paid:
                earlier_writer.writerow([ref, paid[applicant]])
    return paths
