"""Reference data of the signals app, kept by the functional administrator.

Signals themselves are never shown in the admin.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from mensenhandel.admin import beheer_site
from signalen.models import Indicator


@admin.register(Indicator, site=beheer_site)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ["omschrijving", "groep", "volgorde", "actief"]
    list_filter = ["groep", "actief"]
    list_editable = ["volgorde", "actief"]
    search_fields = ["omschrijving"]
