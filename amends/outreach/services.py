"""Writes for outreach: recording consultation events and the positions of victims and civic groups,
and importing the public record of them (``amends/demo/data/consultations.json``).

Who records: the caseworker role (:data:`amends.core.roles.CASEWORKER`), the foundation's staff who
already record every contact with claimants; executives (the ministry) and auditors read the log and
record nothing. ``by=None`` is the system (the demonstration loader, an import from the console).

Each write checks its input, writes in one transaction with its audit event, or changes nothing.
An import reads the whole file first: any bad event refuses the whole file with an error naming the
event's index and field (``events[2].level``), and nothing is written. Events already on record (the
same kind, date, level and place) are left as they are, so importing a file twice adds nothing.

The JSON is read and checked in :mod:`amends.outreach.record_json`; the writes are here.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.contrib.auth.base_user import AbstractBaseUser as User
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext as _

from amends.audit.services import audit_append, snapshot
from amends.core.roles import CASEWORKER, check_actor
from amends.outreach.models import (
    AgendaItem,
    CivicPosition,
    ConsultationDocument,
    ConsultationEvent,
    DatePrecision,
    Participant,
    PressStatement,
)
from amends.outreach.record_json import (
    DocumentSpec,
    ParticipantSpec,
    StatementSpec,
    parse_consultations,
)

# Read by callers of this module as before the reader moved out (the demonstration loader parses dates).
from amends.outreach.record_json import parse_partial_date as parse_partial_date

EVENT_FIELDS = [
    "kind",
    "level",
    "date",
    "date_precision",
    "place",
    "host",
    "duration",
    "summary",
    "position_kr",
    "position_jp",
    "outcome",
]
CIVIC_FIELDS = ["group", "date", "date_precision", "position", "source", "url", "event"]


def _full_clean(instance, *, exclude: Sequence[str] = ()) -> None:
    instance.full_clean(exclude=list(exclude))


def event_snapshot(event: ConsultationEvent) -> dict:
    after = snapshot(event, EVENT_FIELDS)
    after["participants"] = [[p.side, p.title, p.name] for p in event.participants.all()]
    after["agenda"] = list(event.agenda.values_list("text", flat=True))
    after["statements"] = [
        {"side": s.side, "issuer": s.issuer, "text": s.text, "source": s.source, "url": s.url}
        for s in event.statements.all()
    ]
    return after


@transaction.atomic
def consultation_event_record(
    *,
    by: User | None,
    kind: str,
    date: date,
    date_precision: str = DatePrecision.DAY,
    level: str = "",
    place: str = "",
    host: str = "",
    duration: str = "",
    summary: str = "",
    position_kr: str = "",
    position_jp: str = "",
    outcome: str = "",
    participants: Sequence[ParticipantSpec] = (),
    agenda: Sequence[str] = (),
    statements: Sequence[StatementSpec] = (),
    documents: Sequence[DocumentSpec] = (),
) -> ConsultationEvent:
    """Record a consultation round (or a hearing, an announcement) with everything reported about it."""
    check_actor(by, CASEWORKER)
    event = ConsultationEvent(
        kind=kind,
        date=date,
        date_precision=date_precision,
        level=level,
        place=place,
        host=host,
        duration=duration,
        summary=summary,
        position_kr=position_kr,
        position_jp=position_jp,
        outcome=outcome,
    )
    _full_clean(event)
    event.save()
    for order, spec in enumerate(participants):
        participant = Participant(event=event, side=spec.side, title=spec.title, name=spec.name, order=order)
        _full_clean(participant, exclude=["event"])
        participant.save()
    for order, text in enumerate(agenda):
        item = AgendaItem(event=event, order=order, text=text)
        _full_clean(item, exclude=["event"])
        item.save()
    for spec in statements:
        statement = PressStatement(
            event=event,
            side=spec.side,
            issuer=spec.issuer,
            issued_on=spec.issued_on,
            text=spec.text,
            source=spec.source,
            url=spec.url,
        )
        _full_clean(statement, exclude=["event"])
        statement.save()
    for spec in documents:
        consultation_document_attach(
            by=by, event=event, title=spec.title, url=spec.url, dated=spec.dated, file=spec.file
        )
    audit_append(actor=by, action="consultation.record", subject=event, after=event_snapshot(event))
    return event


@transaction.atomic
def consultation_document_attach(
    *,
    by: User | None,
    event: ConsultationEvent,
    title: str,
    url: str = "",
    dated: date | None = None,
    file: File | None = None,
) -> ConsultationDocument:
    """Link a document to an event: a link, an uploaded file, or both."""
    check_actor(by, CASEWORKER)
    document = ConsultationDocument(event=event, title=title, url=url, dated=dated)
    if file is not None:
        document.file = file
    if not url and file is None:
        raise ValidationError({"url": _("Give a link or upload a file.")})
    _full_clean(document, exclude=["file"] if file is not None else [])
    if file is not None:
        document.file.save(getattr(file, "name", None) or "document", file, save=False)
    document.save()
    audit_append(
        actor=by,
        action="consultation.attach_document",
        subject=document,
        after=snapshot(document, ["event", "title", "url", "dated", "file"]),
    )
    return document


@transaction.atomic
def civic_position_record(
    *,
    by: User | None,
    group: str,
    date: date,
    position: str,
    source: str,
    date_precision: str = DatePrecision.DAY,
    url: str = "",
    event: ConsultationEvent | None = None,
) -> CivicPosition:
    """Record a position stated by victims or a civic group, with where it was reported."""
    check_actor(by, CASEWORKER)
    civic = CivicPosition(
        group=group,
        date=date,
        date_precision=date_precision,
        position=position,
        source=source,
        url=url,
        event=event,
    )
    _full_clean(civic)
    civic.save()
    audit_append(actor=by, action="civic_position.record", subject=civic, after=snapshot(civic, CIVIC_FIELDS))
    return civic


# The import ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportResult:
    events_added: int
    events_on_record: int
    positions_added: int
    positions_on_record: int


@transaction.atomic
def consultations_import(*, data, by: User | None) -> ImportResult:
    """Import the public record (the shape of ``amends/demo/data/consultations.json``): all or nothing.

    Events and positions already on record are left as they are."""
    check_actor(by, CASEWORKER)
    event_specs, civic_specs = parse_consultations(data)
    events: dict[int, ConsultationEvent] = {}
    added = on_record = 0
    for spec in event_specs:
        existing = ConsultationEvent.objects.filter(**spec.key()).first()
        if existing is not None:
            events[spec.index], on_record = existing, on_record + 1
            continue
        try:
            events[spec.index] = consultation_event_record(
                by=by,
                kind=spec.kind,
                date=spec.date,
                date_precision=spec.date_precision,
                level=spec.level,
                place=spec.place,
                host=spec.host,
                duration=spec.duration,
                summary=spec.summary,
                position_kr=spec.position_kr,
                position_jp=spec.position_jp,
                outcome=spec.outcome,
                participants=spec.participants,
                agenda=spec.agenda,
                statements=spec.statements,
                documents=spec.documents,
            )
        except ValidationError as error:
            raise _prefixed(error, f"events[{spec.index}]") from None
        added += 1
    positions_added = positions_on_record = 0
    for spec in civic_specs:
        if CivicPosition.objects.filter(
            group=spec.group, date=spec.date, date_precision=spec.date_precision
        ).exists():
            positions_on_record += 1
            continue
        try:
            civic_position_record(
                by=by,
                group=spec.group,
                date=spec.date,
                date_precision=spec.date_precision,
                position=spec.position,
                source=spec.source,
                url=spec.url,
                event=events.get(spec.event_index) if spec.event_index is not None else None,
            )
        except ValidationError as error:
            raise _prefixed(error, f"civic_positions[{spec.index}]") from None
        positions_added += 1
    return ImportResult(added, on_record, positions_added, positions_on_record)


def _prefixed(error: ValidationError, path: str) -> ValidationError:
    if hasattr(error, "error_dict"):
        return ValidationError({f"{path}.{name}": errors for name, errors in error.error_dict.items()})
    return ValidationError({path: error.error_list})
