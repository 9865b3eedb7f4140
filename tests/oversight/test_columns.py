"""The dashboard's and the forecast's figures, read in columns for every award at once
(:func:`amends.payments.owed.held_table`), are the per-award read path's (:func:`award_owed`) to the
won: on the demonstration, and on generated awards with heirs of creditors who died, payments to a
creditor and on the whole award, payments the bank brought back, terms that start late or are
missing. And the page's figures come from the cache until something is recorded."""

import random
import re
import uuid
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from amends.core.clock import today
from amends.judgments.models import AccrualTerm, Award, Case, Court, Creditor
from amends.law.forecast import Scenario
from amends.oversight.dashboard import cached_dashboard, dashboard
from amends.oversight.forecast import award_debts, fund_forecast, suit_debts
from amends.payments import owed
from amends.payments.models import Claim, ExternalPayment, Payment, PaymentProposal
from amends.registry.models import Person
from tests.oversight.test_dashboard import pay, user_with
from tests.payments.test_claims import staff  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

DATES = (date(2009, 6, 1), date(2016, 3, 1), date(2021, 12, 31), date(2026, 1, 1))


def per_award(on: date) -> dict[int, tuple[int, int, int, int]]:
    """Each award's figures by the per-award read path, one award at a time."""
    result = {}
    for award in owed.awards():
        if not award.creditors.exists():
            continue
        read = owed.award_owed(award=award, on=on)
        result[award.pk] = (award.case_id, read.principal, read.interest, read.paid, read.outstanding)
    return result


def assert_columns_agree(on: date) -> None:
    expected = per_award(on)
    columns = {
        pk: (t.case_id, t.principal, t.interest, t.paid, t.outstanding)
        for pk, t in owed.all_awards_owed(on=on).items()
    }
    assert columns == expected, on
    by_case: dict[int, list[int]] = {}
    for case_id, *figures in expected.values():
        sums = by_case.setdefault(case_id, [0, 0, 0, 0])
        for index, figure in enumerate(figures):
            sums[index] += figure
    assert {case: list(figures) for case, figures in owed.case_totals(on=on).items()} == by_case
    board = dashboard(on=on)
    assert board.totals.outstanding == sum(figures[3] for figures in by_case.values())
    assert board.totals.interest == sum(figures[1] for figures in by_case.values())
    # the forecast's table holds held_debts' rows, row for row
    table = owed.held_table(on=on)
    debts = owed.held_debts(on=on)
    assert sorted(table.creditor_id.tolist()) == sorted(debt.creditor_id for debt in debts)
    assert int(table.table.principal.sum()) == sum(debt.principal for debt in debts)


