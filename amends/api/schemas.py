"""What the API sends: money in whole won (integers), shares as ``"n/d"`` strings (``"1"`` for the whole),
rates as decimal strings (``"0.20"``), dates ISO (``YYYY-MM-DD``).

The calculation results (:class:`InterestResult`, :class:`SharesResult`) are the very documents
``amends calc interest|shares`` prints, described here so that the OpenAPI document shows them. A key
that is a Python keyword (``from``) is declared under an alias, so routes serialise ``by_alias``.
"""

import re
from datetime import date
from typing import Annotated, Literal

from ninja import Schema
from pydantic import BeforeValidator, Field
from pydantic_core import PydanticCustomError

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso_date(value: object) -> object:
    # Pydantic alone would also take "2018-11-01T00:00" or a Unix timestamp; the project writes dates
    # one way only, as the calculations' JSON does.
    if isinstance(value, date) or (isinstance(value, str) and _DATE.match(value)):
        return value
    raise PydanticCustomError("date_format", "must be a date written YYYY-MM-DD")


IsoDate = Annotated[date, BeforeValidator(_iso_date)]


class Error(Schema):
    code: str = Field(examples=["invalid"])
    field: str | None = Field(None, examples=["accruals[0].rate"])
    detail: str


class PersonRef(Schema):
    id: int
    name: str = Field(description="In Hangul.")
    name_hanja: str


class Defendant(Schema):
    key: str
    name_ko: str
    name_ja: str
    name_en: str


class Court(Schema):
    name_ko: str
    name_en: str
    level: str


class CaseSummary(Schema):
    number: str
    number_confirmed: bool
    title: str
    court: Court
    filed_on: date | None
    final_ruling_on: date | None
    defendants: list[Defendant]


class Ruling(Schema):
    instance: int = Field(
        description="1 first instance, 2 appeal, 3 Supreme Court, 4 remand, 5 Supreme Court again."
    )
    court: Court
    number: str
    decided_on: date
    argument_closed_on: date | None


class AwardSummary(Schema):
    id: int
    victim: PersonRef
    principal: int
    method: str
    terms_assumed: bool
    creditors: int = Field(description="How many creditors the judgment names.")


class CaseDetail(CaseSummary):
    notes: str
    rulings: list[Ruling]
    awards: list[AwardSummary]


class InterestLine(Schema):
    from_: date = Field(alias="from")
    to: date
    rate: str = Field(examples=["0.20"])
    base: int
    years: int
    days: int
    year_length: int
    interest: int


class AppliedPayment(Schema):
    date_: date = Field(alias="date")
    amount: int
    to_interest: int
    to_principal: int
    overpaid: int


class InterestResult(Schema):
    """The document ``amends calc interest`` prints."""

    principal: int
    interest: int
    total: int
    paid: int
    outstanding: int
    overpaid: int
    lines: list[InterestLine]
    payments: list[AppliedPayment]


class SharesResult(Schema):
    """The document ``amends calc shares`` prints; ``amounts`` only when the input gives an amount."""

    era: str
    shares: dict[str, str]
    amounts: dict[str, int] | None = None
    paths: dict[str, list[str]]
    review: list[str]


class Accrual(Schema):
    from_: date = Field(alias="from")
    rate: str = Field(examples=["0.20"])


class Owed(InterestResult):
    """What the award is owed on the date; without accrual terms (or before they start) only the
    principal, with ``note`` saying why."""

    note: str


class CreditorOwed(Schema):
    id: int = Field(description="The creditor's id, which is their claim file's.")
    succeeds: int | None = Field(
        description="For an heir of a creditor who died after the judgment: that creditor's id."
    )
    person: PersonRef
    relation: str
    share: str = Field(examples=["3/7"], description="Of the whole award; 0 for an heir who renounced.")
    principal: int = Field(
        description="floor(principal × share), as judgments state it; an heir's part of the dead "
        "creditor's, by the largest-remainder rule."
    )
    interest: int
    total: int
    paid: int
    outstanding: int


class Holder(Schema):
    person: PersonRef
    share: str = Field(examples=["1/2"])
    amount: int = Field(description="What the holder's parts are owed: the creditors' figures, summed.")
    paths: list[str]


class Holders(Schema):
    """Who holds the award on the date by succession from the victim, by the recorded family facts."""

    differs_from_judgment: bool
    review: list[str]
    error: str
    holders: list[Holder]


class Award(Schema):
    id: int
    case: str
    victim: PersonRef
    principal: int
    method: str
    terms_assumed: bool
    accruals: list[Accrual]
    on: date
    rounding: Literal["floor", "half-up"]
    owed: Owed
    creditors: list[CreditorOwed]
    succession: Holders


class DefendantTotal(Schema):
    defendant: Defendant
    cases: int
    awards: int
    principal: int
    interest: int
    total: int
    paid: int
    outstanding: int


class DefendantTotals(Schema):
    on: date
    rounding: Literal["floor", "half-up"]
    defendants: list[DefendantTotal]


class Marriage(Schema):
    spouse: int
    from_: date = Field(alias="from")
    until: date | None


class Person(Schema):
    id: int
    name_hangul: str
    name_hanja: str
    name_japanese: str
    name_japanese_reading: str
    name_romanized: str
    sex: Literal["M", "F"] | None
    birth_date: date | None
    death_date: date | None
    household_head: bool
    household_head_heir: bool
    married_out: bool
    parents: list[int]
    children: list[int]
    spouses: list[int]
    marriages: list[Marriage]
