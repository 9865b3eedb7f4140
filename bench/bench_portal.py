"""Benchmark of the families' portal: the status page under load, with 100,000 claims on record,
beside an anchor served by the same gunicorn in the same run.

    DATABASE_URL=... .venv/bin/python bench/bench_portal.py [--claims 100000] [--sessions 200]
        [--seconds 10] [--runs 3] [--connections 4] [--workers 2] [--profile]

Uses the database DATABASE_URL names (default: a new SQLite file in a temporary folder), migrates it,
and writes ``--claims`` claims with bulk inserts (not through the services: no audit events; the
shapes are those the services make): awards of 100,000,000 won at 20 % a year, four heirs each at
1/4, each heir's claim with portal access. Then serves the project with gunicorn on loopback, looks
up ``--sessions`` random claims through the portal's form (number, date of birth, code) to get as many
sessions, and drives ``GET /portal/status/`` with wrk (Debian's ``wrk``), each request carrying one of
the session cookies in turn. Prints requests per second and the latency percentiles wrk reports.

The anchor (:mod:`bench.anchor_urls`, served with :mod:`bench.anchor_settings`): a trivial Django view,
``GET /anchor/<claim number>/``, one indexed query (the portal access by its number) and a small
template, through the same middleware, driven by the same wrk with the same connections over the same
claims. ``--runs`` times, alternating which goes first; prints each run, the queries one status page
issues with a warm session (captured in this process through Django's test client), and one table row
(the medians) with :func:`bench.common.row`. ``--profile`` prints cProfile's top functions of 200 status
pages rendered in this process.
"""

import argparse
import http.cookiejar
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import row  # noqa: E402

CODE = "BENCH-2026"


def populate(claims: int) -> None:
    from django.db import transaction
    from django.utils import timezone

    from amends.demo.judgments import _reference_data
    from amends.judgments.models import AccrualTerm, Award, Case, Court, Creditor, Defendant
    from amends.payments.models import Claim
    from amends.portal.models import PortalAccess
    from amends.portal.services import code_hash
    from amends.registry.models import Person

    if PortalAccess.objects.filter(number__startswith="AM-B").count() >= claims:
        return
    started = time.perf_counter()
    _reference_data()
    court, defendant = Court.objects.get(name_ko="대법원"), Defendant.objects.get(key="mhi")
    awards_needed = claims // 4
    per_case = 25
    hashed = code_hash(CODE)
    now, expires = timezone.now(), timezone.localdate() + timedelta(days=180)
    rng = random.Random(7)
    batch = 2000  # awards per transaction
    for first in range(0, awards_needed, batch):
        with transaction.atomic():
            count = min(batch, awards_needed - first)
            cases = Case.objects.bulk_create(
                Case(
                    number=f"2025다{7000000 + (first + i) // per_case}",
                    court=court,
                    final_ruling_on=date(2024, 1, 11),
                )
                for i in range(0, count, per_case)
            )
            Case.defendants.through.objects.bulk_create(
                Case.defendants.through(case_id=case.pk, defendant_id=defendant.pk) for case in cases
            )
            victims = Person.objects.bulk_create(
                Person(
                    name_hangul=f"피해자{first + i}",
                    sex="M",
                    birth_date=date(1925, 1, 1),
                    death_date=date(2000, 1, 1),
                )
                for i in range(count)
            )
            awards = Award.objects.bulk_create(
                Award(case=cases[i // per_case], victim=victims[i], principal=100_000_000)
                for i in range(count)
            )
            AccrualTerm.objects.bulk_create(
                AccrualTerm(award=award, starts_on=date(2018, 11, 30), rate="0.20") for award in awards
            )
            heirs = Person.objects.bulk_create(
                Person(
                    name_hangul=f"상속인{first + i}-{k}",
                    sex="F",
                    birth_date=date(1950, 1, 1) + timedelta(days=rng.randrange(15000)),
                )
                for i in range(count)
                for k in range(4)
            )
            creditors = Creditor.objects.bulk_create(
                Creditor(
                    award=awards[n // 4],
                    person=heir,
                    share_numerator=1,
                    share_denominator=4,
                    relation="child",
                )
                for n, heir in enumerate(heirs)
            )
            claim_rows = Claim.objects.bulk_create(
                Claim(creditor=creditor, case_id=creditor.award.case_id) for creditor in creditors
            )
            PortalAccess.objects.bulk_create(
                PortalAccess(
                    claim=claim,
                    number=f"AM-B-{claim.pk:06d}",
                    code_hash=hashed,
                    code_issued_at=now,
                    code_expires_on=expires,
                )
                for claim in claim_rows
            )
    print(f"wrote {Claim.objects.count():,} claims in {time.perf_counter() - started:.1f} s")


def login(base: str, number: str, birth_date: str) -> str:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/portal/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "number": number, "birth_date": birth_date, "code": CODE}
    ).encode()
    request = urllib.request.Request(f"{base}/portal/", data=data, headers={"Referer": f"{base}/portal/"})
    response = opener.open(request)
    assert response.url.endswith("/portal/status/"), f"lookup of {number} failed"
    return "; ".join(f"{cookie.name}={cookie.value}" for cookie in jar)


WRK_DONE = (
    "done = function(summary, latency, requests)\n"
    '  io.write(string.format("non-2xx or errors: %d\\n", '
    "summary.errors.status + summary.errors.connect + summary.errors.read\n"
    "    + summary.errors.timeout))\n"
    '  for _, p in pairs({50, 99}) do io.write(string.format("p%d: %.1f ms\\n", p, '
    "latency:percentile(p) / 1000)) end\nend\n"
)


def wrk_script(folder: Path, name: str, paths: list[str], cookies: list[str]) -> Path:
    """A wrk script that requests ``paths`` in turn, each with the cookie at the same place if any."""
    script = folder / f"{name}.lua"
    script.write_text(
        "local paths = {"
        + ",".join(f'"{p}"' for p in paths)
        + "}\nlocal cookies = {"
        + ",".join(f'"{c}"' for c in cookies)
        + "}\nlocal n = 0\nrequest = function()\n  n = n % #paths + 1\n"
        '  local headers = {["Accept-Language"] = "ko"}\n'
        '  if #cookies > 0 then headers["Cookie"] = cookies[n] end\n'
        '  return wrk.format("GET", paths[n], headers)\nend\n' + WRK_DONE
    )
    return script


def drive(base: str, script: Path, seconds: int, connections: int) -> tuple[float, str]:
    """Requests per second wrk reaches with ``script``, and wrk's summary lines."""
    result = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", str(script), base],
        capture_output=True,
        text=True,
        check=True,
    )
    errors = int(re.search(r"non-2xx or errors: (\d+)", result.stdout).group(1))
    assert errors == 0, result.stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", result.stdout).group(1))
    p50 = re.search(r"p50: ([\d.]+) ms", result.stdout).group(1)
    p99 = re.search(r"p99: ([\d.]+) ms", result.stdout).group(1)
    return rate, f"p50 {p50} ms, p99 {p99} ms"


