"""Benchmark of the staff case page: a case with many awards, each victim dead and their estate held by
heirs, so every award shows its heirs by succession and a family tree.

    .venv/bin/python bench/bench_case_page.py [--awards 64] [--rounds 21]

Creates, in a fresh database (``DATABASE_URL``; by default a temporary SQLite file), one case with
``--awards`` awards. Each victim died in 2005 and left a widow, who died in 2015 (her part passed on to
her heirs), three children, one of whom died before the victim leaving a spouse and two children
(representation), and grandchildren of the living children: 12 people in four generations. The
judgment names the heirs at the victim's death; the widow's part is handed on through the services.
Creating the data is not timed.

Times ``GET`` of the case page and of one award's own page through ``django.test.Client`` (signed
in as a caseworker), each beside the anchor: a trivial view in the same process and through the same
client, one indexed query and a small template. A case of more than ``AWARDS_IN_FULL`` awards shows
a summary row per award, each award in full on its own page. The summary's figures are read from the
stored lines of what is owed (``payments.OwedLine``, written here after the data as ``amends owed
rebuild`` would, untimed) where they hold, the other awards' computed by the array engine and cached
under the day and the audit chain's head. The first view empties the cache before each request (the
award's family tree drawn by ``dot``); the repeat view reads from the cache; on the case page a third
row, "no stored lines", empties the cache and deletes the lines, so that every award is computed.
Page and anchor are requested alternately, ``--rounds`` pairs, so that the machine's load falls on
both alike; each row is the median CPU time (this process's, and the ``dot`` children's) and the
ratio of the medians, and a line beside it gives the wall-clock medians. Prints the queries of one
request of each. No ``setup_test_environment()``: it makes every template render send a signal,
which production does not pay.

issue 14, session of 2026-12-08
-------------------------------

The first view of a 64-award case computed its summary (``owed.held_table``: every award here has
heirs of a dead creditor, so each is divided by ``amends.law.parts`` in Python, and seven queries of
64-id lists), then wrote it to the cache (five statements): 21 queries. The summary now reads each
award's figures from its stored lines in one query grouped by award (``owed.stored_award_totals``,
the dashboard's lines, which the services that change an award's figures rewrite in their
transaction), so a change elsewhere, which moves the audit chain's head, no longer empties it; only
awards whose lines do not hold on the day asked (past days, lines ended, awards made since the last
roll, a rounding other than down) are computed and cached as before. The victims' names are written
by the ``names`` filter (``registry/_names.html``) instead of a template render each (80 µs a name).
Medians of CPU time, 21 rounds, this machine with the other sessions' load (load average 6-9 over
2 cores: ratios to the anchor of the same run, which is what counts):

====================================================  ===============  ==============
64 awards                                              before           after
====================================================  ===============  ==============
case page, first view, SQLite                          15.5×, 16.8×     5.8×, 6.0×
                                                       (21 queries)     (8 queries)
case page, repeat view, SQLite                         6.0×, 6.7× (9)   6.0×, 6.2× (8)
case page, first view, no stored lines, SQLite         (= first view)   15.1×, 17.3× (22)
case page, first view, PostgreSQL                      16.4×, 17.4×     5.4×, 5.2×
                                                       (21)             (8)
case page, repeat view, PostgreSQL                     6.3×, 6.8× (9)   5.1×, 5.8× (8)
case page, first view, no stored lines, PostgreSQL     (= first view)   16.1×, 16.3× (22)
award page, first view (``dot``), SQLite               19.8×, 19.0×     18.2×, 17.8×
award page, repeat view, SQLite                        10.5×, 10.5×     11.0×, 11.0×
award page, first view, PostgreSQL                     17.5×, 18.0×     17.0×, 16.8×
award page, repeat view, PostgreSQL                    9.7×, 10.7×      10.1×, 10.2×
8 awards in full, case page, SQLite, first / repeat   45.9× / 30.8×    39.2× / 27.9×
====================================================  ===============  ==============

Not changed: the award's own page (its first view is the ``dot`` run for a family state never drawn
before; trees are cached by what they draw, so an audited change elsewhere does not redraw them), a
case shown in full (60 queries on a first view, 40 more than its repeat view: the database cache's
writes of its eight trees, five statements each), and the summary's computation when no lines hold
(``held_table``: ~18 ms of queries and ~11 ms of ``amends.law.parts`` for 64 awards with heirs, under
that load).
"""

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import row  # noqa: E402

