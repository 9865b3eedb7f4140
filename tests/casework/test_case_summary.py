"""A case with more awards than the page shows in full (issue 14): a summary row per award, with the
read path's figures, each linking to the award's own page, where the award is shown in full; both in a
fixed number of queries, and the summary never older than the last recorded event."""

import re
from datetime import date

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from amends.casework.cases import AWARDS_IN_FULL
from amends.core.clock import today
from amends.judgments.models import AccrualTerm, Award, Case, Court, Creditor
from amends.payments import owed, owed_lines
from amends.payments.models import OwedLine
from amends.payments.services import external_payment_record
from amends.registry import family_tree
from amends.registry.models import Marriage, ParentChild, Person
from amends.registry.selectors import estate_of, family_of
from tests.support import grant

pytestmark = pytest.mark.django_db

ON = date(2026, 1, 1)


def _victim(n: int, children: int = 2) -> Person:
    """A victim who died in 2005 leaving his widow and ``children`` children."""

    def person(name, sex, born, died=None):
        return Person.objects.create(
            name_hangul=f"{name}{n}", sex=sex, birth_date=date(born, 1, 1), death_date=died
        )

    victim = person("피해자", "M", 1925, date(2005, 6, 1))
    widow = person("배우자", "F", 1928)
    Marriage.objects.create(spouse_a=victim, spouse_b=widow, started_on=date(1948, 4, 1))
    for k in range(children):
        child = person(f"자녀{k}-", "MF"[k % 2], 1950 + k)
        ParentChild.objects.create(parent=victim, child=child)
        ParentChild.objects.create(parent=widow, child=child)
    return victim


def _case(number: str, awards: int, first: int = 0) -> Case:
    court, _ = Court.objects.get_or_create(
        name_ko="대법원", defaults={"name_en": "Supreme Court", "level": Court.Level.SUPREME}
    )
    case = Case.objects.create(number=number, court=court, final_ruling_on=date(2018, 10, 30))
    for n in range(first, first + awards):
        victim = _victim(n, children=1 + n % 3)
        award = Award.objects.create(case=case, victim=victim, principal=100_000_000 + n)
        AccrualTerm.objects.create(award=award, starts_on=date(2018, 10, 30), rate="0.05")
        for holder in estate_of(decedent=victim, as_of=victim.death_date).holders:
            Creditor.objects.create(
                award=award,
                person=holder.person,
                share_numerator=holder.share.numerator,
                share_denominator=holder.share.denominator,
                relation=Creditor.Relation.OTHER,
            )
    return case


def _rows(page: str, testid: str) -> list[str]:
    return re.findall(rf'<tr data-testid="{testid}".*?</tr>', page, flags=re.S)


def _cells(row: str) -> list[str]:
    return re.findall(r'<td class="num"[^>]*>([^<]*)</td>', row)


def test_a_large_case_shows_a_row_per_award_with_what_the_read_path_says(staff_client):
    # given a case with one award more than the page shows in full
    case = _case("2020다31", AWARDS_IN_FULL + 1)

    # when a caseworker opens it on 2026-01-01
    response = staff_client.get(reverse("cases:case_detail", args=[case.number]), {"on": ON.isoformat()})
    page = response.content.decode()

    # then each award has one summary row and none is shown in full: no creditors, heirs or trees
    rows = _rows(page, "award-summary")
    assert len(rows) == AWARDS_IN_FULL + 1
    assert not _rows(page, "creditor") and not _rows(page, "holder") and "<svg" not in page
    assert f"This case has {AWARDS_IN_FULL + 1} awards" in page
    # each row shows the award's principal, delay damages, paid and total owed as award_owed computes
    # them on that day (and what is owed today), and links to the award's page on that day
    total = 0
    for award, row in zip(Award.objects.filter(case=case).order_by("pk"), rows, strict=True):
        expected = owed.award_owed(award=owed.awards().get(pk=award.pk), on=ON)
        now = owed.award_owed(award=owed.awards().get(pk=award.pk), on=today())
        figures = (expected.principal, expected.interest, 0, expected.outstanding, now.outstanding)
        # the last column: what is owed today, beside the day asked
        assert _cells(row) == [f"{figure:,}" for figure in figures]
        assert f'href="{reverse("cases:award_detail", args=[award.pk])}?on=2026-01-01"' in row
        assert award.victim.name_hangul in row
        total += expected.outstanding
    # and the case's total is their sum
    assert f'<td class="num" data-testid="case-outstanding">{total:,}</td>' in page


