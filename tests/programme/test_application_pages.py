"""The application files' pages (issue 16): each step is a form shown only to the role that may submit
it, the proposer sees no form to decide their own proposal, refusals come back on the page, and only
caseworkers, legal reviewers and auditors open the pages."""

import pytest
from django.urls import reverse

from amends.programme import services
from amends.programme.models import ApplicationFile
from tests.support import grant

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_pages(client):
    # Korean is the default; these assertions read the English pages.
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def _page(client, user, pair):
    client.force_login(user)
    response = client.get(reverse("applications:application_detail", args=[pair.application_id]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_caseworker_links_an_accepted_application_from_its_page(client, people, pair):
    # given an application whose pair a caseworker accepted in the review queue
    pair.decisions.create(
        application_ref="A1", roster_ref="R1", verdict="accept", decided_by=people["caseworker"]
    )
    client.force_login(people["caseworker"])

    # then it is listed as awaiting its link
    listing = client.get(reverse("applications:file_list")).content.decode()
    assert 'data-testid="awaiting-link"' in listing and "A1" in listing

    # and its page offers the caseworker the link, not the reviewer
    assert 'data-testid="form-link"' in _page(client, people["caseworker"], pair)
    reviewer_page = _page(client, people["reviewer"], pair)
    assert 'data-testid="form-link"' not in reviewer_page
    assert "Recorded by someone with the caseworker role." in reviewer_page

    # when the caseworker links it to a new person
    client.force_login(people["caseworker"])
    response = client.post(
        reverse("applications:application_step", args=[pair.application_id]), {"step": "link", "person": ""}
    )

    # then the file is linked, to the accepted pair, and the page says so
    assert response.status_code == 302
    file = ApplicationFile.objects.get()
    assert (file.state, file.pair, file.person.name_hangul) == ("linked", pair, "김정웅")
    page = _page(client, people["caseworker"], pair)
    assert "linked to a person" in page and 'data-testid="form-propose"' in page


def test_the_decision_s_forms_are_shown_to_another_legal_reviewer_only(client, people, pair):
    # given a proposal by someone who is caseworker and legal reviewer
    file = services.pair_accept(pair=pair, by=people["caseworker"])
    services.eligibility_propose(file=file, proposal="eligible", reasons="on the roster", by=people["both"])

    # then another reviewer sees the forms to decide, the proposer and a caseworker do not
    reviewer = _page(client, people["reviewer"], pair)
    assert 'data-testid="form-approve"' in reviewer and 'data-testid="form-refuse"' in reviewer
    proposer = _page(client, people["both"], pair)
    assert 'data-testid="form-approve"' not in proposer
    assert "Four eyes: someone other than you decides this." in proposer
    caseworker = _page(client, people["caseworker"], pair)
    assert 'data-testid="form-refuse"' not in caseworker
    assert "Recorded by someone with the legal reviewer role." in caseworker


def test_a_refusal_without_reasons_comes_back_on_the_page(client, people, pair):
    # given a proposal
    file = services.pair_accept(pair=pair, by=people["caseworker"])
    services.eligibility_propose(file=file, proposal="refused", reasons="no roster", by=people["caseworker"])
    client.force_login(people["reviewer"])

    # when the reviewer refuses without reasons
    response = client.post(
        reverse("applications:application_step", args=[pair.application_id]),
        {"step": "refuse", "reasons": ""},
        follow=True,
    )

    # then the page says why and the proposal stands
    assert "reasons: Give the reasons." in response.content.decode()
    file.refresh_from_db()
    assert file.state == "eligibility_proposed"


def test_a_refused_file_shows_its_objection_deadline_and_the_objection_form_to_a_caseworker(
    client, people, pair
):
    # given a refusal today
    file = services.pair_accept(pair=pair, by=people["caseworker"])
    file = services.eligibility_propose(
        file=file, proposal="refused", reasons="no roster", by=people["caseworker"]
    )
    file = services.eligibility_decide(file=file, eligible=False, reasons="no roster", by=people["reviewer"])

    # then the page shows the deadline, and the objection form to a caseworker only
    page = _page(client, people["caseworker"], pair)
    assert f'data-testid="objection-deadline">{services.objection_deadline(file).isoformat()}<' in page
    assert 'data-testid="form-object"' in page
    assert 'data-testid="form-object"' not in _page(client, people["reviewer2"], pair)


def test_a_flag_is_shown_with_its_clearing_form_to_a_legal_reviewer(client, people, pair):
    # given a flagged application's file
    from amends.rosters.models import Application

    other = Application.objects.create(ref="A0", name_hangul="김정웅", batch=pair.application.batch)
    Application.objects.filter(pk=pair.application_id).update(duplicate_of=other)
    services.pair_accept(pair=pair, by=people["caseworker"])

    # then both see the flag and that it blocks; only the reviewer gets the form to clear it
    reviewer = _page(client, people["reviewer"], pair)
    assert "No decision until a legal reviewer clears the flag." in reviewer
    assert 'data-testid="form-clear_flag"' in reviewer
    assert 'data-testid="form-clear_flag"' not in _page(client, people["caseworker"], pair)


def test_an_auditor_reads_the_file_but_records_nothing(client, people, pair, django_user_model):
    # given a linked file
    services.pair_accept(pair=pair, by=people["caseworker"])

    # then an auditor sees the page without a form, and a write from them is a 403
    page = _page(client, people["auditor"], pair)
    assert "<form" not in page.split('id="steps-heading"')[1]
    response = client.post(
        reverse("applications:application_step", args=[pair.application_id]),
        {"step": "propose", "proposal": "eligible", "reasons": "x"},
    )
    assert response.status_code == 403

    # and a finance officer may not open the pages
    finance = django_user_model.objects.create_user(username="finance")
    grant(finance, "finance_officer")
    client.force_login(finance)
    assert client.get(reverse("applications:file_list")).status_code == 403
    assert (
        client.get(reverse("applications:application_detail", args=[pair.application_id])).status_code == 403
    )
