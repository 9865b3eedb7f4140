"""The permission matrix: every role against every action, in the services, and every staff page.

Roles are groups (docs/architecture.md, "Who uses it"). Writes are checked in the services, so a
view or an API endpoint cannot forget them; pages need a signed-in user, and the audit trail, the
dashboard and the API have their own tests of who may read them."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse

from amends.judgments import services as judgments_services
from amends.judgments.models import Award, Court, Defendant
from amends.payments import services as payments_services
from amends.registry import services as registry_services
from amends.registry.models import Person
from tests.payments.test_claims import DOCUMENTS
from tests.support import grant

pytestmark = pytest.mark.django_db

ROLES = ["caseworker", "legal_reviewer", "finance_officer", "approver", "auditor", "executive", None]


def user_with(django_user_model, role):
    user = django_user_model.objects.create_user(username=f"user-{role}", is_staff=True)
    return grant(user, role) if role else user


def living_creditor():
    award = next(a for a in Award.objects.filter(case__number="2013다61381") if a.victim.death_date is None)
    return award.creditors.get()


def prepared(step, helpers):
    """A claim in the state where ``step`` is the next thing to do, prepared by the helpers."""
    claim = payments_services.claim_open(creditor=living_creditor(), by=helpers["caseworker"])
    path = [
        ("contact", "caseworker", {"channel": "call", "contacted_on": "2023-03-20", "summary": "called"}),
        ("apply", "caseworker", DOCUMENTS),
        ("verify", "legal_reviewer", {"identity": "ok", "heirship": "ok", "bank_account": "ok"}),
        ("propose_payment", "caseworker", {"planned_payment_date": "2023-04-14"}),
        ("approve_payment", "finance_officer", {}),
    ]
    for event, role, facts in path:
        if event == step:
            break
        payments_services.claim_record(claim=claim, event=event, by=helpers[role], facts=facts)
    return claim


# (action, the one role allowed (besides a superuser), how to do it)
ACTIONS = {
    "register a person": (
        "caseworker",
        lambda by, h: registry_services.person_create(by=by, name_hangul="가", sex="M"),
    ),
    "register a case": (
        "caseworker",
        lambda by, h: judgments_services.case_create(
            by=by, number="2020다1", court=Court.objects.first(), defendants=[Defendant.objects.first()]
        ),
    ),
    "record a death": (
        "caseworker",
        lambda by, h: registry_services.person_record_death(
            by=by, person=Person.objects.filter(death_date__isnull=True).first(), died_on=date(2025, 1, 1)
        ),
    ),
    "open a claim": (
        "caseworker",
        lambda by, h: payments_services.claim_open(creditor=living_creditor(), by=by),
    ),
    "record a contact": (
        "caseworker",
        lambda by, h: payments_services.claim_record(
            claim=prepared("contact", h),
            event="contact",
            by=by,
            facts={"channel": "visit", "contacted_on": "2023-03-20", "summary": "visited"},
        ),
    ),
    "verify an application": (
        "legal_reviewer",
        lambda by, h: payments_services.claim_record(
            claim=prepared("verify", h),
            event="verify",
            by=by,
            facts={"identity": "ok", "heirship": "ok", "bank_account": "ok"},
        ),
    ),
    "propose a payment": (
        "caseworker",
        lambda by, h: payments_services.claim_record(
            claim=prepared("propose_payment", h),
            event="propose_payment",
            by=by,
            facts={"planned_payment_date": "2023-04-14"},
        ),
    ),
    "approve a payment": (
        "finance_officer",
        lambda by, h: payments_services.claim_record(
            claim=prepared("approve_payment", h), event="approve_payment", by=by
        ),
    ),
    "record a payment from elsewhere": (
        "finance_officer",
        lambda by, h: payments_services.external_payment_record(
            award=living_creditor().award, by=by, paid_on=date(2024, 2, 20), amount=1, source="security"
        ),
    ),
}


@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_each_action_is_allowed_to_its_role_only(demo, django_user_model, action):
    # given the people who prepare each step
    helpers = {
        r: grant(user_with(django_user_model, f"helper-{r}"), r)
        for r in ("caseworker", "legal_reviewer", "finance_officer")
    }
    allowed_role, do = ACTIONS[action]
    for role in ROLES:
        user = user_with(django_user_model, role)
        # when a user with ``role`` tries it (each try rolled back, so every role meets the same state)
        with transaction.atomic():
            if role == allowed_role:
                do(user, helpers)  # then it is done for the role allowed
            else:
                with pytest.raises(PermissionDenied):  # and refused for every other
                    do(user, helpers)
            transaction.set_rollback(True)


def test_a_superuser_holds_every_role(demo, django_user_model):
    admin = django_user_model.objects.create_superuser(username="root")
    registry_services.person_create(by=admin, name_hangul="나", sex="F")


PAGES = [
    lambda: reverse("cases:case_list"),
    lambda: reverse("cases:case_detail", args=["2013다61381"]),
    lambda: reverse("cases:award_detail", args=[living_creditor().award_id]),
    lambda: reverse("people:person_detail", args=[living_creditor().person_id]),
    lambda: reverse("claims:claim_detail", args=[living_creditor().pk]),
]


def test_every_role_reads_the_staff_pages_and_anonymous_visitors_are_sent_to_log_in(
    client, demo, django_user_model
):
    for url in [page() for page in PAGES]:
        anonymous = client.get(url)
        assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("login"))
    for role in ROLES:
        client.force_login(user_with(django_user_model, role))
        for url in [page() for page in PAGES]:
            assert client.get(url).status_code == 200, (role, url)
        client.logout()


def test_recording_a_death_on_the_page_needs_the_caseworker_role(client, demo, django_user_model):
    person = Person.objects.filter(death_date__isnull=True).first()
    url = reverse("people:person_record_death", args=[person.pk])
    for role in [r for r in ROLES if r != "caseworker"]:
        client.force_login(user_with(django_user_model, role))
        assert client.post(url, {"died_on": "2025-01-05", "action": "confirm"}).status_code == 403, role
        person.refresh_from_db()
        assert person.death_date is None
    client.force_login(user_with(django_user_model, "caseworker"))
    assert client.post(url, {"died_on": "2025-01-05", "action": "confirm"}).status_code == 302
    # reported; a different legal reviewer confirms it (four eyes, issue 15)
    from tests.registry.test_family import confirm_reported_death

    confirm_reported_death(person)
    person.refresh_from_db()
    assert person.death_date == date(2025, 1, 5)


@pytest.fixture
def demo(shared_demo):
    """The demonstration, loaded once for this module: each test's writes are rolled back."""
