"""A caseworker finds a case and reads what is owed, in a real browser."""

import pytest

from tests.support import grant

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a long passphrase 7"


@pytest.fixture
def logged_in(page, live_server, demo, django_user_model):
    user = django_user_model.objects.create_user(username="caseworker", password=PASSWORD, is_staff=True)
    grant(user, "caseworker")
    page.goto(f"{live_server.url}/")
    page.get_by_label("User name").fill("caseworker")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("heading", name="Cases", level=1).wait_for()
    return page


def test_search_as_you_type_then_read_what_is_owed_on_a_date(logged_in):
    page = logged_in
    # given the case list with the three 2018 judgments
    assert page.get_by_text("3 cases").is_visible()

    # when the caseworker presses "/" and types a defendant's Japanese name
    page.keyboard.press("/")
    page.keyboard.type("日本製鉄")

    # then the results narrow to the Nippon Steel case without a page load
    page.get_by_role("link", name="2013다67587").wait_for(state="detached")
    assert page.locator("#results tbody tr").count() == 1
    assert page.get_by_text("1 case · matching “日本製鉄”").is_visible()
    assert "q=" in page.url

    # when they open it and ask for 2018-11-01
    page.get_by_role("link", name="2013다61381").click()
    page.get_by_label("Owed on").fill("2018-11-01")
    page.get_by_role("button", name="Compute").click()

    # then each of the four victims' awards owes 107,452,054 won of delay damages, less the few won
    # that flooring each heir's part drops (1, 3, 3 and 4 creditors)
    page.get_by_role("heading", name="Awards, owed on 2018-11-01").wait_for()
    interest = page.locator("[data-testid=interest]").all_inner_texts()
    assert interest == ["107,452,054", "107,452,051", "107,452,053", "107,452,053"]

    # and the breakdown opens to show 5 whole years and 136 of 365 days
    page.get_by_text("Line-by-line breakdown").first.click()
    row = page.locator("details[open] tbody tr").first
    assert row.locator("td").all_inner_texts() == [
        "2013-06-19",
        "2018-11-01",
        "20 %",
        "100,000,000",
        "5",
        "136 / 365",
        "107,452,054",
    ]


def test_korean_is_the_default_and_english_can_be_chosen(browser, live_server, demo, django_user_model):
    grant(
        django_user_model.objects.create_user(username="caseworker", password=PASSWORD, is_staff=True),
        "caseworker",
    )
    context = browser.new_context(locale="ko-KR")
    page = context.new_page()
    page.goto(f"{live_server.url}/login/")
    page.locator("#id_username").fill("caseworker")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("button[type=submit]").click()

    page.get_by_role("heading", name="사건", level=1).wait_for()
    assert page.locator("html").get_attribute("lang") == "ko"

    page.get_by_label("언어").select_option("en")
    page.get_by_role("heading", name="Cases", level=1).wait_for()
    assert page.locator("html").get_attribute("lang") == "en"
    context.close()


def test_recording_a_death_shows_the_change_first_then_records_it(logged_in, live_server):
    from amends.judgments.models import Award

    page = logged_in
    award = next(a for a in Award.objects.filter(case__number="2013다67587") if a.creditors.count() == 5)
    child = award.creditors.filter(relation="child").first().person

    # given the Hiroshima case page, the caseworker follows a holder's name to their page
    page.goto(f"{live_server.url}/cases/2013다67587/")
    page.locator(f"#award-{award.pk} .holders").get_by_role("link", name=child.name_hangul).click()
    page.get_by_role("heading", name="Record a death").wait_for()

    # when they enter a date of death and ask what it changes
    death = page.get_by_role("region", name="Record a death")
    death.get_by_label("Date of death").fill("2025-01-05")
    death.get_by_role("button", name="Show what it changes").click()

    # then the award is listed with the child losing and the mother gaining, and nothing is written yet
    page.get_by_role("heading", name="What recording this death changes").wait_for()
    assert page.locator("[data-testid=change]").count() == 2
    child.refresh_from_db()
    assert child.death_date is None

    # when they confirm, the death is reported, and recorded once a legal reviewer confirms it (four
    # eyes, issue 15)
    page.get_by_role("region", name="Record a death").get_by_role("button", name="Confirm and report").click()
    page.get_by_text("is reported").wait_for()
    child.refresh_from_db()
    assert child.death_date is None
    from tests.registry.test_family import confirm_reported_death

    confirm_reported_death(child)
    child.refresh_from_db()
    assert str(child.death_date) == "2025-01-05"
