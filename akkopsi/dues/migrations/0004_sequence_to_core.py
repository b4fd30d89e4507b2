"""Invoice and receipt counters move to the one gapless counter in core (ADR 0040).

The rows of ``dues.Sequence`` are copied into ``core.NumberSequence`` (same kind, year and
last number, so numbering continues without a gap or a repeat), then the old table goes.
"""

from django.db import migrations


def forward(apps, schema_editor):
    old = apps.get_model("dues", "Sequence")
    new = apps.get_model("core", "NumberSequence")
    for row in old.objects.all():
        new.objects.update_or_create(
            kind=row.kind, year=row.year, defaults={"last_number": row.last_number}
        )


def backward(apps, schema_editor):
    old = apps.get_model("dues", "Sequence")
    new = apps.get_model("core", "NumberSequence")
    for row in new.objects.filter(kind__in=["INV", "KWT"]):
        old.objects.update_or_create(
            kind=row.kind, year=row.year, defaults={"last_number": row.last_number}
        )
    new.objects.filter(kind__in=["INV", "KWT"]).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0001_initial"),
        ("dues", "0003_money_exact"),
    ]

    operations = [
        migrations.RunPython(forward, backward, elidable=True),
        migrations.DeleteModel(name="Sequence"),
    ]
