"""The families' portal: look up a claim, read where it stands, download its letters.

No staff login and no JavaScript. A successful lookup gives the visitor's session access to that one
claim (the session key is rotated first), for as long as the code that opened it is the claim's
current code, unexpired, and the claim is not locked; every failed lookup gets the same answer.
"""

from datetime import date, datetime, timedelta

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from amends.core.web import show_refusal
from amends.letters.models import Letter
from amends.payments.models import Claim
from amends.portal import selectors, services

SESSION_KEY = "portal_claim"
SESSION_IDLE_SECONDS = 30 * 60
# A page moves the idle expiry on only if the session was last saved longer ago than this.
SESSION_REFRESH_SECONDS = 60
BIRTH_DATE_FORMATS = ("%Y-%m-%d", "%Y.%m.%d", "%Y/%m/%d", "%Y%m%d", "%Y. %m. %d.", "%Y. %m. %d")


class LookupForm(forms.Form):
    number = forms.CharField(
        label=_("Claim number"),
        max_length=20,
        help_text=_("As printed on our letter, for example AM-7KQD-M2XPH."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    birth_date = forms.CharField(
        label=_("Date of birth"),
        max_length=20,
        help_text=_("Year, month and day, for example 1935-04-01 or 19350401."),
        # A plain text box, not a calendar (issue 17): a birth date is known by heart, and a calendar
        # opened on today is ninety years of pages away from it; the browser's own date box writes
        # the date in the browser's locale. The digit keypad on a phone (inputmode) has no hyphen, so
        # eight digits are read too (BIRTH_DATE_FORMATS), as are the dotted forms written in Korea.
        widget=forms.TextInput(attrs={"autocomplete": "bday", "inputmode": "numeric", "spellcheck": "false"}),
    )
    code = forms.CharField(
        label=_("One-time code"),
        max_length=20,
        help_text=_("The eight letters and digits printed on our letter."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autocapitalize": "characters"}),
    )


def parse_birth_date(value: str) -> date | None:
    value = (value or "").strip()
    for pattern in BIRTH_DATE_FORMATS:
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    return None


def client_address(request: HttpRequest) -> str:
    # Behind a reverse proxy, set REMOTE_ADDR from the proxy's header in the proxy or WSGI server.
    return request.META.get("REMOTE_ADDR", "")


@never_cache
def lookup(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = LookupForm(request.POST)
        client = client_address(request)
        paused_until = services.client_paused_until(client=client)
        if paused_until is not None:
            return _paused(request, paused_until)
        if form.is_valid():
            try:
                claim = services.portal_lookup(
                    number=form.cleaned_data["number"],
                    birth_date=parse_birth_date(form.cleaned_data["birth_date"]),
                    code=form.cleaned_data["code"],
                    client=client,
                )
            except services.LookupPaused as paused:
                return _paused(request, paused.until)
            if claim is not None:
                request.session.cycle_key()
                request.session[SESSION_KEY] = {
                    "claim": claim.pk,
                    "code_issued_at": claim.portal_access.code_issued_at.isoformat(),
                }
                # Personal data on a shared or lost phone: the access lapses after idle minutes (a
                # portal page saves the session again, which moves the expiry on: _keep_open).
                request.session.set_expiry(SESSION_IDLE_SECONDS)
                return redirect("portal:status")
            return render(request, "portal/lookup.html", {"form": LookupForm(), "failed": True})
    else:
        form = LookupForm()
    return render(request, "portal/lookup.html", {"form": form})


def _paused(request: HttpRequest, until: datetime) -> HttpResponse:
    """Too many attempts: the address is over its limit, or the claim, asked with the right details,
    is locked (services.LookupPaused); the page says the time to try again, and keeps nothing typed."""
    return render(request, "portal/lookup.html", {"form": LookupForm(), "paused_until": until}, status=429)


def _opened(request: HttpRequest) -> tuple[int | None, str | None]:
    """The claim this session was opened for, and when the code that opened it was issued."""
    opened = request.session.get(SESSION_KEY)
    if not isinstance(opened, dict):
        request.session.pop(SESSION_KEY, None)
        return None, None
    return opened.get("claim"), opened.get("code_issued_at")


def _keep_open(request: HttpRequest) -> None:
    """Move the idle expiry on: save the session if it was last saved more than
    :data:`SESSION_REFRESH_SECONDS` ago (the access lapses after 29 to 30 idle minutes), not on every
    page (a write for every read). Under a session engine that does not say when the stored session
    expires, save it every time."""
    stored = getattr(request.session, "stored_expiry", None)
    if stored is None or stored - timezone.now() < timedelta(
        seconds=SESSION_IDLE_SECONDS - SESSION_REFRESH_SECONDS
    ):
        request.session.modified = True


def _claim_pk(request: HttpRequest) -> int | None:
    """The claim this session was opened for, while the code that opened it is still good."""
    claim_pk, code_issued_at = _opened(request)
    if not selectors.access_still_open(claim_pk=claim_pk, code_issued_at=code_issued_at):
        request.session.pop(SESSION_KEY, None)
        return None
    _keep_open(request)
    return claim_pk


@never_cache
def status(request: HttpRequest) -> HttpResponse:
    claim_pk, code_issued_at = _opened(request)
    status = selectors.open_claim_status(claim_pk=claim_pk, code_issued_at=code_issued_at)
    if status is None:
        request.session.pop(SESSION_KEY, None)
        return redirect("portal:lookup")
    _keep_open(request)
    return render(request, "portal/status.html", {"status": status})


@never_cache
def letter_download(request: HttpRequest, letter_pk: int) -> HttpResponse:
    claim_pk = _claim_pk(request)
    letter = Letter.objects.filter(pk=letter_pk, claim_id=claim_pk).first() if claim_pk else None
    if letter is None:
        raise Http404
    response = HttpResponse(bytes(letter.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{letter.reference}.pdf"'
    return response


@require_POST
def leave(request: HttpRequest) -> HttpResponse:
    # Only the portal's access ends: a staff login in the same browser stays.
    request.session.pop(SESSION_KEY, None)
    request.session.cycle_key()
    return redirect("portal:lookup")


@login_required
@require_POST
def portal_code_issue(request: HttpRequest, claim_pk: int) -> HttpResponse:
    """Staff: a new portal code for the claim; the letter with the code is returned to print, once;
    the stored copy shows the code masked."""
    claim = get_object_or_404(Claim, pk=claim_pk)
    try:
        access, printed = services.portal_code_letter_issue(
            claim=claim,
            language=request.POST.get("language", "ko"),
            portal_url=request.build_absolute_uri(reverse("portal:lookup")),
            by=request.user,
        )
    except (ValidationError, PermissionDenied) as error:
        show_refusal(request, error)
        return redirect("claims:claim_detail", creditor_pk=claim.creditor_id)
    response = HttpResponse(printed, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{access.number}-code.pdf"'
    return response
