"""Endpoints for the finance office's other systems: payees' bank accounts, payment batches and their
files for the bank, and the bank's statements read back.

Thin, as the staff pages (:mod:`amends.banking.views`) are, and with their rules: the services decide
who may write and four eyes (a finance officer records an account; another one batches the payment
into it); reads are for whoever reads the fund's pages (finance officers, auditors, executives and
approvers); the batch files are for finance officers, as on the pages. A service's refusal comes
back as JSON naming the field: ``ValidationError`` → 422 ``invalid`` (400 for a statement file that
cannot be imported), ``PermissionDenied`` → 403 ``forbidden``. A batch refused because the foundation's
own account is not configured names ``debtor``.

Account numbers and IBANs are only ever sent masked, all but their last four characters starred.
"""

from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import ConfigDict, Field

from amends.api import selectors as api_selectors
from amends.api.errors import ApiError, Forbidden, InvalidInput, NotFound, TooLarge
from amends.api.schemas import Error, IsoDate
from amends.banking import pain, selectors, services
from amends.banking.models import BatchItem, PayeeAccount, PaymentBatch, Statement, StatementLine
from amends.core import limits, roles
from amends.core.limits import read_upload
from amends.fund.views import READ_ROLES
from amends.judgments.models import Creditor

router = Router(tags=["banking"])

READ_ERRORS = {401: Error, 403: Error, 404: Error, 422: Error}
WRITE_ERRORS = {401: Error, 403: Error, 404: Error, 422: Error}


class BadFile(ApiError):
    """A statement file that cannot be imported: the file is refused, not a field of a form."""

    status = 400
    code = "invalid"


# --- what the API reads -------------------------------------------------------------------------


class Strict(Schema):
    # An unknown field is refused, not ignored: a misspelt "acount_number" must not pass unnoticed.
    model_config = ConfigDict(extra="forbid")


class PayeeAccountIn(Strict):
    holder: str = Field(examples=["김영수"])
    bank_code: str = Field("", examples=["004"], description="The bank's three-digit code (004 KB Kookmin).")
    account_number: str = Field("", examples=["123-45-67890"])
    iban: str = Field("", description="For a payee abroad.")
    bic: str = Field("", description="For a payee abroad.")
    romanised_name: str = Field("", description="For a payee abroad: the holder's name in Latin letters.")


class BatchIn(Strict):
    execution_on: IsoDate = Field(
        description="The day the approved payments were planned for: they are batched for execution then."
    )


# --- what the API sends -------------------------------------------------------------------------


class PayeeAccountOut(Schema):
    creditor: int
    holder: str
    bank_code: str
    bank_name: str
    account_number: str = Field(examples=["*******7890"], description="Masked: the last four characters.")
    iban: str = Field(description="Masked, as the account number; empty if none.")
    bic: str
    romanised_name: str
    recorded_by: str | None
    recorded_at: datetime | None = Field(None, description="When it was recorded, if that is stored.")


class BatchSummary(Schema):
    id: int
    reference: str = Field(description="The pain.001 MsgId.")
    execution_on: date
    count: int
    total: int
    created_by: str | None
    created_at: datetime


class CreditorName(Schema):
    id: int
    name: str


class BankSaid(Schema):
    status: str = Field(description="matched (paid), returned, or not_yet (on no statement yet).")
    booked_on: date | None
    bank_reference: str
    return_reason: str
    statement: int | None


class BatchItemOut(Schema):
    end_to_end_id: str
    creditor: CreditorName
    amount: int
    holder: str
    bank_code: str
    bank_name: str
    account_number: str = Field(description="Masked.")
    iban: str = Field(description="Masked; empty if none.")
    proposal_status: str
    bank: BankSaid


class BatchDetail(BatchSummary):
    items: list[BatchItemOut]


class LineRef(Schema):
    line: int
    reason: str


class ImportResult(Schema):
    statement: int
    created: bool
    format: str
    lines: int
    confirmed: list[str] = Field(description="End-to-end ids of the payments the statement confirmed.")
    returned: list[str] = Field(description="End-to-end ids of the payments the bank returned.")
    pending: list[LineRef]
    unmatched: list[LineRef]
    duplicates: int = Field(description="Lines already on record from an earlier file.")


class StatementSummary(Schema):
    id: int
    filename: str
    account: str
    format: str
    imported_at: datetime
    imported_by: str | None
    lines: int
    duplicates: int


