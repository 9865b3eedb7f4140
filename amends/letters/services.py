"""Writes for letters: sending one (render, store, audit) and revising a template's wording.

:func:`letter_send` renders a letter about a claim in one language from the current version of its
template, stores the PDF with that version, who sent it and when, and appends the audit event, in one
transaction; the stored letter then appears on the creditor's timeline and on the families' portal.
:func:`donor_receipt_send` does the same for a donor's receipt from a plain context (the fund app
calls it for a contribution). :func:`template_revise` adds a new version of a template's wording.

The editable wording is a Django template string, rendered with only the plain values its kind lists
(:data:`~amends.letters.wording.PLACEHOLDERS`) and only ``if``/``elif``/``else``/``endif`` tags: staff can
reword a letter, but not reach into the database or other templates from it.
"""

import hashlib
import re
from datetime import date

from django.contrib.auth.base_user import AbstractBaseUser as User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template import Context, Engine, TemplateSyntaxError
from django.template.base import Lexer, TokenType
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from amends.audit.services import audit_append
from amends.core.pdf import render_pdf
from amends.core.roles import CASEWORKER, FINANCE_OFFICER, check_actor
from amends.letters import selectors, wording
from amends.letters.models import Kind, Letter, LetterTemplate
from amends.letters.particles import choose_particles
from amends.payments.models import Claim
from amends.programme.models import ApplicationFile

ALLOWED_TAGS = {"if", "elif", "else", "endif"}
LANGUAGES = ("ko", "en", "ja")
_ENGINE = Engine(builtins=["django.template.defaultfilters", "django.template.defaulttags"], autoescape=False)


# Words an ``{% if %}`` condition may use besides its kind's placeholders and plain literals.
IF_OPERATORS = {"and", "or", "not", "in", "is", "==", "!=", "<", ">", "<=", ">="}
_LITERAL = re.compile(r"""^(?:"[^"]*"|'[^']*'|-?\d+(?:\.\d+)?|True|False|None)$""")
# A body is tried with these before it is stored: whatever would break a letter breaks the save.
SAMPLE_VALUE = "1"
PORTAL_CODE_MASK = "••••-••••"
REFERENCE_ATTEMPTS = 5


def _refuse_body(message: str) -> ValidationError:
    return ValidationError({"body": message})


def _check_placeholder(name: str, kind: str) -> None:
    if name not in wording.PLACEHOLDERS[kind]:
        raise _refuse_body(
            _("Unknown placeholder {{ %(name)s }}: this letter offers %(names)s.")
            % {"name": name, "names": ", ".join(wording.PLACEHOLDERS[kind])}
        )


def _check_body(body: str, kind: str) -> None:
    """Refuse wording that would reach beyond its kind's placeholders or fail when a letter is written:
    a tag other than if/else, a filter, an unknown name (in a placeholder or a condition), or anything
    that does not render with sample values."""
    for token in Lexer(body).tokenize():
        if token.token_type == TokenType.BLOCK:
            bits = token.split_contents()
            if not bits:
                raise _refuse_body(
                    _("An empty {%% %%} tag: write {%% if … %%}, {%% else %%} or {%% endif %%}.") % {}
                )
            name = bits[0]
            if name not in ALLOWED_TAGS:
                raise _refuse_body(
                    _("Only {%% if %%} … {%% endif %%} may be used, not {%% %(tag)s %%}.") % {"tag": name}
                )
            for bit in bits[1:]:
                if bit in IF_OPERATORS or _LITERAL.match(bit):
                    continue
                if "|" in bit:
                    raise _refuse_body(_("Placeholders are written plainly, without filters (|)."))
                _check_placeholder(bit, kind)
        elif token.token_type == TokenType.VAR:
            name = token.contents.strip()
            if not name:
                raise _refuse_body(_("An empty {{ }}: write the name of a placeholder between the braces."))
            if "|" in name:
                raise _refuse_body(_("Placeholders are written plainly, without filters (|)."))
            _check_placeholder(name, kind)
    try:
        render_body(body, dict.fromkeys(wording.PLACEHOLDERS[kind], SAMPLE_VALUE))
    except TemplateSyntaxError as error:
        raise _refuse_body(str(error)) from None
    except Exception:  # whatever would break every letter must refuse the wording instead
        raise _refuse_body(
            _("This wording cannot be used to write a letter: check its {%% if %%} tags.") % {}
        ) from None


def render_body(body: str, values: dict[str, str]) -> str:
    """The wording with its placeholders filled: plain text (the letter's template escapes it). A Korean
    particle written in both forms after a placeholder (``{{ case_number }}이(가)``) takes the one form
    the value needs (:mod:`amends.letters.particles`)."""
    body, particles = choose_particles(body, values)
    return _ENGINE.from_string(body).render(Context(values | particles, autoescape=False))


def _check_language(language: str) -> None:
    if language not in LANGUAGES:
        raise ValidationError({"language": _("Letters are written in Korean, English or Japanese.")})


