"""The case page's creditors' and holders' rows, which casework/cases.py writes as HTML rather than the
template (issue 14): what each row says and links to, with every name escaped."""

import re
from datetime import date

import pytest
from django.urls import reverse

from amends.judgments.models import AccrualTerm, Award, Case, Court, Creditor
from amends.judgments.services import creditor_heirs_sync
from amends.registry.models import Marriage, ParentChild, Person

pytestmark = pytest.mark.django_db


def _person(name: str, sex: str, born: int, died: date | None = None) -> Person:
    return Person.objects.create(name_hangul=name, sex=sex, birth_date=date(born, 1, 1), death_date=died)


@pytest.fixture
def case() -> Case:
    """A victim who died in 2005; his widow, named by the judgment, died in 2015 and her part passed to
    their son (whose name carries markup) and daughter."""
    victim = _person("피해자", "M", 1925, date(2005, 6, 1))
    widow = _person("배우자", "F", 1928, date(2015, 2, 1))
    son, daughter = _person("<i>아들</i>", "M", 1950), _person("딸", "F", 1953)
    Marriage.objects.create(spouse_a=victim, spouse_b=widow, started_on=date(1948, 4, 1))
    for child in (son, daughter):
        ParentChild.objects.create(parent=victim, child=child)
        ParentChild.objects.create(parent=widow, child=child)
    court = Court.objects.create(name_ko="대법원", name_en="Supreme Court", level=Court.Level.SUPREME)
    case = Case.objects.create(number="2020다77", court=court)
    award = Award.objects.create(case=case, victim=victim, principal=70_000_000)
    AccrualTerm.objects.create(award=award, starts_on=date(2018, 10, 30), rate="0.05")
    # the 1991 law: the widow 3/7, each child 2/7
    for person, numerator in ((widow, 3), (son, 2), (daughter, 2)):
        Creditor.objects.create(
            award=award, person=person, share_numerator=numerator, share_denominator=7, relation="other"
        )
    creditor_heirs_sync(by=None, creditor=Creditor.objects.get(person=widow))
    return case


def _rows(page: str, testid: str) -> list[str]:
    return re.findall(rf'<tr data-testid="{testid}".*?</tr>', page, flags=re.S)


def test_each_creditor_row_names_links_and_shows_what_is_owed(staff_client, case):
    # given the case's creditors: the widow (dead, her part handed on), the son and the daughter, and
    # the two children again as the widow's heirs
    son = Person.objects.get(name_hangul="<i>아들</i>")
    son_creditor = Creditor.objects.get(person=son, succeeds__isnull=True)

    # when a caseworker opens the case page on 2026-01-01
    response = staff_client.get(reverse("cases:case_detail", args=[case.number]), {"on": "2026-01-01"})
    page = response.content.decode()

    # then the creditors' table has a row for each of the five, the heirs after the widow
    rows = _rows(page, "creditor")
    assert len(rows) == 5
    widow_row, *heir_rows = [row for row in rows if "배우자" in row or 'class="heir"' in row]
    assert "died 2015-02-01: passed to the heirs below" in widow_row
    assert len(heir_rows) == 2
    assert all("↳ " in row for row in heir_rows)
    # the son's own row links to his page and his claim file, his name escaped, never markup
    (own,) = [
        row for row in rows if f'href="{reverse("claims:claim_detail", args=[son_creditor.pk])}"' in row
    ]
    assert f'href="{reverse("people:person_detail", args=[son.pk])}"' in own
    assert "&lt;i&gt;아들&lt;/i&gt;" in own
    assert "<i>" not in page
    # his 2/7 of 70,000,000 won, 20,000,000, with 5 % a year from 2018-10-30 to 2026-01-01:
    # 7 whole years (7,000,000) and 64 of 365 days, 1 January counted (175,342 after flooring)
    assert re.findall(r'<td class="num">([^<]*)</td>', own)[:3] == ["2/7", "20,000,000", "7,175,342"]
    assert '<td class="num" data-testid="creditor-outstanding">27,175,342</td>' in own


def test_each_holder_row_names_and_links_the_holder(staff_client, case):
    # given the same case: the son holds his own 2/7 and 3/14 of the widow's part
    son = Person.objects.get(name_hangul="<i>아들</i>")

    # when a caseworker opens the case page
    page = staff_client.get(reverse("cases:case_detail", args=[case.number])).content.decode()

    # then the heirs' table has the two children, each once, the son's name escaped and linked
    rows = _rows(page, "holder")
    assert len(rows) == 2
    (row,) = [row for row in rows if "아들" in row]
    assert f'href="{reverse("people:person_detail", args=[son.pk])}"' in row
    assert "&lt;i&gt;아들&lt;/i&gt;" in row
    assert '<td class="num">1/2</td>' in row
    # how he holds it: from the widow, and named by the judgment, one path a line
    assert (
        "<small>배우자 († 2015-02-01) → &lt;i&gt;아들&lt;/i&gt; (3/14)<br>named by the judgment (2/7)</small>"
        in row
    )
