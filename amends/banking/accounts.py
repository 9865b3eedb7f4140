"""Payees' bank accounts, checked before they are recorded: plain rules, no database.

A payee in Korea is paid into an account at a Korean bank, named by its three-digit KFTC code (the list
in ``data/korean_banks.csv``); the bank's name comes from that list. A payee abroad (an heir in Japan or
the United States, say) is paid by BIC and IBAN, or by BIC and the account number where the country has
no IBAN (Japan), under their name in Latin letters: a payment crossing borders carries the creditor's
name in the SWIFT character set. :func:`check_payee_account` says which field is wrong, and how.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum import bic as stdnum_bic
from stdnum import iban as stdnum_iban
from stdnum import numdb
from stdnum.exceptions import InvalidChecksum
from stdnum.exceptions import ValidationError as StdnumError

# Korean account numbers are 10 to 14 digits, grouped by hyphens that differ by bank. The shape comes
# from the banks' published formats: KB국민 14 digits (2-3-6-3), 하나 14 (3-6-5), IBK기업 14 (3-6-2-3),
# NH농협 13 (3-4-4-2), 우리 13 (4-3-6), 카카오뱅크 13 (4-2-7), 신한 12 (3-3-6), 토스뱅크 12 (4-4-4), and
# older passbooks of 10 or 11 digits; none is longer than 14 (the KFTC's Open Banking API allows 16).
KOREAN_ACCOUNT = re.compile(r"\d{10,14}")
# A foreign account number without IBAN (Japan's is 7 digits after the branch code): letters and
# digits, at most 34 (ISO 20022's Max34Text for ``Othr/Id``).
FOREIGN_ACCOUNT = re.compile(r"[A-Z0-9]{1,34}")
# The characters a cross-border (SWIFT) payment carries in names: the "x" character set.
SWIFT_TEXT = re.compile(r"[A-Za-z0-9/\-?:().,'+ ]+")


@dataclass(frozen=True)
class Bank:
    code: str
    name_ko: str
    name_en: str


@cache
def korean_banks() -> dict[str, Bank]:
    """The Korean banks by three-digit code, from ``data/korean_banks.csv`` (read once)."""
    text = (resources.files("amends.banking") / "data" / "korean_banks.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(line for line in text.splitlines() if line and not line.startswith("#"))
    return {row["code"]: Bank(row["code"], row["name_ko"], row["name_en"]) for row in rows}


def korean_account_number(value: str) -> str:
    """The account number as digits (spaces and hyphens removed); unchanged if it has anything else."""
    return re.sub(r"[\s-]", "", value)


def _iban_country(country: str) -> bool:
    """Whether ``country`` (ISO 3166 alpha-2) numbers its accounts by IBAN, per stdnum's IBAN registry."""
    return bool(numdb.get("iban").info(country + "00")[0][1])


