"""The shape of docs/architecture.md, checked: the apps stand on floors, every import points down,
and the calculation core stays plain Python."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _lint_imports(root: Path) -> subprocess.CompletedProcess:
    # import-linter reads its contracts from pyproject.toml and the package from the path given first.
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run([str(LINT_IMPORTS)], cwd=root, capture_output=True, text=True, env=env)


def test_every_import_points_down_and_law_imports_neither_django_nor_the_apps():
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "4 kept, 0 broken" in result.stdout


def test_an_import_that_points_up_fails(tmp_path):
    # given a copy of the project in which the one read path for amounts imports the letters
    shutil.copytree(ROOT / "amends", tmp_path / "amends", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    owed = tmp_path / "amends" / "payments" / "owed.py"
    owed.write_text(owed.read_text() + "\nfrom amends.letters import models as _letters  # noqa\n")
    # when the contracts are checked
    result = _lint_imports(tmp_path)
    # then the floors contract is broken, naming the upward import
    assert result.returncode != 0
    assert "Floors: every app imports only the apps below it BROKEN" in result.stdout
    assert "amends.payments.owed -> amends.letters.models" in result.stdout


def test_migrations_match_the_models():
    amends = Path(sys.executable).parent / "amends"
    result = subprocess.run(
        [str(amends), "makemigrations", "--check", "--dry-run"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
