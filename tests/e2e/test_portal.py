"""A family looks up their claim on the portal in Korean, English and Japanese, and downloads a
letter whose PDF text reads as written, Hangul and kanji alike, in a real browser."""

import pytest

from amends.core.pdf import pdf_text

pytestmark = pytest.mark.django_db(transaction=True)

NUMBER, CODE = "AM-2018-00001", "DEMO-2018"


@pytest.fixture
def nagoya(transactional_db):
    """The Nagoya case alone, with the demonstration's portal access (the whole demonstration's fund
    ledger cannot be flushed after a committing test); returns the creditor's date of birth."""
    from django.db import transaction

    from amends.demo.judgments import _nagoya, _Names, _reference_data
    from amends.demo.portal import load_portal_demo

    with transaction.atomic():
        _reference_data()
        _nagoya(_Names(2))
        (issued,) = load_portal_demo()
    return issued[1]


# (browser locale, field labels, button, headings and sentences the status page shows)
LANGUAGES = {
    "ko": (
        "ko-KR",
        ("청구 번호", "생년월일", "일회용 코드"),
        "내 청구 열기",
        [
            "청구 진행 상황",
            "판결에 따라 귀하에게 권리가 있음을 확인했으며, 재단이 연락드리겠습니다.",
            "지금은 하실 일이 없습니다.",
        ],
    ),
    "en": (
        "en-US",
        ("Claim number", "Date of birth", "One-time code"),
        "Open my claim",
        [
            "Where your claim stands",
            "We know you are entitled under the judgment, and we will contact you.",
            "Nothing is needed from you at the moment.",
        ],
    ),
    "ja": (
        "ja-JP",
        ("請求番号", "生年月日", "ワンタイムコード"),
        "請求を開く",
        [
            "請求の状況",
            "判決によりあなたに権利があることを確認しました。財団からご連絡いたします。",
            "現時点でお願いすることはありません。",
        ],
    ),
}


@pytest.fixture
def open_page(browser):
    contexts = []

    def open_page(locale: str, **options):
        context = browser.new_context(locale=locale, viewport={"width": 390, "height": 844}, **options)
        contexts.append(context)
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.errors = errors
        return page

    yield open_page
    for context in contexts:
        context.close()


def look_up(page, labels, button, birth_date, code=CODE):
    number, birth, one_time = labels
    page.get_by_label(number, exact=True).fill(NUMBER)
    page.get_by_label(birth).fill(birth_date)
    page.get_by_label(one_time).fill(code)
    page.get_by_role("button", name=button).click()


@pytest.mark.parametrize("language", ["ko", "en", "ja"])
def test_a_family_looks_up_their_claim_in_their_language(open_page, live_server, nagoya, language):
    locale, labels, button, sentences = LANGUAGES[language]
    # given a phone whose browser prefers the language, without JavaScript
    page = open_page(locale, java_script_enabled=False)
    page.goto(f"{live_server.url}/portal/")
    assert page.locator("html").get_attribute("lang") == language

    # when they enter the claim number, date of birth and code from the letter
    look_up(page, labels, button, nagoya)

    # then they read where the claim stands and what is needed, in their language, with the amount
    page.get_by_test_id("number").wait_for()
    text = page.locator("main").inner_text()
    for sentence in sentences:
        assert sentence in text
    assert "120,000,000" in text
    assert page.errors == []


def test_a_wrong_code_is_refused_and_the_visitor_can_switch_to_japanese(open_page, live_server, nagoya):
    page = open_page("ko-KR")
    page.goto(f"{live_server.url}/portal/")
    look_up(page, LANGUAGES["ko"][1], LANGUAGES["ko"][2], nagoya, code="WRONG-CODE")
    assert "입력하신 정보로는 청구를 열 수 없습니다." in page.get_by_test_id("failed").inner_text()

    # the language picker overrides the browser's preference
    page.get_by_role("button", name="日本語").click()
    page.get_by_role("heading", name="請求の照会").wait_for()
    assert page.locator("html").get_attribute("lang") == "ja"
    look_up(page, LANGUAGES["ja"][1], LANGUAGES["ja"][2], nagoya)
    page.get_by_role("heading", name="請求の状況").wait_for()


def test_a_letter_downloads_and_its_text_reads_as_written(open_page, live_server, nagoya):
    from amends.letters import services
    from amends.letters.models import Kind
    from amends.payments.models import Claim

    # given an offer letter in Japanese and a consent form in Korean sent for the claim
    claim = Claim.objects.get(portal_access__number=NUMBER)
    offer = services.letter_send(claim=claim, kind=Kind.OFFER, language="ja", by=None)
    services.letter_send(claim=claim, kind=Kind.CONSENT, language="ko", by=None)
    name = claim.creditor.person

    # when the family opens the claim in Japanese and downloads the offer
    page = open_page("ja-JP", accept_downloads=True)
    page.goto(f"{live_server.url}/portal/")
    look_up(page, LANGUAGES["ja"][1], LANGUAGES["ja"][2], nagoya)
    links = page.get_by_test_id("letter")
    assert links.count() == 2
    with page.expect_download() as download:
        links.filter(has_text="支払いのご案内").click()
    pdf = download.value.path().read_bytes()

    # then the PDF is the stored letter, and its text has the kanji and the Hangul as meant
    assert pdf == bytes(offer.pdf)
    text = pdf_text(pdf)
    assert "判決金のお支払いのご案内" in text
    assert "日帝強制動員被害者支援財団" in text
    assert "遅延損害金（ウォン）" in text
    assert f"{name.name_hangul} ({name.name_hanja}) 様" in text
    assert "2015다45420" in text
    assert f"{offer.facts['amount']:,}ウォン" in text
