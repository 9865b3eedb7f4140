"""A creditor's claim over the API: the file, every step through the services, and refusals as JSON."""

import uuid

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from amends.api import services as api_services
from amends.audit.models import AuditEvent
from amends.judgments.models import Award
from amends.payments.models import Claim, Payment, PaymentProposal

pytestmark = pytest.mark.django_db

OWED_ON_2023_04_14 = 296_438_356  # 100,000,000 + 20 % a year from 2013-06-19: 9 years and 300/365
CONTACT = {"channel": "visit", "contacted_on": "2023-03-20", "summary": "explained the plan"}
DOCUMENTS = {
    "consent": "signed",
    "application_form": "received",
    "identity_document": "ID card",
    "bank_account_document": "passbook",
}
CHECKS = {"identity": "checked", "heirship": "victim himself", "bank_account": "checked"}


@pytest.fixture
def people(django_user_model):
    """Staff in the roles, each with a client that sends their own API token."""

    def make(name, *roles):
        user = django_user_model.objects.create_user(username=name, is_staff=True)
        user.groups.set(Group.objects.filter(name__in=roles))
        token = api_services.api_token_create(by=None, user=user, name="tests")
        return Client(HTTP_AUTHORIZATION=f"Bearer {token.secret}", HTTP_ACCEPT_LANGUAGE="en")

    return {
        "kim": make("kim", "caseworker"),
        "lee": make("lee", "legal_reviewer"),
        "park": make("park", "finance_officer"),
        "choi": make("choi", "finance_officer"),
        "jung": make("jung", "auditor"),
        "han": make("han", "caseworker", "finance_officer"),
    }


@pytest.fixture
def creditor(demo):
    """The living Nippon Steel victim's creditor: himself, share 1."""
    award = next(a for a in Award.objects.filter(case__number="2013다61381") if a.victim.death_date is None)
    return award.creditors.get()


def url(creditor, rest=""):
    return f"/api/creditors/{creditor.pk}/claim{rest}"


def post(client, path, body):
    return client.post(path, body, content_type="application/json")


def step(client, creditor, event, facts=None, **more):
    return post(client, url(creditor, "/events"), {"event": event, "facts": facts or {}, **more})


def verified(people, creditor):
    assert post(people["kim"], url(creditor, "/open"), {}).status_code == 200
    assert step(people["kim"], creditor, "contact", CONTACT).status_code == 200
    assert step(people["kim"], creditor, "apply", DOCUMENTS).status_code == 200
    assert step(people["lee"], creditor, "verify", CHECKS).status_code == 200


def test_the_payment_path_from_contact_to_payment_through_the_api(people, creditor):
    # given a verified claim, every step recorded over the API
    verified(people, creditor)

    # when the caseworker proposes the payment for 2023-04-14
    proposed = post(people["kim"], url(creditor, "/proposals"), {"planned_payment_date": "2023-04-14"})

    # then the amount is fixed as of that date
    assert proposed.status_code == 200
    body = proposed.json()
    assert body["entry"]["event"] == "propose_payment"
    assert body["entry"]["facts"]["amount"] == OWED_ON_2023_04_14
    assert body["claim"]["state"] == "payment_proposed"
    assert [
        (p["amount"], p["planned_on"], p["status"], p["prepared_by"]) for p in body["claim"]["proposals"]
    ] == [(296_438_356, "2023-04-14", "proposed", "kim")]

    # when another finance officer approves it and the bank confirms it
    approved = post(people["choi"], url(creditor, "/proposals/approve"), {"occurred_on": "2023-04-14"})
    confirmed = post(
        people["park"],
        url(creditor, "/proposals/confirm"),
        {"bank_confirmation": "KB-0001", "paid_on": "2023-04-14", "amount_paid": 296_438_356},
    )

    # then it is paid, once, for the amount approved
    assert approved.status_code == 200
    assert approved.json()["claim"]["proposals"][0]["approved_by"] == "choi"
    assert confirmed.status_code == 200
    file = people["jung"].get(url(creditor)).json()  # an auditor reads it
    assert file["opened"] is True
    assert file["state"] == "paid"
    assert file["owed"] == 0
    assert file["payment"]["amount"] == 296_438_356
    assert file["payment"]["paid_on"] == "2023-04-14"
    assert file["payment"]["bank_confirmation"] == "KB-0001"
    assert file["proposals"][0]["status"] == "paid"
    assert [(e["event"], e["from_state"], e["to_state"], e["by"]) for e in file["timeline"]] == [
        ("contact", "identified", "contacted", "kim"),
        ("apply", "contacted", "applied", "kim"),
        ("verify", "applied", "verified", "lee"),
        ("propose_payment", "verified", "payment_proposed", "kim"),
        ("approve_payment", "payment_proposed", "payment_approved", "choi"),
        ("confirm_payment", "payment_approved", "paid", "park"),
    ]
    assert [h["action"] for h in file["history"]] == [
        "claim.open",
        "claim.contact",
        "claim.apply",
        "claim.verify",
        "claim.propose_payment",
        "claim.approve_payment",
        "claim.confirm_payment",
    ]
    assert [s["event"] for s in file["allowed"]] == ["payment_returned", "receipt", "dispute", "hold"]
    assert Payment.objects.get(creditor=creditor).amount == 296_438_356


