"""A whole number of won is read as the pages write it and as people type it (issue 17)."""

import pytest
from django.core.exceptions import ValidationError
from django.utils.translation import override

from amends.core.parsing import parse_won


@pytest.mark.parametrize(
    "typed", ["369,863,013", "369863013", "369,863,013원", "369,863,013 원", "₩369,863,013", " 369,863,013 "]
)
def test_an_amount_as_the_pages_show_it_is_read(typed):
    assert parse_won(typed, "amount") == 369_863_013


@pytest.mark.parametrize(
    "typed", ["36,9863,013", "369,863,01", "-5", "1.5", "3e6", "３６９", "원", ",369", "1,000,"]
)
@override("en")
def test_anything_else_is_refused_naming_the_field(typed):
    with pytest.raises(ValidationError) as refused:
        parse_won(typed, "amount_paid")
    assert refused.value.message_dict == {"amount_paid": ["Give a whole number of won."]}


def test_empty_is_none_only_when_not_required():
    assert parse_won("", "amount", required=False) is None
    with pytest.raises(ValidationError):
        parse_won("", "amount")
