"""Demonstration data: the three 2018 Supreme Court judgments, with synthetic victims and heirs.

The judgments' case numbers, courts, dates, amounts and accrual terms are public (see
``amends/demo/data/judgments.json``); every person is invented. What no source confirms is loaded all the
same, flagged as such on the pages: the Nagoya case's Supreme Court number, and the Hiroshima case's
accrual terms. Everything goes through the services, so the demonstration obeys the same rules as
real data. Loading is idempotent: a case already registered is left as it is.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

from django.db import transaction

from amends.demo.fund import load_fund_demo
from amends.demo.outreach import load_outreach_demo
from amends.demo.portal import load_portal_demo
from amends.judgments import services
from amends.judgments.models import Award, Case, Court, Defendant, Ruling
from amends.judgments.services import CreditorSpec, RulingSpec
from amends.payments import services as payment_services
from amends.registry import services as registry_services
from amends.registry.models import Person

DEFENDANTS = [
    (
        "nippon-steel",
        "일본제철",
        "日本製鉄株式会社",
        "Nippon Steel Corporation",
        "Nippon Steel & Sumitomo Metal (신일철주금)",
    ),
    ("mhi", "미쓰비시중공업", "三菱重工業株式会社", "Mitsubishi Heavy Industries, Ltd.", ""),
    ("hitachi-zosen", "히타치조선", "日立造船株式会社", "Hitachi Zosen Corporation", ""),
    ("fujikoshi", "후지코시", "株式会社不二越", "Nachi-Fujikoshi Corp.", ""),
]
COURTS = [
    ("대법원", "Supreme Court", Court.Level.SUPREME),
    ("서울고등법원", "Seoul High Court", Court.Level.HIGH),
    ("광주고등법원", "Gwangju High Court", Court.Level.HIGH),
    ("부산고등법원", "Busan High Court", Court.Level.HIGH),
    ("서울중앙지방법원", "Seoul Central District Court", Court.Level.DISTRICT),
]

# Synthetic names. Surnames: Hangul, Hanja, romanisation, and a Japanese-style surname of the kind
# imposed under 창씨개명 (kanji, kana, Hepburn). Given names are two syllables, each with its Hanja,
# its Revised Romanisation and the Japanese on-reading of the Hanja: 100 names for each sex.
SURNAMES = [
    ("김", "金", "Kim", "金田", "かねだ", "Kaneda"),
    ("이", "李", "Lee", "岩本", "いわもと", "Iwamoto"),
    ("박", "朴", "Park", "新井", "あらい", "Arai"),
    ("최", "崔", "Choi", "山本", "やまもと", "Yamamoto"),
    ("정", "鄭", "Jeong", "東原", "ひがしはら", "Higashihara"),
    ("강", "姜", "Kang", "神田", "かんだ", "Kanda"),
    ("조", "趙", "Jo", "豊川", "とよかわ", "Toyokawa"),
    ("윤", "尹", "Yun", "伊東", "いとう", "Ito"),
    ("장", "張", "Jang", "張本", "はりもと", "Harimoto"),
    ("임", "林", "Lim", "林", "はやし", "Hayashi"),
]
SYLLABLES = {
    Person.Sex.MALE: (
        [
            ("영", "永", "yeong", "えい"),
            ("정", "正", "jeong", "せい"),
            ("성", "成", "seong", "せい"),
            ("민", "敏", "min", "びん"),
            ("상", "相", "sang", "そう"),
            ("재", "在", "jae", "ざい"),
            ("동", "東", "dong", "とう"),
            ("광", "光", "gwang", "こう"),
            ("기", "基", "gi", "き"),
            ("현", "賢", "hyeon", "けん"),
        ],
        [
            ("수", "洙", "su", "しゅ"),
            ("호", "浩", "ho", "こう"),
            ("철", "哲", "cheol", "てつ"),
            ("식", "植", "sik", "しょく"),
            ("우", "宇", "u", "う"),
            ("훈", "勳", "hun", "くん"),
            ("길", "吉", "gil", "きち"),
            ("태", "泰", "tae", "たい"),
            ("원", "元", "won", "げん"),
            ("주", "柱", "ju", "ちゅう"),
        ],
    ),
    Person.Sex.FEMALE: (
        [
            ("순", "順", "sun", "じゅん"),
            ("경", "京", "gyeong", "けい"),
            ("미", "美", "mi", "び"),
            ("은", "恩", "eun", "おん"),
            ("지", "智", "ji", "ち"),
            ("영", "英", "yeong", "えい"),
            ("명", "明", "myeong", "めい"),
            ("혜", "惠", "hye", "けい"),
            ("옥", "玉", "ok", "ぎょく"),
            ("금", "今", "geum", "こん"),
        ],
        [
            ("자", "子", "ja", "こ"),
            ("희", "姬", "hui", "き"),
            ("례", "禮", "rye", "れい"),
            ("정", "貞", "jeong", "てい"),
            ("화", "花", "hwa", "か"),
            ("숙", "淑", "suk", "しゅく"),
            ("선", "善", "seon", "ぜん"),
            ("순", "順", "sun", "じゅん"),
            ("덕", "德", "deok", "とく"),
            ("분", "粉", "bun", "ふん"),
        ],
    ),
}
GIVEN = {
    sex: [
        (a[0] + b[0], a[1] + b[1], f"{a[2].capitalize()}-{b[2]}", a[3] + b[3])
        for a in firsts
        for b in seconds
        if a[0] != b[0]
    ]
    for sex, (firsts, seconds) in SYLLABLES.items()
}


@dataclass(frozen=True)
class VictimPlan:
    """One victim: principal, and the heirs (relation, share) if they died, else ``None``."""

    principal: int
    female: bool
    died: date | None
    heirs: list[tuple[str, Fraction]] | None


def _family(spouse: bool, children: int) -> list[tuple[str, Fraction]]:
    """Shares under the 1991 law: spouse 1.5, every child 1."""
    weights = ([("spouse", Fraction(3, 2))] if spouse else []) + [("child", Fraction(1))] * children
    total = sum(weight for _, weight in weights)
    return [(relation, weight / total) for relation, weight in weights]


class _Names:
    """Deterministic synthetic names, so a demonstration looks the same on every machine, and no
    name given twice, so that searching for one finds one person."""

    def __init__(self, seed: int):
        self.random = random.Random(seed)
        self.used: set[str] = set(Person.objects.values_list("name_hangul", flat=True))
        self.family_surname: dict[int, tuple] = {}  # a woman victim's pk → her husband's surname

    def _pick(self, surnames, given_names):
        for _ in range(20):
            surname, given = self.random.choice(surnames), self.random.choice(given_names)
            if surname[0] + given[0] not in self.used:
                break
        # After 20 tries most names are taken (thousands of generated judgments): repeat one.
        self.used.add(surname[0] + given[0])
        return surname, given

    def victim(self, *, female: bool, born: date, died: date | None, surname: tuple | None = None) -> Person:
        sex = Person.Sex.FEMALE if female else Person.Sex.MALE
        surname, given = self._pick([surname] if surname else SURNAMES, GIVEN[sex])
        return registry_services.person_create(
            by=None,
            name_hangul=surname[0] + given[0],
            name_hanja=surname[1] + given[1],
            name_japanese=surname[3] + given[1],
            name_japanese_reading=f"{surname[4]} {given[3]}",
            name_romanized=f"{surname[2]} {given[2]}",
            sex=sex,
            birth_date=born,
            death_date=died,
            notes="Synthetic person (demonstration data).",
        )

    def heir(
        self,
        *,
        victim: Person,
        relation: str,
        sex: str | None = None,
        born: date | None = None,
        died: date | None = None,
    ) -> Person:
        own = next(s for s in SURNAMES if victim.name_hanja.startswith(s[1]))
        if victim.sex == Person.Sex.FEMALE and victim.pk not in self.family_surname:
            self.family_surname[victim.pk] = self.random.choice([s for s in SURNAMES if s != own])
        # Children take the father's surname: a man victim's own, a woman victim's husband's.
        family = self.family_surname.get(victim.pk, own)
        if relation.startswith("spouse"):
            sex = sex or (Person.Sex.FEMALE if victim.sex == Person.Sex.MALE else Person.Sex.MALE)
            surnames = [family] if victim.sex == Person.Sex.FEMALE else [s for s in SURNAMES if s != own]
            born_year = victim.birth_date.year + self.random.randint(-3, 3)
        else:
            sex = sex or self.random.choice([Person.Sex.MALE, Person.Sex.FEMALE])
            surnames = [family]
            born_year = victim.birth_date.year + self.random.randint(22, 35)
        surname, given = self._pick(surnames, GIVEN[sex])
        return registry_services.person_create(
            by=None,
            name_hangul=surname[0] + given[0],
            name_hanja=surname[1] + given[1],
            name_romanized=f"{surname[2]} {given[2]}",
            sex=sex,
            birth_date=born or date(born_year, self.random.randint(1, 12), self.random.randint(1, 28)),
            death_date=died,
            notes="Synthetic person (demonstration data).",
        )


def _court(name_ko: str) -> Court:
    return Court.objects.get(name_ko=name_ko)


def _record_family(victim: Person, heirs: list[tuple[Person, str]], names: _Names) -> None:
    """Record the family the heirs come from: the victim's marriage and their children.

    A victim survived by children but no spouse had a spouse who died before them."""
    spouse = next((person for person, relation in heirs if relation == "spouse"), None)
    if spouse is None:
        died = victim.death_date - timedelta(days=names.random.randint(400, 3000))
        spouse = names.heir(victim=victim, relation="spouse", died=died)
    married = date(min(victim.birth_date.year, spouse.birth_date.year) + 21, 4, 1)
    registry_services.marriage_record(by=None, spouse_a=victim, spouse_b=spouse, started_on=married)
    for child, relation in heirs:
        if relation == "child":
            registry_services.parent_child_link(by=None, parent=victim, child=child)
            registry_services.parent_child_link(by=None, parent=spouse, child=child)


def _awards(
    case: Case,
    plans: list[VictimPlan],
    accruals,
    names: _Names,
    *,
    terms_assumed: bool = False,
    notes: str = "",
) -> list[Award]:
    awards = []
    for plan in plans:
        born = date(
            names.random.randint(1923, 1931), names.random.randint(1, 12), names.random.randint(1, 28)
        )
        victim = names.victim(female=plan.female, born=born, died=plan.died)
        if plan.heirs is None:
            creditors = [CreditorSpec(person=victim, share=Fraction(1), relation="victim")]
        else:
            heirs = [(names.heir(victim=victim, relation=relation), relation) for relation, _ in plan.heirs]
            _record_family(victim, heirs, names)
            creditors = [
                CreditorSpec(person=person, share=share, relation=relation)
                for (person, relation), (_, share) in zip(heirs, plan.heirs, strict=True)
            ]
        awards.append(
            services.award_create(
                by=None,
                case=case,
                victim=victim,
                principal=plan.principal,
                accruals=accruals,
                creditors=creditors,
                terms_assumed=terms_assumed,
                notes=notes,
            )
        )
    return awards


def _reference_data() -> None:
    for key, ko, ja, en, formerly in DEFENDANTS:
        Defendant.objects.get_or_create(
            key=key, defaults={"name_ko": ko, "name_ja": ja, "name_en": en, "formerly": formerly}
        )
    for ko, en, level in COURTS:
        Court.objects.get_or_create(name_ko=ko, defaults={"name_en": en, "level": level})


def _nippon_steel(names: _Names) -> None:
    case = services.case_create(
        by=None,
        number="2013다61381",
        court=_court("대법원"),
        defendants=[Defendant.objects.get(key="nippon-steel")],
        title="Nippon Steel (en banc)",
        final_ruling_on=date(2018, 10, 30),
        rulings=[
            RulingSpec(Ruling.Instance.REMAND, _court("서울고등법원"), "2012나44947", date(2013, 7, 10)),
            RulingSpec(Ruling.Instance.SUPREME_AGAIN, _court("대법원"), "2013다61381", date(2018, 10, 30)),
        ],
        notes="Supreme Court en banc, 2018-10-30: 100,000,000 won to each of four victims.",
    )
    plans = [
        VictimPlan(100_000_000, False, None, None),
        VictimPlan(100_000_000, False, date(2014, 4, 11), _family(True, 2)),
        VictimPlan(100_000_000, False, date(2016, 9, 3), _family(False, 3)),
        VictimPlan(100_000_000, False, date(2009, 1, 20), _family(True, 3)),
    ]
    awards = _awards(case, plans, [(date(2013, 6, 19), "0.20")], names)
    # The widow of the second victim died after the judgment: her 3/7 passes to her two children
    # (재상속), so the holders today are not the creditors the judgment names.
    widow = awards[1].creditors.get(relation="spouse").person
    payment_services.death_record(by=None, person=widow, died_on=date(2021, 3, 14))


def _nagoya(names: _Names) -> None:
    case = services.case_create(
        by=None,
        number="2015다45420",
        number_confirmed=False,
        court=_court("대법원"),
        defendants=[Defendant.objects.get(key="mhi")],
        title="Nagoya women's labour corps (근로정신대)",
        final_ruling_on=date(2018, 11, 29),
        rulings=[
            RulingSpec(
                Ruling.Instance.APPEAL,
                _court("광주고등법원"),
                "2013나5441",
                date(2015, 6, 24),
                argument_closed_on=date(2015, 5, 13),
            ),
            RulingSpec(Ruling.Instance.SUPREME, _court("대법원"), "2015다45420", date(2018, 11, 29)),
        ],
        notes="Six victims through five plaintiffs. No source here confirms the Supreme Court case number.",
    )
    accruals = [(date(2015, 5, 13), "0.05"), (date(2015, 6, 25), "0.20")]
    plans = [
        VictimPlan(120_000_000, True, None, None),
        VictimPlan(120_000_000, True, None, None),
        VictimPlan(120_000_000, True, None, None),
        VictimPlan(100_000_000, True, date(2012, 2, 7), _family(False, 4)),
    ]
    _awards(case, plans, accruals, names)
    # One plaintiff sued for his deceased wife and his deceased sister: the 102,083,333 won the judgment
    # gave him is his inheritance share of their claims. Recorded under his wife, whose sole heir he is
    # (no descendants, her parents died before her); his sister is in the family tree beside him.
    wife = names.victim(female=True, born=date(1929, 3, 2), died=date(2001, 5, 30))
    husband = names.heir(victim=wife, relation="spouse")
    registry_services.marriage_record(by=None, spouse_a=husband, spouse_b=wife, started_on=date(1950, 10, 2))
    family = next(s for s in SURNAMES if husband.name_hanja.startswith(s[1]))
    sister = names.victim(female=True, born=date(1930, 8, 19), died=date(2004, 11, 2), surname=family)
    for parent_sex, relation, born, died in (
        ("M", "child", date(1898, 5, 1), date(1951, 1, 9)),
        ("F", "spouse", date(1902, 7, 7), date(1968, 3, 3)),
    ):
        # Named like a child (the family's surname) or a spouse (another) of the husband.
        parent = names.heir(victim=husband, relation=relation, sex=parent_sex, born=born, died=died)
        for child in (husband, sister):
            registry_services.parent_child_link(by=None, parent=parent, child=child)
    services.award_create(
        by=None,
        case=case,
        victim=wife,
        principal=102_083_333,
        accruals=accruals,
        creditors=[CreditorSpec(person=husband, share=Fraction(1), relation="spouse")],
        notes="The plaintiff sued for his deceased wife and his deceased sister; the amount is his "
        "inheritance share of both claims.",
    )


def _hiroshima(names: _Names) -> None:
    case = services.case_create(
        by=None,
        number="2013다67587",
        court=_court("대법원"),
        defendants=[Defendant.objects.get(key="mhi")],
        title="Hiroshima conscripts",
        final_ruling_on=date(2018, 11, 29),
        rulings=[
            RulingSpec(Ruling.Instance.REMAND, _court("부산고등법원"), "2012나4497", date(2013, 7, 30)),
            RulingSpec(Ruling.Instance.SUPREME_AGAIN, _court("대법원"), "2013다67587", date(2018, 11, 29)),
        ],
        notes="Five victims through 23 plaintiffs, 80,000,000 won per victim.",
    )
    # 1 living victim + 22 heirs of four deceased victims = 23 plaintiffs.
    plans = [
        VictimPlan(80_000_000, False, None, None),
        VictimPlan(80_000_000, False, date(1995, 6, 1), _family(True, 4)),
        VictimPlan(80_000_000, False, date(1999, 11, 12), _family(True, 5)),
        VictimPlan(80_000_000, False, date(2003, 8, 8), _family(False, 5)),
        VictimPlan(80_000_000, False, date(2007, 2, 14), _family(True, 4)),
    ]
    _awards(
        case,
        plans,
        [(date(2013, 7, 31), "0.20")],
        names,
        terms_assumed=True,
        notes="Assumed: 20 % a year from 2013-07-31, the day after the Busan High Court's ruling. The "
        "judgment's own start date and rate are not on record here.",
    )


@transaction.atomic
def load_demo() -> list[str]:
    """Load the three 2018 judgments unless present; returns the case numbers it added."""
    _reference_data()
    added = []
    for number, loader, seed in (
        ("2013다61381", _nippon_steel, 1),
        ("2015다45420", _nagoya, 2),
        ("2013다67587", _hiroshima, 3),
    ):
        if not Case.objects.filter(number=number).exists():
            loader(_Names(seed))
            added.append(number)
    # The programme's donors, portal codes for two claims, the consultations on record.
    load_fund_demo()
    load_portal_demo()
    load_outreach_demo()
    return added


@transaction.atomic
def add_generated_judgments(count: int, *, seed: int = 0) -> list[str]:
    """Add ``count`` generated judgments (numbers 2024다5000001 …) to exercise the pages at scale."""
    _reference_data()
    rng = random.Random(seed + Case.objects.count())
    names = _Names(rng.randrange(1 << 30))
    defendants = list(Defendant.objects.all())
    existing = set(Case.objects.filter(number__startswith="2024다5").values_list("number", flat=True))
    supreme, high = _court("대법원"), _court("서울고등법원")
    added, serial = [], 5000000
    while len(added) < count:
        serial += 1
        number = f"2024다{serial}"
        if number in existing:
            continue
        decided = date(2019, 1, 1) + timedelta(days=rng.randrange(2500))
        closed = decided - timedelta(days=rng.randrange(400, 900))
        case = services.case_create(
            by=None,
            number=number,
            court=supreme,
            defendants=[rng.choice(defendants)],
            title="Generated judgment",
            final_ruling_on=decided,
            rulings=[
                RulingSpec(
                    Ruling.Instance.APPEAL,
                    high,
                    f"{closed.year}나{rng.randrange(1000, 99999)}",
                    closed + timedelta(days=30),
                    argument_closed_on=closed,
                )
            ],
        )
        plans = []
        for _ in range(rng.randint(1, 4)):
            dead = rng.random() < 0.7
            plans.append(
                VictimPlan(
                    rng.choice([80_000_000, 100_000_000, 120_000_000, 150_000_000]),
                    rng.random() < 0.3,
                    date(rng.randint(1991, 2023), rng.randint(1, 12), rng.randint(1, 28)) if dead else None,
                    _family(rng.random() < 0.6, rng.randint(1, 5)) if dead else None,
                )
            )
        start = closed + timedelta(days=1)
        _awards(case, plans, [(start, "0.05"), (closed + timedelta(days=31), "0.12")], names)
        added.append(number)
    return added
