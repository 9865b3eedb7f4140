"""The translation catalogues: complete, compiled, and covering every string the code marks.

Korean is the default language and English the source language, so a Korean page is only complete if
every marked string has a Korean translation in ``amends/locale/ko/LC_MESSAGES/django.po`` and the
committed ``django.mo`` beside it was compiled from that catalogue (no gettext is needed to install).
The staff pages are offered in Japanese too (issue 17), so ``amends/locale/ja`` is held to the same:
every catalogue found under ``amends/locale/`` is checked alike.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.utils import translation

ROOT = Path(__file__).resolve().parent.parent.parent
LOCALE = ROOT / "amends" / "locale"
CATALOGUES = sorted(LOCALE.glob("*/LC_MESSAGES/django.po"))
# Apps whose strings are translated into more languages than the staff pages (the families' portal and
# the letters: Korean, English and Japanese) keep their own catalogues in ``amends/<app>/locale/``;
# the root catalogue leaves their directories out.
APPS_WITH_CATALOGUES = sorted(path.parent for path in (ROOT / "amends").glob("*/locale") if path != LOCALE)
APP_CATALOGUES = sorted(
    catalogue for app in APPS_WITH_CATALOGUES for catalogue in app.glob("locale/*/LC_MESSAGES/django.po")
)
MAKEMESSAGES_IGNORE = [
    "--ignore=.venv",
    "--ignore=staticfiles",
    "--ignore=tests",
    *(f"--ignore={app.relative_to(ROOT)}" for app in APPS_WITH_CATALOGUES),
]


def locale_of(catalogue: Path) -> str:
    """``amends/locale/ko/LC_MESSAGES/django.po`` or ``amends/portal/locale/ja/…`` → ``ko``, ``ja``."""
    return catalogue.parent.parent.name


def catalogue_id(catalogue: Path) -> str:
    return str(catalogue.relative_to(ROOT / "amends").parent.parent)


def describe(entry: polib.POEntry) -> str:
    context = f"[{entry.msgctxt}] " if entry.msgctxt else ""
    return f"{context}{entry.msgid!r} ({', '.join(f'{path}:{line}' for path, line in entry.occurrences)})"


def test_the_korean_catalogue_exists():
    assert LOCALE / "ko" / "LC_MESSAGES" / "django.po" in CATALOGUES


def test_the_japanese_staff_catalogue_exists():
    # the staff pages' language switch offers 日本語 (issue 17): its catalogue must be there to check
    assert LOCALE / "ja" / "LC_MESSAGES" / "django.po" in CATALOGUES


@pytest.mark.parametrize("catalogue", CATALOGUES + APP_CATALOGUES, ids=catalogue_id)
def test_every_entry_is_translated_none_fuzzy_none_obsolete(catalogue):
    # given
    po = polib.pofile(str(catalogue))

    # when
    untranslated = [describe(entry) for entry in po.untranslated_entries()]
    fuzzy = [describe(entry) for entry in po.fuzzy_entries()]
    obsolete = [describe(entry) for entry in po.obsolete_entries()]

    # then
    assert not po.metadata_is_fuzzy, f"{catalogue}: the header is marked fuzzy"
    assert not untranslated, f"{catalogue}: untranslated entries:\n" + "\n".join(untranslated)
    assert not fuzzy, f"{catalogue}: fuzzy entries:\n" + "\n".join(fuzzy)
    assert not obsolete, f"{catalogue}: obsolete entries (delete them):\n" + "\n".join(obsolete)


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=locale_of)
def test_the_compiled_catalogue_is_current(catalogue):
    # given
    compiled = catalogue.with_suffix(".mo")
    assert compiled.exists(), f"{compiled} is missing: run `amends compilemessages --ignore=.venv`"
    po = polib.pofile(str(catalogue))

    # when
    stale = []
    with translation.override(translation.to_language(locale_of(catalogue))):
        for entry in po.translated_entries():
            if entry.msgid_plural:
                expected = entry.msgstr_plural[0]
                if entry.msgctxt:
                    shown = translation.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, 1)
                else:
                    shown = translation.ngettext(entry.msgid, entry.msgid_plural, 1)
            else:
                expected = entry.msgstr
                if entry.msgctxt:
                    shown = translation.pgettext(entry.msgctxt, entry.msgid)
                else:
                    shown = translation.gettext(entry.msgid)
            if shown != expected:
                stale.append(f"{describe(entry)}: {shown!r} instead of {expected!r}")

    # then
    assert not stale, (
        f"{compiled} is not compiled from {catalogue.name}: run `amends compilemessages --ignore=.venv`\n"
        + "\n".join(stale)
    )


def test_every_string_marked_in_the_code_is_in_the_catalogues(tmp_path):
    # given: a copy of the project, whose settings put LOCALE_PATHS inside the copy
    if shutil.which("xgettext") is None:
        pytest.fail(
            "xgettext is missing: install GNU gettext (apt-get install gettext) to check the catalogues"
        )
    project = tmp_path / "project"
    for package in ("amends", "config"):
        shutil.copytree(
            ROOT / package, project / package, ignore=shutil.ignore_patterns("__pycache__", "locale")
        )
    shutil.copy2(ROOT / "pyproject.toml", project / "pyproject.toml")
    committed = {catalogue: catalogue.read_bytes() for catalogue in CATALOGUES}
    amends = Path(sys.executable).parent / "amends"
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "PYTHONPATH": str(project),
        "AMENDS_SECRET_KEY": "makemessages-in-a-copy",
    }
    locales = [f"--locale={locale_of(catalogue)}" for catalogue in CATALOGUES]

    # when
    result = subprocess.run(
        [str(amends), "makemessages", *locales, *MAKEMESSAGES_IGNORE],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
    )

    # then
    assert result.returncode == 0, result.stdout + result.stderr
    assert {catalogue: catalogue.read_bytes() for catalogue in CATALOGUES} == committed, (
        "makemessages wrote to the committed catalogues instead of the copy"
    )
    missing = []
    for catalogue in CATALOGUES:
        generated = project / catalogue.relative_to(ROOT)
        assert generated.exists(), f"makemessages wrote no {generated}:\n{result.stdout}{result.stderr}"
        known = {(entry.msgctxt, entry.msgid) for entry in polib.pofile(str(catalogue)) if not entry.obsolete}
        missing += [
            f"{catalogue.relative_to(ROOT)}: {describe(entry)}"
            for entry in polib.pofile(str(generated))
            if (entry.msgctxt, entry.msgid) not in known
        ]
    assert not missing, (
        "strings marked for translation but missing from the committed catalogues: run `amends makemessages "
        "-l ko -l ja --ignore=.venv --ignore=staticfiles --ignore=tests`, translate them and compile:\n"
        + "\n".join(missing)
    )


def test_the_portal_and_the_letters_have_korean_and_japanese_catalogues():
    for app in ("portal", "letters"):
        for language in ("ko", "ja"):
            assert ROOT / "amends" / app / "locale" / language / "LC_MESSAGES" / "django.po" in APP_CATALOGUES


@pytest.mark.parametrize("catalogue", APP_CATALOGUES, ids=catalogue_id)
def test_the_compiled_app_catalogue_is_current(catalogue):
    # given (the root catalogue takes precedence over an app's for the same string, so an app's
    # compiled catalogue is compared with its source directly, not through gettext)
    compiled = catalogue.with_suffix(".mo")
    assert compiled.exists(), f"{compiled} is missing: run `amends compilemessages --ignore=.venv`"

    # when
    def entries(catalogue_file):
        return {
            (entry.msgctxt, entry.msgid): entry.msgstr_plural.get(0, "")
            if entry.msgid_plural
            else entry.msgstr
            for entry in catalogue_file
            if entry.msgid and (entry.msgstr or any(entry.msgstr_plural.values()))
        }

    # then
    assert entries(polib.mofile(str(compiled))) == entries(polib.pofile(str(catalogue))), (
        f"{compiled} is not compiled from {catalogue.name}: run `amends compilemessages --ignore=.venv`"
    )


@pytest.mark.parametrize("app", APPS_WITH_CATALOGUES, ids=lambda app: app.name)
def test_every_string_marked_in_an_app_with_its_own_catalogue_is_in_it(tmp_path, app):
    # given: a copy of the project, with the app's locale directory empty
    if shutil.which("xgettext") is None:
        pytest.fail(
            "xgettext is missing: install GNU gettext (apt-get install gettext) to check the catalogues"
        )
    project = tmp_path / "project"
    for package in ("amends", "config"):
        shutil.copytree(
            ROOT / package, project / package, ignore=shutil.ignore_patterns("__pycache__", "locale")
        )
    shutil.copy2(ROOT / "pyproject.toml", project / "pyproject.toml")
    copy = project / app.relative_to(ROOT)
    (copy / "locale").mkdir()
    catalogues = [catalogue for catalogue in APP_CATALOGUES if catalogue.is_relative_to(app)]
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "PYTHONPATH": str(project),
        "AMENDS_SECRET_KEY": "makemessages-in-a-copy",
    }

    # when: makemessages run in the app's directory, as for its own catalogue
    result = subprocess.run(
        [
            str(Path(sys.executable).parent / "amends"),
            "makemessages",
            *(f"--locale={locale_of(catalogue)}" for catalogue in catalogues),
        ],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
    )

    # then
    assert result.returncode == 0, result.stdout + result.stderr
    missing = []
    for catalogue in catalogues:
        generated = project / catalogue.relative_to(ROOT)
        assert generated.exists(), f"makemessages wrote no {generated}:\n{result.stdout}{result.stderr}"
        known = {(entry.msgctxt, entry.msgid) for entry in polib.pofile(str(catalogue)) if not entry.obsolete}
        missing += [
            f"{catalogue.relative_to(ROOT)}: {describe(entry)}"
            for entry in polib.pofile(str(generated))
            if (entry.msgctxt, entry.msgid) not in known
        ]
    assert not missing, (
        f"strings marked for translation but missing from the committed catalogues: run `cd "
        f"{app.relative_to(ROOT)} && amends makemessages -l ko -l ja`, translate them and compile:\n"
        + "\n".join(missing)
    )
