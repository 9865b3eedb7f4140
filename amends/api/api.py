"""The API itself: ``/api/`` with its OpenAPI document (``/api/openapi.json``) and docs (``/api/docs``).

Every endpoint needs an active staff member, by token or session (:mod:`amends.api.auth`); the
OpenAPI document and the docs page are public, as they hold no records. The docs page is served with
the Swagger UI that ships inside django-ninja, from this application (:mod:`amends.api.docs`), so a
staff browser fetches nothing from outside the foundation's server.
"""

from ninja import NinjaAPI
from ninja.renderers import JSONRenderer

from amends.api import banking, calc, claims, docs, errors, judgments, people, programme
from amends.api.auth import BearerToken, StaffSession
from amends.api.outreach import router as outreach_router


class Utf8JSONRenderer(JSONRenderer):
    # Names in Hangul, Hanja and kana are sent as they are, not as \u escapes, as `amends calc` prints.
    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    title="amends",
    version="1",
    description=(
        "Compensation for victims of wartime forced labour and their heirs: judgments, what is owed on "
        "any date and to whom, and the calculations behind it. Money is in whole won, shares are "
        '"n/d" strings, dates are YYYY-MM-DD. Authenticate with a staff session (with the CSRF token '
        "for POST) or with `Authorization: Bearer <token>` (`amends api_token create USERNAME --name "
        'NAME`). Errors are JSON: {"code", "detail"}, and "field" for bad input.'
    ),
    auth=[BearerToken(), StaffSession()],
    urls_namespace="api",
    renderer=Utf8JSONRenderer(),
    docs=docs.LocalSwagger(),
    docs_url="/docs",
    openapi_url="/openapi.json",
)
errors.install(api)
api.add_router("", judgments.router)
api.add_router("", people.router)
api.add_router("", calc.router)
api.add_router("", claims.router)
api.add_router("", banking.router)
api.add_router("", docs.router)
api.add_router("", outreach_router)
api.add_router("", programme.router)
