"""An award divided into its creditors' parts, and a dead creditor's part among their heirs
(amends.law.parts): every total is the sum of its parts, to the won."""

from datetime import date
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from amends.law import parts
from amends.law.interest import Accrual, Payment, delay_damages

TERMS = [Accrual(date(2013, 6, 19), Fraction(20, 100))]


def test_the_judgments_creditors_hold_their_floored_principal():
    held = parts.debts(
        principal=100_000_000,
        parts=[
            parts.Part("widow", Fraction(3, 7)),
            parts.Part("son", Fraction(2, 7)),
            parts.Part("daughter", Fraction(2, 7)),
        ],
    )
    # floor(100,000,000 × share), as the judgment states each creditor's award
    assert [held[key].principal for key in ("widow", "son", "daughter")] == [
        42_857_142,
        28_571_428,
        28_571_428,
    ]


def test_a_dead_creditors_principal_and_payments_pass_to_the_heirs_by_the_largest_remainder():
    # given a widow (3/7) who was paid 1,000,001 won in 2020 and died in 2021, leaving three children
    held = parts.debts(
        principal=100_000_000,
        parts=[
            parts.Part("widow", Fraction(3, 7), received=(Payment(date(2020, 5, 1), 1_000_001),)),
            parts.Part("a", Fraction(1, 7), parent="widow"),
            parts.Part("b", Fraction(1, 7), parent="widow"),
            parts.Part("c", Fraction(1, 7), parent="widow", received=(Payment(date(2022, 1, 3), 7),)),
        ],
    )
    # then the widow holds nothing herself; her 42,857,142 won of principal is divided in thirds,
    # the won left over to the first listed (14,285,714 rem. 0 each: exact)
    assert "widow" not in held
    assert [held[k].principal for k in "abc"] == [14_285_714, 14_285_714, 14_285_714]
    # and her payment in thirds too: 333,333.67 each, the 2 won over to the first two listed
    assert [held[k].payments[0].amount for k in "abc"] == [333_334, 333_334, 333_333]
    # with each heir's own receipts after it, by date
    assert held["c"].payments == (Payment(date(2020, 5, 1), 333_333), Payment(date(2022, 1, 3), 7))


def test_an_heir_who_renounced_holds_nothing_and_the_others_share_it_all():
    held = parts.debts(
        principal=99_999_999,
        parts=[
            parts.Part("mother", Fraction(1)),
            parts.Part("renouncer", Fraction(0), parent="mother"),
            parts.Part("sister", Fraction(1, 2), parent="mother"),
            parts.Part("brother", Fraction(1, 2), parent="mother"),
        ],
    )
    assert held["renouncer"].principal == 0
    assert held["sister"].principal + held["brother"].principal == 99_999_999
    assert (held["sister"].principal, held["brother"].principal) == (50_000_000, 49_999_999)


def test_a_later_death_up_the_chain_passes_the_heirs_part_on_in_turn():
    held = parts.debts(
        principal=100_000_000,
        parts=[
            parts.Part("victim", Fraction(1)),
            parts.Part("son", Fraction(1, 2), parent="victim"),
            parts.Part("daughter", Fraction(1, 2), parent="victim"),
            parts.Part("grandchild 1", Fraction(1, 6), parent="son"),
            parts.Part("grandchild 2", Fraction(1, 3), parent="son"),
        ],
    )
    assert set(held) == {"daughter", "grandchild 1", "grandchild 2"}
    assert held["daughter"].principal == 50_000_000
    # the son's 50,000,000 in thirds: 16,666,666.67 and 33,333,333.33 → the won left over to the first
    assert (held["grandchild 1"].principal, held["grandchild 2"].principal) == (16_666_667, 33_333_333)


def test_money_on_the_whole_award_is_divided_so_that_no_won_is_lost():
    held = parts.debts(
        principal=80_000_000,
        parts=[parts.Part(k, Fraction(1, 3)) for k in "xyz"],
        on_award=[Payment(date(2024, 2, 20), 10)],
    )
    assert [held[k].payments[0].amount for k in "xyz"] == [4, 3, 3]


shares = st.lists(st.integers(1, 12), min_size=1, max_size=6)


@settings(max_examples=200, deadline=None)
@given(
    principal=st.integers(0, 10**10),
    named=shares,
    heirs=shares,
    paid=st.lists(st.integers(1, 10**9), max_size=3),
    until=st.dates(date(2013, 6, 19), date(2040, 1, 1)),
)
def test_the_heirs_parts_add_up_to_the_dead_creditors_and_the_creditors_to_the_award(
    principal, named, heirs, paid, until
):
    # given an award among named creditors, the first of whom died leaving heirs, and payments to him
    total = sum(named)
    weight = sum(heirs)
    first = Fraction(named[0], total)
    tree = [parts.Part(f"n{i}", Fraction(n, total)) for i, n in enumerate(named)]
    tree[0] = parts.Part(
        "n0", first, received=tuple(Payment(date(2014 + i, 1, 1), amount) for i, amount in enumerate(paid))
    )
    tree += [parts.Part(f"h{i}", first * Fraction(h, weight), parent="n0") for i, h in enumerate(heirs)]
    held = parts.debts(principal=principal, parts=tree)
    # then the heirs' principals add up to his, and every payment to him is divided without loss
    heirs_held = [held[f"h{i}"] for i in range(len(heirs))]
    assert sum(debt.principal for debt in heirs_held) == principal * first.numerator // first.denominator
    assert sum(p.amount for debt in heirs_held for p in debt.payments) == sum(paid)
    # and what each part owes is never negative, whatever the date
    for debt in held.values():
        payments = [p for p in debt.payments if p.on <= until]
        result = delay_damages(principal=debt.principal, accruals=TERMS, until=until, payments=payments)
        assert result.outstanding >= 0
