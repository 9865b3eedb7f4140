"""The permission matrix on the API: every role against every endpoint, with tokens.

Reads are open to every staff member (an auditor reads everything); each write is refused to every
role but the one the service allows, with 403 and a JSON reason, and changes nothing.
"""

import pytest
from django.test import Client

from amends.api import services as api_services
from amends.judgments.models import Award
from amends.outreach.models import ConsultationEvent
from amends.payments import services as payments_services
from amends.payments.models import Claim
from tests.support import grant

pytestmark = pytest.mark.django_db

ROLES = ["caseworker", "legal_reviewer", "finance_officer", "approver", "auditor", "executive", None]


def client_for(django_user_model, role):
    user = django_user_model.objects.create_user(username=f"api-{role}", is_staff=True)
    if role:
        grant(user, role)
    token = api_services.api_token_create(by=None, user=user, name="matrix")
    return Client(HTTP_AUTHORIZATION=f"Bearer {token.secret}", HTTP_ACCEPT_LANGUAGE="en")


def test_every_role_reads_every_endpoint(demo, django_user_model):
    award = next(a for a in Award.objects.filter(case__number="2013다61381") if a.victim.death_date is None)
    creditor = award.creditors.get()
    urls = [
        "/api/cases",
        "/api/cases/2013다61381",
        f"/api/awards/{award.pk}?on=2018-11-01",
        "/api/defendants/totals",
        f"/api/people/{creditor.person_id}",
        f"/api/creditors/{creditor.pk}/claim",
        "/api/lifecycle",
        "/api/audit/verify",
        "/api/timeline?kind=ruling&year=2018",
        f"/api/consultations/{ConsultationEvent.objects.first().pk}",
    ]
    for role in ROLES:
        client = client_for(django_user_model, role)
        for url in urls:
            assert client.get(url).status_code == 200, (role, url)
    for url in urls:
        assert Client().get(url).status_code == 401, url


def test_each_write_endpoint_is_allowed_to_its_role_only(demo, django_user_model):
    award = next(a for a in Award.objects.filter(case__number="2013다61381") if a.victim.death_date is None)
    creditor = award.creditors.get()
    clients = {role: client_for(django_user_model, role) for role in ROLES}
    contact = {
        "event": "contact",
        "facts": {"channel": "call", "contacted_on": "2023-03-20", "summary": "called"},
    }
    steps = [
        ("caseworker", f"/api/creditors/{creditor.pk}/claim/open", {}),
        ("caseworker", f"/api/creditors/{creditor.pk}/claim/events", contact),
    ]
    for allowed, url, body in steps:
        for role in ROLES:
            if role == allowed:
                continue
            response = clients[role].post(url, body, content_type="application/json")
            assert response.status_code == 403, (role, url, response.content)
            assert response.json()["code"] == "forbidden"
        response = clients[allowed].post(url, body, content_type="application/json")
        assert response.status_code == 200, response.content
    assert Claim.objects.get(creditor=creditor).state == "contacted"


def test_approval_is_refused_to_everyone_but_another_finance_officer(demo, django_user_model):
    award = next(a for a in Award.objects.filter(case__number="2013다61381") if a.victim.death_date is None)
    creditor = award.creditors.get()
    clients = {role: client_for(django_user_model, role) for role in ROLES}
    kim = grant(django_user_model.objects.create_user(username="kim"), "caseworker")
    lee = grant(django_user_model.objects.create_user(username="lee"), "legal_reviewer")
    claim = payments_services.claim_open(creditor=creditor, by=kim)
    for event, by, facts in (
        ("contact", kim, {"channel": "visit", "contacted_on": "2023-03-20", "summary": "visited"}),
        (
            "apply",
            kim,
            {"consent": "y", "application_form": "y", "identity_document": "y", "bank_account_document": "y"},
        ),
        ("verify", lee, {"identity": "ok", "heirship": "ok", "bank_account": "ok"}),
        ("propose_payment", kim, {"planned_payment_date": "2023-04-14"}),
    ):
        payments_services.claim_record(claim=claim, event=event, by=by, facts=facts)
    url = f"/api/creditors/{creditor.pk}/claim/proposals/approve"
    for role in [r for r in ROLES if r != "finance_officer"]:
        assert clients[role].post(url, {}, content_type="application/json").status_code == 403, role
    assert clients["finance_officer"].post(url, {}, content_type="application/json").status_code == 200
    claim.refresh_from_db()
    assert claim.state == "payment_approved"


@pytest.fixture
def demo(shared_demo):
    """The demonstration, loaded once for this module: each test's writes are rolled back."""
