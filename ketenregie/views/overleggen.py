"""Filled in by the overleggen part of issue 5."""

urlpatterns: list = []
