"""Staff pages for letters: send a letter from a claim's page, download a stored letter, issue a
portal code (its letter is printed once and stored with the code masked), and edit the wording."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from amends.core import roles
from amends.core.web import show_refusal, user_roles
from amends.letters import services, wording
from amends.letters.models import Kind, Letter, LetterTemplate
from amends.payments.models import Claim


def _pdf(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(bytes(data), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_POST
def letter_send(request: HttpRequest, claim_pk: int) -> HttpResponse:
    claim = get_object_or_404(Claim, pk=claim_pk)
    try:
        letter = services.letter_send(
            claim=claim,
            kind=request.POST.get("kind", ""),
            language=request.POST.get("language", ""),
            by=request.user,
            decision=request.POST.get("decision", "").strip(),
        )
    except ValidationError as error:
        show_refusal(request, error)
    except PermissionDenied as refused:
        show_refusal(request, refused)
    else:
        messages.success(request, _("Letter %(reference)s is stored.") % {"reference": letter.reference})
    return redirect("claims:claim_detail", creditor_pk=claim.creditor_id)


@login_required
def letter_download(request: HttpRequest, letter_pk: int) -> HttpResponse:
    """A stored letter, for the roles whose work letters are (``roles.DOCUMENT_READERS``); a donor's
    receipt also for the finance officers who send it. Every other role: 403. (Creditors read their
    own letters on the portal.)"""
    letter = get_object_or_404(Letter.objects.only("pk", "kind"), pk=letter_pk)
    readers = roles.DOCUMENT_READERS
    if letter.kind == Kind.DONOR_RECEIPT:
        readers = (*readers, roles.FINANCE_OFFICER)
    if not roles.roles_of(request.user) & set(readers):
        raise roles.RoleRequired(roles.DOCUMENT_REFUSED, roles=readers)
    letter = Letter.objects.get(pk=letter.pk)
    response = _pdf(letter.pdf, f"{letter.reference}.pdf")
    response["Cache-Control"] = "no-store"
    return response


@login_required
def template_list(request: HttpRequest) -> HttpResponse:
    rows = []
    for kind in Kind:
        for language in services.LANGUAGES:
            current = LetterTemplate.objects.filter(kind=kind, language=language).order_by("-version").first()
            rows.append({"kind": kind, "language": language, "current": current})
    return render(request, "letters/template_list.html", {"rows": rows})


@login_required
def template_edit(request: HttpRequest, kind: str, language: str) -> HttpResponse:
    if kind not in Kind.values or language not in services.LANGUAGES:
        raise PermissionDenied
    if request.method == "POST":
        try:
            services.template_revise(
                kind=kind,
                language=language,
                subject=request.POST.get("subject", ""),
                body=request.POST.get("body", ""),
                by=request.user,
            )
        except ValidationError as error:
            show_refusal(request, error)
        except PermissionDenied as refused:
            show_refusal(request, refused)
        else:
            messages.success(request, _("A new version of the wording is saved."))
            return redirect("letters:template_edit", kind=kind, language=language)
    current = services.template_current(kind=kind, language=language)
    versions = LetterTemplate.objects.filter(kind=kind, language=language).order_by("-version")
    return render(
        request,
        "letters/template_edit.html",
        {
            "kind": Kind(kind),
            "language": language,
            "current": current,
            "versions": versions,
            "placeholders": wording.PLACEHOLDERS[kind],
            "subject": request.POST.get("subject", current.subject),
            "body": request.POST.get("body", current.body),
            # Revising the wording is the caseworker's (the service checks it): the form only for them.
            "can_revise": roles.CASEWORKER in user_roles(request),
        },
    )
