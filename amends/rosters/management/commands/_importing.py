"""What ``amends roster import`` and ``amends applications import`` share."""

from pathlib import Path

from django.core.management.base import CommandError

from amends.rosters.imports import ImportRefused, import_file, parse_mapping


def run_import(command, *, kind: str, file: str, source: str = "", mapping: str | None = None) -> None:
    path = Path(file)
    if not path.exists():
        raise CommandError(f"{file}: no such file")
    try:
        batch = import_file(kind=kind, path=path, by=None, source=source, mapping=parse_mapping(mapping))
    except ImportRefused as refused:
        command.stderr.write(f"{file}: refused, nothing imported:\n{refused.report()}")
        raise SystemExit(1) from None
    command.stdout.write(f"Imported {batch.rows} {batch.kind} rows from {path.name}.")