def test_a_small_case_shows_each_award_in_full_below_its_summary(staff_client):
    case = _case("2020다32", 2)
    page = staff_client.get(reverse("cases:case_detail", args=[case.number])).content.decode()
    rows = _rows(page, "award-summary")
    assert len(rows) == 2
    for award, row in zip(Award.objects.filter(case=case).order_by("pk"), rows, strict=True):
        assert f'href="#award-{award.pk}"' in row and f'id="award-{award.pk}"' in page
    assert _rows(page, "creditor") and _rows(page, "holder") and page.count("<svg") == 2


def _queries(client, url: str, data: dict | None = None) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, data or {})
    assert response.status_code == 200
    table = str(getattr(cache, "_table", "\0"))
    # the queries but the database cache's writes (each in a savepoint of its own)
    return len([q for q in captured if table not in q["sql"] and "SAVEPOINT" not in q["sql"].upper()])


def test_the_summary_reads_as_many_queries_for_30_awards_as_for_9(staff_client):
    small, large = _case("2020다33", AWARDS_IN_FULL + 1), _case("2020다34", 30, first=100)
    small_url = reverse("cases:case_detail", args=[small.number])
    large_url = reverse("cases:case_detail", args=[large.number])
    _queries(staff_client, small_url)  # the session and the user, read once
    for data in ({}, {"on": ON.isoformat()}):  # today only, and another day beside today
        cache.clear()
        assert _queries(staff_client, large_url, data) == _queries(staff_client, small_url, data)  # computed
        assert _queries(staff_client, large_url, data) == _queries(staff_client, small_url, data)  # cached


def test_a_payment_recorded_shows_in_the_summary_at_once(client, django_user_model):
    # given a large case whose summary was computed and cached
    case = _case("2020다35", AWARDS_IN_FULL + 1)
    user = grant(django_user_model.objects.create_user(username="finance", is_staff=True), "finance_officer")
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    url = reverse("cases:case_detail", args=[case.number])
    before = _cells(_rows(client.get(url).content.decode(), "award-summary")[0])
    award = Award.objects.filter(case=case).order_by("pk").first()

    # when a finance officer records 1,000,000 won received from elsewhere on the first award
    external_payment_record(
        award=award, by=user, paid_on=date(2024, 1, 2), amount=1_000_000, source="court security"
    )

    # then the next view shows it: paid 1,000,000, and what is owed as the read path now says
    after = _cells(_rows(client.get(url).content.decode(), "award-summary")[0])
    expected = owed.award_owed(award=owed.awards().get(pk=award.pk), on=today())
    assert after != before
    assert after[2:] == ["1,000,000", f"{expected.outstanding:,}"]


def test_a_change_to_one_case_leaves_anothers_stored_figures_in_use_and_its_own_shows_at_once(
    client, django_user_model
):
    # given two large cases whose stored lines of what is owed are written (`amends owed rebuild`)
    mine, other = _case("2020다37", AWARDS_IN_FULL + 1), _case("2020다38", AWARDS_IN_FULL + 1, first=50)
    owed_lines.rebuild()
    lines = list(OwedLine.objects.filter(case=mine).order_by("pk").values_list("pk", flat=True))
    user = grant(django_user_model.objects.create_user(username="finance", is_staff=True), "finance_officer")
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    url = reverse("cases:case_detail", args=[mine.number])
    first, other_first = (Award.objects.filter(case=case).order_by("pk").first() for case in (mine, other))

    def summary() -> tuple[list[list[str]], list[str]]:
        """The summary's rows and the statements the page read."""
        with CaptureQueriesContext(connection) as captured:
            page = client.get(url).content.decode()
        return [_cells(row) for row in _rows(page, "award-summary")], [q["sql"] for q in captured]

    def expected() -> list[list[str]]:
        return [
            [f"{figure:,}" for figure in (item.principal, item.interest, item.paid, item.outstanding)]
            for item in (
                owed.award_owed(award=award, on=today())
                for award in owed.awards().filter(case=mine).order_by("pk")
            )
        ]

    # when a finance officer records money received on the other case (an audited change, which moves
    # the head of the audit chain)
    external_payment_record(
        award=other_first, by=user, paid_on=date(2024, 1, 2), amount=500_000, source="court security"
    )

    # then this case's lines stand as written and its page reads its figures from them, computing
    # nothing (no accrual term is read), and they are the read path's
    assert list(OwedLine.objects.filter(case=mine).order_by("pk").values_list("pk", flat=True)) == lines
    rows, queries = summary()
    assert not any("judgments_accrualterm" in sql for sql in queries)
    assert rows == expected()

    # when money received on this case's first award is recorded
    external_payment_record(
        award=first, by=user, paid_on=date(2024, 1, 2), amount=1_000_000, source="court security"
    )

    # then the next view shows it at once, still from the stored lines: paid 1,000,000 and what is owed
    # as the read path now says
    rows, queries = summary()
    assert not any("judgments_accrualterm" in sql for sql in queries)
    assert rows[0][2] == "1,000,000"
    assert rows == expected()


