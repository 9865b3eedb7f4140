"""The README's walk-through, as each role, in each of the three languages, in a real browser (issue 17).

Each demonstration user (README, "Signing in") signs in, picks the language with the site's own switch
and opens the pages the README's walk-through names for their role, then every link of their
navigation; the families' portal is walked in Korean, English and Japanese. On every page: it opens
(200), in the language chosen, with its heading; axe-core finds no serious or critical violation; no
code of the rules shows untranslated (a snake_case name such as ``payment_proposed``, or on a Korean or
Japanese page the English label of a claim's state); and the browser reports no error, the site's
Content-Security-Policy in force (axe-core is evaluated through the driver, not injected as a script
the policy would refuse). Screenshots of the main pages are kept (AMENDS_SCREENSHOTS_DIR, else
var/screenshots/).

The demonstration is loaded once per language (a browser test commits, and its data is flushed after
each test)."""

import re

import pytest
from django.utils import translation

from amends.core.roles import ROLES
from tests.e2e.browsing import AXE, PASSWORD, screenshot, sign_in
from tests.support import grant

pytestmark = pytest.mark.django_db(transaction=True)

CASE = "2013다61381"
PORTAL_NUMBER, PORTAL_CODE = "AM-2018-00001", "DEMO-2018"
LANGUAGES = {"ko": "ko-KR", "en": "en-US", "ja": "ja-JP"}

# The demonstration's users and the pages the README's walk-through names for each (its step in
# brackets): the address, with {claim}, {person} and {award} for the demonstration's rows, and a
# heading the page shows (the English source string; the page shows the catalogue's translation).
# A page marked with a name is kept as a screenshot when the superuser walks it.
USERS = {
    "staff": (
        None,
        [
            ("/cases/", "Cases", "cases"),  # 2
            (f"/cases/{CASE}/", "Awards, owed on %(on)s", "case"),  # 3, 4
            ("{person}", None, "person"),  # 5
            ("{claim}", "Next steps", "claim"),  # 6
            ("/claims/dashboard/", "Dashboard", "dashboard"),  # 7
            ("/fund/", "Donors and contributions", "fund"),  # 8
            ("/fund/ledger/", "Ledger", "ledger"),  # 8
            ("/fund/batches/", "Payment batches", "batches"),  # 8
            ("/fund/forecast/", "Forecast", "forecast"),  # 8
            ("/fund/reports/", "Reports", "reports"),  # 8
            ("/letters/templates/", None, "letter-templates"),  # 9
            ("/outreach/timeline/", "Consultations and the programme", "timeline"),  # 11
            ("/rosters/", "Record linkage", "linkage"),  # 12
            ("/applications/", None, "applications"),  # 12
            ("{award}", None, "award-corrections"),  # 15
            ("/cases/corrections/", "Awaiting a legal reviewer", "corrections"),  # 15
        ],
    ),
    "kim": (
        "caseworker",
        [
            ("/cases/", "Cases", None),  # 2
            ("/search/?q=Yi+Min-chol", "Search", None),  # 2
            (f"/cases/{CASE}/", "Awards, owed on %(on)s", None),  # 3, 4
            ("{person}", None, None),  # 5
            ("{claim}", "Next steps", None),  # 6: contact, application, proposal
            ("/letters/templates/", None, None),  # 9
            ("/rosters/", "Record linkage", None),  # 12
            ("/applications/", None, None),  # 12
            ("{award}", None, None),  # 15
        ],
    ),
    "lee": (
        "legal_reviewer",
        [
            ("{claim}", "Next steps", None),  # 6: verify, propose a deposit
            ("{person}", None, None),  # 15: confirm a death
            ("/cases/corrections/", "Awaiting a legal reviewer", None),  # 15
            ("{award}", None, None),  # 15
        ],
    ),
    "park": (
        "finance_officer",
        [
            ("{claim}", "Next steps", None),  # 6: approve, confirm, lodge
            ("/fund/", "Donors and contributions", None),  # 8
            ("/fund/batches/", "Payment batches", None),  # 8
            ("/fund/ledger/", "Ledger", None),  # 8
        ],
    ),
    "choi": (
        "finance_officer",
        [("{claim}", "Next steps", None), ("/fund/batches/", "Payment batches", None)],
    ),
    "yoon": (
        "approver",
        [
            ("{claim}", "Next steps", None),  # 6: approve a deposit
            ("/claims/dashboard/", "Dashboard", None),  # 7
            ("/fund/", "Donors and contributions", None),  # 8
        ],
    ),
    "jung": (
        "auditor",
        [
            ("/claims/dashboard/", "Dashboard", None),  # 7
            ("/fund/ledger/", "Ledger", None),  # 8, 13
            ("/fund/reports/", "Reports", None),  # 8
        ],
    ),
    "han": (
        "executive",
        [
            ("/claims/dashboard/", "Dashboard", None),  # 7
            ("/fund/forecast/", "Forecast", None),  # 8
            ("/fund/reports/", "Reports", None),  # 8
            ("/outreach/timeline/", "Consultations and the programme", None),  # 11
        ],
    ),
}

