"""Filled in by the netwerk part of issue 5."""

urlpatterns: list = []
