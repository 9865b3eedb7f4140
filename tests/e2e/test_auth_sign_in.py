"""Signing in with the second factor, in a real browser, under the site's Content-Security-Policy:
the password, the QR code and its key, the first code; then pages that use htmx, the language menu and
the API's docs work with no script or style refused (the page fixture fails on any console error)."""

import time
from base64 import b32decode

import pytest
from django_otp.oath import totp

from tests.support import grant

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a long passphrase 7"


def code_for(key: str) -> str:
    """What an authenticator app shows for a key typed in by hand."""
    return f"{totp(b32decode(key.replace(' ', '')), step=30, t0=0, digits=6, drift=0):06d}"


def test_enrol_an_app_then_use_the_pages(page, live_server, settings, django_user_model):
    settings.AMENDS_REQUIRE_2FA = True
    grant(
        django_user_model.objects.create_user(username="kim", password=PASSWORD, is_staff=True), "caseworker"
    )

    # given kim opens a case list and is asked to sign in
    page.goto(f"{live_server.url}/cases/")
    page.get_by_label("User name").fill("kim")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    # then, having no app yet, they are shown a QR code and its key
    page.get_by_role("heading", name="Set up your authenticator app").wait_for()
    assert page.get_by_test_id("qr-code").locator("svg").is_visible()
    key = page.get_by_test_id("totp-key").inner_text()

    # when they enter the code their app shows for it
    page.get_by_label("Code from your authenticator app").fill(code_for(key))
    page.get_by_role("button", name="Confirm and sign in").click()

    # then they are on the case list, signed in
    page.get_by_role("heading", name="Cases", level=1).wait_for()
    assert page.url == f"{live_server.url}/cases/"

    # and searching as they type (htmx) works under the policy
    page.keyboard.press("/")
    page.keyboard.type("日本製鉄")
    page.wait_for_url("**/cases/?q=*")

    # and the language menu sends its form by script from amends.js
    page.get_by_label("Language").select_option("ko")
    page.get_by_role("heading", name="사건", level=1).wait_for()

    # and the API's docs draw their page (its assets, each read through the session, arrive at once:
    # on SQLite too, the test database being a file with a connection per thread, tests/conftest.py)
    page.goto(f"{live_server.url}/api/docs")
    page.locator(".swagger-ui .info").wait_for()
    time.sleep(0.5)  # let Swagger UI finish drawing: a refused style would show as a console error
