"""The portal's status page reads what it shows in a fixed number of queries, writes nothing while the
session's idle expiry was moved on lately, and shows exactly what amends.payments.owed computes."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from amends.core.clock import today
from amends.judgments.models import Award, Creditor
from amends.letters import services as letter_services
from amends.letters.models import Kind, Letter
from amends.letters.selectors import calculation, offered_on, won
from amends.payments import services as payment_services
from amends.payments.models import Claim, ExternalPayment
from amends.payments.owed import award_owed, awards
from amends.portal import views
from tests.payments.test_claims import staff  # noqa: F401  (a fixture)

pytestmark = pytest.mark.django_db

NUMBER, BIRTH, CODE = "AM-2018-00001", "1923-02-03", "DEMO-2018"


@pytest.fixture
def demo(shared_demo):
    """The demonstration, loaded once for this module: each test's writes are rolled back."""


@pytest.fixture
def portal(client, demo):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    response = client.post("/portal/", {"number": NUMBER, "birth_date": BIRTH, "code": CODE})
    assert response.status_code == 302
    return client


def expected(claim: Claim, on: date) -> dict | None:
    """The figures amends.payments.owed gives the claim's creditor on ``on`` (the whole award computed
    as every other page does), as the portal and the letters show them; None if they hold no part."""
    owed = award_owed(award=awards().get(pk=claim.creditor.award_id), on=on)
    row = next((row for row in owed.rows() if row.creditor.pk == claim.creditor_id), None)
    if row is None:
        return None
    return {
        "award_principal": won(owed.award.principal),
        "principal": won(row.principal),
        "interest": won(row.interest),
        "paid": won(row.paid),
        "outstanding": won(row.outstanding),
        "outstanding_won": row.outstanding,
        "lines": [
            (line.start.isoformat(), line.end.isoformat(), won(line.base), won(line.interest_rounded()))
            for line in (row.damages.lines if row.damages else ())
        ],
        "note": owed.note,
    }


def shown(figures: dict) -> dict:
    keys = ("award_principal", "principal", "interest", "paid", "outstanding", "outstanding_won", "note")
    return {key: figures[key] for key in keys} | {
        "lines": [(line["start"], line["end"], line["base"], line["interest"]) for line in figures["lines"]]
    }


def test_the_status_page_reads_in_two_queries_and_writes_no_session(portal):
    # given a family who opened their claim and read the page once
    assert portal.get("/portal/status/").status_code == 200
    claim = Claim.objects.get(portal_access__number=NUMBER)
    for kind in (Kind.OFFER, Kind.DECISION):
        letter_services.letter_send(claim=claim, kind=kind, language="en", by=None)
    ExternalPayment.objects.create(
        award_id=claim.creditor.award_id, paid_on=date(2020, 1, 2), amount=1_000_000, source="security"
    )

    # when they read it again
    with CaptureQueriesContext(connection) as queries:
        response = portal.get("/portal/status/")

    # then the page is read in two queries (the session, the claim with all it shows and its letters),
    # whatever the letters and payments on record, and nothing is written
    assert response.status_code == 200 and response.content.decode().count('data-testid="letter"') == 2
    assert len(queries) <= 2, [query["sql"] for query in queries]
    assert not any(query["sql"].lstrip().upper().startswith(("UPDATE", "INSERT")) for query in queries)


def test_the_idle_expiry_moves_on_once_the_session_was_saved_a_minute_ago(portal):
    key = portal.session.session_key
    saved = Session.objects.get(session_key=key).expire_date

    # a page read right away leaves the session as it was
    portal.get("/portal/status/")
    assert Session.objects.get(session_key=key).expire_date == saved

    # one read more than SESSION_REFRESH_SECONDS after the last save moves the expiry on
    Session.objects.filter(session_key=key).update(
        expire_date=saved - timedelta(seconds=views.SESSION_REFRESH_SECONDS + 1)
    )
    portal.get("/portal/status/")
    assert Session.objects.get(session_key=key).expire_date > timezone.now() + timedelta(
        seconds=views.SESSION_IDLE_SECONDS - 5
    )