NUMBER = "2020다1"


def _people(victim_no: int):
    from amends.registry.models import Marriage, ParentChild, Person

    def person(name, sex, born, died=None):
        return Person.objects.create(
            name_hangul=f"{name}{victim_no}",
            name_hanja="金" if sex == "M" else "",
            sex=sex,
            birth_date=date(*born),
            death_date=date(*died) if died else None,
        )

    victim = person("피해자", "M", (1925, 3, 1), (2005, 6, 1))
    widow = person("배우자", "F", (1928, 5, 1), (2015, 2, 1))
    Marriage.objects.create(spouse_a=victim, spouse_b=widow, started_on=date(1948, 4, 1))
    children = [
        person("장남", "M", (1950, 1, 1)),
        person("차녀", "F", (1953, 1, 1)),
        person("삼남", "M", (1956, 1, 1), (1999, 1, 1)),
    ]
    for child in children:
        ParentChild.objects.create(parent=victim, child=child)
        ParentChild.objects.create(parent=widow, child=child)
    for n, child in enumerate(children):
        spouse = person(f"며느리{n}", "F" if child.sex == "M" else "M", (child.birth_date.year + 2, 1, 1))
        Marriage.objects.create(
            spouse_a=child, spouse_b=spouse, started_on=date(child.birth_date.year + 25, 1, 1)
        )
        for k in range(2 if n != 1 else 1):
            grandchild = person(f"손{n}{k}", "MF"[k % 2], (child.birth_date.year + 28 + k, 1, 1))
            ParentChild.objects.create(parent=child, child=grandchild)
            ParentChild.objects.create(parent=spouse, child=grandchild)
    return victim, widow


def create(awards: int) -> None:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import transaction

    from amends.judgments.models import AccrualTerm, Award, Case, Court, Creditor
    from amends.judgments.services import creditor_heirs_sync
    from amends.registry.selectors import estate_of

    with transaction.atomic():
        court = Court.objects.create(name_ko="대법원", name_en="Supreme Court", level=Court.Level.SUPREME)
        case = Case.objects.create(
            number=NUMBER, court=court, title="bench", final_ruling_on=date(2018, 10, 30)
        )
        for n in range(awards):
            victim, widow = _people(n)
            award = Award.objects.create(case=case, victim=victim, principal=100_000_000)
            AccrualTerm.objects.create(award=award, starts_on=date(2018, 10, 30), rate="0.05")
            for holder in estate_of(decedent=victim, as_of=victim.death_date).holders:
                creditor = Creditor.objects.create(
                    award=award,
                    person=holder.person,
                    share_numerator=holder.share.numerator,
                    share_denominator=holder.share.denominator,
                    relation=Creditor.Relation.SPOUSE if holder.person == widow else Creditor.Relation.OTHER,
                )
                if holder.person == widow:
                    creditor_heirs_sync(by=None, creditor=creditor)
        user = get_user_model().objects.create_user(username="bench-caseworker", is_staff=True)
        user.groups.set([Group.objects.get_or_create(name="caseworker")[0]])


def cpu() -> float:
    """CPU seconds of this process and of the children it waited for (``dot``), user and system."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def paired(client, page: str, anchor: str, rounds: int, before=None) -> tuple[float, float, float, float]:
    """Median CPU and wall seconds of ``GET page`` and of ``GET anchor``, run alternately (``before``
    called before each page request, untimed), so that the machine's load falls on both alike."""
    page_cpu, page_wall, anchor_cpu, anchor_wall = [], [], [], []
    for _ in range(rounds):
        for url, cpus, walls, prepare in (
            (page, page_cpu, page_wall, before),
            (anchor, anchor_cpu, anchor_wall, None),
        ):
            if prepare:
                prepare()
            started, started_cpu = time.perf_counter(), cpu()
            response = client.get(url)
            cpus.append(cpu() - started_cpu)
            walls.append(time.perf_counter() - started)
            assert response.status_code == 200, (url, response.status_code)
    return tuple(statistics.median(values) for values in (page_cpu, page_wall, anchor_cpu, anchor_wall))


