"""The families' portal: a claim looked up by number, date of birth and code, in plain words; every
failure answered alike; locked after repeated failures; limited per client address."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.utils import timezone

from amends.audit.models import AuditEvent
from amends.law.lifecycle import State
from amends.letters import services as letter_services
from amends.letters import status_words as wording
from amends.letters.models import Kind
from amends.payments.models import Claim
from amends.portal import services
from amends.portal.models import PortalAccess

pytestmark = pytest.mark.django_db

NUMBER, BIRTH, CODE = "AM-2018-00001", "1923-02-03", "DEMO-2018"


@pytest.fixture
def portal(client, demo):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def lookup(client, number=NUMBER, birth_date=BIRTH, code=CODE, **extra):
    return client.post("/portal/", {"number": number, "birth_date": birth_date, "code": code}, **extra)


def visible(response) -> str:
    """The page without its CSRF token, which differs from one response to the next."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def test_the_demo_access_is_known(demo):
    access = PortalAccess.objects.get(number=NUMBER)
    assert access.claim.creditor.person.birth_date.isoformat() == BIRTH
    assert access.code_hash == services.code_hash(CODE)
    assert CODE not in access.code_hash


def test_a_family_looks_up_their_claim_and_reads_where_it_stands(portal):
    # when
    response = lookup(portal, code="demo 2018")  # case and spaces do not matter

    # then the session holds the claim and the status page says where it stands in plain words
    assert response.status_code == 302 and response["Location"] == "/portal/status/"
    page = portal.get("/portal/status/").content.decode()
    assert 'Your claim <span data-testid="number">AM-2018-00001</span>' in page
    assert "We know you are entitled under the judgment, and we will contact you." in page
    assert "Nothing is needed from you at the moment." in page
    assert "120,000,000" in page and "704,918" in page  # the principal and the first line at 5 %


