"""Staff pages for the fund: donors and contributions, and the ledger. Finance officers write (the
services check it); auditors, executives and approvers read."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from amends.core import roles
from amends.core.clock import today
from amends.core.pdf import render_pdf
from amends.core.tables import Column, table
from amends.core.web import parse_day, parse_pk, parse_won, refusals_on_page, role_required
from amends.fund import selectors, services
from amends.fund.models import Contribution, Donor

# Who reads the money pages (the fund's, banking's, the forecast and the reports).
READ_ROLES = (roles.FINANCE_OFFICER, roles.AUDITOR, roles.EXECUTIVE, roles.APPROVER)
READ_REFUSED = gettext_lazy("The fund's pages need the finance officer, auditor, executive or approver role.")
fund_reader = role_required(*READ_ROLES, message=READ_REFUSED)


def money_context(request: HttpRequest, **extra) -> dict:
    """What every money page's template needs: whether the reader may write."""
    return {"can_write": roles.has_role(request.user, roles.FINANCE_OFFICER), **extra}


# -- donors and contributions ----------------------------------------------------------------------


DONOR_COLUMNS = [
    Column(gettext_lazy("Donor"), "name"),
    Column(gettext_lazy("Received"), "received", num=True),
    Column(gettext_lazy("Pledged"), "pledged", num=True),
]
DONOR_ORDERS = {"name": ("name",), "received": ("received",), "pledged": ("pledged",)}
CONTRIBUTION_COLUMNS = [
    Column(gettext_lazy("Date"), "date"),
    Column(gettext_lazy("Donor"), "donor"),
    Column(gettext_lazy("Kind"), "kind"),
    Column(gettext_lazy("Amount"), "amount", num=True),
    Column(gettext_lazy("Use")),
    Column(gettext_lazy("Note")),
    Column(gettext_lazy("Receipt")),
]
# Newest first by default; every other order keeps the dates in order within it.
CONTRIBUTION_ORDERS = {
    "date": ("on",),
    "donor": ("donor__name", "on"),
    "kind": ("kind", "on"),
    "amount": ("amount", "on"),
}


@fund_reader
def donors(request: HttpRequest, *, status: int = 200, **refusal) -> HttpResponse:
    """The donors' page. ``refusal`` (from :func:`refusals_on_page`): a refused form, shown again with
    what was entered (``entered``, ``refused``), with ``status`` 400 or 403."""
    return render(
        request,
        "fund/donors.html",
        money_context(
            request,
            donors=table(
                request,
                selectors.donors(),
                columns=DONOR_COLUMNS,
                orders=DONOR_ORDERS,
                default="name",
                prefix="donors-",
            ),
            contributions=table(
                request,
                selectors.contributions(),
                columns=CONTRIBUTION_COLUMNS,
                orders=CONTRIBUTION_ORDERS,
                default="-date",
                prefix="contributions-",
            ),
            donor_choices=Donor.objects.order_by("name").values_list("pk", "name"),
            kinds=Donor.Kind.choices,
            pledges=Contribution.objects.filter(kind=Contribution.Kind.PLEDGE)
            .select_related("donor")
            .order_by("donor__name", "on", "pk"),
            today=today(),
            **refusal,
        ),
        status=status,
    )


@login_required
@require_POST
@refusals_on_page(donors)
def donor_create(request: HttpRequest) -> HttpResponse:
    services.donor_create(
        name=request.POST.get("name", ""),
        kind=request.POST.get("kind", Donor.Kind.COMPANY),
        by=request.user,
    )
    messages.success(request, _("The donor is recorded."))
    return redirect("fund:donors")


@login_required
@require_POST
@refusals_on_page(donors)
def contribution_create(request: HttpRequest) -> HttpResponse:
    donor = get_object_or_404(Donor, pk=parse_pk(request.POST.get("donor", "")))
    kind = request.POST.get("kind", "")
    if kind not in Contribution.Kind.values:
        raise ValidationError({"kind": _("Choose a pledge or a receipt.")})
    pledge = None
    if request.POST.get("pledge"):
        pledge = get_object_or_404(
            Contribution, pk=parse_pk(request.POST["pledge"]), kind=Contribution.Kind.PLEDGE
        )
    services.contribution_record(
        donor=donor,
        kind=kind,
        pledge=pledge,
        amount=parse_won(request.POST.get("amount", ""), "amount", required=kind == "receipt"),
        on=parse_day(request.POST.get("on", ""), "on"),
        restricted=request.POST.get("restricted") == "on",
        purpose=request.POST.get("purpose", ""),
        note=request.POST.get("note", ""),
        by=request.user,
    )
    messages.success(request, _("The contribution is recorded."))
    return redirect("fund:donors")


@fund_reader
def receipt_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The donor's receipt (기부금 영수증) for money received, as PDF."""
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


JOURNAL_COLUMNS = [
    Column("#", "number"),
    Column(gettext_lazy("Date"), "date"),
    Column(gettext_lazy("Memo"), "memo"),
    Column(gettext_lazy("Account")),
    Column(gettext_lazy("Debit"), num=True),
    Column(gettext_lazy("Credit"), num=True),
]
JOURNAL_ORDERS = {"number": (), "date": ("posted_on",), "memo": ("memo", "posted_on")}


@fund_reader
def ledger(request: HttpRequest) -> HttpResponse:
    account = request.GET.get("account") or None
    return render(
        request,
        "fund/ledger.html",
        money_context(
            request,
            tb=selectors.trial_balance(),
            entries=table(
                request,
                selectors.journal(account=account),
                columns=JOURNAL_COLUMNS,
                orders=JOURNAL_ORDERS,
                default="-date",
            ),
            account=account,
        ),
    )
