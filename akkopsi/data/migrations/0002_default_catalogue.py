from django.db import migrations


def load(apps, schema_editor):
    from akkopsi.data.catalogue import load_default_catalogue

    load_default_catalogue(apps.get_model("data", "Indicator"), apps.get_model("data", "NationalTarget"))


class Migration(migrations.Migration):
    dependencies = [("data", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
