"""Ship the funder's code lists; later versions come with load_code_list."""

from django.db import migrations


def load(apps, schema_editor):
    from vk.stats.code_lists import load_code_list, shipped_definitions

    CodeList = apps.get_model("stats", "CodeList")
    for definition in shipped_definitions():
        load_code_list(definition, model=CodeList)


class Migration(migrations.Migration):
    dependencies = [("stats", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
