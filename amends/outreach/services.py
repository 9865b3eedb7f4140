"""Writes for outreach: recording consultation events and the positions of victims and civic groups,
and importing the public record of them (``shared/data/consultations.json``).

Who records: the caseworker role (:data:`amends.core.roles.CASEWORKER`), the foundation's staff who
already record every contact with claimants; executives (the ministry) and auditors read the log and
record nothing. ``by=None`` is the system (the demonstration loader, an import from the console).

Each write checks its input, writes in one transaction with its audit event, or changes nothing.
An import reads the whole file first: any bad event refuses the whole file with an error naming the
event's index and field (``events[2].level``), and nothing is written. Events already on record (the
same kind, date, level and place) are left as they are, so importing a file twice adds nothing.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth.base_user import AbstractBaseUser as User
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.validators import URLValidator
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
    Side,
)

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


@dataclass(frozen=True)
class ParticipantSpec:
    side: str
    title: str
    name: str = ""


@dataclass(frozen=True)
class StatementSpec:
    side: str
    text: str
    issuer: str = ""
    issued_on: date | None = None
    source: str = ""
    url: str = ""


@dataclass(frozen=True)
class DocumentSpec:
    title: str
    url: str = ""
    dated: date | None = None
    file: File | None = None


PARTIAL_DATE = re.compile(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


def parse_partial_date(text: str) -> tuple[date, str]:
    """``"2023-01-30"`` → (2023-01-30, day); ``"2023-04"`` → (2023-04-01, month); ``"2023"`` → year.

    Raises :class:`ValueError` for anything else, or an impossible date."""
    match = PARTIAL_DATE.fullmatch(text.strip()) if isinstance(text, str) else None
    if match is None or (match[3] and not match[2]):
        raise ValueError(text)
    year, month, day = int(match[1]), int(match[2] or 1), int(match[3] or 1)
    precision = DatePrecision.DAY if match[3] else DatePrecision.MONTH if match[2] else DatePrecision.YEAR
    return date(year, month, day), precision.value


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


@dataclass
class EventSpec:
    index: int
    kind: str
    date: date
    date_precision: str
    level: str = ""
    place: str = ""
    host: str = ""
    duration: str = ""
    summary: str = ""
    position_kr: str = ""
    position_jp: str = ""
    outcome: str = ""
    participants: list[ParticipantSpec] = field(default_factory=list)
    agenda: list[str] = field(default_factory=list)
    statements: list[StatementSpec] = field(default_factory=list)
    documents: list[DocumentSpec] = field(default_factory=list)

    def key(self) -> dict:
        return {
            "kind": self.kind,
            "date": self.date,
            "date_precision": self.date_precision,
            "level": self.level,
            "place": self.place,
        }


@dataclass
class CivicSpec:
    index: int
    group: str
    date: date
    date_precision: str
    position: str
    source: str
    url: str = ""
    event_index: int | None = None


@dataclass(frozen=True)
class ImportResult:
    events_added: int
    events_on_record: int
    positions_added: int
    positions_on_record: int


EVENT_KEYS = {
    "date",
    "kind",
    "level",
    "place",
    "host",
    "duration",
    "what",
    "participants",
    "agenda",
    "positions",
    "outcome",
    "statements",
    "documents",
}
CIVIC_KEYS = {"date", "group", "position", "source", "url", "event"}
TOP_KEYS = {"about", "events", "civic_positions"}
KIND_ALIASES = {"consultation_round": "consultation", "hearing": "public_hearing"}
LEVEL_ALIASES = {"working_level": "working", "dg": "director_general", "leaders": "summit"}


class _Refused(Exception):
    def __init__(self, path: str, message: str):
        super().__init__(f"{path}: {message}")
        self.path, self.message = path, message


def _slug(value: str) -> str:
    return re.sub(r"[\s\-]+", "_", value.strip().lower())


def _text(record: dict, key: str, path: str, *, required: bool = False, max_length: int | None = None) -> str:
    value = record.get(key)
    if value is None:
        if required:
            raise _Refused(f"{path}.{key}", _("is required"))
        return ""
    if not isinstance(value, str):
        raise _Refused(f"{path}.{key}", _("must be text"))
    value = value.strip()
    if required and not value:
        raise _Refused(f"{path}.{key}", _("must not be empty"))
    if max_length is not None and len(value) > max_length:
        raise _Refused(f"{path}.{key}", _("is longer than %(n)d characters") % {"n": max_length})
    return value


def _partial_date(record: dict, key: str, path: str) -> tuple[date, str]:
    value = record.get(key)
    try:
        return parse_partial_date(value)
    except (ValueError, TypeError):
        raise _Refused(
            f"{path}.{key}", _("%(value)r is not a date (YYYY-MM-DD, YYYY-MM or YYYY)") % {"value": value}
        ) from None


def _day(value, path: str) -> date | None:
    if value in (None, ""):
        return None
    try:
        parsed, precision = parse_partial_date(value)
    except (ValueError, TypeError):
        parsed, precision = None, None
    if precision != DatePrecision.DAY:
        raise _Refused(path, _("%(value)r is not a date (YYYY-MM-DD)") % {"value": value})
    return parsed


def _url(value: str, path: str) -> str:
    if value:
        try:
            URLValidator()(value)
        except ValidationError:
            raise _Refused(
                path, _("%(value)r is not a link (http:// or https://)") % {"value": value}
            ) from None
    return value


def _choice(value: str, choices, aliases: dict, path: str) -> str:
    slug = aliases.get(_slug(value), _slug(value))
    if slug not in choices.values:
        allowed = ", ".join(str(v).replace("_", " ") for v in choices.values)
        raise _Refused(path, _("%(value)r is not one of: %(allowed)s") % {"value": value, "allowed": allowed})
    return slug


def _unknown_keys(record: dict, known: set[str], path: str) -> None:
    unknown = sorted(set(record) - known)
    if unknown:
        raise _Refused(f"{path}.{unknown[0]}", _("is not a field this import knows"))


def _sides(record: dict, key: str, path: str) -> dict:
    value = record.get(key)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise _Refused(f"{path}.{key}", _("must map each side (KR, JP) to its entry"))
    for side in value:
        if side not in Side.values:
            raise _Refused(f"{path}.{key}.{side}", _("is not a side (KR or JP)"))
    return value


def _event_spec(index: int, record) -> EventSpec:
    path = f"events[{index}]"
    if not isinstance(record, dict):
        raise _Refused(path, _("must be an object"))
    _unknown_keys(record, EVENT_KEYS, path)
    on, precision = _partial_date(record, "date", path)
    kind = _choice(
        _text(record, "kind", path, required=True), ConsultationEvent.Kind, KIND_ALIASES, f"{path}.kind"
    )
    level = _text(record, "level", path)
    if level:
        level = _choice(level, ConsultationEvent.Level, LEVEL_ALIASES, f"{path}.level")
        if kind != ConsultationEvent.Kind.CONSULTATION:
            raise _Refused(f"{path}.level", _("only a consultation round has a level"))
    spec = EventSpec(
        index=index,
        kind=kind,
        date=on,
        date_precision=precision,
        level=level,
        place=_text(record, "place", path, max_length=200),
        host=_text(record, "host", path, max_length=200),
        duration=_text(record, "duration", path, max_length=100),
        summary=_text(record, "what", path),
        outcome=_text(record, "outcome", path),
    )
    positions = _sides(record, "positions", path)
    spec.position_kr = _text(positions, "KR", f"{path}.positions")
    spec.position_jp = _text(positions, "JP", f"{path}.positions")
    for side, people in _sides(record, "participants", path).items():
        if not isinstance(people, list):
            raise _Refused(f"{path}.participants.{side}", _("must be a list"))
        for number, person in enumerate(people):
            where = f"{path}.participants.{side}[{number}]"
            if isinstance(person, str):
                person = {"title": person}
            if not isinstance(person, dict):
                raise _Refused(where, _("must be a title, or an object with a title and a name"))
            _unknown_keys(person, {"title", "name"}, where)
            spec.participants.append(
                ParticipantSpec(
                    side=side,
                    title=_text(person, "title", where, required=True, max_length=300),
                    name=_text(person, "name", where, max_length=100),
                )
            )
    agenda = record.get("agenda") or []
    if not isinstance(agenda, list):
        raise _Refused(f"{path}.agenda", _("must be a list"))
    for number, item in enumerate(agenda):
        if not isinstance(item, str) or not item.strip() or len(item) > 500:
            raise _Refused(f"{path}.agenda[{number}]", _("must be text of at most 500 characters"))
        spec.agenda.append(item.strip())
    for side, statement in _sides(record, "statements", path).items():
        where = f"{path}.statements.{side}"
        if isinstance(statement, str):
            statement = {"text": statement}
        if not isinstance(statement, dict):
            raise _Refused(where, _("must be text, or an object with the text, issuer, date and source"))
        _unknown_keys(statement, {"text", "issuer", "date", "source", "url"}, where)
        spec.statements.append(
            StatementSpec(
                side=side,
                text=_text(statement, "text", where, required=True),
                issuer=_text(statement, "issuer", where, max_length=200),
                issued_on=_day(statement.get("date"), f"{where}.date"),
                source=_text(statement, "source", where, max_length=300),
                url=_url(_text(statement, "url", where), f"{where}.url"),
            )
        )
    documents = record.get("documents") or []
    if not isinstance(documents, list):
        raise _Refused(f"{path}.documents", _("must be a list"))
    for number, document in enumerate(documents):
        where = f"{path}.documents[{number}]"
        if not isinstance(document, dict):
            raise _Refused(where, _("must be an object with a title and a link"))
        _unknown_keys(document, {"title", "url", "date"}, where)
        spec.documents.append(
            DocumentSpec(
                title=_text(document, "title", where, required=True, max_length=300),
                url=_url(_text(document, "url", where, required=True), f"{where}.url"),
                dated=_day(document.get("date"), f"{where}.date"),
            )
        )
    return spec


def _civic_spec(index: int, record, events: int) -> CivicSpec:
    path = f"civic_positions[{index}]"
    if not isinstance(record, dict):
        raise _Refused(path, _("must be an object"))
    _unknown_keys(record, CIVIC_KEYS, path)
    on, precision = _partial_date(record, "date", path)
    event_index = record.get("event")
    if event_index is not None and (
        isinstance(event_index, bool) or not isinstance(event_index, int) or not 0 <= event_index < events
    ):
        raise _Refused(f"{path}.event", _("must be the index of an event in this file"))
    return CivicSpec(
        index=index,
        group=_text(record, "group", path, required=True, max_length=200),
        date=on,
        date_precision=precision,
        position=_text(record, "position", path, required=True),
        source=_text(record, "source", path, required=True, max_length=300),
        url=_url(_text(record, "url", path), f"{path}.url"),
        event_index=event_index,
    )


def parse_consultations(data) -> tuple[list[EventSpec], list[CivicSpec]]:
    """Check the whole file; raise :class:`ValidationError` keyed by the first bad path."""
    try:
        if not isinstance(data, dict):
            raise _Refused("(file)", _("must be an object with a list of events"))
        _unknown_keys(data, TOP_KEYS, "(file)")
        events = data.get("events")
        if not isinstance(events, list):
            raise _Refused("events", _("must be a list"))
        civic = data.get("civic_positions") or []
        if not isinstance(civic, list):
            raise _Refused("civic_positions", _("must be a list"))
        event_specs = [_event_spec(index, record) for index, record in enumerate(events)]
        seen: dict[tuple, int] = {}
        for spec in event_specs:
            key = tuple(spec.key().values())
            if key in seen:
                raise _Refused(
                    f"events[{spec.index}]",
                    _("repeats events[%(other)d] (the same kind, date, level and place)")
                    % {"other": seen[key]},
                )
            seen[key] = spec.index
        civic_specs = [_civic_spec(index, record, len(events)) for index, record in enumerate(civic)]
    except _Refused as refused:
        raise ValidationError({refused.path: [refused.message]}) from None
    return event_specs, civic_specs


@transaction.atomic
def consultations_import(*, data, by: User | None) -> ImportResult:
    """Import the public record (the shape of ``shared/data/consultations.json``): all or nothing.

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
