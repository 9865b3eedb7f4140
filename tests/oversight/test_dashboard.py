"""The executives' dashboard: creditors by state, money paid and outstanding, refusals, deposits and
the payments chart, from the demonstration's three judgments."""

import re
from datetime import date
from urllib.parse import quote

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils.translation import override

from amends.core.clock import today
from amends.judgments.models import Award
from amends.oversight.dashboard import dashboard
from amends.payments import owed_lines, services
from amends.payments.models import OwedLine, Payment
from amends.payments.owed import award_owed, awards
from tests.payments.test_claims import staff, verified_claim  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

ON = date(2026, 1, 1)
NIPPON_STEEL = "2013다61381"


@pytest.fixture
def living_victim(demo):
    award = next(a for a in Award.objects.filter(case__number=NIPPON_STEEL) if a.victim.death_date is None)
    return award.creditors.get()


@pytest.fixture
def other_creditor(demo):
    """A creditor of a Mitsubishi award (another case, another defendant)."""
    return Award.objects.exclude(case__number=NIPPON_STEEL).order_by("pk").first().creditors.order_by("pk")[0]


def pay(creditor, staff, on: date) -> Payment:  # noqa: F811
    claim = verified_claim(creditor, staff)
    services.claim_record(
        claim=claim, event="propose_payment", by=staff["kim"], facts={"planned_payment_date": on.isoformat()}
    )
    services.claim_record(claim=claim, event="approve_payment", by=staff["choi"], occurred_on=on)
    amount = claim.proposals.get().amount
    services.claim_record(
        claim=claim,
        event="confirm_payment",
        by=staff["park"],
        facts={
            "bank_confirmation": f"KB-{creditor.pk}",
            "paid_on": on.isoformat(),
            "amount_paid": str(amount),
        },
    )
    return Payment.objects.get(creditor=creditor)


def user_with(django_user_model, name, *roles):
    user = django_user_model.objects.create_user(username=name)
    user.groups.set(Group.objects.filter(name__in=roles))
    return user


@override("en")
def test_a_payment_shows_as_one_paid_creditor_and_reduces_what_is_outstanding(living_victim, staff):  # noqa: F811
    # given the demonstration's 41 creditors, none contacted yet, one of whom (a widow) died in 2021:
    # her file passed to her two children, who have files of their own
    before = dashboard(on=ON)
    assert before.totals.creditors == 43
    assert before.totals.by_state["identified"] == 42
    assert before.totals.by_state["passed_to_heirs"] == 1
    award = awards().get(pk=living_victim.award_id)
    owed_before = award_owed(award=award, on=ON).outstanding
    # 100,000,000 + 20 % a year from 2013-06-19 to 2026-01-01: 12 whole years and 197 of 365 days
    assert owed_before == 100_000_000 + 240_000_000 + 10_794_520

    # when the living Nippon Steel victim is paid in full on 2023-04-14
    payment = pay(living_victim, staff, date(2023, 4, 14))
    after = dashboard(on=ON)

    # then one creditor is paid, with exactly the amount owed on the day of payment
    assert payment.amount == 100_000_000 + 180_000_000 + 16_438_356
    assert after.totals.paid == 296_438_356
    assert after.totals.payments == 1
    assert after.totals.paid_creditors == 1
    assert after.totals.states == [("identified", 41), ("paid", 1), ("passed_to_heirs", 1)]
    # and nothing more is owed on his award: the outstanding falls by all it owed on the day
    assert after.totals.outstanding == before.totals.outstanding - owed_before
    assert after.totals.outstanding == 4_545_528_731 - 350_794_520
    assert after.totals.interest == before.totals.interest - 240_000_000 - 10_794_520 + 196_438_356
    # per case and per defendant
    case = next(row for row in after.cases if row.number == NIPPON_STEEL)
    assert (case.totals.creditors, case.totals.paid_creditors, case.totals.paid) == (13, 1, 296_438_356)
    assert case.totals.outstanding == 1_403_178_061 - 350_794_520
    nippon = next(row for row in after.defendants if row.name_en == "Nippon Steel Corporation")
    mitsubishi = next(row for row in after.defendants if row.name_en.startswith("Mitsubishi"))
    assert (nippon.totals.paid, nippon.totals.outstanding) == (296_438_356, 1_052_383_541)
    assert (mitsubishi.totals.paid, mitsubishi.totals.outstanding) == (0, 3_142_350_670)
    assert after.chart.months == [(date(2023, 4, 1), 296_438_356, 1)]


