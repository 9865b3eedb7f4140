from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from amends.demo.judgments import add_generated_judgments, load_demo
from amends.payments import owed_lines
from amends.rosters.imports import ImportRefused, import_file
from amends.rosters.synthetic import generate


class Command(BaseCommand):
    help = (
        "Load the demonstration data (idempotent); --judgments N adds N generated judgments; --roster N "
        "--applications M [--seed S] generate and import synthetic rosters, applications and earlier "
        "payments, keeping the truth for `amends linkage evaluate` under AMENDS_VAR_DIR/synthetic/."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--judgments", type=int, default=0, metavar="N", help="add N generated judgments")
        parser.add_argument("--roster", type=int, default=0, metavar="N", help="generate N roster entries")
        parser.add_argument(
            "--applications", type=int, default=0, metavar="M", help="generate M applications"
        )
        parser.add_argument("--seed", type=int, default=1, metavar="S", help="seed of the synthetic people")

    def handle(self, *args, judgments: int, roster: int, applications: int, seed: int, **options) -> None:
        for name, value in (
            ("--judgments", judgments),
            ("--roster", roster),
            ("--applications", applications),
        ):
            if value < 0:
                self.stderr.write(f"amends demo: {name}: must not be negative")
                raise SystemExit(2)
        added = load_demo()
        self.stdout.write(f"Demonstration judgments added: {', '.join(added) or 'none (already loaded)'}")
        if judgments:
            generated = add_generated_judgments(judgments)
            self.stdout.write(f"Generated judgments added: {len(generated)}")
        # The awards just made, in the stored summary of what is owed (award_create sits below it).
        owed_lines.roll()
        if roster or applications:
            self._synthetic(roster=roster, applications=applications, seed=seed)

    def _synthetic(self, *, roster: int, applications: int, seed: int) -> None:
        directory = Path(settings.VAR_DIR) / "synthetic" / f"seed-{seed}"
        files = generate(roster=roster, applications=applications, seed=seed, directory=directory)
        try:
            for kind, path in (
                ("roster", files.roster),
                ("applications", files.applications),
                ("payments", files.payments),
            ):
                if path.stat().st_size and _has_rows(path):
                    batch = import_file(kind=kind, path=path, by=None, source=f"synthetic (seed {seed})")
                    self.stdout.write(f"Synthetic {batch.kind} imported: {batch.rows}")
        except ImportRefused as refused:
            self.stderr.write(f"amends demo: synthetic data refused (already imported?):\n{refused.report()}")
            raise SystemExit(1) from None
        self.stdout.write(
            f"Truth for evaluation: {files.truth} (and {files.truth_duplicates.name}, "
            f"{files.truth_earlier.name} beside it)"
        )


def _has_rows(path: Path) -> bool:
    """Whether the CSV file holds a row beside its header."""
    with path.open(encoding="utf-8") as handle:
        return sum(1 for _ in zip(range(2), handle, strict=False)) > 1
