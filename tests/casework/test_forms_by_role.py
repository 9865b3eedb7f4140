"""Forms only for who may submit them, and nothing typed lost when a submission is refused (issue 17):
an auditor sees no death form, a caseworker sees the steps another role records without a form, and a
refused step comes back open with what was entered."""

import re
from html import unescape

import pytest
from django.urls import reverse

from amends.judgments.models import Award
from amends.payments import services as payments_services
from amends.payments.models import Claim
from tests.support import grant

pytestmark = pytest.mark.django_db


def living_creditor():
    award = next(a for a in Award.objects.filter(case__number="2013다61381") if a.victim.death_date is None)
    return award.creditors.get()


def as_role(client, django_user_model, role):
    user = django_user_model.objects.create_user(username=f"user-{role}", is_staff=True)
    grant(user, role)
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return user


def post_forms(html: str) -> list[str]:
    """Where each form on the page that writes posts to, but the language and log-out forms."""
    actions = re.findall(r'<form method="post" action="([^"]*)"', html)
    return [action for action in actions if action not in (reverse("set_language"), reverse("logout"))]


def test_an_auditor_sees_no_death_form_and_no_form_on_the_claim(client, demo, django_user_model):
    # given an auditor, and a claim file opened by a caseworker
    creditor = living_creditor()
    caseworker = django_user_model.objects.create_user(username="kim", is_staff=True)
    payments_services.claim_open(creditor=creditor, by=grant(caseworker, "caseworker"))
    as_role(client, django_user_model, "auditor")

    # when they read the person and the claim
    person = client.get(reverse("people:person_detail", args=[creditor.person_id]))
    claim = client.get(reverse("claims:claim_detail", args=[creditor.pk]))

    # then both pages open, with nothing to fill in
    assert person.status_code == claim.status_code == 200
    assert "Record a death" not in person.content.decode()
    assert post_forms(person.content.decode()) == []
    html = claim.content.decode()
    assert post_forms(html) == []
    # and the next step is shown with the role that records it
    assert 'data-testid="step-contact"' in html
    assert "Recorded by someone with the caseworker role." in html


def test_a_caseworker_sees_the_death_form(client, demo, django_user_model):
    # given
    creditor = living_creditor()
    as_role(client, django_user_model, "caseworker")

    # when
    html = client.get(reverse("people:person_detail", args=[creditor.person_id])).content.decode()

    # then
    assert "Record a death" in html
    assert reverse("people:person_record_death", args=[creditor.person_id]) in post_forms(html)


def test_the_payment_from_elsewhere_form_is_the_finance_officer_s(client, demo, django_user_model):
    # given the case of the living creditor
    award = living_creditor().award
    action = reverse("claims:external_payment_create", args=[award.pk])
    url = reverse("cases:case_detail", args=["2013다61381"])

    # when a caseworker, then a finance officer, reads it
    as_role(client, django_user_model, "caseworker")
    caseworker = client.get(url).content.decode()
    as_role(client, django_user_model, "finance_officer")
    officer = client.get(url).content.decode()

    # then only the finance officer is offered the form
    assert action not in post_forms(caseworker)
    assert action in post_forms(officer)


def test_a_refused_step_comes_back_open_with_what_was_entered(client, demo, django_user_model):
    # given a claim file a caseworker opened
    creditor = living_creditor()
    kim = as_role(client, django_user_model, "caseworker")
    payments_services.claim_open(creditor=creditor, by=kim)

    # when they record the contact without its date
    response = client.post(
        reverse("claims:claim_record", args=[creditor.pk]),
        {"event": "contact", "fact_channel": "visit", "fact_contacted_on": "", "fact_summary": "met at home"},
    )

    # then nothing is recorded, the page says why, and the step is open with what they typed
    assert response.status_code == 400
    assert Claim.objects.get(creditor=creditor).state == "identified"
    html = unescape(response.content.decode())
    assert 'class="message error"' in html
    assert "contacted on" in html
    assert '<details open data-testid="step-contact">' in html
    # (the channel is a choice since the steps became typed forms: the one typed stays chosen)
    assert '<option value="visit" selected>' in html
    assert 'name="fact_summary" type="text" value="met at home"' in html


def test_a_step_refused_for_the_role_keeps_the_input_and_says_so(client, demo, django_user_model):
    # given a claim a caseworker opened, and a legal reviewer who posts the contact (not theirs)
    creditor = living_creditor()
    kim = django_user_model.objects.create_user(username="kim", is_staff=True)
    payments_services.claim_open(creditor=creditor, by=grant(kim, "caseworker"))
    as_role(client, django_user_model, "legal_reviewer")

    # when
    response = client.post(
        reverse("claims:claim_record", args=[creditor.pk]),
        {"event": "contact", "fact_channel": "call", "fact_contacted_on": "2023-03-20", "fact_summary": "x"},
    )

    # then 403 on the claim's own page, naming the role, and nothing recorded
    assert response.status_code == 403
    assert Claim.objects.get(creditor=creditor).state == "identified"
    html = unescape(response.content.decode())
    assert "This needs the caseworker role." in html
    assert '<details open data-testid="step-contact">' in html


@pytest.fixture
def demo(shared_demo):
    """The demonstration, loaded once for this module: each test's writes are rolled back."""
