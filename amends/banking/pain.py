"""The batch file for the bank: ISO 20022 pain.001.001.09 (or CSV).

:func:`pain001` writes a batch as a customer credit transfer initiation in Korean won and validates
it against the official XSD shipped by the ``sepaxml`` package before anyone downloads it. Korean
accounts have no IBAN: the creditor's account goes in ``CdtrAcct/Id/Othr/Id`` and the bank's
three-digit code in ``CdtrAgt/FinInstnId/ClrSysMmbId`` (clearing system ``KRKFT``, the Korea
Financial Telecommunications and Clearings Institute), under the holder's Hangul name. A payee abroad
is paid by ``CdtrAgt/FinInstnId/BICFI`` and ``CdtrAcct/Id/IBAN`` (or ``Othr/Id`` where the country has
no IBAN), under their name in Latin letters; those transfers go in a payment information block of
their own (``PmtInfId`` = the batch's reference + ``-X``), as banks route them apart.

The debtor is the foundation's own account, ``settings.FUND_DEBTOR`` (from ``AMENDS_FUND_*``):
:func:`debtor` refuses, naming what is missing, while it is not configured. The initiating party is
identified by the customer id the bank assigned for file transfer (``InitgPty/Id/OrgId/Othr/Id``).
Each transfer has an ``InstrId`` of its own, the ``EndToEndId`` the statement import matches on
(``AMENDS-P<proposal>``), and a memo a family recognises on its passbook (:func:`passbook_memo`).
:func:`batch_csv` writes the same batch as CSV.

The file asks for one booking per transfer (``BtchBookg`` false), so that the statement has an entry
(and a reference) for each; :mod:`amends.banking.statements` reads what comes back.
"""

from __future__ import annotations

import io
from datetime import datetime
from functools import cache
from importlib import resources

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from lxml import etree
from stdnum import bic as stdnum_bic

from amends.banking.accounts import KOREAN_ACCOUNT, korean_account_number, korean_banks
from amends.core import exports

PAIN_NS = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"
CLEARING_SYSTEM = "KRKFT"
# What each setting of FUND_DEBTOR is read from (config/settings.py), to name it when it is missing.
DEBTOR_ENV = {
    "account": "AMENDS_FUND_ACCOUNT",
    "bank_code": "AMENDS_FUND_BANK_CODE",
    "customer_id": "AMENDS_FUND_CUSTOMER_ID",
}
# Who bears the banks' charges (ChrgBr). DEBT for every transfer, the domestic ones and those abroad:
# the foundation pays a debt fixed by a judgment, and the costs of paying it are the payer's (Civil Act
# art. 473, 변제비용은 채무자 부담), so the family must receive the full amount. SHAR, usual for
# cross-border transfers, would let the correspondent and receiving banks take their fees out of the
# heir's amount, and the debt would not be paid in full; a bank that does not offer DEBT for a
# corridor refuses the transfer rather than paying less, which the office then sees.
CHARGES_DOMESTIC = "DEBT"
CHARGES_ABROAD = "DEBT"
# The passbook memo (받는분 통장 표시): the foundation's short name and the payment's number. Korean
# banks print at most 20 bytes of it, counting a Hangul syllable as 2 bytes and a Latin letter, digit
# or space as 1 (the KS X 1001 / CP949 encoding of their fixed-width files): the KFTC's Open Banking
# API specification gives the credited account's print text (입금계좌인자내역, print_content) as AH(20),
# and passbooks show about 7 Hangul syllables (14 bytes) of it on a line. "강제동원재단 P123" is 17.
MEMO_NAME = "강제동원재단"
MEMO_SHORT_NAME = "재단"
MEMO_MAX_BYTES = 20
MEMO_ENCODING = "cp949"


@cache
def pain001_schema() -> etree.XMLSchema:
    """The official pain.001.001.09 schema, as shipped by sepaxml."""
    path = resources.files("sepaxml") / "schemas" / "pain.001.001.09.xsd"
    return etree.XMLSchema(etree.parse(str(path)))


