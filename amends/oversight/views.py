"""Pages for oversight: the executives' dashboard, the forecast (with the pending suits it
estimates) and the finance reports. The pages keep their addresses (``/claims/dashboard/``,
``/fund/forecast/``, ``/fund/reports/``)."""

from __future__ import annotations

import io
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from amends.core import exports, roles
from amends.core.clock import today
from amends.core.templatetags.amends import won
from amends.core.web import parse_day, parse_won, refusals_as_messages, role_required
from amends.fund import services as fund_services
from amends.fund.models import PendingSuit
from amends.fund.views import fund_reader, money_context
from amends.law.forecast import Scenario, ScenarioError
from amends.oversight.dashboard import CaseRow, cached_dashboard, payments_chart
from amends.oversight.forecast import cached_forecast, forecast_chart
from amends.oversight.reports import REPORTS, Report

DASHBOARD_ROLES = (roles.EXECUTIVE, roles.AUDITOR, roles.APPROVER)


@role_required(
    *DASHBOARD_ROLES, message=gettext_lazy("The dashboard needs the executive, auditor or approver role.")
)
def dashboard(request: HttpRequest) -> HttpResponse:
    board = cached_dashboard(on=today())
    context = {"board": board, "svg": payments_chart(board.chart), "case_rows": _case_rows(board.cases)}
    return render(request, "oversight/dashboard.html", context)


def _case_rows(cases: list[CaseRow]) -> SafeString:
    """The per-case table's rows, written here rather than by the template: hundreds of rows of nine
    cells cost Django's template engine more than computing their figures (issue 14), as the case
    page's rows (``casework/cases.py``, ``_Rows``). Every value is escaped by ``format_html``; the
    link is reversed once and each case's number put in its place, quoted as ``reverse()`` quotes it."""
    placeholder = "__number__"
    link = reverse("cases:case_detail", args=[placeholder])
    return format_html_join(
        "\n",
        '<tr data-case="{}"><th scope="row"><a href="{}" lang="ko">{}</a></th><td lang="en">{}</td>'
        + '<td class="num">{}</td>' * 7
        + "</tr>",
        (
            (
                row.number,
                link.replace(placeholder, quote(row.number, safe=RFC3986_SUBDELIMS + "/~:@")),
                row.number,
                ", ".join(row.defendants),
                *(
                    won(figure)
                    for figure in (
                        row.totals.creditors,
                        row.totals.paid_creditors,
                        row.totals.paid,
                        row.totals.outstanding,
                        row.totals.refusals,
                        row.totals.deposits,
                        row.totals.deposited,
                    )
                ),
            )
            for row in cases
        ),
    )


# -- forecast -------------------------------------------------------------------------------------

DEFAULT_SCENARIO = Scenario(new_judgments_per_year=20, average_award=100_000_000, contributions_per_year=0)
# The scenario's figures by the labels the form shows them under.
SCENARIO_FIELDS = {
    "new_judgments_per_year": gettext_lazy("New judgments per year (victims)"),
    "average_award": gettext_lazy("Average award (won)"),
    "contributions_per_year": gettext_lazy("Contributions per year (won)"),
    "years_to_judgment": gettext_lazy("Years from filing to judgment"),
    "horizon_years": gettext_lazy("Horizon (years)"),
}


def _scenario(query) -> tuple[Scenario, list[str]]:
    """The scenario the query asks for, and a message for each figure refused (naming it as the form
    does); a refused figure keeps its default."""
    values, problems = {}, []
    for name, label in SCENARIO_FIELDS.items():
        raw = query.get(name, "")
        if raw == "":
            continue
        raw = raw.replace(",", "").strip()
        if not raw.isascii() or not raw.isdigit():
            problems.append(_("%(field)s: give a whole number.") % {"field": label})
            continue
        values[name] = int(raw)
    try:
        return Scenario(**{**DEFAULT_SCENARIO.__dict__, **values}), problems
    except ScenarioError as error:
        for name, low, high in error.problems:
            problems.append(
                _("%(field)s: give a whole number from %(low)s to %(high)s.")
                % {"field": SCENARIO_FIELDS[name], "low": f"{low:,}", "high": f"{high:,}"}
            )
            values.pop(name, None)
        return Scenario(**{**DEFAULT_SCENARIO.__dict__, **values}), problems


@fund_reader
def forecast(request: HttpRequest) -> HttpResponse:
    scenario, problems = _scenario(request.GET)
    for problem in problems:
        messages.error(request, problem)
    result = cached_forecast(today=today(), scenario=scenario)
    return render(
        request,
        "oversight/forecast.html",
        money_context(
            request,
            result=result,
            chart=forecast_chart(result),
            scenario=scenario,
            suits=PendingSuit.objects.all(),
        ),
        status=400 if problems else 200,
    )


@login_required
@require_POST
@refusals_as_messages("oversight:forecast")
def pending_suit_create(request: HttpRequest) -> HttpResponse:
    post = request.POST
    fund_services.pending_suit_record(
        by=request.user,
        title=post.get("title", "").strip(),
        victims=parse_won(post.get("victims", ""), "victims"),
        award_per_victim=parse_won(post.get("award_per_victim", ""), "award_per_victim"),
        filed_on=parse_day(post.get("filed_on", ""), "filed_on"),
        first_instance_on=parse_day(post["first_instance_on"], "first_instance_on")
        if post.get("first_instance_on")
        else None,
        expected_decision_on=parse_day(post.get("expected_decision_on", ""), "expected_decision_on"),
    )
    messages.success(request, _("The pending suit is recorded."))
    return redirect("oversight:forecast")


# -- reports --------------------------------------------------------------------------------------


@fund_reader
def reports(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "oversight/reports.html",
        money_context(request, reports=[f() for f in REPORTS.values()]),
    )


@fund_reader
def report(request: HttpRequest, slug: str) -> HttpResponse:
    """One report on screen, or ``?format=csv`` / ``?format=xlsx`` to download it."""
    if slug not in REPORTS:
        raise Http404
    data = REPORTS[slug]()
    format = request.GET.get("format", "html")
    if format == "csv":
        out = io.StringIO()
        writer = exports.writer(out)
        writer.writerow(data.columns)
        writer.writerows(data.rows)
        response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    elif format == "xlsx":
        response = HttpResponse(
            report_xlsx(data),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        return render(request, "oversight/report.html", money_context(request, report=data))
    response["Content-Disposition"] = f'attachment; filename="{slug}-{today().isoformat()}.{format}"'
    return response


def report_xlsx(data: Report) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = data.slug[:31]
    sheet.append(exports.safe_row(str(column) for column in data.columns))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in data.rows:
        sheet.append(exports.safe_row(value if isinstance(value, int | str) else str(value) for value in row))
    for index in data.money:
        for (cell,) in sheet.iter_rows(min_row=2, min_col=index + 1, max_col=index + 1):
            cell.number_format = "#,##0"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
