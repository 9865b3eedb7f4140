"""The executives' dashboard: creditors by state, money paid and outstanding, refusals and deposits,
in all, per defendant and per case, and the foundation's payments month by month.

Everything is aggregated in the database (a dozen queries, whatever the number of creditors), what is
owed too: :func:`amends.payments.owed.case_totals` adds up the stored lines of what is owed
(:mod:`amends.payments.owed_lines`) for the day, and computes in columns only the awards whose lines
do not hold that day.

**Cache.** The page reads :func:`cached_dashboard`: the whole :class:`Dashboard` of a day, kept in
Django's cache (``CACHES`` in config/settings.py: Redis, or a table of the database) under a key made
of the day and the head of the audit chain (its last sequence and hash, one primary-key read of
:class:`~amends.audit.models.AuditChainHead`). Every figure here changes only with the date or with a
change of the data, and every service that changes money, claims, awards, creditors, deaths or the
ledger appends an audit event in the same transaction (:func:`amends.audit.services.audit_append`),
which moves the head: the next view then asks for a key that was never stored and computes the
figures afresh. Nothing is ever deleted or invalidated by hand; an entry lives a day at most (a new
day is a new key anyway). A write that bypasses the services (a shell, a raw SQL fix, the benchmarks'
bulk inserts) does not move the head: its figures show from the next audited change or the next day.
:func:`dashboard` itself is never cached.

Defendants of one case are liable for each award in full (jointly and severally), so a case counts in
full for every one of its defendants, as in :func:`amends.payments.owed.defendant_totals`; the
grand totals count each case once.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Sum
from django.utils.translation import gettext, ngettext

from amends.audit.figures import cached, figures_key
from amends.core import charts
from amends.judgments.models import Case, Creditor
from amends.law.lifecycle import State
from amends.payments.models import Claim, CourtDeposit
from amends.payments.models import Payment as FoundationPayment
from amends.payments.owed import case_totals

STATES = tuple(State)
PAID_STATES = (State.PAID, State.RECEIPTED)
REFUSAL_STATES = (State.REFUSED, State.OBJECTED)


@dataclass
class Totals:
    """Figures for a set of creditors: all of them, a defendant's or a case's."""

    creditors: int = 0
    by_state: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATES, 0))
    principal: int = 0
    interest: int = 0
    paid: int = 0  # the foundation's payments, confirmed by the bank
    payments: int = 0
    outstanding: int = 0  # principal and delay damages to the evaluation date, less all money received
    deposits: int = 0
    deposited: int = 0
    deposits_by_state: dict[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def refusals(self) -> int:
        return sum(self.by_state[state] for state in REFUSAL_STATES)

    @property
    def refused(self) -> int:
        return self.by_state[State.REFUSED]

    @property
    def objected(self) -> int:
        return self.by_state[State.OBJECTED]

    @property
    def paid_creditors(self) -> int:
        return sum(self.by_state[state] for state in PAID_STATES)

    @property
    def states(self) -> list[tuple[str, int]]:
        """(state, count) for every state with creditors in it, in lifecycle order."""
        return [(state.value, self.by_state[state]) for state in STATES if self.by_state[state]]

    @property
    def all_states(self) -> list[tuple[str, int]]:
        """(state, count) for every state of the lifecycle, in its order."""
        return [(state.value, self.by_state[state]) for state in STATES]

    @property
    def deposit_states(self) -> list[tuple[str, int, int]]:
        return [
            (state.value, *self.deposits_by_state[state])
            for state in STATES
            if state in self.deposits_by_state
        ]

    def add(self, other: Totals) -> None:
        self.creditors += other.creditors
        for state, count in other.by_state.items():
            self.by_state[state] += count
        self.principal += other.principal
        self.interest += other.interest
        self.paid += other.paid
        self.payments += other.payments
        self.outstanding += other.outstanding
        self.deposits += other.deposits
        self.deposited += other.deposited
        for state, (count, amount) in other.deposits_by_state.items():
            was = self.deposits_by_state.get(state, (0, 0))
            self.deposits_by_state[state] = (was[0] + count, was[1] + amount)


@dataclass
class CaseRow:
    pk: int
    number: str
    defendants: list[str]
    totals: Totals = field(default_factory=Totals)


@dataclass
class DefendantRow:
    pk: int
    name_ko: str
    name_en: str
    cases: int = 0
    totals: Totals = field(default_factory=Totals)


@dataclass(frozen=True)
class PaymentsChart:
    """The foundation's payments per month (months without payments are not listed); the page draws
    them with :func:`amends.core.charts.month_bars` in the reader's language."""

    months: list[tuple[date, int, int]]  # (first of the month, amount, number of payments)

    @property
    def total(self) -> int:
        return sum(amount for _, amount, _ in self.months)

    @property
    def first(self) -> date | None:
        return self.months[0][0] if self.months else None

    @property
    def last(self) -> date | None:
        return self.months[-1][0] if self.months else None


@dataclass(frozen=True)
class Dashboard:
    on: date
    totals: Totals
    defendants: list[DefendantRow]
    cases: list[CaseRow]
    chart: PaymentsChart


