"""Benchmark of the consultation timeline: building it, and rendering its page, at scale.

    DATABASE_URL=... .venv/bin/python bench/bench_outreach.py [--judgments 1000] [--events 500] [--repeat 5]

Uses the database DATABASE_URL names (default: a new SQLite file in a temporary folder), migrates it,
loads the demonstration (with the shared consultation record) and ``--judgments`` generated
judgments (about two rulings each), and records ``--events`` more consultation rounds through the
services (not timed). Then times amends.outreach.selectors.timeline() for every kind and every year,
for one year, and the staff page /outreach/timeline/ (first page of 200 items), each the best of
``--repeat`` runs. Prints the number of items and milliseconds for each.
"""

import argparse
import os
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def best_of(repeat: int, run) -> tuple[float, object]:
    timings, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = run()
        timings.append(time.perf_counter() - started)
    return min(timings) * 1000, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--judgments", type=int, default=1000)
    parser.add_argument("--events", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=5)
    arguments = parser.parse_args()
    scratch = tempfile.mkdtemp()
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{scratch}/bench.sqlite3")
    os.environ.setdefault("AMENDS_VAR_DIR", scratch)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("AMENDS_ALLOWED_HOSTS", "testserver")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client

    from amends.demo.judgments import add_generated_judgments, load_demo
    from amends.judgments.models import Case
    from amends.outreach import selectors, services
    from amends.outreach.models import ConsultationEvent

    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    call_command("migrate", verbosity=0)
    if not Case.objects.exists():
        load_demo()
        add_generated_judgments(arguments.judgments)
    levels = [level for level, _ in ConsultationEvent.Level.choices]
    already = ConsultationEvent.objects.filter(place__startswith="bench round ").count()
    for number in range(already, arguments.events):
        services.consultation_event_record(
            by=None,
            kind="consultation",
            level=levels[number % len(levels)],
            date=date(2019, 1, 1) + timedelta(days=number * 5),
            place=f"bench round {number}",
            summary="generated round",
        )
    user, _ = get_user_model().objects.get_or_create(username="bench-reader", is_staff=True)
    client = Client()
    client.force_login(user)

    everything_ms, everything = best_of(arguments.repeat, selectors.timeline)
    year_ms, one_year = best_of(arguments.repeat, lambda: selectors.timeline(year=2023))
    page_ms, page = best_of(
        arguments.repeat, lambda: client.get("/outreach/timeline/", HTTP_ACCEPT_LANGUAGE="en")
    )
    assert page.status_code == 200, page.status_code
    print(f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}")
    print(f"timeline, every kind and year: {len(everything)} items in {everything_ms:.1f} ms")
    print(f"timeline, 2023: {len(one_year)} items in {year_ms:.1f} ms")
    print(f"page /outreach/timeline/ (first 200 items): {page_ms:.1f} ms")


if __name__ == "__main__":
    main()
