from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from nahbar.directory.management.commands._indexing import add_municipality_argument, run


class Command(BaseCommand):
    help = (
        "Rebuild the offer search index and the materialised occurrences: nahbar reindex-offers [--municipality SLUG]"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        add_municipality_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        done = run(options, occurrences_only=False, label="Suchindex")
        self.stdout.write(self.style.SUCCESS(f"indexed {done} offers"))
