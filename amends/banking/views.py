"""Staff pages for banking: payees' accounts, payment batches and their files, and the bank's
statements. Finance officers write (the services check it); auditors, executives and approvers read.
The pages keep their addresses under ``/fund/``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from amends.banking import accounts, pain, selectors, services
from amends.banking import statements as statement_formats
from amends.banking.models import PaymentBatch
from amends.core import roles
from amends.core.clock import today
from amends.core.limits import read_upload
from amends.core.tables import Column, table
from amends.core.web import parse_day, refusals_as_messages, refusals_on_page
from amends.fund.views import fund_reader, money_context
from amends.judgments.models import Creditor

# The lists of the batches page and the statement page, sorted and paged (amends.core.tables).
BATCH_COLUMNS = [
    Column(gettext_lazy("Reference"), "reference"),
    Column(gettext_lazy("Execution date"), "date"),
    Column(gettext_lazy("Payments"), "count", num=True),
    Column(gettext_lazy("Total"), "total", num=True),
]
BATCH_ORDERS = {
    "reference": ("reference",),
    "date": ("execution_on",),
    "count": ("count",),
    "total": ("total",),
}
STATEMENT_COLUMNS = [
    Column(gettext_lazy("File"), "file"),
    Column(gettext_lazy("Format"), "format"),
    Column(gettext_lazy("Imported"), "imported"),
    Column(gettext_lazy("Confirmed"), num=True),
    Column(gettext_lazy("Returned"), num=True),
    Column(gettext_lazy("Pending"), num=True),
    Column(gettext_lazy("Moved no money"), num=True),
]
STATEMENT_ORDERS = {"file": ("filename",), "format": ("profile", "imported_at"), "imported": ("imported_at",)}
LINE_COLUMNS = [
    Column(gettext_lazy("Booked"), "booked"),
    Column(gettext_lazy("Amount"), "amount", num=True),
    Column(gettext_lazy("Reference")),
    Column(gettext_lazy("Status"), "status"),
    Column(gettext_lazy("Reason")),
]
# The lines to look at: newest first by default (the order they were stored in).
LINE_ORDERS = {"stored": (), "booked": ("booked_on",), "amount": ("amount",), "status": ("status",)}
STATEMENT_LINE_COLUMNS = [
    Column(gettext_lazy("Line"), "line", num=True),
    Column(gettext_lazy("Booked"), "booked"),
    Column(gettext_lazy("Amount"), "amount", num=True),
    Column(gettext_lazy("Reference")),
    Column(gettext_lazy("Status"), "status"),
    Column(gettext_lazy("Reason")),
]
STATEMENT_LINE_ORDERS = {
    "line": ("position",),
    "booked": ("booked_on", "position"),
    "amount": ("amount", "position"),
    "status": ("status", "position"),
}


@fund_reader
def batches(request: HttpRequest, *, status: int = 200, **refusal) -> HttpResponse:
    """The batches page. ``refusal`` (from :func:`refusals_on_page`): a refused form, shown again with
    what was entered (``entered``, ``refused``, ``refused_args``), with ``status`` 400 or 403."""
    return render(
        request,
        "banking/batches.html",
        money_context(
            request,
            waiting=selectors.batchable_by_day(),
            batches=table(
                request,
                selectors.batches(),
                columns=BATCH_COLUMNS,
                orders=BATCH_ORDERS,
                default="-date",
                prefix="batches-",
            ),
            unmatched=table(
                request,
                selectors.unmatched_lines(),
                columns=LINE_COLUMNS,
                orders=LINE_ORDERS,
                default="-stored",
                prefix="lines-",
            ),
            statements=table(
                request,
                selectors.statements(),
                columns=STATEMENT_COLUMNS,
                orders=STATEMENT_ORDERS,
                default="-imported",
                prefix="statements-",
            ),
            profiles=statement_formats.PROFILES,
            today=today(),
            banks=accounts.korean_banks().values(),
            **refusal,
        ),
        status=status,
    )


@login_required
@require_POST
@refusals_on_page(batches)
def payee_account(request: HttpRequest, creditor_pk: int) -> HttpResponse:
    creditor = get_object_or_404(Creditor, pk=creditor_pk)
    services.payee_account_record(
        creditor=creditor,
        holder=request.POST.get("holder", ""),
        bank_code=request.POST.get("bank_code", ""),
        account_number=request.POST.get("account_number", ""),
        iban=request.POST.get("iban", ""),
        bic=request.POST.get("bic", ""),
        romanised_name=request.POST.get("romanised_name", ""),
        by=request.user,
    )
    messages.success(request, _("The bank account is recorded."))
    return redirect("banking:batches")


@login_required
@require_POST
@refusals_on_page(batches)
def batch_create(request: HttpRequest) -> HttpResponse:
    execution_on = parse_day(request.POST.get("execution_on", ""), "execution_on")
    services.execution_day_check(execution_on)
    # The payments planned for that day: each one's amount holds delay damages to that day.
    proposals = list(selectors.batchable_proposals().filter(planned_on=execution_on))
    if not proposals:
        raise ValidationError(
            {"execution_on": _("No approved payment is planned for %(day)s.") % {"day": execution_on}}
        )
    batch = services.batch_create(by=request.user, execution_on=execution_on, proposals=proposals)
    messages.success(request, _("Batch %(reference)s is ready to download.") % {"reference": batch.reference})
    return redirect("banking:batch_detail", pk=batch.pk)


@fund_reader
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(selectors.batches(), pk=pk)
    return render(
        request,
        "banking/batch_detail.html",
        money_context(request, batch=batch, items=selectors.batch_lines(batch)),
    )


def _not_kept(response: HttpResponse) -> HttpResponse:
    # A page with account numbers in full is not kept by the browser or any cache on the way.
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def batch_reveal(request: HttpRequest, pk: int) -> HttpResponse:
    """The batch page with its accounts in full, for a finance officer; the reveal is audited."""
    batch = get_object_or_404(selectors.batches(), pk=pk)
    services.batch_accounts_reveal(batch=batch, by=request.user)
    return _not_kept(
        render(
            request,
            "banking/batch_detail.html",
            money_context(request, batch=batch, items=selectors.batch_lines(batch), revealed=True),
        )
    )


@login_required
@require_POST
def payee_account_reveal(request: HttpRequest, creditor_pk: int) -> HttpResponse:
    """A payee's account in full, for a finance officer; the reveal is audited."""
    creditor = get_object_or_404(Creditor, pk=creditor_pk)
    account = services.payee_account_reveal(creditor=creditor, by=request.user)
    return _not_kept(render(request, "banking/payee_account.html", {"account": account}))


