"""Matching a bank statement's lines to the payments sent, as plain Python: a line's identity, and
whether it confirms the batch item its end-to-end reference names, or why not. The services load the
rows, ask here, and write; this module touches no database."""

from __future__ import annotations

import hashlib
from enum import StrEnum
from typing import Protocol


class Line(Protocol):
    booked_on: object  # a date
    amount: int
    debit: bool
    bank_reference: str
    end_to_end_id: str
    text: str
    position: int


class Unmatched(StrEnum):
    """Why a line confirms no payment."""

    RECEIVED = "received"  # money in, not a payment out
    NO_ITEM = "no_item"  # no batched payment has its end-to-end reference
    ALREADY_MATCHED = "already_matched"  # another statement line confirmed that payment
    AMOUNT_DIFFERS = "amount_differs"  # the bank paid another amount than the batch sent


def line_identity(line: Line) -> str:
    """A statement line's identity: the bank's own reference, else a hash of everything it says and
    of its place in the file, so that two identical lines of one statement (two transfers of the
    same amount on the same day, without references) are two lines, while the same statement sent
    again in another file finds them already there."""
    if line.bank_reference:
        if len(line.bank_reference) <= 60:
            return "ref:" + line.bank_reference
        return "refsha:" + hashlib.sha256(line.bank_reference.encode()).hexdigest()[:57]
    raw = "|".join(
        [
            line.booked_on.isoformat(),
            str(line.amount),
            "D" if line.debit else "C",
            line.end_to_end_id,
            line.text,
            str(line.position),
        ]
    )
    return "sha:" + hashlib.sha256(raw.encode()).hexdigest()[:60]


def unmatched_because(*, line: Line, item_amount: int | None, item_matched: bool) -> Unmatched | None:
    """Why ``line`` does not confirm the batch item its reference names (``item_amount`` None: no
    such item; ``item_matched``: another line confirmed it already), or None when it does."""
    if not line.debit:
        return Unmatched.RECEIVED
    if item_amount is None:
        return Unmatched.NO_ITEM
    if item_matched:
        return Unmatched.ALREADY_MATCHED
    if line.amount != item_amount:
        return Unmatched.AMOUNT_DIFFERS
    return None
