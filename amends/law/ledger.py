"""The fund's chart of accounts and the rules of a journal entry, as data: no rows, no Django.

Double entry: every entry debits some accounts and credits others by the same total. Assets and
expenses grow by debits; net assets, liabilities and income grow by credits. A balance is derived
from postings (:func:`balance`), with the sign of the account's normal side, so a bank account with
money in it shows a positive balance and so does the income it came from.

Which entry each money event posts (docs/law.md §1; :mod:`amends.law.lifecycle` for the events):

=======================================  ===============================  ===============================
event                                    debit                            credit
=======================================  ===============================  ===============================
a donor's money received                 1000 bank                        4000 / 4010 contributions
a creditor paid (``confirm_payment``)    5000 payments to creditors       1000 bank
its reimbursement claim (구상권) opened  1200 reimbursement receivable    1290 allowance on reimbursement
a payment the bank brought back          1000 bank                        5000 payments to creditors
its reimbursement claim cancelled        1290 allowance on reimbursement  1200 reimbursement receivable
a court deposit lodged (변제공탁)        1100 court deposits outstanding  1000 bank
a lodged deposit withdrawn (회수)        1000 bank                        1100 court deposits outstanding
a deposit collected (출급)               5000 payments to creditors       1100 court deposits outstanding
an operating cost                        5100 operating costs             1000 bank
=======================================  ===============================  ===============================

The reimbursement claim is shown at its full amount but offset, in the same entry, by an allowance
of the same amount (a contra-asset account): no defendant has paid anything (docs/law.md §1), so the
claim adds nothing to what the foundation may spend until money is recovered, when it would be
booked as bank / receivable and allowance / recoveries (4200).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from amends.law.messages import Message, gettext_noop

BANK = "1000"
COURT_DEPOSITS = "1100"
REIMBURSEMENT_RECEIVABLE = "1200"
REIMBURSEMENT_ALLOWANCE = "1290"
NET_ASSETS = "3000"
CONTRIBUTIONS = "4000"
CONTRIBUTIONS_RESTRICTED = "4010"
RECOVERIES = "4200"
PAYMENTS_TO_CREDITORS = "5000"
OPERATING_COSTS = "5100"

# (code, name, kind). Kinds: asset, liability, equity, income, expense.
CHART: tuple[tuple[str, str, str], ...] = (
    (BANK, "Bank", "asset"),
    (COURT_DEPOSITS, "Court deposits outstanding", "asset"),
    (REIMBURSEMENT_RECEIVABLE, "Reimbursement claims receivable", "asset"),
    (REIMBURSEMENT_ALLOWANCE, "Allowance on reimbursement claims", "asset"),
    (NET_ASSETS, "Net assets", "equity"),
    (CONTRIBUTIONS, "Contributions, unrestricted", "income"),
    (CONTRIBUTIONS_RESTRICTED, "Contributions, restricted", "income"),
    (RECOVERIES, "Reimbursement recovered", "income"),
    (PAYMENTS_TO_CREDITORS, "Payments to creditors", "expense"),
    (OPERATING_COSTS, "Operating costs", "expense"),
)
DEBIT_NORMAL = frozenset({"asset", "expense"})

# The money events of the table above as data, by name: (account debited, account credited). Each
# posts one entry of the event's amount; the services name the event and the amount, nothing else.
POSTING_RULES: dict[str, tuple[str, str]] = {
    "contribution": (BANK, CONTRIBUTIONS),
    "contribution_restricted": (BANK, CONTRIBUTIONS_RESTRICTED),
    "payment": (PAYMENTS_TO_CREDITORS, BANK),
    "reimbursement_opened": (REIMBURSEMENT_RECEIVABLE, REIMBURSEMENT_ALLOWANCE),
    # A payment the bank brought back: the reversals of the two entries above, on the day it came back.
    "payment_returned": (BANK, PAYMENTS_TO_CREDITORS),
    "reimbursement_cancelled": (REIMBURSEMENT_ALLOWANCE, REIMBURSEMENT_RECEIVABLE),
    "deposit_lodged": (COURT_DEPOSITS, BANK),
    "deposit_returned": (BANK, COURT_DEPOSITS),
    "deposit_collected": (PAYMENTS_TO_CREDITORS, COURT_DEPOSITS),
    "operating_cost": (OPERATING_COSTS, BANK),
}


class UnbalancedEntry(ValueError):
    """An entry whose debits and credits differ, or that is not made of valid postings."""


@dataclass(frozen=True, slots=True)
class Line:
    """One posting of an entry to be made: ``account`` is a code; exactly one side is positive."""

    account: str
    debit: int = 0
    credit: int = 0


def debit(account: str, amount: int) -> Line:
    return Line(account, debit=amount)


def credit(account: str, amount: int) -> Line:
    return Line(account, credit=amount)


def check_balanced(lines: Iterable[Line]) -> tuple[Line, ...]:
    """The lines, if they make a valid entry: at least two, each one-sided and positive, whole won,
    debits equal to credits. Raises :class:`UnbalancedEntry` naming what is wrong."""
    lines = tuple(lines)
    if len(lines) < 2:
        raise UnbalancedEntry(Message(gettext_noop("an entry needs at least two postings")))
    for number, line in enumerate(lines, 1):
        for side in (line.debit, line.credit):
            if isinstance(side, bool) or not isinstance(side, int) or side < 0:
                raise UnbalancedEntry(
                    Message(
                        gettext_noop("posting %(number)s: amounts are whole, non-negative won"), number=number
                    )
                )
        if (line.debit > 0) == (line.credit > 0):
            raise UnbalancedEntry(
                Message(
                    gettext_noop("posting %(number)s: a posting is either a debit or a credit"), number=number
                )
            )
    debits = sum(line.debit for line in lines)
    credits = sum(line.credit for line in lines)
    if debits != credits:
        raise UnbalancedEntry(
            Message(
                gettext_noop("debits %(debits)s ≠ credits %(credits)s"),
                debits=f"{debits:,}",
                credits=f"{credits:,}",
            )
        )
    return lines


def reversal(lines: Iterable[Line]) -> tuple[Line, ...]:
    """The entry that cancels ``lines``: every debit becomes a credit and the other way round."""
    return tuple(Line(line.account, debit=line.credit, credit=line.debit) for line in lines)


def balance(kind: str, debits: int, credits: int) -> int:
    """An account's balance on its normal side: debits less credits for assets and expenses."""
    return debits - credits if kind in DEBIT_NORMAL else credits - debits


def posting(rule: str, amount: int) -> tuple[Line, Line]:
    """The two lines the money event ``rule`` (a key of :data:`POSTING_RULES`) posts for ``amount``."""
    debited, credited = POSTING_RULES[rule]
    return debit(debited, amount), credit(credited, amount)
