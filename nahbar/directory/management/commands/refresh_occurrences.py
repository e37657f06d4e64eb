from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from nahbar.directory.management.commands._indexing import add_municipality_argument, run


class Command(BaseCommand):
    help = "Re-expand the next eight weeks of occurrences for the finder (run nightly): nahbar refresh-occurrences"

    def add_arguments(self, parser: CommandParser) -> None:
        add_municipality_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        done = run(options, occurrences_only=True, label="Termine")
        self.stdout.write(self.style.SUCCESS(f"refreshed occurrences of {done} offers"))
