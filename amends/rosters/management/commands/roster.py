from django.core.management.base import BaseCommand, CommandParser

from amends.rosters.management.commands._importing import add_import_options, run_import


class Command(BaseCommand):
    help = (
        "Rosters: `amends roster import FILE --source NAME [--mapping COLUMN=STANDARD,...|FILE.json] "
        "[--header-row N] [--update]`."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        importing = actions.add_parser("import", help="import a roster from CSV or XLSX (all or nothing)")
        importing.add_argument("file")
        importing.add_argument(
            "--source", required=True, help="the roster's source, e.g. an archive's collection"
        )
        add_import_options(importing)

    def handle(self, *args, action: str, file: str, source: str, mapping: str | None, **options) -> None:
        run_import(
            self,
            kind="roster",
            file=file,
            source=source,
            mapping=mapping,
            header_row=options["header_row"],
            update=options["update"],
        )
