"""Files exchanged with the bank: ISO 20022 pain.001.001.09 out, camt.053 (or CSV) back.

:func:`pain001` writes a batch as a customer credit transfer initiation in Korean won and validates
it against the official XSD shipped by the ``sepaxml`` package before anyone downloads it. Korean
accounts have no IBAN: the creditor's account goes in ``CdtrAcct/Id/Othr/Id`` and the bank's
three-digit code in ``CdtrAgt/FinInstnId/ClrSysMmbId`` (clearing system ``KRKFT``, the Korea
Financial Telecommunications and Clearings Institute). The debtor is the foundation's own account,
``settings.FUND_DEBTOR`` (defaults below).

:func:`parse_statement` reads a camt.053 statement of any version (the namespace is matched by its
prefix) or a CSV with the columns ``booked_on,amount,direction,bank_reference,end_to_end_id``.
:func:`camt053` writes such a statement, for tests and the demonstration.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import cache
from importlib import resources

from django.conf import settings
from django.utils import timezone
from lxml import etree

PAIN_NS = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"
CAMT_NS = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"
CLEARING_SYSTEM = "KRKFT"
DEBTOR = {
    "name": "Foundation for Victims of Forced Mobilization by Imperial Japan",
    "account": "00000000000000",
    "bank_code": "011",
    "bank_name": "NongHyup Bank",
}


class StatementError(ValueError):
    """A statement that cannot be read; the message names the line or element."""


@cache
def pain001_schema() -> etree.XMLSchema:
    """The official pain.001.001.09 schema, as shipped by sepaxml."""
    path = resources.files("sepaxml") / "schemas" / "pain.001.001.09.xsd"
    return etree.XMLSchema(etree.parse(str(path)))


def _debtor() -> dict:
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
    debtor = _debtor()
    total = str(sum(item.amount for item in items))
    created_at = created_at or timezone.now()
    root = etree.Element(f"{{{PAIN_NS}}}Document", nsmap={None: PAIN_NS})
    initiation = _sub(root, "CstmrCdtTrfInitn")
    header = _sub(initiation, "GrpHdr")
    _sub(header, "MsgId", batch.reference)
    _sub(header, "CreDtTm", created_at.replace(microsecond=0).isoformat())
    _sub(header, "NbOfTxs", str(len(items)))
    _sub(header, "CtrlSum", total)
    _sub(_sub(header, "InitgPty"), "Nm", debtor["name"][:140])
    info = _sub(initiation, "PmtInf")
    _sub(info, "PmtInfId", batch.reference)
    _sub(info, "PmtMtd", "TRF")
    _sub(info, "NbOfTxs", str(len(items)))
    _sub(info, "CtrlSum", total)
    _path(info, "ReqdExctnDt/Dt", batch.execution_on.isoformat())
    _sub(_sub(info, "Dbtr"), "Nm", debtor["name"][:140])
    account = _sub(info, "DbtrAcct")
    _path(account, "Id/Othr/Id", debtor["account"])
    _sub(account, "Ccy", "KRW")
    _agent(info, "DbtrAgt", debtor["bank_code"], debtor["bank_name"])
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


@dataclass(frozen=True)
class ParsedLine:
    booked_on: date
    amount: int
    debit: bool
    bank_reference: str
    end_to_end_id: str
    text: str = ""


def _won(text: str, where: str) -> int:
    try:
        value = Decimal(text.strip())
    except (InvalidOperation, AttributeError):
        raise StatementError(f"{where}: amount {text!r} is not a number") from None
    if value != value.to_integral_value() or value <= 0:
        raise StatementError(f"{where}: amount {text!r} is not a positive whole number of won")
    return int(value)


def _day(text: str, where: str) -> date:
    try:
        return date.fromisoformat(text.strip()[:10])
    except (ValueError, AttributeError):
        raise StatementError(f"{where}: date {text!r} is not YYYY-MM-DD") from None


def _parse_camt(root) -> list[ParsedLine]:
    namespace = etree.QName(root).namespace or ""
    if not namespace.startswith("urn:iso:std:iso:20022:tech:xsd:camt.053."):
        raise StatementError(f"not a camt.053 statement (namespace {namespace!r})")
    ns = {"c": namespace}
    lines = []
    for number, entry in enumerate(root.iterfind(".//c:Stmt/c:Ntry", ns), 1):
        where = f"entry {number}"
        amount = entry.findtext("c:Amt", namespaces=ns)
        currency = entry.find("c:Amt", ns).get("Ccy") if entry.find("c:Amt", ns) is not None else None
        if currency not in ("KRW", None):
            raise StatementError(f"{where}: currency {currency}, not KRW")
        direction = entry.findtext("c:CdtDbtInd", namespaces=ns)
        if direction not in ("DBIT", "CRDT"):
            raise StatementError(f"{where}: CdtDbtInd must be DBIT or CRDT")
        booked = entry.findtext("c:BookgDt/c:Dt", namespaces=ns) or entry.findtext(
            "c:BookgDt/c:DtTm", namespaces=ns
        )
        reference = (
            entry.findtext("c:AcctSvcrRef", namespaces=ns)
            or entry.findtext("c:NtryDtls/c:TxDtls/c:Refs/c:AcctSvcrRef", namespaces=ns)
            or ""
        )
        end_to_end = entry.findtext("c:NtryDtls/c:TxDtls/c:Refs/c:EndToEndId", namespaces=ns) or ""
        text = entry.findtext("c:AddtlNtryInf", namespaces=ns) or ""
        lines.append(
            ParsedLine(
                booked_on=_day(booked or "", where),
                amount=_won(amount or "", where),
                debit=direction == "DBIT",
                bank_reference=reference.strip(),
                end_to_end_id="" if end_to_end.strip() == "NOTPROVIDED" else end_to_end.strip(),
                text=text.strip(),
            )
        )
    return lines


CSV_COLUMNS = ("booked_on", "amount", "direction", "bank_reference", "end_to_end_id")


def _parse_csv(text: str) -> list[ParsedLine]:
    reader = csv.DictReader(io.StringIO(text))
    missing = [column for column in CSV_COLUMNS if column not in (reader.fieldnames or [])]
    if missing:
        raise StatementError(f"CSV: missing column {missing[0]} (expected {', '.join(CSV_COLUMNS)})")
    lines = []
    for number, row in enumerate(reader, 2):
        where = f"row {number}"
        direction = (row["direction"] or "").strip().upper()
        if direction not in ("DBIT", "CRDT", "D", "C"):
            raise StatementError(f"{where}: direction must be DBIT or CRDT")
        lines.append(
            ParsedLine(
                booked_on=_day(row["booked_on"] or "", where),
                amount=_won(row["amount"] or "", where),
                debit=direction in ("DBIT", "D"),
                bank_reference=(row["bank_reference"] or "").strip(),
                end_to_end_id=(row["end_to_end_id"] or "").strip(),
            )
        )
    return lines


def parse_statement(content: bytes) -> list[ParsedLine]:
    """The lines of a camt.053 (XML) or CSV statement; all of them, or :class:`StatementError`."""
    if content.lstrip().startswith(b"<"):
        try:
            root = etree.fromstring(content, parser=etree.XMLParser(resolve_entities=False, no_network=True))
        except etree.XMLSyntaxError as error:
            raise StatementError(f"not well-formed XML: {error}") from None
        return _parse_camt(root)
    try:
        return _parse_csv(content.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise StatementError("CSV: not UTF-8 text") from None


def camt053(lines: list[dict], *, statement_id: str = "STMT-1", account: str | None = None) -> bytes:
    """A camt.053.001.08 statement with ``lines`` (``booked_on``, ``amount``, ``debit``,
    ``bank_reference``, ``end_to_end_id``): what the bank would send back, for tests and the demo."""

    def sub(parent, tag, text=None, **attrs):
        element = etree.SubElement(parent, f"{{{CAMT_NS}}}{tag}", **attrs)
        if text is not None:
            element.text = text
        return element

    root = etree.Element(f"{{{CAMT_NS}}}Document", nsmap={None: CAMT_NS})
    message = sub(root, "BkToCstmrStmt")
    header = sub(message, "GrpHdr")
    sub(header, "MsgId", statement_id)
    sub(header, "CreDtTm", timezone.now().replace(microsecond=0).isoformat())
    statement = sub(message, "Stmt")
    sub(statement, "Id", statement_id)
    sub(sub(sub(sub(statement, "Acct"), "Id"), "Othr"), "Id", account or _debtor()["account"])
    for line in lines:
        entry = sub(statement, "Ntry")
        sub(entry, "Amt", str(line["amount"]), Ccy="KRW")
        sub(entry, "CdtDbtInd", "DBIT" if line.get("debit", True) else "CRDT")
        sub(sub(entry, "Sts"), "Cd", "BOOK")
        sub(sub(entry, "BookgDt"), "Dt", line["booked_on"].isoformat())
        if line.get("bank_reference"):
            sub(entry, "AcctSvcrRef", line["bank_reference"])
        refs = sub(sub(sub(entry, "NtryDtls"), "TxDtls"), "Refs")
        sub(refs, "EndToEndId", line.get("end_to_end_id") or "NOTPROVIDED")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
