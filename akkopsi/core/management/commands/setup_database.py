"""``migrate``, with a shortcut for an empty SQLite database (``make run`` on a fresh clone).

Migrating an empty database spends nearly all its time in Django re-rendering the migration
state (ADR 59: some 10,000 model classes built for the 139 ``CreateModel`` of the plan, 16-20
CPU seconds). On an empty SQLite database this command instead creates the tables from the
models, as Django does for a test database without migrations (``migrate --run-syncdb`` with
no migration modules), records every migration of the plan as applied (so the next
``migrate`` goes on from there), and runs the plan's seed steps (the cache table, the
default catalogue). About 3 CPU seconds.

The shortcut is taken only when every operation of the plan is understood: the schema
operations (the models are the migrations' end state: ``makemigrations --check`` is clean),
the data steps that only transform existing rows (nothing to do on an empty database) and the
seed steps, run here. Any other operation (a new ``RunPython`` or ``RunSQL``) and any
database that is not empty SQLite take the ordinary ``migrate``. The test
``core/tests/test_setup_database.py`` compares the schema and the seed rows with a migrated
database's.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.apps import apps as global_apps
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.migration import Migration
from django.db.migrations.operations.base import Operation
from django.db.migrations.operations.special import RunPython
from django.test.utils import override_settings


class _NoMigrations(dict[str, Any]):
    """MIGRATION_MODULES for "no app has migrations" (every app is synced from its models)."""

    def __contains__(self, key: object) -> bool:
        return True

    def __getitem__(self, key: str) -> None:
        return None


def _name(code: Callable[..., Any]) -> str:
    return f"{code.__module__}.{code.__qualname__}"


#: Data steps that change existing rows only: on an empty database they have nothing to do.
ROWS_ONLY = {
    "django.db.migrations.operations.special.RunPython.noop",
    "django.contrib.auth.migrations.0011_update_proxy_permissions.update_proxy_model_permissions",
    "akkopsi.accounts.clashes.refuse_clashes",
    "axes.migrations.0007_alter_accessattempt_unique_together.deduplicate_attempts",
    "django_tasks_db.migrations.0008_separate_results_field.separate_results_field",
    "django_tasks_db.migrations.0011_rename_complete_status.separate_results_field",
    "django_tasks_db.migrations.0013_separate_exception_fields.separate_exception_fields",
    "django_tasks_db.migrations."
    "0016_remove_dbtaskresult_django_task_new_ordering_idx_and_more.update_status",
    "django_tasks_db.migrations.0018_rename_succeeded_status.forwards",
}
#: Seed steps: rows (or tables) a fresh database needs; run here, in plan order.
SEEDS = {
    "akkopsi.core.migrations.0003_cache_table.create_cache_table",
    "akkopsi.data.migrations.0001_squashed_0008_reopen_refusal.load_default_catalogue",
}
#: Schema operations outside django.db.migrations whose end state the models hold.
SCHEMA_ONLY = {"RenameIndexIfExists"}


NOT_SCHEMA = {"RunPython", "RunSQL", "SeparateDatabaseAndState"}


def _schema_operation(op: Operation) -> bool:
    kind = type(op)
    return kind.__module__.startswith("django.db.migrations.operations.") and (
        kind.__name__ not in NOT_SCHEMA
    )


def seeds(plan: list[Migration]) -> list[RunPython] | None:
    """The seed steps of ``plan``, or None when an operation is not understood."""
    out: list[RunPython] = []
    for migration in plan:
        for op in migration.operations:
            if isinstance(op, RunPython):
                name = _name(op.code)
                if name in SEEDS:
                    out.append(op)
                elif name not in ROWS_ONLY:
                    return None
            elif not (_schema_operation(op) or type(op).__name__ in SCHEMA_ONLY):
                return None
    return out


class Command(BaseCommand):
    help = (
        "migrate; on an empty SQLite database, the tables from the models, every migration "
        "recorded as applied and the seed steps run (seconds instead of 20)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive")

    def handle(self, *args: Any, **options: Any) -> None:
        alias = options["database"]
        connection = connections[alias]
        verbosity = options["verbosity"]
        common = {"database": alias, "interactive": options["interactive"], "verbosity": verbosity}
        executor = MigrationExecutor(connection)
        plan = [m for m, _backwards in executor.migration_plan(executor.loader.graph.leaf_nodes())]
        seed_ops = seeds(plan)
        empty = connection.vendor == "sqlite" and not connection.introspection.table_names()
        if not empty or seed_ops is None or executor.loader.applied_migrations:
            call_command("migrate", skip_checks=True, **common)
            return
        with override_settings(MIGRATION_MODULES=_NoMigrations()):
            # quiet: one line below says what was done, not a line a table
            call_command("migrate", run_syncdb=True, skip_checks=True, **common | {"verbosity": 0})
        # The real models in place of the migration's: without history rows, as there
        # (a migration's historical models have no history of their own).
        with override_settings(SIMPLE_HISTORY_ENABLED=False), connection.schema_editor() as editor:
            for op in seed_ops:
                op.code(global_apps, editor)  # type: ignore[arg-type]  # the real registry
        executor.recorder.ensure_schema()
        for migration in plan:
            executor.record_migration(migration)
        executor.check_replacements()
        if verbosity:
            self.stdout.write(
                f"Empty database: {len(plan)} migrations recorded as applied, "
                f"the tables created from the models, {len(seed_ops)} seed steps run."
            )
