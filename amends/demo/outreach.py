"""Demonstration data for outreach: the public record of the consultations in
``amends/demo/data/consultations.json``, and the positions victims and civic groups stated, as the
public reports have them. Idempotent: what is already on record is left as it is.
"""

import json
from datetime import date

from django.db import transaction

from amends.demo import DATA
from amends.outreach import services
from amends.outreach.models import CivicPosition, ConsultationEvent

# Positions stated by victims and civic groups, as the public reports have them (no group is named
# there, so none is named here).
CIVIC_POSITIONS = [
    {
        "group": "Victims and civic groups",
        "date": "2023-01-12",
        "position": "Reject payment through a Korea-based public foundation; demand an apology and the "
        "Japanese companies' participation.",
        # What readers are shown: the public source, never a file of this project.
        "source": "Public hearing at the National Assembly, 2023-01-12, as reported",
        "event": {"kind": "public_hearing", "date": date(2023, 1, 12)},
    },
    {
        "group": "Victims and civic groups",
        "date": "2023-03",
        "position": "Reject the third-party payment announced on 2023-03-06; demand an apology and "
        "payment by the companies themselves.",
        "source": "As reported after the announcement of 2023-03-06; day not recorded",
        "event": {"kind": "announcement", "date": date(2023, 3, 6)},
    },
]


@transaction.atomic
def load_outreach_demo() -> services.ImportResult:
    """Import the consultations file and the civic positions; returns what was added."""
    data = json.loads((DATA / "consultations.json").read_text(encoding="utf-8"))
    result = services.consultations_import(data=data, by=None)
    added = 0
    for spec in CIVIC_POSITIONS:
        on, precision = services.parse_partial_date(spec["date"])
        if CivicPosition.objects.filter(group=spec["group"], date=on, date_precision=precision).exists():
            continue
        services.civic_position_record(
            by=None,
            group=spec["group"],
            date=on,
            date_precision=precision,
            position=spec["position"],
            source=spec["source"],
            event=ConsultationEvent.objects.filter(**spec["event"]).first(),
        )
        added += 1
    return services.ImportResult(
        events_added=result.events_added,
        events_on_record=result.events_on_record,
        positions_added=result.positions_added + added,
        positions_on_record=result.positions_on_record + len(CIVIC_POSITIONS) - added,
    )
