"""Rapor numbers move to the one gapless counter in core (ADR 0040).

Each year's ``rapor.ReportCounter`` row becomes the ``RAPOR`` row of ``core.NumberSequence``
(same last number, so numbering continues without a gap or a repeat), then the old table and
its history table go.
"""

from django.db import migrations

KIND = "RAPOR"


def forward(apps, schema_editor):
    old = apps.get_model("rapor", "ReportCounter")
    new = apps.get_model("core", "NumberSequence")
    for row in old.objects.all():
        new.objects.update_or_create(kind=KIND, year=row.year, defaults={"last_number": row.last})


def backward(apps, schema_editor):
    old = apps.get_model("rapor", "ReportCounter")
    new = apps.get_model("core", "NumberSequence")
    for row in new.objects.filter(kind=KIND):
        old.objects.update_or_create(year=row.year, defaults={"last": row.last_number})
    new.objects.filter(kind=KIND).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0001_initial"),
        ("rapor", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(forward, backward, elidable=True),
        migrations.DeleteModel(name="HistoricalReportCounter"),
        migrations.DeleteModel(name="ReportCounter"),
    ]
