"""The rules' refusals and explanations in the reader's language (issue 17): ``amends.law`` writes each
as an English template with named parameters (:mod:`amends.law.messages`), marked for extraction
without Django; :func:`amends.core.reasons.say` says it in the active language, the states, steps and
facts it names by their labels. A Korean page shows a refused step in Korean, and every template of
the rules has a Korean and a Japanese translation."""

import ast
import re
from html import unescape
from pathlib import Path

import polib
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from amends.core.reasons import say
from amends.judgments.models import Award
from amends.law import applications, ledger, lifecycle
from amends.law.lifecycle import Event, Flag, State
from amends.law.messages import Message, Term
from amends.law.succession import Person, Sex, SuccessionInputError, succession
from amends.payments import services
from tests.support import grant

ROOT = Path(__file__).resolve().parent.parent.parent
LAW = ROOT / "amends" / "law"
CATALOGUES = {
    language: ROOT / "amends" / "locale" / language / "LC_MESSAGES" / "django.po" for language in ("ko", "ja")
}


def refusal(state, event, flags=()) -> lifecycle.TransitionRefused:
    with pytest.raises(lifecycle.TransitionRefused) as refused:
        lifecycle.next_state(state=state, event=event, flags=flags)
    return refused.value


# -- the rules' templates and their translations ----------------------------------------------------