class StatementLineOut(Schema):
    position: int
    status: str = Field(description="matched, returned, pending, unmatched or error.")
    reason: str
    booked_on: date | None
    value_on: date | None
    amount: int | None
    debit: bool
    account: str
    bank_reference: str
    end_to_end_id: str
    return_reason: str
    item: str | None = Field(description="The end-to-end id of the batch item the line matched or returned.")


class StatementDetail(StatementSummary):
    items: list[StatementLineOut] = Field(description="The lines it stored, in the file's order.")


# --- shaping ------------------------------------------------------------------------------------


def masked(number: str) -> str:
    """All but the last four letters or digits starred (separators dropped); a short one wholly."""
    characters = [c for c in number if c.isalnum()]
    if not characters:
        return ""
    shown = characters[-4:] if len(characters) > 4 else []
    return "*" * (len(characters) - len(shown)) + "".join(shown)


def _username(user) -> str | None:
    return user.get_username() if user is not None else None


def _payee_account(account: PayeeAccount) -> dict:
    return {
        "creditor": account.creditor_id,
        "holder": account.holder,
        "bank_code": account.bank_code,
        "bank_name": account.bank_name,
        "account_number": masked(account.account_number),
        "iban": masked(account.iban),
        "bic": account.bic,
        "romanised_name": account.romanised_name,
        "recorded_by": _username(account.recorded_by),
        "recorded_at": getattr(account, "recorded_at", None),
    }


def _batch_summary(batch: PaymentBatch) -> dict:
    return {
        "id": batch.pk,
        "reference": batch.reference,
        "execution_on": batch.execution_on,
        "count": batch.count or 0,
        "total": batch.total or 0,
        "created_by": _username(batch.created_by),
        "created_at": batch.created_at,
    }


def _bank_said(item: BatchItem) -> dict:
    # The line that brought the payment back, else the one that confirmed it (selectors.batch_lines).
    line = next(iter(item.returned_lines or item.matched_lines), None)
    if line is None:
        return {
            "status": "not_yet",
            "booked_on": None,
            "bank_reference": "",
            "return_reason": "",
            "statement": None,
        }
    return {
        "status": line.status,
        "booked_on": line.booked_on,
        "bank_reference": line.bank_reference,
        "return_reason": line.return_reason,
        "statement": line.statement_id,
    }


def _batch_detail(batch: PaymentBatch) -> dict:
    items = []
    for item in selectors.batch_lines(batch):
        creditor = item.proposal.claim.creditor
        items.append(
            {
                "end_to_end_id": item.end_to_end_id,
                "creditor": {"id": creditor.pk, "name": creditor.person.name_hangul},
                "amount": item.amount,
                "holder": item.holder,
                "bank_code": item.bank_code,
                "bank_name": item.bank_name,
                "account_number": masked(item.account_number),
                "iban": masked(item.iban),
                "proposal_status": item.proposal.status,
                "bank": _bank_said(item),
            }
        )
    return _batch_summary(batch) | {"items": items}


def _statement_summary(statement: Statement) -> dict:
    return {
        "id": statement.pk,
        "filename": statement.filename,
        "account": statement.account,
        "format": statement.profile,
        "imported_at": statement.imported_at,
        "imported_by": _username(statement.imported_by),
        "lines": statement.line_count,
        "duplicates": statement.duplicates,
    }


def _statement_line(line: StatementLine) -> dict:
    return {
        "position": line.position,
        "status": line.status,
        "reason": line.reason,
        "booked_on": line.booked_on,
        "value_on": line.value_on,
        "amount": line.amount,
        "debit": line.debit,
        "account": line.account,
        "bank_reference": line.bank_reference,
        "end_to_end_id": line.end_to_end_id,
        "return_reason": line.return_reason,
        "item": line.item.end_to_end_id if line.item is not None else None,
    }


def _may_read(request: HttpRequest) -> None:
    """The fund pages' gate (:data:`amends.fund.views.READ_ROLES`)."""
    if not any(roles.has_role(request.user, role) for role in READ_ROLES):
        raise Forbidden(_("Banking needs the finance officer, auditor, executive or approver role."))


def _creditor(creditor_id: int) -> Creditor:
    creditor = Creditor.objects.select_related("person").filter(pk=creditor_id).first()
    if creditor is None:
        raise NotFound(_("No creditor %(id)s.") % {"id": creditor_id})
    return creditor


def _batch(batch_id: int) -> PaymentBatch:
    batch = selectors.batches().filter(pk=batch_id).first()
    if batch is None:
        raise NotFound(_("No payment batch %(id)s.") % {"id": batch_id})
    return batch


