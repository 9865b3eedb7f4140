"""Reading a bank statement's lines against the payments sent, as plain Python: each line's identity,
and what the line does (confirms a payment, brings one back, waits, or nothing, and why). The services
load the rows, ask here, and write; this module touches no database."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Protocol


class Line(Protocol):
    booked_on: date | None
    value_on: date | None
    amount: int | None
    debit: bool
    bank_reference: str
    end_to_end_id: str
    account: str
    status: str
    returned: bool
    text: str
    error: str


def _fingerprint(line: Line) -> str:
    day = line.booked_on or line.value_on
    return "|".join(
        [
            line.account,
            day.isoformat() if day else "",
            "" if line.amount is None else str(line.amount),
            "D" if line.debit else "C",
            line.bank_reference,
            line.end_to_end_id,
            line.status,
            "R" if line.returned else "",
            line.text if line.error or not (line.bank_reference or line.end_to_end_id) else "",
            line.error,
        ]
    )


def line_identities(lines: Sequence[Line]) -> list[str]:
    """Each line's identity: what it says (account, booking or value date, amount, direction, the
    bank's and the end-to-end references, its status) and, for lines that say the same, which of them
    it is in the file (the first, the second…).

    So two different lines never collapse: real banks give two entries one ``AcctSvcrRef``, and repeat
    the entry's reference in every transaction of a batch booking, which then differ by their end-to-end
    reference or amount; two transfers alike in every respect are the first and the second. The same
    file imported again, or a later statement that repeats some of the same lines in another order,
    finds them on record. A pending line and the same line booked later are two lines: the booked one
    is read when it comes."""
    seen: Counter[str] = Counter()
    identities = []
    for line in lines:
        fingerprint = _fingerprint(line)
        seen[fingerprint] += 1
        raw = f"{fingerprint}#{seen[fingerprint]}"
        identities.append("sha:" + hashlib.sha256(raw.encode()).hexdigest()[:60])
    return identities


def normalised_account(account: str) -> str:
    """An account number as banks write it, without spaces and hyphens, upper case (IBANs)."""
    return "".join(account.split()).replace("-", "").upper()


class Outcome(StrEnum):
    """What a line does."""

    CONFIRMS = "confirms"  # a booked debit that pays a batch item
    RETURNS = "returns"  # a booked credit that brings a batch item's payment back
    PENDING = "pending"  # not booked yet: nothing moves until it is
    NOTHING = "nothing"  # moves nothing: see ``Reading.why``
    UNREADABLE = "unreadable"  # the line itself could not be read


class Why(StrEnum):
    """Why a line moves nothing."""

    UNREADABLE = "unreadable"
    OTHER_ACCOUNT = "other_account"  # the statement is of another account than the foundation's
    RECEIVED = "received"  # money in, not a payment out nor a return
    NO_ITEM = "no_item"  # no batched payment has its end-to-end reference
    ALREADY_PAID = "already_paid"  # the payment is confirmed already (by another line, or by hand)
    AMOUNT_DIFFERS = "amount_differs"  # the bank paid (or returned) another amount than the batch sent
    BEFORE_EXECUTION = "before_execution"  # booked before the batch's requested execution date
    NOT_PAID = "not_paid"  # a return of a payment not confirmed as paid
    ALREADY_RETURNED = "already_returned"  # the payment came back already


@dataclass(frozen=True)
class Item:
    """What a line is read against: the batch item its end-to-end reference names."""

    amount: int
    execution_on: date
    paid: bool  # its payment is confirmed (by a statement line or by hand) and has not come back
    returned: bool  # its payment came back


@dataclass(frozen=True)
class Reading:
    outcome: Outcome
    why: Why | None = None


def read_line(*, line: Line, foundation_account: str, item: Item | None) -> Reading:
    """What ``line`` does, read against the foundation's account and the batch item it names (None:
    no batched payment has its reference). A return is a credit that says so (``returned``) or that
    carries a batched payment's end-to-end reference."""
    if line.error:
        return Reading(Outcome.UNREADABLE, Why.UNREADABLE)
    if line.account and normalised_account(line.account) != normalised_account(foundation_account):
        return Reading(Outcome.NOTHING, Why.OTHER_ACCOUNT)
    if line.status != "BOOK":
        return Reading(Outcome.PENDING)
    if not line.debit:
        if item is None:
            return Reading(Outcome.NOTHING, Why.NO_ITEM if line.returned else Why.RECEIVED)
        if item.returned:
            return Reading(Outcome.NOTHING, Why.ALREADY_RETURNED)
        if not item.paid:
            return Reading(Outcome.NOTHING, Why.NOT_PAID)
        if line.amount != item.amount:
            return Reading(Outcome.NOTHING, Why.AMOUNT_DIFFERS)
        return Reading(Outcome.RETURNS)
    if item is None:
        return Reading(Outcome.NOTHING, Why.NO_ITEM)
    if item.returned:
        return Reading(Outcome.NOTHING, Why.ALREADY_RETURNED)
    if item.paid:
        return Reading(Outcome.NOTHING, Why.ALREADY_PAID)
    if line.amount != item.amount:
        return Reading(Outcome.NOTHING, Why.AMOUNT_DIFFERS)
    if line.booked_on is not None and line.booked_on < item.execution_on:
        return Reading(Outcome.NOTHING, Why.BEFORE_EXECUTION)
    return Reading(Outcome.CONFIRMS)
