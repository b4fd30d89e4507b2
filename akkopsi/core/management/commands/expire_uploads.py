import re
from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from akkopsi.core import files


def age(text: str) -> timedelta:
    """``2d`` (days) or ``12h`` (hours)."""
    match = re.fullmatch(r"(\d+)([dh])", text.strip())
    if match is None:
        raise CommandError(f"--older-than must be days or hours, e.g. 2d or 12h, not {text!r}")
    n, unit = int(match[1]), match[2]
    return timedelta(days=n) if unit == "d" else timedelta(hours=n)


class Command(BaseCommand):
    help = (
        "Delete uploads never confirmed (pending data workbooks) and uploaded files no record "
        "refers to, older than --older-than, from the default storage (the local disk or the "
        "S3 bucket); each deletion is logged (run daily from cron)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--older-than",
            default="2d",
            help="Only files last written longer ago than this: 2d (default), 12h, ...",
        )
        parser.add_argument("--dry-run", action="store_true", help="List, delete nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        older_than = age(options["older_than"])
        if older_than < timedelta(hours=1):
            # a younger orphan may be the file of a transaction that has not committed yet
            raise CommandError("--older-than must be at least 1h")
        try:
            files.guard()
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        stale = list(files.older_files(files.PENDING, older_than))
        orphans = files.orphans(older_than, skip=[files.PENDING])
        for label, names in (("pending upload", stale), ("orphan file", orphans)):
            for name in names:
                self.stdout.write(f"{label}: {name}")
        if options["dry_run"]:
            self.stdout.write(
                f"Would delete {len(stale)} pending uploads and {len(orphans)} orphan files "
                f"older than {options['older_than']}."
            )
            return
        n_stale = files.delete(stale, f"pending upload never confirmed within {older_than}")
        n_orphans = files.delete(orphans, "no record refers to it")
        files.remove_empty_folders(older_than, keep=[files.PENDING])
        self.stdout.write(
            f"Deleted {n_stale} pending uploads and {n_orphans} orphan files "
            f"older than {options['older_than']}."
        )