def templates_in_law() -> dict[str, str]:
    """Every literal marked with ``gettext_noop`` in ``amends/law``: template → where it is."""
    found = {}
    for path in sorted(LAW.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "gettext_noop":
                (argument,) = node.args
                assert isinstance(argument, ast.Constant) and isinstance(argument.value, str), (
                    f"{path.relative_to(ROOT)}:{node.lineno}: gettext_noop takes a literal string, "
                    "which makemessages can extract"
                )
                found[argument.value] = f"{path.relative_to(ROOT)}:{node.lineno}"
    return found


def test_the_rules_mark_their_templates():
    # the lifecycle's refusals, the succession engine's, the ledger's: well over a hundred
    assert len(templates_in_law()) > 140


@pytest.mark.parametrize("language", ["ko", "ja"])
def test_every_template_of_the_rules_is_translated(language):
    catalogue = {
        entry.msgid: entry
        for entry in polib.pofile(str(CATALOGUES[language]))
        if not entry.obsolete and entry.msgctxt is None
    }
    untranslated = [
        f"{where}: {template!r}"
        for template, where in templates_in_law().items()
        if template not in catalogue or not catalogue[template].msgstr or catalogue[template].fuzzy
    ]
    assert not untranslated, f"{language}: no translation for\n" + "\n".join(untranslated)


def test_every_template_is_translated_with_the_same_placeholders():
    placeholder = re.compile(r"%\((\w+)\)s")
    for language, path in CATALOGUES.items():
        catalogue = {entry.msgid: entry.msgstr for entry in polib.pofile(str(path)) if entry.msgctxt is None}
        for template in templates_in_law():
            assert set(placeholder.findall(catalogue[template])) == set(placeholder.findall(template)), (
                language,
                template,
            )


# The refusals of the rules whose words reach the pages, the API and the succession engine's review notes.
_REFUSALS = {"TransitionRefused": 2, "NotAllowed": 0, "UnbalancedEntry": 0}
# Those that name the field first (``error`` is the JSON readers' error class, passed in).
_FIELD_FIRST = {"SuccessionInputError", "SuccessionUnsupported", "InterestInputError", "error"}


def test_no_refusal_of_the_rules_is_an_english_sentence_built_in_place():
    """A refusal built with an f-string (or a bare literal) could only ever be English: each must be a
    Message, whose template the catalogues translate."""
    built_in_place = []
    for path in sorted(LAW.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name in _REFUSALS:
                position = _REFUSALS[name]
            elif name in _FIELD_FIRST:
                position = 1
            elif name == "flag" and isinstance(node.func, ast.Attribute):
                position = 0
            else:
                continue
            if len(node.args) > position and isinstance(node.args[position], ast.Constant | ast.JoinedStr):
                built_in_place.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not built_in_place, "English built in place: " + ", ".join(built_in_place)


# -- said in the reader's language ------------------------------------------------------------------


def test_english_stays_the_rules_own_sentence():
    # given a step out of order, refused by the rules
    refused = refusal(State.PAYMENT_PROPOSED, Event.VERIFY)

    # then the reason is the English the rules always wrote, codes as words
    assert refused.reason.startswith(
        "verify is no longer possible once the claim stands at payment proposed; allowed now: approve "
        "payment, decline, refuse, object,"
    )
    # and it carries its template and its parameters, each name of the rules a term
    assert refused.reason.params["reason"].template == (
        "%(event)s is no longer possible once the claim stands at %(state)s"
    )
    assert refused.reason.params["reason"].params == {
        "event": Term("event", "verify"),
        "state": Term("state", "payment_proposed"),
    }


def test_a_refusal_in_korean_and_japanese_names_states_and_steps_by_their_labels():
    refused = refusal(State.PAYMENT_PROPOSED, Event.VERIFY)
    with translation.override("ko"):
        korean = say(refused.reason)
    with translation.override("ja"):
        japanese = say(refused.reason)

    assert korean.startswith(
        "‘지급 제안됨’ 상태에서는 더 이상 ‘신원·상속관계·계좌 검증’ 단계를 진행할 수 없습니다. "
        "지금 할 수 있는 단계: 지급 승인, 지급 반려, 채권자의 수령거절, "
    )
    assert japanese.startswith(
        "「支払提案済み」の状態では「本人確認、相続関係、銀行口座を確認」はもう行えません。"
        "現在行える手続：支払を承認、支払を却下、債権者が受領を拒否、"
    )
    for said in (korean, japanese):
        assert not re.search(r"[a-z]{3,}", said), said


def test_missing_facts_are_named_by_their_labels():
    transition = lifecycle.TRANSITIONS[State.DEPOSIT_APPROVED, Event.LODGE_DEPOSIT]
    with pytest.raises(lifecycle.TransitionRefused) as refused:
        lifecycle.check_recorded(transition=transition, recorded=["court"])

    assert refused.value.reason == "lodge deposit needs deposit number, lodged on, amount on record"
    with translation.override("ko"):
        assert (
            say(refused.value.reason)
            == "‘변제공탁 신청’ 단계에는 다음 사항의 기록이 필요합니다: 공탁번호, 공탁일, 금액"
        )
    with translation.override("ja"):
        assert say(refused.value.reason) == "「供託を申請」には次の記録が必要です：供託番号、供託日、金額"


def test_two_flags_give_both_reasons_in_one_sentence():
    refused = refusal(State.VERIFIED, Event.PROPOSE_PAYMENT, {Flag.DISPUTED, Flag.ON_HOLD})
    with translation.override("ko"):
        korean = say(refused.reason)
    assert korean.startswith(
        "상속인들이 이 청구권을 두고 다투고 있습니다. 분쟁이 해결될 때까지(‘분쟁 해결’) 결정할 수 없습니다. "
        "파일이 보류 중입니다. 보류를 해제할 때까지(‘보류 해제’) 결정할 수 없습니다. 지금 할 수 있는 단계: "
    )


def test_a_steps_note_and_a_closed_file_in_japanese():
    note = lifecycle.TRANSITIONS[State.PAID, Event.RECEIPT].note
    with translation.override("ja"):
        assert say(note) == "債権者の受領書（영수증）でファイルが終了します"
        assert say(refusal(State.RECEIPTED, Event.HOLD).reason) == (
            "ファイルは終了しています：支払は完了し、債権者の受領書が記録されています。これ以上は何も記録できません"
        )


def test_an_application_step_and_an_unbalanced_entry_in_korean():
    with pytest.raises(applications.NotAllowed) as not_allowed:
        applications.next_state("received", "approve")
    with pytest.raises(ledger.UnbalancedEntry) as unbalanced:
        ledger.check_balanced([ledger.debit(ledger.BANK, 100), ledger.credit(ledger.NET_ASSETS, 90)])

    assert str(not_allowed.value) == "approve is not allowed from received"
    with translation.override("ko"):
        assert say(not_allowed.value.args[0]) == (
            "‘접수됨’ 상태에서는 ‘지원 대상으로 결정’ 단계를 진행할 수 없습니다"
        )
        assert say(unbalanced.value.args[0]) == "차변 합계 100 ≠ 대변 합계 90"


def test_the_succession_engines_refusal_in_korean():
    from datetime import date

    people = [
        Person("A", Sex.MALE, born=date(1920, 1, 1), died=date(1990, 1, 1)),
        Person("B", Sex.MALE, born=date(1950, 1, 1), parents=("A", "A")),
    ]
    with pytest.raises(SuccessionInputError) as refused:
        succession(decedent="A", people=people)

    assert str(refused.value) == "people[1].parents: the same parent is listed twice"
    with translation.override("ko"):
        assert say(refused.value.message) == "같은 부모가 두 번 기재되었습니다"


def test_a_message_survives_pickling_for_the_cache():
    import pickle

    reason = refusal(State.IDENTIFIED, Event.APPROVE_PAYMENT).reason
    again = pickle.loads(pickle.dumps(reason))
    assert again == reason and again.template == reason.template and isinstance(again, Message)


# -- on the page --------------------------------------------------------------------------------------


@pytest.fixture
def creditor(shared_demo):
    award = next(a for a in Award.objects.filter(case__number="2013다61381") if a.victim.death_date is None)
    return award.creditors.get()


@pytest.fixture
def staff(django_user_model):
    def make(name, *roles):
        user = django_user_model.objects.create_user(username=name, is_staff=True)
        grant(user, *roles)
        return user

    return {"kim": make("kim", "caseworker"), "lee": make("lee", "legal_reviewer")}


@pytest.mark.django_db
def test_a_korean_claim_page_shows_a_refused_step_in_korean(client, creditor, staff):
    # given a claim with a payment proposed
    claim = services.claim_open(creditor=creditor, by=staff["kim"])
    for event, by, facts in [
        ("contact", "kim", {"channel": "visit", "contacted_on": "2023-03-20", "summary": "explained"}),
        (
            "apply",
            "kim",
            {
                "consent": "yes",
                "application_form": "f",
                "identity_document": "i",
                "bank_account_document": "b",
            },
        ),
        ("verify", "lee", {"identity": "checked", "heirship": "himself", "bank_account": "checked"}),
        ("propose_payment", "kim", {"planned_payment_date": "2023-04-14"}),
    ]:
        services.claim_record(claim=claim, event=event, by=staff[by], facts=facts)

    # when a legal reviewer reading in Korean sends the verification again (a page left open)
    client.force_login(staff["lee"])
    response = client.post(
        reverse("claims:claim_record", args=[creditor.pk]),
        {"event": "verify", "fact_identity": "checked", "fact_heirship": "x", "fact_bank_account": "checked"},
        HTTP_ACCEPT_LANGUAGE="ko",
    )

    # then it is refused on the page, in Korean, the state and the step by their labels
    assert response.status_code == 400
    html = unescape(response.content.decode())
    assert (
        "‘지급 제안됨’ 상태에서는 더 이상 ‘신원·상속관계·계좌 검증’ 단계를 진행할 수 없습니다. "
        "지금 할 수 있는 단계: 지급 승인, 지급 반려, 채권자의 수령거절" in html
    )
    for code in ("payment proposed", "payment_proposed", "allowed now", "no longer possible"):
        assert code not in html
    # and nothing was recorded
    claim.refresh_from_db()
    assert claim.state == "payment_proposed"


@pytest.mark.django_db
def test_the_service_refuses_in_the_callers_language(creditor, staff):
    claim = services.claim_open(creditor=creditor, by=staff["kim"])
    with translation.override("ja"), pytest.raises(ValidationError) as refused:
        services.claim_record(claim=claim, event="approve_payment", by=staff["kim"])
    assert refused.value.message_dict["event"][0].startswith(
        "提案される前に支払を承認することはできません。現在行える手続：初回連絡を記録、"
    )