def test_a_file_not_yet_opened_stands_at_identified(people, creditor):
    # when
    response = people["jung"].get(url(creditor))

    # then
    assert response.status_code == 200
    file = response.json()
    assert (file["opened"], file["state"], file["flags"], file["timeline"], file["history"]) == (
        False,
        "identified",
        [],
        [],
        [],
    )
    assert file["creditor"]["id"] == creditor.pk
    assert file["creditor"]["case_number"] == "2013다61381"
    assert file["creditor"]["share"] == "1"
    contact = next(s for s in file["allowed"] if s["event"] == "contact")
    assert contact == {
        "event": "contact",
        "target": "contacted",
        "role": "caseworker",
        "four_eyes": False,
        "requires": ["channel", "contacted_on", "summary"],
    }
    assert not Claim.objects.filter(creditor=creditor).exists()


def test_an_unknown_creditor_is_404(people, demo):
    response = people["kim"].get("/api/creditors/999999/claim")
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "detail": "No creditor 999999."}
    assert post(people["kim"], "/api/creditors/999999/claim/open", {}).status_code == 404


def test_a_step_before_the_file_is_opened_is_404(people, creditor):
    response = step(people["kim"], creditor, "contact", CONTACT)
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_whoever_proposed_cannot_approve(people, creditor):
    # given a proposal by someone who is both caseworker and finance officer
    verified(people, creditor)
    post(people["han"], url(creditor, "/proposals"), {"planned_payment_date": "2023-04-14"})

    # when they approve it themselves, through either path
    alias = post(people["han"], url(creditor, "/proposals/approve"), {})
    event = step(people["han"], creditor, "approve_payment")

    # then
    for response in (alias, event):
        assert response.status_code == 403
        assert response.json()["code"] == "forbidden"
        assert "cannot" in response.json()["detail"]
    assert Claim.objects.get(creditor=creditor).state == "payment_proposed"


def test_an_auditor_records_nothing(people, creditor):
    # given
    post(people["kim"], url(creditor, "/open"), {})

    # when
    response = step(people["jung"], creditor, "contact", CONTACT)

    # then
    assert response.status_code == 403
    assert response.json() == {"code": "forbidden", "detail": "This needs the caseworker role."}
    assert Claim.objects.get(creditor=creditor).state == "identified"


def test_a_step_out_of_order_is_refused_naming_the_event(people, creditor):
    # given
    post(people["kim"], url(creditor, "/open"), {})

    # when
    early = step(people["kim"], creditor, "propose_payment", {"planned_payment_date": "2023-04-14"})
    unknown = step(people["kim"], creditor, "pay_everyone")

    # then
    assert early.status_code == 422
    assert early.json()["code"] == "invalid"
    assert early.json()["field"] == "event"
    assert "allowed now" in early.json()["detail"]
    assert unknown.status_code == 422
    assert unknown.json()["field"] == "event"
    assert unknown.json()["detail"] == "unknown event 'pay_everyone'"
    assert Claim.objects.get(creditor=creditor).state == "identified"
    assert not PaymentProposal.objects.exists()


def test_missing_facts_are_refused_naming_them(people, creditor):
    post(people["kim"], url(creditor, "/open"), {})
    response = step(people["kim"], creditor, "contact", {"channel": "visit"})
    assert response.status_code == 422
    assert response.json()["field"] == "facts"


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/events", "{not json", None),
        ("/events", [1, 2], None),
        ("/events", {"facts": {}}, "event"),
        ("/events", {"event": "contact", "facts": ["channel"]}, "facts"),
        ("/events", {"event": "contact", "facts": {"channel": 1.5}}, None),
        ("/events", {"event": "contact", "facts": {"channel": {"a": 1}}}, None),
        ("/events", {"event": "contact", "occurred_on": "2023-13-01"}, "occurred_on"),
        ("/events", {"event": "contact", "occurred_on": "20 March 2023"}, "occurred_on"),
        ("/events", {"event": "contact", "idempotency_key": "not-a-uuid"}, "idempotency_key"),
        ("/events", {"event": "contact", "bogus": 1}, "bogus"),
        ("/proposals", {"planned_payment_date": "2023-02-30"}, "planned_payment_date"),
        ("/proposals", {"planned_payment_date": "2023-04-14", "amount": 1}, "amount"),
        (
            "/proposals/confirm",
            {"bank_confirmation": "KB", "paid_on": "2023-04-14", "amount_paid": "lots"},
            "amount_paid",
        ),
        (
            "/proposals/confirm",
            {"bank_confirmation": "KB", "paid_on": "2023-04-14", "amount_paid": 1.5},
            "amount_paid",
        ),
    ],
)
def test_a_malformed_body_is_422_not_500(people, creditor, path, body, field):
    # given an opened file
    post(people["kim"], url(creditor, "/open"), {})

    # when
    if isinstance(body, str):
        response = people["kim"].post(url(creditor, path), body, content_type="application/json")
    else:
        response = post(people["kim"], url(creditor, path), body)

    # then
    assert response.status_code == 422, response.content
    assert response.json()["code"] == "invalid"
    if field is not None:
        assert response.json()["field"] == field
    assert Claim.objects.get(creditor=creditor).state == "identified"


