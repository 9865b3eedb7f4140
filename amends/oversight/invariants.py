"""What must always hold of the books and the files, checked against the whole database (``amends
check``).

One function per invariant, each returning its :class:`Violation` rows (none when it holds), each
naming the row, the person, the award and the amount concerned; :func:`violations` runs them all.

- :func:`shares` (``shares``, ``heir-shares``): the creditors a judgment names hold exactly the whole
  award; the heirs of a creditor who died hold exactly that creditor's share.
- :func:`overpayments` (``overpaid``, ``over-proposal``, ``owed``): nobody is paid more than owed today,
  by the one read path for amounts (:mod:`amends.payments.owed`); no payment exceeds its proposal.
- :func:`owed_summary` (``owed-summary``): the stored lines of what is owed that hold today (what the
  dashboard adds up, :mod:`amends.payments.owed_lines`) give, part by part, exactly the figures the
  one read path computes, and an award's lines are its parts.
- :func:`claim_cases` (``claim-case``): every claim file carries its creditor's award's case (the
  copy the dashboard counts claims by).
- :func:`after_death` (``paid-after-death``, ``deposit-after-death``, ``external-after-death``,
  ``proposal-after-death``, ``not-passed-on``): no money moves for a person after their death, no
  proposal for them stays open, and the claim of a creditor who died passed to the heirs.
- :func:`ledger_balances` (``ledger-5000``, ``ledger-1100``): payments to creditors and court deposits
  outstanding in the ledger are what the payments (those the bank did not bring back) and deposits on
  record say.
- :func:`entries` (``payment-entry``, ``reimbursement``, ``reimbursement-entry``, ``deposit-entry``,
  ``orphan-entry``): every money event has its posted, unreversed journal entry of its amount (the
  accounts of :data:`amends.law.ledger.POSTING_RULES`), every payment its reimbursement claim, and no
  event entry names a row that does not exist. A payment the bank brought back has both its entries
  reversed by its own (``payment:<pk>:returned``, ``reimbursement:<pk>:cancelled``) and its
  reimbursement claim cancelled; a payment that stands has neither.
- :func:`audit_chain` (``audit-chain``): the audit trail's hash chain verifies
  (:func:`amends.audit.selectors.verify_chain`, as ``amends audit verify``).
- :func:`witnessed` (``ledger-witness``): every posted journal entry is exactly what the audit event
  that posted it recorded (its postings, source and date), and every entry an event recorded is still
  in the ledger. The events are hashed and chained, so they are the witness the owner of the tables
  cannot quietly rewrite: raising both sides of a posting, or deleting a payment's entries with its
  rows, keeps the ledger balanced but no longer matches its events.
- :func:`future_dates` (``future``): no money event is dated after today.
- :func:`bank_statements` (``statement-matched``, ``statement-returned``): the bank's statements and
  the payments agree: a line that confirmed a payment names a batch item whose payment is on record,
  of the line's amount, paid on the line's booking day; a line that brought one back, a payment the
  bank returned on the line's booking day.

Nothing here writes. Each invariant reads a bounded number of queries whatever the number of rows,
except what is owed, computed award by award from the money received read once. The ledger's
balances count posted entries only (:func:`amends.fund.selectors.account_balance`), and a deposit is
collected, returned or lodged when the ledger holds the posted entry saying so, as the one read path
counts it.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from django.db.models import F, Q, Sum

from amends.audit.models import AuditEvent
from amends.audit.selectors import verify_chain
from amends.banking.models import StatementLine
from amends.core.clock import today
from amends.fund.models import JournalEntry, Posting
from amends.fund.selectors import account_balance
from amends.judgments.models import Award, Creditor
from amends.law import ledger
from amends.law.lifecycle import State
from amends.payments import owed
from amends.payments.models import (
    Claim,
    CourtDeposit,
    ExternalPayment,
    Payment,
    PaymentProposal,
    ReimbursementClaim,
)


@dataclass(frozen=True, slots=True)
class Violation:
    """One broken invariant: ``rule`` a short code (``payment-entry``), ``message`` what is wrong, in
    English, naming the rows concerned."""

    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.rule}: {self.message}"


# -- wording ------------------------------------------------------------------------------------------


def _won(amount: int) -> str:
    return f"{amount:,} won"


def _award(award: Award) -> str:
    return f"award {award.pk} ({award.case.number}, victim {award.victim})"


def _who(creditor: Creditor) -> str:
    """``김영수 (creditor 3 on award 2, 2013다61381)``: needs the person and the award's case loaded."""
    case = creditor.award.case.number
    return f"{creditor.person} (creditor {creditor.pk} on award {creditor.award_id}, {case})"


