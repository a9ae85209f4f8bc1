"""Ship the generic safety instrument; later instruments come with load_instrument."""

from django.db import migrations


def load(apps, schema_editor):
    from vk.dossiers.instruments import load_instrument, shipped_definitions

    Instrument = apps.get_model("dossiers", "Instrument")
    for definition in shipped_definitions():
        load_instrument(definition, model=Instrument)


class Migration(migrations.Migration):
    dependencies = [("dossiers", "0003_assessment_decisions_proposal")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