def payments_chart(chart: PaymentsChart) -> charts.Chart:
    """The payments per month as bars with their axes, in the reader's language (never cached)."""
    return charts.month_bars(
        [(month, amount) for month, amount, _ in chart.months],
        id="payments-chart",
        title=gettext("Payments by the foundation per month"),
        desc=ngettext(
            "%(months)s month with payments, %(first)s, %(total)s won; the table below gives it.",
            "%(months)s months with payments from %(first)s to %(last)s, %(total)s won in all; "
            "the table below gives each month.",
            len(chart.months),
        )
        % {
            "months": len(chart.months),
            "first": f"{chart.first:%Y-%m}" if chart.first else "",
            "last": f"{chart.last:%Y-%m}" if chart.last else "",
            "total": charts.won(chart.total),
        },
        x_label=gettext("Month"),
        y_label=gettext("won"),
    )


def dashboard(*, on: date) -> Dashboard:
    """Creditors, money and deposits on ``on``: in all, per defendant and per case."""
    cases: dict[int, CaseRow] = {
        pk: CaseRow(pk, number, [])
        for pk, number in Case.objects.order_by("number").values_list("pk", "number")
    }
    defendants: dict[int, DefendantRow] = {}
    defendant_cases: dict[int, list[int]] = defaultdict(list)
    for case_id, pk, name_ko, name_en in Case.defendants.through.objects.values_list(
        "case_id", "defendant_id", "defendant__name_ko", "defendant__name_en"
    ):
        defendants.setdefault(pk, DefendantRow(pk, name_ko, name_en))
        defendant_cases[pk].append(case_id)
        cases[case_id].defendants.append(name_en)

    # Creditors by the state of their claim: the claims counted by the case they carry (one table and
    # its index, not a join of every creditor to its award and claim: five times the anchor's cost,
    # issue 14); a creditor without a claim file is still "identified".
    for case_id, count in (
        Creditor.objects.order_by().values_list("award__case_id").annotate(count=Count("pk"))
    ):
        cases[case_id].totals.creditors += count
        cases[case_id].totals.by_state[State.IDENTIFIED] += count
    for case_id, state, count in (
        Claim.objects.order_by().values_list("case_id", "state").annotate(count=Count("pk"))
    ):
        cases[case_id].totals.by_state[State.IDENTIFIED] -= count
        cases[case_id].totals.by_state[State(state)] += count

    # A payment the bank brought back was never made (amends.payments.owed.received).
    for case_id, count, amount in (
        FoundationPayment.objects.standing()
        .order_by()
        .values_list("creditor__award__case_id")
        .annotate(count=Count("pk"), amount=Sum("amount"))
    ):
        cases[case_id].totals.payments += count
        cases[case_id].totals.paid += amount

    # A deposit stands where its claim stands (lodged, accepted, refused, under objection …).
    for case_id, state, count, amount in (
        CourtDeposit.objects.order_by()
        .values_list("claim__creditor__award__case_id", "claim__state")
        .annotate(count=Count("pk"), amount=Sum("amount"))
    ):
        totals = cases[case_id].totals
        totals.deposits += count
        totals.deposited += amount
        was = totals.deposits_by_state.get(State(state), (0, 0))
        totals.deposits_by_state[State(state)] = (was[0] + count, was[1] + amount)

    for case_id, (principal, interest, _applied, outstanding) in case_totals(on=on).items():
        totals = cases[case_id].totals
        totals.principal += principal
        totals.interest += interest
        totals.outstanding += outstanding

    grand = Totals()
    for case in cases.values():
        grand.add(case.totals)
    for pk, row in defendants.items():
        row.cases = len(defendant_cases[pk])
        for case_id in defendant_cases[pk]:
            row.totals.add(cases[case_id].totals)

    # Payments by day in the database, by month here: SQLite truncates a date to its month by a Python
    # function called once a row, which cost more than the query (issue 14); days are a few thousand.
    by_month: dict[date, list[int]] = {}
    for day, amount, count in (
        FoundationPayment.objects.standing()
        .order_by()
        .values_list("paid_on")
        .annotate(amount=Sum("amount"), count=Count("pk"))
        .values_list("paid_on", "amount", "count")
    ):
        month = by_month.setdefault(day.replace(day=1), [0, 0])
        month[0] += amount
        month[1] += count
    months = [(month, amount, count) for month, (amount, count) in sorted(by_month.items())]
    return Dashboard(
        on=on,
        totals=grand,
        defendants=sorted(defendants.values(), key=lambda row: row.name_en),
        cases=list(cases.values()),
        chart=PaymentsChart(months),
    )


# -- cache ----------------------------------------------------------------------------------------

# Bump when what a cached figure is changes (a new field, another definition), so that entries
# written by the previous code are never read. The key and the cache are amends.audit.figures'.
CACHE_VERSION = 2  # 2: the payments chart keeps its months only (its drawing is the page's)


def cached_dashboard(*, on: date) -> Dashboard:
    """:func:`dashboard` on ``on``, from the cache when nothing was recorded since it was computed:
    two queries (the audit head, the cache) instead of a dozen and the arithmetic."""
    return cached(figures_key(f"dashboard-v{CACHE_VERSION}", on), lambda: dashboard(on=on))
