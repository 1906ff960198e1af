from ketenregie.views import (
    actiepunten,
    activiteiten,
    basisniveau,
    dashboard,
    knelpunten,
    netwerk,
    overleggen,
    wegenkaart,
)

app_name = "ketenregie"

# Each subdomain's views module keeps its own patterns.
urlpatterns = [
    *dashboard.urlpatterns,
    *wegenkaart.urlpatterns,
    *netwerk.urlpatterns,
    *basisniveau.urlpatterns,
    *activiteiten.urlpatterns,
    *overleggen.urlpatterns,
    *knelpunten.urlpatterns,
    *actiepunten.urlpatterns,
]
