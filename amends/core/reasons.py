"""The rules' refusals and explanations in the reader's language.

The rules (:mod:`amends.law`) stay plain Python: a refusal there is a
:class:`~amends.law.messages.Message`, an English template with named placeholders plus its
parameters, and the English sentence itself. :func:`say` says it again in the active language: the
template through gettext (the catalogues hold it, extracted from ``gettext_noop`` in ``law/``), each
parameter that names a state, step, fact, flag or role by its label (:mod:`amends.core.labels`,
:mod:`amends.core.roles`), a list of them joined the language's way, a message inside a message said
the same way. Services turn what the rules refuse into a ``ValidationError`` through it; templates
show a step's note with the ``say`` filter.
"""

from django.utils.translation import get_language, gettext, pgettext

from amends.core import labels, roles
from amends.law.messages import Message, Term


def _term(term: Term) -> str:
    if term.kind == "role":
        return roles.label(term.value)
    return labels.label(term.kind, term.value)


def _param(value: object) -> str:
    if isinstance(value, tuple):
        messages = bool(value) and all(isinstance(item, Message) for item in value)
        # Translators: joins reasons of a refusal ("on hold; disputed").
        separator = pgettext("reasons separator", "; ") if messages else pgettext("list separator", ", ")
        return separator.join(_param(item) for item in value)
    if isinstance(value, Term):
        return _term(value)
    if isinstance(value, Message):
        return say(value)
    return str(value)


def say(text: object) -> str:
    """``text`` in the active language: a :class:`Message` translated and filled (in English, the
    rules' own sentence), a :class:`Term` by its label, a plain string of the rules (a step's note)
    looked up as it is; anything else as text."""
    if isinstance(text, Message):
        if (get_language() or "").startswith("en"):
            # English is the rules' own language: their sentence, whose names read as English words
            # ("payment returned needs return reason on record").
            return str(text)
        template = gettext(text.template)
        if not text.params:
            return template
        return template % {name: _param(value) for name, value in text.params.items()}
    if isinstance(text, Term):
        return _term(text)
    if isinstance(text, str):
        return gettext(text) if text else text
    return str(text)
