"""Staff pages for a creditor's claim: the file, its timeline and history, and the next steps."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from amends.core import roles
from amends.core.web import parse_day, parse_pk, parse_won, show_refusal, user_roles
from amends.judgments.models import Award, Creditor
from amends.letters.selectors import claim_letter_kinds, letters_for_claim
from amends.payments import selectors, services
from amends.payments.models import Claim


@login_required
def claim_detail(request: HttpRequest, creditor_pk: int) -> HttpResponse:
    return _claim_page(request, creditor_pk)


def _claim_page(request: HttpRequest, creditor_pk: int, *, posted=None, status: int = 200) -> HttpResponse:
    """The claim file. ``posted``: a step that was refused, shown open again with what was entered
    (``event`` and the facts by name), so that nothing typed is lost."""
    creditor = get_object_or_404(Creditor.objects.select_related("award__case", "person"), pk=creditor_pk)
    claim = Claim.objects.filter(creditor=creditor).first()
    held = user_roles(request)
    context = {
        "creditor": creditor,
        "claim": claim,
        "idempotency_key": uuid.uuid4(),
        "posted": posted,
        # Opening the file, handing it on, letters and portal codes: the caseworker's (the services').
        "casework": roles.CASEWORKER in held,
        "casework_role": roles.label(roles.CASEWORKER),
    }
    if claim is not None:
        file = selectors.claim_file(claim=claim)
        context |= {
            "file": file,
            # Each next step, and whether this user may record it (the role the service will check):
            # the form only for who may submit it, the step and the role it needs for everyone else.
            "steps": [
                {
                    "step": step,
                    "may_record": step.needs_role is None or step.needs_role in held,
                    "role": roles.label(step.needs_role) if step.needs_role else "",
                    "refused": bool(posted) and posted["event"] == step.event,
                    "entered": posted["facts"] if posted and posted["event"] == step.event else {},
                }
                for step in file.allowed
            ],
            "entries": claim.entries.select_related("by"),
            "history": selectors.claim_history(claim=claim),
            "letters": letters_for_claim(claim=claim),
            "letter_kinds": claim_letter_kinds(),
        }
    return render(request, "casework/claim_detail.html", context, status=status)


@login_required
@require_POST
def claim_open(request: HttpRequest, creditor_pk: int) -> HttpResponse:
    creditor = get_object_or_404(Creditor, pk=creditor_pk)
    services.claim_open(creditor=creditor, by=request.user)
    return redirect("claims:claim_detail", creditor_pk=creditor.pk)


@login_required
@require_POST
def claim_record(request: HttpRequest, creditor_pk: int) -> HttpResponse:
    claim = get_object_or_404(Claim, creditor_id=creditor_pk)
    facts = {name[5:]: value.strip() for name, value in request.POST.items() if name.startswith("fact_")}
    try:
        services.claim_record(
            claim=claim,
            event=request.POST.get("event", ""),
            by=request.user,
            facts=facts,
            idempotency_key=request.POST.get("idempotency_key") or None,
        )
    except (ValidationError, PermissionDenied) as refused:
        # Nothing was recorded: the page again, the step open with what was entered and why it was
        # refused (400 for what was asked, 403 for who asked), rather than a redirect that loses it.
        show_refusal(request, refused)
        posted = {"event": request.POST.get("event", ""), "facts": facts}
        status = 403 if isinstance(refused, PermissionDenied) else 400
        return _claim_page(request, claim.creditor_id, posted=posted, status=status)
    messages.success(request, _("Recorded."))
    return redirect("claims:claim_detail", creditor_pk=creditor_pk)


@login_required
@require_POST
def claim_hand_on(request: HttpRequest, creditor_pk: int) -> HttpResponse:
    """Hand a dead creditor's claim to the heirs again, once the family record is complete."""
    creditor = get_object_or_404(Creditor.objects.select_related("person"), pk=creditor_pk)
    try:
        handed = services.claims_hand_on(by=request.user, person=creditor.person)
    except (ValidationError, PermissionDenied) as refused:
        show_refusal(request, refused)
    else:
        for item in handed:
            if item.error:
                messages.warning(request, item.error)
        if not any(item.error for item in handed):
            messages.success(request, _("The claim is with the heirs."))
    return redirect("claims:claim_detail", creditor_pk=creditor_pk)


@login_required
@require_POST
def external_payment_create(request: HttpRequest, award_pk: int) -> HttpResponse:
    """Record money received on an award from elsewhere; back to the award on the case page."""
    award = get_object_or_404(Award.objects.select_related("case"), pk=award_pk)
    try:
        creditor = None
        if request.POST.get("creditor"):
            creditor = get_object_or_404(award.creditors, pk=parse_pk(request.POST["creditor"]))
        services.external_payment_record(
            award=award,
            by=request.user,
            paid_on=parse_day(request.POST.get("paid_on"), "paid_on"),
            amount=parse_won(request.POST.get("amount"), "amount"),
            source=request.POST.get("source", "").strip(),
            creditor=creditor,
        )
    except ValidationError as error:
        show_refusal(request, error)
    else:
        messages.success(request, _("The payment from elsewhere is recorded."))
    return redirect(reverse("cases:case_detail", args=[award.case.number]) + f"#award-{award.pk}")
