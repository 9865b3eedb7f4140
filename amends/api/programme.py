"""Endpoints for the support programme's application files (issue 16): the list, one file, linking an
application to a person, and each step of its small lifecycle (:mod:`amends.law.applications`).

Thin, as the pages are (:mod:`amends.casework.applications`): every step goes through
:mod:`amends.programme.services`, which checks the role, four eyes, the flags and the objection's
deadline; the API reads the body strictly and turns refusals into JSON. Files are read by the roles
whose pages show them (caseworkers, legal reviewers, auditors).
"""

from datetime import date
from typing import Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import ConfigDict, Field

from amends.api.errors import Forbidden, InvalidInput, NotFound
from amends.api.schemas import Error, IsoDate
from amends.core.roles import AUDITOR, CASEWORKER, LEGAL_REVIEWER, roles_of
from amends.law import applications as law
from amends.programme import services
from amends.programme.models import ApplicationFile
from amends.registry.models import Person
from amends.rosters.models import Application

router = Router(tags=["applications"])
READERS = (CASEWORKER, LEGAL_REVIEWER, AUDITOR)
READ_ERRORS = {401: Error, 403: Error, 404: Error, 422: Error}


class Strict(Schema):
    model_config = ConfigDict(extra="forbid")


class FileOut(Schema):
    id: int
    application_id: int
    application: str = Field(description="The application's reference.")
    state: str = Field(description="One of the states in /api/applications/lifecycle.")
    person_id: int | None
    proposal: str = Field(description='"eligible", "refused" or "" (none yet).')
    proposal_reasons: str
    proposed_by: str | None
    decided_by: str | None
    decided_on: date | None
    decision_reasons: str
    objection_until: date | None = Field(description="The last day to object, while a refusal stands.")
    objection_filed_on: date | None
    objection: str
    objection_decided_on: date | None
    objection_reasons: str
    flag_open: bool = Field(description="A duplicate or paid-before flag no reviewer has cleared.")
    steps: list[str] = Field(description="The steps the state allows now.")


class FilePage(Schema):
    count: int
    items: list[FileOut]


class LinkIn(Strict):
    person_id: int | None = Field(None, description="An existing person; none: one is registered.")


class StepIn(Strict):
    step: Literal["propose", "approve", "refuse", "object", "uphold", "dismiss", "clear_flag"]
    proposal: Literal["eligible", "refused"] | None = Field(None, description="For propose.")
    reasons: str = Field("", max_length=4000, description="Required to propose, refuse, uphold, dismiss.")
    filed_on: IsoDate | None = Field(None, description="For object: the day the objection was filed.")
    objection: str = Field("", max_length=4000, description="For object: the applicant's objection.")
    reason: str = Field("", max_length=4000, description="For clear_flag: why the flag is cleared.")


def _reader(request: HttpRequest) -> None:
    if not roles_of(request.user) & set(READERS):
        raise Forbidden(_("Application files are for caseworkers, legal reviewers and auditors."))


def _name(user) -> str | None:
    return user.get_username() if user is not None else None


def _out(file: ApplicationFile) -> dict:
    return {
        "id": file.pk,
        "application_id": file.application_id,
        "application": file.application.ref,
        "state": file.state,
        "person_id": file.person_id,
        "proposal": file.proposal,
        "proposal_reasons": file.proposal_reasons,
        "proposed_by": _name(file.proposed_by),
        "decided_by": _name(file.decided_by),
        "decided_on": file.decided_on,
        "decision_reasons": file.decision_reasons,
        "objection_until": services.objection_deadline(file),
        "objection_filed_on": file.objection_filed_on,
        "objection": file.objection,
        "objection_decided_on": file.objection_decided_on,
        "objection_reasons": file.objection_reasons,
        "flag_open": file.flag_open,
        "steps": [step.value for step in law.steps_from(file.state)],
    }


def _files():
    return ApplicationFile.objects.select_related("application", "proposed_by", "decided_by")


def _file(application_id: int) -> ApplicationFile:
    file = _files().filter(application_id=application_id).first()
    if file is None:
        raise NotFound(_("Application %(id)s has no file yet: link it first.") % {"id": application_id})
    return file


def _refusal(error: ValidationError) -> InvalidInput:
    if not hasattr(error, "error_dict"):
        return InvalidInput(error.messages[0] if error.messages else _("Invalid input."))
    name, messages = next(iter(error.message_dict.items()))
    return InvalidInput(messages[0], field=None if name == "__all__" else name)


