"""The API's docs page, with the Swagger UI that django-ninja ships, served from here.

Ninja serves its bundled Swagger UI only when ``ninja`` is an installed app, and otherwise links a
public CDN. This project does not install ninja as an app; instead :class:`LocalSwagger` renders the
page from ``api/docs.html`` and :func:`docs_asset` serves the few files it needs out of the ninja
package, so that the docs work on a server without internet access and a staff browser sends
nothing to a third party. ``api/docs.css`` darkens Swagger UI's colours that fail the contrast check,
and the page's content is its ``<main>``, so that it passes axe-core as every page does
(``tests/e2e/test_accessibility.py``).
"""

import mimetypes
from pathlib import Path
from typing import Any

import ninja
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from ninja import Router
from ninja.openapi.docs import Swagger, _csrf_needed

ASSETS = Path(ninja.__file__).parent / "static" / "ninja"
SERVED = frozenset({"swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-init.js", "favicon.png"})

router = Router(tags=["docs"])


def asset_url(name: str) -> str:
    # The version in the address lets browsers cache an asset until ninja is upgraded.
    return f"{reverse('api:docs-asset', kwargs={'name': name})}?v={ninja.__version__}"


class LocalSwagger(Swagger):
    # No deep links (issue 17): with them, each operation's summary, a button, holds a link to the
    # operation's address, a control inside a control that screen readers and keyboards stumble on
    # (axe-core: nested-interactive) and a 19-pixel-high target (target-size).
    default_settings = {**Swagger.default_settings, "deepLinking": False}

    def render_page(self, request: HttpRequest, api: Any, **kwargs: Any) -> HttpResponse:
        self.settings["url"] = self.get_openapi_url(api, kwargs)
        context = {
            "api": api,
            "swagger_settings": self.settings,
            "add_csrf": _csrf_needed(api),
            "css": asset_url("swagger-ui.css"),
            "bundle": asset_url("swagger-ui-bundle.js"),
            "init": asset_url("swagger-ui-init.js"),
            "favicon": asset_url("favicon.png"),
        }
        return render(request, "api/docs.html", context)


@router.get("/docs/assets/{name}", auth=None, include_in_schema=False, url_name="docs-asset")
def docs_asset(request: HttpRequest, name: str):
    if name not in SERVED:
        raise Http404(name)
    content_type, _ = mimetypes.guess_type(name)
    response = FileResponse((ASSETS / name).open("rb"), content_type=content_type)
    response["Cache-Control"] = "public, max-age=604800"
    return response
