"""Counting related rows inside the query that reads their parent."""

from __future__ import annotations

from django.db.models import IntegerField, Subquery


class SubqueryCount(Subquery):
    """COUNT(*) of a correlated subquery (one that filters on `OuterRef`): 0 when it
    finds nothing. `Dossier.objects.filter(pk=pk).values(documents=SubqueryCount(
    Document.objects.filter(dossier=OuterRef("pk")).values("pk")))` counts in the same
    query, however many kinds are counted."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) AS counted)"
    output_field = IntegerField()
