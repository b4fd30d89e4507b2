"""The table of the database cache (CACHE_URL=db, the default; ADR 55)."""

from typing import Any

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps: Any, schema_editor: Any) -> None:
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_dataversion")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
