"""Django admin for platform operators: reference data (centres, regions, teams).

Staff accounts are managed by each centre's administrators in the application, where
every access is audited; the admin only lists them without personal details.
"""

from __future__ import annotations

from django.contrib import admin

from vk.centres.models import Centre, PostcodeRange, Team


class PostcodeRangeInline(admin.TabularInline[PostcodeRange, Centre]):
    model = PostcodeRange
    extra = 0


@admin.register(Centre)
class CentreAdmin(admin.ModelAdmin[Centre]):
    list_display = ["name", "province", "city", "phone"]
    inlines = [PostcodeRangeInline]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin[Team]):
    list_display = ["name", "centre"]
    list_filter = ["centre"]
    exclude = ["members"]
