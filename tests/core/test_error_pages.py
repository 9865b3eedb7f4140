"""The error pages (issue 17): a 403 that says which role is needed, with the site's navigation, in the
reader's language; a styled 404; a 500 that renders without the database; and the portal's own plain
pages, without the staff navigation."""

import pytest
from django.db import connections
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from amends.core.web import server_error
from tests.support import grant

pytestmark = pytest.mark.django_db


@pytest.fixture
def caseworker(client, django_user_model):
    user = django_user_model.objects.create_user(username="kim", is_staff=True)
    grant(user, "caseworker")
    client.force_login(user)
    return client


def test_a_forbidden_page_names_the_roles_it_needs_with_the_navigation_in_english(caseworker):
    # given a caseworker
    # when they open the dashboard
    response = caseworker.get(reverse("oversight:dashboard"), headers={"Accept-Language": "en"})

    # then a styled 403 says why and which roles would open it, and which they hold
    assert response.status_code == 403
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "<h1>Not allowed</h1>" in html
    assert "The dashboard needs the executive, auditor or approver role." in html
    assert 'data-testid="roles-needed">It needs one of these roles: executive, auditor, approver.<' in html
    assert "Your roles: caseworker." in html
    # and the site's navigation, with only what the caseworker may open
    assert f'<a href="{reverse("rosters:run_list")}">Record linkage</a>' in html
    assert f'href="{reverse("oversight:dashboard")}"' not in html
    assert "amends.css" in html


def test_a_forbidden_page_speaks_korean_by_default(caseworker):
    # given a caseworker whose browser asks for nothing in particular (Korean is the default)
    # when they open the fund's pages
    response = caseworker.get(reverse("fund:donors"))

    # then the 403 is in Korean, naming the roles in Korean, with the Korean navigation
    assert response.status_code == 403
    html = response.content.decode()
    assert '<html lang="ko">' in html
    assert "<h1>허용되지 않음</h1>" in html
    assert "다음 역할 중 하나가 필요합니다: 재무 담당자, 감사인, 임원, 승인자." in html
    assert f'<a href="{reverse("rosters:run_list")}">기록 연계</a>' in html


def test_a_step_refused_by_a_service_names_the_one_role_it_needs(caseworker):
    # given a caseworker downloading a payment batch file (the finance officer's: checked in the view
    # by the services' role check, not by a page gate)
    # when
    response = caseworker.get(
        reverse("banking:batch_download", args=[1, "xml"]), headers={"Accept-Language": "en"}
    )

    # then
    assert response.status_code == 403
    html = response.content.decode()
    assert "This needs the finance officer role." in html
    assert 'data-testid="roles-needed">It needs the finance officer role.<' in html


def test_an_unknown_address_gets_the_styled_404_with_the_navigation(caseworker):
    # when
    response = caseworker.get("/cases/no-such-case/", headers={"Accept-Language": "en"})
    unknown = caseworker.get("/nowhere/", headers={"Accept-Language": "en"})

    # then both are the site's page, not Django's plain "Not Found"
    for page in (response, unknown):
        assert page.status_code == 404
        html = page.content.decode()
        assert "<h1>Page not found</h1>" in html
        assert 'data-testid="error-404"' in html
        assert f'<a href="{reverse("outreach:timeline")}">Consultations</a>' in html
    # and in Korean by default
    korean = caseworker.get("/nowhere/").content.decode()
    assert "<h1>페이지를 찾을 수 없습니다</h1>" in korean


def test_the_500_page_renders_without_the_database(monkeypatch):
    # given a database that cannot be reached at all
    def unreachable(*args, **kwargs):
        raise AssertionError("the 500 page touched the database")

    monkeypatch.setattr(connections["default"], "cursor", unreachable)
    request = RequestFactory().get("/cases/")

    # when the handler renders, in English and in Korean
    with translation.override("en"):
        english = server_error(request)
    with translation.override("ko"):
        korean = server_error(request)

    # then the styled page answers 500, with the site's look and no navigation by role
    assert english.status_code == 500
    html = english.content.decode()
    assert "<h1>Something went wrong</h1>" in html
    assert "amends.css" in html
    assert 'href="/claims/dashboard/"' not in html
    assert "<h1>문제가 발생했습니다</h1>" in korean.content.decode()


def test_the_portal_has_its_own_plain_404_without_the_staff_navigation(client):
    # when a family member follows a broken link to the portal
    response = client.get("/portal/nowhere/", headers={"Accept-Language": "en"})

    # then the page is the portal's, and shows nothing of the staff pages
    assert response.status_code == 404
    html = response.content.decode()
    assert "Families&#x27; portal" in html or "Families' portal" in html
    assert 'data-testid="error-404"' in html
    assert f'href="{reverse("portal:lookup")}"' in html
    assert "amends.css" not in html and 'aria-label="Main"' not in html


def test_the_portal_404_speaks_japanese(client):
    # when
    response = client.get("/portal/nowhere/", headers={"Accept-Language": "ja"})

    # then
    assert response.status_code == 404
    assert "<h1>ページが見つかりません</h1>" in response.content.decode()


def test_a_refusal_on_the_portal_is_the_portal_s_own_page(rf):
    # given a request to the portal that is refused
    from django.contrib.auth.models import AnonymousUser
    from django.core.exceptions import PermissionDenied

    from amends.core.web import permission_denied

    request = rf.get("/portal/status/")
    request.user = AnonymousUser()

    # when
    with translation.override("ko"):
        response = permission_denied(request, PermissionDenied())

    # then the portal's page, in Korean, without the staff pages' roles or navigation
    assert response.status_code == 403
    html = response.content.decode()
    assert 'data-testid="error-403"' in html
    assert "<h1>볼 수 없는 페이지입니다</h1>" in html
    assert "roles-needed" not in html and "amends.css" not in html
