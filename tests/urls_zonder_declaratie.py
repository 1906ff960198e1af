"""The project's URLconf plus one view that forgot its access declaration."""

from django.http import HttpResponse
from django.urls import path

from mensenhandel.urls import urlpatterns as project_urls


def onbeschermd(request):
    return HttpResponse("geheim")


urlpatterns = [*project_urls, path("onbeschermd/", onbeschermd, name="onbeschermd")]