def _statement(statement_id: int) -> Statement:
    statement = selectors.statements().filter(pk=statement_id).first()
    if statement is None:
        raise NotFound(_("No bank statement %(id)s.") % {"id": statement_id})
    return statement


def _refusal(
    error: ValidationError, kind: type[ApiError] = InvalidInput, unnamed: str | None = None
) -> ApiError:
    """The service's first complaint, naming its field (``__all__``: none); a complaint that names
    none is put on ``unnamed``."""
    if not hasattr(error, "error_dict"):
        return kind(error.messages[0] if error.messages else _("Invalid input."), field=unnamed)
    name, messages = next(iter(error.message_dict.items()))
    return kind(messages[0] if messages else _("Invalid input."), field=None if name == "__all__" else name)


# What a batch refusal naming no field is about: the foundation's own account, the debtor of the file
# (``settings.FUND_DEBTOR``, see :func:`amends.banking.pain.debtor`), not set or not valid.
DEBTOR = "debtor"


def _forbidden(refused: PermissionDenied) -> Forbidden:
    return Forbidden(str(refused) or _("You may not do this."))


# --- payees' accounts ---------------------------------------------------------------------------


@router.put(
    "/payees/{creditor_id}/bank-account",
    response={200: PayeeAccountOut, **WRITE_ERRORS},
    summary="Record a payee's bank account",
)
def payee_account_put(request: HttpRequest, creditor_id: int, payload: PayeeAccountIn):
    """The account the creditor gave for the payment, replacing any earlier one; by a finance
    officer, who may then not batch this creditor's payment (four eyes). For a payee abroad send the
    ``iban``, ``bic`` and ``romanised_name`` as well. Sends the account as recorded, masked."""
    creditor = _creditor(creditor_id)
    try:
        account = services.payee_account_record(
            creditor=creditor,
            holder=payload.holder,
            bank_code=payload.bank_code,
            account_number=payload.account_number,
            iban=payload.iban,
            bic=payload.bic,
            romanised_name=payload.romanised_name,
            by=request.user,
        )
    except ValidationError as error:
        raise _refusal(error) from None
    except PermissionDenied as refused:
        raise _forbidden(refused) from None
    return _payee_account(account)


@router.get(
    "/payees/{creditor_id}/bank-account",
    response={200: PayeeAccountOut, **READ_ERRORS},
    summary="A payee's bank account, masked",
)
def payee_account_get(request: HttpRequest, creditor_id: int):
    """The account on record for the creditor, its number and IBAN masked, with who recorded it;
    404 when none is."""
    _may_read(request)
    creditor = _creditor(creditor_id)
    account = api_selectors.payee_account_for(creditor_id=creditor.pk)
    if account is None:
        raise NotFound(_("No bank account is on record for creditor %(id)s.") % {"id": creditor_id})
    return _payee_account(account)


# --- batches ------------------------------------------------------------------------------------


@router.get("/batches", response={200: list[BatchSummary], **READ_ERRORS}, summary="Payment batches")
def batch_list(request: HttpRequest):
    """Every batch, newest first: its reference (the pain.001 MsgId), execution date, how many
    transfers, their total in won, and who created it."""
    _may_read(request)
    return [_batch_summary(batch) for batch in selectors.batches()]


@router.post("/batches", response={201: BatchDetail, **WRITE_ERRORS}, summary="Batch the day's payments")
def batch_create(request: HttpRequest, payload: BatchIn):
    """The approved payments planned for ``execution_on``, not yet batched, in one new batch; by a
    finance officer other than whoever recorded each payee's account. Refused whole, naming the
    field and the creditor if any payment may not go: ``execution_on`` (nothing planned that day, or a
    day past), ``proposals`` (no account on record, or one you recorded yourself …), ``debtor`` (the
    foundation's own account is not configured)."""
    execution_on = payload.execution_on
    try:
        # A day no bank executes on (1900-01-01, 9999-12-31) is refused before the day's payments are
        # looked for.
        roles.require_role(request.user, roles.FINANCE_OFFICER)
        services.execution_day_check(execution_on)
        # The payments planned for that day, as the page takes them: each amount holds delay damages
        # to it.
        proposals = list(selectors.batchable_proposals().filter(planned_on=execution_on))
        if not proposals:
            raise ValidationError(
                {"execution_on": _("No approved payment is planned for %(day)s.") % {"day": execution_on}}
            )
        batch = services.batch_create(by=request.user, execution_on=execution_on, proposals=proposals)
    except ValidationError as error:
        raise _refusal(error, unnamed=DEBTOR) from None
    except PermissionDenied as refused:
        raise _forbidden(refused) from None
    return Status(201, _batch_detail(_batch(batch.pk)))


