"""The project's URLconf plus a view that fails, to see the 500 page."""

from django.urls import path

from mensenhandel.toegang import publiek
from mensenhandel.urls import urlpatterns as project_urls


@publiek
def kapot(request):
    raise RuntimeError("opzettelijke fout voor de test")


urlpatterns = [*project_urls, path("fout/", kapot, name="fout")]
handler500 = "mensenhandel.foutpaginas.serverfout"
