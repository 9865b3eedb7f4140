"""Writes for the families' portal: issuing a claim's access code, and checking a lookup.

:func:`portal_access_issue` gives a claim its public number (once) and a new one-time code (each time,
superseding the last), and returns the code in clear exactly once, for the letter that carries it.

:func:`portal_lookup` checks a claim number, a date of birth and a code. Whatever goes wrong (no such
number, a wrong birth date or code, an expired code, a locked claim given a wrong answer) it returns
``None`` after the same work: the caller's answer cannot tell a number that exists from one that does
not. Each failure is counted against the client's address (refused for the rest of the window after
:data:`MAX_CLIENT_FAILURES` in :data:`CLIENT_WINDOW_MINUTES`) and, while the address is under that
limit, against the claim (locked for :data:`LOCK_MINUTES` after :data:`MAX_FAILURES`). Claim numbers
are random (:mod:`amends.law.claim_numbers`), so they cannot be walked.

Two refusals say when to try again, raising :class:`LookupPaused` (issue 17): the client's address is
over its limit (which says nothing of any number), or the number, the birth date and the code were all
right but the claim is locked. A locked claim is told apart only from an answer that would have opened
it, so it reveals nothing to whoever does not already hold the letter's details; the attempt still
counts against the address, which bounds how often anyone can ask.
"""

import hmac
import re
import secrets
from datetime import date, datetime, timedelta

from django.contrib.auth.base_user import AbstractBaseUser as User
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac

from amends.audit.services import audit_append
from amends.core.roles import CASEWORKER, check_actor
from amends.law import claim_numbers
from amends.law.claim_numbers import CODE_ALPHABET
from amends.letters.services import portal_code_letter_write
from amends.payments.models import Claim
from amends.portal.models import LookupFailure, PortalAccess

CODE_LENGTH = 8
CODE_VALID_DAYS = 180
MAX_FAILURES = 5
LOCK_MINUTES = 30
MAX_CLIENT_FAILURES = 20
CLIENT_WINDOW_MINUTES = 15
_DUMMY_HASH = "0" * 64


class LookupPaused(Exception):
    """The lookup is refused until ``until``: the client's address is over its limit, or the claim,
    looked up with the right details, is locked."""

    def __init__(self, until: datetime):
        super().__init__(f"try again after {until.isoformat()}")
        self.until = until


def normalize_code(code: str) -> str:
    return re.sub(r"[\s-]", "", code or "").upper()


def normalize_number(number: str) -> str:
    return re.sub(r"\s", "", number or "").upper()


def format_code(code: str) -> str:
    code = normalize_code(code)
    return f"{code[:4]}-{code[4:]}"


def code_hash(code: str) -> str:
    return salted_hmac("amends.portal.code", normalize_code(code), algorithm="sha256").hexdigest()


def client_key(address: str) -> str:
    return salted_hmac("amends.portal.client", address or "", algorithm="sha256").hexdigest()


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def number_is_well_formed(number: str) -> bool:
    """Whether ``number`` has the form and check character of a claim number."""
    return claim_numbers.is_well_formed(number)


@transaction.atomic
def portal_access_issue(
    *, claim: Claim, by: User | None, code: str | None = None, number: str | None = None
) -> tuple[PortalAccess, str]:
    """Give ``claim`` its portal number (once) and a new code; returns the access and the code in clear.

    The portal number is the claim's own (:mod:`amends.law.claim_numbers`). ``code`` and ``number`` are
    for the demonstration's known values only; otherwise a random code is drawn.
    """
    check_actor(by, CASEWORKER)
    code = normalize_code(code) if code else new_code()
    now = timezone.now()
    access = PortalAccess.objects.select_for_update().filter(claim=claim).first()
    fields = {
        "code_hash": code_hash(code),
        "code_issued_at": now,
        "code_expires_on": timezone.localdate() + timedelta(days=CODE_VALID_DAYS),
        "failures": 0,
        "locked_until": None,
    }
    if access is None:
        if number and number != claim.number:
            # The demonstration's known number: the claim takes it too, so its letters agree.
            Claim.objects.filter(pk=claim.pk).update(number=number)
            claim.number = number
        access = PortalAccess.objects.create(claim=claim, number=claim.number, **fields)
    else:
        for name, value in fields.items():
            setattr(access, name, value)
        access.save()
    audit_append(
        actor=by,
        action="portal_access.issue_code",
        subject=access,
        after={"claim": claim.pk, "number": access.number, "expires_on": access.code_expires_on.isoformat()},
    )
    return access, format_code(code)


