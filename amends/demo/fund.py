"""Demonstration data for the fund: the donors of the programme and their contributions, read from
``amends/demo/data/judgments.json`` (key ``donations``; public facts).

Each known amount is a receipt, posted to the ledger (bank / contributions, unrestricted: no source
says the money was restricted); a date known only to the month is taken as the month's first day, and
says so in the note. AMCHAM Korea's amount was not disclosed: it is recorded as a pledge without an
amount, so the donor is on record and nothing is invented in the ledger or the forecast. Loading is
idempotent.
"""

import json
from datetime import date
from pathlib import Path

from django.db import transaction

from amends.demo import DATA
from amends.fund import services
from amends.fund.models import Contribution, Donor

ASSOCIATIONS = {"Korea Chamber of Commerce and Industry", "Federation of Korean Industries", "AMCHAM Korea"}


def _day(text: str) -> tuple[date, bool]:
    """The date, and whether it was known only to the month."""
    if len(text) == 7:
        return date.fromisoformat(f"{text}-01"), True
    return date.fromisoformat(text), False


@transaction.atomic
def load_fund_demo(path: Path | None = None) -> int:
    """Load the donors and their contributions unless present; returns how many contributions it added."""
    services.chart_accounts()
    path = path or DATA / "judgments.json"
    donations = json.loads(path.read_text(encoding="utf-8"))["donations"]
    added = 0
    for row in donations:
        donor = Donor.objects.filter(name=row["donor"]).first() or services.donor_create(
            name=row["donor"],
            kind=Donor.Kind.ASSOCIATION if row["donor"] in ASSOCIATIONS else Donor.Kind.COMPANY,
            by=None,
        )
        on, to_month = _day(row["date"])
        amount = row.get("amount")
        kind = Contribution.Kind.RECEIPT if amount is not None else Contribution.Kind.PLEDGE
        if Contribution.objects.filter(donor=donor, kind=kind, on=on, amount=amount).exists():
            continue
        notes = [row["note"]] if row.get("note") else []
        if to_month:
            notes.append("date known to the month only")
        services.contribution_record(
            donor=donor, kind=kind, on=on, amount=amount, note="; ".join(notes), by=None
        )
        added += 1
    return added
