"""The staff navigation by role: each role sees the parts it may open, every link it sees opens, and
every part it does not see would have refused it (issue 17)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from amends.core.context_processors import NAVIGATION
from tests.support import grant

pytestmark = pytest.mark.django_db

# The links each role sees, in order (every user here is staff: the admin's own gate lets them in).
EXPECTED = {
    "caseworker": ["Cases", "Record linkage", "Applications", "Consultations", "Admin"],
    "legal_reviewer": ["Cases", "Record linkage", "Applications", "Consultations", "Admin"],
    "finance_officer": ["Cases", "Fund", "Consultations", "Admin"],
    "approver": ["Cases", "Dashboard", "Fund", "Consultations", "Admin"],
    "auditor": ["Cases", "Dashboard", "Fund", "Applications", "Consultations", "Admin"],
    "executive": ["Cases", "Dashboard", "Fund", "Consultations", "Admin"],
    None: ["Cases", "Consultations", "Admin"],
}


def every_link() -> dict[str, str]:
    """Every part of the navigation, English label → address."""
    with translation.override("en"):
        return {str(label): reverse(name) for name, label in NAVIGATION}


def nav_links(html: str) -> dict[str, str]:
    """The main navigation's links, label → address, as the page shows them."""
    nav = re.search(r'<nav aria-label="Main">(.*?)</nav>', html, re.S)
    assert nav, "the page has no main navigation"
    return {label: href for href, label in re.findall(r'<a href="([^"]+)">([^<]+)</a>', nav.group(1))}


def signed_in(client, django_user_model, role, **flags):
    user = django_user_model.objects.create_user(username=f"user-{role}", is_staff=True, **flags)
    if role:
        grant(user, role)
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return user


@pytest.mark.parametrize("role", list(EXPECTED), ids=str)
def test_each_role_sees_only_the_parts_it_may_open_and_each_opens(client, django_user_model, role):
    # given a member of staff holding the role
    signed_in(client, django_user_model, role)

    # when they open the first page
    shown = nav_links(client.get(reverse("cases:case_list")).content.decode())

    # then the navigation lists exactly the parts the role opens
    assert list(shown) == EXPECTED[role]
    # and every link shown opens (200), every part not shown refuses them (403)
    for label, url in every_link().items():
        status = client.get(url).status_code
        if label in shown:
            assert shown[label] == url
            assert status == 200, (role, label, status)
        else:
            assert status == 403, (role, label, status)


def test_a_superuser_sees_every_part(client, django_user_model):
    # given
    signed_in(client, django_user_model, None, is_superuser=True)

    # when
    shown = nav_links(client.get(reverse("cases:case_list")).content.decode())

    # then
    assert list(shown) == [
        "Cases",
        "Dashboard",
        "Fund",
        "Record linkage",
        "Applications",
        "Consultations",
        "Admin",
    ]


def test_the_admin_link_is_only_for_staff(client, django_user_model):
    # given a caseworker who is not marked as staff
    user = signed_in(client, django_user_model, "caseworker")
    user.is_staff = False
    user.save()

    # when
    shown = nav_links(client.get(reverse("cases:case_list")).content.decode())

    # then the admin, which would send them to its own login, is not offered
    assert list(shown) == ["Cases", "Record linkage", "Applications", "Consultations"]


def test_the_navigation_reads_the_roles_once(client, django_user_model):
    # given an auditor (four roles to ask about across the links)
    signed_in(client, django_user_model, "auditor")

    # when they open a page
    with CaptureQueriesContext(connection) as captured:
        html = client.get(reverse("cases:case_list")).content.decode()

    # then the six links cost one query for the user's roles
    assert list(nav_links(html)) == EXPECTED["auditor"]
    assert len([q for q in captured.captured_queries if "auth_group" in q["sql"]]) == 1
