"""Staff pages for the fund: donors and contributions, the ledger, payment batches and statements,
the forecast and the reports. Finance officers write (the services check it); auditors, executives
and approvers read."""

from __future__ import annotations

import csv
import io
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from amends.core import roles
from amends.core.pdf import render_pdf
from amends.fund import bankfiles, selectors, services
from amends.fund.forecast import forecast_chart, fund_forecast
from amends.fund.models import Contribution, Donor, PaymentBatch, PendingSuit
from amends.judgments.models import Creditor
from amends.judgments.selectors import today
from amends.law.forecast import Scenario, ScenarioError

READ_ROLES = (roles.FINANCE_OFFICER, roles.AUDITOR, roles.EXECUTIVE, roles.APPROVER)


def _require_reader(request: HttpRequest) -> None:
    if not any(roles.has_role(request.user, role) for role in READ_ROLES):
        raise PermissionDenied(
            _("The fund's pages need the finance officer, auditor, executive or approver role.")
        )


def _context(request: HttpRequest, **extra) -> dict:
    return {"can_write": roles.has_role(request.user, roles.FINANCE_OFFICER), **extra}


def _errors(request: HttpRequest, error: ValidationError) -> None:
    """Each message on the page, after the name of the field it is about."""
    if not hasattr(error, "error_dict"):
        for message in error.messages:
            messages.error(request, message)
        return
    for name, problems in error.message_dict.items():
        for message in problems:
            messages.error(request, message if name == "__all__" else f"{name.replace('_', ' ')}: {message}")


def _won(value: str, name: str, *, required: bool = True) -> int | None:
    value = (value or "").replace(",", "").strip()
    if not value and not required:
        return None
    if not value.isascii() or not value.isdigit():
        raise ValidationError({name: _("Give a whole number of won.")})
    return int(value)


def _pk(value: str) -> int:
    """A row's id from a form, or 404: ``abc`` names no row."""
    value = (value or "").strip()
    if not value.isascii() or not value.isdigit() or len(value) > 18:
        raise Http404
    return int(value)


def _day(value: str, name: str) -> date:
    try:
        return date.fromisoformat((value or "").strip())
    except ValueError:
        raise ValidationError({name: _("Give the date as YYYY-MM-DD.")}) from None


# -- donors and contributions ----------------------------------------------------------------------


@login_required
def donors(request: HttpRequest) -> HttpResponse:
    _require_reader(request)
    return render(
        request,
        "fund/donors.html",
        _context(
            request,
            donors=selectors.donors(),
            kinds=Donor.Kind.choices,
            pledges=Contribution.objects.filter(kind=Contribution.Kind.PLEDGE)
            .select_related("donor")
            .order_by("donor__name", "on", "pk"),
            today=today(),
        ),
    )


@login_required
@require_POST
def donor_create(request: HttpRequest) -> HttpResponse:
    try:
        services.donor_create(
            name=request.POST.get("name", ""),
            kind=request.POST.get("kind", Donor.Kind.COMPANY),
            by=request.user,
        )
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("The donor is recorded."))
    return redirect("fund:donors")


@login_required
@require_POST
def contribution_create(request: HttpRequest) -> HttpResponse:
    donor = get_object_or_404(Donor, pk=_pk(request.POST.get("donor", "")))
    try:
        kind = request.POST.get("kind", "")
        if kind not in Contribution.Kind.values:
            raise ValidationError({"kind": _("Choose a pledge or a receipt.")})
        pledge = None
        if request.POST.get("pledge"):
            pledge = get_object_or_404(
                Contribution, pk=_pk(request.POST["pledge"]), kind=Contribution.Kind.PLEDGE
            )
        services.contribution_record(
            donor=donor,
            kind=kind,
            pledge=pledge,
            amount=_won(request.POST.get("amount", ""), "amount", required=kind == "receipt"),
            on=_day(request.POST.get("on", ""), "on"),
            restricted=request.POST.get("restricted") == "on",
            purpose=request.POST.get("purpose", ""),
            note=request.POST.get("note", ""),
            by=request.user,
        )
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("The contribution is recorded."))
    return redirect("fund:donors")


@login_required
def receipt_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The donor's receipt (기부금 영수증) for money received, as PDF."""
    _require_reader(request)
    contribution = get_object_or_404(
        Contribution.objects.select_related("donor"), pk=pk, kind=Contribution.Kind.RECEIPT
    )
    language = request.GET.get("language") or get_language() or "ko"
    if language not in ("ko", "en", "ja"):
        language = "ko"
    pdf = render_pdf(
        "fund/receipt_pdf.html",
        {"contribution": contribution, "number": receipt_number(contribution), "issued_on": today()},
        language=language,
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="receipt-{receipt_number(contribution)}.pdf"'
    return response


def receipt_number(contribution: Contribution) -> str:
    return f"{contribution.on.year}-{contribution.pk:05d}"


# -- the ledger -----------------------------------------------------------------------------------


@login_required
def ledger(request: HttpRequest) -> HttpResponse:
    _require_reader(request)
    account = request.GET.get("account") or None
    return render(
        request,
        "fund/ledger.html",
        _context(
            request,
            tb=selectors.trial_balance(),
            entries=selectors.journal(account=account),
            account=account,
        ),
    )


# -- batches and statements ------------------------------------------------------------------------


@login_required
def batches(request: HttpRequest) -> HttpResponse:
    _require_reader(request)
    return render(
        request,
        "fund/batches.html",
        _context(
            request,
            waiting=selectors.batchable_by_day(),
            batches=selectors.batches(),
            unmatched=selectors.unmatched_lines()[:200],
            today=today(),
        ),
    )


@login_required
@require_POST
def payee_account(request: HttpRequest, creditor_pk: int) -> HttpResponse:
    creditor = get_object_or_404(Creditor, pk=creditor_pk)
    try:
        services.payee_account_record(
            creditor=creditor,
            holder=request.POST.get("holder", ""),
            bank_code=request.POST.get("bank_code", ""),
            bank_name=request.POST.get("bank_name", ""),
            account_number=request.POST.get("account_number", ""),
            by=request.user,
        )
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("The bank account is recorded."))
    return redirect("fund:batches")


