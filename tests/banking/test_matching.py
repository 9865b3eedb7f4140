"""Matching a statement line to the payment it confirms, as plain Python (no database)."""

from datetime import date

from amends.banking.matching import Unmatched, line_identity, unmatched_because
from amends.banking.statements import ParsedLine


def line(**changes) -> ParsedLine:
    fields = {
        "booked_on": date(2023, 4, 14),
        "amount": 158_254_399,
        "debit": True,
        "bank_reference": "",
        "end_to_end_id": "AMENDS-P7",
        "position": 1,
    }
    return ParsedLine(**(fields | changes))


def test_a_debit_of_the_amount_sent_confirms_the_payment():
    assert unmatched_because(line=line(), item_amount=158_254_399, item_matched=False) is None


def test_each_reason_a_line_confirms_nothing():
    assert unmatched_because(line=line(debit=False), item_amount=158_254_399, item_matched=False) == (
        Unmatched.RECEIVED
    )
    assert unmatched_because(line=line(), item_amount=None, item_matched=False) == Unmatched.NO_ITEM
    assert unmatched_because(line=line(), item_amount=158_254_399, item_matched=True) == (
        Unmatched.ALREADY_MATCHED
    )
    assert unmatched_because(line=line(amount=158_254_398), item_amount=158_254_399, item_matched=False) == (
        Unmatched.AMOUNT_DIFFERS
    )


def test_a_lines_identity_is_the_banks_reference_else_a_hash_of_the_line_and_its_place():
    assert line_identity(line(bank_reference="KB-1")) == "ref:KB-1"
    long = "R" * 61
    assert line_identity(line(bank_reference=long)).startswith("refsha:")
    # two identical lines without a reference are two lines, told apart by their place in the file
    first, second = line_identity(line(position=1)), line_identity(line(position=2))
    assert first.startswith("sha:") and first != second
    assert line_identity(line(position=1)) == first
