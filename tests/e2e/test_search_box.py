"""The search box in every staff page's header, in a real browser under the Content-Security-Policy
(issue 17): "/" focuses it from any page, results come as one types, the arrow keys and Enter open one,
and Enter in the box opens the results page."""

import re

import pytest

from amends.registry.models import Person
from tests.support import grant

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a long passphrase 7"


@pytest.fixture
def executive(page, live_server, demo, django_user_model):
    """An executive and caseworker signed in (the suite turns the second factor off), on the dashboard."""
    user = django_user_model.objects.create_user(username="park", password=PASSWORD, is_staff=True)
    grant(user, "executive", "caseworker")
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("User name").fill("park")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("heading", name="Cases", level=1).wait_for()
    page.goto(f"{live_server.url}/claims/dashboard/")
    return page


def test_slash_then_type_then_arrow_down_and_enter_opens_the_person(executive, live_server):
    page = executive
    lee = Person.objects.get(name_hangul="이민철")

    # when, on the dashboard, they press "/" and type a romanisation of 이민철's name
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "site-search"
    page.keyboard.type("Yi Min-chol")

    # then he appears under the box as they type, among the people
    results = page.locator("#site-search-results")
    person_link = results.locator(f'a[href="/people/{lee.pk}/"]')
    person_link.wait_for()
    assert results.get_by_role("heading", name="People").is_visible()

    # when they press the down arrow, then Enter
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.getAttribute('href')") == f"/people/{lee.pk}/"
    page.keyboard.press("Enter")

    # then his page opens
    page.wait_for_url(f"{live_server.url}/people/{lee.pk}/")
    assert "이민철" in page.get_by_role("heading", level=1).inner_text()


def test_escape_closes_the_results_and_enter_opens_the_results_page(executive, live_server):
    page = executive

    # given results under the box for a case number typed with spaces
    page.keyboard.press("/")
    page.keyboard.type("2013 다 61381")
    results = page.locator("#site-search-results")
    results.get_by_role("link", name="2013다61381").wait_for()

    # when they press Escape
    page.keyboard.press("Escape")

    # then the results close and the box keeps the focus
    results.get_by_role("link", name="2013다61381").wait_for(state="detached")
    assert page.evaluate("document.activeElement.id") == "site-search"

    # when they press Enter
    page.keyboard.press("Enter")

    # then the results page lists the case
    page.wait_for_url(re.compile(r".*/search/\?q=2013"))
    page.get_by_role("heading", name="Search", level=1).wait_for()
    assert page.locator("main").get_by_role("link", name="2013다61381").is_visible()