@override("en")
def test_a_refusal_and_its_court_deposit(living_victim, staff, django_user_model):  # noqa: F811
    # given a creditor who refuses, and a deposit lodged for him
    approver = user_with(django_user_model, "yoon", "approver")
    claim = services.claim_open(creditor=living_victim, by=staff["kim"])
    services.claim_record(claim=claim, event="refuse", by=staff["kim"], facts={"reason": "wants an apology"})
    refused = dashboard(on=ON)
    services.claim_record(
        claim=claim,
        event="propose_deposit",
        by=staff["lee"],
        facts={"planned_lodging_date": "2023-07-03", "court": "Gwangju District Court", "ground": "refusal"},
    )
    services.claim_record(claim=claim, event="approve_deposit", by=approver, occurred_on=date(2023, 7, 3))
    services.claim_record(
        claim=claim,
        event="lodge_deposit",
        by=staff["park"],
        facts={
            "court": "Gwangju District Court",
            "deposit_number": "2023금1234",
            "lodged_on": "2023-07-03",
            "amount": "300819672",
        },
    )

    # when the dashboard is read
    lodged = dashboard(on=ON)

    # then the refusal counts while he refuses, and the deposit with its amount once lodged
    assert (refused.totals.refusals, refused.totals.refused, refused.totals.objected) == (1, 1, 0)
    assert refused.totals.states == [("identified", 41), ("refused", 1), ("passed_to_heirs", 1)]
    assert lodged.totals.refusals == 0
    assert (lodged.totals.deposits, lodged.totals.deposited) == (1, 300_819_672)
    assert lodged.totals.deposit_states == [("deposit_lodged", 1, 300_819_672)]
    # a deposit is not a payment: nothing is paid and what is owed is unchanged
    assert lodged.totals.paid == 0
    assert lodged.totals.outstanding == 4_545_528_731


def test_the_page_is_for_executives_auditors_and_approvers(client, demo, django_user_model):
    url = reverse("oversight:dashboard")
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(user_with(django_user_model, "kim", "caseworker"))
    assert client.get(url).status_code == 403
    for name, role in (("ceo", "executive"), ("jung", "auditor"), ("yoon", "approver")):
        client.force_login(user_with(django_user_model, name, role))
        assert client.get(url).status_code == 200, role


def test_the_page_shows_the_figures_and_one_bar_per_month_with_payments(
    client,
    living_victim,
    other_creditor,
    staff,  # noqa: F811
    django_user_model,
):
    # given two payments in different months
    first = pay(living_victim, staff, date(2023, 4, 14))
    second = pay(other_creditor, staff, date(2023, 6, 2))
    client.force_login(user_with(django_user_model, "ceo", "executive"))
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"

    # when an executive opens the dashboard
    html = client.get(reverse("oversight:dashboard")).content.decode()

    # then the totals, the states and the chart say what happened
    board = dashboard(on=today())
    assert re.search(r'data-testid="paid-creditors">2<', html)
    assert f'data-testid="paid">{first.amount + second.amount:,}<' in html
    assert f'data-testid="outstanding">{board.totals.outstanding:,}<' in html
    assert '<tr data-state="paid"><th scope="row">paid</th><td class="num">2</td></tr>' in html
    svg = re.search(r"<svg .*?</svg>", html, re.S).group(0)
    assert "<title" in svg and "<desc" in svg
    assert len(re.findall(r"<rect ", svg)) == 2
    assert "2023-04: 296,438,356" in svg
    assert f"2023-06: {second.amount:,}" in svg
    assert '<th scope="row">2023-04</th><td class="num">1</td><td class="num">296,438,356</td>' in html
    # and one row per case, linked to the case page, with its figures
    for row in board.cases:
        t = row.totals
        assert (
            f'<tr data-case="{row.number}"><th scope="row">'
            f'<a href="{reverse("cases:case_detail", args=[row.number])}" lang="ko">{row.number}</a></th>'
            f'<td lang="en">{", ".join(row.defendants)}</td><td class="num">{t.creditors:,}</td>'
            f'<td class="num">{t.paid_creditors:,}</td><td class="num">{t.paid:,}</td>'
            f'<td class="num">{t.outstanding:,}</td><td class="num">{t.refusals:,}</td>'
            f'<td class="num">{t.deposits:,}</td><td class="num">{t.deposited:,}</td></tr>'
        ) in html
    assert f'<a href="/cases/{quote(NIPPON_STEEL)}/" lang="ko">' in html
    # and a link to it in the navigation
    assert f'href="{reverse("oversight:dashboard")}">Dashboard<' in html


def test_a_case_number_is_escaped_in_the_rows(client, demo, django_user_model):
    # given a case whose number carries markup (the form refuses one; a bulk load might not)
    from amends.judgments.models import Case

    case = Case.objects.get(number=NIPPON_STEEL)
    Case.objects.filter(pk=case.pk).update(number='2013다61381<b>"')
    client.force_login(user_with(django_user_model, "ceo", "executive"))
    html = client.get(reverse("oversight:dashboard"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<tr data-case="2013다61381&lt;b&gt;&quot;">' in html
    assert "61381<b>" not in html
    assert 'href="/cases/2013%EB%8B%A461381%3Cb%3E%22/"' in html


def test_the_dashboard_takes_a_fixed_number_of_queries(demo, django_assert_max_num_queries):
    # nine aggregates, what is owed among them: summed from the stored lines and the awards counted
    owed_lines.rebuild(on=ON)
    with django_assert_max_num_queries(9):
        dashboard(on=ON)
    # with no line holding that day, the awards without are found and computed in columns (a query
    # more for the deaths of creditors with heirs: the demonstration's widow)
    OwedLine.objects.all().delete()
    with django_assert_max_num_queries(17):
        dashboard(on=ON)


@pytest.fixture
def demo(shared_demo):
    """The demonstration, loaded once for this module: each test's writes are rolled back."""
