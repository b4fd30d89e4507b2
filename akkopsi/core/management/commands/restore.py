from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from akkopsi.core import backup


class Command(BaseCommand):
    help = (
        "Restore an archive made by `akkopsi backup` into a freshly migrated database of the "
        "same version (SQLite or PostgreSQL); checked before writing, verified before committing."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("path")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace everything in a database that already holds data",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = backup.restore(Path(options["path"]), force=options["force"])
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(t["rows"] for t in manifest["tables"].values())
        self.stdout.write(
            f"restored and verified: {len(manifest['tables'])} tables, {rows:,} rows, {len(manifest['media'])} files"
        )
