"""What ``amends roster import`` and ``amends applications import`` share."""

from pathlib import Path

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from amends.rosters.imports import ImportRefused, import_file, parse_mapping


def add_import_options(parser: CommandParser) -> None:
    """The options both commands take beside the file."""
    parser.add_argument(
        "--mapping",
        help="COLUMN=STANDARD pairs, comma-separated "
        '("성명=name_hangul,생년월일=birth_date,비고="), or a JSON file of the same pairs; a column '
        "mapped to nothing is left out",
    )
    parser.add_argument(
        "--header-row",
        type=int,
        default=1,
        metavar="N",
        help="the row the column names are on, for sheets with title rows above them (default 1)",
    )
    parser.add_argument(
        "--update",
        action="store_true",
        help="a corrected file: rows whose ref was imported before are updated (audited, before and "
        "after), the others added; all or nothing",
    )


def run_import(
    command,
    *,
    kind: str,
    file: str,
    source: str = "",
    mapping: str | None = None,
    header_row: int = 1,
    update: bool = False,
) -> None:
    path = Path(file)
    if not path.exists():
        raise CommandError(f"{file}: no such file")
    try:
        batch = import_file(
            kind=kind,
            path=path,
            by=None,
            source=source,
            mapping=parse_mapping(mapping),
            header_row=header_row,
            update=update,
        )
    except ImportRefused as refused:
        command.stderr.write(
            _("%(file)s: refused, nothing imported:") % {"file": file} + f"\n{refused.report()}"
        )
        raise SystemExit(1) from None
    command.stdout.write(f"Imported {batch.rows} {batch.kind} rows from {path.name}.")
    if update:
        unchanged = batch.rows - batch.added - batch.updated
        command.stdout.write(f"{batch.added} added, {batch.updated} updated, {unchanged} unchanged.")
    if batch.encoding == "cp949":
        command.stdout.write("The file was read as Korean CP949 (EUC-KR), as Korean Excel saves CSV.")
