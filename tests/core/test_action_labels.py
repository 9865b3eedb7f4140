"""Every audit action code written anywhere in amends/ has a label in Korean and in Japanese (issue 17):
the audit trail on the pages said ``award.admin_change`` and ``journal.post``.

The codes are collected from the source, not from a list kept by hand: every ``action=`` keyword and
every ``action = …`` assignment in amends/ (both branches of a conditional), string literals as they
are, f-strings expanded over the names they are built from (a claim's steps, an application's steps,
a contribution's kinds, an import's kinds), and the audited admin's codes for every model it serves.
A new kind of expression, or an f-string the test does not know how to expand, fails too, so that no
code slips past it."""

import ast
from pathlib import Path

import pytest
from django.contrib import admin
from django.utils import translation

from amends.audit.audited_admin import AuditedAdmin, admin_action
from amends.audit.services import ACTION
from amends.core import labels
from amends.fund.models import Contribution
from amends.law import applications, lifecycle
from amends.rosters.models import ImportBatch

AMENDS = Path(__file__).resolve().parents[2] / "amends"

# The f-strings that build codes, and the names each is built from.
EXPANSIONS = {
    "claim.{event.value}": [f"claim.{event.value}" for event in lifecycle.Event],
    "application_file.{step}": [f"application_file.{step.value}" for step in applications.Step],
    "contribution.{kind}": [f"contribution.{kind}" for kind in Contribution.Kind.values],
    "rosters.import_{kind.value}": [f"rosters.import_{kind}" for kind in ImportBatch.Kind.values],
}
# Expressions passed as ``action=`` that are not a code themselves: a variable assigned from codes
# found elsewhere in the source, and the audited admin's codes (collected below from the admin site).
PASSED_ON = {
    "action",
    "self.action",
    "admin_action(type(obj), verb)",
    "admin_action(type(obj), 'delete')",
    "admin_action(type(row), 'delete')",
}


def _written(node: ast.expr, where: str, codes: set[str], unknown: list[str]) -> None:
    if isinstance(node, ast.IfExp):
        _written(node.body, where, codes, unknown)
        _written(node.orelse, where, codes, unknown)
    elif isinstance(node, ast.Constant) and isinstance(node.value, str):
        if ACTION.fullmatch(node.value):  # (argparse's action="store_true" is no code)
            codes.add(node.value)
    elif isinstance(node, ast.JoinedStr):
        template = "".join(
            part.value if isinstance(part, ast.Constant) else "{" + ast.unparse(part.value) + "}"
            for part in node.values
        )
        if template in EXPANSIONS:
            codes.update(EXPANSIONS[template])
        else:
            unknown.append(f"{where}: f-string {template!r}")
    elif ast.unparse(node) not in PASSED_ON:
        unknown.append(f"{where}: {ast.unparse(node)}")


def written_codes() -> tuple[set[str], list[str]]:
    codes: set[str] = set()
    unknown: list[str] = []
    for path in sorted(AMENDS.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        # a class's own ``action = …`` is a field or an attribute (AuditEvent.action), not a code written
        fields = {
            id(statement) for cls in ast.walk(tree) if isinstance(cls, ast.ClassDef) for statement in cls.body
        }
        for node in ast.walk(tree):
            where = f"{path.relative_to(AMENDS)}:{getattr(node, 'lineno', '?')}"
            if isinstance(node, ast.Call):
                for keyword in node.keywords:
                    if keyword.arg == "action":
                        _written(keyword.value, where, codes, unknown)
            elif (
                isinstance(node, ast.Assign)
                and id(node) not in fields
                and any(isinstance(target, ast.Name) and target.id == "action" for target in node.targets)
            ):
                _written(node.value, where, codes, unknown)
    for model, model_admin in admin.site._registry.items():
        if isinstance(model_admin, AuditedAdmin):
            codes.update(admin_action(model, verb) for verb in ("create", "change", "delete"))
    return codes, unknown


CODES, UNKNOWN = written_codes()


def test_the_source_writes_only_codes_this_test_can_read():
    # a code built some new way would escape the test below: teach EXPANSIONS or PASSED_ON about it
    assert UNKNOWN == []
    # and the collection finds what it should (a sample of each way a code is written)
    assert {"journal.post", "correction.approve", "linkage.run_fail", "case.admin_change"} <= CODES
    assert {"claim.approve_payment", "application_file.link", "contribution.receipt"} <= CODES


SCRIPTS = {
    "ko": lambda char: "\uac00" <= char <= "\ud7a3",  # Hangul syllables
    "ja": lambda char: "\u3040" <= char <= "\u30ff" or "\u4e00" <= char <= "\u9fff",  # kana, kanji
}


@pytest.mark.parametrize("language", sorted(SCRIPTS))
@pytest.mark.parametrize("code", sorted(CODES))
def test_every_action_code_has_a_label_in_each_staff_language(code, language):
    # given a code some service or the admin writes; when the trail shows it in English and in language
    with translation.override("en"):
        english = labels.label("action", code)
    with translation.override(language):
        translated = labels.label("action", code)

    # then it is words, not the code, and in that language's script
    assert english != code, f"{code!r} has no label in amends/core/labels.py (ACTIONS)"
    assert translated != english, f"{code!r} ({english!r}) is not translated into {language}"
    assert any(SCRIPTS[language](char) for char in translated), translated


def test_the_trail_on_a_page_shows_the_label(db, client, django_user_model):
    from datetime import date

    from django.db import transaction

    from amends.audit.services import audit_append
    from amends.registry.models import Person
    from tests.support import grant

    user = django_user_model.objects.create_user(username="kim", password="x", is_staff=True)
    grant(user, "caseworker")
    with transaction.atomic():
        person = Person.objects.create(name_hangul="이민철", birth_date=date(1925, 3, 1))
        audit_append(actor=user, action="person.record_death", subject=person)
    client.force_login(user)
    response = client.get(f"/people/{person.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "death recorded" in response.text
