"""Staff sign-in: the password, then a code from an authenticator app.

1. ``/login/`` checks the user name and password (Django's ``LoginView``; django-axes counts the
   failures). With ``AMENDS_REQUIRE_2FA`` off, that signs the session in. Otherwise the session only
   remembers, for :data:`PENDING_SECONDS`, whose password was right, and goes on to
2. ``/login/code/``: the six-digit code of the user's TOTP device (django-otp, which refuses a code
   used before and slows down guessing); or, for a user with no device yet,
3. ``/login/enrol/``: a new device's QR code (drawn here as SVG by segno) and its key as text, confirmed
   by a first code from the app.

Only then is the session signed in, with the device that verified it (:func:`django_otp.login`). A
wrong code counts as a failed sign-in, so wrong passwords and wrong codes lock out together: after
``AXES_FAILURE_LIMIT`` of them, that user name from that address sees :func:`locked_out` until the
cool-off ends or ``amends axes_reset_username NAME`` unlocks it.
"""

import time
from base64 import b32encode
from typing import Any

import django_otp
import segno
from axes.handlers.proxy import AxesProxyHandler
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import login as auth_login
from django.contrib.auth.signals import user_login_failed
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django_otp.plugins.otp_totp.models import TOTPDevice

from amends.core.signin_middleware import SIGNED_IN_AT

# Whose password was right, while they enter their code.
PENDING = "amends_pending_sign_in"
PENDING_SECONDS = 5 * 60


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code from your authenticator app"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True, "size": 8}
        ),
    )

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].replace(" ", "")
        if not (code.isascii() and code.isdigit()):
            raise forms.ValidationError(_("The code is six digits."))
        return code


class PasswordStep(LoginView):
    """Django's login page; with the second factor required, a right password leads to the code."""

    def form_valid(self, form):
        if not settings.AMENDS_REQUIRE_2FA:
            response = super().form_valid(form)
            self.request.session[SIGNED_IN_AT] = time.time()
            return response
        user = form.get_user()
        # A new session key: whatever the browser held before the password was given is not carried on.
        self.request.session.cycle_key()
        self.request.session[PENDING] = {
            "user": user.pk,
            "backend": user.backend,
            "at": time.time(),
            "next": self.get_success_url(),
        }
        return redirect("login_code" if _confirmed_device(user) else "login_enrol")


def _confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def _pending(request: HttpRequest) -> tuple[Any, dict | None]:
    """The user whose password was right in this session, not too long ago, and still active."""
    pending = request.session.get(PENDING)
    if not isinstance(pending, dict) or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        request.session.pop(PENDING, None)
        return None, None
    user = get_user_model().objects.filter(pk=pending["user"], is_active=True).first()
    return user, pending


def _credentials(user) -> dict[str, str]:
    return {"username": user.get_username()}


def _locked(request: HttpRequest, user) -> bool:
    return not AxesProxyHandler.is_allowed(request, _credentials(user))


def _wrong_code(request: HttpRequest, user, form: CodeForm) -> None:
    # Counted with the wrong passwords: Django's own user_login_failed (what authenticate() sends for a
    # wrong password) is how django-axes counts; at the limit it locks the user name out, and its
    # middleware answers with locked_out().
    user_login_failed.send(sender=__name__, credentials=_credentials(user), request=request)
    form.add_error(
        "code", _("That code is not right, or it was used already. Enter the code the app shows now.")
    )


def _sign_in(request: HttpRequest, user, pending: dict, device: TOTPDevice) -> HttpResponse:
    del request.session[PENDING]
    auth_login(request, user, backend=pending["backend"])  # a new session key again
    django_otp.login(request, device)
    request.session[SIGNED_IN_AT] = time.time()
    return redirect(pending["next"])


def _start_again(request: HttpRequest) -> HttpResponse:
    messages.info(request, _("Please sign in again."))
    return redirect("login")


@sensitive_post_parameters("code")
@csrf_protect
@never_cache
def code_step(request: HttpRequest) -> HttpResponse:
    user, pending = _pending(request)
    if user is None:
        return _start_again(request)
    device = _confirmed_device(user)
    if device is None:
        return redirect("login_enrol")
    if _locked(request, user):
        return locked_out(request, None, _credentials(user))
    form = CodeForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        if django_otp.verify_token(user, device.persistent_id, form.cleaned_data["code"]):
            return _sign_in(request, user, pending, device)
        _wrong_code(request, user, form)
    return render(request, "registration/second_factor.html", {"form": form, "username": user.get_username()})


@sensitive_post_parameters("code")
@csrf_protect
@never_cache
def enrol_step(request: HttpRequest) -> HttpResponse:
    user, pending = _pending(request)
    if user is None:
        return _start_again(request)
    if _confirmed_device(user) is not None:
        return redirect("login_code")
    if _locked(request, user):
        return locked_out(request, None, _credentials(user))
    # The same unconfirmed device (and QR code) until it is confirmed, so that reloading the page does
    # not change the key the app has just scanned.
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator app", confirmed=False)
    form = CodeForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        if django_otp.verify_token(user, device.persistent_id, form.cleaned_data["code"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            return _sign_in(request, user, pending, device)
        _wrong_code(request, user, form)
    key = b32encode(device.bin_key).decode()
    context = {
        "form": form,
        "username": user.get_username(),
        # segno's own markup of a URL made here; paths only (no inline style, which the
        # Content-Security-Policy would refuse).
        "qr_svg": mark_safe(
            segno.make(device.config_url, error="m").svg_inline(
                scale=5, light="#fff", title=_("QR code for your authenticator app")
            )
        ),
        "key": " ".join(key[i : i + 4] for i in range(0, len(key), 4)),
    }
    return render(request, "registration/enrol.html", context)


def locked_out(request: HttpRequest, response: HttpResponse | None, credentials: dict | None) -> HttpResponse:
    """The page for a locked-out sign-in (``AXES_LOCKOUT_CALLABLE``), in the user's language, with
    status 429. A pending second step is dropped: after the cool-off, sign-in starts again."""
    request.session.pop(PENDING, None)
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60) if settings.AXES_COOLOFF_TIME else None
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    return render(
        request,
        "registration/locked_out.html",
        {"minutes": minutes, "username": username, "limit": settings.AXES_FAILURE_LIMIT},
        status=429,
    )
