"""Every name the rules are written in has a label in Korean and in Japanese (issue 17): the claim's
states, steps, flags and facts (amends.law.lifecycle), the ledger's accounts (amends.law.ledger) and the
fields record linkage compares (amends.linkage.model). A name added to the rules without its Korean or
Japanese label fails here (the staff pages' catalogues are amends/locale/ko and amends/locale/ja;
English is the source language)."""

import pytest
from django.utils import translation

from amends.core import labels
from amends.judgments.services import CORRECTION_FIELDS
from amends.law import ledger, lifecycle
from amends.linkage.model import FIXED_M
from amends.registry.services import DEATH_REPORT_FIELDS, PERSON_FIELDS

FACTS = sorted({fact for step in lifecycle.TRANSITIONS.values() for fact in (*step.requires, *step.optional)})
# The fields the history tables show from audit events' before and after (people, awards, corrections).
HISTORY_FIELDS = sorted(
    {*PERSON_FIELDS, *DEATH_REPORT_FIELDS, *CORRECTION_FIELDS, "principal", "starts_on", "rate", "shares"}
    | {"status", "decided_by", "refusal", "case", "victim", "method", "terms_assumed", "notes"}
)
NAMES = [
    *(("field", field) for field in HISTORY_FIELDS),
    *(("state", state.value) for state in lifecycle.State),
    *(("meaning", state.value) for state in lifecycle.State),
    *(("event", event.value) for event in lifecycle.Event),
    *(("flag", flag.value) for flag in lifecycle.Flag),
    *(("fact", fact) for fact in FACTS),
    *(("account", code) for code, _name, _kind in ledger.CHART),
    *(("linkage_field", field) for field in FIXED_M),
    *(
        ("linkage_field", field)
        for field in ("name_hangul", "name_hanja", "name_japanese", "name_japanese_reading", "name_romanized")
    ),
]


# The script each language is written in: a label shown in it must use it, not the rules' English.
SCRIPTS = {
    "ko": lambda char: "\uac00" <= char <= "\ud7a3",  # Hangul syllables
    "ja": lambda char: "\u3040" <= char <= "\u30ff" or "\u4e00" <= char <= "\u9fff",  # kana, kanji
}


@pytest.mark.parametrize("language", sorted(SCRIPTS))
@pytest.mark.parametrize(("kind", "name"), NAMES, ids=[f"{kind}:{name}" for kind, name in NAMES])
def test_every_name_of_the_rules_has_a_label_in_each_staff_language(kind, name, language):
    # given the name's label table
    table = labels.TABLES[kind]

    # when it is shown in English and in the language
    assert name in table, f"{kind} {name!r} has no label in amends/core/labels.py"
    with translation.override("en"):
        english = labels.label(kind, name)
    with translation.override(language):
        translated = labels.label(kind, name)

    # then the page in that language says it in that language, not in the rules' English
    assert translated and translated != english, (
        f"{kind} {name!r} ({english!r}) is not translated into {language}"
    )
    assert any(SCRIPTS[language](char) for char in translated), translated


def test_an_account_s_label_is_the_chart_s_name_in_english():
    # given / when / then: the chart of accounts and its labels say the same in English
    with translation.override("en"):
        assert [labels.label("account", code) for code, _n, _k in ledger.CHART] == [
            name for _c, name, _k in ledger.CHART
        ]


def test_a_state_s_meaning_is_the_lifecycle_s_in_english():
    with translation.override("en"):
        assert {state: labels.label("meaning", state) for state in lifecycle.State} == dict(lifecycle.MEANING)


def test_the_system_as_an_actor_is_said_in_the_reader_s_language():
    from amends.core.templatetags.amends import actor

    with translation.override("ko"):
        assert (actor("system"), actor(""), actor("kim")) == ("시스템", "시스템", "kim")
    with translation.override("ja"):
        assert actor(None) == "システム"
