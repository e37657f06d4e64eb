from django.contrib import admin

from nahbar.areas.models import Area, AreaStatistic
from nahbar.tenancy.admin_base import TenantModelAdmin


@admin.register(Area)
class AreaAdmin(TenantModelAdmin):
    list_display = ["name", "code", "level", "parent", "municipality"]
    list_filter = ["level"]
    search_fields = ["name", "code"]
    readonly_fields = ["centroid_lat", "centroid_lon", "bbox", "repair_note"]
    raw_id_fields = ["parent"]


@admin.register(AreaStatistic)
class AreaStatisticAdmin(TenantModelAdmin):
    list_display = ["area", "indicator", "year", "age_band", "sex", "value"]
    list_filter = ["indicator", "year", "sex"]
    raw_id_fields = ["area"]
