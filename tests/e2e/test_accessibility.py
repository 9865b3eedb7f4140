"""Accessibility in a real browser (issue 17): every staff page, as a superuser and as each role, and
every portal page pass axe-core (no serious or critical violation); the claim page and the portal can
be used by keyboard alone, with a focus one can see; the portal works on a phone at 200 % zoom.

axe-core is vendored in tests/e2e/vendor/ (version and licence in its README). The data is loaded once
per walk: a browser test commits, and its data is flushed after each test."""

import pytest

from amends.core.roles import ROLES
from tests.e2e.browsing import PASSWORD, axe_violations, screenshot, sign_in
from tests.support import grant

pytestmark = pytest.mark.django_db(transaction=True)

NUMBER, CODE = "AM-2018-00001", "DEMO-2018"


def staff_pages() -> list[str]:
    """Every staff page that shows something, with the demonstration's rows for those that show one.
    Left out: the admin (Django's); the API's docs have a test of their own, which waits for Swagger UI
    to draw them."""
    from amends.judgments.models import Award, Creditor
    from amends.letters.models import Kind
    from amends.outreach.models import ConsultationEvent
    from amends.oversight.reports import REPORTS
    from amends.payments.models import Claim

    claim = Claim.objects.get(portal_access__number=NUMBER)
    widow = Creditor.objects.filter(award__case__number="2013다61381", relation="spouse").first()
    award = Award.objects.filter(case__number="2013다67587").first()
    return [
        "/cases/",
        "/cases/?q=%E6%97%A5%E6%9C%AC%E8%A3%BD%E9%89%84",  # 日本製鉄
        "/cases/2013다61381/",
        "/cases/2015다45420/",
        "/cases/2013다67587/",
        "/cases/corrections/",
        f"/cases/awards/{award.pk}/",  # an award's own page, where a large case shows it in full
        f"/cases/awards/{award.pk}/corrections/",
        f"/people/{claim.creditor.person_id}/",
        f"/people/{widow.person_id}/",
        f"/claims/{claim.creditor_id}/",  # a claim file with its portal access
        f"/claims/{widow.pk}/",  # a dead creditor's claim
        "/claims/dashboard/",
        "/fund/",
        "/fund/ledger/",
        "/fund/forecast/",
        "/fund/reports/",
        f"/fund/reports/{next(iter(REPORTS))}/",
        "/fund/batches/",
        "/rosters/",
        "/outreach/timeline/",
        f"/outreach/consultations/{ConsultationEvent.objects.order_by('pk').first().pk}/",
        "/letters/templates/",
        f"/letters/templates/{Kind.OFFER}/ja/",
        "/no-such-page/",  # the site's 404
    ]


def test_every_staff_page_passes_axe_as_a_superuser_and_as_each_role(
    browser, live_server, demo, django_user_model
):
    # given the demonstration, a superuser who reads Korean and one user for each role
    django_user_model.objects.create_superuser(username="staff", password=PASSWORD)
    for role in ROLES:
        grant(django_user_model.objects.create_user(username=role, password=PASSWORD, is_staff=True), role)
    pages = staff_pages()

    # the pages whose forms depend on who reads them, which each role walks again (the superuser, who
    # holds every role, sees every form on every page)
    claim_page = next(path for path in pages if path.startswith("/claims/") and path[8].isdigit())
    person_page = next(path for path in pages if path.startswith("/people/"))
    by_role = [
        "/cases/2013다61381/",
        "/cases/corrections/",
        person_page,
        claim_page,
        "/claims/dashboard/",
        "/fund/",
        "/fund/batches/",
        "/letters/templates/",
    ]

    # when each opens every page (a role's 403 page included, checked once)
    found, opened = {}, {}
    forbidden_checked = False
    for username, locale in [("staff", "ko-KR"), *((role, "en-US") for role in ROLES)]:
        page = sign_in(browser, live_server, username, locale=locale)
        for path in pages if username == "staff" else by_role:
            status = page.goto(f"{live_server.url}{path}").status
            opened.setdefault(username, []).append(status)
            if status == 403:
                if forbidden_checked:
                    continue
                forbidden_checked = True
            violations = axe_violations(page)
            if violations:
                found[f"{username} {path}"] = violations
        page.context.close()

    # then none has a serious or critical violation
    assert found == {}
    # and the walk did see pages: the superuser opened every one, each role some, and some were 403
    assert opened["staff"][:-1] == [200] * (len(pages) - 1) and opened["staff"][-1] == 404
    assert forbidden_checked
    assert all(statuses.count(200) >= 3 for statuses in opened.values())


