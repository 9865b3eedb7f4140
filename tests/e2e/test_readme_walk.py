"""The README's walk-through, as each role, in a real browser (issue 17): each demonstration user signs
in, opens the pages the README names for their role, switches language with the site's own switch and
reads the same pages in Korean; the families' portal is walked in Korean, English and Japanese.
Screenshots of the main pages are kept (AMENDS_SCREENSHOTS_DIR, else var/screenshots/).

The staff pages are in Korean, English and Japanese (the language switch offers all three); the
superuser's walk ends by switching to 日本語."""

import pytest
from django.utils import translation

from amends.core.roles import ROLES
from tests.e2e.browsing import PASSWORD, screenshot, sign_in
from tests.support import grant

pytestmark = pytest.mark.django_db(transaction=True)

CASE = "2013다61381"
PORTAL_NUMBER, PORTAL_CODE = "AM-2018-00001", "DEMO-2018"

# The demonstration's users (README, "Signing in") and the pages its walk-through names for each: the
# address and a heading the page shows (the English source string; its Korean is the catalogue's).
USERS = {
    "staff": (
        None,
        [
            ("/cases/", "Cases"),
            (f"/cases/{CASE}/", "Awards, owed on %(on)s"),
            ("/claims/dashboard/", "Dashboard"),
            ("/fund/", "Donors and contributions"),
            ("/fund/ledger/", "Ledger"),
            ("/fund/forecast/", "Forecast"),
            ("/fund/reports/", "Reports"),
            ("/outreach/timeline/", "Consultations and the programme"),
            ("/rosters/", "Record linkage"),
            ("/cases/corrections/", "Awaiting a legal reviewer"),
        ],
    ),
    "kim": (
        "caseworker",
        [
            ("/cases/", "Cases"),
            (f"/cases/{CASE}/", "Awards, owed on %(on)s"),
            ("{claim}", "Next steps"),
            ("/rosters/", "Record linkage"),
        ],
    ),
    "lee": (
        "legal_reviewer",
        [("{claim}", "Next steps"), ("/cases/corrections/", "Awaiting a legal reviewer")],
    ),
    "park": (
        "finance_officer",
        [
            ("/fund/", "Donors and contributions"),
            ("/fund/batches/", "Payment batches"),
            ("/fund/ledger/", "Ledger"),
        ],
    ),
    "yoon": ("approver", [("/claims/dashboard/", "Dashboard"), ("{claim}", "Next steps")]),
    "jung": ("auditor", [("/claims/dashboard/", "Dashboard"), ("/fund/ledger/", "Ledger")]),
    "han": (
        "executive",
        [
            ("/claims/dashboard/", "Dashboard"),
            ("/fund/forecast/", "Forecast"),
            ("/outreach/timeline/", "Consultations and the programme"),
        ],
    ),
}


def shown(heading: str, language: str) -> str:
    """The heading as the page shows it in ``language`` (a case's awards are owed on today's date)."""
    from amends.core.clock import today

    with translation.override(language):
        return (
            translation.gettext(heading) % {"on": today().isoformat()}
            if "%(" in heading
            else translation.gettext(heading)
        )


