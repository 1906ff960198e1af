from django.urls import path

from zorgcoordinatie import views

app_name = "zorgcoordinatie"

urlpatterns = [
    path("", views.start, name="start"),
]
