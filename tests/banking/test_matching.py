"""What a statement line does, and its identity, as plain Python (no database)."""

from datetime import date

import pytest

from amends.banking.matching import Item, Outcome, Why, line_identities, read_line
from amends.banking.statements import ParsedLine

OURS = "111-0123-4567-890"


def line(**changes) -> ParsedLine:
    fields = {
        "booked_on": date(2025, 4, 14),
        "amount": 158_254_399,
        "debit": True,
        "bank_reference": "",
        "end_to_end_id": "AMENDS-P7",
        "position": 1,
        "account": "11101234567890",
    }
    return ParsedLine(**(fields | changes))


SENT = Item(amount=158_254_399, execution_on=date(2025, 4, 14), paid=False, returned=False)
PAID = Item(amount=158_254_399, execution_on=date(2025, 4, 14), paid=True, returned=False)
RETURNED = Item(amount=158_254_399, execution_on=date(2025, 4, 14), paid=False, returned=True)


def reading(item, **changes):
    return read_line(line=line(**changes), foundation_account=OURS, item=item)


def test_a_booked_debit_of_the_amount_sent_on_the_foundations_account_confirms_the_payment():
    assert reading(SENT).outcome == Outcome.CONFIRMS
    # the account is compared without its hyphens and spaces
    assert reading(SENT, account="111 0123 4567 890").outcome == Outcome.CONFIRMS


@pytest.mark.parametrize(
    ("item", "changes", "why"),
    [
        (SENT, {"account": "99988877766655"}, Why.OTHER_ACCOUNT),
        (None, {}, Why.NO_ITEM),
        (PAID, {}, Why.ALREADY_PAID),
        (RETURNED, {}, Why.ALREADY_RETURNED),
        (SENT, {"amount": 158_254_398}, Why.AMOUNT_DIFFERS),
        (SENT, {"booked_on": date(2017, 4, 14)}, Why.BEFORE_EXECUTION),
        (None, {"debit": False}, Why.RECEIVED),
        (None, {"debit": False, "returned": True}, Why.NO_ITEM),
        (SENT, {"debit": False}, Why.NOT_PAID),
        (RETURNED, {"debit": False}, Why.ALREADY_RETURNED),
        (PAID, {"debit": False, "amount": 1}, Why.AMOUNT_DIFFERS),
        (SENT, {"error": "entry 3: amount '12.50' is not a whole number of won"}, Why.UNREADABLE),
    ],
)
def test_each_reason_a_line_moves_no_money(item, changes, why):
    assert reading(item, **changes).why == why
    assert reading(item, **changes).outcome in (Outcome.NOTHING, Outcome.UNREADABLE)


def test_a_pending_line_waits_whatever_it_names():
    assert reading(SENT, status="PDNG").outcome == Outcome.PENDING
    assert reading(PAID, status="PDNG", debit=False).outcome == Outcome.PENDING


def test_a_credit_carrying_a_paid_payments_reference_brings_it_back():
    assert reading(PAID, debit=False).outcome == Outcome.RETURNS
    assert reading(PAID, debit=False, returned=True, return_reason="AC04").outcome == Outcome.RETURNS


def test_two_lines_sharing_the_banks_reference_are_two_lines():
    # a real PostFinance statement gives two entries one AcctSvcrRef; a batch booking repeats it
    first = line(bank_reference="ZV20250414/0001", end_to_end_id="AMENDS-P7")
    second = line(bank_reference="ZV20250414/0001", end_to_end_id="AMENDS-P8", amount=9_000, position=2)
    one, two = line_identities([first, second])
    assert one != two


def test_identical_lines_are_the_first_and_the_second_and_the_same_file_again_finds_both():
    twins = [line(end_to_end_id="", position=1), line(end_to_end_id="", position=2)]
    identities = line_identities(twins)
    assert len(set(identities)) == 2
    # the same lines read again (the file imported twice, or repeated at other places of a later
    # statement) have the same identities
    assert (
        line_identities([line(end_to_end_id="", position=7), line(end_to_end_id="", position=9)])
        == identities
    )


def test_a_pending_line_and_the_same_line_booked_are_two_lines():
    assert line_identities([line(status="PDNG")]) != line_identities([line()])


def test_a_line_booked_on_another_day_or_account_is_another_line():
    base = line_identities([line()])
    assert line_identities([line(booked_on=date(2025, 4, 15))]) != base
    assert line_identities([line(account="99988877766655")]) != base
