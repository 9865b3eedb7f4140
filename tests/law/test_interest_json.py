"""The JSON form of a calculation: strict parsing that names the bad field, and the output document."""

import json

import pytest

from amends.law.interest import InterestInputError
from amends.law.interest_json import calculate, rate_text

GOOD = {
    "principal": 120000000,
    "accruals": [{"from": "2015-05-13", "rate": "0.05"}, {"from": "2015-06-25", "rate": "0.20"}],
    "until": "2023-04-14",
    "method": "period",
    "rounding": "floor",
    "payments": [{"date": "2020-01-31", "amount": 5000000}],
}


def test_the_issue_example():
    result = calculate(json.dumps(GOOD))

    assert {k: result[k] for k in ("principal", "interest", "total", "paid", "outstanding", "overpaid")} == {
        "principal": 120_000_000,
        # 704,918.03 + 110,491,803.27 floored at the payment, then 76,800,000 to 2023-04-14
        "interest": 111_196_721 + 76_800_000,
        "total": 307_996_721,
        "paid": 5_000_000,
        "outstanding": 302_996_721,
        "overpaid": 0,
    }
    assert result["lines"][0] == {
        "from": "2015-05-13",
        "to": "2015-06-24",
        "rate": "0.05",
        "base": 120_000_000,
        "years": 0,
        "days": 43,
        "year_length": 366,
        "interest": 704_918,
    }
    assert [(line["from"], line["to"], line["years"], line["days"]) for line in result["lines"][1:]] == [
        ("2015-06-25", "2020-01-31", 4, 221),
        ("2020-02-01", "2023-04-14", 3, 73),
    ]


def test_a_rate_written_as_a_json_number_is_taken_exactly_as_written():
    document = json.dumps(GOOD).replace('"0.05"', "0.05")
    assert calculate(document) == calculate(json.dumps(GOOD))


def _with(**changes):
    document = json.loads(json.dumps(GOOD))
    for path, value in changes.items():
        target = document
        *parents, last = path.split("__")
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        if value is KeyError:
            del target[int(last) if last.isdigit() else last]
        else:
            target[int(last) if last.isdigit() else last] = value
    return json.dumps(document)


@pytest.mark.parametrize(
    ("document", "field"),
    [
        ("{not json", "input"),
        ("[]", "input"),
        (_with(principal=KeyError), "principal"),
        (_with(until=KeyError), "until"),
        (_with(method=KeyError), "method"),
        (_with(principal="100"), "principal"),
        (_with(principal=1.5), "principal"),
        (_with(principal=-1), "principal"),
        (_with(method="monthly"), "method"),
        (_with(rounding="up"), "rounding"),
        (_with(accruals=[]), "accruals"),
        (_with(accruals__1__rate="twenty"), "accruals[1].rate"),
        (_with(accruals__1__rate="-0.2"), "accruals[1].rate"),
        (_with(accruals__1__rate="1e-1"), "accruals[1].rate"),
        (_with(accruals__0__from="2015/05/13"), "accruals[0].from"),
        (_with(accruals__0__from="2015-02-30"), "accruals[0].from"),
        (_with(accruals__1__from="2015-05-01"), "accruals[1].from"),
        (_with(until="2015-05-12"), "until"),
        (_with(payments__0__amount=-5), "payments[0].amount"),
        (_with(payments__0__date=KeyError), "payments[0].date"),
        (_with(payment=[]), "payment"),
    ],
)
def test_bad_input_names_the_field(document, field):
    with pytest.raises(InterestInputError) as raised:
        calculate(document)
    assert raised.value.field == field


@pytest.mark.parametrize(
    ("rate", "text"), [("0.2", "0.20"), ("0.05", "0.05"), ("0.055", "0.055"), ("1", "1.00"), ("0", "0.00")]
)
def test_rates_are_written_as_judgments_write_them(rate, text):
    from decimal import Decimal
    from fractions import Fraction

    assert rate_text(Fraction(Decimal(rate))) == text