def test_korean_is_the_default_and_japanese_follows_the_browser(client, demo):
    lookup(client, HTTP_ACCEPT_LANGUAGE="ja")
    page = client.get("/portal/status/", HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    assert '<html lang="ja">' in page and "請求の状況" in page

    page = client.get("/portal/status/", HTTP_ACCEPT_LANGUAGE="").content.decode()
    assert '<html lang="ko">' in page and "청구 진행 상황" in page


@pytest.mark.parametrize(
    "wrong",
    [
        {"number": "AM-2018-99999"},
        {"code": "WRONG-000"},
        {"birth_date": "1923-02-04"},
        {"birth_date": "not a date"},
        # a locked claim is told apart only given the right details (tests/portal/test_portal_lock.py)
        {"locked": True, "code": "WRONG-000"},
    ],
    ids=["no such number", "wrong code", "wrong birth date", "unreadable birth date", "locked claim"],
)
def test_every_failure_gets_the_same_answer(portal, wrong):
    reference = lookup(portal, number="AM-2099-00000")
    if wrong.pop("locked", False):
        PortalAccess.objects.filter(number=NUMBER).update(locked_until=timezone.now() + timedelta(minutes=5))

    response = lookup(portal, **wrong)

    assert response.status_code == reference.status_code == 200
    assert visible(response) == visible(reference)
    assert "We could not open a claim with these details." in visible(response)
    assert "portal_claim" not in portal.session


def test_a_claim_is_locked_after_five_failures_even_for_the_right_code(portal):
    # given five failures
    for _ in range(services.MAX_FAILURES):
        lookup(portal, code="WRONG-000")

    # when the right details are given
    response = lookup(portal)

    # then the claim is locked for a while, which the right details are told, with the time to try again
    assert response.status_code == 429
    assert "Too many attempts. Please try again after" in response.content.decode()
    access = PortalAccess.objects.get(number=NUMBER)
    assert access.locked_until > timezone.now() + timedelta(minutes=services.LOCK_MINUTES - 1)
    assert AuditEvent.objects.filter(action="portal_access.lock", subject_id=str(access.pk)).count() == 1

    # and once the lock has run out, the right details open the claim
    PortalAccess.objects.filter(pk=access.pk).update(locked_until=timezone.now() - timedelta(seconds=1))
    assert lookup(portal).status_code == 302


def test_too_many_failures_from_one_address_are_refused(portal):
    for serial in range(services.MAX_CLIENT_FAILURES):
        lookup(portal, number=f"AM-2099-{serial:05d}")

    response = lookup(portal)

    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    # another address is not affected
    assert lookup(portal, REMOTE_ADDR="10.0.0.9").status_code == 302


def test_an_expired_code_fails(portal):
    # given a failure's answer, and the code expired yesterday
    reference = lookup(portal, number="AM-2099-00000")
    PortalAccess.objects.filter(number=NUMBER).update(
        code_expires_on=timezone.localdate() - timedelta(days=1)
    )

    # when the right details are given
    response = lookup(portal)

    # then the answer is the same failure
    assert response.status_code == reference.status_code == 200
    assert visible(response) == visible(reference)
    assert "portal_claim" not in portal.session


def test_a_successful_lookup_rotates_the_session_key(portal):
    # given a visitor with a session
    portal.get("/portal/")
    session = portal.session
    session["seen"] = True
    session.save()
    before = session.session_key

    # when the lookup succeeds
    lookup(portal)

    # then the session goes on under a new key, and the old key opens nothing
    assert portal.session.session_key != before
    from django.contrib.sessions.backends.db import SessionStore

    assert not SessionStore(session_key=before).exists(before)


def test_a_new_code_or_a_lock_ends_the_sessions_opened_with_the_old_code(portal):
    from django.test import Client

    # given two visitors who opened the claim
    other = Client()
    lookup(portal)
    lookup(other)
    assert portal.get("/portal/status/").status_code == 200

    # when a new code is issued, the first visitor's session ends
    claim = Claim.objects.get(portal_access__number=NUMBER)
    access, code = services.portal_access_issue(claim=claim, by=None)
    assert portal.get("/portal/status/")["Location"] == "/portal/"
    assert "portal_claim" not in portal.session

    # and a session opened with the new code ends when the claim is locked
    lookup(other, code=code)
    assert other.get("/portal/status/").status_code == 200
    PortalAccess.objects.filter(pk=access.pk).update(locked_until=timezone.now() + timedelta(minutes=5))
    assert other.get("/portal/status/").status_code == 302
    PortalAccess.objects.filter(pk=access.pk).update(locked_until=None)
    assert other.get("/portal/status/").status_code == 302  # it needs a new lookup


def test_a_session_ends_when_its_code_expires(portal):
    lookup(portal)
    letter = letter_services.letter_send(
        claim=Claim.objects.get(portal_access__number=NUMBER), kind=Kind.OFFER, language="en", by=None
    )
    PortalAccess.objects.filter(number=NUMBER).update(
        code_expires_on=timezone.localdate() - timedelta(days=1)
    )

    assert portal.get("/portal/status/").status_code == 302
    assert portal.get(f"/portal/letters/{letter.pk}/").status_code == 404


def test_the_portal_access_lapses_after_idle_minutes_not_a_fixed_time(portal):
    from django.contrib.sessions.models import Session

    # given an access opened a while ago, its expiry close
    lookup(portal)
    key = portal.session.session_key
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() + timedelta(minutes=1))

    # when the family reads the status page
    assert portal.get("/portal/status/").status_code == 200

    # then the access lasts the idle minutes from now
    expires = Session.objects.get(session_key=portal.session.session_key).expire_date
    assert expires > timezone.now() + timedelta(minutes=29)


def test_leaving_the_portal_keeps_a_staff_login_in_the_same_browser(portal, django_user_model):
    # given a staff member signed in who also opened a claim on the portal
    staff = django_user_model.objects.create_user(username="kim", is_staff=True)
    portal.force_login(staff)
    lookup(portal)
    key = portal.session.session_key

    # when they leave the portal
    portal.post("/portal/leave/")

    # then the portal access ends under a new session key, and the staff login stays
    assert portal.get("/portal/status/")["Location"] == "/portal/"
    assert portal.session.session_key != key
    assert portal.session.get("_auth_user_id") == str(staff.pk)


def test_new_claim_numbers_are_random_with_a_check_character(demo):
    from amends.judgments.models import Creditor
    from amends.payments import services as payment_services

    # given two claims without portal access
    creditors = Creditor.objects.exclude(claim__portal_access__isnull=False).order_by("pk")[:2]
    claims = [payment_services.claim_open(creditor=creditor, by=None) for creditor in creditors]

    # when each is given access
    numbers = [services.portal_access_issue(claim=claim, by=None)[0].number for claim in claims]

    # then the numbers are random, of the code alphabet, with a check character, and unrelated
    for number in numbers:
        assert re.fullmatch(r"AM-[A-Z2-9]{4}-[A-Z2-9]{5}", number)
        assert services.number_is_well_formed(number)
        assert not services.number_is_well_formed(number[:-1] + ("A" if number[-1] != "A" else "B"))
    assert numbers[0] != numbers[1]