def test_a_service_refusal_of_a_fact_names_the_body_field(people, creditor):
    # given a verified claim
    verified(people, creditor)

    # when the proposal comes with a date that is not a date
    response = step(people["kim"], creditor, "propose_payment", {"planned_payment_date": "soon"})

    # then
    assert response.status_code == 422
    assert response.json() == {
        "code": "invalid",
        "field": "facts.planned_payment_date",
        "detail": "Give the date as YYYY-MM-DD.",
    }


def test_the_same_idempotency_key_twice_records_one_proposal(people, creditor):
    # given
    verified(people, creditor)
    key = str(uuid.uuid4())
    body = {"planned_payment_date": "2023-04-14", "idempotency_key": key}

    # when the proposal is sent twice
    first = post(people["kim"], url(creditor, "/proposals"), body)
    again = post(people["kim"], url(creditor, "/proposals"), body)

    # then
    assert (first.status_code, again.status_code) == (200, 200)
    assert again.json()["entry"]["id"] == first.json()["entry"]["id"]
    assert PaymentProposal.objects.filter(claim__creditor=creditor).count() == 1
    assert [p["amount"] for p in again.json()["claim"]["proposals"]] == [296_438_356]
    # and the key cannot be reused for another step
    reused = step(people["choi"], creditor, "approve_payment", idempotency_key=key)
    assert reused.status_code == 422
    assert reused.json()["field"] == "idempotency_key"


def test_the_audit_chain_verifies(people, creditor):
    # given some steps
    verified(people, creditor)

    # when
    response = people["jung"].get("/api/audit/verify")

    # then
    assert response.status_code == 200
    assert response.json() == {
        "ok": True,
        "checked": AuditEvent.objects.count(),
        "first_bad_sequence": None,
        "reason": "",
    }


def test_the_lifecycle_is_published(people, demo):
    # when
    rows = people["jung"].get("/api/lifecycle").json()

    # then
    approve = [row for row in rows if row["event"] == "approve_payment"]
    assert [(row["from"], row["to"], row["needs_role"], row["four_eyes"]) for row in approve] == [
        ("payment_proposed", "payment_approved", "finance_officer", True)
    ]
    assert approve[0]["prepared_by"] == ["propose_payment"]


def test_a_session_post_needs_the_csrf_token(creditor, django_user_model):
    # given a signed-in caseworker whose browser does not send the CSRF token
    user = django_user_model.objects.create_user(username="kim", is_staff=True)
    user.groups.set(Group.objects.filter(name="caseworker"))
    browser = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
    browser.force_login(user)

    # when
    response = post(browser, url(creditor, "/open"), {})

    # then
    assert response.status_code == 403
    assert response.json()["code"] == "csrf"
    assert not Claim.objects.filter(creditor=creditor).exists()
    # while reading needs none
    assert browser.get(url(creditor)).status_code == 200


def test_without_authentication_it_is_401(anonymous, creditor):
    assert anonymous.get(url(creditor)).status_code == 401
    assert post(anonymous, url(creditor, "/open"), {}).status_code == 401


def test_the_openapi_document_lists_the_claim_paths(anonymous):
    paths = anonymous.get("/api/openapi.json").json()["paths"]
    assert {
        "/api/creditors/{creditor_id}/claim",
        "/api/creditors/{creditor_id}/claim/open",
        "/api/creditors/{creditor_id}/claim/events",
        "/api/creditors/{creditor_id}/claim/proposals",
        "/api/creditors/{creditor_id}/claim/proposals/approve",
        "/api/creditors/{creditor_id}/claim/proposals/confirm",
        "/api/lifecycle",
        "/api/audit/verify",
    } <= set(paths)
    assert "post" in paths["/api/creditors/{creditor_id}/claim/events"]


@pytest.fixture
def demo(shared_demo):
    """The demonstration, loaded once for this module: each test's writes are rolled back."""
