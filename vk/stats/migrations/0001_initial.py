import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies: list[tuple[str, str]] = []

    operations = [
        migrations.CreateModel(
            name="CodeList",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("code", models.CharField(max_length=40)),
                ("version", models.PositiveIntegerField()),
                ("valid_from_year", models.PositiveIntegerField()),
                ("definition", models.JSONField()),
                ("loaded_at", models.DateTimeField(default=django.utils.timezone.now)),
            ],
            options={
                "verbose_name": "code list",
                "verbose_name_plural": "code lists",
                "ordering": ["code", "-valid_from_year", "-version"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("code", "version"), name="code_list_version_unique"
                    )
                ],
            },
        ),
    ]
