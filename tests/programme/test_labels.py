"""Every state and step of a programme application file has a label in Korean and in Japanese."""

import pytest
from django.utils import translation

from amends.core import labels
from amends.law import applications as law

NAMES = [
    *(("application_state", state.value) for state in law.State),
    *(("application_step", step.value) for step in law.Step),
]
SCRIPTS = {
    "ko": lambda char: "\uac00" <= char <= "\ud7a3",
    "ja": lambda char: "\u3040" <= char <= "\u30ff" or "\u4e00" <= char <= "\u9fff",
}


@pytest.mark.parametrize("language", sorted(SCRIPTS))
@pytest.mark.parametrize(("kind", "name"), NAMES, ids=[f"{kind}:{name}" for kind, name in NAMES])
def test_every_state_and_step_is_labelled(kind, name, language):
    # given the name's label table
    assert name in labels.TABLES[kind], f"{kind} {name!r} has no label in amends/core/labels.py"

    # when it is shown in English and in the language
    with translation.override("en"):
        english = labels.label(kind, name)
    with translation.override(language):
        translated = labels.label(kind, name)

    # then it is said in that language's script
    assert translated != english
    assert any(SCRIPTS[language](char) for char in translated), translated
