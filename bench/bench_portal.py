"""Benchmark of the families' portal: the status page under load, with 100,000 claims on record.

    .venv/bin/python bench/bench_portal.py [--claims 100000] [--sessions 200] [--seconds 20]
        [--connections 16] [--workers 2]

Uses the database DATABASE_URL names (default: a new SQLite file in a temporary folder), migrates it,
and writes ``--claims`` claims with bulk inserts (not through the services: no audit events; the
shapes are those the services make): awards of 100,000,000 won at 20 % a year, four heirs each at
1/4, each heir's claim with portal access. Then serves the project with gunicorn on loopback, looks
up ``--sessions`` random claims through the portal's form (number, date of birth, code) to get as many
sessions, and drives ``GET /portal/status/`` with wrk (Debian's ``wrk``), each request carrying one of
the session cookies in turn. Prints requests per second and the latency percentiles wrk reports.
"""

import argparse
import http.cookiejar
import os
import random
import re
import shutil
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
            claim_rows = Claim.objects.bulk_create(Claim(creditor=creditor) for creditor in creditors)
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--sessions", type=int, default=200)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8765)
    arguments = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is missing: apt-get install -y wrk")
    scratch = tempfile.mkdtemp()
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{scratch}/bench.sqlite3")
    os.environ.setdefault("AMENDS_VAR_DIR", scratch)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("AMENDS_ALLOWED_HOSTS", "127.0.0.1")
    os.environ.setdefault("AMENDS_CONN_MAX_AGE", "60")
    import django

    django.setup()
    from django.core.management import call_command

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
    from django.db import connections

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
        script = Path(scratch) / "sessions.lua"
        script.write_text(
            "local cookies = {"
            + ",".join(f'"{cookie}"' for cookie in cookies)
            + "}\nlocal n = 0\nrequest = function()\n  n = n % #cookies + 1\n"
            '  return wrk.format("GET", "/portal/status/", {["Cookie"] = cookies[n], '
            '["Accept-Language"] = "ko"})\nend\n'
            "done = function(summary, latency, requests)\n"
            '  io.write(string.format("non-2xx or errors: %d\\n", '
            "summary.errors.status + summary.errors.connect + summary.errors.read\n"
            "    + summary.errors.timeout))\n"
            '  for _, p in pairs({50, 90, 99}) do io.write(string.format("p%d: %.1f ms\\n", p, '
            "latency:percentile(p) / 1000)) end\nend\n"
        )
        result = subprocess.run(
            [
                "wrk",
                "-t2",
                f"-c{arguments.connections}",
                f"-d{arguments.seconds}s",
                "--latency",
                "-s",
                str(script),
                f"{base}/portal/status/",
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        print(result.stdout)
        claims = PortalAccess.objects.count()
        rate = re.search(r"Requests/sec:\s+([\d.]+)", result.stdout).group(1)
        p99 = re.search(r"p99: ([\d.]+) ms", result.stdout).group(1)
        print(
            f"portal status page, {claims:,} claims, {arguments.sessions} sessions, "
            f"{arguments.workers} gunicorn workers, {arguments.connections} connections: "
            f"{rate} requests/s, p99 {p99} ms"
        )
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
