import json
from typing import Any

from django.core.management.base import BaseCommand

from akkopsi.core import backup


class Command(BaseCommand):
    help = (
        "Print every archived table's row count and SHA-256 over its canonical rows (JSON): "
        "the same figures on SQLite and PostgreSQL when the content is the same."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(json.dumps(backup.table_checksums(), indent=1, sort_keys=True))