@login_required
@require_POST
def batch_create(request: HttpRequest) -> HttpResponse:
    try:
        execution_on = _day(request.POST.get("execution_on", ""), "execution_on")
        # The payments planned for that day: each one's amount holds delay damages to that day.
        proposals = list(selectors.batchable_proposals().filter(planned_on=execution_on))
        if not proposals:
            raise ValidationError(
                {"execution_on": _("No approved payment is planned for %(day)s.") % {"day": execution_on}}
            )
        batch = services.batch_create(by=request.user, execution_on=execution_on, proposals=proposals)
    except ValidationError as error:
        _errors(request, error)
        return redirect("fund:batches")
    messages.success(request, _("Batch %(reference)s is ready to download.") % {"reference": batch.reference})
    return redirect("fund:batch_detail", pk=batch.pk)


@login_required
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_reader(request)
    batch = get_object_or_404(selectors.batches(), pk=pk)
    return render(
        request, "fund/batch_detail.html", _context(request, batch=batch, items=selectors.batch_lines(batch))
    )


@login_required
def batch_download(request: HttpRequest, pk: int, format: str) -> HttpResponse:
    """The batch as pain.001.001.09 XML (validated against the XSD) or CSV, for finance officers."""
    roles.require_role(request.user, roles.FINANCE_OFFICER)
    batch = get_object_or_404(PaymentBatch, pk=pk)
    if format == "xml":
        response = HttpResponse(bankfiles.pain001(batch), content_type="application/xml")
    elif format == "csv":
        response = HttpResponse(bankfiles.batch_csv(batch), content_type="text/csv; charset=utf-8")
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{batch.reference}.{format}"'
    return response


@login_required
@require_POST
def statement_upload(request: HttpRequest) -> HttpResponse:
    upload = request.FILES.get("statement")
    if upload is None:
        messages.error(request, _("Choose the bank's statement file (camt.053 XML or CSV)."))
        return redirect("fund:batches")
    try:
        statement, created = services.statement_import(
            content=upload.read(), filename=upload.name, by=request.user
        )
    except ValidationError as error:
        _errors(request, error)
        return redirect("fund:batches")
    if not created:
        messages.info(request, _("This statement was imported before: nothing changed."))
    else:
        lines = statement.lines.all()
        matched = sum(line.status == "matched" for line in lines)
        messages.success(
            request,
            _("%(matched)s of %(lines)s lines matched a payment.")
            % {"matched": matched, "lines": len(lines)},
        )
    return redirect("fund:batches")


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


@login_required
def forecast(request: HttpRequest) -> HttpResponse:
    _require_reader(request)
    scenario, problems = _scenario(request.GET)
    for problem in problems:
        messages.error(request, problem)
    result = fund_forecast(today=today(), scenario=scenario)
    return render(
        request,
        "fund/forecast.html",
        _context(
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
def pending_suit_create(request: HttpRequest) -> HttpResponse:
    post = request.POST
    try:
        services.pending_suit_record(
            by=request.user,
            title=post.get("title", "").strip(),
            victims=_won(post.get("victims", ""), "victims"),
            award_per_victim=_won(post.get("award_per_victim", ""), "award_per_victim"),
            filed_on=_day(post.get("filed_on", ""), "filed_on"),
            first_instance_on=_day(post["first_instance_on"], "first_instance_on")
            if post.get("first_instance_on")
            else None,
            expected_decision_on=_day(post.get("expected_decision_on", ""), "expected_decision_on"),
        )
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("The pending suit is recorded."))
    return redirect("fund:forecast")


# -- reports --------------------------------------------------------------------------------------


@login_required
def reports(request: HttpRequest) -> HttpResponse:
    _require_reader(request)
    return render(
        request, "fund/reports.html", _context(request, reports=[f() for f in selectors.REPORTS.values()])
    )


@login_required
def report(request: HttpRequest, slug: str) -> HttpResponse:
    """One report on screen, or ``?format=csv`` / ``?format=xlsx`` to download it."""
    _require_reader(request)
    if slug not in selectors.REPORTS:
        raise Http404
    data = selectors.REPORTS[slug]()
    format = request.GET.get("format", "html")
    if format == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(data.columns)
        writer.writerows(data.rows)
        response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    elif format == "xlsx":
        response = HttpResponse(
            report_xlsx(data),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        return render(request, "fund/report.html", _context(request, report=data))
    response["Content-Disposition"] = f'attachment; filename="{slug}-{today().isoformat()}.{format}"'
    return response


def report_xlsx(data: selectors.Report) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = data.slug[:31]
    sheet.append([str(column) for column in data.columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in data.rows:
        sheet.append([value if isinstance(value, int | str) else str(value) for value in row])
    for index in data.money:
        for (cell,) in sheet.iter_rows(min_row=2, min_col=index + 1, max_col=index + 1):
            cell.number_format = "#,##0"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
