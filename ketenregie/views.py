from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from mensenhandel.rollen import Rol
from mensenhandel.toegang import vereist


@vereist(Rol.KETENREGISSEUR)
def start(request: HttpRequest) -> HttpResponse:
    return render(request, "ketenregie/start.html")
