"""``amends bank``: both ends of the bank, for a finance office's scripts.

- ``amends bank batch export BATCH --format pain001|csv [--out FILE]`` writes a batch (its reference
  or number) as pain.001.001.09 XML or CSV, to stdout or ``FILE``.
- ``amends bank statement import FILE --by USERNAME [--profile NAME] [--format json|text]`` imports
  a bank statement as that finance officer and prints what it did:
  ``{"lines": N, "confirmed": […], "returned": […], "pending": […], "unmatched": [{"line", "reason"}],
  "duplicates": N}``.

Lines that move no money are a result, not a failure: the exit status is 0. It is 2, with one line on
stderr and nothing changed, only when the work cannot be done at all (an unreadable file, an unknown
batch or user, a refusal such as a user without the finance role).
"""

import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandParser

from amends.banking import pain, services
from amends.banking import statements as statement_formats
from amends.banking.models import PaymentBatch


def _one_line(error: ValidationError | PermissionDenied) -> str:
    if isinstance(error, ValidationError):
        return "; ".join(error.messages)
    return str(error) or "permission denied"


class Command(BaseCommand):
    help = "The bank's files: export a payment batch, import a statement."

    def add_arguments(self, parser: CommandParser) -> None:
        ends = parser.add_subparsers(dest="end", required=True)
        batch = ends.add_parser("batch", help="payment batches").add_subparsers(dest="action", required=True)
        export = batch.add_parser("export", help="write a batch as pain.001 XML or CSV")
        export.add_argument("batch", help="the batch's reference (AMENDS-…) or number")
        export.add_argument("--format", choices=["pain001", "csv"], default="pain001", dest="file_format")
        export.add_argument("--out", help="write to this file instead of stdout")
        statement = ends.add_parser("statement", help="bank statements").add_subparsers(
            dest="action", required=True
        )
        load = statement.add_parser("import", help="import and reconcile a statement")
        load.add_argument("file", help="camt.053 XML or a bank's CSV export")
        load.add_argument("--by", required=True, help="the finance officer's username")
        load.add_argument(
            "--profile",
            choices=sorted(statement_formats.PROFILES),
            help="the CSV export's bank (recognised when not given)",
        )
        load.add_argument("--format", choices=["json", "text"], default="json", dest="output_format")

    def handle(self, *args, end: str, action: str, **options) -> None:
        try:
            if end == "batch":
                self._export(options["batch"], options["file_format"], options["out"])
            else:
                self._import(
                    Path(options["file"]), options["by"], options["profile"], options["output_format"]
                )
        except (ValidationError, PermissionDenied) as error:
            self._fail(end, action, _one_line(error))

    def _export(self, reference: str, file_format: str, out: str | None) -> None:
        batch = PaymentBatch.objects.filter(reference=reference).first()
        if batch is None and reference.isdigit():
            batch = PaymentBatch.objects.filter(pk=int(reference)).first()
        if batch is None:
            self._fail("batch", "export", f"no batch {reference!r}")
        content = pain.pain001(batch) if file_format == "pain001" else pain.batch_csv(batch).encode("utf-8")
        if out:
            try:
                Path(out).write_bytes(content)
            except OSError as error:
                self._fail("batch", "export", f"--out: {error.strerror}: {out}")
        else:
            self.stdout.write(content.decode("utf-8"), ending="")

    def _import(self, path: Path, username: str, profile: str | None, output_format: str) -> None:
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            self._fail("statement", "import", f"--by: no active user {username!r}")
        try:
            content = path.read_bytes()
        except OSError as error:
            self._fail("statement", "import", f"{error.strerror}: {path}")
        imported = services.statement_import(content=content, filename=path.name, by=user, profile=profile)
        result = imported.as_dict()
        if output_format == "json":
            self.stdout.write(json.dumps(result, ensure_ascii=False))
            return
        self.stdout.write(
            f"{path.name} ({result['format']}): {result['lines']} lines, "
            f"{len(result['confirmed'])} confirmed, "
            f"{len(result['returned'])} returned, {len(result['pending'])} pending, "
            f"{len(result['unmatched'])} moved no money, {result['duplicates']} on record already"
            + ("" if imported.created else " (imported before: nothing changed)")
        )
        for reference in result["confirmed"]:
            self.stdout.write(f"  confirmed {reference}")
        for reference in result["returned"]:
            self.stdout.write(f"  returned  {reference}")
        for line in result["pending"]:
            self.stdout.write(f"  line {line['line']}: pending: {line['reason']}")
        for line in result["unmatched"]:
            self.stdout.write(f"  line {line['line']}: {line['reason']}")

    def _fail(self, end: str, action: str, message: str) -> None:
        self.stderr.write(f"amends bank {end} {action}: {message}")
        raise SystemExit(2)