def test_an_address_over_its_limit_does_not_lock_the_claim(portal):
    # given an address that has used up its failures on other numbers
    for serial in range(services.MAX_CLIENT_FAILURES):
        lookup(portal, number=f"AM-2099-{serial:05d}")

    # when it keeps trying a real number with wrong codes (each refused: the address is paused)
    for _ in range(services.MAX_FAILURES + 1):
        with pytest.raises(services.LookupPaused):
            services.portal_lookup(number=NUMBER, birth_date=None, code="WRONG-000", client="127.0.0.1")

    # then the claim counts none of them, and the family can still open it from elsewhere
    access = PortalAccess.objects.get(number=NUMBER)
    assert access.failures == 0 and access.locked_until is None
    assert lookup(portal, REMOTE_ADDR="10.0.0.9").status_code == 302


def test_a_new_code_supersedes_the_old_one(portal):
    claim = Claim.objects.get(portal_access__number=NUMBER)

    access, code = services.portal_access_issue(claim=claim, by=None)

    assert access.number == NUMBER and re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}", code)
    assert lookup(portal).status_code == 200
    assert lookup(portal, code=code).status_code == 302


def test_the_status_page_needs_a_lookup_and_letters_are_only_the_claims_own(portal, demo):
    assert portal.get("/portal/status/")["Location"] == "/portal/"

    claim = Claim.objects.get(portal_access__number=NUMBER)
    other = Claim.objects.get(portal_access__number="AM-2018-00002")
    own = letter_services.letter_send(claim=claim, kind=Kind.OFFER, language="en", by=None)
    theirs = letter_services.letter_send(claim=other, kind=Kind.OFFER, language="en", by=None)
    assert portal.get(f"/portal/letters/{own.pk}/").status_code == 404

    lookup(portal)
    assert f"/portal/letters/{own.pk}/" in portal.get("/portal/status/").content.decode()
    response = portal.get(f"/portal/letters/{own.pk}/")
    assert response["Content-Type"] == "application/pdf" and response.content == bytes(own.pdf)
    assert portal.get(f"/portal/letters/{theirs.pk}/").status_code == 404


def test_leaving_ends_the_access(portal):
    lookup(portal)
    portal.post("/portal/leave/")
    assert portal.get("/portal/status/").status_code == 302


def test_the_lookup_page_works_without_javascript_in_large_type_on_a_phone(client, db):
    page = client.get("/portal/").content.decode()

    assert "<script" not in page
    assert 'name="viewport" content="width=device-width, initial-scale=1"' in page
    # large type, from the portal's stylesheet (a file: the Content-Security-Policy refuses inline styles)
    assert "/static/portal/portal.css" in page
    assert "font-size: 125%" in Path(finders.find("portal/portal.css")).read_text()
    assert '<html lang="ko">' in page and "내 청구 조회" in page
    for language in ('value="ko"', 'value="en"', 'value="ja"'):
        assert language in page


def test_every_state_has_plain_words_and_what_is_needed():
    assert set(wording.WHERE) == set(State) == set(wording.NEEDED)


def test_the_status_follows_the_claim_and_says_what_is_needed(portal, django_user_model):
    from amends.payments import services as payment_services
    from tests.support import grant

    # given the foundation has contacted the creditor
    kim = grant(django_user_model.objects.create_user(username="kim"), "caseworker")
    claim = Claim.objects.get(portal_access__number=NUMBER)
    payment_services.claim_record(
        claim=claim,
        event="contact",
        by=kim,
        facts={"channel": "letter", "contacted_on": "2023-04-03", "summary": "offer sent"},
    )

    # when the family looks at the claim, in Korean
    lookup(portal)
    page = portal.get("/portal/status/", HTTP_ACCEPT_LANGUAGE="ko").content.decode()

    # then
    assert "지급에 관해 연락드렸으며 답변을 기다리고 있습니다." in page
    assert "지급 제안을 받아들이실지 알려 주십시오." in page


@pytest.fixture
def demo(shared_demo):
    """The demonstration, loaded once for this module: each test's writes are rolled back."""
