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
claims. ``--runs`` times, alternating which goes first; prints each run (with the CPU time the gunicorn
workers used a request, read from /proc: on this shared 2-core machine it moves less with other
processes' load than the wall-clock rate, and leaves out PostgreSQL's own time), the queries one status
page issues with a warm session (captured in this process through Django's test client), and two table
rows (the medians, wall-clock and CPU) with :func:`bench.common.row`. ``--profile`` prints cProfile's
top functions of 200 status pages rendered in this process.

issue 14, session of 2026-12-08. 100k claims, wrk 4 connections, 2 workers, ``--runs 5``, 2 queries a
page; "before" is this session's starting code (run from a copy of the tree, with this bench), "after"
the code with it; two runs of each, under other sessions' load (load average 6-9 on 2 cores). Each:
portal / anchor (medians), ratio, the runs' own ratios.

    SQLite      before  98 / 294 req/s, 3.0x (2.5-5.3x); CPU 6.26 / 2.55 ms, 2.5x (2.2-3.2x); load 6.2-7.3
                before  73.7 / 212 req/s, 2.9x (2.0-4.1x); CPU 5.78 / 2.92 ms, 2.0x (2.0-2.4x); load 8.7-9.2
                after  122 / 186 req/s, 1.5x (1.2-1.5x); CPU 5.30 / 3.32 ms, 1.6x (1.3-1.6x); load 7.4-7.7
                after  88.2 / 193 req/s, 2.2x (1.6-4.7x); CPU 5.20 / 3.01 ms, 1.7x (1.3-2.1x); load 9.2-9.6
    PostgreSQL  before  72.9 / 233 req/s, 3.2x (2.5-3.8x); CPU 6.50 / 3.07 ms, 2.1x (1.9-2.5x); load 6.1-7.0
                before  52.8 / 163 req/s, 3.1x (2.1-4.5x); CPU 6.34 / 2.92 ms, 2.2x (1.9-2.7x); load 8.7-8.9
                after   61.4 / 155 req/s, 2.5x (2.3-4.3x); CPU 5.74 / 3.51 ms, 1.6x (1.6-1.8x); load 7.0-7.5
                after  111 / 203 req/s, 1.8x (1.8-3.1x); CPU 5.68 / 3.42 ms, 1.7x (1.5-1.8x); load 8.5-8.9

The CPU ratio is within 2x on both databases in every run but one (2.1x); the wall-clock ratio, which
moves with the machine's other load, is not yet within 2x on either in every run.

What changed: the parts of the portal's templates that are the same for every reader in a language
(headings, labels, links, the stylesheet's address) are rendered once per language
(``{% fixed %}``, amends/core/templatetags/fixed.py) instead of a ``{% translate %}``, ``{% url %}`` or
``{% static %}`` per request; the status page's sentences with figures in them are put together by its
selector instead of ``{% blocktranslate %}``; the contact details are written in base.html instead of
an ``{% include %}``; on SQLite a compiled query (amends/core/prepared.py) is converted to sqlite3's
``?`` style once per connection, not by Django's regular expression on every execution; the creditor
the amount is computed for is a tuple, not a model instance. What is left on PostgreSQL is mostly the
database's: the status query runs 0.7-5 ms in the server under this load (EXPLAIN ANALYZE: index scans,
and sequential scans only of near-empty tables; its 2-10 ms of planning is saved by the prepared
statement), beside 0.08 ms for the anchor's, and is not in the workers' CPU time.
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


def drive(base: str, script: Path, seconds: int, connections: int) -> tuple[float, int, str]:
    """Requests per second wrk reaches with ``script``, the requests it made, and its latencies."""
    result = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", str(script), base],
        capture_output=True,
        text=True,
        check=True,
    )
    errors = int(re.search(r"non-2xx or errors: (\d+)", result.stdout).group(1))
    assert errors == 0, result.stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", result.stdout).group(1))
    requests = int(re.search(r"(\d+) requests in", result.stdout).group(1))
    p50 = re.search(r"p50: ([\d.]+) ms", result.stdout).group(1)
    p99 = re.search(r"p99: ([\d.]+) ms", result.stdout).group(1)
    return rate, requests, f"p50 {p50} ms, p99 {p99} ms"


def workers_cpu(server: int) -> float:
    """CPU seconds (user and system) the gunicorn workers of master ``server`` have used so far, from
    /proc: the server's own work per request, whatever else the machine is busy with (wall-clock
    rates here move with the load of other processes on these 2 cores). PostgreSQL's own work runs in
    its server processes and is not counted."""
    children = Path(f"/proc/{server}/task/{server}/children").read_text().split()
    ticks = 0
    for pid in children:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks += int(fields[11]) + int(fields[12])  # utime, stime: fields 14 and 15 of proc(5)
    return ticks / os.sysconf("SC_CLK_TCK")


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
    count = len(queries)  # now: every request after this one empties the query log
    if profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(200):
            client.get("/portal/status/")
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
    return count


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
        ours, theirs, our_cpu, their_cpu = [], [], [], []
        for number in range(arguments.runs):
            order = [("anchor", anchor), ("portal", portal)]
            for name, script in order if number % 2 else reversed(order):
                used = workers_cpu(server.pid)
                rate, requests, latency = drive(base, script, arguments.seconds, arguments.connections)
                cpu = (workers_cpu(server.pid) - used) / requests * 1000
                (theirs if name == "anchor" else ours).append(rate)
                (their_cpu if name == "anchor" else our_cpu).append(cpu)
                print(
                    f"run {number + 1}, {name}: {rate:,.0f} requests/s, {latency}, "
                    f"{cpu:.2f} ms CPU a request",
                    flush=True,
                )
            print(
                f"run {number + 1}: {theirs[-1] / ours[-1]:.1f}×, CPU {our_cpu[-1] / their_cpu[-1]:.1f}×",
                flush=True,
            )
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
    row(
        f"the same in the workers' CPU time a request ({vendor})",
        amends=statistics.median(our_cpu),
        anchor=statistics.median(their_cpu),
        unit="ms",
    )


if __name__ == "__main__":
    main()