def generated(seed: int = 7, awards: int = 40) -> None:
    """Awards of two to five creditors in uneven shares; some creditors died and left heirs; money
    paid to creditors, on whole awards, and brought back by the bank."""
    from django.contrib.auth import get_user_model

    rng = random.Random(seed)
    clerk = get_user_model().objects.create_user(username="generator")
    court = Court.objects.create(name_ko="생성 법원", name_en="Generated Court", level="supreme")
    case = Case.objects.create(number="2099다1", court=court, final_ruling_on=date(2018, 10, 30))
    other = Case.objects.create(number="2099다2", court=court, final_ruling_on=date(2018, 10, 30))
    serial = 0
    for index in range(awards):
        victim = Person.objects.create(name_hangul=f"피해자{index}")
        award = Award.objects.create(
            case=case if index % 3 else other,
            victim=victim,
            principal=rng.choice((80_000_000, 100_000_001, 150_000_007)),
            method="period" if rng.random() < 0.5 else "days",
        )
        start = date(2005, 1, 1) + timedelta(days=rng.randrange(6000))
        kind = rng.random()
        if kind < 0.8:
            AccrualTerm.objects.create(award=award, starts_on=start, rate=Decimal("0.05"))
            if rng.random() < 0.7:
                AccrualTerm.objects.create(
                    award=award,
                    starts_on=start + timedelta(days=rng.randrange(100, 900)),
                    rate=rng.choice((Decimal("0.12"), Decimal("0.20"), Decimal("0.15333"))),
                )
        # else: no terms recorded at all
        denominator = rng.choice((2, 3, 7, 13))
        left, shares = denominator, []
        while left:
            take = rng.randint(1, left) if len(shares) < 4 else left
            shares.append(take)
            left -= take
        creditors = []
        for number, share in enumerate(shares):
            person = Person.objects.create(name_hangul=f"채권자{index}-{number}")
            creditors.append(
                Creditor.objects.create(
                    award=award,
                    person=person,
                    share_numerator=share,
                    share_denominator=denominator,
                    relation="spouse" if number == 0 else "child",
                )
            )
        if rng.random() < 0.35:
            # the first creditor died; two or three heirs in uneven shares hold their part
            dead = creditors[0]
            died = date(2012, 1, 1) + timedelta(days=rng.randrange(4000))
            Person.objects.filter(pk=dead.person_id).update(death_date=died)
            heirs = rng.choice(((1, 1), (1, 2), (2, 3, 3)))
            for number, weight in enumerate(heirs):
                heir = Creditor.objects.create(
                    award=award,
                    person=Person.objects.create(name_hangul=f"상속인{index}-{number}"),
                    succeeds=dead,
                    share_numerator=dead.share_numerator * weight,
                    share_denominator=dead.share_denominator * sum(heirs),
                    relation="heir",
                )
                creditors.append(heir)
        for _ in range(rng.randrange(0, 3)):
            ExternalPayment.objects.create(
                award=award,
                creditor=rng.choice((None, rng.choice(creditors))),
                paid_on=date(2010, 1, 1) + timedelta(days=rng.randrange(5000)),
                amount=rng.randrange(1, 40_000_000),
                source="security collected",
            )
        for creditor in rng.sample(creditors, k=min(len(creditors), rng.randrange(0, 3))):
            serial += 1
            claim, _ = Claim.objects.get_or_create(
                creditor=creditor, defaults={"state": "paid", "case_id": creditor.award.case_id}
            )
            day = date(2019, 1, 1) + timedelta(days=rng.randrange(2500))
            proposal = PaymentProposal.objects.create(
                claim=claim,
                amount=rng.randrange(1, 90_000_000),
                planned_on=day,
                status="paid",
                prepared_by=clerk,
                idempotency_key=uuid.uuid4(),
            )
            Payment.objects.create(
                creditor=creditor,
                proposal=proposal,
                amount=proposal.amount,
                paid_on=day,
                bank_reference=f"G{serial}",
                returned_on=day + timedelta(days=3) if rng.random() < 0.2 else None,
            )


def test_the_columns_give_the_per_award_figures_on_the_demonstration(demo):
    for on in DATES:
        assert_columns_agree(on)


def test_the_columns_give_the_per_award_figures_with_heirs_and_payments(demo):
    generated()
    assert Creditor.objects.filter(succeeds__isnull=False).count() > 5
    assert ExternalPayment.objects.filter(creditor__isnull=True).exists()
    for on in DATES:
        assert_columns_agree(on)


def test_the_forecast_from_columns_is_the_forecast_from_the_listed_debts(demo):
    generated(seed=11, awards=25)
    scenario = Scenario(new_judgments_per_year=20)
    on = date(2026, 1, 1)
    from amends.law.forecast import forecast

    listed = forecast(
        debts=[*award_debts(today=on), *suit_debts()], held=10**10, pledged=0, scenario=scenario, today=on
    )
    columns = fund_forecast(today=on, scenario=scenario)
    assert [(p.on, p.owed) for p in columns.points] == [(p.on, p.owed) for p in listed.points]
    assert columns.owed_today_by_kind == listed.owed_today_by_kind


def test_the_number_of_queries_does_not_grow_with_the_awards(demo):
    with CaptureQueriesContext(connection) as before:
        dashboard(on=date(2026, 1, 1))
    generated(seed=3, awards=30)
    with CaptureQueriesContext(connection) as after:
        dashboard(on=date(2026, 1, 1))
    assert len(after) == len(before)


def test_the_page_is_cached_until_something_is_recorded(client, demo, staff, django_user_model):  # noqa: F811
    client.force_login(user_with(django_user_model, "ceo", "executive"))
    url = reverse("oversight:dashboard")
    first = client.get(url)
    with CaptureQueriesContext(connection) as repeat:
        second = client.get(url)
    figures = re.compile(r'data-testid="[a-z-]+">[^<]*<')
    assert figures.findall(second.content.decode()) == figures.findall(first.content.decode())
    # the repeat view reads the session, the user, the audit head and the cache: no figures
    assert not any("judgments_creditor" in query["sql"] for query in repeat.captured_queries)

    # a payment through the services moves the audit chain's head: the next view counts it
    living = next(
        a for a in Award.objects.filter(case__number="2013다61381") if a.victim.death_date is None
    ).creditors.get()
    payment = pay(living, staff, date(2023, 4, 14))
    html = client.get(url).content.decode()
    assert f'data-testid="paid">{payment.amount:,}<' in html
    assert cached_dashboard(on=today()).totals.paid == payment.amount == dashboard(on=today()).totals.paid