def test_each_role_walks_its_pages_in_english_then_korean(browser, live_server, demo, django_user_model):
    from amends.payments.models import Claim

    # given the demonstration and its users, one per role and a superuser
    for username, (role, _pages) in USERS.items():
        if role is None:
            django_user_model.objects.create_superuser(username=username, password=PASSWORD)
        else:
            grant(
                django_user_model.objects.create_user(username=username, password=PASSWORD, is_staff=True),
                role,
            )
    assert {role for role, _ in USERS.values()} - {None} == set(ROLES)
    # the claim file the demonstration opened (the one the portal's letter names)
    claim = f"/claims/{Claim.objects.get(portal_access__number=PORTAL_NUMBER).creditor_id}/"

    for username, (_role, pages) in USERS.items():
        # when the user signs in, in English, and opens the pages the README names for their role
        # (the site's Content-Security-Policy in force: nothing here injects a script)
        page = sign_in(
            browser, live_server, username, bypass_csp=False, viewport={"width": 1280, "height": 900}
        )
        for path, heading in pages:
            page.goto(f"{live_server.url}{path.format(claim=claim)}")
            # then each shows its heading
            page.get_by_role("heading", name=shown(heading, "en"), exact=True).first.wait_for()
            if username == "staff":
                screenshot(page, f"staff-{path.strip('/').replace('/', '-') or 'home'}-en")

        # when they choose Korean with the site's language switch
        page.get_by_label("Language").select_option("ko")
        page.locator("html[lang=ko]").wait_for()

        # then the page, and every other page of their walk, shows its heading in Korean
        for path, heading in pages:
            translated = shown(heading, "ko")
            assert translated != shown(heading, "en"), f"{heading!r} has no Korean translation"
            page.goto(f"{live_server.url}{path.format(claim=claim)}")
            page.get_by_role("heading", name=translated, exact=True).first.wait_for()
            assert page.locator("html").get_attribute("lang") == "ko"
            if username == "staff":
                screenshot(page, f"staff-{path.strip('/').replace('/', '-') or 'home'}-ko")

        if username == "staff":
            # when the superuser chooses 日本語 with the same switch (its label is Korean by now)
            page.locator("#language").select_option("ja")
            page.locator("html[lang=ja]").wait_for()

            # then the staff pages show their headings in Japanese (issue 17)
            for path, heading in [("/cases/", "Cases"), ("/claims/dashboard/", "Dashboard")]:
                translated = shown(heading, "ja")
                assert translated != shown(heading, "en"), f"{heading!r} has no Japanese translation"
                page.goto(f"{live_server.url}{path}")
                page.get_by_role("heading", name=translated, exact=True).first.wait_for()
                assert page.locator("html").get_attribute("lang") == "ja"
            screenshot(page, "staff-claims-dashboard-ja")
        page.context.close()


# The portal's look-up heading and its status heading in each language, as a family reads them.
PORTAL = {
    "ko": ("ko-KR", "청구 조회", "청구 진행 상황"),
    "en": ("en-US", "Look up your claim", "Where your claim stands"),
    "ja": ("ja-JP", "請求の照会", "請求の状況"),
}


def test_the_portal_walk_in_each_language_with_the_language_picker(browser, live_server, demo):
    from amends.payments.models import Claim

    birth_date = Claim.objects.get(portal_access__number=PORTAL_NUMBER).creditor.person.birth_date.isoformat()
    # given a phone whose browser prefers Korean
    context = browser.new_context(locale="ko-KR", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{live_server.url}/portal/")
    page.get_by_role("heading", name=PORTAL["ko"][1], level=1).wait_for()

    # when the family picks each language with the portal's picker, and opens the claim (README step 10)
    for language, name in [("ko", "한국어"), ("en", "English"), ("ja", "日本語")]:
        _locale, lookup_heading, status_heading = PORTAL[language]
        page.goto(f"{live_server.url}/portal/")
        page.get_by_role("button", name=name).click()

        # then the look-up page is in that language
        page.get_by_role("heading", name=lookup_heading, level=1).wait_for()
        assert page.locator("html").get_attribute("lang") == language
        screenshot(page, f"portal-lookup-{language}")
        page.locator("#id_number").fill(PORTAL_NUMBER)
        page.locator("#id_birth_date").fill(birth_date)
        page.locator("#id_code").fill(PORTAL_CODE)
        page.locator("main button[type=submit]").click()

        # and so is where the claim stands, with the amount offered
        page.get_by_role("heading", name=status_heading, level=2).wait_for()
        assert "120,000,000" in page.locator("main").inner_text()
        screenshot(page, f"portal-status-{language}")
        page.locator("form[action$='/portal/leave/'] button").click()
    context.close()
