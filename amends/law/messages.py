"""The rules' sentences, said again in the reader's language by the floors above, without Django here.

A refusal or an explanation of the rules is a :class:`Message`: an English *template*, a constant with
named placeholders (``"%(event)s is not possible yet"``), and its parameters. It *is* the English
sentence (a ``str``), so the rules, their tests and the command line read it as before; a page hands it
to :func:`amends.core.reasons.say`, which looks the template up in the catalogues (gettext) and fills
it with the parameters in the same language. A parameter that is a name of the rules (a state, a step,
a fact, a flag, a role) is a :class:`Term`, which the page shows by its label (:mod:`amends.core.labels`),
never as a code; several terms are a tuple, joined as a list.

Templates are marked with :func:`gettext_noop`, which does nothing here: ``makemessages`` passes
``--keyword=gettext_noop`` to xgettext, so every template written as a literal in a call of it is
extracted into the catalogues without this package importing Django (``tests/core/test_reasons.py``
fails on a template with no Korean or Japanese translation, and on a refusal built with an f-string).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


def gettext_noop(template: str) -> str:
    """Mark ``template`` for translation (extracted by ``makemessages``); return it unchanged."""
    return template


@dataclass(frozen=True, slots=True)
class Term:
    """A name of the rules inside a sentence: ``kind`` is its table of labels (``"state"``, ``"event"``,
    ``"fact"``, ``"flag"``, ``"role"``, ``"application_state"``, ``"application_step"``)."""

    kind: str
    value: str

    def __str__(self) -> str:
        return str(self.value).replace("_", " ")


class Message(str):
    """An English sentence that can be said in another language: ``template`` (``%(name)s``
    placeholders) filled with ``params``. Params are plain values, :class:`Term`, other messages, or a
    tuple of these (terms are listed with commas, messages with semicolons)."""

    template: str
    params: Mapping[str, object]

    def __new__(cls, template: str, /, **params: object) -> Message:
        text = template % {name: english(value) for name, value in params.items()} if params else template
        self = super().__new__(cls, text)
        self.template = template
        self.params = params
        return self

    def __reduce__(self):
        return (_rebuild, (self.template, dict(self.params)))


def _rebuild(template: str, params: dict) -> Message:
    return Message(template, **params)


def english(value: object) -> str:
    """``value`` as the rules write it in English (a term as words, a list joined)."""
    if isinstance(value, tuple):
        separator = "; " if value and all(isinstance(item, Message) for item in value) else ", "
        return separator.join(english(item) for item in value)
    return str(value)