_CREDITOR = ("person", "award__case")


def _related(prefix: str) -> list[str]:
    return [f"{prefix}__{name}" for name in _CREDITOR]


# -- 1. shares -----------------------------------------------------------------------------------------


def shares() -> list[Violation]:
    """For every award, the shares of the creditors the judgment names sum to exactly 1; for every
    creditor with heirs on record, the heirs' shares (of the whole award) sum to exactly that
    creditor's share, and the heirs are on the same award. Two queries."""
    creditors = list(Creditor.objects.select_related("person", "award__case", "award__victim").order_by("pk"))
    by_pk = {creditor.pk: creditor for creditor in creditors}
    named: dict[int, Fraction] = defaultdict(Fraction)
    heirs: dict[int, list[Creditor]] = defaultdict(list)
    for creditor in creditors:
        if creditor.succeeds_id is None:
            named[creditor.award_id] += creditor.share
        else:
            heirs[creditor.succeeds_id].append(creditor)
    found = []
    for award in Award.objects.select_related("case", "victim").order_by("pk"):
        if award.pk not in named:
            found.append(Violation("shares", f"{_award(award)}: the judgment names no creditor"))
        elif named[award.pk] != 1:
            found.append(
                Violation(
                    "shares",
                    f"{_award(award)}: the shares of the creditors the judgment names sum to "
                    f"{named[award.pk]}, not 1",
                )
            )
    for pk, rows in sorted(heirs.items()):
        creditor = by_pk[pk]
        total = sum((heir.share for heir in rows), Fraction(0))
        if total != creditor.share:
            found.append(
                Violation(
                    "heir-shares",
                    f"{_who(creditor)}: the shares of the heirs "
                    f"({', '.join(f'{heir.person} {heir.share}' for heir in rows)}) sum to {total}, "
                    f"not the creditor's share {creditor.share}",
                )
            )
        for heir in rows:
            if heir.award_id != creditor.award_id:
                found.append(
                    Violation(
                        "heir-shares",
                        f"{_who(heir)} succeeds {_who(creditor)}, a creditor of another award",
                    )
                )
    return found


# -- 2. nobody paid more than owed -----------------------------------------------------------------


def overpayments(*, on: date | None = None) -> list[Violation]:
    """On ``on`` (today), no creditor or heir holding a part of an award has received more than it
    (principal and delay damages), by :func:`amends.payments.owed.award_owed`; no payment is of more
    than its proposal. The money received is read once (three queries), the awards with what computing
    them reads in four; then each award is computed."""
    on = on or today()
    found = []
    receipts = owed.received(on=on)
    for award in owed.awards().order_by("pk"):
        try:
            result = owed.award_owed(award=award, on=on, receipts=receipts.get(award.pk, []))
        except Exception as error:  # a check reports what it cannot compute, and goes on
            found.append(
                Violation(
                    "owed",
                    f"{_award(award)}: what is owed on {on} cannot be computed "
                    f"({type(error).__name__}: {error})",
                )
            )
            continue
        # A creditor with heirs sums their figures: the holders alone name every overpayment once.
        # ``paid`` is what was applied to the debt; the overpayment is received beyond it.
        for row in result.holding():
            if row.overpaid > 0:
                creditor = row.creditor
                found.append(
                    Violation(
                        "overpaid",
                        f"{_award(award)}: {creditor.person} (creditor {creditor.pk}) has received "
                        f"{_won(row.paid + row.overpaid)}, {_won(row.overpaid)} more than owed on {on}",
                    )
                )
    over = Payment.objects.filter(amount__gt=F("proposal__amount")).select_related(
        "proposal", *_related("creditor")
    )
    for payment in over.order_by("pk"):
        found.append(
            Violation(
                "over-proposal",
                f"payment {payment.pk} of {_won(payment.amount)} to {_who(payment.creditor)} is more than "
                f"its proposal {payment.proposal_id} of {_won(payment.proposal.amount)}",
            )
        )
    return found