def check_payee_account(
    *,
    holder: str,
    bank_code: str = "",
    account_number: str = "",
    iban: str = "",
    bic: str = "",
    romanised_name: str = "",
) -> dict[str, str]:
    """The account's fields cleaned (``bank_name`` filled from the bank list), or a
    ``ValidationError({field: message})`` naming the field that is wrong. Exactly one of a Korean bank
    code with an account number, or a BIC with an IBAN or a foreign account number."""
    holder, bank_code, romanised_name = holder.strip(), bank_code.strip(), " ".join(romanised_name.split())
    account_number = korean_account_number(account_number.strip())
    iban = stdnum_iban.compact(iban) if iban.strip() else ""
    bic = stdnum_bic.compact(bic) if bic.strip() else ""
    if not holder:
        raise ValidationError({"holder": _("The account holder's name is required.")})
    abroad = bool(iban or bic)
    if bank_code and abroad:
        raise ValidationError(
            {
                "bank_code": _(
                    "Give either a Korean bank code and account number, or a BIC with an IBAN or "
                    "account number for a payee abroad, not both."
                )
            }
        )
    if not abroad:
        if not bank_code:
            raise ValidationError(
                {
                    "bank_code": _(
                        "Give the Korean bank's three-digit code, or a BIC with an IBAN or account number "
                        "for a payee abroad."
                    )
                }
            )
        bank = korean_banks().get(bank_code)
        if bank is None:
            raise ValidationError(
                {
                    "bank_code": _(
                        "Bank code '%(value)s' is not a Korean bank's three-digit code (e.g. 004 for "
                        "KB Kookmin Bank)."
                    )
                    % {"value": bank_code}
                }
            )
        if not KOREAN_ACCOUNT.fullmatch(account_number):
            raise ValidationError(
                {
                    "account_number": _(
                        "Account number '%(value)s' is not a Korean account number: 10 to 14 digits "
                        "(spaces and hyphens are allowed)."
                    )
                    % {"value": account_number}
                }
            )
        return {
            "holder": holder,
            "bank_code": bank.code,
            "bank_name": bank.name_ko,
            "account_number": account_number,
            "iban": "",
            "bic": "",
            "romanised_name": romanised_name,
        }
    if not bic:
        raise ValidationError({"bic": _("A payee abroad is paid through their bank's BIC: give it.")})
    try:
        stdnum_bic.validate(bic)
    except StdnumError:
        raise ValidationError(
            {
                "bic": _("BIC '%(value)s' is not a BIC: 8 or 11 letters and digits, e.g. MHCBJPJT.")
                % {"value": bic}
            }
        ) from None
    country = bic[4:6]
    if country == "KR":
        raise ValidationError(
            {"bic": _("BIC '%(value)s' is a Korean bank's: give its three-digit bank code.") % {"value": bic}}
        )
    if iban and account_number:
        raise ValidationError({"account_number": _("Give the IBAN or the account number, not both.")})
    if iban:
        try:
            stdnum_iban.validate(iban)
        except InvalidChecksum:
            raise ValidationError(
                {
                    "iban": _("IBAN '%(value)s' has wrong check digits: compare it with the bank's document.")
                    % {"value": iban}
                }
            ) from None
        except StdnumError:
            raise ValidationError(
                {
                    "iban": _(
                        "IBAN '%(value)s' is not an IBAN: the country's two letters, two check digits, "
                        "then the account."
                    )
                    % {"value": iban}
                }
            ) from None
        if iban[:2] != country:
            raise ValidationError(
                {
                    "bic": _("BIC '%(bic)s' is of a bank in %(bank)s, the IBAN of an account in %(account)s.")
                    % {"bic": bic, "bank": country, "account": iban[:2]}
                }
            )
    elif _iban_country(country):
        raise ValidationError(
            {"iban": _("Accounts in %(country)s are paid by IBAN: give the IBAN.") % {"country": country}}
        )
    elif not FOREIGN_ACCOUNT.fullmatch(account_number.upper()):
        raise ValidationError(
            {
                "account_number": _(
                    "Account number '%(value)s' is not an account number: letters and digits, at most 34."
                )
                % {"value": account_number}
            }
        )
    if not romanised_name:
        raise ValidationError(
            {
                "romanised_name": _(
                    "A payment abroad carries the payee's name in Latin letters: give the name in Latin "
                    "letters."
                )
            }
        )
    if not SWIFT_TEXT.fullmatch(romanised_name):
        raise ValidationError(
            {
                "romanised_name": _(
                    "The name in Latin letters '%(value)s' may hold only the letters A to Z, digits, "
                    "spaces and / - ? : ( ) . , ' +"
                )
                % {"value": romanised_name}
            }
        )
    return {
        "holder": holder,
        "bank_code": "",
        "bank_name": "",
        "account_number": "" if iban else account_number.upper(),
        "iban": iban,
        "bic": bic,
        "romanised_name": romanised_name,
    }