def portal_lookup(*, number: str, birth_date: date | None, code: str, client: str) -> Claim | None:
    """The claim ``number`` names, if the birth date and code match and nothing is locked; else None.

    Raises :class:`LookupPaused` when the address is over its limit, or when the details were all right
    but the claim is locked (see the module's docstring).
    """
    now = timezone.now()
    client_hash = client_key(client)
    given_hash = code_hash(code)
    given_number = normalize_number(number)
    paused_until = None
    with transaction.atomic():
        limited = _client_free_at(client_hash, now) is not None
        access = (
            PortalAccess.objects.select_for_update(of=("self",))
            .select_related("claim__creditor__person")
            .filter(number=given_number)
            .first()
        )
        # Compare a hash whether or not the number exists, so both take the same time.
        stored = access.code_hash if access is not None else _DUMMY_HASH
        code_matches = hmac.compare_digest(stored, given_hash)
        details_right = (
            access is not None
            and code_matches
            and birth_date is not None
            and access.claim.creditor.person.birth_date == birth_date
            and access.code_expires_on >= timezone.localdate()
        )
        locked = access is not None and access.locked_until is not None and access.locked_until > now
        if details_right and not limited and not locked:
            access.failures = 0
            access.locked_until = None
            access.last_used_at = now
            access.save(update_fields=["failures", "locked_until", "last_used_at"])
            return access.claim
        LookupFailure.objects.create(client=client_hash, at=now)
        # Failures older than a day count for nothing: keep the table small.
        LookupFailure.objects.filter(at__lt=now - timedelta(days=1)).delete()
        if access is None or limited:
            # An address over its limit does not count against the claim (it could otherwise lock out
            # every family by walking numbers); and a number that does not exist costs the same update.
            PortalAccess.objects.filter(number=given_number, pk__isnull=True).update(
                failures=F("failures") + 1
            )
            paused_until = _client_free_at(client_hash, now) if limited else None
        elif details_right:
            # Locked, and the answers were right: not a failure against the claim (the family would
            # only push the lock further), but the address counted it above.
            paused_until = access.locked_until
        else:
            _count_claim_failure(access, now)
    if paused_until is not None:
        raise LookupPaused(paused_until)
    return None


def _count_claim_failure(access: PortalAccess, now: datetime) -> None:
    """One more wrong answer for the claim; the claim is locked at :data:`MAX_FAILURES`."""
    access.failures += 1
    if access.failures >= MAX_FAILURES:
        access.locked_until = now + timedelta(minutes=LOCK_MINUTES)
        access.failures = 0
        audit_append(
            actor=None,
            action="portal_access.lock",
            subject=access,
            after={"locked_until": access.locked_until.isoformat()},
        )
    access.save(update_fields=["failures", "locked_until"])


def _client_free_at(client_hash: str, now: datetime) -> datetime | None:
    """When the address may look up again, if it is over its limit now: it has
    :data:`MAX_CLIENT_FAILURES` failures in the window until the last of that many leaves it."""
    window = timedelta(minutes=CLIENT_WINDOW_MINUTES)
    nth_latest = (
        LookupFailure.objects.filter(client=client_hash, at__gte=now - window)
        .order_by("-at")
        .values_list("at", flat=True)[MAX_CLIENT_FAILURES - 1 : MAX_CLIENT_FAILURES]
    )
    return next((at + window for at in nth_latest), None)


def client_paused_until(*, client: str) -> datetime | None:
    """Too many failures from this address lately: until when the form is refused before it is
    checked; None while the address is under its limit."""
    return _client_free_at(client_key(client), timezone.now())


def client_is_limited(*, client: str) -> bool:
    """Too many failures from this address lately: the form is refused before it is checked."""
    return client_paused_until(client=client) is not None


def portal_code_letter_issue(*, claim: Claim, language: str, portal_url: str, by: User | None):
    """Issue a new portal code for ``claim`` and write its letter: returns the access and the PDF to
    print, which is the only place the code appears in clear; the stored copy shows it masked.

    All or nothing: if the letter cannot be written, no new code is issued and the family's current
    code still works.
    """
    check_actor(by, CASEWORKER)
    with transaction.atomic():
        access, code = portal_access_issue(claim=claim, by=by)
        printed = portal_code_letter_write(
            claim=claim, language=language, portal_url=portal_url, code=code, by=by
        )
    return access, printed