def owed_summary(*, on: date | None = None) -> list[Violation]:
    """On ``on`` (today), every stored line of what is owed that holds that day
    (:class:`amends.payments.models.OwedLine`, what the dashboard adds up) gives exactly the figures
    :mod:`amends.payments.owed` computes for its part: principal, delay damages, money applied and
    what is outstanding, to the won; and an award's lines are its parts, no more and no fewer. An
    award whose lines do not hold on ``on`` is not stored: the dashboard computes it."""
    on = on or today()
    stored = owed.stored_parts(on=on)
    # All awards at once when many are stored (no list of thousands of ids in a query).
    chosen = None if len(stored) > owed.LINES_BY_AWARD else list(stored)
    computed = owed.computed_parts(on=on, award_ids=chosen) if stored else {}
    names = ("principal", "delay damages", "money applied", "outstanding")
    found = []
    for award_id, lines in sorted(stored.items()):
        parts = computed.get(award_id, {})
        lines = {key: value for key, value in lines.items() if key is not None or parts}
        for creditor_id in sorted(set(lines) | set(parts), key=lambda pk: pk or 0):
            line, part = lines.get(creditor_id), parts.get(creditor_id)
            where = f"award {award_id}, creditor {creditor_id}"
            if line is None:
                message = f"{where}: holds a part on {on} and has no stored line (amends owed rebuild)"
            elif part is None:
                message = f"{where}: has a stored line on {on} and holds no part of the award"
            elif line != part:
                differ = "; ".join(
                    f"{name} stored {_won(was)}, computed {_won(now)}"
                    for name, was, now in zip(names, line, part, strict=True)
                    if was != now
                )
                message = f"{where} on {on}: {differ}"
            else:
                continue
            found.append(Violation("owed-summary", message))
    return found


def claim_cases() -> list[Violation]:
    """Every claim's case (:attr:`amends.payments.models.Claim.case`, copied when the file is opened,
    the dashboard's count by case) is its creditor's award's case. One query."""
    wrong = (
        Claim.objects.exclude(case_id=F("creditor__award__case_id"))
        .order_by("pk")
        .values_list("number", "case__number", "creditor__award__case__number")
    )
    return [
        Violation(
            "claim-case", f"claim {number} is filed under case {filed}; its creditor's award is of {real}"
        )
        for number, filed, real in wrong
    ]


# -- 3. nothing for a person after their death ------------------------------------------------------

# A claim whose debt is discharged passes nothing on (amends.payments.services.claims_hand_on).
DISCHARGED = (State.RECEIPTED.value, State.DEPOSIT_COLLECTED.value)


def after_death() -> list[Violation]:
    """No payment, court deposit or payment from elsewhere to a creditor dated after the creditor's
    death; no payment proposal still proposed or approved for a creditor who died; and a creditor who
    died holding a part (share > 0) of a claim not yet discharged (receipted, deposit collected) has
    heirs on record: the claim passed to them. A payment the bank brought back (a closed account, as
    after a death) reached nobody and is not counted. Five queries."""
    found = []
    for payment in (
        Payment.objects.standing()
        .filter(paid_on__gt=F("creditor__person__death_date"))
        .select_related(*_related("creditor"))
        .order_by("pk")
    ):
        person = payment.creditor.person
        found.append(
            Violation(
                "paid-after-death",
                f"payment {payment.pk} of {_won(payment.amount)} to {_who(payment.creditor)} was paid on "
                f"{payment.paid_on}, after their death on {person.death_date}",
            )
        )
    for deposit in (
        CourtDeposit.objects.filter(lodged_on__gt=F("claim__creditor__person__death_date"))
        .select_related(*_related("claim__creditor"))
        .order_by("pk")
    ):
        creditor = deposit.claim.creditor
        found.append(
            Violation(
                "deposit-after-death",
                f"court deposit {deposit.pk} ({deposit.court} {deposit.deposit_number}) of "
                f"{_won(deposit.amount)} for {_who(creditor)} was lodged on {deposit.lodged_on}, after "
                f"their death on {creditor.person.death_date}",
            )
        )
    for external in (
        ExternalPayment.objects.filter(paid_on__gt=F("creditor__person__death_date"))
        .select_related(*_related("creditor"))
        .order_by("pk")
    ):
        found.append(
            Violation(
                "external-after-death",
                f"payment from elsewhere {external.pk} ({external.source}) of {_won(external.amount)} to "
                f"{_who(external.creditor)} was paid on {external.paid_on}, after their death on "
                f"{external.creditor.person.death_date}",
            )
        )
    for proposal in (
        PaymentProposal.objects.filter(
            status__in=[PaymentProposal.Status.PROPOSED, PaymentProposal.Status.APPROVED],
            claim__creditor__person__death_date__isnull=False,
        )
        .select_related(*_related("claim__creditor"))
        .order_by("pk")
    ):
        creditor = proposal.claim.creditor
        found.append(
            Violation(
                "proposal-after-death",
                f"payment proposal {proposal.pk} of {_won(proposal.amount)} for {_who(creditor)} is still "
                f"{proposal.status}, but they died on {creditor.person.death_date}",
            )
        )
    for creditor in (
        Creditor.objects.filter(
            person__death_date__isnull=False, share_numerator__gt=0, successors__isnull=True
        )
        .exclude(claim__state__in=DISCHARGED)
        .select_related(*_CREDITOR, "claim")
        .order_by("pk")
    ):
        found.append(
            Violation(
                "not-passed-on",
                f"{_who(creditor)} died on {creditor.person.death_date}, the claim has not passed to the "
                f"heirs (share {creditor.share}, claim "
                f"{getattr(getattr(creditor, 'claim', None), 'state', 'not opened')})",
            )
        )
    return found


