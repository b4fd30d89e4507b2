from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from akkopsi.core import backup


class Command(BaseCommand):
    help = "Write every table and uploaded file to one versioned archive (tar.gz)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "path", nargs="?", help="archive to write (default var/backups/akkopsi-<time>.tar.gz)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from django.conf import settings

        path = Path(
            options["path"]
            or Path(settings.VAR_DIR) / "backups" / f"akkopsi-{timezone.now():%Y%m%d-%H%M%S}.tar.gz"
        )
        manifest = backup.create(path)
        rows = sum(t["rows"] for t in manifest["tables"].values())
        self.stdout.write(
            f"{path}: {len(manifest['tables'])} tables, {rows:,} rows, {len(manifest['media'])} files"
        )
