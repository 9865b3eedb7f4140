from django.core.management.base import BaseCommand, CommandParser

from amends.rosters.management.commands._importing import add_import_options, run_import


class Command(BaseCommand):
    help = (
        "Applications: `amends applications import FILE [--mapping ...] [--header-row N] [--update]`; with "
        "--earlier-payments the file holds an earlier programme's payments."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        importing = actions.add_parser("import", help="import applications from CSV or XLSX (all or nothing)")
        importing.add_argument("file")
        add_import_options(importing)
        importing.add_argument(
            "--earlier-payments", action="store_true", help="the file lists payments of an earlier programme"
        )

    def handle(self, *args, action: str, file: str, mapping: str | None, earlier_payments: bool, **options):
        run_import(
            self,
            kind="payments" if earlier_payments else "applications",
            file=file,
            mapping=mapping,
            header_row=options["header_row"],
            update=options["update"],
        )