@router.get("/batches/{batch_id}", response={200: BatchDetail, **READ_ERRORS}, summary="A payment batch")
def batch_detail(request: HttpRequest, batch_id: int):
    """The batch and its transfers: end-to-end id, creditor, amount, the account (masked), and what
    the bank said of each (``matched``, ``returned`` or ``not_yet``)."""
    _may_read(request)
    return _batch_detail(_batch(batch_id))


def _download(request: HttpRequest, batch_id: int, extension: str) -> HttpResponse:
    try:
        roles.require_role(request.user, roles.FINANCE_OFFICER)
    except PermissionDenied as refused:
        raise _forbidden(refused) from None
    batch = _batch(batch_id)
    try:
        if extension == "xml":
            response = HttpResponse(pain.pain001(batch), content_type="application/xml")
        else:
            response = HttpResponse(pain.batch_csv(batch), content_type="text/csv; charset=utf-8")
    except ValidationError as error:
        raise _refusal(error, unnamed=DEBTOR) from None
    response["Content-Disposition"] = f'attachment; filename="{batch.reference}.{extension}"'
    return response


DOWNLOAD_ERRORS = {401: Error, 403: Error, 404: Error, 422: Error}


@router.get(
    "/batches/{batch_id}/pain001",
    response=DOWNLOAD_ERRORS,
    summary="The batch as pain.001.001.09 XML",
    openapi_extra={"responses": {200: {"description": "The file.", "content": {"application/xml": {}}}}},
)
def batch_pain001(request: HttpRequest, batch_id: int):
    """The file for the bank, validated against the official XSD, named after the batch's reference;
    for finance officers."""
    return _download(request, batch_id, "xml")


@router.get(
    "/batches/{batch_id}/csv",
    response=DOWNLOAD_ERRORS,
    summary="The batch as CSV",
    openapi_extra={"responses": {200: {"description": "The file.", "content": {"text/csv": {}}}}},
)
def batch_csv(request: HttpRequest, batch_id: int):
    """The same transfers as CSV, for a bank that takes one; for finance officers."""
    return _download(request, batch_id, "csv")


# --- statements ---------------------------------------------------------------------------------


@router.post(
    "/statements",
    response={200: ImportResult, 201: ImportResult, 400: Error, 413: Error, **WRITE_ERRORS},
    summary="Import the bank's statement",
)
def statement_upload(
    request: HttpRequest,
    file: File[UploadedFile],
    profile: Form[str | None] = None,
):
    """A camt.053 XML or CSV statement (``profile``: the CSV layout, if the bank's is not detected).
    Each payment it shows is confirmed or returned; every other line is kept with its reason. 201 with
    what the file did; 200 if the same file was imported before (nothing changes); 400 naming
    ``statement`` if it cannot be read."""
    try:
        # Read in chunks up to AMENDS_MAX_UPLOAD_BYTES (amends.core.limits), refused past it.
        content = read_upload(file, "file")
        imported = services.statement_import(
            content=content, filename=file.name or "", by=request.user, profile=profile or None
        )
    except limits.TooLarge as error:
        raise _refusal(error, TooLarge) from None
    except ValidationError as error:
        raise _refusal(error, BadFile) from None
    except PermissionDenied as refused:
        raise _forbidden(refused) from None
    return Status(201 if imported.created else 200, imported.as_dict())


@router.get("/statements", response={200: list[StatementSummary], **READ_ERRORS}, summary="Bank statements")
def statement_list(request: HttpRequest):
    """Every statement imported, newest first: its file, the account and format it was read as, who
    imported it, how many lines it stored and how many were already on record."""
    _may_read(request)
    return [_statement_summary(statement) for statement in selectors.statements()]


@router.get(
    "/statements/{statement_id}",
    response={200: StatementDetail, **READ_ERRORS},
    summary="A bank statement and its lines",
)
def statement_detail(request: HttpRequest, statement_id: int):
    """The statement and each line it stored, in the file's order, with what it did: ``matched``
    (confirmed a payment), ``returned``, ``pending``, ``unmatched`` or ``error`` and the reason."""
    _may_read(request)
    statement = _statement(statement_id)
    lines = [_statement_line(line) for line in selectors.statement_lines(statement)]
    return _statement_summary(statement) | {"items": lines}
