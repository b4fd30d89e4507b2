"""The squashed migrations (ADR 0059): a fresh database runs one squash per app (then any migration
written after it); a database that applied the old migrations, all or some, goes on from them to
the same schema."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

SQUASHED = {
    "awards": "0001_squashed_0003_result_run_superseded",
    "bulletin": "0001_squashed_0002_superseded_sections",
    "coordination": "0001_squashed_0004_money_exact",
    "data": "0001_squashed_0008_reopen_refusal",
    "dues": "0001_squashed_0005_payment_notices_and_waiver_requests",
    "notifications": "0001_squashed_0003_reopen_kinds",
    "planning": "0001_squashed_0004_money_exact",
    "rapor": "0001_squashed_0002_counter_to_core",
}
# Old states of a database that stopped part-way: before the SQLite money conversion of
# `data` (0004, `core.fields.rupiah_to_sen`), before the counters moved to core (dues 0004).
PART_WAY = [
    ("data", "0003_updated_at_indexes"),
    ("dues", "0003_money_exact"),
    ("planning", "0003_plan_inputs_history"),
]


def old_executor() -> MigrationExecutor:
    """An executor over the old migrations, as a database that never saw the squashes has."""
    executor = MigrationExecutor(connection)
    executor.loader = MigrationLoader(connection, replace_migrations=False)
    return executor


def schema() -> dict[str, Any]:
    """Every table's columns (name, type, nullability), constraints and indexes."""
    with connection.cursor() as cursor:
        tables = sorted(connection.introspection.table_names(cursor))
        result: dict[str, Any] = {}
        for table in tables:
            if table == "django_migrations":
                continue
            columns = sorted(
                (c.name, c.type_code, c.null_ok)
                for c in connection.introspection.get_table_description(cursor, table)
            )
            constraints = connection.introspection.get_constraints(cursor, table)
            shapes = sorted(
                (
                    tuple(str(column) for column in c["columns"] or ()),
                    bool(c["unique"]),
                    bool(c["primary_key"]),
                    bool(c["check"]),
                    str(c["foreign_key"]),
                    bool(c["index"]),
                )
                for c in constraints.values()
            )
            result[table] = (columns, shapes)
        return result


def test_a_fresh_database_runs_the_squashes() -> None:
    loader = MigrationLoader(None, ignore_no_migrations=True)
    for app, name in SQUASHED.items():
        assert (app, name) in loader.graph.nodes, app
        squash = loader.disk_migrations[app, name]
        # migrations written after the squash follow it (a fresh database runs the squash,
        # then them); every other migration of the app is one the squash replaces
        later = {n for (a, n) in loader.graph.backwards_plan((app, name)) if a == app} - {name}
        replaced = sorted(
            n for (a, n) in loader.disk_migrations if a == app and n != name and n not in later
        )
        assert [n for (_, n) in squash.replaces] == replaced, app
        last = max(int(n[:4]) for (_, n) in squash.replaces)
        assert all(int(n[:4]) > last for n in later), (app, later)
        (leaf,) = loader.graph.leaf_nodes(app)
        assert leaf == (app, name) or leaf[1] in later, app
    # The default catalogue is seed data: the squash of `data` keeps it.
    seed = [op for op in loader.disk_migrations["data", SQUASHED["data"]].operations]
    assert any(type(op).__name__ == "RunPython" and not op.elidable for op in seed)


@pytest.mark.django_db(transaction=True)
def test_a_database_part_way_through_the_old_migrations_reaches_the_same_schema() -> None:
    from akkopsi.data.models import Indicator

    fresh = schema()
    catalogue = Indicator.objects.count()
    assert catalogue > 0
    executor = old_executor()
    executor.migrate(PART_WAY)  # back through the old migrations (their reversals)
    assert ("data", "0004_money_exact") not in MigrationLoader(connection).applied_migrations
    executor = MigrationExecutor(connection)
    # The apps stopped part-way go on through their old migrations; the others stay squashed.
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    names = [(m.app_label, m.name) for m, _ in plan]
    assert ("data", "0004_money_exact") in names and ("dues", "0004_sequence_to_core") in names
    assert not any("squashed" in n for _, n in names)
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert schema() == fresh
    assert Indicator.objects.count() == catalogue
    applied = MigrationLoader(connection).applied_migrations
    assert all((app, name) in applied for app, name in SQUASHED.items())
