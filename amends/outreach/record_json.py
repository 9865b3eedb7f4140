"""The reader of the public record of the bilateral consultations: a JSON document shaped like
``amends/demo/data/consultations.json`` (``events``, and optionally ``civic_positions``), checked whole and
turned into plain specs (:class:`EventSpec`, :class:`CivicSpec`) that the services in
:mod:`amends.outreach.services` write. Nothing here touches the database.

:func:`parse_consultations` refuses the first bad field with a :class:`ValidationError` keyed by its
path (``events[2].level``), so a bad event refuses the whole file. The specs of one event's
participants, statements and documents, and :func:`parse_partial_date`, are shared with the services.
"""

import re
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

from amends.outreach.models import ConsultationEvent, DatePrecision, Side


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