def queries(client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return len(captured)


def anchor_urls():
    """The project's URLs and the anchor: a trivial view, one indexed query, a small template."""
    import types

    from django.http import HttpResponse
    from django.template import engines
    from django.urls import path

    from amends.registry.models import Person
    from config.urls import urlpatterns

    template = engines["django"].from_string(
        "<!doctype html><title>{{ person.name_hangul }}</title><h1>{{ person.name_hangul }}</h1>"
        "<p>{{ person.birth_date|date:'Y-m-d' }}–{{ person.death_date|date:'Y-m-d' }}</p>"
    )

    def anchor(request, pk: int) -> HttpResponse:
        return HttpResponse(template.render({"person": Person.objects.get(pk=pk)}, request))

    module = types.ModuleType("bench_case_page_urls")
    module.urlpatterns = [*urlpatterns, path("bench/anchor/<int:pk>/", anchor, name="bench_anchor")]
    return module


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--awards", type=int, default=64)
    parser.add_argument("--rounds", type=int, default=21, help="alternate page/anchor pairs per figure")
    arguments = parser.parse_args()
    scratch = tempfile.mkdtemp()
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{scratch}/bench.sqlite3")
    os.environ.setdefault("AMENDS_VAR_DIR", scratch)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import override_settings
    from django.urls import NoReverseMatch, reverse

    # No setup_test_environment(): it makes every template render send a signal, a cost per render
    # that production does not pay.
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    create(arguments.awards)
    # The stored lines of what is owed (amends.payments.owed_lines), which the case's summary reads:
    # the services write them, and create() bypassed the services, so they are written here as
    # `amends owed rebuild` would (not timed). A third row times the first view without them.
    from amends.payments import owed_lines
    from amends.payments.models import OwedLine

    owed_lines.rebuild()
    from amends.judgments.models import Award
    from amends.registry.models import Person

    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(get_user_model().objects.get(username="bench-caseworker"))
    # Pages render {% static %} without a collectstatic run, as in the tests.
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    vendor = "PostgreSQL" if os.environ["DATABASE_URL"].startswith("postgres") else "SQLite"
    # force_login passes no second factor; the sign-in itself is not what is measured here.
    with override_settings(
        ROOT_URLCONF=anchor_urls(),
        STORAGES=storages,
        ALLOWED_HOSTS=["*"],
        DEBUG=False,
        AMENDS_REQUIRE_2FA=False,
    ):
        anchor = reverse("bench_anchor", args=[Person.objects.order_by("pk").values_list("pk", flat=True)[0]])
        pages = [("case page", reverse("cases:case_detail", args=[NUMBER]))]
        try:  # the award's own page, where a large case shows each award in full
            award = Award.objects.order_by("pk").values_list("pk", flat=True)[arguments.awards // 2]
            pages.append(
                (f"award page (1 of {arguments.awards})", reverse("cases:award_detail", args=[award]))
            )
        except NoReverseMatch:
            pass
        client.get(anchor)  # warm up: imports, templates, connections

        def without_lines():
            OwedLine.objects.all().delete()
            cache.clear()

        for name, page in pages:
            client.get(page)
            figures = []
            views = [("first view", cache.clear), ("repeat view", None)]
            if name == "case page":
                views.append(("first view, no stored lines", without_lines))
            for view, before in views:
                if before:
                    before()
                count = queries(client, page)
                page_cpu, page_wall, anchor_cpu, anchor_wall = paired(
                    client, page, anchor, arguments.rounds, before=before
                )
                figures.append((view, count, page_cpu, page_wall, anchor_cpu, anchor_wall))
            if not OwedLine.objects.exists():
                owed_lines.rebuild()
            print(
                f"queries: {name} {figures[0][1]} (first view), {figures[1][1]} (repeat view); anchor",
                queries(client, anchor),
            )
            for view, count, page_cpu, page_wall, anchor_cpu, anchor_wall in figures:
                print(
                    f"wall time, {name}, {view}: {page_wall:.4f} s, anchor {anchor_wall:.5f} s,"
                    f" {page_wall / anchor_wall:.1f}×"
                )
                row(
                    f"{name}, {arguments.awards} awards, {view}, {vendor}, CPU ({count} queries)",
                    amends=page_cpu,
                    anchor=anchor_cpu,
                    unit="s",
                )


if __name__ == "__main__":
    main()
