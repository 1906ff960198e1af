"""Settings, read from the environment (see the table in README.md).

The defaults give the embedded development setup: SQLite, Celery eager, DEBUG on.
Production sets DEBUG=False, and then a missing secret stops start-up.
"""

import os
from datetime import timedelta
from pathlib import Path

import django
import django_stubs_ext
import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from mensenhandel.databank import databank
from mensenhandel.takenplanning import beat_schedule

# Django's generic classes (QuerySet, forms.BaseFormSet, forms.ModelChoiceField, …) take a
# type argument at run time too, as the type stubs say they do.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=True)

SECRET_KEY = env.str("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
if not DEBUG:
    if not SECRET_KEY:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. With DEBUG=False the application refuses to start "
            "without a secret key of its own (50+ random characters)."
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "ALLOWED_HOSTS is not set. With DEBUG=False list the host names this "
            "application answers to, comma separated."
        )
else:
    SECRET_KEY = SECRET_KEY or "django-insecure-embedded-development-key-not-for-production"
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "testserver"]

# The address of this installation as its users reach it: the links in e-mails that a task sends
# (no request to read it from). Production must set it.
APPLICATIE_URL = env.str("APPLICATIE_URL", default="")
if not APPLICATIE_URL:
    if not DEBUG:
        raise ImproperlyConfigured(
            "APPLICATIE_URL is not set. With DEBUG=False set the address users open the application "
            "at, e.g. https://mensenhandel.example.nl; the notification e-mails link to it."
        )
    APPLICATIE_URL = "http://127.0.0.1:8000"
APPLICATIE_URL = APPLICATIE_URL.rstrip("/")

# Keyed hashes of identifying data (stacking of signals) use their own secret, so that
# rotating SECRET_KEY (sessions, tokens) does not break the links between signals.
HMAC_SLEUTEL = env.str("HMAC_SLEUTEL", default="")
if not HMAC_SLEUTEL:
    if not DEBUG:
        raise ImproperlyConfigured(
            "HMAC_SLEUTEL is not set. With DEBUG=False set a secret of its own (50+ random "
            "characters) for the keyed hashes that link signals; never change it afterwards."
        )
    HMAC_SLEUTEL = "embedded-development-hmac-key-not-for-production"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "guardian",
    "simple_history",
    "csp",
    "health_check",
    "mensenhandel",
    "signalen",
    "zorgcoordinatie",
    "ketenregie",
    "rapportage",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",  # before whitenoise: also on files
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "mensenhandel.middleware.SessieVerloopMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "mensenhandel.middleware.GeenCacheMiddleware",
    "mensenhandel.middleware.ToegangVerplichtMiddleware",
    "mensenhandel.middleware.WerkVergetenMiddleware",
    # Last, so that it sees the outcome of authentication attempts.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "mensenhandel.urls"
WSGI_APPLICATION = "mensenhandel.wsgi.application"
ASGI_APPLICATION = "mensenhandel.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # Django's own form and widget templates second: the form renderer below renders
        # through this engine (django.forms is not an installed app).
        "DIRS": [BASE_DIR / "templates", Path(django.__file__).parent / "forms" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "mensenhandel.context_processors.navigatie",
            ],
        },
    },
]
# Forms render their fields with the kernel's NL Design System partial (templates/onderdelen/).
FORM_RENDERER = "mensenhandel.formulierweergave.Formulierweergave"

if "DATABASE_URL" not in env:
    (BASE_DIR / "var").mkdir(exist_ok=True)  # the embedded SQLite file lives here