# -- 4. the ledger's balances ----------------------------------------------------------------------

_DEPOSIT_SOURCE = re.compile(r"deposit:(\d+):(lodged|returned|collected)")
_PAYMENT_SOURCE = re.compile(r"payment:(\d+)(?::returned)?")
_REIMBURSEMENT_SOURCE = re.compile(r"reimbursement:(\d+)(?::cancelled)?")
# The sources of the entries that money events post to each account (amends.payments.postings).
_EXPLAINED = {
    ledger.PAYMENTS_TO_CREDITORS: re.compile(r"payment:\d+(?::returned)?|deposit:\d+:collected"),
    ledger.COURT_DEPOSITS: _DEPOSIT_SOURCE,
}


def _deposit_events() -> dict[int, set[str]]:
    """Each deposit's events the ledger holds posted: ``{pk: {"lodged", "collected"}}``. One query."""
    events: dict[int, set[str]] = defaultdict(set)
    sources = JournalEntry.objects.filter(posted=True, source__startswith="deposit:")
    for source in sources.values_list("source", flat=True):
        if match := _DEPOSIT_SOURCE.fullmatch(source):
            events[int(match[1])].add(match[2])
    return events


def _unexplained(code: str) -> list[int]:
    """The posted entries to account ``code`` that no money event of its own made (a manual entry, a
    reversal). One query."""
    rows = (
        Posting.objects.filter(account__code=code, entry__posted=True)
        .values_list("entry_id", "entry__source")
        .order_by("entry_id")
        .distinct()
    )
    return [pk for pk, source in rows if not (source and _EXPLAINED[code].fullmatch(source))]


def _ledger_message(code: str, name: str, balance: int, expected: int, parts: str, stray: list[int]) -> str:
    difference = balance - expected
    text = (
        f"account {code} ({name}) stands at {_won(balance)}, but {parts} come to {_won(expected)}: "
        f"{_won(abs(difference))} {'more' if difference > 0 else 'less'} in the ledger"
    )
    if stray:
        shown = ", ".join(f"#{pk}" for pk in stray[:10])
        more = f" and {len(stray) - 10} more" if len(stray) > 10 else ""
        text += f"; entries posted to it by no payment or deposit of its own: {shown}{more}"
    return text


def ledger_balances() -> list[Violation]:
    """The balance of 5000 (payments to creditors) is the sum of the payments the bank did not bring
    back plus the court deposits collected; the balance of 1100 (court deposits outstanding) is the sum
    of the deposits lodged and neither returned nor collected. Posted entries only, as every balance.
    Eight queries at most."""
    events = _deposit_events()
    deposits = dict(CourtDeposit.objects.values_list("pk", "amount"))
    collected = sum(amount for pk, amount in deposits.items() if "collected" in events.get(pk, ()))
    outstanding = sum(amount for pk, amount in deposits.items() if events.get(pk) == {"lodged"})
    paid = Payment.objects.standing().aggregate(total=Sum("amount", default=0))["total"]
    found = []
    balance = account_balance(ledger.PAYMENTS_TO_CREDITORS)
    if balance != paid + collected:
        found.append(
            Violation(
                "ledger-5000",
                _ledger_message(
                    ledger.PAYMENTS_TO_CREDITORS,
                    "payments to creditors",
                    balance,
                    paid + collected,
                    f"the payments ({_won(paid)}) and the court deposits collected ({_won(collected)})",
                    _unexplained(ledger.PAYMENTS_TO_CREDITORS),
                ),
            )
        )
    balance = account_balance(ledger.COURT_DEPOSITS)
    if balance != outstanding:
        found.append(
            Violation(
                "ledger-1100",
                _ledger_message(
                    ledger.COURT_DEPOSITS,
                    "court deposits outstanding",
                    balance,
                    outstanding,
                    "the court deposits lodged and neither returned nor collected",
                    _unexplained(ledger.COURT_DEPOSITS),
                ),
            )
        )
    return found


