"""Filled in by the activiteiten part of issue 5."""

urlpatterns: list = []
