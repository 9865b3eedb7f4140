"""A programme application from accepted match to refusal, in a real browser under the site's
Content-Security-Policy (issue 16): the caseworker links and proposes, another legal reviewer refuses,
and the page shows the objection's deadline."""

from datetime import timedelta

import pytest

from amends.core.clock import today
from amends.rosters.models import Application, CandidatePair, ImportBatch, LinkageRun, RosterEntry
from tests.e2e.browsing import PASSWORD, axe_violations, sign_in
from tests.support import grant

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def accepted(django_user_model):
    batch = ImportBatch.objects.create(kind="roster", file_name="r.csv", rows=1)
    entry = RosterEntry.objects.create(
        ref="R1", name_japanese="金田 正雄", source_name="Mitsubishi", batch=batch
    )
    application = Application.objects.create(
        ref="A1", name_hangul="김정웅", birth_date="1920-03-05", batch=batch
    )
    run = LinkageRun.objects.create(threshold=0.5, status=LinkageRun.Status.DONE, progress=100)
    pair = CandidatePair.objects.create(
        run=run, application=application, roster_entry=entry, probability=0.97, match_weight=12.3
    )
    for name, role in (("caseworker", "caseworker"), ("reviewer", "legal_reviewer")):
        grant(django_user_model.objects.create_user(username=name, password=PASSWORD, is_staff=True), role)
    caseworker = django_user_model.objects.get(username="caseworker")
    pair.decisions.create(application_ref="A1", roster_ref="R1", verdict="accept", decided_by=caseworker)
    return application


def test_a_caseworker_links_and_proposes_and_another_reviewer_refuses(browser, live_server, accepted):
    # given the caseworker on the list of application files, under the site's CSP
    errors = []
    page = sign_in(browser, live_server, "caseworker", bypass_csp=False)
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.goto(f"{live_server.url}/applications/")

    # when they open the accepted application, link it to a new person and propose it not eligible
    page.get_by_role("link", name="A1").click()
    page.get_by_role("button", name="link to a person").click()
    page.get_by_label("Proposal").select_option("refused")
    page.get_by_label("Reasons").fill("Not on the roster's dates.")
    page.get_by_role("button", name="propose eligibility").click()

    # then the file awaits a legal reviewer, and the caseworker has no form to decide it
    assert page.get_by_test_id("application-state").inner_text() == "eligibility proposed"
    assert page.get_by_test_id("form-refuse").count() == 0

    # when a legal reviewer refuses it with reasons
    reviewer = sign_in(browser, live_server, "reviewer", bypass_csp=False)
    reviewer.on("console", lambda message: message.type == "error" and errors.append(message.text))
    reviewer.goto(f"{live_server.url}/applications/{accepted.pk}/")
    reviewer.get_by_test_id("form-refuse").get_by_label("Reasons").fill("No record of mobilisation.")
    reviewer.get_by_role("button", name="refuse").click()

    # then the page shows the refusal and the last day to object
    assert reviewer.get_by_test_id("application-state").inner_text() == "refused"
    assert (
        reviewer.get_by_test_id("objection-deadline").inner_text()
        == (today() + timedelta(days=30)).isoformat()
    )
    assert errors == []


def test_the_application_pages_pass_axe(browser, live_server, accepted):
    # given a caseworker (axe is let in past the CSP)
    page = sign_in(browser, live_server, "caseworker")

    # when they open the list and the application's page, then axe finds nothing serious
    for path in ("/applications/", f"/applications/{accepted.pk}/"):
        page.goto(f"{live_server.url}{path}")
        assert axe_violations(page) == [], path