def test_the_sign_in_pages_pass_axe(browser, live_server, settings, django_user_model):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    # given the second factor on, a user with no app yet and one with an app
    settings.AMENDS_REQUIRE_2FA = True
    django_user_model.objects.create_user(username="kim", password=PASSWORD, is_staff=True)
    lee = django_user_model.objects.create_user(username="lee", password=PASSWORD, is_staff=True)
    TOTPDevice.objects.create(user=lee, name="phone", confirmed=True)
    found = {}
    context = browser.new_context(locale="ko-KR", bypass_csp=True)
    page = context.new_page()

    def check(name):
        violations = axe_violations(page)
        if violations:
            found[name] = violations

    # when they walk the password page, the enrolment page (QR code) and the code page
    page.goto(f"{live_server.url}/login/")
    check("password")
    for username, heading in [("kim", "enrol"), ("lee", "code")]:
        page.goto(f"{live_server.url}/login/")
        page.locator("#id_username").fill(username)
        page.locator("#id_password").fill(PASSWORD)
        page.locator("button[type=submit]").click()
        page.wait_for_url(f"**/login/{heading}/**")
        check(heading)
    # and a wrong code, shown with its error
    page.locator("input[name=code]").fill("000000")
    page.locator("button[type=submit]").click()
    page.locator("[role=alert], .errorlist, .error").first.wait_for()
    check("code, refused")
    context.close()

    # then none has a serious or critical violation
    assert found == {}


@pytest.fixture
def nagoya(transactional_db):
    """The Nagoya case alone, with the demonstration's portal access; returns the creditor's date of
    birth."""
    from django.db import transaction

    from amends.demo.judgments import _nagoya, _Names, _reference_data
    from amends.demo.portal import load_portal_demo

    with transaction.atomic():
        _reference_data()
        _nagoya(_Names(2))
        (issued,) = load_portal_demo()
    return issued[1]


def open_claim(page, live_server, birth_date: str, code: str = CODE) -> None:
    page.goto(f"{live_server.url}/portal/")
    page.locator("#id_number").fill(NUMBER)
    page.locator("#id_birth_date").fill(birth_date)
    page.locator("#id_code").fill(code)
    page.locator("main button[type=submit]").click()


def test_every_portal_page_passes_axe_in_each_language(browser, live_server, nagoya):
    from amends.letters import services as letters
    from amends.letters.models import Kind
    from amends.payments.models import Claim

    # given the claim with a letter
    claim = Claim.objects.get(portal_access__number=NUMBER)
    letters.letter_send(claim=claim, kind=Kind.OFFER, language="ko", by=None)
    found = {}
    for locale in ("ko-KR", "en-US", "ja-JP"):
        context = browser.new_context(locale=locale, bypass_csp=True, viewport={"width": 390, "height": 844})
        page = context.new_page()

        def check(name, page=page, locale=locale):
            violations = axe_violations(page)
            if violations:
                found[f"{locale} {name}"] = violations

        # when a family opens the lookup page, gives a wrong code, then the right one, and a page that
        # does not exist
        page.goto(f"{live_server.url}/portal/")
        check("lookup")
        open_claim(page, live_server, nagoya, code="WRONG-0000")
        page.get_by_test_id("failed").wait_for()
        check("lookup, failed")
        open_claim(page, live_server, nagoya)
        page.get_by_test_id("number").wait_for()
        check("status")
        page.goto(f"{live_server.url}/portal/no-such-page/")
        check("404")
        context.close()

    # then none has a serious or critical violation
    assert found == {}


