"""Staff pages for the support programme's application files (issue 16), under ``/applications/``:
the list, and one application's page with each step as a form shown only to the role that may submit
it (:mod:`amends.law.applications` names it). The services (:mod:`amends.programme.services`) decide;
these views parse and show."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from amends.audit.selectors import events_for
from amends.core.parsing import parse_day
from amends.core.roles import AUDITOR, CASEWORKER, LEGAL_REVIEWER
from amends.core.roles import label as role_label
from amends.core.web import parse_pk, role_required, show_refusal, user_roles
from amends.law import applications as law
from amends.letters import services as letters
from amends.programme import services
from amends.programme.models import ApplicationFile
from amends.registry.models import Person
from amends.registry.selectors import people_search
from amends.rosters.models import Application, ReviewDecision

READERS = (CASEWORKER, LEGAL_REVIEWER, AUDITOR)
# The states a decision letter can be written in (the eligibility, or the objection, decided).
DECIDED = {law.State.ELIGIBLE, law.State.REFUSED, law.State.OBJECTION_UPHELD, law.State.OBJECTION_DISMISSED}
REFUSED = "Application files are for caseworkers, legal reviewers and auditors."


@role_required(*READERS, message=REFUSED)
def file_list(request: HttpRequest) -> HttpResponse:
    """The application files, newest first, and the applications a caseworker accepted as the same
    person as a roster entry that have no file yet (awaiting their link)."""
    files = ApplicationFile.objects.select_related("application", "person").order_by("-pk")
    accepted = ReviewDecision.objects.filter(
        pair__application=OuterRef("pk"), verdict=ReviewDecision.Verdict.ACCEPT
    )
    awaiting = Application.objects.filter(Exists(accepted), programme_file__isnull=True).order_by("pk")[:100]
    page = Paginator(files, 50).get_page(request.GET.get("page"))
    return render(request, "casework/application_files.html", {"page": page, "awaiting": awaiting})


@role_required(*READERS, message=REFUSED)
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(
        Application.objects.select_related("duplicate_of", "earlier_payment"), pk=pk
    )
    file = (
        ApplicationFile.objects.select_related(
            "person",
            "linked_by",
            "proposed_by",
            "decided_by",
            "objection_filed_by",
            "objection_decided_by",
            "flag_cleared_by",
        )
        .filter(application=application)
        .first()
    )
    state = file.state if file else law.State.RECEIVED
    roles = user_roles(request)
    # Each step the state allows, with the role it needs and whether this reader may submit it.
    steps = []
    for step in law.steps_from(state):
        transition = law.TRANSITIONS[state, step]
        # Four eyes: whoever recorded the step this one decides sees it, not its form.
        own = (
            bool(transition.not_by) and getattr(file, services.DONE_BY[transition.not_by]) == request.user.pk
        )
        steps.append(
            {
                "name": step.value,
                "role": role_label(transition.role),
                "mine": transition.role in roles and not own,
                "own": own,
            }
        )
    return render(
        request,
        "casework/application_detail.html",
        {
            "application": application,
            "file": file,
            "state": state,
            "steps": steps,
            "deadline": services.objection_deadline(file) if file else None,
            "may_clear": file is not None and file.flag_open and LEGAL_REVIEWER in roles,
            "history": events_for(subject=file).select_related("actor") if file else [],
            "letters": file.letters.defer("pdf").select_related("sent_by").order_by("sent_at", "id")
            if file
            else [],
            "letter_ready": file is not None and file.state in DECIDED,
            # People the application's name finds, to link to rather than register anew.
            "candidates": list((people_search(application.name_hangul) or Person.objects.none())[:5])
            if file is None and CASEWORKER in roles
            else [],
        },
    )


@role_required(CASEWORKER, LEGAL_REVIEWER, message=REFUSED)
@require_POST
def application_step(request: HttpRequest, pk: int) -> HttpResponse:
    """One step on the application's file, as the form names it (``step``); a refusal comes back as
    messages on the application's page."""
    application = get_object_or_404(Application, pk=pk)
    post, by = request.POST, request.user
    step = post.get("step", "")
    try:
        if step == "link":
            person = None
            if (value := post.get("person", "").strip()) != "":
                person = Person.objects.filter(pk=parse_pk(value)).first()
                if person is None:
                    raise ValidationError({"person": _("No person has number %(pk)s.") % {"pk": value}})
            services.application_link(application=application, person=person, by=by)
        else:
            file = get_object_or_404(ApplicationFile, application=application)
            reasons = post.get("reasons", "")
            if step == "propose":
                services.eligibility_propose(
                    file=file, proposal=post.get("proposal", ""), reasons=reasons, by=by
                )
            elif step in ("approve", "refuse"):
                services.eligibility_decide(file=file, eligible=step == "approve", reasons=reasons, by=by)
            elif step == "object":
                services.objection_file(
                    file=file,
                    filed_on=parse_day(post.get("filed_on"), "filed_on"),
                    objection=post.get("objection", ""),
                    by=by,
                )
            elif step in ("uphold", "dismiss"):
                services.objection_decide(file=file, upheld=step == "uphold", reasons=reasons, by=by)
            elif step == "clear_flag":
                services.flag_clear(file=file, reason=post.get("reason", ""), by=by)
            else:
                raise ValidationError({"step": _("Choose a step.")})
    except ValidationError as error:
        show_refusal(request, error)
    else:
        messages.success(request, _("Recorded."))
    return redirect("applications:application_detail", pk=application.pk)


@role_required(CASEWORKER, message=REFUSED)
@require_POST
def application_letter(request: HttpRequest, pk: int) -> HttpResponse:
    """Write and store the letter that tells the applicant the decision (with the objection's deadline
    after a refusal), in the language chosen."""
    file = get_object_or_404(ApplicationFile, application_id=pk)
    try:
        letter = letters.programme_decision_send(
            file=file, language=request.POST.get("language", ""), by=request.user
        )
    except ValidationError as error:
        show_refusal(request, error)
    else:
        messages.success(request, _("Letter %(reference)s is stored.") % {"reference": letter.reference})
    return redirect("applications:application_detail", pk=pk)
