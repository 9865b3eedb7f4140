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
from datetime import date

from django.contrib.auth.base_user import AbstractBaseUser as User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template import Context, Engine, TemplateSyntaxError
from django.template.base import Lexer, TokenType
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from amends.audit.services import audit_append
from amends.core.pdf import render_pdf
from amends.core.roles import CASEWORKER, FINANCE_OFFICER, check_actor
from amends.letters import selectors, wording
from amends.letters.models import Kind, Letter, LetterTemplate
from amends.payments.models import Claim

ALLOWED_TAGS = {"if", "elif", "else", "endif"}
LANGUAGES = ("ko", "en", "ja")
_ENGINE = Engine(builtins=["django.template.defaultfilters", "django.template.defaulttags"], autoescape=False)


def _check_body(body: str, kind: str) -> None:
    """Refuse wording that uses a tag other than if/else or a placeholder its kind does not offer."""
    for token in Lexer(body).tokenize():
        if token.token_type == TokenType.BLOCK:
            name = token.split_contents()[0]
            if name not in ALLOWED_TAGS:
                raise ValidationError(
                    {
                        "body": _("Only {%% if %%} … {%% endif %%} may be used, not {%% %(tag)s %%}.")
                        % {"tag": name}
                    }
                )
        elif token.token_type == TokenType.VAR:
            name = token.contents.split("|")[0].strip()
            if name not in wording.PLACEHOLDERS[kind]:
                raise ValidationError(
                    {
                        "body": _("Unknown placeholder {{ %(name)s }}: this letter offers %(names)s.")
                        % {"name": name, "names": ", ".join(wording.PLACEHOLDERS[kind])}
                    }
                )
    try:
        _ENGINE.from_string(body)
    except TemplateSyntaxError as error:
        raise ValidationError({"body": str(error)}) from None


def render_body(body: str, values: dict[str, str]) -> str:
    """The wording with its placeholders filled: plain text (the letter's template escapes it)."""
    return _ENGINE.from_string(body).render(Context(values, autoescape=False))


def template_current(*, kind: str, language: str) -> LetterTemplate:
    """The newest version of the wording of ``kind`` in ``language``; version 1 is seeded from the
    catalogue's translation of the default wording the first time it is asked for."""
    if language not in LANGUAGES:
        raise ValidationError({"language": _("Letters are written in Korean, English or Japanese.")})
    kind = Kind(kind).value
    current = LetterTemplate.objects.filter(kind=kind, language=language).order_by("-version").first()
    if current is None:
        with transaction.atomic(), translation.override(language):
            current = LetterTemplate.objects.create(
                kind=kind,
                language=language,
                version=1,
                subject=str(wording.SUBJECTS[kind]),
                body=str(wording.BODIES[kind]),
            )
            audit_append(
                actor=None,
                action="letter_template.seed",
                subject=current,
                after={"kind": kind, "language": language, "version": 1},
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
    previous = template_current(kind=kind, language=language)
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


def _store(*, claim, kind, template, facts, reference, pdf, by, addressee) -> Letter:
    letter = Letter.objects.create(
        claim=claim,
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
            "kind": kind,
            "language": template.language,
            "template_version": template.version,
            "reference": reference,
            "sha256": letter.sha256,
        },
    )
    return letter


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
    """Write a letter of ``kind`` about ``claim`` in ``language``, store it and record it."""
    check_actor(by, CASEWORKER)
    if kind not in Kind.values or kind == Kind.DONOR_RECEIPT:
        raise ValidationError({"kind": _("Choose a kind of letter about a claim.")})
    kind = Kind(kind).value
    template = template_current(kind=kind, language=language)
    with translation.override(language):
        try:
            facts = selectors.letter_facts(claim=claim, kind=kind, on=on, decision=decision)
        except selectors.LetterNotApplicable as error:
            raise ValidationError({"kind": str(error)}) from None
    reference = _reference(kind)
    pdf = _render(template=template, facts=facts, kind=kind, reference=reference, extra=extra)
    return _store(
        claim=claim,
        kind=kind,
        template=template,
        facts=facts,
        reference=reference,
        pdf=pdf,
        by=by,
        addressee=facts.values["addressee"],
    )


def letter_render_unstored(*, claim: Claim, kind: str, language: str, extra: dict) -> bytes:
    """A letter rendered for printing once and not stored as rendered (the portal code letter, whose
    stored copy must not hold the code): the caller stores a masked copy with :func:`letter_send`."""
    template = template_current(kind=kind, language=language)
    with translation.override(language):
        facts = selectors.letter_facts(claim=claim, kind=kind)
    reference = _reference(kind)
    return _render(template=template, facts=facts, kind=kind, reference=reference, extra=extra)


@transaction.atomic
def donor_receipt_send(*, context: dict, language: str, by: User | None) -> Letter:
    """A donor's receipt from a plain ``context`` (see :func:`~amends.letters.selectors.donor_facts`),
    stored and recorded like any letter, with no claim. A finance officer (or the system) sends it."""
    check_actor(by, FINANCE_OFFICER)
    template = template_current(kind=Kind.DONOR_RECEIPT, language=language)
    try:
        with translation.override(language):
            facts = selectors.donor_facts(context=context)
    except (KeyError, TypeError, ValueError) as error:
        raise ValidationError(
            {"context": _("A donor's receipt needs %(field)s.") % {"field": error}}
        ) from None
    reference = _reference(Kind.DONOR_RECEIPT)
    pdf = _render(template=template, facts=facts, kind=Kind.DONOR_RECEIPT.value, reference=reference)
    return _store(
        claim=None,
        kind=Kind.DONOR_RECEIPT.value,
        template=template,
        facts=facts,
        reference=reference,
        pdf=pdf,
        by=by,
        addressee=facts.values["addressee"],
    )
