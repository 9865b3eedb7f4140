"""Staff pages for linkage: runs and their progress, the review queue, a candidate pair side by side,
and an application with its flags. Caseworkers act; legal reviewers read."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from amends.core import roles
from amends.core.web import role_required, show_refusal
from amends.linkage.model import DEFAULT_THRESHOLD
from amends.rosters import selectors, services
from amends.rosters.models import Application, CandidatePair, LinkageRun, ReviewDecision

READERS = (roles.CASEWORKER, roles.LEGAL_REVIEWER)
FIELDS = (
    ("name_hangul", gettext_lazy("Name in Hangul")),
    ("name_hanja", gettext_lazy("Name in Hanja")),
    ("name_japanese", gettext_lazy("Japanese-style name")),
    ("name_japanese_reading", gettext_lazy("Reading")),
    ("name_romanized", gettext_lazy("Romanised name")),
    ("birth_date", gettext_lazy("Birth date")),
    ("hometown", gettext_lazy("Hometown")),
    ("employer", gettext_lazy("Employer")),
    ("worksite", gettext_lazy("Worksite")),
)


linkage_reader = role_required(
    *READERS, message=gettext_lazy("Linkage needs the caseworker or legal reviewer role.")
)


@linkage_reader
def run_list(request: HttpRequest) -> HttpResponse:
    # A run whose worker died is failed here, so that the page says so and a new run may start.
    services.linkage_runs_reclaim()
    runs = [
        (run, selectors.reason_text(run.reason))
        for run in LinkageRun.objects.select_related("started_by")[:20]
    ]
    current = LinkageRun.objects.filter(
        status__in=[LinkageRun.Status.QUEUED, LinkageRun.Status.RUNNING]
    ).first()
    return render(
        request,
        "rosters/run_list.html",
        {
            "runs": runs,
            "current": current,
            "default_threshold": DEFAULT_THRESHOLD,
            "can_run": roles.has_role(request.user, roles.CASEWORKER),
            "counts": {
                "roster": _count("rosterentry"),
                "applications": Application.objects.count(),
                "flagged": Application.objects.exclude(duplicate_of=None, earlier_payment=None).count(),
            },
        },
    )


def _count(model_name: str) -> int:
    from django.apps import apps

    return apps.get_model("rosters", model_name).objects.count()


@login_required
@require_POST
def run_start(request: HttpRequest) -> HttpResponse:
    try:
        run = services.linkage_run_start(threshold=request.POST.get("threshold", ""), by=request.user)
    except ValidationError as error:
        show_refusal(request, error)
        return redirect("rosters:run_list")
    messages.success(request, _("Matching run queued; the worker will start it shortly."))
    return redirect("rosters:run_detail", pk=run.pk)


@login_required
@require_POST
def run_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(LinkageRun, pk=pk)
    try:
        run = services.linkage_run_cancel(run=run, by=request.user)
    except ValidationError as error:
        show_refusal(request, error)
    else:
        if run.status == LinkageRun.Status.CANCELLED:
            messages.success(request, _("Run %(number)s cancelled.") % {"number": run.pk})
        else:
            messages.success(
                request, _("Run %(number)s stops at its worker's next step.") % {"number": run.pk}
            )
    if request.POST.get("next") == "detail":
        return redirect("rosters:run_detail", pk=run.pk)
    return redirect("rosters:run_list")


@linkage_reader
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    services.linkage_runs_reclaim()
    run = get_object_or_404(LinkageRun, pk=pk)
    context = {
        "run": run,
        "reason": selectors.reason_text(run.reason),
        "warnings": selectors.warning_texts(run.warnings),
        "can_cancel": roles.has_role(request.user, roles.CASEWORKER),
    }
    if run.status == LinkageRun.Status.DONE:
        context["undecided"] = selectors.review_queue(run=run).count()
        context["comparisons"] = [
            {
                "name": comparison.get("output_column_name"),
                "levels": [
                    (level.get("label_for_charts"), level.get("m_probability"), level.get("u_probability"))
                    for level in comparison.get("comparison_levels", [])
                    if not level.get("is_null_level")
                ],
            }
            for comparison in run.parameters.get("comparisons", [])
        ]
    return render(request, "rosters/run_detail.html", context)


@linkage_reader
def run_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress fragment that htmx polls while a run is queued or running."""
    services.linkage_runs_reclaim()
    return render(request, "rosters/_progress.html", {"run": get_object_or_404(LinkageRun, pk=pk)})


@linkage_reader
def review_queue(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(LinkageRun, pk=pk, status=LinkageRun.Status.DONE)
    decided = request.GET.get("decided") == "1"
    page = Paginator(selectors.review_queue(run=run, decided=decided), 25).get_page(request.GET.get("page"))
    return render(request, "rosters/review_queue.html", {"run": run, "page": page, "decided": decided})


@linkage_reader
def pair_detail(request: HttpRequest, pk: int) -> HttpResponse:
    pair = get_object_or_404(
        CandidatePair.objects.select_related("run", "application", "roster_entry"), pk=pk
    )
    rows = [
        (label, getattr(pair.application, name, ""), getattr(pair.roster_entry, name, ""))
        for name, label in FIELDS
    ]
    history = ReviewDecision.objects.filter(
        application_ref=pair.application.ref, roster_ref=pair.roster_entry.ref
    ).select_related("decided_by")
    return render(
        request,
        "rosters/pair_detail.html",
        {
            "pair": pair,
            "rows": rows,
            "evidence": sorted(pair.evidence.items()),
            "history": history,
            "verdicts": ReviewDecision.Verdict.choices,
            "can_decide": roles.has_role(request.user, roles.CASEWORKER),
        },
    )


@login_required
@require_POST
def pair_decide(request: HttpRequest, pk: int) -> HttpResponse:
    pair = get_object_or_404(CandidatePair, pk=pk)
    try:
        services.review_decide(
            pair=pair,
            verdict=request.POST.get("verdict", ""),
            note=request.POST.get("note", ""),
            by=request.user,
        )
    except ValidationError as error:
        show_refusal(request, error)
    except PermissionDenied as refused:
        show_refusal(request, refused)
        response = pair_detail(request, pk)
        response.status_code = 403
        return response
    else:
        messages.success(request, _("Decision recorded."))
        following = selectors.review_queue(run=pair.run).first()
        if following is not None:
            return redirect("rosters:pair_detail", pk=following.pk)
    return redirect("rosters:pair_detail", pk=pk)


@linkage_reader
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(
        Application.objects.select_related("duplicate_of", "earlier_payment"), pk=pk
    )
    run = selectors.latest_run()
    candidates = (
        application.candidates.filter(run=run).select_related("roster_entry").order_by("-probability")
        if run
        else []
    )
    return render(
        request,
        "rosters/application_detail.html",
        {"application": application, "candidates": candidates, "fields": FIELDS},
    )
