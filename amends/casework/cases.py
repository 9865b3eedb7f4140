"""Staff pages for cases: the list with each defendant's totals, and a case with what each award's
creditors and holders are owed on a date. Thin views over the selectors and :mod:`amends.payments.owed`."""

from django.contrib.auth.decorators import login_required
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy

from amends.core import roles
from amends.core.clock import today
from amends.core.tables import Column, table
from amends.core.web import user_roles
from amends.judgments import selectors
from amends.judgments.forms import EvaluationForm
from amends.judgments.models import Case
from amends.law.money import Rounding
from amends.payments import owed

# The case list's columns; the number, court, ruling and title sort (amends.core.tables).
CASE_COLUMNS = [
    Column(gettext_lazy("Case"), "number"),
    Column(gettext_lazy("Court"), "court"),
    Column(gettext_lazy("Final ruling"), "ruling"),
    Column(gettext_lazy("Defendants")),
    Column(gettext_lazy("Title"), "title"),
]
CASE_ORDERS = {
    "number": ("number",),
    "court": ("court__name_ko", "number"),
    "ruling": ("final_ruling_on", "number"),
    "title": ("title", "number"),
}


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")
    cases = table(
        request,
        selectors.case_search(query=query),
        columns=CASE_COLUMNS,
        orders=CASE_ORDERS,
        default="number",
    )
    context = {"query": query, "page": cases.page, "table": cases}
    if request.headers.get("HX-Request"):
        return render(request, "casework/_case_results.html", context)
    on = today()
    context |= {"on": on, "totals": owed.defendant_totals(on=on)}
    return render(request, "casework/case_list.html", context)


@login_required
def case_detail(request: HttpRequest, number: str) -> HttpResponse:
    try:
        case = selectors.case_get(number=number)
    except Case.DoesNotExist:
        raise Http404(f"No case {number}") from None
    now = today()
    form = EvaluationForm(request.GET or None)
    on, rounding = now, Rounding.FLOOR
    if form.is_valid():
        on = form.cleaned_data["on"] or now
        rounding = Rounding(form.cleaned_data["rounding"] or Rounding.FLOOR)
    awards = owed.case_owed(case=case, on=on, rounding=rounding)
    # What the page shows of each award beside its figures, in one query for all of them.
    prefetch_related_objects([item.award for item in awards], "external_payments")
    context = {
        "case": case,
        "form": form,
        "on": on,
        "today": now,
        "rounding": rounding,
        "awards": list(zip(awards, owed.awards_holders(owed=awards, on=on), strict=True)),
        "owed_today": owed.case_owed(case=case, on=now, rounding=rounding) if on != now else None,
        # A payment from elsewhere is the finance officer's to record (the service checks it).
        "records_external": roles.FINANCE_OFFICER in user_roles(request),
    }
    return render(request, "casework/case_detail.html", context)
