"""Staff pages for a person: their family, and recording a death or a renunciation.

Recording either first shows, without writing anything, every award it changes and who gains and
who loses; only the confirmation writes. A death (or a corrected date of death) is reported by a
caseworker and recorded only when a different legal reviewer confirms it (four eyes, issue 15).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from amends.audit.selectors import events_for
from amends.core import roles
from amends.core.clock import today
from amends.core.roles import LEGAL_REVIEWER, has_role
from amends.core.web import role_required, show_refusal, user_roles
from amends.payments import corrections
from amends.payments import services as payment_services
from amends.payments.owed import succession_changes
from amends.registry import services
from amends.registry.forms import DeathForm, RenunciationForm
from amends.registry.models import DeathReport, Document, ParentChild, Person
from amends.registry.selectors import family_of


def _page(request: HttpRequest, person: Person, *, status: int = 200, **context) -> HttpResponse:
    family = family_of(person=person)
    relatives = [p for p in family.people.values() if p.pk != person.pk]
    context.setdefault("death_form", DeathForm())
    context.setdefault("renunciation_form", RenunciationForm(relatives=relatives))
    parents = family.parents.get(person.pk, [])
    children = [child for child, its_parents in family.parents.items() if person.pk in its_parents]
    spouses = [
        (family.people[m.spouse_b_id if m.spouse_a_id == person.pk else m.spouse_a_id], m)
        for m in family.marriages
        if person.pk in (m.spouse_a_id, m.spouse_b_id)
    ]
    return render(
        request,
        "casework/person_detail.html",
        {
            "person": person,
            "parents": [family.people[pk] for pk in parents],
            "children": sorted(
                (family.people[pk] for pk in children), key=lambda p: (p.birth_date is None, p.birth_date)
            ),
            "spouses": spouses,
            "renunciations": [r for r in family.renunciations if r.person_id == person.pk],
            "documents": _documents(person, family),
            "history": events_for(subject=person).select_related("actor"),
            "awards": person.awards.select_related("case"),
            # Each with its claim file, if one is open (its number links to it), in the same query.
            "credits": person.credits.select_related("award__case", "award__victim", "claim"),
            "death_reports": person.death_reports.filter(status=DeathReport.Status.PROPOSED).select_related(
                "proposed_by", "document"
            ),
            "reviewer": has_role(request.user, LEGAL_REVIEWER),
            # Recording a death or a renunciation is the caseworker's (the services check it): the
            # forms only for them.
            "casework": roles.CASEWORKER in user_roles(request),
            **context,
        },
        status=status,
    )


def _documents(person: Person, family) -> list[Document]:
    """The documents that prove this person's facts: death, parents, marriages, renunciations."""
    pks = {person.death_document_id}
    pks |= set(ParentChild.objects.filter(child=person).values_list("document_id", flat=True))
    pks |= {m.document_id for m in family.marriages if person.pk in (m.spouse_a_id, m.spouse_b_id)}
    pks |= {r.document_id for r in family.renunciations if r.person_id == person.pk}
    return list(Document.objects.filter(pk__in=pks - {None}))


@role_required(*roles.DOCUMENT_READERS, message=roles.DOCUMENT_REFUSED)
def document_download(request: HttpRequest, pk: int) -> FileResponse:
    """The certificate, decrypted (amends.core.crypto), named by its kind and date rather than the
    stored name; not kept by the browser."""
    document = get_object_or_404(Document, pk=pk)
    suffix = document.file.name.rpartition(".")[2] if "." in document.file.name else "bin"
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=f"{document.kind}-{document.issued_on.isoformat()}-{document.pk}.{suffix}",
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, get_object_or_404(Person, pk=pk))


def _document(form, *, by) -> object:
    data = form.cleaned_data
    if not data.get("document_file"):
        return None
    return services.document_upload(
        by=by, kind=data["document_kind"], issued_on=data["document_issued_on"], file=data["document_file"]
    )


