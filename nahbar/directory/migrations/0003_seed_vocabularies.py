"""Seed the shared vocabularies with stable codes (see nahbar/directory/vocabularies/terms.json)."""

from django.db import migrations


def seed(apps, schema_editor):
    from nahbar.directory.vocabularies import seed_terms

    seed_terms(apps.get_model("directory", "Term"))


class Migration(migrations.Migration):
    dependencies = [("directory", "0002_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