def test_the_page_shows_what_payments_owed_computes_for_the_creditor(portal):
    claim = Claim.objects.get(portal_access__number=NUMBER)
    figures = expected(claim, offered_on(claim=claim))

    page = portal.get("/portal/status/").content.decode()

    assert f'<strong data-testid="amount">{figures["outstanding"]} won on {today().isoformat()}' in page
    for name in ("award_principal", "principal", "interest", "paid"):
        assert f'<td class="num">{figures[name]}</td>' in page
    assert page.count('data-testid="line"') == len(figures["lines"])
    for _start, _end, base, interest in figures["lines"]:
        assert f"on {base} won: {interest} won" in page


def test_every_claims_calculation_is_what_payments_owed_computes(demo, staff):  # noqa: F811
    # given payments from elsewhere, on a whole award and to one creditor, and a creditor who died
    # after the judgment, whose part their heirs hold
    award = next(
        a
        for a in Award.objects.filter(case__number="2013다67587")
        if a.creditors.filter(relation="child").count() == 4
    )
    child = award.creditors.filter(relation="child").order_by("pk").first()
    ExternalPayment.objects.create(award=award, paid_on=date(2019, 6, 3), amount=7_777_777, source="security")
    ExternalPayment.objects.create(
        award=award, creditor=child, paid_on=date(2021, 2, 1), amount=3_000_001, source="security"
    )
    payment_services.death_record(by=staff["kim"], person=child.person, died_on=date(2023, 5, 4))
    assert Creditor.objects.filter(succeeds=child).exists()
    for creditor in Creditor.objects.filter(claim__isnull=True):
        payment_services.claim_open(creditor=creditor, by=None)

    # then every claim's figures, on every date, are the whole award's computation for that creditor
    claims = Claim.objects.select_related("creditor__award")
    for on in (date(2019, 1, 1), date(2022, 1, 1), date(2023, 5, 4), today()):
        for claim in claims:
            figures = expected(claim, on)
            if figures is None:  # an heir before the death: no part of their own, as before
                with pytest.raises(StopIteration):
                    calculation(claim=claim, on=on)
                continue
            assert shown(calculation(claim=claim, on=on)) == figures, (claim.pk, on)


def test_the_letters_are_listed_in_the_order_sent_with_their_kind_day_and_reference(portal):
    # given two letters, the first sent at 23:30 UTC on 31 March, which is 1 April in Seoul
    claim = Claim.objects.get(portal_access__number=NUMBER)
    first = letter_services.letter_send(claim=claim, kind=Kind.DECISION, language="en", by=None)
    second = letter_services.letter_send(claim=claim, kind=Kind.OFFER, language="ko", by=None)
    Letter.objects.filter(pk=first.pk).update(sent_at=datetime(2025, 3, 31, 23, 30, tzinfo=UTC))

    page = portal.get("/portal/status/").content.decode()

    # then each is listed as the database holds it, the day as the foundation's clock gives it, and
    # linked for download
    shown = re.findall(r'data-testid="letter">([^<]+)</a> <small>\(([^)]*)\)</small>', page)
    with translation.override("en"):
        expected = [
            (
                str(letter.get_kind_display()),
                f"{letter.get_language_display()}, "
                f"{timezone.localtime(letter.sent_at).date().isoformat()}, {letter.reference}, PDF",
            )
            for letter in Letter.objects.filter(claim=claim).order_by("sent_at", "id")
        ]
    assert [
        pk for (pk,) in Letter.objects.filter(claim=claim).order_by("sent_at", "id").values_list("pk")
    ] == [
        first.pk,
        second.pk,
    ]
    assert shown == expected and expected[0][1].startswith("English, 2025-04-01, ")
    assert f"/portal/letters/{first.pk}/" in page and f"/portal/letters/{second.pk}/" in page
