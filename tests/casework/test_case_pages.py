"""Staff pages: the case list and search, the case page with what is owed, per creditor and per line."""

import re
from urllib.parse import quote

import pytest
from django.urls import reverse

from amends.judgments.models import Award

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(shared_demo):
    """These tests only read the demonstration: it is loaded once for the module."""


NIPPON_STEEL = reverse("cases:case_detail", args=["2013다61381"])


def owed(response):
    """The case page's awards, each with what is owed on the chosen date."""
    return [item for item, _holders in response.context["awards"]]


def text(response) -> str:
    """The page's visible text, tags dropped and whitespace collapsed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_pages_require_login(client, demo):
    for url in (reverse("cases:case_list"), NIPPON_STEEL):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_case_list_shows_the_three_2018_cases(staff_client, demo):
    page = text(staff_client.get(reverse("cases:case_list")))

    assert "3 cases" in page
    for number in ("2013다61381", "2015다45420", "2013다67587"):
        assert number in page
    assert "unconfirmed" in page  # the Nagoya case number is not confirmed by any source here


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("2013다61381", {"2013다61381"}),
        ("2013 다 61381", {"2013다61381"}),
        ("2012나44947", {"2013다61381"}),  # the number of a lower instance
        ("미쓰비시", {"2015다45420", "2013다67587"}),
        ("三菱", {"2015다45420", "2013다67587"}),
        ("nippon steel", {"2013다61381"}),
    ],
)
def test_search_by_case_number_and_defendant(staff_client, demo, query, expected):
    response = staff_client.get(reverse("cases:case_list"), {"q": query})
    assert {case.number for case in response.context["page"]} == expected


@pytest.mark.parametrize(
    "field", ["name_hangul", "name_hanja", "name_japanese", "name_japanese_reading", "name_romanized"]
)
def test_search_by_a_victims_name_in_any_script(staff_client, demo, field):
    award = Award.objects.select_related("victim", "case").get(principal=102_083_333)
    response = staff_client.get(reverse("cases:case_list"), {"q": getattr(award.victim, field)})
    assert award.case.number in {case.number for case in response.context["page"]}


def test_search_finds_an_heir_and_says_when_nothing_matches(staff_client, demo):
    heir = Award.objects.get(principal=102_083_333).creditors.get().person
    response = staff_client.get(reverse("cases:case_list"), {"q": heir.name_hangul})
    assert "2015다45420" in {case.number for case in response.context["page"]}

    page = text(staff_client.get(reverse("cases:case_list"), {"q": "nobody-by-this-name"}))
    assert "No case matches." in page


def test_htmx_search_returns_only_the_results(staff_client, demo):
    response = staff_client.get(reverse("cases:case_list"), {"q": "三菱"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html
    assert "2013다67587" in html and "2013다61381" not in html


def test_nippon_steel_page_shows_107452054_per_victim_as_of_2018_11_01(staff_client, demo):
    response = staff_client.get(NIPPON_STEEL, {"on": "2018-11-01"})
    page = text(response)

    awards = owed(response)
    assert len(awards) == 4
    # the calculation on each award's whole principal is the press figure
    assert [item.damages.interest for item in awards] == [107_452_054] * 4
    assert page.count("107,452,054") >= 4
    # what each award owes is the sum of its creditors' parts, each on its own floored principal:
    # a few won less where heirs share it (1, 3, 3 and 4 creditors)
    assert [item.interest for item in awards] == [107_452_054, 107_452_051, 107_452_053, 107_452_053]
    assert [item.principal for item in awards] == [100_000_000, 99_999_998, 99_999_999, 99_999_999]
    for item in awards:
        assert item.interest == sum(row.interest for row in item.creditors)
        assert item.outstanding == sum(row.outstanding for row in item.creditors)
    assert "207,452,054" in page  # principal + delay damages
    assert "5 136 / 365" in page  # the line: 5 whole years and 136 of 365 days


def test_half_up_shows_the_press_figure(staff_client, demo):
    response = staff_client.get(NIPPON_STEEL, {"on": "2018-11-01", "rounding": "half-up"})
    assert [item.damages.interest for item in owed(response)] == [107_452_055] * 4
    assert [item.interest for item in owed(response)] == [107_452_055, 107_452_052, 107_452_053, 107_452_053]
    assert "107,452,055" in text(response)


def test_each_creditor_gets_their_floored_share_with_its_own_delay_damages(staff_client, demo):
    response = staff_client.get(NIPPON_STEEL, {"on": "2018-11-01"})
    # the victim who left a widow and two children: 3/7, 2/7, 2/7 under the 1991 law
    award = next(item for item in owed(response) if len(item.creditors) == 3)
    shares = [(str(row.creditor.share), row.principal, row.damages.interest) for row in award.creditors]
    assert shares == [
        ("3/7", 42_857_142, 46_050_879),
        ("2/7", 28_571_428, 30_700_586),
        ("2/7", 28_571_428, 30_700_586),
    ]
    page = text(response)
    assert "3/7 42,857,142 46,050,879 88,908,021" in page


def test_case_page_defaults_to_today_and_shows_owed_today_beside_another_date(staff_client, demo):
    today_page = staff_client.get(NIPPON_STEEL)
    assert today_page.context["on"] == today_page.context["today"]
    assert today_page.context["owed_today"] is None

    other = staff_client.get(NIPPON_STEEL, {"on": "2018-11-01"})
    assert "Owed today" in text(other)
    assert other.context["owed_today"][0].interest > 107_452_054


def test_a_bad_date_is_reported_and_today_shown(staff_client, demo):
    response = staff_client.get(NIPPON_STEEL, {"on": "2018-13-45"})
    assert response.status_code == 200
    assert "Give the date as YYYY-MM-DD." in text(response)
    assert response.context["on"] == response.context["today"]


def test_a_date_before_interest_starts_owes_the_principal_only(staff_client, demo):
    response = staff_client.get(NIPPON_STEEL, {"on": "2013-01-01"})
    # each creditor's principal, floored as the judgment states it, summed
    assert [item.outstanding for item in owed(response)] == [100_000_000, 99_999_998, 99_999_999, 99_999_999]
    assert "start on 2013-06-19, after the evaluation date" in text(response)


def test_assumed_terms_and_the_two_relative_plaintiff_are_shown(staff_client, demo):
    hiroshima = text(staff_client.get(reverse("cases:case_detail", args=["2013다67587"])))
    assert "Accrual terms assumed, not confirmed from the judgment" in hiroshima

    nagoya = staff_client.get(reverse("cases:case_detail", args=["2015다45420"]), {"on": "2023-04-14"})
    assert "102,083,333" in text(nagoya)


def test_names_render_in_hangul_hanja_and_kana_with_their_language(staff_client, demo):
    victim = Award.objects.filter(case__number="2013다61381").first().victim
    html = staff_client.get(NIPPON_STEEL).content.decode()
    assert f'<span lang="ko">{victim.name_hangul}</span>' in html
    assert f'<span class="other" lang="ko">{victim.name_hanja}</span>' in html
    assert f'lang="ja">{victim.name_japanese} ({victim.name_japanese_reading})' in html


def test_unknown_case_is_404(staff_client, demo):
    assert staff_client.get(reverse("cases:case_detail", args=["2099다1"])).status_code == 404
    assert staff_client.get("/cases/" + quote("2013다61381") + "/").status_code == 200


def test_totals_per_defendant(staff_client, demo):
    response = staff_client.get(reverse("cases:case_list"))
    totals = {total.defendant.key: total for total in response.context["totals"]}
    assert set(totals) == {"nippon-steel", "mhi"}
    assert (len(totals["nippon-steel"].cases), totals["nippon-steel"].awards) == (1, 4)
    # the sum of the creditors' principals, each floored as the judgments state them
    assert totals["nippon-steel"].principal == 399_999_996
    assert (len(totals["mhi"].cases), totals["mhi"].awards) == (2, 10)
    assert totals["mhi"].principal == 962_083_325  # 3 × 120,000,000 + 100,000,000 + 102,083,333 +
    # 5 × 80,000,000 is 962,083,333: 8 won are the fractions the judgments drop from heirs' shares


def test_every_victim_and_creditor_leads_to_their_persons_page(staff_client, demo):
    from amends.judgments.models import Creditor

    # given every case page of the demonstration
    for number in ("2013다61381", "2015다45420", "2013다67587"):
        page = staff_client.get(reverse("cases:case_detail", args=[number])).content.decode()
        # then each victim's name links to their person page
        for award in Award.objects.filter(case__number=number):
            assert reverse("people:person_detail", args=[award.victim_id]) in page
    # and each creditor's claim file links to the creditor's person page and the victim's
    for creditor in Creditor.objects.select_related("award"):
        claim_page = staff_client.get(reverse("claims:claim_detail", args=[creditor.pk])).content.decode()
        assert reverse("people:person_detail", args=[creditor.person_id]) in claim_page
        assert reverse("people:person_detail", args=[creditor.award.victim_id]) in claim_page
