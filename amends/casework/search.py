"""The search box in every staff page's header (issue 17): as one types, htmx asks for the few best
of each kind (people, claims, cases) under the box; Enter, or a browser without JavaScript, opens
the results page. A thin view over :func:`amends.casework.selectors.search`."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from amends.casework import selectors
from amends.linkage.search import MAX_QUERY


@login_required
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    dropdown = bool(request.headers.get("HX-Request"))
    if not query and dropdown:
        return HttpResponse("")  # nothing typed: the dropdown closes
    error = ""
    if len(query) > MAX_QUERY:
        error = _("A search is at most %(count)d characters.") % {"count": MAX_QUERY}
        found = selectors.search(query="")
    else:
        limit = selectors.DROPDOWN_LIMIT if dropdown else selectors.PAGE_LIMIT
        found = selectors.search(query=query, limit=limit)
    context = {"found": found, "search_query": query, "error": error, "dropdown": dropdown}
    template = "casework/_search_results.html" if dropdown else "casework/search.html"
    return render(request, template, context, status=400 if error else 200)
