"""The pure calculations over HTTP: the JSON documents of ``amends calc interest|shares``, in and out.

The body is read as text and handed to the same strict reader as the command line
(:mod:`amends.law.interest_json`, :mod:`amends.law.succession_json`), so that a rate written as a JSON
number is taken exactly as written and a refusal names the same field. Nothing is stored.
"""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest
from django.http.request import RawPostDataException
from django.utils.translation import gettext as _
from ninja import Router

from amends.api import schemas
from amends.api.errors import InvalidInput, TooLarge
from amends.api.schemas import Error
from amends.core.reasons import say
from amends.law import interest_json, succession_json
from amends.law.interest import InterestInputError
from amends.law.succession import SuccessionInputError, SuccessionUnsupported

router = Router(tags=["calculations"])

ERRORS = {401: Error, 403: Error, 413: Error, 422: Error}

INTEREST_EXAMPLE = {
    "principal": 120000000,
    "accruals": [{"from": "2015-05-13", "rate": "0.05"}, {"from": "2015-06-25", "rate": "0.20"}],
    "until": "2023-04-14",
    "method": "period",
    "rounding": "floor",
    "payments": [{"date": "2020-01-31", "amount": 5000000}],
}
SHARES_EXAMPLE = {
    "decedent": "V",
    "people": [
        {"id": "V", "sex": "M", "died": "2014-04-11"},
        {"id": "W", "sex": "F"},
        {"id": "C1", "sex": "M", "parents": ["V", "W"]},
        {"id": "C2", "sex": "F", "parents": ["V", "W"]},
    ],
    "marriages": [{"spouses": ["V", "W"], "from": "1950-03-01"}],
    "amount": 100000000,
}


def _body(example: dict, description: str) -> dict:
    return {
        "requestBody": {
            "required": True,
            "description": description,
            "content": {"application/json": {"schema": {"type": "object"}, "example": example}},
        }
    }


def _calculate(request: HttpRequest, calculate: Callable[[str], dict], input_error: type) -> dict[str, Any]:
    try:
        text = request.body.decode("utf-8")
    except RequestDataTooBig:
        raise TooLarge(_("The request body is too large."), field="input") from None
    except RawPostDataException:
        # A multipart form was read for its CSRF token: the document was not sent as the body.
        raise InvalidInput(_("Send the JSON document as the request body."), field="input") from None
    except UnicodeDecodeError:
        raise InvalidInput(_("not UTF-8 text"), field="input") from None
    try:
        return calculate(text)
    except SuccessionUnsupported as error:
        raise InvalidInput(say(error.message), field=error.field, code="unsupported") from None
    except input_error as error:
        raise InvalidInput(say(error.message), field=error.field) from None


@router.post(
    "/calc/interest",
    response={200: schemas.InterestResult, **ERRORS},
    by_alias=True,
    openapi_extra=_body(
        INTEREST_EXAMPLE,
        "principal, accruals ({from, rate}), until, method (period or days), rounding (floor or half-up), "
        "optional payments ({date, amount}); rates as decimal strings.",
    ),
    summary="Delay damages (amends calc interest)",
)
def calc_interest(request: HttpRequest):
    """Delay damages on a principal from accrual terms until a date, with payments applied to
    interest first: the document ``amends calc interest`` prints for the same input."""
    return _calculate(request, interest_json.calculate, InterestInputError)


@router.post(
    "/calc/shares",
    response={200: schemas.SharesResult, **ERRORS},
    exclude_none=True,
    openapi_extra=_body(
        SHARES_EXAMPLE,
        "decedent, people, marriages, optional renounced, amount and rounding (see amends calc shares).",
    ),
    summary="Heirs' shares (amends calc shares)",
)
def calc_shares(request: HttpRequest):
    """The heirs' shares of an estate by the law of each death (and each heir's amount, when the
    input gives one): the document ``amends calc shares`` prints for the same input."""
    return _calculate(request, succession_json.calculate, SuccessionInputError)