# A name the rules are written in, shown as it is written: lower-case words joined by underscores
# (payment_proposed, approve_payment, bank_account_document, finance_officer).
CODE = re.compile(r"(?<![\w/.@-])[a-z]+(?:_[a-z0-9]+)+(?![\w/.@-])")

# What is left out of the text that is read: the language menu (each language names itself), text
# meant to be typed or read as written (code, keyboard keys), and the audit history's before and after
# (the event's record as stored, field names included: the person's and the award's pages show
# `birth_date: 1923-02-03`; wording them is left to a change of its own, see issue 17's report).
VISIBLE_TEXT = """() => {
    const skipped = "select#language, code, kbd, samp, pre, script, style, template, [hidden], "
        + "tr[data-testid=event] td:nth-child(n+5)";
    const parts = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const parent = node.parentElement;
        if (!parent || parent.closest(skipped) || !parent.checkVisibility()) continue;
        const text = node.textContent.trim();
        if (text) parts.push(text);
    }
    return parts.join("\\n");
}"""


def untranslated(text: str, language: str) -> list[str]:
    """Names of the rules that show as written on a page in ``language``: snake_case codes anywhere,
    and in Korean or Japanese the English label of a claim's state (every state has a label in each
    language: tests/core/test_labels.py; here is whether the pages use it)."""
    from amends.core.labels import STATES

    found = sorted(set(CODE.findall(text)))
    if language != "en":
        with translation.override("en"):
            english = {str(label) for label in STATES.values()}
        found += sorted(
            label
            for label in english
            if " " in label and re.search(rf"(?<![A-Za-z]){label}(?![A-Za-z])", text)
        )
    return found


def test_the_untranslated_check_finds_codes_and_english_states_and_nothing_else():
    # a code shown as written, on a page in any language
    assert untranslated("상태: payment_proposed (finance_officer)", "ko") == [
        "finance_officer",
        "payment_proposed",
    ]
    # an English state on a Korean or Japanese page, not on an English one
    assert untranslated("状態: deposit lodged", "ja") == ["deposit lodged"]
    assert untranslated("State: deposit lodged", "en") == []
    # not an address, a file, an e-mail address, nor the translated page itself
    assert (
        untranslated("/claims/dashboard/ AM-2018-00001 a_b.pdf kim_lee@example.org 지급 제안됨", "ko") == []
    )


def shown(heading: str, language: str) -> str:
    """The heading as the page shows it in ``language`` (a case's awards are owed on today's date)."""
    from amends.core.clock import today

    with translation.override(language):
        text = translation.gettext(heading)
    return text % {"on": today().isoformat()} if "%(" in heading else text