@router.get("/applications/files", response={200: FilePage, **READ_ERRORS}, summary="Application files")
def file_list(
    request: HttpRequest,
    state: str | None = Query(None, description="Only files in this state."),
    limit: int = Query(50, ge=1, le=500),
    offset: int = Query(0, ge=0),
):
    """Newest first, ``limit`` at a time from ``offset``; ``count`` is the number of files in all."""
    _reader(request)
    files = _files().order_by("-pk")
    if state is not None:
        if state not in law.State:
            raise InvalidInput(_("Unknown state %(state)s.") % {"state": state}, field="state")
        files = files.filter(state=state)
    return {"count": files.count(), "items": [_out(file) for file in files[offset : offset + limit]]}


@router.get("/applications/{application_id}/file", response={200: FileOut, **READ_ERRORS}, summary="One file")
def file_detail(request: HttpRequest, application_id: int):
    _reader(request)
    return _out(_file(application_id))


@router.post(
    "/applications/{application_id}/file",
    response={201: FileOut, **READ_ERRORS},
    summary="Link an application to a person (opens its file)",
)
def file_link(request: HttpRequest, application_id: int, payload: LinkIn | None = None):
    application = Application.objects.filter(pk=application_id).first()
    if application is None:
        raise NotFound(_("No application %(id)s.") % {"id": application_id})
    person = None
    if payload is not None and payload.person_id is not None:
        person = Person.objects.filter(pk=payload.person_id).first()
        if person is None:
            raise InvalidInput(
                _("No person has number %(pk)s.") % {"pk": payload.person_id}, field="person_id"
            )
    try:
        services.application_link(application=application, person=person, by=request.user)
    except ValidationError as error:
        raise _refusal(error) from None
    except PermissionDenied as refused:
        raise Forbidden(str(refused)) from None
    return 201, _out(_file(application_id))


@router.post(
    "/applications/{application_id}/file/steps",
    response={200: FileOut, **READ_ERRORS},
    summary="Record a step on an application's file",
)
def file_step(request: HttpRequest, application_id: int, payload: StepIn):
    """``propose`` (a caseworker: ``proposal`` and ``reasons``), ``approve`` or ``refuse`` (another legal
    reviewer; a refusal gives ``reasons``), ``object`` (a caseworker: ``filed_on`` and ``objection``,
    within the deadline), ``uphold`` or ``dismiss`` (a legal reviewer other than the one who refused, with
    ``reasons``), ``clear_flag`` (a legal reviewer, with ``reason``)."""
    file, by = _file(application_id), request.user
    try:
        match payload.step:
            case "propose":
                services.eligibility_propose(
                    file=file, proposal=payload.proposal or "", reasons=payload.reasons, by=by
                )
            case "approve" | "refuse":
                services.eligibility_decide(
                    file=file, eligible=payload.step == "approve", reasons=payload.reasons, by=by
                )
            case "object":
                if payload.filed_on is None:
                    raise ValidationError({"filed_on": _("Give the day the objection was filed.")})
                services.objection_file(
                    file=file, filed_on=payload.filed_on, objection=payload.objection, by=by
                )
            case "uphold" | "dismiss":
                services.objection_decide(
                    file=file, upheld=payload.step == "uphold", reasons=payload.reasons, by=by
                )
            case "clear_flag":
                services.flag_clear(file=file, reason=payload.reason, by=by)
    except ValidationError as error:
        raise _refusal(error) from None
    except PermissionDenied as refused:
        raise Forbidden(str(refused)) from None
    return _out(_file(application_id))


class TransitionOut(Schema):
    state: str
    step: str
    to: str
    role: str
    not_by: str | None = Field(description="Whoever recorded this earlier step may not take this one.")
    reasons: bool = Field(description="The step gives its reasons in words.")


@router.get(
    "/applications/lifecycle",
    response={200: list[TransitionOut], 401: Error, 403: Error},
    summary="The rules",
)
def lifecycle(request: HttpRequest):
    """Every step an application's file allows, from which state to which, by which role."""
    return [
        {
            "state": state.value,
            "step": step.value,
            "to": rule.to.value,
            "role": rule.role,
            "not_by": rule.not_by.value if rule.not_by else None,
            "reasons": rule.reasons,
        }
        for (state, step), rule in law.TRANSITIONS.items()
    ]
