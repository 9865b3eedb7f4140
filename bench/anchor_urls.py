"""The project's URLs plus ``/anchor/<number>/``: the trivial Django view a web benchmark compares with.

The anchor does one indexed query (a portal access by its unique number) and renders a small template,
through the same middleware, served by the same gunicorn in the same run as the page measured.
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.template import engines
from django.urls import path

from amends.portal.models import PortalAccess
from config.urls import urlpatterns as project_urlpatterns

PAGE = engines["django"].from_string(
    '<!doctype html><html lang="ko"><head><meta charset="utf-8"><title>{{ number }}</title></head>'
    "<body><h1>{{ number }}</h1><p>{{ expires|date:'Y-m-d' }}</p></body></html>"
)


def anchor(request: HttpRequest, number: str) -> HttpResponse:
    found = PortalAccess.objects.filter(number=number).values_list("number", "code_expires_on").first()
    if found is None:
        raise Http404
    return HttpResponse(PAGE.render({"number": found[0], "expires": found[1]}, request))


urlpatterns = [path("anchor/<str:number>/", anchor), *project_urlpatterns]
