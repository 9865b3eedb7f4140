"""Date boxes in ISO form with a calendar (issue 17), in a real browser under the site's
Content-Security-Policy: a date typed in any year-month-day form, or picked from the calendar by
keyboard alone, shows as 2026-12-04 on a Korean and an English page, and the form sends it as such.
Chromium's own date box wrote it in the browser's locale (12/04/2026, 2026. 12. 04.)."""

import re
from urllib.parse import unquote

import pytest

from tests.e2e.browsing import screenshots_dir
from tests.support import grant

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a long passphrase 7"
CASE = "2013다61381"

# What each page calls things: the box's label, the calendar button, the dialog's title, the month
# the calendar shows for December 2026 (cally names it in <html lang>) and the button that submits.
PAGES = {
    "ko": ("기준일", "달력", "날짜 선택", "12월", "계산"),
    "en": ("Owed on", "Calendar", "Choose a date", "December", "Compute"),
}


# The text of the day button that has the focus, inside the calendar's shadow roots.
FOCUSED_DAY = """(() => {
    let element = document.activeElement;
    while (element && element.shadowRoot && element.shadowRoot.activeElement) {
        element = element.shadowRoot.activeElement;
    }
    return element && element.getAttribute("part")?.includes("day") ? element.textContent : null;
})()"""


@pytest.fixture
def caseworker(transactional_db, django_user_model):
    """A caseworker, and the one case 2013다61381 (the whole demonstration is slow to load)."""
    from django.db import transaction

    from amends.demo.judgments import _Names, _nippon_steel, _reference_data

    with transaction.atomic():
        _reference_data()
        _nippon_steel(_Names(1))
    user = django_user_model.objects.create_user(username="kim", password=PASSWORD, is_staff=True)
    return grant(user, "caseworker") or user


def case_page(browser, live_server, language):
    """The case page in ``language``, signed in, with the Content-Security-Policy in force (no
    bypass): anything it refuses is a console error, which fails the test."""
    context = browser.new_context(
        locale={"ko": "ko-KR", "en": "en-US"}[language], viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.goto(f"{live_server.url}/login/")
    page.locator("#id_username").fill("kim")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"^(?!.*/login/).*$"))
    page.goto(f"{live_server.url}/cases/{CASE}/")
    assert page.locator("html").get_attribute("lang") == language
    return context, page, errors


@pytest.mark.parametrize("language", ["ko", "en"])
def test_a_date_typed_or_picked_shows_and_is_sent_as_iso(browser, live_server, caseworker, language):
    label, calendar, title, december, compute = PAGES[language]
    context, page, errors = case_page(browser, live_server, language)

    # given the case page's "owed on" box: a text box asking for YYYY-MM-DD, not the browser's date box
    box = page.get_by_role("textbox", name=label, exact=True)
    assert box.get_attribute("type") == "text"
    assert box.get_attribute("placeholder") == "YYYY-MM-DD"

    # when the caseworker types the date as eight digits, as on a keypad, and leaves the box
    box.fill("")
    box.press_sequentially("20261204")
    box.press("Tab")
    # then it reads 2026-12-04, and the next stop is the calendar button
    assert box.input_value() == "2026-12-04"
    assert page.evaluate("document.activeElement.textContent") == calendar

    # and the form sends 2026-12-04, which the page shows back
    page.get_by_role("button", name=compute).click()
    page.wait_for_url(re.compile(r"on=2026-12-04"))
    assert page.get_by_role("textbox", name=label, exact=True).input_value() == "2026-12-04"
    assert page.get_by_role("heading", name=re.compile("2026-12-04")).count() >= 1

    # when they open the calendar from the keyboard on 2026-12-01
    box = page.get_by_role("textbox", name=label, exact=True)
    box.fill("2026-12-01")
    box.press("Tab")
    page.keyboard.press("Enter")
    # then a dialog in the page's language shows December 2026, focus on the 1st
    dialog = page.get_by_role("dialog", name=title)
    dialog.wait_for()
    assert (
        dialog.locator("calendar-select-month select").evaluate(
            "select => select.options[select.selectedIndex].label"
        )
        == december
    )
    assert dialog.locator("calendar-select-year select").input_value() == "2026"
    # when they move three days on with the arrow key and press Enter
    page.wait_for_function(f"() => ({FOCUSED_DAY}) === '1'")
    page.screenshot(path=str(screenshots_dir() / f"date-picker-{language}.png"))
    for day in ("2", "3", "4"):  # (each once the last has moved: a person is slower than this test)
        page.keyboard.press("ArrowRight")
        page.wait_for_function(f"() => ({FOCUSED_DAY}) === '{day}'")
    page.keyboard.press("Enter")
    # then the dialog closes, the box reads 2026-12-04 and has the focus back
    dialog.wait_for(state="hidden")
    assert box.input_value() == "2026-12-04"
    assert page.evaluate("document.activeElement.id") == box.get_attribute("id")

    # when they open it again and close it with Escape, nothing changes
    page.get_by_role("button", name=calendar).click()
    dialog.wait_for()
    page.keyboard.press("Escape")
    dialog.wait_for(state="hidden")
    assert box.input_value() == "2026-12-04"

    # and a day picked with the mouse in another month goes in as ISO too
    page.get_by_role("button", name=calendar).click()
    dialog.locator("calendar-select-month select").select_option("2")  # February
    dialog.locator("calendar-month").get_by_role("button", name=re.compile(r"(^|\D)14(\D|$)")).click()
    dialog.wait_for(state="hidden")
    assert box.input_value() == "2026-02-14"

    page.get_by_role("button", name=compute).click()
    page.wait_for_url(re.compile(r"on=2026-02-14"))
    assert "on=2026-02-14" in unquote(page.url)
    assert errors == [], f"the browser reported errors: {errors}"
    context.close()


def test_a_date_not_in_iso_form_is_refused_beside_its_field(browser, live_server, caseworker):
    context, page, errors = case_page(browser, live_server, "en")
    # given JavaScript's rewriting bypassed (a form sent as typed), the server reads ISO only
    page.goto(f"{live_server.url}/cases/{CASE}/?on=12/04/2026")
    box = page.get_by_role("textbox", name="Owed on", exact=True)
    assert box.get_attribute("aria-invalid") == "true"
    assert page.locator("#on-error").inner_text().startswith("Give the date as YYYY-MM-DD.")
    assert errors == [], f"the browser reported errors: {errors}"
    context.close()
