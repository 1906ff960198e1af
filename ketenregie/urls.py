from django.urls import path

from ketenregie import views

app_name = "ketenregie"

urlpatterns = [
    path("", views.start, name="start"),
]
