from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from mensenhandel.rollen import Rol
from mensenhandel.toegang import vereist


@vereist(Rol.ZORGCOORDINATOR)
def start(request: HttpRequest) -> HttpResponse:
    return render(request, "zorgcoordinatie/start.html")
