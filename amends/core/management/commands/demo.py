from django.core.management.base import BaseCommand, CommandParser

from amends.core.demo import add_generated_judgments, load_demo


class Command(BaseCommand):
    help = "Load the demonstration data (idempotent); --judgments N adds N generated judgments."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--judgments", type=int, default=0, metavar="N", help="add N generated judgments")

    def handle(self, *args, judgments: int, **options) -> None:
        if judgments < 0:
            self.stderr.write("amends demo: --judgments: must not be negative")
            raise SystemExit(2)
        added = load_demo()
        self.stdout.write(f"Demonstration judgments added: {', '.join(added) or 'none (already loaded)'}")
        if judgments:
            generated = add_generated_judgments(judgments)
            self.stdout.write(f"Generated judgments added: {len(generated)}")