def _default_template(*, kind: str, language: str) -> LetterTemplate:
    """Version 1 of the wording, from the catalogue's translation of the default wording (unsaved)."""
    with translation.override(language):
        return LetterTemplate(
            kind=kind,
            language=language,
            version=1,
            subject=str(wording.SUBJECTS[kind]),
            body=str(wording.BODIES[kind]),
        )


def template_current(*, kind: str, language: str) -> LetterTemplate:
    """The newest stored version of the wording of ``kind`` in ``language``, or, before any is stored,
    the catalogue's default wording as version 1, unsaved: reading the wording writes nothing."""
    _check_language(language)
    kind = Kind(kind).value
    current = LetterTemplate.objects.filter(kind=kind, language=language).order_by("-version").first()
    return current if current is not None else _default_template(kind=kind, language=language)


def _template_stored(*, kind: str, language: str) -> LetterTemplate:
    """The current wording, stored: version 1 is seeded (and audited) by the first write that needs it,
    inside that write's transaction."""
    current = template_current(kind=kind, language=language)
    if current.pk is None:
        current.save()
        audit_append(
            actor=None,
            action="letter_template.seed",
            subject=current,
            after={"kind": current.kind, "language": language, "version": 1},
        )
    return current


@transaction.atomic
def template_revise(*, kind: str, language: str, subject: str, body: str, by: User) -> LetterTemplate:
    """A new version of the wording of ``kind`` in ``language``; earlier versions stay as they were."""
    check_actor(by, CASEWORKER)
    if kind not in Kind.values:
        raise ValidationError({"kind": _("Unknown kind of letter.")})
    kind = Kind(kind).value
    subject, body = subject.strip(), body.replace("\r\n", "\n").strip()
    if not subject:
        raise ValidationError({"subject": _("Give the letter a subject.")})
    if not body:
        raise ValidationError({"body": _("The letter needs a body.")})
    _check_body(body, kind)
    previous = _template_stored(kind=kind, language=language)
    revised = LetterTemplate.objects.create(
        kind=kind, language=language, version=previous.version + 1, subject=subject, body=body, created_by=by
    )
    audit_append(
        actor=by,
        action="letter_template.revise",
        subject=revised,
        before={"version": previous.version},
        after={"kind": kind, "language": language, "version": revised.version},
    )
    return revised


def _reference(kind: str) -> str:
    today = timezone.localdate()
    count = Letter.objects.filter(sent_at__date__gte=today.replace(month=1, day=1)).count() + 1
    reference = f"L-{today.year}-{count:06d}"
    while Letter.objects.filter(reference=reference).exists():
        count += 1
        reference = f"L-{today.year}-{count:06d}"
    return reference


def _render(*, template: LetterTemplate, facts: selectors.LetterFacts, kind: str, reference: str, extra=None):
    extra = dict(extra or {})
    values = {**facts.values, "reference": reference, "date": timezone.localdate().isoformat()}
    values |= extra.pop("values", {})
    if kind == Kind.PORTAL_ACCESS:
        values.setdefault("portal_url", "")
    context = {
        "kind": kind,
        "subject": template.subject,
        "body": render_body(template.body, values),
        "values": values,
        "calculation": facts.calculation,
        "table": facts.table,
        **extra,
    }
    return render_pdf("letters/letter.html", context, language=template.language)


def _store(*, claim, kind, template, facts, reference, pdf, by, addressee, application_file=None) -> Letter:
    letter = Letter.objects.create(
        claim=claim,
        application_file=application_file,
        kind=kind,
        language=template.language,
        template=template,
        reference=reference,
        addressee=addressee,
        pdf=pdf,
        sha256=hashlib.sha256(pdf).hexdigest(),
        facts=facts.record,
        sent_at=timezone.now(),
        sent_by=by,
    )
    audit_append(
        actor=by,
        action="letter.send",
        subject=letter,
        after={
            "claim": claim.pk if claim is not None else None,
            **({"application_file": application_file.pk} if application_file is not None else {}),
            "kind": kind,
            "language": template.language,
            "template_version": template.version,
            "reference": reference,
            "sha256": letter.sha256,
        },
    )
    return letter


def _write(
    *, claim, kind, template, facts, by, extra=None, printed_extra=None, application_file=None
) -> tuple[Letter, bytes | None]:
    """Render and store a letter under the next free reference; with ``printed_extra``, also render
    the copy to print under the same reference (it is returned, not stored).

    Two letters written at once may draw the same reference: the second insert then fails on the
    unique reference, and is retried (in a savepoint) under the next one.
    """
    for attempt in range(REFERENCE_ATTEMPTS):
        reference = _reference(kind)
        pdf = _render(template=template, facts=facts, kind=kind, reference=reference, extra=extra)
        printed = None
        if printed_extra is not None:
            printed = _render(
                template=template, facts=facts, kind=kind, reference=reference, extra=printed_extra
            )
        try:
            with transaction.atomic():
                letter = _store(
                    claim=claim,
                    kind=kind,
                    template=template,
                    facts=facts,
                    reference=reference,
                    pdf=pdf,
                    by=by,
                    addressee=facts.values["addressee"],
                    application_file=application_file,
                )
        except IntegrityError:
            if attempt + 1 == REFERENCE_ATTEMPTS or not Letter.objects.filter(reference=reference).exists():
                raise
            continue
        return letter, printed
    raise AssertionError("unreachable")