DATABASES = {
    "default": databank(
        env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"),
        bewaren=env.int("DATABASE_CONN_MAX_AGE", default=None),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
# The test suite's parallel workers (pytest-xdist) each have a database of their own but share the
# cache of CACHE_URL (in CI one Redis database): user 5 of one worker's database is not user 5 of
# another's, so their per-user keys ("Mijn werk") must not meet.
if _testwerker := os.environ.get("PYTEST_XDIST_WORKER"):
    CACHES["default"]["KEY_PREFIX"] = f"test-{_testwerker}"

# --- Authentication -----------------------------------------------------------------

AUTH_USER_MODEL = "mensenhandel.Gebruiker"
AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses locked-out credentials before a password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "mensenhandel.validators.MinimaleLengteValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    # Common Dutch words and names with digits or symbols around them (ASVS 2.1.7), offline.
    {"NAME": "mensenhandel.validators.VeelgebruiktWachtwoordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "inloggen"
LOGIN_REDIRECT_URL = "start"

# A role or scope that opens personal data (AF, ZC, a KR with casework) takes effect only after a
# second functioneel beheerder approves it. Off only for an installation with one beheerder; the
# beheerder's page then says so.
TOEGANG_TWEE_BEHEERDERS = env.bool("TOEGANG_TWEE_BEHEERDERS", default=True)

# How long the link in an invitation e-mail works (a new user chooses a password and enrols the
# second factor with it); the beheerder can send a new one.
UITNODIGING_GELDIG_UREN = env.int("UITNODIGING_GELDIG_UREN", default=48)
if not 1 <= UITNODIGING_GELDIG_UREN <= 24 * 14:
    raise ImproperlyConfigured("UITNODIGING_GELDIG_UREN must be between 1 and 336 hours (two weeks).")
# A partner's one-time link to answer a referral (issue 18): days valid, and how many tries of the
# public page one address gets per hour (a forged link is refused long before it is guessed).
PARTNERLINK_GELDIG_DAGEN = env.int("PARTNERLINK_GELDIG_DAGEN", default=14)
if not 1 <= PARTNERLINK_GELDIG_DAGEN <= 90:
    raise ImproperlyConfigured("PARTNERLINK_GELDIG_DAGEN must be between 1 and 90 days.")
PARTNERLINK_POGINGEN_PER_UUR = env.int("PARTNERLINK_POGINGEN_PER_UUR", default=30)

# E-mail (invitations; they carry no case content). Without EMAIL_HOST messages are written to the
# console (the embedded development setup); with it they go out over SMTP.
EMAIL_HOST = env.str("EMAIL_HOST", default="")
EMAIL_PORT = env.int("EMAIL_PORT", default=587)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=True)
EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Aanpak mensenhandel <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured(
        "Set EMAIL_USE_TLS (STARTTLS, port 587) or EMAIL_USE_SSL (port 465), not both."
    )

# Lock-out: 5 failed attempts per account name, 15 minutes, counted in the database.
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOCKOUT_MINUTEN", default=15))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
# No second login trail: the access log records every login under its retention rule; axes'
# own (address, browser and name of every login, in axes_accesslog) was kept for ever beside it.
# Failed attempts are still counted, and removed by axes once the lock-out time has passed.
AXES_DISABLE_ACCESS_LOG = True
# axes.W006 asks to lock per IP address too. Deliberately not: colleagues of a gemeente
# share one outgoing address, and one mistyping person must not lock out the office.
# Per-account locking already stops guessing; rotating user agents does not bypass it.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_LOCKOUT_CALLABLE = "mensenhandel.views.geblokkeerd"
AXES_USERNAME_CALLABLE = "mensenhandel.views.axes_gebruikersnaam"
AXES_VERBOSE = False  # axes would otherwise write the typed e-mail address to the log
# The client's address (lock-out records, access log) comes from django-ipware. Only
# behind a known number of reverse proxies is X-Forwarded-For believed; otherwise
# anyone could write any address into the access log.
PROXY_COUNT = env.int("PROXY_COUNT", default=0)
AXES_IPWARE_PROXY_COUNT = PROXY_COUNT or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if PROXY_COUNT else ["REMOTE_ADDR"]
)

OTP_TOTP_ISSUER = env.str("OTP_ISSUER", default="Aanpak mensenhandel")

# Sessions: 15 minutes idle, 12 hours at most (see SessieVerloopMiddleware).
SESSIE_INACTIEF_MINUTEN = env.int("SESSIE_INACTIEF_MINUTEN", default=15)
SESSIE_MAXIMAAL_UREN = env.int("SESSIE_MAXIMAAL_UREN", default=12)
SESSIE_WAARSCHUWING_MINUTEN = 2
SESSION_COOKIE_AGE = SESSIE_MAXIMAAL_UREN * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_NAME = "mh_sessie"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "mensenhandel.views.csrf_fout"

# django-guardian: object permissions only through the direct FK models; no anonymous user.
ANONYMOUS_USER_NAME = None  # django-guardian: no anonymous user row
GUARDIAN_RAISE_403 = False

# --- Signalen ---------------------------------------------------------------------------

# A referral without feedback for longer than this is flagged in the AF's list.
SIGNALEN_TERUGKOPPELING_WACHTDAGEN = env.int("SIGNALEN_TERUGKOPPELING_WACHTDAGEN", default=14)
# A signal whose reporter (not anonymous) had no feedback this many days after registration is
# flagged in the AF's list and counted in the regio's figures (issue 18, point 2).
SIGNALEN_MELDER_TERUGKOPPELING_DAGEN = env.int("SIGNALEN_MELDER_TERUGKOPPELING_DAGEN", default=14)
# How many stacking lookups with a hit outside the user's reach one user may do per day (Dutch
# time); past it, adding or changing persons waits until the next day (issue 15, point 3).
STAPELING_DAGLIMIET = env.int("STAPELING_DAGLIMIET", default=20)
# Name-only stacking hits recorded as pairs per signal, the strongest first (issue 16).
STAPELING_MOGELIJK_MAXIMUM = env.int("STAPELING_MOGELIJK_MAXIMUM", default=25)

# How long the access log keeps a row (months). Longer than the longest retention term of the
# records it is about (a trajectory: five years after closing), so that an inzageverzoek still
# lists who viewed what is kept. No published source: to confirm in the DPIA. `manage.py
# migrate` (run as the database owner) stores it where the database's own trigger reads it:
# the trigger lets nothing younger be deleted, whichever role asks.
TOEGANGSLOG_BEWAARTERMIJN_MAANDEN = env.int("TOEGANGSLOG_BEWAARTERMIJN_MAANDEN", default=96)
if not 24 <= TOEGANGSLOG_BEWAARTERMIJN_MAANDEN <= 240:
    raise ImproperlyConfigured("TOEGANGSLOG_BEWAARTERMIJN_MAANDEN must be between 24 and 240 months.")

# --- Security headers -----------------------------------------------------------------

SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^gezondheid/"]  # the container's health probe speaks plain HTTP
if env.bool("BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Browser features the application never uses are switched off for it and anything it embeds.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    naam: []
    for naam in (
        "accelerometer", "ambient-light-sensor", "autoplay", "bluetooth", "browsing-topics", "camera",
        "display-capture", "encrypted-media", "geolocation", "gyroscope", "hid", "idle-detection",
        "magnetometer", "microphone", "midi", "payment", "publickey-credentials-get", "screen-wake-lock",
        "serial", "usb", "xr-spatial-tracking",
    )
}  # fmt: skip
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# --- Internationalisation -------------------------------------------------------------

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands")]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

# --- Files ----------------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "var" / "static")
STATICFILES_DIRS = [BASE_DIR / "static"]
# Embedded: WhiteNoise serves straight from the source folders; production: from
# STATIC_ROOT after collectstatic (the Dockerfile runs it).
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
# Generated files (reports) are private: never under STATIC_URL or a MEDIA_URL.
BESTANDEN_ROOT = env.path("BESTANDEN_ROOT", default=BASE_DIR / "var" / "bestanden")
# The halfjaarrapportage PDFs: written by the worker, streamed to the ketenregisseur by a
# view that checks who asks. Web and worker must share this folder (in docker-compose.yml
# the "bestanden" volume), so by default it lies inside BESTANDEN_ROOT.
RAPPORTEN_ROOT = env.path("RAPPORTEN_ROOT", default=Path(BESTANDEN_ROOT) / "rapporten")
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(BESTANDEN_ROOT), "base_url": None},
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- Celery ---------------------------------------------------------------------------

