"""A caseworker's day by keyboard alone, and the portal on a phone at 200 % zoom by keyboard (issue 17).

The caseworker finds a claim from the header's search box ("/", the arrow keys, Enter) and records a
contact on it with Tab, Enter, Space and typing only, never the mouse, every element they pass showing
where the focus is. The family, on a 390 px phone at 200 % zoom (195 CSS pixels across, what the
browser's zoom leaves a page: device_scale_factor would only sharpen the pixels), reaches every control
of the portal's pages by Tab, each within the screen when focused, and the page never scrolls
sideways."""

import pytest

from tests.e2e.browsing import PASSWORD, sign_in
from tests.e2e.test_accessibility import FOCUSED, NUMBER, OVERFLOW, open_claim, tab_through
from tests.support import grant

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def creditor(transactional_db):
    """The living victim of 2013다61381 (only this case is loaded: the whole demonstration is slow)."""
    from django.db import transaction

    from amends.demo.judgments import _Names, _nippon_steel, _reference_data
    from amends.judgments.models import Creditor

    with transaction.atomic():
        _reference_data()
        _nippon_steel(_Names(1))
    return Creditor.objects.get(
        award__case__number="2013다61381", relation="victim", person__death_date__isnull=True
    )


def tab_to(page, selector: str, *, limit: int = 300, backwards: bool = False) -> list[str]:
    """Press Tab (Shift+Tab) until the element matching ``selector`` has the focus; the elements passed
    on the way that showed no focus. Fails if the focus never gets there."""
    # The focus style is read as it ends, not while a transition to it runs (a constructed style
    # sheet: the Content-Security-Policy refuses a <style> element, as it should).
    page.evaluate(
        """() => {
            const sheet = new CSSStyleSheet();
            sheet.replaceSync("*, *::before, *::after { transition: none !important; }");
            document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
        }"""
    )
    unseen = []
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        focused = page.evaluate(FOCUSED)
        if focused is not None and not focused["visible"]:
            unseen.append(focused["what"])
        if page.evaluate("selector => document.activeElement?.matches(selector) ?? false", selector):
            return unseen
    raise AssertionError(f"Tab never reached {selector}")


def test_a_caseworker_finds_a_claim_and_records_a_contact_by_keyboard_alone(
    browser, live_server, creditor, django_user_model
):
    from amends.payments import services
    from amends.payments.models import Claim, ClaimEntry

    # given the caseworker kim, who opened the living victim's claim file, on its case's page; the site's
    # Content-Security-Policy in force (the case page: the case list's "/" is its own filter's)
    kim = grant(
        django_user_model.objects.create_user(username="kim", password=PASSWORD, is_staff=True), "caseworker"
    )
    claim = services.claim_open(creditor=creditor, by=kim)
    page = sign_in(browser, live_server, "kim", bypass_csp=False, viewport={"width": 1280, "height": 900})
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.goto(f"{live_server.url}/cases/2013다61381/")

    # when they press "/" and type the claim's number
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "site-search"
    page.keyboard.type(claim.number)
    claim_link = page.locator(f'#site-search-results a[href="/claims/{creditor.pk}/"]')
    claim_link.wait_for()

    # and move down the results with the arrow key until the claim has the focus, then press Enter
    for _ in range(10):
        page.keyboard.press("ArrowDown")
        if page.evaluate("document.activeElement.getAttribute('href')") == f"/claims/{creditor.pk}/":
            break
    assert page.evaluate(FOCUSED)["visible"], "the result in focus shows no focus"
    page.keyboard.press("Enter")

    # then the claim file opens
    page.wait_for_url(f"{live_server.url}/claims/{creditor.pk}/")
    step = page.get_by_test_id("step-contact")

    # when they Tab to the contact step and open it with Enter
    unseen = tab_to(page, "[data-testid=step-contact] summary")
    page.keyboard.press("Enter")
    assert step.evaluate("details => details.open")

    # and Tab to each field, choosing the channel by typing its first letters (the menu's own
    # type-ahead) and typing the rest
    unseen += tab_to(page, "[data-testid=step-contact] [name=fact_channel]")
    page.keyboard.type("a te")  # from "a visit" to "a telephone call"
    assert step.locator("[name=fact_channel]").input_value() == "call"
    unseen += tab_to(page, "[data-testid=step-contact] [name=fact_contacted_on]")
    page.keyboard.press("Control+A")
    page.keyboard.type("2023-04-03")
    page.keyboard.press("Escape")  # a date box's calendar, if it opened, closes; the typed date stays
    unseen += tab_to(page, "[data-testid=step-contact] [name=fact_summary]")
    page.keyboard.type("called his daughter")
    unseen += tab_to(page, "[data-testid=step-contact] button[type=submit]")

    # and press Space on its button
    page.keyboard.press("Space")

    # then the contact is recorded as typed, the claim now contacted
    page.get_by_test_id("state").filter(has_text="contacted").wait_for()
    entry = ClaimEntry.objects.filter(claim=claim, event="contact").get()
    assert (entry.facts["channel"], entry.facts["contacted_on"], entry.facts["summary"]) == (
        "call",
        "2023-04-03",
        "called his daughter",
    )
    assert Claim.objects.get(pk=claim.pk).state == "contacted"
    # and every element the focus passed showed it, and the browser reported no error
    assert unseen == []
    assert errors == []
    page.context.close()


@pytest.mark.parametrize("locale", ["ko-KR", "en-US", "ja-JP"])
def test_every_portal_control_is_reached_by_tab_on_a_phone_at_200_percent_zoom(
    browser, live_server, nagoya, locale
):
    # given a 390 px phone at 200 % zoom: 195 CSS pixels across
    # (the policy set aside only so that the focus style can be read without transitions)
    context = browser.new_context(
        locale=locale, viewport={"width": 195, "height": 422}, is_mobile=True, bypass_csp=True
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/portal/")

    for name in ("lookup", "status"):
        if name == "status":
            open_claim(page, live_server, nagoya)
            page.get_by_test_id("number").wait_for()

        # when the family presses Tab from the top of the page until the focus comes round
        controls, reached, unseen = tab_through(page)

        # then every control took the focus, showing it, and the page never scrolled sideways
        assert len(controls) >= 2, name
        missed = [control for control in controls if control.split()[0] not in reached]
        assert missed == [], f"{locale} {name}: Tab never reaches {missed}"
        assert unseen == [], f"{locale} {name}: no visible focus on {unseen}"
        assert page.evaluate(OVERFLOW) == {"page": 0, "wide": []}, f"{locale} {name}"
        # and each control, scrolled to by the focus, lies within the screen's width
        outside = page.evaluate(
            """() => [...document.querySelectorAll("input:not([type=hidden]), select, button, a[href]")]
                .filter(el => el.checkVisibility())
                .map(el => [el.outerHTML.slice(0, 60), el.getBoundingClientRect()])
                .filter(([, box]) => box.left < 0 || box.right > document.documentElement.clientWidth + 1)
                .map(([what]) => what)"""
        )
        assert outside == [], f"{locale} {name}"
    context.close()


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
    assert issued[0] == NUMBER
    return issued[1]
