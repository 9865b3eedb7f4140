"""Staff pages in Korean, the default language: what a browser gets when it asks for no language."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.casework.test_case_pages import NIPPON_STEEL, text

pytestmark = pytest.mark.django_db

CASES = "사건"
DELAY_DAMAGES = "지연손해금"
DEFENDANT = "피고"
KOREAN = (CASES, DELAY_DAMAGES, DEFENDANT)


@pytest.fixture
def korean_client(django_user_model):
    """A logged-in staff client that sends no Accept-Language header, so the pages are in Korean."""
    user = django_user_model.objects.create_user(username="담당자")
    user.is_staff = True
    user.save()
    client = Client()
    client.force_login(user)
    return client


def test_case_list_is_in_korean_by_default(korean_client, demo):
    # when
    response = korean_client.get(reverse("cases:case_list"))

    # then
    html = response.content.decode()
    assert '<html lang="ko">' in html
    assert f"<h1>{CASES}</h1>" in html
    assert f'<th scope="col">{DEFENDANT}</th>' in html
    assert f'<th scope="col" class="num">{DELAY_DAMAGES}</th>' in html
    page = text(response)
    assert f"{CASES} 3건" in page
    assert "Delay damages" not in page and "Defendant" not in page


def test_nippon_steel_page_is_in_korean_by_default(korean_client, demo):
    # when
    response = korean_client.get(NIPPON_STEEL, {"on": "2018-11-01"})

    # then
    page = text(response)
    assert page.count("107,452,054") >= 4
    assert DELAY_DAMAGES in page
    assert "구간별 계산 내역" in page  # the line-by-line breakdown
    assert "5 136 / 365" in page
    assert "Delay damages" not in page and "Principal" not in page


def test_a_date_before_interest_starts_is_explained_in_korean(korean_client, demo):
    page = text(korean_client.get(NIPPON_STEEL, {"on": "2013-01-01"}))
    assert "지연손해금은 기준일 이후인 2013-06-19부터 발생합니다." in page


@pytest.mark.parametrize(
    ("url", "query"),
    [(reverse("cases:case_list"), {}), (NIPPON_STEEL, {"on": "2018-11-01"})],
    ids=["case list", "case page"],
)
def test_english_pages_show_no_korean_headings(staff_client, demo, url, query):
    # given: staff_client asks for English

    # when
    page = text(staff_client.get(url, query))

    # then
    assert "Delay damages" in page
    for word in KOREAN:
        assert word not in page


@pytest.fixture
def demo(shared_demo):
    """The demonstration, loaded once for this module: each test's writes are rolled back."""
