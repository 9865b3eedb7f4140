"""Staff pages for the consultations: one timeline beside the programme's events, and a page per event.

Every signed-in member of staff may read them (the ministry and executives follow the consultation
log here); recording goes through the services, from the admin or an import.
"""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from amends.outreach import selectors
from amends.outreach.models import ConsultationEvent

PER_PAGE = 200


@login_required
def timeline(request: HttpRequest) -> HttpResponse:
    kinds = [kind for kind in request.GET.getlist("kind") if kind in selectors.KINDS]
    years = selectors.timeline_years()
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = None
    if year not in years:
        year = None
    items = selectors.timeline(kinds=kinds, year=year)
    page = Paginator(items, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "count": len(items),
        "kinds": [(kind, label, kind in kinds) for kind, label in selectors.KINDS.items()],
        "years": years,
        "year": year,
        "query": query.urlencode(),
    }
    return render(request, "outreach/timeline.html", context)


@login_required
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        event = selectors.consultation_event_get(pk=pk)
    except ConsultationEvent.DoesNotExist:
        raise Http404(f"No consultation event {pk}") from None
    context = {
        "event": event,
        "sides": selectors.participants_by_side(event),
        "history": selectors.event_history(event=event),
    }
    return render(request, "outreach/event_detail.html", context)
