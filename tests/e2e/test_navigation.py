"""A caseworker's navigation and a forbidden page, in a real browser (issue 17): the links are the
caseworker's, and a page they may not open answers with the site's own 403, naming the roles it needs,
with the navigation to go on from."""

import pytest

from tests.support import grant

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a long passphrase 7"


def test_a_caseworker_sees_their_links_and_a_styled_403_with_the_navigation(
    browser, live_server, django_user_model
):
    # given a caseworker signed in
    grant(
        django_user_model.objects.create_user(username="kim", password=PASSWORD, is_staff=True), "caseworker"
    )
    # (a context of our own: Chromium logs a 403 document as a console error, which the shared page
    # fixture counts as a failure)
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    script_errors = []
    page.on("pageerror", lambda error: script_errors.append(str(error)))
    try:
        page.goto(f"{live_server.url}/login/")
        page.get_by_label("User name").fill("kim")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.get_by_role("heading", name="Cases", level=1).wait_for()

        # then the navigation offers what a caseworker may open, and not the dashboard nor the fund
        nav = page.get_by_role("navigation", name="Main")
        links = nav.get_by_role("link").all_inner_texts()
        assert links == ["amends", "Cases", "Record linkage", "Applications", "Consultations", "Admin"]

        # when they type the dashboard's address
        response = page.goto(f"{live_server.url}/claims/dashboard/")

        # then the site's own 403: styled, saying which roles open it, with the navigation
        assert response.status == 403
        page.get_by_role("heading", name="Not allowed", level=1).wait_for()
        assert page.get_by_test_id("roles-needed").inner_text() == (
            "It needs one of these roles: executive, auditor, approver."
        )
        assert page.get_by_role("navigation", name="Main").get_by_role("link").all_inner_texts() == links
        width = page.locator("main").evaluate("element => getComputedStyle(element).maxWidth")
        assert width != "none"  # the site's stylesheet is applied (Pico's container)

        # and the navigation takes them on
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Record linkage").click()
        page.get_by_role("heading", level=1).first.wait_for()
        assert page.url.endswith("/rosters/")
        assert script_errors == []
    finally:
        context.close()
