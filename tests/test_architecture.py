"""The shape of DESIGN.md, checked: the calculation core stays plain Python."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_law_imports_neither_django_nor_the_apps():
    # import-linter reads its contracts from pyproject.toml
    lint_imports = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run([str(lint_imports)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout


def test_migrations_match_the_models():
    amends = Path(sys.executable).parent / "amends"
    result = subprocess.run(
        [str(amends), "makemigrations", "--check", "--dry-run"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
