"""Filled in by the knelpunten part of issue 5."""

urlpatterns: list = []
