"""Every page says how browsers may treat it: a Content-Security-Policy that allows this site's own
scripts and styles only, a Permissions-Policy that turns the powerful features off, and no caching of
anything that carries personal data (staff pages, downloads, the portal)."""

import re

import pytest

from tests.portal.test_status_reads import BIRTH, CODE, NUMBER

pytestmark = pytest.mark.django_db


def test_a_staff_page_allows_only_the_sites_own_scripts_and_is_not_cached(staff_client):
    # when a caseworker opens the case list
    response = staff_client.get("/cases/")

    # then scripts, styles and frames are this site's own only
    assert response.status_code == 200
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "object-src 'none'" in policy and "frame-ancestors 'none'" in policy
    # and no page carries an inline script or event handler the policy would refuse
    assert "onchange=" not in response.text and "<script>" not in response.text
    # and no camera, microphone or position
    permissions = response.headers["Permissions-Policy"]
    assert "camera=()" in permissions and "microphone=()" in permissions and "geolocation=()" in permissions
    # and the page is kept in no cache
    assert "no-store" in response.headers["Cache-Control"]
    assert "private" in response.headers["Cache-Control"]


def test_a_download_with_personal_data_is_not_cached(client, django_user_model):
    from tests.support import grant

    # given a finance officer signed in
    officer = grant(django_user_model.objects.create_user(username="park", is_staff=True), "finance_officer")
    client.force_login(officer)

    # when they download the payments report as CSV
    response = client.get("/fund/reports/payments/?format=csv")

    # then it is an attachment kept in no cache
    assert response.status_code == 200, response.status_code
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response.headers["Cache-Control"]


def test_the_sign_in_page_is_not_cached(client):
    response = client.get("/login/")

    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"]
    assert "Content-Security-Policy" in response.headers


def test_the_portal_is_not_cached_and_allows_only_its_own_styles(client, shared_demo):
    # given a family opened their claim on the portal
    assert client.post("/portal/", {"number": NUMBER, "birth_date": BIRTH, "code": CODE}).status_code == 302

    # when they read where it stands
    response = client.get("/portal/status/")

    # then the page is kept in no cache
    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"]
    # and its styles come from its own stylesheet, the only kind the policy allows
    assert "style-src 'self'" in response.headers["Content-Security-Policy"]
    assert "<style" not in response.text and "style=" not in response.text
    assert re.search(r'<link rel="stylesheet" href="/static/portal/portal\.css', response.text)
