"""What is owed, to whom, on any date: the one read path for amounts.

Every page, letter, the portal, the API, the dashboard, the forecast and the reports ask here, so the
same person on the same date is shown the same figure everywhere. What is owed is computed from the
award's terms by :mod:`amends.law.interest` (one award, every line) or
:mod:`amends.law.interest_batch` (all awards at once) for the date asked; only the totals by case
(:func:`case_totals`, the dashboard's) are added up in SQL from stored lines that are these same
figures as a straight line in the date (:mod:`amends.payments.owed_lines`), proved equal by
``amends check``.

**Money received** on an award (:func:`received`, defined here and nowhere else):

- the foundation's payments to a creditor, on the day paid, except a payment the bank brought back
  (``returned_on``): the creditor never received that money, so delay damages run on as if it had
  never been made, whatever the evaluation date;
- payments from elsewhere (a defendant's security collected by the family, say), to one creditor or
  on the whole award; one on the whole award reaches each creditor in proportion to their share,
  rounded down to the won;
- court deposits the creditor collected, as paid on the day the deposit was lodged: a deposit the
  creditor accepts discharged the debt when it was lodged (변제공탁, Civil Act Art. 487), so delay
  damages stop then. Until it is collected, a deposit is money the foundation still holds (with the
  court), not a payment. The collection is the ledger's ``deposit:<pk>:collected`` entry.

Each counts from its date only when it is on or before the evaluation date.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from fractions import Fraction
from math import lcm

import numpy as np
from django.core.exceptions import EmptyResultSet
from django.db import connections, router
from django.db.models import (
    Aggregate,
    BigIntegerField,
    CharField,
    Count,
    Exists,
    Func,
    JSONField,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Cast, Concat, JSONArray
from django.utils.translation import gettext

from amends.core.prepared import PreparedQuery
from amends.fund.models import JournalEntry
from amends.judgments.models import AccrualTerm, Award, Case, Creditor, Defendant
from amends.law import parts
from amends.law.interest import Accrual, DelayDamages, Method, Payment, delay_damages
from amends.law.interest_batch import (
    NEVER,
    BatchResult,
    DebtTable,
    Pieces,
    delay_damages_many,
    padded,
    pieces_many,
)
from amends.law.money import Rounding
from amends.payments.models import CourtDeposit, ExternalPayment, OwedLine
from amends.payments.models import Payment as FoundationPayment
from amends.registry.family_tree import Tree, family_tree_svg, family_trees_svg
from amends.registry.models import Person
from amends.registry.selectors import Estate, Family, estate_of, families_of, family_of


@dataclass(frozen=True, slots=True)
class Received:
    """Money received on an award: by one creditor, or on the whole award (``creditor_id`` None)."""

    on: date
    amount: int
    creditor_id: int | None


class _Ordinal(Func):
    """A date as its day number (``date.toordinal()``), computed by the database: a column of
    integers, no Python date per value."""

    output_field = BigIntegerField()

    def as_sqlite(self, compiler, connection, **extra_context):
        # julianday() of a day is its noon; 0001-01-01, ordinal 1, is Julian day 1721425.5.
        template = "CAST(julianday(%(expressions)s) - 1721424.5 AS INTEGER)"
        return self.as_sql(compiler, connection, template=template, **extra_context)

    def as_postgresql(self, compiler, connection, **extra_context):
        template = "(%(expressions)s - DATE '0001-01-01' + 1)"
        return self.as_sql(compiler, connection, template=template, **extra_context)


def _collection_entry(deposit) -> QuerySet:
    """The posted ledger entry saying the court deposit ``deposit`` (its pk, or an ``OuterRef`` to it)
    was collected: ``deposit:<pk>:collected``. A deposit counts as received only once it is there."""
    return JournalEntry.objects.filter(
        posted=True, source=Concat(Value("deposit:"), Cast(deposit, CharField()), Value(":collected"))
    )


def _receipt_rows(
    *, award_ids: list[int] | None, on: date | None, ordinals: bool = False
) -> tuple[QuerySet, ...]:
    """The three kinds of money received (see the module's text), each as a ``values_list`` of
    (award, creditor or None, day, amount); the day as its ordinal if ``ordinals``."""
    payments = FoundationPayment.objects.standing().order_by()
    external = ExternalPayment.objects.order_by()
    collections = _collection_entry(OuterRef("pk"))
    if on is not None:
        payments = payments.filter(paid_on__lte=on)
        external = external.filter(paid_on__lte=on)
        collections = collections.filter(posted_on__lte=on)
    deposits = CourtDeposit.objects.order_by().filter(Exists(collections))
    if award_ids is not None:
        payments = payments.filter(creditor__award_id__in=award_ids)
        external = external.filter(award_id__in=award_ids)
        deposits = deposits.filter(claim__creditor__award_id__in=award_ids)
    paid_on, lodged_on = "paid_on", "lodged_on"
    if ordinals:
        paid_on, lodged_on = "paid_on_ordinal", "lodged_on_ordinal"
        payments = payments.annotate(paid_on_ordinal=_Ordinal("paid_on"))
        external = external.annotate(paid_on_ordinal=_Ordinal("paid_on"))
        deposits = deposits.annotate(lodged_on_ordinal=_Ordinal("lodged_on"))
    return (
        payments.values_list("creditor__award_id", "creditor_id", paid_on, "amount"),
        external.values_list("award_id", "creditor_id", paid_on, "amount"),
        deposits.values_list("claim__creditor__award_id", "claim__creditor_id", lodged_on, "amount"),
    )


def received(*, award_ids: Iterable[int] | None = None, on: date | None = None) -> dict[int, list[Received]]:
    """The money received on each award (on all awards when ``award_ids`` is None) up to ``on`` (all of
    it when None), by award: three queries, whatever the number of awards."""
    ids = None if award_ids is None else list(award_ids)
    result: dict[int, list[Received]] = defaultdict(list)
    for rows in _receipt_rows(award_ids=ids, on=on):
        for award_id, creditor_id, on_day, amount in rows:
            result[award_id].append(Received(on_day, amount, creditor_id))
    return result


def on_award(receipts: Sequence[Received]) -> list[Payment]:
    """What the award as a whole received, as the calculation core takes it."""
    return [Payment(r.on, r.amount) for r in receipts]


def award_terms(*, award_ids: Iterable[int] | None = None) -> dict[int, list[Accrual]]:
    """Each award's accrual terms in date order (all awards when ``award_ids`` is None), in one query."""
    terms = AccrualTerm.objects.order_by("award_id", "starts_on")
    if award_ids is not None:
        terms = terms.filter(award_id__in=list(award_ids))
    result: dict[int, list[Accrual]] = defaultdict(list)
    rates: dict = {}  # a few distinct rates, converted once each
    for award_id, starts_on, rate in terms.values_list("award_id", "starts_on", "rate"):
        if rate not in rates:
            rates[rate] = Fraction(rate)
        result[award_id].append(Accrual(starts_on, rates[rate]))
    return result


def awards() -> QuerySet[Award]:
    """Awards with what computing their amounts reads: victim, case, accrual terms, creditors (the
    judgment's and their heirs')."""
    return Award.objects.select_related("victim", "case").prefetch_related(
        "accruals", Prefetch("creditors", queryset=Creditor.objects.select_related("person").order_by("pk"))
    )


@dataclass(frozen=True, slots=True)
class _Row:
    """A creditor row as :func:`_parts` reads it."""

    pk: int
    share: Fraction
    succeeds: int | None
    died: date | None


def _rows(creditors: Iterable[Creditor]) -> list[_Row]:
    return [_Row(c.pk, c.share, c.succeeds_id, c.person.death_date) for c in creditors]


def _parts(
    rows: Sequence[_Row], receipts: Sequence[Received], on: date, heirs_of: dict | None = None
) -> list[parts.Part]:
    """The award's creditors on ``on`` as :class:`amends.law.parts.Part`, each with what was paid to
    them: the heirs of a creditor who had died by ``on`` in their place (before the death the creditor
    held the part whole). ``heirs_of`` (creditor pk → {person pk: share of that creditor's estate})
    puts heirs not yet recorded in place of a creditor's recorded ones, to preview a death or a
    renunciation."""
    heirs_of = heirs_of or {}
    own: dict[int, list[Payment]] = defaultdict(list)
    for r in receipts:
        if r.creditor_id is not None:
            own[r.creditor_id].append(Payment(r.on, r.amount))
    died = {row.pk: row.died for row in rows}
    result = []
    left_out: set[int] = set()
    for row in rows:
        parent = row.succeeds
        if parent is not None and (
            parent in left_out or parent in heirs_of or died.get(parent) is None or died[parent] > on
        ):
            left_out.add(row.pk)
            continue
        result.append(parts.Part(row.pk, row.share, parent, tuple(own[row.pk])))
        for person_pk, share in heirs_of.get(row.pk, {}).items():
            result.append(parts.Part(("heir", row.pk, person_pk), row.share * share, row.pk))
    return result


def _debt_terms(
    accruals: Sequence[Accrual], on: date, payments: Sequence[Payment]
) -> tuple[list[Accrual] | None, str]:
    """The accrual terms a debt runs on up to ``on``, and a note when nothing accrues: no terms on
    record, or terms that start after ``on``. Payments still reduce the principal then, which a rate
    of 0 says exactly; with no payments either there is nothing to compute (None)."""
    note = ""
    if not accruals:
        note = gettext("No accrual terms are recorded for this award: no delay damages are computed.")
    elif on < accruals[0].start:
        note = gettext("Delay damages start on %(start)s, after the evaluation date.") % {
            "start": accruals[0].start
        }
    if not note:
        return list(accruals), ""
    if not payments:
        return None, note
    return [Accrual(min(on, *(payment.on for payment in payments)), Fraction(0))], note


@dataclass(frozen=True)
class CreditorOwed:
    """What one creditor of an award is owed on a date: a creditor the judgment names, or an heir of
    one who died since (``heirs`` then holds their parts, and every figure here is their sum)."""

    creditor: Creditor
    # A judgment states each creditor's award in whole won, dropping fractions: floor(principal × share);
    # an heir's is their part of the dead creditor's (amends.law.parts).
    principal: int
    interest: int
    paid: int
    overpaid: int
    outstanding: int
    # The calculation, for a part one person holds (no heirs): lines, payments applied.
    damages: DelayDamages | None = None
    heirs: tuple[CreditorOwed, ...] = ()

    @property
    def holds(self) -> bool:
        """Whether this creditor holds their part themselves (they have no heirs on record)."""
        return not self.heirs

    def walk(self) -> Iterable[CreditorOwed]:
        """This creditor and their heirs, theirs in turn, depth first."""
        yield self
        for heir in self.heirs:
            yield from heir.walk()


@dataclass(frozen=True)
class AwardOwed:
    """What is owed on an award on ``on``: the sum of what its creditors are owed (``creditors``, as
    the judgment names them, each with their heirs). ``damages`` is the calculation on the award's
    whole principal, shown line by line; the figures are the sums of the parts."""

    award: Award
    on: date
    rounding: Rounding
    damages: DelayDamages | None
    creditors: list[CreditorOwed] = field(default_factory=list)
    note: str = ""

    @property
    def principal(self) -> int:
        return sum(row.principal for row in self.creditors)

    @property
    def interest(self) -> int:
        return sum(row.interest for row in self.creditors)

    @property
    def paid(self) -> int:
        return sum(row.paid for row in self.creditors)

    @property
    def outstanding(self) -> int:
        return sum(row.outstanding for row in self.creditors)

    def rows(self) -> list[CreditorOwed]:
        """Every creditor and heir, each heir after the creditor they succeed."""
        return [row for named in self.creditors for row in named.walk()]

    def holding(self) -> list[CreditorOwed]:
        """The creditors who hold their part themselves: the judgment's living creditors and heirs."""
        return [row for row in self.rows() if row.holds]

    def of(self, creditor: Creditor | int) -> CreditorOwed:
        pk = getattr(creditor, "pk", creditor)
        return next(row for row in self.rows() if row.creditor.pk == pk)


def _figures(debt: parts.Debt, accruals, on: date, rounding: Rounding, method: str) -> tuple:
    """(interest, paid, overpaid, outstanding, damages) of one part, by the scalar engine."""
    terms, _note = _debt_terms(accruals, on, [p for p in debt.payments if p.on <= on])
    if terms is None:
        return 0, 0, 0, debt.principal, None
    damages = delay_damages(
        principal=debt.principal,
        accruals=terms,
        until=on,
        method=Method(method),
        rounding=rounding,
        payments=[p for p in debt.payments if p.on <= on],
    )
    return damages.interest, damages.paid, damages.overpaid, damages.outstanding, damages


def award_owed(
    *,
    award: Award,
    on: date,
    rounding: Rounding = Rounding.FLOOR,
    receipts: list[Received] | None = None,
    heirs_of: dict | None = None,
) -> AwardOwed:
    """What is owed on ``award`` on ``on``, after what was received: for each creditor's part, each
    heir's part of a creditor who died, and (their sum) the whole award. ``receipts`` (from
    :func:`received`) saves the queries when many awards are read; ``heirs_of`` previews heirs not yet
    recorded (see :func:`_parts`)."""
    if receipts is None:
        receipts = received(award_ids=[award.pk], on=on).get(award.pk, [])
    receipts = [r for r in receipts if r.on <= on]
    accruals = award.accrual_terms()
    terms, note = _debt_terms(accruals, on, on_award(receipts))
    damages = None
    if terms is not None:
        damages = delay_damages(
            principal=award.principal,
            accruals=terms,
            until=on,
            method=Method(award.method),
            rounding=rounding,
            payments=on_award(receipts),
        )
    creditors = list(award.creditors.all())
    award_parts = _parts(_rows(creditors), receipts, on, heirs_of)
    held = parts.debts(
        principal=award.principal,
        parts=award_parts,
        on_award=[Payment(r.on, r.amount) for r in receipts if r.creditor_id is None],
    )
    by_key = {creditor.pk: creditor for creditor in creditors}
    children: dict = defaultdict(list)
    for part in award_parts:
        children[part.parent].append(part)

    def build(part: parts.Part) -> CreditorOwed:
        creditor = by_key.get(part.key) or _previewed(part, by_key)
        heirs = tuple(build(child) for child in children.get(part.key, ()))
        if not heirs:
            interest, paid, overpaid, outstanding, calc = _figures(
                held[part.key], accruals, on, rounding, award.method
            )
            return CreditorOwed(
                creditor, held[part.key].principal, interest, paid, overpaid, outstanding, calc
            )
        return CreditorOwed(
            creditor,
            sum(h.principal for h in heirs),
            sum(h.interest for h in heirs),
            sum(h.paid for h in heirs),
            sum(h.overpaid for h in heirs),
            sum(h.outstanding for h in heirs),
            heirs=heirs,
        )

    rows = [build(part) for part in children.get(None, ())]
    return AwardOwed(award=award, on=on, rounding=rounding, damages=damages, creditors=rows, note=note)


def _previewed(part: parts.Part, by_key: dict[int, Creditor]) -> Creditor:
    """An heir not yet recorded, as an unsaved creditor row (a preview)."""
    _heir, parent_pk, person_pk = part.key
    parent = by_key[parent_pk]
    return Creditor(
        award=parent.award,
        person=Person.objects.get(pk=person_pk),
        succeeds=parent,
        share_numerator=part.share.numerator,
        share_denominator=part.share.denominator,
        relation=Creditor.Relation.HEIR,
    )


def case_owed(*, case: Case, on: date, rounding: Rounding = Rounding.FLOOR) -> list[AwardOwed]:
    chosen = list(awards().filter(case=case))
    receipts = received(award_ids=[award.pk for award in chosen], on=on)
    return [
        award_owed(award=award, on=on, rounding=rounding, receipts=receipts.get(award.pk, []))
        for award in chosen
    ]


def creditor_owed(*, creditor: Creditor, on: date) -> CreditorOwed:
    """What ``creditor`` is owed on ``on``: their principal and delay damages, less what they received
    (for a creditor who died, the sum of their heirs' parts)."""
    return award_owed(award=awards().get(pk=creditor.award_id), on=on).of(creditor)


def creditor_outstanding(*, creditor: Creditor, on: date) -> int:
    """``creditor_owed(creditor=creditor, on=on).outstanding``, read narrowly for the payment steps:
    the award's terms, creditor rows and receipts in one query (:func:`owed_inputs`, compiled once:
    :data:`_AWARD_INPUTS`), whatever the size of the award, and only the parts of ``creditor`` (theirs,
    or their heirs') computed (:func:`creditor_figures`). The same parts, the same arithmetic."""
    ((principal, method, *values),) = _AWARD_INPUTS.rows(creditor.award_id)
    inputs = award_inputs(
        principal=principal, method=method, values=dict(zip(OWED_INPUTS, values, strict=True))
    )
    figures = creditor_figures(creditor_pk=creditor.pk, inputs=inputs, on=on)
    if figures is None:
        return creditor_owed(creditor=creditor, on=on).outstanding  # not a holder on ``on``: as it says
    return figures.outstanding


@dataclass
class DefendantTotal:
    defendant: Defendant
    cases: set[int] = field(default_factory=set)
    awards: int = 0
    principal: int = 0
    interest: int = 0
    paid: int = 0

    @property
    def total(self) -> int:
        return self.principal + self.interest

    @property
    def outstanding(self) -> int:
        return self.total - self.paid


@dataclass(frozen=True, slots=True)
class AwardTotal:
    """An award's figures on a date, the sums of its creditors' parts: what totals and dashboards add."""

    case_id: int
    principal: int
    interest: int
    paid: int
    outstanding: int


@dataclass(frozen=True, slots=True)
class HeldDebt:
    """One part of an award held by one person (:func:`held_debts`), as the engines take it."""

    award_id: int
    case_id: int
    creditor_id: int
    principal: int
    accruals: list[Accrual]
    payments: list[Payment]
    method: Method


def held_debts(*, on: date) -> list[HeldDebt]:
    """Every part of every award that one person holds (a creditor the judgment names, or an heir of
    one who died since), with its accrual terms and what was received on it up to ``on``, in four
    queries: what the dashboard, the forecast and the reports add up."""
    terms, receipts = award_terms(), received(on=on)
    creditors: dict[int, list[tuple]] = defaultdict(list)
    with_heirs: set[int] = set()
    for pk, award_id, numerator, denominator, succeeds, died in Creditor.objects.order_by(
        "award_id", "pk"
    ).values_list(
        "pk", "award_id", "share_numerator", "share_denominator", "succeeds_id", "person__death_date"
    ):
        creditors[award_id].append((pk, numerator, denominator, succeeds, died))
        if succeeds is not None:
            with_heirs.add(award_id)
    methods = {value: Method(value) for value in Method}
    result = []
    for pk, case_id, principal, method in Award.objects.order_by("pk").values_list(
        "pk", "case_id", "principal", "method"
    ):
        award_receipts = receipts.get(pk, [])
        rows = creditors.get(pk, [])
        if pk not in with_heirs and all(r.creditor_id is not None for r in award_receipts):
            # The common case, without building parts: the judgment's creditors, each with their
            # floored principal and their own receipts (exactly what amends.law.parts gives).
            own: dict[int, list[Payment]] = defaultdict(list)
            for r in sorted(award_receipts, key=lambda r: r.on):
                own[r.creditor_id].append(Payment(r.on, r.amount))
            for creditor_id, numerator, denominator, _succeeds, _died in rows:
                result.append(
                    HeldDebt(
                        pk,
                        case_id,
                        creditor_id,
                        principal * numerator // denominator,
                        terms.get(pk, []),
                        own.get(creditor_id, []),
                        methods[method],
                    )
                )
            continue
        held = parts.debts(
            principal=principal,
            parts=_parts([_Row(r[0], Fraction(r[1], r[2]), r[3], r[4]) for r in rows], award_receipts, on),
            on_award=[Payment(r.on, r.amount) for r in award_receipts if r.creditor_id is None],
        )
        for creditor_id, debt in held.items():
            result.append(
                HeldDebt(
                    pk,
                    case_id,
                    creditor_id,
                    debt.principal,
                    terms.get(pk, []),
                    list(debt.payments),
                    methods[method],
                )
            )
    return result


# -- every award at once, in columns: the dashboard, the forecast, the totals ---------------------
#
# The figures are held_debts' and award_owed's to the won; only the way they are read differs. Terms,
# creditors and receipts are read as tuples without Django's per-value converters (dates as the
# driver gives them, each distinct rate converted once) and laid straight into the array engine's
# table: no Python object per award or per part, except for the few awards whose parts need
# amends.law.parts (a creditor who died and has heirs; money received on the whole award).

_SAFE_SUM = 2**62  # below this (a float estimate), a sum of int64 cannot overflow


def _fetch(queryset: QuerySet) -> list[tuple]:
    """The rows of a ``values_list`` queryset as the database driver returns them, without Django's
    converters (a Python call per value: dates stay ISO text on SQLite, decimals floats): the
    callers read days as ordinals (:class:`_Ordinal`) and convert each distinct value once
    (:func:`_converted`)."""
    try:
        sql, params = queryset.query.get_compiler(queryset.db).as_sql()
    except EmptyResultSet:
        return []
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _converted(model, name: str, values: Iterable) -> dict:
    """Each distinct raw value of ``model.name`` (as :func:`_fetch` reads it) as Django's converters
    make it: what the ORM would give, once a distinct value."""
    field = model._meta.get_field(name)
    connection = connections[router.db_for_read(model)]
    column = field.get_col(model._meta.db_table)
    converters = connection.ops.get_db_converters(column) + field.get_db_converters(connection)
    result = {}
    for raw in set(values):
        value = raw
        for converter in converters:
            value = converter(value, column, connection)
        result[raw] = value
    return result


def _columns(rows: list[tuple], width: int) -> list[tuple]:
    """``rows`` as ``width`` columns."""
    return list(zip(*rows, strict=True)) if rows else [()] * width


def _ints(column: Sequence) -> np.ndarray:
    return np.array(column, np.int64) if len(column) else np.zeros(0, np.int64)


def _sum_by(index: np.ndarray, values: np.ndarray, size: int) -> list[int]:
    """Exact sums of ``values`` by ``index`` (0 to ``size - 1``), as Python integers."""
    if float(np.abs(values.astype(np.float64)).sum()) < _SAFE_SUM:
        sums = np.zeros(size, np.int64)
        np.add.at(sums, index, values)
        return sums.tolist()
    result = [0] * size
    for at, value in zip(index.tolist(), values.tolist(), strict=True):
        result[at] += value
    return result


@dataclass(frozen=True)
class HeldTable:
    """What :func:`held_debts` lists, as columns: one row a part of an award that one person holds,
    row for row with ``table`` (the array engine's; its ``until`` is ``on``). The terms are the
    award's as recorded (none: ``starts`` all padding)."""

    on: date
    award_id: np.ndarray
    case_id: np.ndarray
    creditor_id: np.ndarray
    table: DebtTable

    def __len__(self) -> int:
        return len(self.award_id)


def held_table(*, on: date, award_ids: Iterable[int] | None = None) -> HeldTable:
    """Every part of every award that one person holds (of the awards ``award_ids`` only, if given),
    with its accrual terms and what was received on it up to ``on`` (:func:`held_debts`' rows, in
    columns), in six queries whatever the number of awards (a seventh reads the deaths of creditors
    with heirs, when there are any)."""
    ids = None if award_ids is None else sorted(set(award_ids))
    chosen = Award.objects.order_by("pk")
    terms_read = AccrualTerm.objects.order_by("award_id", "starts_on")
    creditors_read = Creditor.objects.order_by("award_id", "pk")
    if ids is not None:
        chosen = chosen.filter(pk__in=ids)
        terms_read = terms_read.filter(award_id__in=ids)
        creditors_read = creditors_read.filter(award_id__in=ids)
    awards_read = _fetch(chosen.values_list("pk", "case_id", "principal", "method"))
    count = len(awards_read)
    pks, case_ids, award_principal, methods = _columns(awards_read, 4)
    award_pk, award_case = _ints(pks), _ints(case_ids)
    period = np.array([method == Method.PERIOD for method in methods], bool)

    # The terms: each distinct rate converted once, every rate over one common denominator.
    term_award, term_start, term_rate = _columns(
        _fetch(terms_read.annotate(start=_Ordinal("starts_on")).values_list("award_id", "start", "rate")),
        3,
    )
    rates = {raw: Fraction(value) for raw, value in _converted(AccrualTerm, "rate", term_rate).items()}
    denominator = lcm(1, *(rate.denominator for rate in rates.values()))
    numerators = {raw: rate.numerator * (denominator // rate.denominator) for raw, rate in rates.items()}
    term_award = np.searchsorted(award_pk, _ints(term_award))
    award_starts = padded(term_award, _ints(term_start), count, NEVER)
    award_rates = padded(term_award, _ints([numerators[rate] for rate in term_rate]), count, 0)

    creditors = _fetch(
        creditors_read.values_list("pk", "award_id", "share_numerator", "share_denominator", "succeeds_id")
    )
    creditor_pks, creditor_awards, numerators_of, denominators_of, succeeds = _columns(creditors, 5)
    creditor_pk = _ints(creditor_pks)
    creditor_award = np.searchsorted(award_pk, _ints(creditor_awards))
    receipts = [row for rows in _receipt_rows(award_ids=ids, on=on, ordinals=True) for row in _fetch(rows)]
    receipt_awards, receipt_creditors, receipt_days, receipt_amounts = _columns(receipts, 4)
    receipt_award = np.searchsorted(award_pk, _ints(receipt_awards))
    receipt_creditor = _ints([-1 if pk is None else pk for pk in receipt_creditors])
    receipt_day, receipt_amount = _ints(receipt_days), _ints(receipt_amounts)

    # Awards whose parts amends.law.parts divides: a creditor with heirs, money on the whole award.
    whole = np.zeros(count, bool)
    whole[creditor_award[np.array([pk is not None for pk in succeeds], bool)]] = True
    heirs = whole.copy()
    whole[receipt_award[receipt_creditor < 0]] = True

    # The common case, in columns: each creditor the judgment names, floor(principal × share), with
    # their own receipts.
    plain = np.flatnonzero(~whole[creditor_award])
    numerator, denominator_of = _ints(numerators_of)[plain], _ints(denominators_of)[plain]
    plain_award = creditor_award[plain]
    principals = np.array(
        award_principal, dtype=object if count and max(award_principal) >= 2**31 else np.int64
    )
    if principals.dtype == object:  # floor(principal × share) in Python integers: no int64 overflow
        principal = np.fromiter(
            (
                int(p) * int(n) // int(d)
                for p, n, d in zip(principals[plain_award], numerator, denominator_of, strict=True)
            ),
            np.int64,
            len(plain),
        )
    else:
        principal = principals[plain_award] * numerator // denominator_of
    by_pk = np.argsort(creditor_pk[plain], kind="stable")
    sorted_pk = creditor_pk[plain][by_pk]
    at = np.minimum(np.searchsorted(sorted_pk, receipt_creditor), max(len(plain) - 1, 0))
    own = np.zeros(len(receipts), bool)
    if len(plain):
        own = (sorted_pk[at] == receipt_creditor) & (plain_award[by_pk[at]] == receipt_award)
    payment_row, payment_day, payment_amount = [by_pk[at[own]]], [receipt_day[own]], [receipt_amount[own]]
    row_award, row_creditor, row_principal = [plain_award], [creditor_pk[plain]], [principal]

    # The others, by amends.law.parts, as held_debts divides them.
    if whole.any():
        died = {}
        if heirs.any():
            with_heirs = Creditor.objects.filter(succeeds__isnull=False)
            if ids is not None:
                with_heirs = with_heirs.filter(award_id__in=ids)
            died = dict(
                Creditor.objects.filter(award_id__in=with_heirs.values("award_id")).values_list(
                    "pk", "person__death_date"
                )
            )
        of_award: dict[int, list] = defaultdict(list)
        for index in np.flatnonzero(whole[creditor_award]).tolist():
            of_award[int(creditor_award[index])].append(creditors[index])
        received_on: dict[int, list[Received]] = defaultdict(list)
        for index in np.flatnonzero(whole[receipt_award]).tolist():
            received_on[int(receipt_award[index])].append(
                Received(date.fromordinal(int(receipt_day[index])), receipts[index][3], receipts[index][1])
            )
        rows, keys, amounts, owners, days, paid = [], [], [], [], [], []
        first = len(plain)
        for index in np.flatnonzero(whole).tolist():
            award_receipts = received_on.get(index, [])
            held = parts.debts(
                principal=award_principal[index],
                parts=_parts(
                    [_Row(r[0], Fraction(r[2], r[3]), r[4], died.get(r[0])) for r in of_award.get(index, [])],
                    award_receipts,
                    on,
                ),
                on_award=[Payment(r.on, r.amount) for r in award_receipts if r.creditor_id is None],
            )
            for creditor_id, debt in held.items():
                for payment in debt.payments:
                    owners.append(first + len(rows))
                    days.append(payment.on.toordinal())
                    paid.append(payment.amount)
                rows.append(index)
                keys.append(creditor_id)
                amounts.append(debt.principal)
        row_award.append(np.array(rows, np.int64))
        row_creditor.append(np.array(keys, np.int64))
        row_principal.append(np.array(amounts, np.int64))
        payment_row.append(np.array(owners, np.int64))
        payment_day.append(np.array(days, np.int64))
        payment_amount.append(np.array(paid, np.int64))

    row_award = np.concatenate(row_award)
    size = len(row_award)
    owners = np.concatenate(payment_row)
    table = DebtTable(
        principal=np.concatenate(row_principal),
        starts=award_starts[row_award],
        rates=award_rates[row_award],
        rate_denominator=denominator,
        until=np.full(size, on.toordinal(), np.int64),
        payment_days=padded(owners, np.concatenate(payment_day), size, NEVER),
        payment_amounts=padded(owners, np.concatenate(payment_amount), size, 0),
        period=period[row_award],
    )
    return HeldTable(on, award_pk[row_award], award_case[row_award], np.concatenate(row_creditor), table)


def _idle_table(held: HeldTable) -> tuple[DebtTable, np.ndarray]:
    """``held``'s table as :func:`award_owed` computes it on ``held.on``, and the day (ordinal) up to
    which that holds: nothing accrues on a part whose terms start after ``on`` (or that has none), its
    payments still reduce it, at a rate of 0 from the first of them, until its first term starts."""
    table, on = held.table, held.on.toordinal()
    horizon = np.full(len(held), NEVER - 1, np.int64)
    if len(held):
        idle = (table.starts[:, 0] == NEVER) | (table.starts[:, 0] > on)
        if idle.any():
            horizon[idle] = table.starts[idle, 0] - 1
            starts, rates = table.starts.copy(), table.rates.copy()
            starts[idle] = NEVER
            rates[idle] = 0
            starts[idle, 0] = np.minimum(on, table.payment_days[idle].min(axis=1))
            table = replace(table, starts=starts, rates=rates)
    return table, horizon


def _owed_columns(
    *, on: date, rounding: Rounding, award_ids: Iterable[int] | None = None
) -> tuple[HeldTable, BatchResult]:
    """Every held part's figures on ``on`` (of the awards ``award_ids`` only, if given), by the array
    engine: :func:`award_owed`'s arithmetic."""
    held = held_table(on=on, award_ids=award_ids)
    table, _horizon = _idle_table(held)
    return held, delay_damages_many(table, rounding=rounding)


def part_lines(*, on: date, award_ids: Iterable[int] | None = None) -> tuple[HeldTable, Pieces]:
    """Every held part of the awards ``award_ids`` (all if None) on ``on``, with how its figures go on
    from ``on`` as a straight line in the day (:func:`amends.law.interest_batch.pieces_many`): what
    :mod:`amends.payments.owed_lines` stores, so that the figures of any later day the line holds are
    a sum in SQL, rounded down as :func:`award_owed` rounds them."""
    held = held_table(on=on, award_ids=award_ids)
    table, horizon = _idle_table(held)
    return held, pieces_many(table, horizon=horizon)


def all_awards_owed(
    *, on: date, rounding: Rounding = Rounding.FLOOR, award_ids: Iterable[int] | None = None
) -> dict[int, AwardTotal]:
    """Every award's principal, delay damages, money applied and what is outstanding on ``on`` (of the
    awards ``award_ids`` only, if given: a case page's summary), by award: the sums over its parts
    (:func:`held_table`), computed in one pass of the array engine (:mod:`amends.law.interest_batch`,
    the same arithmetic as :func:`award_owed`'s). An award with no creditor has no parts and is not
    listed."""
    held, batch = _owed_columns(on=on, rounding=rounding, award_ids=award_ids)
    awards_of, index = np.unique(held.award_id, return_inverse=True)
    if not len(awards_of):
        return {}
    cases = np.zeros(len(awards_of), np.int64)
    cases[index] = held.case_id
    columns = [
        _sum_by(index, values, len(awards_of))
        for values in (held.table.principal, batch.interest, batch.paid, batch.outstanding)
    ]
    return {
        pk: AwardTotal(case, *figures)
        for pk, case, *figures in zip(awards_of.tolist(), cases.tolist(), *columns, strict=True)
    }


def computed_case_totals(
    *, on: date, rounding: Rounding = Rounding.FLOOR, award_ids: Iterable[int] | None = None
) -> dict[int, tuple[int, int, int, int]]:
    """:func:`case_totals` computed from the awards' terms and receipts by the array engine (of the
    awards ``award_ids`` only, if given), without the stored lines."""
    held = held_table(on=on, award_ids=award_ids)
    table, _horizon = _idle_table(held)
    batch = delay_damages_many(table, rounding=rounding)
    cases_of, index = np.unique(held.case_id, return_inverse=True)
    columns = [
        _sum_by(index, values, len(cases_of))
        for values in (held.table.principal, batch.interest, batch.paid, batch.outstanding)
    ]
    return {case: tuple(figures) for case, *figures in zip(cases_of.tolist(), *columns, strict=True)}


# Beyond this many awards whose lines do not hold, every award is computed at once (no list of ids).
LINES_BY_AWARD = 5_000


def _lines_sql(table: str, case: str, opens: str, where: str = "") -> str:
    """The sums by ``case`` (a column) of the lines that hold on a day; ``where`` more conditions."""
    return (
        f"SELECT {case}, SUM(principal), SUM(interest), SUM(paid), SUM(outstanding), "
        f"SUM((remainder + per_day * (%s - from_day)) / denominator), "
        f"SUM(CASE WHEN {opens} THEN 1 ELSE 0 END) "
        f"FROM {table} WHERE {where}from_day <= %s AND last_day >= %s GROUP BY {case}"
    )


def stored_parts(*, on: date) -> dict[int, dict[int | None, tuple[int, int, int, int]]]:
    """The stored lines that hold on ``on``, by award and creditor: (principal, delay damages, money
    applied, outstanding) on ``on``, as :func:`case_totals` adds them (for ``amends check``)."""
    day = on.toordinal()
    result: dict[int, dict] = defaultdict(dict)
    for (
        award_id,
        creditor_id,
        principal,
        interest,
        paid,
        outstanding,
        remainder,
        per_day,
        denominator,
        since,
    ) in OwedLine.objects.filter(from_day__lte=day, last_day__gte=day).values_list(
        "award_id",
        "creditor_id",
        "principal",
        "interest",
        "paid",
        "outstanding",
        "remainder",
        "per_day",
        "denominator",
        "from_day",
    ):
        extra = (remainder + per_day * (day - since)) // denominator
        result[award_id][creditor_id] = (principal, interest + extra, paid, outstanding + extra)
    return dict(result)


def computed_parts(
    *, on: date, award_ids: Iterable[int] | None = None
) -> dict[int, dict[int, tuple[int, int, int, int]]]:
    """Every held part's (principal, delay damages, money applied, outstanding) on ``on``, by award
    and creditor, computed by the array engine (as :func:`all_awards_owed` adds them)."""
    held = held_table(on=on, award_ids=award_ids)
    table, _horizon = _idle_table(held)
    batch = delay_damages_many(table)
    result: dict[int, dict] = defaultdict(dict)
    for award_id, creditor_id, *figures in zip(
        held.award_id.tolist(),
        held.creditor_id.tolist(),
        table.principal.tolist(),
        batch.interest.tolist(),
        batch.paid.tolist(),
        batch.outstanding.tolist(),
        strict=True,
    ):
        result[award_id][creditor_id] = tuple(figures)
    return dict(result)


def case_totals(*, on: date, rounding: Rounding = Rounding.FLOOR) -> dict[int, tuple[int, int, int, int]]:
    """(principal, delay damages, money applied, outstanding) on ``on`` of each case's awards, by
    case: the sums over their parts, as :func:`all_awards_owed` computes them.

    Read from the stored lines (:class:`~amends.payments.models.OwedLine`, kept by
    :mod:`amends.payments.owed_lines`): one sum in SQL over the lines that hold on ``on``, integers
    only, each part's delay damages rounded down on its own as :func:`award_owed` rounds them. An
    award whose lines do not hold on ``on`` (ended, written after ``on``, never written) is computed
    by the array engine (:func:`computed_case_totals`); so is everything if ``rounding`` is not the
    judgments' (rounded down)."""
    if rounding != Rounding.FLOOR:
        return computed_case_totals(on=on, rounding=rounding)
    connection = connections[router.db_for_read(OwedLine)]
    quote = connection.ops.quote_name
    day = on.toordinal()
    result: dict[int, list[int]] = {}
    covered: dict[int, int] = {}
    with connection.cursor() as cursor:
        cursor.execute(
            _lines_sql(quote(OwedLine._meta.db_table), quote("case_id"), quote("opens_award")),
            [day, day, day],
        )
        for case_id, principal, interest, paid, outstanding, extra, awards_covered in cursor.fetchall():
            extra = int(extra)
            result[case_id] = [int(principal), int(interest) + extra, int(paid), int(outstanding) + extra]
            covered[case_id] = int(awards_covered)
    short = [
        case_id
        for case_id, count in Award.objects.order_by().values_list("case_id").annotate(count=Count("pk"))
        if covered.get(case_id, 0) < count
    ]
    if short:
        holding = OwedLine.objects.filter(from_day__lte=day, last_day__gte=day)
        stale = Award.objects.filter(case_id__in=short).exclude(pk__in=holding.values("award_id"))
        ids = list(stale.values_list("pk", flat=True))
        computed = computed_case_totals(on=on, award_ids=None if len(ids) > LINES_BY_AWARD else ids)
        if len(ids) > LINES_BY_AWARD:
            return computed
        for case_id, figures in computed.items():
            was = result.setdefault(case_id, [0, 0, 0, 0])
            for column, value in enumerate(figures):
                was[column] += value
    return {case_id: tuple(figures) for case_id, figures in result.items()}


def stored_award_totals(*, case_id: int, on: date) -> dict[int, AwardTotal]:
    """Each award of the case ``case_id`` whose stored lines hold on ``on``, with its (principal,
    delay damages, money applied, outstanding) on ``on`` rounded down: :func:`all_awards_owed`'s
    figures, added up in SQL from the lines as :func:`case_totals` adds them, in one query whatever
    the number of awards (a case page's summary). An award missing here has no lines that hold on
    ``on`` (ended, written after ``on``, never written): the caller computes it."""
    connection = connections[router.db_for_read(OwedLine)]
    quote = connection.ops.quote_name
    day = on.toordinal()
    # Every line of an award is written at once and holds over the same days: an award is here with
    # all of its parts or not at all.
    sql = _lines_sql(
        quote(OwedLine._meta.db_table),
        quote("award_id"),
        quote("opens_award"),
        f"{quote('case_id')} = %s AND ",
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [day, case_id, day, day])
        return {
            award_id: AwardTotal(
                case_id, int(principal), int(interest) + int(extra), int(paid), int(outstanding) + int(extra)
            )
            for award_id, principal, interest, paid, outstanding, extra, _opens in cursor.fetchall()
        }


def defendant_totals(*, on: date, rounding: Rounding = Rounding.FLOOR) -> list[DefendantTotal]:
    """Per defendant: cases, awards, principal and delay damages owed on ``on``.

    Defendants of one case are liable for the whole award each (jointly and severally), so an award
    counts in full for every defendant of its case.
    """
    totals: dict[int, DefendantTotal] = {}
    defendants_of_case: dict[int, list[Defendant]] = defaultdict(list)
    for link in Case.defendants.through.objects.select_related("defendant"):
        defendants_of_case[link.case_id].append(link.defendant)
    for award in all_awards_owed(on=on, rounding=rounding).values():
        for defendant in defendants_of_case[award.case_id]:
            total = totals.setdefault(defendant.pk, DefendantTotal(defendant=defendant))
            total.cases.add(award.case_id)
            total.awards += 1
            total.principal += award.principal
            total.interest += award.interest
            total.paid += award.paid
    return sorted(totals.values(), key=lambda t: t.defendant.name_en)


@dataclass(frozen=True)
class HolderOwed:
    """A holder of an award on a date: a person holding a part of it (their own as a creditor the
    judgment names, or an heir's of a creditor who died since), their share and what it is owed."""

    person: Person
    share: Fraction
    amount: int
    paths: list[str]


def _path(row: CreditorOwed, by_pk: dict[int, CreditorOwed]) -> str:
    """``조미순 († 2021-03-14) → 김철수 (1/7)``: how a holder came by their part."""
    chain = [row]
    while chain[-1].creditor.succeeds_id is not None and chain[-1].creditor.succeeds_id in by_pk:
        chain.append(by_pk[chain[-1].creditor.succeeds_id])
    words = []
    for link in reversed(chain):
        person = link.creditor.person
        text = person.name_hangul
        if link.heirs and person.death_date:
            text += f" († {person.death_date.isoformat()})"
        words.append(text)
    return " → ".join(words) + f" ({row.creditor.share.numerator}/{row.creditor.share.denominator})"


def holders(owed: AwardOwed) -> list[HolderOwed]:
    """Who holds ``owed``'s award, one row a person (a person may hold their own part and an heir's):
    the same figures as the creditors' table, so the two always agree and add up to the award."""
    by_pk = {row.creditor.pk: row for row in owed.rows() if row.creditor.pk}
    result: dict[int, HolderOwed] = {}
    for row in owed.holding():
        if row.creditor.share == 0 and not row.paid:
            continue
        person = row.creditor.person
        if row.creditor.succeeds_id:
            path = _path(row, by_pk)
        else:
            path = gettext("named by the judgment (%(share)s)") % {
                "share": f"{row.creditor.share.numerator}/{row.creditor.share.denominator}"
            }
        if person.pk in result:
            was = result[person.pk]
            result[person.pk] = HolderOwed(
                person, was.share + row.creditor.share, was.amount + row.outstanding, [*was.paths, path]
            )
        else:
            result[person.pk] = HolderOwed(
                person, row.creditor.share, row.outstanding, [path] if path else []
            )
    return list(result.values())


@dataclass(frozen=True)
class AwardHolders:
    """Who holds ``award`` on ``on`` and what each is owed, with the victim's estate by the registry's
    family record (the family tree, its legal-review points) when the victim has died."""

    award: Award
    on: date
    outstanding: int
    holders: list[HolderOwed]
    estate: Estate | None = None
    tree_svg: str = ""

    @property
    def review(self) -> list[str]:
        return self.estate.review if self.estate else []

    @property
    def error(self) -> str:
        return self.estate.error if self.estate else ""

    @property
    def differs_from_judgment(self) -> bool:
        """The holders on file are not who the family record says holds the victim's estate, in the same
        shares: the judgment named others, or a death or renunciation is not handed on yet."""
        if self.estate is None or self.estate.error:
            return False
        held = {holder.person.pk: holder.share for holder in self.holders}
        return held != {holder.person.pk: holder.share for holder in self.estate.holders}


def award_holders(
    *,
    award: Award,
    on: date,
    rounding: Rounding = Rounding.FLOOR,
    owed: AwardOwed | None = None,
    with_tree: bool = True,
    family: Family | None = None,
) -> AwardHolders:
    """The award's holders on ``on`` with each one's amount (:func:`holders`); ``owed`` is the award's
    :class:`AwardOwed` on that date, and ``family`` the victim's (:func:`families_of`), when the caller
    has them."""
    if owed is None:
        owed = award_owed(award=award, on=on, rounding=rounding)
    rows = holders(owed)
    victim = award.victim
    if victim.death_date is None or victim.death_date > on:
        return AwardHolders(award, on, owed.outstanding, rows)
    estate = estate_of(decedent=victim, family=family, as_of=on)
    tree = ""
    if with_tree and not estate.error:
        tree = family_tree_svg(
            family=estate.family, decedent=victim, shares={h.person.pk: h.share for h in rows}
        )
    return AwardHolders(award, on, owed.outstanding, rows, estate, tree)


def awards_holders(*, owed: Sequence[AwardOwed], on: date) -> list[AwardHolders]:
    """:func:`award_holders` of many awards (``owed``, each on ``on``) with their family trees, in a
    fixed number of queries: the families of the victims dead by ``on`` read in one pass, the trees
    the cache lacks drawn in one run of ``dot``."""
    families = families_of(
        people=[item.award.victim for item in owed if (item.award.victim.death_date or on) <= on]
    )
    result = [
        award_holders(
            award=item.award,
            on=on,
            rounding=item.rounding,
            owed=item,
            with_tree=False,
            family=families.get(item.award.victim.pk),
        )
        for item in owed
    ]
    drawn = [index for index, item in enumerate(result) if item.estate and not item.estate.error]
    trees = family_trees_svg(
        [
            Tree(
                result[i].estate.family,
                result[i].award.victim,
                {h.person.pk: h.share for h in result[i].holders},
            )
            for i in drawn
        ]
    )
    for index, tree in zip(drawn, trees, strict=True):
        result[index] = replace(result[index], tree_svg=tree)
    return result


@dataclass(frozen=True)
class HolderChange:
    person: Person
    before: int
    after: int

    @property
    def difference(self) -> int:
        return self.after - self.before


@dataclass(frozen=True)
class AwardChange:
    award: Award
    changes: list[HolderChange]
    error: str = ""


def succession_changes(
    *, person: Person, on: date, died_on: date | None = None, renounces: Person | None = None
) -> list[AwardChange]:
    """Every award that recording ``person``'s death on ``died_on`` (or their renunciation of the
    estate of ``renounces``) would change, with who gains and who loses, in won owed on ``on``.

    A death moves each part ``person`` holds to their heirs by the law of ``died_on``; a renunciation
    moves ``person``'s part of a dead creditor's claim to that creditor's other heirs."""
    plans: dict[int, dict] = defaultdict(dict)
    errors: dict[int, str] = {}
    family = family_of(person=person)
    if died_on is not None:
        for creditor in Creditor.objects.filter(person=person, successors__isnull=True):
            if creditor.share == 0:
                continue
            estate = estate_of(decedent=person, family=family, deaths={person.pk: died_on}, as_of=died_on)
            if estate.error:
                errors[creditor.award_id] = estate.error
                continue
            plans[creditor.award_id][creditor.pk] = {h.person.pk: h.share for h in estate.holders}
    if renounces is not None:
        for heir in Creditor.objects.filter(
            person=person, succeeds__person=renounces, succeeds__isnull=False
        ).select_related("succeeds__person"):
            decedent = heir.succeeds.person
            estate = estate_of(decedent=decedent, renounced=(person.pk,), as_of=decedent.death_date)
            if estate.error:
                errors[heir.award_id] = estate.error
                continue
            plans[heir.award_id][heir.succeeds_id] = {h.person.pk: h.share for h in estate.holders}
    result = []
    chosen = list(awards().filter(pk__in={*plans, *errors}).order_by("case__number", "pk"))
    receipts = received(award_ids=[award.pk for award in chosen], on=on)
    for award in chosen:
        if award.pk in errors:
            result.append(AwardChange(award, [], errors[award.pk]))
            continue
        mine = receipts.get(award.pk, [])
        before = holders(award_owed(award=award, on=on, receipts=mine))
        after = holders(award_owed(award=award, on=on, receipts=mine, heirs_of=plans[award.pk]))
        amounts_before = {h.person.pk: (h.person, h.amount) for h in before}
        amounts_after = {h.person.pk: (h.person, h.amount) for h in after}
        changes = []
        for pk in {**amounts_before, **amounts_after}:
            who, was = amounts_before.get(pk, (None, 0))
            who_after, now = amounts_after.get(pk, (None, 0))
            if was != now:
                changes.append(HolderChange(who or who_after, was, now))
        if changes:
            changes.sort(key=lambda change: (change.difference, change.person.pk))
            result.append(AwardChange(award, changes))
    return result


# --- One award's figures read in the same query as the row that names the award ---------------------
# (the families' portal and the letters: everything award_owed reads, as JSON columns of one row)


class _JSONRows(Aggregate):
    """The rows' values as one JSON array (SQLite's ``json_group_array``, PostgreSQL's ``jsonb_agg``)."""

    function = "JSON_GROUP_ARRAY"

    def __init__(self, *expressions, **extra):
        super().__init__(*expressions, output_field=JSONField(decoder=_ExactDecoder), **extra)

    def as_postgresql(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="JSONB_AGG", **extra_context)


class _ExactDecoder(json.JSONDecoder):
    """JSON with its decimals as :class:`~decimal.Decimal` (a rate is exact, never a float)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **{**kwargs, "parse_float": Decimal})


def _rows_of(queryset: QuerySet, group: str, *columns) -> Subquery:
    """The rows of ``queryset`` (filtered by an outer reference) as one JSON array of ``columns``."""
    return Subquery(
        queryset.order_by().values(group).annotate(rows=_JSONRows(JSONArray(*columns))).values("rows")[:1]
    )


def owed_inputs(award: str) -> dict[str, Subquery]:
    """Annotations for a query that names an award (``award``: the path to its pk from the query's
    model): everything :func:`amends.payments.owed.award_owed` reads to compute that award's figures,
    each table's rows as one JSON value, so the award's terms, creditors and receipts come in the row
    itself, without a query more. :func:`award_inputs` reads them back."""
    deposit_collected = _collection_entry(OuterRef("pk")).values("posted_on")[:1]
    return {
        "owed_terms": _rows_of(
            AccrualTerm.objects.filter(award_id=OuterRef(award)), "award_id", "starts_on", "rate"
        ),
        "owed_creditors": _rows_of(
            Creditor.objects.filter(award_id=OuterRef(award)),
            "award_id",
            "pk",
            "share_numerator",
            "share_denominator",
            "succeeds_id",
            "person__death_date",
        ),
        "owed_payments": _rows_of(
            FoundationPayment.objects.standing().filter(creditor__award_id=OuterRef(award)),
            "creditor__award_id",
            "pk",
            "creditor_id",
            "paid_on",
            "amount",
        ),
        "owed_external": _rows_of(
            ExternalPayment.objects.filter(award_id=OuterRef(award)),
            "award_id",
            "pk",
            "creditor_id",
            "paid_on",
            "amount",
        ),
        "owed_deposits": _rows_of(
            CourtDeposit.objects.filter(claim__creditor__award_id=OuterRef(award)).annotate(
                collected_on=Subquery(deposit_collected)
            ),
            "claim__creditor__award_id",
            "pk",
            "claim__creditor_id",
            "lodged_on",
            "amount",
            "collected_on",
        ),
    }


OWED_INPUTS = ("owed_terms", "owed_creditors", "owed_payments", "owed_external", "owed_deposits")


@dataclass(frozen=True)
class AwardLines:
    """One award's parts on ``on`` with their lines (:func:`award_part_lines`): ``creditors`` and
    ``principals`` row for row with ``pieces``."""

    case_id: int
    creditors: list[int]
    principals: list[int]
    pieces: Pieces | None


def award_part_lines(*, award_id: int, on: date) -> AwardLines:
    """:func:`part_lines` of one award, read in one statement compiled once per connection
    (:data:`_AWARD_LINE_INPUTS`, as the payment steps read an award) rather than six built each
    time: what a service writes after it changed the award. The same parts (:func:`_parts`,
    :func:`amends.law.parts.debts`), the same terms (:func:`_debt_terms`), the same engine."""
    ((case_id, principal, method, *values),) = _AWARD_LINE_INPUTS.rows(award_id)
    inputs = award_inputs(
        principal=principal, method=method, values=dict(zip(OWED_INPUTS, values, strict=True))
    )
    receipts = inputs.received(on)
    held = parts.debts(
        principal=principal,
        parts=_parts(inputs.creditors, receipts, on),
        on_award=[Payment(r.on, r.amount) for r in receipts if r.creditor_id is None],
    )
    if not held:
        return AwardLines(case_id, [], [], None)
    debts, horizon = [], []
    first_start = inputs.accruals[0].start.toordinal() if inputs.accruals else NEVER
    for debt in held.values():
        paid = [payment for payment in debt.payments if payment.on <= on]
        terms, _note = _debt_terms(inputs.accruals, on, paid)
        # Nothing accrues before the first term starts: a line at a rate of 0 until then.
        horizon.append(first_start - 1 if first_start > on.toordinal() else NEVER - 1)
        terms = terms or [Accrual(on, Fraction(0))]
        debts.append(
            {
                "principal": debt.principal,
                "accruals": terms,
                "until": on,
                "payments": paid,
                "method": Method(method),
            }
        )
    pieces = pieces_many(DebtTable.from_debts(debts, check=False), horizon=np.array(horizon, np.int64))
    return AwardLines(case_id, list(held), [debt.principal for debt in held.values()], pieces)


# An award's principal, method and :func:`owed_inputs`, by its pk: one statement, compiled once per
# connection (the payment steps read it for every proposal).
_AWARD_INPUTS = PreparedQuery(
    lambda award_pk: (
        Award.objects.filter(pk=award_pk)
        .annotate(**owed_inputs("pk"))
        .values_list("principal", "method", *OWED_INPUTS)
    )
)
# The same with the award's case: what a service reads to write the award's lines of what is owed.
_AWARD_LINE_INPUTS = PreparedQuery(
    lambda award_pk: (
        Award.objects.filter(pk=award_pk)
        .annotate(**owed_inputs("pk"))
        .values_list("case_id", "principal", "method", *OWED_INPUTS)
    )
)


@dataclass(frozen=True)
class AwardInputs:
    """What computing an award's figures reads (as :func:`amends.payments.owed.award_owed` does):
    the creditors in pk order, the accrual terms by start, and every receipt, each with its date."""

    principal: int
    method: str
    accruals: list[Accrual]
    creditors: list[_Row]
    # Receipts as amends.payments.owed.received gives them, the deposits with their collection date.
    receipts: list[tuple[Received, date | None]]

    def received(self, on: date) -> list[Received]:
        """The money received on the award up to ``on`` (:func:`amends.payments.owed.received`)."""
        return [
            receipt
            for receipt, collected_on in self.receipts
            if receipt.on <= on and (collected_on is None or collected_on <= on)
        ]


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value[:10]) if value else None


def award_inputs(*, principal: int, method: str, values: Mapping) -> AwardInputs:
    """The :class:`AwardInputs` of a row annotated with :func:`owed_inputs`."""
    terms = sorted((_day(start), Decimal(str(rate))) for start, rate in values["owed_terms"] or [])
    creditors = [
        _Row(pk, Fraction(numerator, denominator), succeeds, _day(died))
        for pk, numerator, denominator, succeeds, died in sorted(values["owed_creditors"] or [])
    ]
    receipts: list[tuple[Received, date | None]] = []
    # In the order amends.payments.owed.received gives them: the foundation's payments, payments from
    # elsewhere, deposits collected (each in the order it was recorded).
    for key in ("owed_payments", "owed_external"):
        for _pk, creditor, paid_on, amount in sorted(values[key] or []):
            receipts.append((Received(_day(paid_on), amount, creditor), None))
    for _pk, creditor, lodged_on, amount, collected_on in sorted(values["owed_deposits"] or []):
        if collected_on is not None:
            receipts.append((Received(_day(lodged_on), amount, creditor), _day(collected_on)))
    return AwardInputs(
        principal=principal,
        method=method,
        accruals=[Accrual(start, Fraction(rate)) for start, rate in terms],
        creditors=creditors,
        receipts=receipts,
    )


@dataclass(frozen=True)
class Figures:
    principal: int
    interest: int
    paid: int
    outstanding: int
    damages: object


def creditor_figures(*, creditor_pk: int, inputs: AwardInputs, on: date) -> Figures | None:
    """One creditor's figures on ``on``, exactly as ``award_owed(...).of(creditor)`` gives them, with
    only their own delay damages computed (and their heirs', if they died and their heirs hold their
    part); None if the creditor holds no part on ``on`` (an heir of a creditor still alive then)."""
    receipts = inputs.received(on)
    award_parts = _parts(inputs.creditors, receipts, on)
    if not any(part.key == creditor_pk for part in award_parts):
        return None
    held = parts.debts(
        principal=inputs.principal,
        parts=award_parts,
        on_award=[Payment(r.on, r.amount) for r in receipts if r.creditor_id is None],
    )
    children: dict = defaultdict(list)
    for part in award_parts:
        children[part.parent].append(part)

    def figures(key) -> Figures:
        heirs = [figures(child.key) for child in children.get(key, ())]
        if not heirs:
            interest, paid, _overpaid, outstanding, damages = _figures(
                held[key], inputs.accruals, on, Rounding.FLOOR, inputs.method
            )
            return Figures(held[key].principal, interest, paid, outstanding, damages)
        return Figures(
            sum(h.principal for h in heirs),
            sum(h.interest for h in heirs),
            sum(h.paid for h in heirs),
            sum(h.outstanding for h in heirs),
            None,
        )

    return figures(creditor_pk)