# -- 5. every money event has its entry -------------------------------------------------------------


def _lines(lines: Iterable[tuple[str, int, int]]) -> str:
    return ", ".join(
        f"Dr {code} {debit:,}" if debit else f"Cr {code} {credit:,}" for code, debit, credit in sorted(lines)
    )


@dataclass(frozen=True)
class _Entries:
    """The ledger's entries of money events, by source: (pk, posted, pk of the entry reversing it),
    and the lines of each."""

    entry: dict[str, tuple[int, bool, int | None]]
    lines: dict[str, Counter]

    @classmethod
    def read(cls) -> _Entries:
        """Two queries."""
        events = Q(source__startswith="payment:") | Q(source__startswith="reimbursement:")
        events |= Q(source__startswith="deposit:")
        rows = JournalEntry.objects.filter(events).values_list("source", "pk", "posted", "reversed_by")
        entry = {source: (pk, posted, reversed_by) for source, pk, posted, reversed_by in rows}
        lines: dict[str, Counter] = defaultdict(Counter)
        postings = Posting.objects.filter(entry__in=JournalEntry.objects.filter(events)).values_list(
            "entry__source", "account__code", "debit", "credit"
        )
        for source, code, debit, credit in postings:
            lines[source][code, debit, credit] += 1
        return cls(entry, lines)

    def problem(self, source: str, rule: str, amount: int, *, reversed_by: str | None = None) -> str:
        """What is wrong with the entry ``source`` of the money event ``rule`` of ``amount``, if anything.
        ``reversed_by``: the source of the entry that must reverse it (a payment the bank brought back);
        otherwise nothing may."""
        if source not in self.entry:
            return f"the ledger has no journal entry {source}"
        pk, posted, by = self.entry[source]
        if not posted:
            return f"its journal entry #{pk} ({source}) is not posted"
        wanted = Counter((line.account, line.debit, line.credit) for line in ledger.posting(rule, amount))
        if self.lines[source] != wanted:
            posted_lines = _lines(self.lines[source].elements()) or "nothing"
            return f"its journal entry #{pk} ({source}) posts {posted_lines}, not {_lines(wanted.elements())}"
        reverser = self.entry[reversed_by][0] if reversed_by in self.entry else None
        if reversed_by is not None and (by is None or by != reverser):
            return f"its journal entry #{pk} ({source}) is not reversed by {reversed_by}"
        if reversed_by is None and by is not None:
            return f"its journal entry #{pk} ({source}) is reversed by entry #{by}, yet it stands"
        return ""


