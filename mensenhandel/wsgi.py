"""WSGI entry point (gunicorn mensenhandel.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mensenhandel.settings")

application = get_wsgi_application()

# Each gunicorn worker imports this module itself (no --preload): warm up and freeze there.
from mensenhandel.opstarten import opwarmen_en_bevriezen  # noqa: E402 (needs the settings above)

opwarmen_en_bevriezen()
