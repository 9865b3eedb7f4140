import io
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from amends.core import exports
from amends.linkage.model import DEFAULT_THRESHOLD
from amends.rosters import selectors, services
from amends.rosters.models import LinkageRun


class Command(BaseCommand):
    help = (
        "Record linkage: `amends linkage run [--threshold P] [--baseline]`, `amends linkage export "
        "--format csv`, `amends linkage evaluate --truth FILE --format json`."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        run = actions.add_parser("run", help="match applications against the rosters (and each other)")
        run.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD, help="match probability, 0-1")
        run.add_argument(
            "--baseline",
            action="store_true",
            help="plain Splink on the raw names, for comparison (sets no flags; export and evaluate "
            "take it only by --run)",
        )
        run.add_argument("--seed", type=int, default=42)
        export = actions.add_parser("export", help="print the candidate pairs at or above the threshold")
        export.add_argument("--format", choices=["csv"], default="csv")
        export.add_argument(
            "--run", type=int, help="a run's number (default: the latest finished normalised run)"
        )
        evaluate = actions.add_parser("evaluate", help="precision and recall against true pairs")
        evaluate.add_argument("--truth", required=True, help="CSV of application_ref,roster_ref")
        evaluate.add_argument("--format", choices=["json"], default="json")
        evaluate.add_argument(
            "--run", type=int, help="a run's number (default: the latest finished normalised run)"
        )

    def handle(self, *args, action: str, **options) -> None:
        getattr(self, f"_{action}")(**options)

    def _the_run(self, number: int | None) -> LinkageRun:
        if number is not None:
            run = LinkageRun.objects.filter(pk=number, status=LinkageRun.Status.DONE).first()
        else:
            run = selectors.latest_run()
        if run is None:
            raise CommandError("no finished normalised linkage run: run `amends linkage run` first")
        return run

    def _run(self, *, threshold: float, baseline: bool, seed: int, **options) -> None:
        from django.core.exceptions import ValidationError

        try:
            run = services.linkage_run_create(threshold=threshold, by=None, normalised=not baseline)
            run = services.linkage_run_execute(run=run, seed=seed)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        if run.status != LinkageRun.Status.DONE:
            raise CommandError(f"run {run.pk} {run.status}: {run.error}")
        figures = run.figures
        flags = (
            f"{figures['duplicates_flagged']} applications flagged as duplicates, "
            f"{figures['earlier_payments_flagged']} as paid by an earlier programme"
            if figures.get("flags_written", True)
            else "a baseline run: flags left as the last normalised run set them"
        )
        self.stdout.write(
            f"Run {run.pk}: {figures['pairs']} candidate pairs at or above {run.threshold}; "
            f"{flags}; {figures['seconds']['total']} s."
        )
        for warning in selectors.warning_texts(run.warnings):
            self.stdout.write(f"warning: {warning}")

    def _export(self, *, run: int | None, **options) -> None:
        buffer = io.StringIO()
        writer = exports.writer(buffer, lineterminator="\n")
        writer.writerow(["application_ref", "roster_ref", "probability"])
        for number, (application, roster, probability) in enumerate(
            selectors.export_rows(run=self._the_run(run)), start=1
        ):
            writer.writerow([application, roster, f"{probability:.6f}"])
            if number % 10_000 == 0:
                self.stdout.write(buffer.getvalue(), ending="")
                buffer.seek(0)
                buffer.truncate()
        self.stdout.write(buffer.getvalue(), ending="")

    def _evaluate(self, *, truth: str, run: int | None, **options) -> None:
        path = Path(truth)
        if not path.exists():
            raise CommandError(f"{truth}: no such file")
        figures = selectors.run_evaluation(run=self._the_run(run), truth=selectors.read_truth(path))
        self.stdout.write(json.dumps(figures))
