"""Who may call the API: an active staff member, by token or by session; nobody else."""

import json

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from amends.api import services
from amends.api.models import ApiToken

pytestmark = pytest.mark.django_db

CASES = "/api/cases"
INTEREST = "/api/calc/interest"
DOCUMENT = {
    "principal": 1000000,
    "accruals": [{"from": "2020-01-01", "rate": "0.05"}],
    "until": "2020-12-31",
    "method": "period",
    "rounding": "floor",
}


def post_json(client: Client, path: str, document: dict, **extra):
    return client.post(path, json.dumps(document), content_type="application/json", **extra)


def test_without_credentials_every_endpoint_answers_401(anonymous):
    # when
    responses = [
        anonymous.get(CASES),
        anonymous.get("/api/cases/2013다61381"),
        anonymous.get("/api/awards/1"),
        anonymous.get("/api/defendants/totals"),
        anonymous.get("/api/people/1"),
        post_json(anonymous, INTEREST, DOCUMENT),
        post_json(anonymous, "/api/calc/shares", {}),
    ]

    # then
    assert [response.status_code for response in responses] == [401] * len(responses)
    assert responses[0].json()["code"] == "unauthenticated"
    assert responses[0]["WWW-Authenticate"].startswith("Bearer")


def test_a_wrong_token_is_401(token):
    # given
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token.secret}x")

    # when
    response = client.get(CASES)

    # then
    assert response.status_code == 401


def test_a_revoked_token_is_401(token, bearer):
    # given
    assert bearer.get(CASES).status_code == 200
    services.api_token_revoke(by=None, token=token.token)

    # when
    response = bearer.get(CASES)

    # then
    assert response.status_code == 401


def test_a_token_works_and_its_use_is_recorded(token, bearer):
    # when
    response = bearer.get(CASES)

    # then
    assert response.status_code == 200
    assert response.json() == {"items": [], "count": 0}
    assert ApiToken.objects.get(pk=token.token.pk).last_used_at is not None


def test_a_staff_session_works(staff_client):
    # when
    response = staff_client.get(CASES)

    # then
    assert response.status_code == 200


def test_a_group_member_without_is_staff_is_staff(client, django_user_model):
    # given
    user = django_user_model.objects.create_user(username="reviewer")
    user.groups.add(Group.objects.create(name="legal reviewer"))
    client.force_login(user)

    # when
    response = client.get(CASES)

    # then
    assert response.status_code == 200


def test_a_signed_in_user_who_is_not_staff_is_refused_403(client, django_user_model):
    # given
    client.force_login(django_user_model.objects.create_user(username="claimant"))

    # when
    response = client.get(CASES, HTTP_ACCEPT_LANGUAGE="en")

    # then
    assert response.status_code == 403
    assert response.json() == {"code": "forbidden", "detail": "The API is for active staff members."}


def test_the_token_of_a_user_no_longer_staff_is_refused_and_of_an_inactive_user_unknown(token, bearer, staff):
    # given
    staff.is_staff = False
    staff.save()

    # then
    assert bearer.get(CASES).status_code == 403

    # given
    staff.is_staff, staff.is_active = True, False
    staff.save()

    # then
    assert bearer.get(CASES).status_code == 401


def test_a_wrong_token_beside_a_valid_session_is_still_401(staff_client):
    # when: a script's bad token is never rescued by whoever is signed in in the same browser
    response = staff_client.get(CASES, HTTP_AUTHORIZATION="Bearer not-a-token")

    # then
    assert response.status_code == 401


def test_a_post_with_a_session_needs_the_csrf_token(staff):
    # given
    browser = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
    browser.force_login(staff)
    browser.get("/api/docs")  # a page that hands out the CSRF token, as the staff pages do
    csrf = browser.cookies["csrftoken"].value

    # when
    without = post_json(browser, INTEREST, DOCUMENT)
    with_token = post_json(browser, INTEREST, DOCUMENT, HTTP_X_CSRFTOKEN=csrf)

    # then
    assert without.status_code == 403
    assert without.json()["code"] == "csrf"
    assert with_token.status_code == 200
    assert with_token.json()["interest"] == 50_000  # a whole (leap) year at 5 %


def test_a_post_with_a_token_needs_no_csrf_token(token):
    # given
    script = Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Bearer {token.secret}")

    # when
    response = post_json(script, INTEREST, DOCUMENT)

    # then
    assert response.status_code == 200


def test_a_post_without_any_credentials_is_401_not_a_csrf_failure():
    # given
    stranger = Client(enforce_csrf_checks=True)

    # when
    response = post_json(stranger, INTEREST, DOCUMENT)

    # then
    assert response.status_code == 401


def test_a_proxys_basic_authorization_does_not_hide_the_session(staff_client):
    # when: a reverse proxy with HTTP basic authentication in front of the staff site
    response = staff_client.get(CASES, HTTP_AUTHORIZATION="Basic c3RhZmY6c2VjcmV0")

    # then
    assert response.status_code == 200
