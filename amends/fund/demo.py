"""Demonstration data for the fund: the donors of LAW.md §1 and their contributions.

Read from ``shared/data/judgments.json`` (key ``donations``; the shared folder is
``AMENDS_SHARED_DIR`` or the ``shared`` folder beside the checkout; without it, the same rows
copied in :data:`DONATIONS`). Each known amount is a receipt, posted to the ledger (bank /
contributions, unrestricted: no source says the money was restricted);
a date known only to the month is taken as the month's first day, and says so in the note. AMCHAM
Korea's amount was not disclosed: it is recorded as a pledge without an amount, so the donor is on
record and nothing is invented in the ledger or the forecast. Loading is idempotent.
"""

import json
from datetime import date
from pathlib import Path

from django.conf import settings
from django.db import transaction

from amends.fund import services
from amends.fund.models import Contribution, Donor

ASSOCIATIONS = {"Korea Chamber of Commerce and Industry", "Federation of Korean Industries", "AMCHAM Korea"}


# The same rows, for a checkout without the shared folder beside it (a release tarball, say).
DONATIONS = [
    {
        "donor": "POSCO",
        "amount": 4_000_000_000,
        "date": "2023-03-15",
        "note": "completes a 10 bn won pledge of 2012",
    },
    {"donor": "POSCO", "amount": 2_000_000_000, "date": "2024-09"},
    {"donor": "Korea Chamber of Commerce and Industry", "amount": 1_500_000_000, "date": "2025-04"},
    {"donor": "Federation of Korean Industries", "amount": 1_500_000_000, "date": "2025-04"},
    {"donor": "AMCHAM Korea", "amount": None, "date": "2023-03", "note": "amount not disclosed"},
]


def _day(text: str) -> tuple[date, bool]:
    """The date, and whether it was known only to the month."""
    if len(text) == 7:
        return date.fromisoformat(f"{text}-01"), True
    return date.fromisoformat(text), False


@transaction.atomic
def load_fund_demo(path: Path | None = None) -> int:
    """Load the donors and their contributions unless present; returns how many contributions it added."""
    services.chart_accounts()
    path = path or settings.SHARED_DIR / "data" / "judgments.json"
    donations = json.loads(path.read_text(encoding="utf-8"))["donations"] if path.exists() else DONATIONS
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
