"""End-to-end tests: Debian's Chromium, driven by Playwright, against the live test server."""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("AMENDS_CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    assert os.path.exists(CHROMIUM), f"{CHROMIUM} is missing: `make test` installs Debian's chromium"
    # Playwright's synchronous API runs an event loop in this thread; the ORM calls the tests make
    # around it are synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def _clear_append_only_records_before_flush(transactional_db):
    # Set up after transactional_db, so torn down before its flush, which cannot delete audit events
    # nor posted journal entries.
    yield
    from tests.support import clear_append_only_records

    clear_append_only_records()


@pytest.fixture(autouse=True)
def _the_invariants_hold_after_each_walk(_clear_append_only_records_before_flush):
    # Torn down first: after everything a browser did, `amends check` finds the money where it should be.
    yield
    from django.core.management import call_command

    call_command("check", verbosity=0)


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    yield page
    context.close()
    assert errors == [], f"the browser reported errors: {errors}"
