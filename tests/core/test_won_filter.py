"""The ``won`` filter: amounts with thousands separators, marked safe so that a page of thousands of
them skips escaping each; anything that is not an amount is escaped like any other text."""

from decimal import Decimal

from django.template import Context, Template

PAGE = Template("{% load amends %}<td>{{ value|won }}</td>")


def render(value) -> str:
    return PAGE.render(Context({"value": value}))


def test_amounts_are_written_with_separators():
    assert render(107452054) == "<td>107,452,054</td>"
    assert render(-1200) == "<td>-1,200</td>"
    assert render(Decimal("1234567")) == "<td>1,234,567</td>"
    assert render("107452054") == "<td>107,452,054</td>"
    assert render(None) == "<td></td>"


def test_text_that_is_not_an_amount_is_escaped():
    assert render("<b>unknown</b>") == "<td>&lt;b&gt;unknown&lt;/b&gt;</td>"
    assert render("１２３<") == "<td>１２３&lt;</td>"