def test_the_award_page_shows_the_award_in_full_in_a_fixed_number_of_queries(staff_client):
    # given a case of many awards, their victims' families of four and of six people
    case = _case("2020다36", AWARDS_IN_FULL + 2)
    small, *_others, large = Award.objects.filter(case=case).order_by("pk")[:3]
    assert len(family_of(person=large.victim).people) > len(family_of(person=small.victim).people)
    url = reverse("cases:award_detail", args=[large.pk])

    # when a caseworker opens an award's page on 2026-01-01
    response = staff_client.get(url, {"on": ON.isoformat()})
    page = response.content.decode()

    # then it shows the award in full: a row per creditor with what the read path says, the heirs,
    # the family tree, and what is owed today beside the day asked
    expected = owed.award_owed(award=owed.awards().get(pk=large.pk), on=ON)
    rows = _rows(page, "creditor")
    assert len(rows) == len(expected.rows()) == 4  # the widow and three children
    assert sorted(_cells(row)[-1] for row in rows) == sorted(f"{r.outstanding:,}" for r in expected.rows())
    assert len(_rows(page, "holder")) == 4 and page.count("<svg") == 1
    assert f'<strong data-testid="outstanding">{expected.outstanding:,}</strong>' in page
    owed_today = owed.award_owed(award=owed.awards().get(pk=large.pk), on=today()).outstanding
    assert f'<strong class="num" data-testid="owed-today">{owed_today:,}</strong>' in page
    assert reverse("cases:case_detail", args=[case.number]) in page
    # and it reads as many queries for the larger family as for the smaller, drawn or from the cache
    small_url = reverse("cases:award_detail", args=[small.pk])
    cache.clear()
    assert _queries(staff_client, url) == _queries(staff_client, small_url)  # the trees drawn
    assert _queries(staff_client, url) == _queries(staff_client, small_url)  # from the cache


def test_an_unknown_award_is_404(staff_client):
    assert staff_client.get(reverse("cases:award_detail", args=[999_999])).status_code == 404


def test_a_tree_is_drawn_once_for_each_state_of_its_family(monkeypatch):
    victim = _victim(900)
    shares = {h.person.pk: h.share for h in estate_of(decedent=victim).holders}
    cache.clear()
    drawn = family_tree.family_tree_svg(family=family_of(person=victim), decedent=victim, shares=shares)

    # the same family read again is the same tree, from the cache: dot does not run
    def no_dot(*args, **kwargs):
        raise AssertionError("dot ran for a tree in the cache")

    monkeypatch.setattr(family_tree.graphviz, "pipe", no_dot)
    again = family_tree.family_tree_svg(family=family_of(person=victim), decedent=victim, shares=shares)
    assert again == drawn

    # a marriage ended is another tree (its line is drawn dashed): dot runs
    marriage = Marriage.objects.get(spouse_a=victim)
    marriage.ended_on = date(1990, 1, 1)
    marriage.save()
    with pytest.raises(AssertionError, match="dot ran"):
        family_tree.family_tree_svg(family=family_of(person=victim), decedent=victim, shares=shares)