def axe_under_the_policy(page) -> list[str]:
    """axe-core's serious and critical violations, axe evaluated through the driver (which the page's
    Content-Security-Policy does not govern) rather than added as a script element."""
    from tests.e2e.browsing import axe_violations

    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    return axe_violations(page)


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_each_role_walks_its_part_of_the_readme(browser, live_server, demo, django_user_model, language):
    from amends.judgments.models import Award
    from amends.payments.models import Claim

    # given the demonstration and its users, one per role (two finance officers) and a superuser
    for username, (role, _pages) in USERS.items():
        if role is None:
            django_user_model.objects.create_superuser(username=username, password=PASSWORD)
        else:
            grant(
                django_user_model.objects.create_user(username=username, password=PASSWORD, is_staff=True),
                role,
            )
    assert {role for role, _ in USERS.values()} - {None} == set(ROLES)
    # the claim file the demonstration opened (the one the portal's letter names), its creditor's page
    # and the corrections of the award it is on
    claim = Claim.objects.select_related("creditor").get(portal_access__number=PORTAL_NUMBER)
    award = Award.objects.filter(case__number=CASE).order_by("pk").first()
    rows = {
        "claim": f"/claims/{claim.creditor_id}/",
        "person": f"/people/{claim.creditor.person_id}/",
        "award": f"/cases/awards/{award.pk}/corrections/",
    }
    found = {"violations": {}, "untranslated": {}, "errors": {}}
    axed = set()

    for username, (_role, pages) in USERS.items():
        # when the user signs in, their browser preferring another language than the one they pick
        browser_locale = "en-US" if language != "en" else "ko-KR"
        page = sign_in(
            browser,
            live_server,
            username,
            locale=browser_locale,
            bypass_csp=False,
            viewport={"width": 1280, "height": 900},
        )
        errors = found["errors"].setdefault(username, [])
        page.on("pageerror", lambda error, errors=errors: errors.append(str(error)))
        page.on(
            "console", lambda message, errors=errors: message.type == "error" and errors.append(message.text)
        )

        # and picks the language with the site's switch
        page.locator("#language").select_option(language)
        page.locator(f"html[lang={language}]").wait_for()

        # and opens the pages the README names for their role, then each link of their navigation
        navigation = page.locator("header nav a[href^='/']").evaluate_all(
            "links => links.map(link => link.getAttribute('href'))"
        )
        walk = [(path.format(**rows), heading, name) for path, heading, name in pages]
        walk += [(href, None, None) for href in navigation if not href.startswith("/admin/")]
        for path, heading, name in walk:
            response = page.goto(f"{live_server.url}{path}")

            # then each opens, in their language, with its heading
            assert response.status == 200, f"{username} {path}: {response.status}"
            assert page.locator("html").get_attribute("lang") == language, f"{username} {path}"
            if heading is not None:
                page.get_by_role("heading", name=shown(heading, language), exact=True).first.wait_for()
            # and passes axe-core (each page once: what differs by role is checked by test_accessibility.py)
            if path not in axed:
                axed.add(path)
                if violations := axe_under_the_policy(page):
                    found["violations"][f"{username} {path}"] = violations
            # and shows no name of the rules untranslated
            if codes := untranslated(page.evaluate(VISIBLE_TEXT), language):
                found["untranslated"][f"{username} {path}"] = codes
            if username == "staff" and name:
                screenshot(page, f"staff-{name}-{language}")
        page.context.close()

    # and nothing was found wanting, and the browser reported no error (a script or style the
    # Content-Security-Policy refused would be one)
    assert found == {"violations": {}, "untranslated": {}, "errors": {username: [] for username in USERS}}
    # and the walk did check pages: more than one per user
    assert len(axed) > len(USERS)


# The portal's look-up heading and its status heading in each language, as a family reads them.
PORTAL = {
    "ko": ("청구 조회", "청구 진행 상황"),
    "en": ("Look up your claim", "Where your claim stands"),
    "ja": ("請求の照会", "請求の状況"),
}


def test_the_portal_walk_in_each_language_with_the_language_picker(browser, live_server, demo):
    from amends.payments.models import Claim

    birth_date = Claim.objects.get(portal_access__number=PORTAL_NUMBER).creditor.person.birth_date.isoformat()
    # given a phone whose browser prefers Korean, the portal's Content-Security-Policy in force
    context = browser.new_context(locale="ko-KR", viewport={"width": 390, "height": 844})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.goto(f"{live_server.url}/portal/")
    page.get_by_role("heading", name=PORTAL["ko"][0], level=1).wait_for()
    found = {"violations": {}, "untranslated": {}}

    def check(name: str, language: str) -> None:
        if violations := axe_under_the_policy(page):
            found["violations"][f"{language} {name}"] = violations
        if codes := untranslated(page.evaluate(VISIBLE_TEXT), language):
            found["untranslated"][f"{language} {name}"] = codes

    # when the family picks each language with the portal's picker, and opens the claim (README step 10)
    for language, name in [("ko", "한국어"), ("en", "English"), ("ja", "日本語")]:
        lookup_heading, status_heading = PORTAL[language]
        page.goto(f"{live_server.url}/portal/")
        page.get_by_role("button", name=name).click()

        # then the look-up page is in that language
        page.get_by_role("heading", name=lookup_heading, level=1).wait_for()
        assert page.locator("html").get_attribute("lang") == language
        check("lookup", language)
        screenshot(page, f"portal-lookup-{language}")
        page.locator("#id_number").fill(PORTAL_NUMBER)
        page.locator("#id_birth_date").fill(birth_date)
        page.locator("#id_code").fill(PORTAL_CODE)
        page.locator("main button[type=submit]").click()

        # and so is where the claim stands, with the amount offered
        page.get_by_role("heading", name=status_heading, level=2).wait_for()
        assert "120,000,000" in page.locator("main").inner_text()
        check("status", language)
        screenshot(page, f"portal-status-{language}")
        page.locator("form[action$='/portal/leave/'] button").click()
        page.get_by_role("heading", name=lookup_heading, level=1).wait_for()
    context.close()

    # and no page had a serious or critical violation, a name of the rules untranslated or an error
    assert found == {"violations": {}, "untranslated": {}}
    assert errors == []
