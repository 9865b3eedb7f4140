"""The JSON API: django-ninja endpoints over the same selectors and calculations as the staff pages.

Layering: :mod:`amends.api.api` builds the :class:`~ninja.NinjaAPI` (authentication, error shape,
documentation); the routers (:mod:`~amends.api.judgments`, :mod:`~amends.api.people`,
:mod:`~amends.api.calc`) parse input and call selectors or :mod:`amends.law`; the schemas
(:mod:`~amends.api.schemas`) fix what goes out. Tokens are written by :mod:`amends.api.services` and
read by :mod:`amends.api.selectors`, like every other row.
"""