def entries() -> list[Violation]:
    """Every payment has its posted journal entry ``payment:<pk>`` of its amount and exactly one
    reimbursement claim of the same amount; every reimbursement claim its entry ``reimbursement:<pk>``;
    every court deposit its entry ``deposit:<pk>:lodged`` and, if returned or collected, that entry
    (not both); none of these entries is reversed, and none names a row that does not exist. A payment
    the bank brought back is the exception: its entry and its reimbursement claim's are reversed by
    ``payment:<pk>:returned`` and ``reimbursement:<pk>:cancelled`` (of the same amounts), and its
    reimbursement claim is cancelled; a payment that stands has neither, and its claim is not
    cancelled. Five queries."""
    ledger_entries = _Entries.read()
    found = []
    reimbursements = {
        payment_id: (pk, amount, status)
        for pk, payment_id, amount, status in ReimbursementClaim.objects.values_list(
            "pk", "payment_id", "amount", "status"
        )
    }
    payments = {}
    for payment in Payment.objects.select_related(*_related("creditor")).order_by("pk"):
        payments[payment.pk] = payment
        what = f"payment {payment.pk} of {_won(payment.amount)} to {_who(payment.creditor)}"
        returned = f"payment:{payment.pk}:returned"
        if problem := ledger_entries.problem(
            f"payment:{payment.pk}",
            "payment",
            payment.amount,
            reversed_by=returned if payment.returned_on else None,
        ):
            found.append(Violation("payment-entry", f"{what}: {problem}"))
        if payment.returned_on and (
            problem := ledger_entries.problem(returned, "payment_returned", payment.amount)
        ):
            found.append(Violation("payment-entry", f"{what}, returned on {payment.returned_on}: {problem}"))
        if not payment.returned_on and returned in ledger_entries.entry:
            found.append(
                Violation(
                    "payment-entry",
                    f"{what}: the ledger has it returned (entry #{ledger_entries.entry[returned][0]}), but "
                    "the payment is not",
                )
            )
        if payment.pk not in reimbursements:
            found.append(Violation("reimbursement", f"{what}: no reimbursement claim was opened for it"))
            continue
        pk, amount, status = reimbursements[payment.pk]
        if amount != payment.amount:
            found.append(
                Violation("reimbursement", f"{what}: its reimbursement claim {pk} is of {_won(amount)}")
            )
        cancelled = status == ReimbursementClaim.Status.CANCELLED
        if payment.returned_on and not cancelled:
            found.append(
                Violation(
                    "reimbursement",
                    f"{what} was returned on {payment.returned_on}, but its reimbursement claim {pk} is "
                    f"{status}, not cancelled",
                )
            )
        elif cancelled and not payment.returned_on:
            found.append(
                Violation(
                    "reimbursement",
                    f"{what}: its reimbursement claim {pk} is cancelled, but the payment was not returned",
                )
            )
    for payment_id, (pk, amount, status) in sorted(reimbursements.items(), key=lambda item: item[1]):
        what = f"reimbursement claim {pk} of {_won(amount)} (payment {payment_id})"
        cancelled = f"reimbursement:{pk}:cancelled"
        is_cancelled = status == ReimbursementClaim.Status.CANCELLED
        if problem := ledger_entries.problem(
            f"reimbursement:{pk}",
            "reimbursement_opened",
            amount,
            reversed_by=cancelled if is_cancelled else None,
        ):
            found.append(Violation("reimbursement-entry", f"{what}: {problem}"))
        if is_cancelled and (problem := ledger_entries.problem(cancelled, "reimbursement_cancelled", amount)):
            found.append(Violation("reimbursement-entry", f"{what}, cancelled: {problem}"))
        if not is_cancelled and cancelled in ledger_entries.entry:
            found.append(
                Violation(
                    "reimbursement-entry",
                    f"{what}: the ledger has it cancelled (entry #{ledger_entries.entry[cancelled][0]}), but "
                    f"it is {status}",
                )
            )
    deposits = {}
    for deposit in CourtDeposit.objects.select_related(*_related("claim__creditor")).order_by("pk"):
        deposits[deposit.pk] = deposit
        what = (
            f"court deposit {deposit.pk} ({deposit.court} {deposit.deposit_number}) of "
            f"{_won(deposit.amount)} for {_who(deposit.claim.creditor)}"
        )
        if problem := ledger_entries.problem(
            f"deposit:{deposit.pk}:lodged", "deposit_lodged", deposit.amount
        ):
            found.append(Violation("deposit-entry", f"{what}: {problem}"))
        ended = [
            end for end in ("returned", "collected") if f"deposit:{deposit.pk}:{end}" in ledger_entries.entry
        ]
        for end in ended:
            source = f"deposit:{deposit.pk}:{end}"
            if problem := ledger_entries.problem(source, f"deposit_{end}", deposit.amount):
                found.append(Violation("deposit-entry", f"{what}: {problem}"))
        if len(ended) == 2:
            found.append(
                Violation(
                    "deposit-entry", f"{what}: the ledger has it both returned to the bank and collected"
                )
            )
    reimbursed = {pk for pk, _amount, _status in reimbursements.values()}
    exists: dict[str, Callable[[int], bool]] = {
        "payment": payments.__contains__,
        "reimbursement": reimbursed.__contains__,
        "deposit": deposits.__contains__,
    }
    for source, (pk, _posted, _reversed) in sorted(ledger_entries.entry.items(), key=lambda item: item[1][0]):
        match = (
            _PAYMENT_SOURCE.fullmatch(source)
            or _REIMBURSEMENT_SOURCE.fullmatch(source)
            or _DEPOSIT_SOURCE.fullmatch(source)
        )
        kind = source.split(":", 1)[0]
        if match is None:
            found.append(
                Violation(
                    "orphan-entry",
                    f"journal entry #{pk} has the source {source!r}, which names no money event",
                )
            )
        elif not exists[kind](int(match[1])):
            found.append(
                Violation(
                    "orphan-entry",
                    f"journal entry #{pk} ({source}) names {kind} {match[1]}, which does not exist",
                )
            )
    return found


