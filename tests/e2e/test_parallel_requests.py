"""Requests that arrive together at the test server each get their answer (issue 17). A browser asks
for a page's assets at once, each read through the session; on SQLite each of the test server's
threads must then have a connection of its own (tests/conftest.py gives the test database a file),
where an in-memory database's one shared connection failed them ("bad parameter or other API misuse",
"DatabaseWrapper objects created in a thread can only be used in that same thread")."""

import pytest

from tests.e2e.browsing import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a long passphrase 7"
PAGES = ["/cases/", "/api/docs", "/claims/dashboard/", "/fund/ledger/", "/search/?q=kim"]


def test_sixty_requests_at_once_through_the_session_all_succeed(browser, live_server, django_user_model):
    # given a superuser signed in
    django_user_model.objects.create_superuser(username="staff", password=PASSWORD)
    page = sign_in(browser, live_server, "staff", bypass_csp=False)

    # when their browser asks for sixty pages at once, each read through their session
    statuses = page.evaluate(
        """async pages => {
            const answers = await Promise.all(Array.from({length: 60},
                (_, index) => fetch(pages[index % pages.length], {credentials: "same-origin"})));
            return answers.map(answer => `${answer.status} ${new URL(answer.url).pathname}`);
        }""",
        PAGES,
    )

    # then every one is answered, none with a server error
    assert [status for status in statuses if not status.startswith("200 ")] == []
    page.context.close()
