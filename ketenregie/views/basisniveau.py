"""Filled in by the basisniveau part of issue 5."""

urlpatterns: list = []
