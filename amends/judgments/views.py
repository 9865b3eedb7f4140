"""Staff pages for judgments: thin views over the selectors."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from amends.judgments import selectors
from amends.judgments.forms import EvaluationForm
from amends.judgments.models import Case
from amends.law.money import Rounding


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")
    page = Paginator(selectors.case_search(query=query), 50).get_page(request.GET.get("page"))
    context = {"query": query, "page": page}
    if request.headers.get("HX-Request"):
        return render(request, "judgments/_case_results.html", context)
    on = selectors.today()
    context |= {"on": on, "totals": selectors.defendant_totals(on=on)}
    return render(request, "judgments/case_list.html", context)


@login_required
def case_detail(request: HttpRequest, number: str) -> HttpResponse:
    try:
        case = selectors.case_get(number=number)
    except Case.DoesNotExist:
        raise Http404(f"No case {number}") from None
    today = selectors.today()
    form = EvaluationForm(request.GET or None)
    on, rounding = today, Rounding.FLOOR
    if form.is_valid():
        on = form.cleaned_data["on"] or today
        rounding = Rounding(form.cleaned_data["rounding"] or Rounding.FLOOR)
    context = {
        "case": case,
        "form": form,
        "on": on,
        "today": today,
        "rounding": rounding,
        "awards": [
            (item, selectors.award_holders(award=item.award, on=on, rounding=rounding))
            for item in selectors.case_owed(case=case, on=on, rounding=rounding)
        ],
        "owed_today": selectors.case_owed(case=case, on=today, rounding=rounding) if on != today else None,
    }
    return render(request, "judgments/case_detail.html", context)