def test_a_locked_claim_page_passes_axe_and_says_when(browser, live_server, nagoya):
    from datetime import timedelta

    from django.utils import timezone

    from amends.portal.models import PortalAccess

    # given the claim locked
    PortalAccess.objects.filter(number=NUMBER).update(locked_until=timezone.now() + timedelta(minutes=20))
    context = browser.new_context(locale="en-US", bypass_csp=True)
    page = context.new_page()

    # when the family gives the right details
    open_claim(page, live_server, nagoya)

    # then the page says when to try again, and passes axe
    assert "Please try again after" in page.get_by_test_id("limited").inner_text()
    assert axe_violations(page) == []
    context.close()


# Tab through a page: which of its controls took the focus, in order, and whether each showed it.
TAB_THROUGH = """async () => {
    const controls = [...document.querySelectorAll("input, select, textarea, button, summary, a[href]")]
        .filter(el => el.type !== "hidden" && !el.disabled && el.checkVisibility());
    controls.forEach((el, index) => el.dataset.kbIndex = index);
    return controls.filter(el => !el.matches("a, summary"))
        .map(el => `${el.dataset.kbIndex} ${el.tagName.toLowerCase()}${el.name ? `[${el.name}]` : ""}`);
}"""
FOCUSED = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    // A colour that is not fully transparent; a shadow that has a blur or a spread (a ring).
    const opaque = color => {
        const parts = (color.match(/rgba?\\(([^)]*)\\)/) || [, "0,0,0,1"])[1].split(/[ ,\\/]+/);
        return parts.length < 4 || parseFloat(parts[3]) > 0;
    };
    const spread = shadow => shadow.replace(/rgba?\\([^)]*\\)/, "").match(/-?[\\d.]+px/g)
        .slice(2).some(length => parseFloat(length) > 0);
    const outlined = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0
        && opaque(style.outlineColor);
    const ringed = style.boxShadow !== "none"
        && style.boxShadow.split(/,(?![^(]*\\))/).some(shadow => opaque(shadow) && spread(shadow));
    return {index: el.dataset.kbIndex ?? null, visible: outlined || ringed, what: el.outerHTML.slice(0, 80)};
}"""


def tab_through(page, limit: int = 400) -> tuple[list[str], set[str], list[str]]:
    """Press Tab from the top of the page until the focus leaves it: the form controls on the page,
    those the focus reached, and the focused elements that showed no focus style."""
    controls = page.evaluate(TAB_THROUGH)
    # The focus style is read as it ends, not while a transition to it runs.
    page.add_style_tag(content="*, *::before, *::after { transition: none !important; }")
    reached, unseen = set(), []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused is None or (focused["index"] == "0" and reached):
            break  # out of the page, or round again
        if focused["index"] not in reached and not focused["visible"]:
            unseen.append(focused["what"])
        reached.add(focused["index"])
    return controls, reached, unseen


def test_the_claim_page_and_the_portal_are_usable_by_keyboard_alone(
    browser, live_server, nagoya, django_user_model
):
    from amends.payments.models import Claim

    # given a caseworker on the claim page (its forms to record the next steps, write a letter, issue a
    # code), and a family on the portal's pages
    grant(
        django_user_model.objects.create_user(username="kim", password=PASSWORD, is_staff=True), "caseworker"
    )
    claim = Claim.objects.get(portal_access__number=NUMBER)
    staff = sign_in(browser, live_server, "kim")
    staff.goto(f"{live_server.url}/claims/{claim.creditor_id}/")
    # every step opened, so that its fields are on the page to reach (by script: a click would move
    # the point Tab starts from)
    staff.locator("main details").evaluate_all("all => all.forEach(details => details.open = true)")
    family = browser.new_context(locale="en-US", bypass_csp=True).new_page()
    family.goto(f"{live_server.url}/portal/")

    for page, name in [(staff, "claim page"), (family, "portal lookup"), (family, "portal status")]:
        if name == "portal status":
            open_claim(family, live_server, nagoya)
            family.get_by_test_id("number").wait_for()

        # when they press Tab from the top of the page until the focus comes round
        controls, reached, unseen = tab_through(page)

        # then every form control took the focus, and every focused element showed it
        assert len(controls) >= 3, name
        missed = [control for control in controls if control.split()[0] not in reached]
        assert missed == [], f"{name}: Tab never reaches {missed}"
        assert unseen == [], f"{name}: no visible focus on {unseen}"
    staff.context.close()
    family.context.close()


# What scrolls sideways on a page: the page itself, and any element whose text runs past the viewport.
OVERFLOW = """() => {
    const width = document.documentElement.clientWidth;
    const wide = [...document.querySelectorAll("body *")]
        .filter(el => el.checkVisibility() && el.getBoundingClientRect().right > width + 1)
        .map(el => `${el.tagName.toLowerCase()}.${el.className}: ${(el.innerText || "").slice(0, 40)}`);
    return {page: document.documentElement.scrollWidth - width, wide};
}"""


@pytest.mark.parametrize("locale", ["ko-KR", "en-US", "ja-JP"])
def test_the_portal_works_on_a_phone_at_200_percent_zoom(browser, live_server, nagoya, locale):
    # given a 390 px phone at 200 % zoom: 195 CSS pixels across
    context = browser.new_context(
        locale=locale,
        viewport={"width": 195, "height": 422},
        device_scale_factor=4,
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/portal/")

    # then the lookup page does not scroll sideways, and every control is within the screen
    assert page.evaluate(OVERFLOW) == {"page": 0, "wide": []}
    controls = page.locator("main input:not([type=hidden]), main button, header button")
    for index in range(controls.count()):
        box = controls.nth(index).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 195, controls.nth(index).inner_html()

    # when the family fills it in by touch and opens the claim
    open_claim(page, live_server, nagoya)
    page.get_by_test_id("number").wait_for()

    # then the status page, its calculation included, does not scroll sideways either
    assert page.evaluate(OVERFLOW) == {"page": 0, "wide": []}
    screenshot(page, f"portal-status-phone-200pct-{locale}")
    # and the language picker and the button to close the claim can be pressed
    page.locator("main button[type=submit]").last.scroll_into_view_if_needed()
    page.locator("main button[type=submit]").last.tap()
    page.locator("#id_number").wait_for()
    context.close()


def test_the_api_docs_page_passes_axe(browser, live_server, transactional_db):
    """The API's docs (/api/docs, Swagger UI as django-ninja ships it, served by amends.api.docs with
    the site's own colours, api/docs.css, and names for its icon-only buttons, api/docs.js): as drawn,
    with an operation opened, tried out with its response shown, and the Authorize dialog open."""
    context = browser.new_context(locale="en-US", bypass_csp=True)
    page = context.new_page()
    found = {}

    # when a developer opens the docs, once Swagger UI has drawn the operations from the OpenAPI document
    page.goto(f"{live_server.url}/api/docs")
    page.locator(".opblock").first.wait_for()
    found["docs"] = axe_violations(page)
    # opens the first operation (the case search), tries it out and sends it
    page.locator(".opblock-summary-control").first.click()
    page.locator(".opblock-body").first.wait_for()
    found["operation"] = axe_violations(page)
    page.get_by_role("button", name="Try it out").first.click()
    page.get_by_role("button", name="Execute").first.click()
    page.locator(".live-responses-table").first.wait_for()
    page.mouse.move(0, 0)  # not hovering the button just pressed, mid-transition
    found["tried out"] = axe_violations(page)
    # and opens the Authorize dialog
    page.get_by_role("button", name="Authorize").first.click()
    page.locator(".modal-ux").wait_for()
    found["authorize"] = axe_violations(page)
    context.close()

    # then none has a serious or critical violation
    assert found == {"docs": [], "operation": [], "tried out": [], "authorize": []}
