"""Dutch error pages. The 500 page renders without a database or request context."""

from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader


def slecht_verzoek(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "fouten/400.html", status=400)


def geweigerd(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "fouten/403.html", status=403)


def niet_gevonden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "fouten/404.html", status=404)


def serverfout(request: HttpRequest) -> HttpResponse:
    return HttpResponseServerError(loader.get_template("fouten/500.html").render())