@login_required
@refusals_as_messages("banking:batches")
def batch_download(request: HttpRequest, pk: int, format: str) -> HttpResponse:
    """The batch as pain.001.001.09 XML (validated against the XSD) or CSV, for finance officers."""
    roles.require_role(request.user, roles.FINANCE_OFFICER)
    batch = get_object_or_404(PaymentBatch, pk=pk)
    if format == "xml":
        response = HttpResponse(pain.pain001(batch), content_type="application/xml")
    elif format == "csv":
        response = HttpResponse(pain.batch_csv(batch), content_type="text/csv; charset=utf-8")
    else:
        raise Http404
    # The file carries every account in full: that it left the system, and to whom, is recorded.
    services.batch_file_export(batch=batch, format=format, by=request.user)
    response["Cache-Control"] = "no-store"
    response["Content-Disposition"] = f'attachment; filename="{batch.reference}.{format}"'
    return response


@login_required
@require_POST
@refusals_on_page(batches)
def statement_upload(request: HttpRequest) -> HttpResponse:
    upload = request.FILES.get("statement")
    if upload is None:
        raise ValidationError(
            {"statement": _("Choose the bank's statement file (camt.053 XML or a bank's CSV export).")}
        )
    imported = services.statement_import(
        # Read in chunks up to AMENDS_MAX_UPLOAD_BYTES, refused (naming the field) past it.
        content=read_upload(upload, "statement"),
        filename=upload.name,
        by=request.user,
        profile=request.POST.get("profile") or None,
    )
    if not imported.created:
        messages.info(request, _("This statement was imported before: nothing changed."))
    else:
        messages.success(
            request,
            _(
                "Statement imported. Lines: %(lines)s · payments confirmed: %(confirmed)s · returned: "
                "%(returned)s · pending: %(pending)s · moved no money: %(unmatched)s · on record already: "
                "%(duplicates)s."
            )
            % {
                "lines": imported.lines,
                "confirmed": len(imported.confirmed),
                "returned": len(imported.returned),
                "pending": len(imported.pending),
                "unmatched": len(imported.unmatched),
                "duplicates": imported.duplicates,
            },
        )
    return redirect("banking:statement_detail", pk=imported.statement.pk)


@fund_reader
def statement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    statement = get_object_or_404(selectors.statements(), pk=pk)
    return render(
        request,
        "banking/statement_detail.html",
        money_context(
            request,
            statement=statement,
            lines=table(
                request,
                selectors.statement_lines(statement),
                columns=STATEMENT_LINE_COLUMNS,
                orders=STATEMENT_LINE_ORDERS,
                default="line",
                per_page=100,
            ),
        ),
    )
