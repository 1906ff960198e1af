"""The ketenregisseur's start page and the dashboard of figures."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from mensenhandel.rollen import Rol
from mensenhandel.toegang import vereist


@vereist(Rol.KETENREGISSEUR)
def start(request: HttpRequest) -> HttpResponse:
    return render(request, "ketenregie/start.html")


urlpatterns = [
    path("", start, name="start"),
]