# -- 6. the audit chain ------------------------------------------------------------------------------


def audit_chain() -> list[Violation]:
    """The audit trail's hash chain verifies, as ``amends audit verify`` proves it."""
    result = verify_chain()
    if result.ok:
        return []
    return [
        Violation("audit-chain", f"audit chain broken at event {result.first_bad_sequence}: {result.reason}")
    ]


# -- 6b. the ledger as its audit events recorded it -------------------------------------------------


def _entry_name(pk: int, source: str | None) -> str:
    return f"journal entry #{pk}" + (f" ({source})" if source else "")


def witnessed() -> list[Violation]:
    """Every posted journal entry has the postings, source and date that its ``journal.post`` audit
    event recorded, and every entry such an event recorded is in the ledger, posted. Entries posted in
    bulk (``journal.post_many``) are witnessed by number only: the event records how many entries, and
    the first and last, not their lines. Four queries."""
    recorded: dict[int, tuple[int, dict]] = {}
    bulk: list[tuple[int, int, int, int]] = []
    events = AuditEvent.objects.filter(
        subject_type="fund.journalentry", action__in=["journal.post", "journal.post_many"]
    ).values_list("sequence", "action", "subject_id", "after")
    for sequence, action, subject_id, after in events.order_by("sequence"):
        if action == "journal.post":
            recorded[int(subject_id)] = (sequence, after or {})
        else:
            bulk.append((sequence, after["first"], after["last"], after["count"]))
    ledger_entries = {
        pk: (posted, posted_on, source)
        for pk, posted, posted_on, source in JournalEntry.objects.values_list(
            "pk", "posted", "posted_on", "source"
        )
    }
    lines: dict[int, Counter] = defaultdict(Counter)
    for entry_id, code, debit, credit in Posting.objects.values_list(
        "entry_id", "account__code", "debit", "credit"
    ):
        lines[entry_id][code, debit, credit] += 1

    found = []
    for pk, (sequence, after) in sorted(recorded.items()):
        wanted = Counter(tuple(line) for line in after.get("postings", []))
        name = _entry_name(pk, after.get("source"))
        if pk not in ledger_entries:
            found.append(
                Violation(
                    "ledger-witness",
                    f"{name}, which audit event {sequence} recorded posting {_lines(wanted.elements())} on "
                    f"{after.get('posted_on')}, is not in the ledger",
                )
            )
            continue
        posted, posted_on, source = ledger_entries[pk]
        differences = []
        if not posted:
            differences.append("is not posted")
        if lines[pk] != wanted:
            differences.append(
                f"posts {_lines(lines[pk].elements()) or 'nothing'}, not {_lines(wanted.elements())}"
            )
        if source != after.get("source"):
            differences.append(f"has the source {source!r}, not {after.get('source')!r}")
        if posted_on.isoformat() != after.get("posted_on"):
            differences.append(f"is dated {posted_on}, not {after.get('posted_on')}")
        if differences:
            found.append(
                Violation(
                    "ledger-witness",
                    f"{_entry_name(pk, source)} {'; '.join(differences)}, as audit event {sequence} recorded",
                )
            )
    in_bulk: dict[int, list[int]] = defaultdict(list)
    for pk, (posted, _posted_on, source) in sorted(ledger_entries.items()):
        if not posted or pk in recorded:
            continue
        event = next((sequence for sequence, first, last, _n in bulk if first <= pk <= last), None)
        if event is None:
            found.append(
                Violation(
                    "ledger-witness",
                    f"{_entry_name(pk, source)} posts {_lines(lines[pk].elements()) or 'nothing'}, but no "
                    "audit event recorded it",
                )
            )
        else:
            in_bulk[event].append(pk)
    for sequence, first, last, count in bulk:
        held = len(in_bulk.get(sequence, []))
        if held != count:
            found.append(
                Violation(
                    "ledger-witness",
                    f"journal entries #{first} to #{last}: audit event {sequence} recorded {count} posted at "
                    f"once, the ledger holds {held} of them",
                )
            )
    return found


# -- 7. nothing dated in the future -----------------------------------------------------------------