# The halfjaarrapportage's watch over its worker (seconds). The worker making a report
# refreshes its heartbeat every RAPPORTAGE_HARTSLAG seconds; the periodic check (every
# RAPPORTAGE_CONTROLE_INTERVAL seconds) starts a report again whose heartbeat is older than
# RAPPORTAGE_HARTSLAG_VERLOPEN, and sends again a request the broker could not take at once.
# The defaults find a killed worker within 90 seconds and send a request within 30 seconds
# of the broker's return (plus the worker's own reconnection, at most 30 seconds).
RAPPORTAGE_HARTSLAG = env.int("RAPPORTAGE_HARTSLAG", default=15)
RAPPORTAGE_HARTSLAG_VERLOPEN = env.int("RAPPORTAGE_HARTSLAG_VERLOPEN", default=60)
RAPPORTAGE_CONTROLE_INTERVAL = env.int("RAPPORTAGE_CONTROLE_INTERVAL", default=30)
if not 0 < RAPPORTAGE_HARTSLAG * 2 <= RAPPORTAGE_HARTSLAG_VERLOPEN:
    raise ImproperlyConfigured(
        "RAPPORTAGE_HARTSLAG_VERLOPEN must be at least twice RAPPORTAGE_HARTSLAG, or a report "
        "whose worker is alive would be started a second time."
    )
