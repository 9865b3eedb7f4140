"""Staff sign-in (OWASP ASVS level 2): the password, then the code of an authenticator app (TOTP);
wrong passwords and wrong codes lock the user name out from that address; the session ends when left
idle, and some hours after signing in however busy.

The suite signs in with force_login and the second factor off (tests/conftest.py); these tests turn
it on and walk the real pages. The helpers here are the other sign-in tests' too."""

import time
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from amends.core.signin_middleware import SIGNED_IN_AT
from tests.support import grant

pytestmark = pytest.mark.django_db

PASSWORD = "a long passphrase 7"


def code_of(device: TOTPDevice, *, later: int = 0) -> str:
    """The code the user's app shows for ``device`` now, or ``later`` periods on (a code is good once)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits)
    totp.time = time.time() + later * device.step
    return f"{totp.token():0{device.digits}d}"


@pytest.fixture
def second_factor(settings):
    settings.AMENDS_REQUIRE_2FA = True


@pytest.fixture
def kim(django_user_model):
    """A caseworker with a password and an authenticator app already enrolled."""
    user = django_user_model.objects.create_user(username="kim", password=PASSWORD, is_staff=True)
    grant(user, "caseworker")
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    return user


@pytest.fixture
def english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def sign_in(client, user, *, later: int = 0):
    """The whole sign-in, as a browser does it; the answer to the code."""
    client.post("/login/", {"username": user.username, "password": PASSWORD})
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    return client.post("/login/code/", {"code": code_of(device, later=later)})


def signed_in(client) -> bool:
    response = client.get("/cases/")
    return response.status_code == 200


def wrong_passwords(client, username: str, times: int, **extra):
    for _ in range(times):
        response = client.post("/login/", {"username": username, "password": "wrong"}, **extra)
    return response


# The second factor ---------------------------------------------------------------------------------


def test_the_password_leads_to_the_code_and_the_code_to_the_page(english, second_factor, kim):
    # given kim asked for a case page and was sent to sign in
    assert english.get("/cases/").url == "/login/?next=/cases/"

    # when they give the right password
    response = english.post(
        "/login/?next=/cases/", {"username": "kim", "password": PASSWORD, "next": "/cases/"}
    )

    # then they are asked for the code, and are not signed in yet
    assert response.status_code == 302 and response.url == "/login/code/"
    page = english.get("/login/code/")
    assert "Enter your code" in page.text and "kim" in page.text
    assert not signed_in(english)

    # when they enter the code their app shows
    response = english.post("/login/code/", {"code": code_of(kim.totpdevice_set.get())})

    # then they are on the page they asked for, signed in
    assert response.status_code == 302 and response.url == "/cases/"
    assert english.get("/cases/").context["user"] == kim


def test_a_wrong_code_is_refused_and_signs_nothing_in(english, second_factor, kim):
    # given kim gave the right password
    english.post("/login/", {"username": "kim", "password": PASSWORD})
    right = code_of(kim.totpdevice_set.get())

    # when they enter a code that is not the one their app shows
    response = english.post("/login/code/", {"code": "000000" if right != "000000" else "111111"})

    # then the page says so, and they are not signed in
    assert response.status_code == 200
    assert "That code is not right" in response.text
    assert not signed_in(english)


def test_a_code_is_good_once(english, second_factor, kim):
    # given kim signed in with the code their app showed, and signed out
    assert sign_in(english, kim).url == "/cases/"
    english.post("/logout/")

    # when the same code is given again (someone saw it over their shoulder)
    english.post("/login/", {"username": "kim", "password": PASSWORD})
    response = english.post("/login/code/", {"code": code_of(kim.totpdevice_set.get())})

    # then it is refused
    assert response.status_code == 200 and "That code is not right" in response.text
    assert not signed_in(english)


def test_a_code_without_the_password_signs_nothing_in(english, second_factor, kim):
    # when someone goes straight to the code page with a right code
    response = english.post("/login/code/", {"code": code_of(kim.totpdevice_set.get())})

    # then they are sent to the password
    assert response.status_code == 302 and response.url == "/login/"
    assert not signed_in(english)


def test_a_user_without_an_app_enrols_one_then_is_signed_in(english, second_factor, django_user_model):
    # given lee, with a password and no authenticator app yet
    lee = django_user_model.objects.create_user(username="lee", password=PASSWORD, is_staff=True)
    grant(lee, "legal_reviewer")

    # when they give the right password
    response = english.post("/login/", {"username": "lee", "password": PASSWORD})

    # then they are shown a QR code and its key to add to their app
    assert response.url == "/login/enrol/"
    page = english.get("/login/enrol/")
    assert "Set up your authenticator app" in page.text
    assert '<svg width="' in page.text and 'class="segno"' in page.text
    key = page.context["key"]
    # and reloading the page shows the same key, which the app may have scanned already
    assert english.get("/login/enrol/").context["key"] == key
    assert not signed_in(english)

    # when they enter the first code the app shows for that key
    device = TOTPDevice.objects.get(user=lee)
    assert key.replace(" ", "") in device.config_url
    response = english.post("/login/enrol/", {"code": code_of(device)})

    # then the app is theirs from now on, and they are signed in
    assert response.status_code == 302 and response.url == "/cases/"
    assert TOTPDevice.objects.get(user=lee).confirmed
    assert signed_in(english)


def test_enrolment_is_refused_a_wrong_code(english, second_factor, django_user_model):
    # given lee at the enrolment page
    django_user_model.objects.create_user(username="lee", password=PASSWORD, is_staff=True)
    english.post("/login/", {"username": "lee", "password": PASSWORD})
    english.get("/login/enrol/")
    right = code_of(TOTPDevice.objects.get(user__username="lee"))

    # when they enter a wrong code
    response = english.post("/login/enrol/", {"code": "000000" if right != "000000" else "111111"})

    # then the app is not enrolled and they are not signed in
    assert "That code is not right" in response.text
    assert not TOTPDevice.objects.get(user__username="lee").confirmed
    assert not signed_in(english)


def test_a_user_with_an_app_cannot_enrol_another(english, second_factor, kim):
    # given kim gave the right password (and has an app)
    english.post("/login/", {"username": "kim", "password": PASSWORD})

    # when the enrolment page is asked for
    response = english.get("/login/enrol/")

    # then it sends them to the code; no second device is made
    assert response.url == "/login/code/"
    assert TOTPDevice.objects.filter(user=kim).count() == 1


def test_a_session_signed_in_without_the_code_is_signed_out(english, second_factor, kim):
    # given a session signed in some other way than through the code (the admin's form, say)
    english.force_login(kim)

    # then neither the pages nor the API count it as signed in
    assert english.get("/cases/").url == "/login/?next=/cases/"
    assert english.get("/api/cases").status_code == 401


def test_the_admin_login_goes_through_the_second_factor(english, second_factor):
    # when the admin's own login form is asked for
    response = english.get("/admin/login/?next=/admin/")

    # then staff are sent to the sign-in with its code
    assert response.status_code == 302 and response.url == "/login/?next=/admin/"


def test_with_the_second_factor_off_the_password_signs_in(english, kim, settings):
    # given the second factor turned off (AMENDS_REQUIRE_2FA=0)
    settings.AMENDS_REQUIRE_2FA = False

    # when kim gives the right password
    response = english.post("/login/", {"username": "kim", "password": PASSWORD})

    # then they are signed in
    assert response.url == "/cases/"
    assert signed_in(english)


# Lockout -------------------------------------------------------------------------------------------


def test_five_wrong_passwords_lock_out_even_the_right_one(english, second_factor, kim, settings):
    # given the limit of five failures
    assert settings.AXES_FAILURE_LIMIT == 5

    # when someone tries four wrong passwords, the page still only says they did not match
    response = wrong_passwords(english, "kim", 4)
    assert response.status_code == 200 and "did not match" in response.text

    # and a fifth
    response = wrong_passwords(english, "kim", 1)

    # then sign-in is locked, saying for how long
    assert response.status_code == 429
    assert "Sign-in locked" in response.text and "locked for 15 minutes" in response.text

    # and the right password does not open it now
    response = english.post("/login/", {"username": "kim", "password": PASSWORD})
    assert response.status_code == 429
    assert not signed_in(english)


def test_the_lockout_is_of_that_user_name_from_that_address(client, second_factor, kim):
    # given kim's name locked out from one address
    wrong_passwords(client, "kim", 5, REMOTE_ADDR="203.0.113.9")

    # when kim signs in from another
    response = client.post("/login/", {"username": "kim", "password": PASSWORD}, REMOTE_ADDR="198.51.100.7")

    # then they reach the code as usual
    assert response.status_code == 302 and response.url == "/login/code/"


def test_wrong_codes_lock_out_too(english, second_factor, kim):
    # given kim gave the right password
    english.post("/login/", {"username": "kim", "password": PASSWORD})
    right = code_of(kim.totpdevice_set.get())
    wrong = "000000" if right != "000000" else "111111"

    # when five wrong codes are entered
    for _ in range(4):
        assert english.post("/login/code/", {"code": wrong}).status_code == 200
    response = english.post("/login/code/", {"code": wrong})

    # then sign-in is locked: the right code now leads back to the password, which is locked out
    assert response.status_code == 429 and "Sign-in locked" in response.text
    assert english.post("/login/code/", {"code": right}).url == "/login/"
    assert english.post("/login/", {"username": "kim", "password": PASSWORD}).status_code == 429
    assert not signed_in(english)


def test_the_locked_out_page_speaks_the_users_language(client, second_factor, kim):
    # given a Korean browser
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "ko"

    # when five wrong passwords are given
    response = wrong_passwords(client, "kim", 5)

    # then the page says in Korean that sign-in is locked
    assert response.status_code == 429
    assert '<html lang="ko">' in response.text
    assert "로그인이 잠겼습니다" in response.text


def test_an_administrator_unlocks_at_once(english, second_factor, kim):
    # given kim locked out
    wrong_passwords(english, "kim", 5)
    assert english.post("/login/", {"username": "kim", "password": PASSWORD}).status_code == 429

    # when an administrator runs `amends axes_reset_username kim`
    call_command("axes_reset_username", "kim", stdout=open("/dev/null", "w"))  # noqa: SIM115

    # then kim signs in
    assert sign_in(english, kim).url == "/cases/"


def test_a_successful_sign_in_forgets_earlier_failures(english, second_factor, kim):
    # given four wrong passwords, then a whole sign-in
    wrong_passwords(english, "kim", 4)
    assert sign_in(english, kim).url == "/cases/"
    english.post("/logout/")

    # when one more wrong password is given
    response = wrong_passwords(english, "kim", 1)

    # then it is one failure, not the fifth
    assert response.status_code == 200


# Session expiry ------------------------------------------------------------------------------------


def stored(client) -> Session:
    return Session.objects.get(session_key=client.session.session_key)


def test_a_session_left_idle_for_thirty_minutes_is_signed_out(english, second_factor, kim, settings):
    # given kim signed in; sessions last 30 idle minutes
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    sign_in(english, kim)
    assert signed_in(english)

    # when the session was last used 31 minutes ago (its stored expiry passed a minute ago)
    Session.objects.filter(pk=stored(english).pk).update(expire_date=timezone.now() - timedelta(minutes=1))

    # then the next page asks them to sign in again
    assert english.get("/cases/").url == "/login/?next=/cases/"


def test_using_the_session_moves_its_expiry_on(english, second_factor, kim):
    # given kim signed in, and last active 20 minutes ago
    sign_in(english, kim)
    Session.objects.filter(pk=stored(english).pk).update(expire_date=timezone.now() + timedelta(minutes=10))

    # when they open a page
    assert signed_in(english)

    # then the session lasts 30 minutes from now
    left = stored(english).expire_date - timezone.now()
    assert timedelta(minutes=29) < left <= timedelta(minutes=30)


def test_a_session_saved_within_the_minute_is_not_written_again(english, second_factor, kim):
    # given kim signed in just now
    sign_in(english, kim)
    expiry = stored(english).expire_date

    # when they open a page straight away
    assert signed_in(english)

    # then the stored session was not written again
    assert stored(english).expire_date == expiry


def test_a_session_ends_twelve_hours_after_signing_in_however_busy(english, second_factor, kim, settings):
    # given kim signed in 12 hours and a minute ago, and busy since
    assert settings.AMENDS_SESSION_MAX_AGE == 12 * 3600
    sign_in(english, kim)
    session = english.session
    session[SIGNED_IN_AT] = time.time() - 12 * 3600 - 60
    session.save()

    # then the next page asks them to sign in again
    assert english.get("/cases/").url == "/login/?next=/cases/"