def future_dates(*, on: date | None = None) -> list[Violation]:
    """No payment (paid or returned), court deposit, payment from elsewhere or journal entry is dated
    after ``on`` (today): money is recorded on the day it moved, once it has. Five queries."""
    on = on or today()
    found = []
    for payment in (
        Payment.objects.filter(paid_on__gt=on).select_related(*_related("creditor")).order_by("pk")
    ):
        found.append(
            Violation(
                "future",
                f"payment {payment.pk} of {_won(payment.amount)} to {_who(payment.creditor)} is dated "
                f"{payment.paid_on}, after today ({on})",
            )
        )
    for payment in (
        Payment.objects.filter(returned_on__gt=on).select_related(*_related("creditor")).order_by("pk")
    ):
        found.append(
            Violation(
                "future",
                f"payment {payment.pk} of {_won(payment.amount)} to {_who(payment.creditor)} is returned on "
                f"{payment.returned_on}, after today ({on})",
            )
        )
    for deposit in (
        CourtDeposit.objects.filter(lodged_on__gt=on)
        .select_related(*_related("claim__creditor"))
        .order_by("pk")
    ):
        found.append(
            Violation(
                "future",
                f"court deposit {deposit.pk} ({deposit.court} {deposit.deposit_number}) of "
                f"{_won(deposit.amount)} for {_who(deposit.claim.creditor)} is dated {deposit.lodged_on}, "
                f"after today ({on})",
            )
        )
    for external in (
        ExternalPayment.objects.filter(paid_on__gt=on).select_related("award__case").order_by("pk")
    ):
        found.append(
            Violation(
                "future",
                f"payment from elsewhere {external.pk} ({external.source}) of {_won(external.amount)} on "
                f"award {external.award_id} ({external.award.case.number}) is dated {external.paid_on}, "
                f"after today ({on})",
            )
        )
    for entry in JournalEntry.objects.filter(posted_on__gt=on).order_by("pk"):
        found.append(
            Violation(
                "future",
                f"journal entry #{entry.pk} ({entry.source or entry.memo}) is dated {entry.posted_on}, "
                f"after today ({on})",
            )
        )
    return found


# -- all of them -------------------------------------------------------------------------------------


def bank_statements() -> list[Violation]:
    """Each statement line that confirmed a payment has that payment on record, of its amount and
    paid on its booking day; each line that brought one back, the payment returned on that day. One
    query."""
    found = []
    lines = (
        StatementLine.objects.filter(status__in=["matched", "returned"])
        .select_related("statement", "item__proposal__payment")
        .order_by("pk")
    )
    for line in lines:
        reference = line.end_to_end_id or line.bank_reference
        what = f"line {line.position} of statement {line.statement} ({reference})"
        payment = getattr(line.item.proposal, "payment", None) if line.item else None
        if payment is None:
            found.append(Violation(f"statement-{line.status}", f"{what}: no payment on record for it"))
        elif line.status == "matched" and (payment.amount, payment.paid_on) != (line.amount, line.booked_on):
            found.append(
                Violation(
                    "statement-matched",
                    f"{what}: the bank booked {_won(line.amount or 0)} on {line.booked_on}; payment "
                    f"{payment.pk} is of {_won(payment.amount)} paid on {payment.paid_on}",
                )
            )
        elif line.status == "returned" and payment.returned_on != line.booked_on:
            found.append(
                Violation(
                    "statement-returned",
                    f"{what}: the bank brought payment {payment.pk} back on {line.booked_on}; the payment "
                    f"says returned on {payment.returned_on}",
                )
            )
    return found


INVARIANTS: tuple[Callable[..., list[Violation]], ...] = (
    shares,
    overpayments,
    owed_summary,
    claim_cases,
    after_death,
    ledger_balances,
    entries,
    audit_chain,
    witnessed,
    future_dates,
    bank_statements,
)


def results(*, on: date | None = None) -> dict[str, list[Violation]]:
    """Each invariant's violations by its function's name, in the order of :data:`INVARIANTS`. ``on``:
    the day taken as today (the foundation's today by default)."""
    on = on or today()
    dated = (overpayments, owed_summary, future_dates)
    return {
        invariant.__name__: invariant(on=on) if invariant in dated else invariant()
        for invariant in INVARIANTS
    }


def violations(*, on: date | None = None) -> list[Violation]:
    """Every invariant's violations, in the order of :data:`INVARIANTS`; none when all hold."""
    return [violation for found in results(on=on).values() for violation in found]
