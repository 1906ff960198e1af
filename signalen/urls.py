from django.urls import path

from signalen import views

app_name = "signalen"

urlpatterns = [
    path("", views.start, name="start"),
]
