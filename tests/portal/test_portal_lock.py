"""Too many attempts on the portal (issue 17): a locked claim is told apart only from an answer that
would have opened it, and an address over its limit is told the same whatever number it tried; both
say when to try again. Every other failure looks the same, whether or not the number exists."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from amends.portal import services
from amends.portal.models import LookupFailure, PortalAccess

pytestmark = pytest.mark.django_db

NUMBER, BIRTH, CODE = "AM-2018-00001", "1923-02-03", "DEMO-2018"
SEOUL = ZoneInfo("Asia/Seoul")


@pytest.fixture(autouse=True)
def _no_contact_phone(settings):
    # The wording without "or call us on …": `make test` runs with the demonstration's phone number.
    settings.CONTACT = {"phone": "", "email": "", "address": ""}


@pytest.fixture
def portal(client, demo):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def lookup(client, number=NUMBER, birth_date=BIRTH, code=CODE, **extra):
    return client.post("/portal/", {"number": number, "birth_date": birth_date, "code": code}, **extra)


def visible(response) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def lock(minutes: int) -> datetime:
    until = (timezone.now() + timedelta(minutes=minutes)).replace(second=0, microsecond=0)
    PortalAccess.objects.filter(number=NUMBER).update(locked_until=until, failures=0)
    return until


def test_a_locked_claim_asked_with_the_right_details_says_when_to_try_again(portal):
    # given the claim locked until a minute 20 minutes from now
    until = lock(20)

    # when the family gives the right number, date of birth and code
    response = lookup(portal)

    # then they are told to try again after that time (Korea's), and the claim does not open
    assert response.status_code == 429
    at = until.astimezone(SEOUL).strftime("%H:%M")
    assert f"Too many attempts. Please try again after {at} KST." in visible(response)
    assert "portal_claim" not in portal.session
    # and the right answer is not a failure against the claim: the lock is not pushed further
    access = PortalAccess.objects.get(number=NUMBER)
    assert (access.failures, access.locked_until) == (0, until)


@pytest.mark.parametrize(
    "wrong",
    [{"code": "WRONG-000"}, {"birth_date": "1923-02-04"}, {"number": "AM-2099-00000"}],
    ids=["wrong code", "wrong birth date", "no such number"],
)
def test_a_locked_claim_asked_with_a_wrong_answer_looks_like_any_failure(portal, wrong):
    # given the answer to a number that does not exist, and then the claim locked
    reference = lookup(portal, number="AM-2099-11111")
    lock(20)

    # when the claim (or a number that does not exist) is asked with a wrong answer
    response = lookup(portal, **wrong)

    # then the page is the same failure, with nothing about a lock nor a time
    assert response.status_code == reference.status_code == 200
    assert visible(response) == visible(reference)
    assert "Too many attempts" not in visible(response)


def test_the_lock_ends_at_the_time_it_said(portal):
    # given the claim was locked, and its time has come
    PortalAccess.objects.filter(number=NUMBER).update(locked_until=timezone.now() - timedelta(seconds=1))

    # when the family gives the right details
    response = lookup(portal)

    # then the claim opens
    assert response.status_code == 302 and response["Location"] == "/portal/status/"


@pytest.mark.parametrize("number", [NUMBER, "AM-2099-00000"], ids=["a real number", "no such number"])
def test_an_address_over_its_limit_is_told_when_to_try_again_whatever_number(portal, number):
    # given 20 failures from this address, the first of the last 20 twelve minutes ago
    now = timezone.now().replace(second=0, microsecond=0)
    client = services.client_key("127.0.0.1")
    first = now - timedelta(minutes=12)
    LookupFailure.objects.bulk_create(
        LookupFailure(client=client, at=first + timedelta(seconds=serial)) for serial in range(20)
    )

    # when it asks for a number (the claim's, or one that does not exist), even with the right details
    response = lookup(portal, number=number)

    # then it is refused until that failure leaves the 15-minute window, the same page for both numbers
    assert response.status_code == 429
    at = (first + timedelta(minutes=services.CLIENT_WINDOW_MINUTES)).astimezone(SEOUL).strftime("%H:%M")
    assert f"Too many attempts. Please try again after {at} KST." in visible(response)
    assert "portal_claim" not in portal.session
    # and another address opens the claim
    assert lookup(portal, REMOTE_ADDR="10.0.0.9").status_code == 302


def test_the_wait_is_said_in_korean_too(client, demo):
    # given the claim locked
    until = lock(20)

    # when the family asks in Korean with the right details
    response = client.post(
        "/portal/", {"number": NUMBER, "birth_date": BIRTH, "code": CODE}, HTTP_ACCEPT_LANGUAGE="ko"
    )

    # then the page says, in Korean, the time to try again
    at = until.astimezone(SEOUL).strftime("%H:%M")
    assert response.status_code == 429
    assert f"시도 횟수가 너무 많습니다. {at} KST 이후에 다시 시도해 주십시오." in visible(response)
