"""Settings from the environment; production refuses to start without its secrets."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.hashers import get_hasher

PROJECT = Path(__file__).resolve().parents[2]

PRODUCTIE = {
    "DEBUG": "False",
    "SECRET_KEY": "t" * 30 + "-productie-achtige-sleutel-" + "q" * 20,
    "ALLOWED_HOSTS": "mensenhandel.gemeente.example",
    "HMAC_SLEUTEL": "h" * 50,
    "APPLICATIE_URL": "https://mensenhandel.gemeente.example",
    "BEHIND_TLS_PROXY": "True",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/15",
    "DATABASE_URL": "sqlite:////tmp/mensenhandel-check.sqlite3",
}


def python(*args: str, **omgeving: str) -> subprocess.CompletedProcess:
    """Python in the project, with this environment minus the production settings the tests set."""
    schoon = {
        k: v
        for k, v in os.environ.items()
        if k not in {*PRODUCTIE, "CELERY_BROKER_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    return subprocess.run(
        [sys.executable, *args],
        cwd=PROJECT,
        env={**schoon, **omgeving},
        capture_output=True,
        text=True,
        timeout=120,
    )


def manage(*args: str, **omgeving: str) -> subprocess.CompletedProcess:
    return python("manage.py", *args, **omgeving)


@pytest.mark.parametrize("ontbrekend", ["SECRET_KEY", "ALLOWED_HOSTS", "HMAC_SLEUTEL", "APPLICATIE_URL"])
def test_productie_start_niet_zonder_geheim(ontbrekend):
    omgeving = {k: v for k, v in PRODUCTIE.items() if k != ontbrekend}
    resultaat = manage("check", **omgeving)
    assert resultaat.returncode != 0
    assert f"{ontbrekend} is not set" in resultaat.stderr


def test_check_deploy_zonder_meldingen():
    resultaat = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTIE)
    assert resultaat.returncode == 0, resultaat.stdout + resultaat.stderr
    assert "System check identified no issues" in resultaat.stdout


def test_check_deploy_waarschuwt_zonder_broker():
    omgeving = {k: v for k, v in PRODUCTIE.items() if k != "CELERY_BROKER_URL"}
    resultaat = manage("check", "--deploy", "--fail-level", "WARNING", **omgeving)
    assert resultaat.returncode != 0
    assert "mensenhandel.W001" in resultaat.stderr + resultaat.stdout


def test_standaard_is_de_ingebouwde_opzet():
    if "DATABASE_URL" in os.environ:
        pytest.skip("Deze run gebruikt een database uit de omgeving.")
    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
    assert settings.LANGUAGE_CODE == "nl" and settings.TIME_ZONE == "Europe/Amsterdam" and settings.USE_TZ
    if not os.environ.get("CELERY_BROKER_URL"):
        assert settings.CELERY_TASK_ALWAYS_EAGER and settings.CELERY_TASK_EAGER_PROPAGATES


def test_argon2_is_de_wachtwoordhash():
    from mensenhandel import settings as projectinstellingen

    assert projectinstellingen.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_argon2_hash_werkt(settings):
    from mensenhandel import settings as projectinstellingen

    settings.PASSWORD_HASHERS = projectinstellingen.PASSWORD_HASHERS
    assert get_hasher().algorithm == "argon2"


def test_nederlandse_wachtwoordmeldingen(db):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as fout:
        validate_password("kort")
    assert "Dit wachtwoord is te kort. Het moet minstens 12 tekens bevatten." in fout.value.messages


@pytest.mark.parametrize(
    ("url", "omgeving", "verwacht"),
    [
        ("postgres://mensenhandel@db:5432/mensenhandel", {}, "60 True -c jit=off"),
        ("postgres://mensenhandel@db:5432/mensenhandel", {"DATABASE_CONN_MAX_AGE": "0"}, "0 True -c jit=off"),
        ("sqlite:////tmp/mensenhandel-check.sqlite3", {}, "0 True -"),
    ],
)
def test_postgresql_verbindingen_blijven_open_en_worden_gecontroleerd(url, omgeving, verwacht):
    """Production on PostgreSQL keeps a connection for the next request (a new one costs a server
    process: about 4 ms on every page) and checks it before reuse; the variable overrides it."""
    code = (
        "from django.conf import settings as s; d = s.DATABASES['default']; "
        "print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'], d.get('OPTIONS', {}).get('options', '-'))"
    )
    resultaat = python(
        "-c",
        code,
        DJANGO_SETTINGS_MODULE="mensenhandel.settings",
        **{**PRODUCTIE, "DATABASE_URL": url},
        **omgeving,
    )
    assert resultaat.returncode == 0, resultaat.stderr
    assert resultaat.stdout.strip() == verwacht


def test_een_webwerker_bevriest_de_geladen_applicatie():
    """gunicorn's workers import ``mensenhandel.wsgi``: every view is loaded and what lives then is
    frozen, so a full garbage collection no longer pauses a request to walk the whole application."""
    code = (
        "import gc, sys; import mensenhandel.wsgi; "
        "print(gc.get_freeze_count(), 'signalen.views' in sys.modules, 'rapportage.views' in sys.modules)"
    )
    resultaat = python("-c", code)
    assert resultaat.returncode == 0, resultaat.stderr
    bevroren, signalen, rapportage = resultaat.stdout.split()
    assert int(bevroren) > 100_000 and signalen == rapportage == "True"
