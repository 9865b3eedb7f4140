"""The project's settings with :mod:`bench.anchor_urls` as the URLconf: the benchmarks' gunicorn serves
the product's pages and, beside them, the anchor view, in the same process (never in production)."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.anchor_urls"