def _claim_facts(*, claim: Claim, kind: str, language: str, on: date | None = None, decision: str = ""):
    with translation.override(language):
        try:
            return selectors.letter_facts(claim=claim, kind=kind, on=on, decision=decision)
        except selectors.LetterNotApplicable as error:
            raise ValidationError({"kind": str(error)}) from None


@transaction.atomic
def letter_send(
    *,
    claim: Claim,
    kind: str,
    language: str,
    by: User | None,
    on: date | None = None,
    decision: str = "",
    extra: dict | None = None,
) -> Letter:
    """Write a letter of ``kind`` about ``claim`` in ``language``, store it and record it.

    The portal code letter is not one of these: it is written only with its code, by
    :func:`amends.portal.services.portal_code_letter_issue`.
    """
    check_actor(by, CASEWORKER)
    if kind not in Kind.values or kind in (Kind.DONOR_RECEIPT, Kind.PORTAL_ACCESS, Kind.PROGRAMME_DECISION):
        raise ValidationError({"kind": _("Choose a kind of letter about a claim.")})
    _check_language(language)
    kind = Kind(kind).value
    facts = _claim_facts(claim=claim, kind=kind, language=language, on=on, decision=decision)
    template = _template_stored(kind=kind, language=language)
    letter, _printed = _write(claim=claim, kind=kind, template=template, facts=facts, by=by, extra=extra)
    return letter


def portal_code_letter_write(
    *, claim: Claim, language: str, portal_url: str, code: str, by: User | None
) -> bytes:
    """Write the letter that gives a family their new portal ``code``: it is stored with the code
    masked, and the copy to print, the only place the code appears in clear, is returned. Called by
    :func:`amends.portal.services.portal_code_letter_issue` in the transaction that issues the code."""
    check_actor(by, CASEWORKER)
    _check_language(language)
    kind = Kind.PORTAL_ACCESS.value
    facts = _claim_facts(claim=claim, kind=kind, language=language)
    template = _template_stored(kind=kind, language=language)
    values = {"values": {"portal_url": portal_url}}
    _letter, printed = _write(
        claim=claim,
        kind=kind,
        template=template,
        facts=facts,
        by=by,
        extra={**values, "code": PORTAL_CODE_MASK},
        printed_extra={**values, "code": code},
    )
    return printed


def letter_render_unstored(*, claim: Claim, kind: str, language: str, extra: dict, by: User | None) -> bytes:
    """A letter rendered for printing once and not stored (nor its wording seeded)."""
    check_actor(by, CASEWORKER)
    _check_language(language)
    if kind not in Kind.values or kind in (Kind.DONOR_RECEIPT, Kind.PROGRAMME_DECISION):
        raise ValidationError({"kind": _("Choose a kind of letter about a claim.")})
    kind = Kind(kind).value
    facts = _claim_facts(claim=claim, kind=kind, language=language)
    template = template_current(kind=kind, language=language)
    return _render(template=template, facts=facts, kind=kind, reference=_reference(kind), extra=extra)


@transaction.atomic
def donor_receipt_send(*, context: dict, language: str, by: User | None) -> Letter:
    """A donor's receipt from a plain ``context`` (see :func:`~amends.letters.selectors.donor_facts`),
    stored and recorded like any letter, with no claim. A finance officer (or the system) sends it."""
    check_actor(by, FINANCE_OFFICER)
    _check_language(language)
    try:
        with translation.override(language):
            facts = selectors.donor_facts(context=context)
    except (KeyError, TypeError, ValueError) as error:
        raise ValidationError(
            {"context": _("A donor's receipt needs %(field)s.") % {"field": error}}
        ) from None
    template = _template_stored(kind=Kind.DONOR_RECEIPT, language=language)
    letter, _printed = _write(
        claim=None, kind=Kind.DONOR_RECEIPT.value, template=template, facts=facts, by=by
    )
    return letter


@transaction.atomic
def programme_decision_send(*, file: ApplicationFile, language: str, by: User | None) -> Letter:
    """The letter that tells an applicant the decision on their support application (and, after a
    refusal, until when they may object), stored and recorded like any letter. A caseworker sends it;
    refused while nothing is decided."""
    check_actor(by, CASEWORKER)
    _check_language(language)
    with translation.override(language):
        try:
            facts = selectors.programme_decision_facts(file=file)
        except selectors.LetterNotApplicable as error:
            raise ValidationError({"kind": str(error)}) from None
    template = _template_stored(kind=Kind.PROGRAMME_DECISION, language=language)
    letter, _printed = _write(
        claim=None,
        kind=Kind.PROGRAMME_DECISION.value,
        template=template,
        facts=facts,
        by=by,
        application_file=file,
    )
    return letter
