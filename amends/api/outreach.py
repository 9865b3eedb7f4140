"""Read endpoints for the consultation record, mounted on the project's API (:mod:`amends.api.api`).

The timeline as the staff page shows it (``kind`` may repeat, ``year`` narrows it), and each
consultation event with its participants, agenda, positions, outcome, statements and documents.
Dates known only to the month or year are sent as ``YYYY-MM`` or ``YYYY``, with their precision.
"""

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema

from amends.api.errors import NotFound
from amends.api.schemas import Error
from amends.outreach import selectors
from amends.outreach.models import ConsultationEvent

router = Router(tags=["consultations"])
ERRORS = {401: Error, 403: Error, 422: Error}
KIND = Query(None, description="Only items of these kinds (repeat the parameter for several).")
# A calendar year: 99999999999 is no year (and overflows the database's date arithmetic).
YEAR = Query(None, ge=1, le=9999, description="Only items of this year.")


class TimelineItemOut(Schema):
    kind: str
    date: str
    date_precision: str
    title: str
    detail: str
    url: str
    source: str


class ParticipantOut(Schema):
    side: str
    title: str
    name: str


class StatementOut(Schema):
    side: str
    issuer: str
    issued_on: str | None
    text: str
    source: str
    url: str


class DocumentOut(Schema):
    title: str
    dated: str | None
    url: str
    file: str | None


class CivicPositionOut(Schema):
    group: str
    date: str
    date_precision: str
    position: str
    source: str
    url: str


class ConsultationOut(Schema):
    id: int
    kind: str
    level: str
    date: str
    date_precision: str
    place: str
    host: str
    duration: str
    summary: str
    positions: dict[str, str]
    outcome: str
    participants: list[ParticipantOut]
    agenda: list[str]
    statements: list[StatementOut]
    documents: list[DocumentOut]
    civic_positions: list[CivicPositionOut]


@router.get("/timeline", response={200: list[TimelineItemOut], **ERRORS}, summary="The consultation timeline")
def timeline(request: HttpRequest, kind: list[str] | None = KIND, year: int | None = YEAR):
    """Consultation rounds, hearings and announcements, positions of victims and civic groups, and the
    programme's rulings, payments, refusals and court deposits, oldest first. ``kind`` (repeatable):
    one of the timeline's kinds; unknown kinds are ignored."""
    return [
        {
            "kind": item.kind,
            "date": item.date_text,
            "date_precision": item.precision,
            "title": item.title,
            "detail": item.detail,
            "url": item.url,
            "source": item.source,
        }
        for item in selectors.timeline(kinds=kind or None, year=year)
    ]


@router.get(
    "/consultations/{event_id}",
    response={200: ConsultationOut, 404: Error, **ERRORS},
    summary="One consultation event",
)
def consultation_detail(request: HttpRequest, event_id: int):
    try:
        event = selectors.consultation_event_get(pk=event_id)
    except ConsultationEvent.DoesNotExist:
        raise NotFound(_("No consultation event %(id)s.") % {"id": event_id}) from None
    return {
        "id": event.pk,
        "kind": event.kind,
        "level": event.level,
        "date": event.date_text,
        "date_precision": event.date_precision,
        "place": event.place,
        "host": event.host,
        "duration": event.duration,
        "summary": event.summary,
        "positions": {"KR": event.position_kr, "JP": event.position_jp},
        "outcome": event.outcome,
        "participants": [
            {"side": p.side, "title": p.title, "name": p.name} for p in event.participants.all()
        ],
        "agenda": [item.text for item in event.agenda.all()],
        "statements": [
            {
                "side": s.side,
                "issuer": s.issuer,
                "issued_on": s.issued_on.isoformat() if s.issued_on else None,
                "text": s.text,
                "source": s.source,
                "url": s.url,
            }
            for s in event.statements.all()
        ],
        "documents": [
            {
                "title": d.title,
                "dated": d.dated.isoformat() if d.dated else None,
                "url": d.url,
                "file": d.file.url if d.file else None,
            }
            for d in event.documents.all()
        ],
        "civic_positions": [
            {
                "group": c.group,
                "date": c.date_text,
                "date_precision": c.date_precision,
                "position": c.position,
                "source": c.source,
                "url": c.url,
            }
            for c in event.civic_positions.all()
        ],
    }
