"""Screens of the ketenregie app, one module per subdomain, each with its own ``urlpatterns``."""
