"""The batch file for the bank: ISO 20022 pain.001.001.09 (or CSV).

:func:`pain001` writes a batch as a customer credit transfer initiation in Korean won and validates
it against the official XSD shipped by the ``sepaxml`` package before anyone downloads it. Korean
accounts have no IBAN: the creditor's account goes in ``CdtrAcct/Id/Othr/Id`` and the bank's
three-digit code in ``CdtrAgt/FinInstnId/ClrSysMmbId`` (clearing system ``KRKFT``, the Korea
Financial Telecommunications and Clearings Institute). The debtor is the foundation's own account,
``settings.FUND_DEBTOR`` (defaults below). :func:`batch_csv` writes the same batch as CSV.

The file asks for one booking per transfer (``BtchBookg`` false), so that the statement has an entry
(and a reference) for each; :mod:`amends.banking.statements` reads what comes back.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from functools import cache
from importlib import resources

from django.conf import settings
from django.utils import timezone
from lxml import etree

PAIN_NS = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"
CLEARING_SYSTEM = "KRKFT"
DEBTOR = {
    "name": "Foundation for Victims of Forced Mobilization by Imperial Japan",
    "account": "00000000000000",
    "bank_code": "011",
    "bank_name": "NongHyup Bank",
}


@cache
def pain001_schema() -> etree.XMLSchema:
    """The official pain.001.001.09 schema, as shipped by sepaxml."""
    path = resources.files("sepaxml") / "schemas" / "pain.001.001.09.xsd"
    return etree.XMLSchema(etree.parse(str(path)))


def debtor() -> dict:
    """The foundation's own account and bank: ``settings.FUND_DEBTOR`` over the defaults."""
    return {**DEBTOR, **getattr(settings, "FUND_DEBTOR", {})}


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


def _agent(parent, tag: str, bank_code: str, bank_name: str) -> None:
    institution = _sub(_sub(parent, tag), "FinInstnId")
    member = _sub(institution, "ClrSysMmbId")
    _path(member, "ClrSysId/Prtry", CLEARING_SYSTEM)
    _sub(member, "MmbId", bank_code)
    _sub(institution, "Nm", bank_name[:140])


def pain001(batch, *, created_at: datetime | None = None) -> bytes:
    """The batch as a pain.001.001.09 document, validated; raises ``etree.DocumentInvalid`` if not."""
    items = list(batch.items.all())
    payer = debtor()
    total = str(sum(item.amount for item in items))
    created_at = created_at or timezone.now()
    root = etree.Element(f"{{{PAIN_NS}}}Document", nsmap={None: PAIN_NS})
    initiation = _sub(root, "CstmrCdtTrfInitn")
    header = _sub(initiation, "GrpHdr")
    _sub(header, "MsgId", batch.reference)
    _sub(header, "CreDtTm", created_at.replace(microsecond=0).isoformat())
    _sub(header, "NbOfTxs", str(len(items)))
    _sub(header, "CtrlSum", total)
    _sub(_sub(header, "InitgPty"), "Nm", payer["name"][:140])
    info = _sub(initiation, "PmtInf")
    _sub(info, "PmtInfId", batch.reference)
    _sub(info, "PmtMtd", "TRF")
    # One booking per transfer, so that the statement has an entry (and a reference) for each.
    _sub(info, "BtchBookg", "false")
    _sub(info, "NbOfTxs", str(len(items)))
    _sub(info, "CtrlSum", total)
    _path(info, "ReqdExctnDt/Dt", batch.execution_on.isoformat())
    _sub(_sub(info, "Dbtr"), "Nm", payer["name"][:140])
    account = _sub(info, "DbtrAcct")
    _path(account, "Id/Othr/Id", payer["account"])
    _sub(account, "Ccy", "KRW")
    _agent(info, "DbtrAgt", payer["bank_code"], payer["bank_name"])
    for item in items:
        transfer = _sub(info, "CdtTrfTxInf")
        _path(transfer, "PmtId/EndToEndId", item.end_to_end_id)
        _sub(_sub(transfer, "Amt"), "InstdAmt", str(item.amount), Ccy="KRW")
        _agent(transfer, "CdtrAgt", item.bank_code, item.bank_name)
        _sub(_sub(transfer, "Cdtr"), "Nm", item.holder[:140])
        _path(_sub(transfer, "CdtrAcct"), "Id/Othr/Id", item.account_number)
        _path(transfer, "RmtInf/Ustrd", f"{item.end_to_end_id} {batch.reference}"[:140])
    pain001_schema().assertValid(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def batch_csv(batch) -> str:
    """The batch as CSV, for banks that take one: one transfer a row."""
    out = io.StringIO()
    writer = csv.writer(out)
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
        ]
    )
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
            ]
        )
    return out.getvalue()
