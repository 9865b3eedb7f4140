"""Benchmark of the staff case page: a case with many awards, each victim dead and their estate held by
heirs, so every award shows its heirs by succession and a family tree.

    .venv/bin/python bench/bench_case_page.py [--awards 64] [--repeat 5]

Creates, in a fresh database (``DATABASE_URL``; by default a temporary SQLite file), one case with
``--awards`` awards. Each victim died in 2005 and left a widow, who died in 2015 (her part passed on to
her heirs), three children, one of whom died before the victim leaving a spouse and two children
(representation), and grandchildren of the living children: 12 people in four generations. The
judgment names the heirs at the victim's death; the widow's part is handed on through the services.
Creating the data is not timed.

Times ``GET`` of the case page through ``django.test.Client`` (signed in as a caseworker): the first
view (the cache emptied before each run: every family tree is drawn) and the repeat view (the trees
from the cache), beside the anchor: a trivial view in the same process and through the same client,
one indexed query and a small template. Prints the best of ``--repeat`` runs of each, and the queries
of one request of each.
"""

import argparse
import os
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


def best_of(client, url: str, repeat: int, before=None) -> float:
    times = []
    for _ in range(repeat):
        if before:
            before()
        started = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
    return min(times)


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
    parser.add_argument("--repeat", type=int, default=5)
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
    from django.test.utils import override_settings, setup_test_environment
    from django.urls import reverse

    setup_test_environment()
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    create(arguments.awards)
    from amends.registry.models import Person

    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(get_user_model().objects.get(username="bench-caseworker"))
    # Pages render {% static %} without a collectstatic run, as in the tests.
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # force_login passes no second factor; the sign-in itself is not what is measured here.
    with override_settings(
        ROOT_URLCONF=anchor_urls(),
        STORAGES=storages,
        ALLOWED_HOSTS=["*"],
        DEBUG=False,
        AMENDS_REQUIRE_2FA=False,
    ):
        page = reverse("cases:case_detail", args=[NUMBER])
        anchor = reverse("bench_anchor", args=[Person.objects.order_by("pk").values_list("pk", flat=True)[0]])
        client.get(page)  # warm up: imports, templates, connections
        client.get(anchor)
        first = best_of(client, page, arguments.repeat, before=cache.clear)
        first_queries = queries(client, page) if not cache.clear() else 0
        repeat = best_of(client, page, arguments.repeat)
        repeat_queries = queries(client, page)
        plain = best_of(client, anchor, arguments.repeat * 20)
        anchor_queries = queries(client, anchor)
    vendor = "PostgreSQL" if os.environ["DATABASE_URL"].startswith("postgres") else "SQLite"
    print(
        f"queries: case page {first_queries} (first view), {repeat_queries} (repeat view);",
        f"anchor {anchor_queries}",
    )
    row(
        f"case page, {arguments.awards} awards, first view, {vendor} ({first_queries} queries)",
        amends=first,
        anchor=plain,
        unit="s",
    )
    row(
        f"case page, {arguments.awards} awards, repeat view, {vendor} ({repeat_queries} queries)",
        amends=repeat,
        anchor=plain,
        unit="s",
    )


if __name__ == "__main__":
    main()