def debtor() -> dict:
    """The foundation's own account (``settings.FUND_DEBTOR``): name, account, bank code, bank name
    (from the bank list), customer id and BIC (optional). Raises a ``ValidationError`` naming the
    environment variables to set while any is missing, or the one whose value is wrong."""
    configured = {key: str(value).strip() for key, value in getattr(settings, "FUND_DEBTOR", {}).items()}
    missing = [env for key, env in DEBTOR_ENV.items() if not configured.get(key)]
    if missing:
        raise ValidationError(
            _("The foundation's bank account is not configured: set %(names)s.")
            % {"names": ", ".join(missing)}
        )
    bank = korean_banks().get(configured["bank_code"])
    if bank is None:
        raise ValidationError(
            _("AMENDS_FUND_BANK_CODE '%(value)s' is not a Korean bank's three-digit code.")
            % {"value": configured["bank_code"]}
        )
    account = korean_account_number(configured["account"])
    if not KOREAN_ACCOUNT.fullmatch(account):
        raise ValidationError(
            _("AMENDS_FUND_ACCOUNT '%(value)s' is not a Korean account number: 10 to 14 digits.")
            % {"value": configured["account"]}
        )
    customer_id = configured["customer_id"]
    if len(customer_id) > 35:
        raise ValidationError(
            _("AMENDS_FUND_CUSTOMER_ID '%(value)s' is longer than 35 characters.") % {"value": customer_id}
        )
    bic = stdnum_bic.compact(configured.get("bic", ""))
    if bic and not stdnum_bic.is_valid(bic):
        raise ValidationError(_("AMENDS_FUND_BIC '%(value)s' is not a BIC.") % {"value": bic})
    return {
        "name": configured.get("name") or "Foundation for Victims of Forced Mobilization by Imperial Japan",
        "account": account,
        "bank_code": bank.code,
        "bank_name": bank.name_en,
        "customer_id": customer_id,
        "bic": bic,
    }


def passbook_memo(end_to_end_id: str) -> str:
    """What the family's passbook shows: the foundation's short name and the payment's number (the
    end-to-end id without its ``AMENDS-`` prefix), e.g. "강제동원재단 P123", within
    :data:`MEMO_MAX_BYTES` counted as the banks count (:data:`MEMO_ENCODING`)."""
    number = end_to_end_id.removeprefix("AMENDS-")
    for memo in (f"{MEMO_NAME} {number}", f"{MEMO_NAME}{number}", f"{MEMO_SHORT_NAME} {number}", number):
        if memo_bytes(memo) <= MEMO_MAX_BYTES:
            return memo
    return number.encode(MEMO_ENCODING)[:MEMO_MAX_BYTES].decode(MEMO_ENCODING, errors="ignore")


def memo_bytes(text: str) -> int:
    """The memo's length as the bank counts it: bytes in :data:`MEMO_ENCODING`."""
    return len(text.encode(MEMO_ENCODING))


def remittance_text(item, payer: dict | None = None) -> str:
    """The remittance text (``RmtInf/Ustrd``): the passbook memo for a Korean account; abroad, where
    a passbook cannot show Hangul, the end-to-end id and the foundation's name in Latin letters."""
    if item.bic:
        return f"{item.end_to_end_id} {(payer or debtor())['name']}"[:140]
    return passbook_memo(item.end_to_end_id)


def name_as_sent(item) -> str:
    """The creditor's name as the transfer carries it: in Latin letters abroad, else the holder's."""
    return item.romanised_name if item.bic else item.holder


def _sub(parent, tag: str, text: str | None = None, **attrs):
    element = etree.SubElement(parent, f"{{{PAIN_NS}}}{tag}", **attrs)
    if text is not None:
        element.text = text
    return element


def _path(parent, tags: str, text: str):
    for tag in tags.split("/"):
        parent = _sub(parent, tag)
    parent.text = text
    return parent


def _agent(parent, tag: str, bank_code: str, bank_name: str, bic: str = "") -> None:
    # FinInstnId's order in the schema: BICFI, ClrSysMmbId, LEI, Nm.
    institution = _sub(_sub(parent, tag), "FinInstnId")
    if bic:
        _sub(institution, "BICFI", bic)
    member = _sub(institution, "ClrSysMmbId")
    _path(member, "ClrSysId/Prtry", CLEARING_SYSTEM)
    _sub(member, "MmbId", bank_code)
    _sub(institution, "Nm", bank_name[:140])


