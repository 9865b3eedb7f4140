"""``/api/``: the API's own URL patterns (endpoints, ``openapi.json``, ``docs``), namespaced ``api``."""

from amends.api.api import api

patterns, _, namespace = api.urls
app_name = namespace
urlpatterns = patterns