@login_required
@require_POST
def person_record_death(request: HttpRequest, pk: int) -> HttpResponse:
    """Report a death (or a corrected date of death): shown first with what it changes, then proposed;
    a different legal reviewer confirms it (:func:`death_decide`)."""
    person = get_object_or_404(Person, pk=pk)
    form = DeathForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, person, death_form=form)
    died_on = form.cleaned_data["died_on"]
    try:
        # The date's own rules (not before birth, not ahead) before any preview: a date the report
        # would refuse previews nothing and offers no confirmation (issue 17).
        services.check_death_date(person, died_on)
    except ValidationError as error:
        for message in error.message_dict.get("died_on", error.messages):
            form.add_error("died_on", message)
        return _page(request, person, death_form=form)
    if request.POST.get("action") != "confirm" and person.death_date is None:
        changes = succession_changes(person=person, on=today(), died_on=died_on)
        return _page(
            request,
            person,
            death_form=form,
            preview=changes,
            preview_of="death",
            # Nothing to confirm while the family record cannot be computed (the reason is shown).
            preview_blocked=any(change.error for change in changes),
        )
    try:
        with transaction.atomic():
            services.death_propose(
                by=request.user,
                person=person,
                died_on=died_on,
                document=_document(form, by=request.user),
                reason=form.cleaned_data.get("reason", ""),
            )
    except ValidationError as error:
        form.add_error(None, error.messages)
        return _page(request, person, death_form=form)
    messages.success(
        request,
        _("The death of %(person)s on %(date)s is reported: a legal reviewer confirms it.")
        % {"person": person, "date": died_on},
    )
    return redirect("people:person_detail", pk=person.pk)


@login_required
@require_POST
def death_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """A legal reviewer (not the reporter) confirms a reported death, which records it and hands the
    claims on, or refuses it with the reason."""
    report = get_object_or_404(DeathReport.objects.select_related("person"), pk=pk)
    person = report.person
    try:
        if request.POST.get("action") == "confirm":
            handed = corrections.death_confirm(by=request.user, report=report)
        else:
            services.death_refuse(by=request.user, report=report, reason=request.POST.get("refusal", ""))
            messages.info(
                request, _("The report of the death of %(person)s is refused.") % {"person": person}
            )
            return redirect("people:person_detail", pk=person.pk)
    except ValidationError as error:
        show_refusal(request, error)
        return redirect("people:person_detail", pk=person.pk)
    messages.success(
        request,
        _("The death of %(person)s on %(date)s is recorded.") % {"person": person, "date": report.died_on},
    )
    for item in handed:
        if item.error:
            messages.warning(
                request,
                _("The claim of %(person)s on %(case)s cannot pass to the heirs yet: %(error)s")
                % {"person": person, "case": item.claim.creditor.award.case.number, "error": item.error},
            )
        elif item.heirs:
            messages.info(
                request,
                _("The claim on %(case)s passed to %(heirs)s.")
                % {
                    "case": item.claim.creditor.award.case.number,
                    "heirs": ", ".join(
                        f"{heir.person} ({heir.share_numerator}/{heir.share_denominator})"
                        for heir in item.heirs
                    ),
                },
            )
        if item.stopped:
            messages.warning(
                request,
                _("A payment in preparation for %(person)s was stopped: the claim passes to the heirs.")
                % {"person": person},
            )
    return redirect("people:person_detail", pk=person.pk)


@login_required
@require_POST
def person_record_renunciation(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person, pk=pk)
    relatives = list(family_of(person=person).people.values())
    form = RenunciationForm(request.POST, request.FILES, relatives=relatives)
    if not form.is_valid():
        return _page(request, person, renunciation_form=form)
    estate_of, accepted_on = form.cleaned_data["estate_of"], form.cleaned_data["accepted_on"]
    if request.POST.get("action") != "confirm":
        changes = succession_changes(person=person, on=today(), renounces=estate_of)
        return _page(
            request,
            person,
            renunciation_form=form,
            preview=changes,
            preview_of="renunciation",
            preview_blocked=any(change.error for change in changes),
        )
    try:
        with transaction.atomic():
            payment_services.renunciation_record(
                by=request.user,
                person=person,
                estate_of=estate_of,
                accepted_on=accepted_on,
                document=_document(form, by=request.user),
            )
    except ValidationError as error:
        form.add_error(None, error.messages)
        return _page(request, person, renunciation_form=form)
    except PermissionDenied as refused:
        show_refusal(request, refused)
        return _page(request, person, renunciation_form=form, status=403)
    messages.success(
        request,
        _("The renunciation by %(person)s of the estate of %(estate)s is recorded.")
        % {"person": person, "estate": estate_of},
    )
    return redirect("people:person_detail", pk=person.pk)