def in_process(number: str, birth_date: str, profile: bool) -> int:
    """The queries one status page issues with a warm session, counted through Django's test client in
    this process (and, with ``profile``, cProfile's top functions over 200 pages)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1", HTTP_ACCEPT_LANGUAGE="ko")
    response = client.post("/portal/", {"number": number, "birth_date": birth_date, "code": CODE})
    assert response.status_code == 302, response.status_code
    client.get("/portal/status/")  # the session as it is after its first page
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/portal/status/").status_code == 200
    for query in queries.captured_queries:
        print(f"  {query['sql'][:160]}")
    if profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(200):
            client.get("/portal/status/")
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
    return len(queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--sessions", type=int, default=200)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--profile", action="store_true")
    arguments = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is missing: apt-get install -y wrk")
    scratch = tempfile.mkdtemp()
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{scratch}/bench.sqlite3")
    os.environ.setdefault("AMENDS_VAR_DIR", scratch)
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.anchor_settings"
    os.environ.setdefault("AMENDS_ALLOWED_HOSTS", "127.0.0.1")
    os.environ.setdefault("AMENDS_CONN_MAX_AGE", "60")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, connections

    from amends.portal.models import PortalAccess

    call_command("migrate", verbosity=0)
    populate(arguments.claims)
    sample = random.Random(1).sample(
        list(
            PortalAccess.objects.filter(number__startswith="AM-B").values_list(
                "number", "claim__creditor__person__birth_date"
            )
        ),
        arguments.sessions,
    )
    claims = PortalAccess.objects.count()
    vendor = "PostgreSQL" if connection.vendor == "postgresql" else "SQLite"
    queries = in_process(sample[0][0], sample[0][1].isoformat(), arguments.profile)
    print(f"{queries} queries a status page, warm session")
    connections.close_all()

    base = f"http://127.0.0.1:{arguments.port}"
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{arguments.port}",
            "--workers",
            str(arguments.workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=os.environ.copy(),
    )
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/portal/")
                break
            except OSError:
                time.sleep(0.2)
        cookies = [login(base, number, born.isoformat()) for number, born in sample]
        folder = Path(scratch)
        portal = wrk_script(folder, "portal", ["/portal/status/"] * len(cookies), cookies)
        anchor = wrk_script(folder, "anchor", [f"/anchor/{number}/" for number, _born in sample], [])
        drive(base, anchor, 2, arguments.connections)  # warm both up: templates, connections
        drive(base, portal, 2, arguments.connections)
        ours, theirs = [], []
        for number in range(arguments.runs):
            order = [("anchor", anchor), ("portal", portal)]
            for name, script in order if number % 2 else reversed(order):
                rate, latency = drive(base, script, arguments.seconds, arguments.connections)
                (theirs if name == "anchor" else ours).append(rate)
                print(f"run {number + 1}, {name}: {rate:,.0f} requests/s, {latency}", flush=True)
            print(f"run {number + 1}: {theirs[-1] / ours[-1]:.1f}×", flush=True)
    finally:
        server.terminate()
        server.wait()
    row(
        f"portal status page, {claims // 1000}k claims, {vendor}, wrk {arguments.connections} conn., "
        f"{arguments.workers} workers ({queries} queries a page; anchor: Django view, 1 indexed query, "
        "small template)",
        amends=statistics.median(ours),
        anchor=statistics.median(theirs),
        unit="req/s",
    )


if __name__ == "__main__":
    main()
