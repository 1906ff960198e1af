# One image for web (gunicorn), worker and beat (Celery) and the one-shot migrate job.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# WeasyPrint 70 loads Pango, PangoFT2, HarfBuzz (and HarfBuzz-subset, without which it
# warns) and fontconfig at import time; fonts-dejavu-core gives the PDFs a font.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz0b \
        libharfbuzz-subset0 \
        fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --home-dir /app --no-create-home \
        --shell /usr/sbin/nologin app

WORKDIR /app

COPY requirements/ requirements/
RUN pip install --no-cache-dir -r requirements/base.txt

# The code stays owned by root (read-only for the app user); only var/ is writable:
# var/static (collectstatic), var/bestanden (generated files, a volume in compose)
# and var/beat (beat's schedule file, a volume in compose).
COPY . .
RUN mkdir -p /app/var/bestanden /app/var/static /app/var/beat \
    && chown -R app:app /app/var \
    && chmod 0750 /app/var/bestanden

ENV DEBUG=False \
    DJANGO_SETTINGS_MODULE=mensenhandel.settings \
    STATIC_ROOT=/app/var/static \
    BESTANDEN_ROOT=/app/var/bestanden

USER app

# The dummy secret and host exist only for this build step; at run time settings.py
# refuses to start without real ones.
RUN SECRET_KEY=build ALLOWED_HOSTS=build python manage.py collectstatic --noinput

EXPOSE 8000

CMD ["gunicorn", "mensenhandel.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
