"""No postcode belongs to two centres, even when two administrators save at once.

The form and the service refuse an overlap with a clear message; this constraint is
the guarantee under concurrent saves (PostgreSQL only; the demo's SQLite relies on the
service's check)."""

from django.db import migrations

from vk.lib.migrations import postgres_only_sql

FORWARD = """
ALTER TABLE centres_postcoderange ADD CONSTRAINT postcode_ranges_do_not_overlap
    EXCLUDE USING gist (int4range("first", "last", '[]') WITH &&);
"""
BACKWARD = "ALTER TABLE centres_postcoderange DROP CONSTRAINT postcode_ranges_do_not_overlap;"


class Migration(migrations.Migration):
    dependencies = [("centres", "0006_centre_public_and_complaint_settings")]

    operations = [postgres_only_sql(FORWARD, BACKWARD)]