if RAPPORTAGE_CONTROLE_INTERVAL <= 0:
    raise ImproperlyConfigured("RAPPORTAGE_CONTROLE_INTERVAL must be a positive number of seconds.")

# Seconds between the runs of the notification task (e-mail about waiting work).
MELDINGEN_INTERVAL = env.int("MELDINGEN_INTERVAL", default=300)
if not 60 <= MELDINGEN_INTERVAL <= 3600:
    raise ImproperlyConfigured("MELDINGEN_INTERVAL must be between 60 and 3600 seconds.")

CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
# Without a broker the tasks run in-process, and their errors propagate.
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default="") or None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
# Must stay above every task's time limit, or a long task would be delivered twice.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
# The periodic tasks and when beat sends them: mensenhandel/takenplanning.py.
CELERY_BEAT_SCHEDULE = beat_schedule(
    controle_interval=RAPPORTAGE_CONTROLE_INTERVAL, meldingen_interval=MELDINGEN_INTERVAL
)

# The halfjaarrapportage task: a hard time limit (the worker kills the task) and a soft one
# a minute earlier (the task stops and records the failure). Both stay below the broker's
# visibility timeout, or a long report would be delivered to a second worker while the
# first still works on it.
RAPPORTAGE_TIJDSLIMIET = env.int("RAPPORTAGE_TIJDSLIMIET", default=600)
RAPPORTAGE_ZACHTE_TIJDSLIMIET = RAPPORTAGE_TIJDSLIMIET - 60
if not 120 <= RAPPORTAGE_TIJDSLIMIET < CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]:
    raise ImproperlyConfigured(
        "RAPPORTAGE_TIJDSLIMIET must be at least 120 seconds and below the broker's "
        f"visibility timeout ({CELERY_BROKER_TRANSPORT_OPTIONS['visibility_timeout']} seconds)."
    )
# A request still "aangevraagd" after this many seconds is sent to the broker again.
RAPPORTAGE_OPNIEUW_VERSTUREN_NA = 300

# When the check of the protection of figures cannot be done (a declared sum that does not
# hold, or a solver failure), a publication prints every count as "x" and logs an error; with
# this on it raises instead. Not configurable: only the tests turn it on, so that such an error
# fails a test (a report raises anyway: ``bescherming.strikt``).
BESCHERMING_FOUTEN_OPWERPEN = False

# --- Logging --------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"kort": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "kort"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "ERROR"},  # its warnings name the typed e-mail address
    },
}

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