def _payment_information(initiation, batch, payer: dict, items: list, *, abroad: bool) -> None:
    info = _sub(initiation, "PmtInf")
    _sub(info, "PmtInfId", f"{batch.reference}-X" if abroad else batch.reference)
    _sub(info, "PmtMtd", "TRF")
    # One booking per transfer, so that the statement has an entry (and a reference) for each.
    _sub(info, "BtchBookg", "false")
    _sub(info, "NbOfTxs", str(len(items)))
    _sub(info, "CtrlSum", str(sum(item.amount for item in items)))
    # Normal priority; at home a non-urgent (bulk, same-day) transfer through the KFTC's interbank
    # network. Abroad the bank chooses the route: no service level is asked for.
    payment_type = _sub(info, "PmtTpInf")
    _sub(payment_type, "InstrPrty", "NORM")
    if not abroad:
        _path(payment_type, "SvcLvl/Cd", "NURG")
    _path(info, "ReqdExctnDt/Dt", batch.execution_on.isoformat())
    _sub(_sub(info, "Dbtr"), "Nm", payer["name"][:140])
    account = _sub(info, "DbtrAcct")
    _path(account, "Id/Othr/Id", payer["account"])
    _sub(account, "Ccy", "KRW")
    _agent(info, "DbtrAgt", payer["bank_code"], payer["bank_name"], payer["bic"])
    _sub(info, "ChrgBr", CHARGES_ABROAD if abroad else CHARGES_DOMESTIC)
    for item in items:
        transfer = _sub(info, "CdtTrfTxInf")
        ids = _sub(transfer, "PmtId")
        _sub(ids, "InstrId", f"AMENDS-B{batch.pk}-{item.pk}"[:35])
        _sub(ids, "EndToEndId", item.end_to_end_id)
        _sub(_sub(transfer, "Amt"), "InstdAmt", str(item.amount), Ccy="KRW")
        if abroad:
            _path(transfer, "CdtrAgt/FinInstnId/BICFI", item.bic)
        else:
            _agent(transfer, "CdtrAgt", item.bank_code, item.bank_name)
        _sub(_sub(transfer, "Cdtr"), "Nm", name_as_sent(item)[:140])
        if item.iban:
            _path(_sub(transfer, "CdtrAcct"), "Id/IBAN", item.iban)
        else:
            _path(_sub(transfer, "CdtrAcct"), "Id/Othr/Id", item.account_number)
        _path(transfer, "RmtInf/Ustrd", remittance_text(item, payer))


def pain001(batch, *, created_at: datetime | None = None) -> bytes:
    """The batch as a pain.001.001.09 document, validated; raises ``etree.DocumentInvalid`` if not,
    and a ``ValidationError`` if the foundation's account is not configured (:func:`debtor`)."""
    payer = debtor()
    items = list(batch.items.all())
    created_at = created_at or timezone.now()
    root = etree.Element(f"{{{PAIN_NS}}}Document", nsmap={None: PAIN_NS})
    initiation = _sub(root, "CstmrCdtTrfInitn")
    header = _sub(initiation, "GrpHdr")
    _sub(header, "MsgId", batch.reference)
    _sub(header, "CreDtTm", created_at.replace(microsecond=0).isoformat())
    _sub(header, "NbOfTxs", str(len(items)))
    _sub(header, "CtrlSum", str(sum(item.amount for item in items)))
    party = _sub(header, "InitgPty")
    _sub(party, "Nm", payer["name"][:140])
    _path(party, "Id/OrgId/Othr/Id", payer["customer_id"])
    domestic = [item for item in items if not item.bic]
    abroad = [item for item in items if item.bic]
    if domestic or not abroad:
        _payment_information(initiation, batch, payer, domestic, abroad=False)
    if abroad:
        _payment_information(initiation, batch, payer, abroad, abroad=True)
    pain001_schema().assertValid(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def batch_csv(batch) -> str:
    """The batch as CSV, for banks that take one: one transfer a row. The columns after ``currency``
    (IBAN, BIC, the name as sent and the memo) were added later, after the ones readers know."""
    out = io.StringIO()
    writer = exports.writer(out)
    writer.writerow(
        [
            "end_to_end_id",
            "execution_date",
            "bank_code",
            "bank_name",
            "account_number",
            "holder",
            "amount",
            "currency",
            "iban",
            "bic",
            "name_as_sent",
            "memo",
        ]
    )
    payer = debtor()
    for item in batch.items.all():
        writer.writerow(
            [
                item.end_to_end_id,
                batch.execution_on.isoformat(),
                item.bank_code,
                item.bank_name,
                item.account_number,
                item.holder,
                item.amount,
                "KRW",
                item.iban,
                item.bic,
                name_as_sent(item),
                remittance_text(item, payer),
            ]
        )
    return out.getvalue()
