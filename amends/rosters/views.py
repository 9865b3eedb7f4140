"""Staff pages for linkage: runs and their progress, the review queue, a candidate pair side by side,
and an application with its flags. Caseworkers act; legal reviewers read."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from amends.core import roles
from amends.core.limits import TooLarge, read_upload
from amends.core.tables import Column, table
from amends.core.web import role_required, show_refusal
from amends.linkage.model import DEFAULT_THRESHOLD
from amends.rosters import imports, selectors, services
from amends.rosters.models import (
    Application,
    CandidatePair,
    ImportBatch,
    ImportJob,
    LinkageRun,
    ReviewDecision,
)

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


# The review queue sorts by application, roster entry, probability, or how uncertain the model is
# (closest to 0.5 first, the default: issue 16), and pages (amends.core.tables).
REVIEW_COLUMNS = [
    Column(gettext_lazy("Application"), "application"),
    Column(gettext_lazy("Roster entry"), "entry"),
    Column(gettext_lazy("Probability"), "probability", num=True),
    Column(gettext_lazy("Decision")),
]
REVIEW_ORDERS = {
    "application": ("application__ref",),
    "entry": ("roster_entry__ref",),
    "probability": ("probability",),
    "uncertainty": ("uncertainty",),
}
QUEUE_ORDER_LABELS = (
    ("uncertainty", gettext_lazy("Least certain first (closest to 0.5)")),
    ("-probability", gettext_lazy("Most likely the same person first")),
    ("probability", gettext_lazy("Least likely the same person first")),
    ("application", gettext_lazy("By application")),
)
QUEUE_DECISION_LABELS = (
    ("undecided", gettext_lazy("Undecided")),
    ("decided", gettext_lazy("Decided")),
    *ReviewDecision.Verdict.choices,
    ("all", gettext_lazy("All")),
)
QUEUE_FLAG_LABELS = (
    ("", gettext_lazy("Any")),
    ("flagged", gettext_lazy("Flagged")),
    ("duplicate", gettext_lazy("Possible duplicate")),
    ("paid_before", gettext_lazy("Possibly paid before")),
    ("unflagged", gettext_lazy("Not flagged")),
)


def _probability(value: str | None) -> float | None:
    """A probability bound from the queue's filter; one that is not a number from 0 to 1 is no bound."""
    try:
        number = float(value) if value else None
    except ValueError:
        return None
    return number if number is not None and 0 <= number <= 1 else None


def _queue_filters(request: HttpRequest) -> dict:
    query = request.GET
    decision = query.get("decision") or ("all" if query.get("decided") == "1" else "undecided")
    flag = query.get("flag", "")
    return {
        "decision": decision if decision in selectors.QUEUE_DECISIONS else "undecided",
        "source": query.get("source", ""),
        "flag": flag if flag in selectors.QUEUE_FLAGS else "",
        "low": _probability(query.get("low")),
        "high": _probability(query.get("high")),
    }


@linkage_reader
def review_queue(request: HttpRequest, pk: int) -> HttpResponse:
    """The run's pairs to review, filtered and sorted (issue 16), 50 a page; and the bulk decision."""
    run = get_object_or_404(LinkageRun, pk=pk, status=LinkageRun.Status.DONE)
    filters = _queue_filters(request)
    pairs = table(
        request,
        selectors.review_queue(run=run, **filters),
        columns=REVIEW_COLUMNS,
        orders=REVIEW_ORDERS,
        default="uncertainty",
    )
    return render(
        request,
        "rosters/review_queue.html",
        {
            "run": run,
            "page": pairs.page,
            "table": pairs,
            "filters": filters,
            "sources": selectors.roster_sources(),
            "orders": QUEUE_ORDER_LABELS,
            "decisions": QUEUE_DECISION_LABELS,
            "flags": QUEUE_FLAG_LABELS,
            "can_decide": roles.has_role(request.user, roles.CASEWORKER),
            "bulk_decisions": run.bulk_decisions.select_related("decided_by")[:10],
        },
    )


@login_required
@require_POST
def review_bulk(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(LinkageRun, pk=pk)
    try:
        bulk = services.review_decide_bulk(
            run=run,
            verdict=request.POST.get("verdict", ""),
            threshold=request.POST.get("threshold", ""),
            source=request.POST.get("source", ""),
            note=request.POST.get("note", ""),
            by=request.user,
        )
    except ValidationError as error:
        show_refusal(request, error)
    else:
        messages.success(
            request,
            ngettext(
                "%(count)s pair decided (%(verdict)s); each can be decided again on its own page.",
                "%(count)s pairs decided (%(verdict)s); each can be decided again on its own page.",
                bulk.pairs,
            )
            % {"count": bulk.pairs, "verdict": ReviewDecision.Verdict(bulk.verdict).label},
        )
    return redirect("rosters:review_queue", pk=run.pk)


FLAG_LISTS = {
    "duplicates": ("duplicate", gettext_lazy("Possible duplicate applications")),
    "paid-before": ("paid_before", gettext_lazy("Applicants possibly paid before")),
}


@linkage_reader
def flagged_list(request: HttpRequest, kind: str) -> HttpResponse:
    """The applications the latest run flagged, as possible duplicates or as paid before, 50 a page."""
    if kind not in FLAG_LISTS:
        raise Http404
    flag, title = FLAG_LISTS[kind]
    page = Paginator(selectors.flagged_applications(kind=flag), 50).get_page(request.GET.get("page"))
    return render(
        request, "rosters/flagged_list.html", {"page": page, "kind": kind, "flag": flag, "title": title}
    )


# -- Imports uploaded on the page (issue 16) ----------------------------------------------------------

importer = role_required(roles.CASEWORKER, message=gettext_lazy("Imports need the caseworker role."))


@importer
def import_upload(request: HttpRequest) -> HttpResponse:
    """The upload form and the latest imports; a file posted is queued for the background worker."""
    values = {"kind": "applications", "source": "", "mapping": "", "header_row": "1", "update": False}
    status = 200
    if request.method == "POST":
        values = {
            "kind": request.POST.get("kind", ""),
            "source": request.POST.get("source", ""),
            "mapping": request.POST.get("mapping", ""),
            "header_row": request.POST.get("header_row", "1"),
            "update": request.POST.get("update") == "1",
        }
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise ValidationError({"file": _("Choose the file to import.")})
            job = imports.import_job_create(
                **values, file_name=upload.name, content=read_upload(upload, "file"), by=request.user
            )
        except TooLarge as error:
            show_refusal(request, error)
            status = 413
        except ValidationError as error:
            show_refusal(request, error)
            status = 400
        else:
            messages.success(request, _("The file is queued; the worker imports it shortly."))
            return redirect("rosters:import_detail", pk=job.pk)
    imports.import_jobs_reclaim()
    jobs = ImportJob.objects.defer("content").select_related("created_by")[:20]
    return render(
        request,
        "rosters/import_upload.html",
        {"values": values, "kinds": ImportBatch.Kind.choices, "jobs": jobs, "columns": imports.COLUMNS},
        status=status,
    )


@importer
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    imports.import_jobs_reclaim()
    job = get_object_or_404(ImportJob.objects.defer("content").select_related("created_by"), pk=pk)
    return render(request, "rosters/import_detail.html", {"job": job})


@importer
def import_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress fragment that htmx polls while an import is queued or running."""
    imports.import_jobs_reclaim()
    job = get_object_or_404(ImportJob.objects.defer("content"), pk=pk)
    return render(request, "rosters/_import_progress.html", {"job": job})


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
