"""Configuration defaults.

Order of precedence, lowest first: these defaults, ``instance/config.py``,
``ADVOCACY_*`` environment variables, then the mapping given to ``create_app``.
"""

#: Secret for sessions and CSRF tokens. Required outside debug and testing.
SECRET_KEY = None

#: Database URL; ``None`` means SQLite in the instance folder.
DATABASE_URL = None

SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}

#: Seconds to wait for a locked SQLite database or to connect to PostgreSQL before the
#: request ends with the 503 page.
DATABASE_TIMEOUT = 5

#: Set up Flask-Migrate (``flask db``, ``flask_migrate.upgrade``) outside the ``flask``
#: command line too, e.g. in tests or scripts; web workers leave it off.
MIGRATIONS = False

#: Time zone in which dates are shown and deadlines are understood.
TIMEZONE = "Europe/Oslo"

#: Bokmål unless the user, the recipient or the paper says nynorsk (``advocacy.i18n``).
BABEL_DEFAULT_LOCALE = "nb"
BABEL_DEFAULT_TIMEZONE = "Europe/Oslo"

#: Rows per page on list pages.
PER_PAGE = 25

#: ``None`` means Secure everywhere but in debug and testing; plain http needs ``false``.
SESSION_COOKIE_SECURE = None
REMEMBER_COOKIE_SECURE = None
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
REMEMBER_COOKIE_HTTPONLY = True
REMEMBER_COOKIE_SAMESITE = "Lax"

#: Form error messages come from WTForms' own Norwegian catalogue, not Flask-Babel.
WTF_I18N_ENABLED = False
WTF_CSRF_TIME_LIMIT = None

#: werkzeug password hashing method; tests use a cheap one.
PASSWORD_HASH_METHOD = "scrypt"

#: SMTP server; when unset, mail is written as .eml files to MAIL_OUTBOX.
MAIL_SERVER = None
MAIL_PORT = None
MAIL_USE_TLS = False
MAIL_USE_SSL = False
MAIL_USERNAME = None
MAIL_PASSWORD = None
MAIL_FROM = "fellesstemme@buskerud.example"
MAIL_FROM_NAME = "Fellesstemme – Buskerud fylkeskommune"  # i18n: not ui (a setting)
MAIL_TIMEOUT = 15
#: Folder for .eml files when no SMTP server is set; default instance/outbox.
MAIL_OUTBOX = None

#: Where the accessibility statement (/tilgjengelighet) tells users to report faults:
#: an email address, or an https:// address of a form.
ACCESSIBILITY_CONTACT = "postmottak@bfk.no"

#: Days an invitation or password-reset link stays valid.
INVITATION_DAYS = 7
RESET_HOURS = 24

#: The address users reach the app at. Every link in mail is built on it, never on the
#: request's Host header, and only its host name is answered (``TRUSTED_HOSTS``).
PUBLIC_URL = "http://127.0.0.1:5000"
#: Host names the app answers; ``None`` means the host of ``PUBLIC_URL``. A request with
#: another ``Host`` header gets 400.
TRUSTED_HOSTS = None
#: Number of reverse proxies in front of the app (nginx: 1). Their X-Forwarded-For and
#: X-Forwarded-Proto are trusted, so the client's address (rate limits) and https (HSTS,
#: secure cookies) are seen; 0 trusts no such header.
PROXY_COUNT = 0

#: Sent with every request the hearing importer makes, as regjeringen.no asks.
IMPORT_USER_AGENT = "Fellesstemme/0.1 (Buskerud fylkeskommune; interessepolitikk; post@buskerud.example)"  # i18n: not ui
#: Seconds before a fetch gives up.
IMPORT_TIMEOUT = 20

#: Days before a hearing deadline, and before a milestone or signing deadline, that
#: reminders go out (calendar days in Europe/Oslo). Environment: "14,7,2,0" or a JSON list.
REMINDER_DAYS_HEARING = [14, 7, 2, 0]
REMINDER_DAYS_MILESTONE = [3, 1, 0]
#: Days before a follow-up («oppfølging») after a contact with the state is due.
REMINDER_DAYS_FOLLOW_UP = [7, 1, 0]
#: When the daily reminder job runs, Europe/Oslo time.
REMINDER_TIME = "07:00"
#: Start the scheduler inside this process (``make run``); never in web workers.
SCHEDULER_IN_PROCESS = False

#: An answer to an invitation to co-sign after its sign-by date (23:59 Oslo time):
#: ``"refuse"`` it, or ``"warn"`` (record it and tell the partner it came late).
SIGN_AFTER_DEADLINE = "refuse"
#: A paper's responsible adviser hears of partners' answers (signed, declined, withdrawn)
#: in one mail once the first unreported answer is this many minutes old, so that answers
#: coming close together make one digest.
SIGNING_NOTICE_DELAY_MINUTES = 60

#: Larger requests are refused before they are read (Word templates may be up to 5 MB).
MAX_CONTENT_LENGTH = 16 * 1024 * 1024

#: Folder for the files attached to conditions, hearings, papers and meetings; ``None``
#: means instance/attachments. Back it up together with the database (see the README).
ATTACHMENTS_DIR = None
#: Largest attached file, in bytes. Uploads of files may be this large (plus the form
#: around them) whatever MAX_CONTENT_LENGTH says.
ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024

#: Largest Word draft (.docx), in bytes, that a paper's text may be read in from
#: («Les inn Word-dokument»). The import page allows it even above MAX_CONTENT_LENGTH.
DOCX_IMPORT_MAX_BYTES = 10 * 1024 * 1024

#: Largest feed or file ``flask import-hearings`` accepts, in bytes; larger input is
#: refused before it is parsed (a fetch reads at most this plus one byte). ``None``: no limit.
IMPORT_MAX_BYTES = 20 * 1024 * 1024

#: Folder with pg_dump and pg_restore for ``flask backup``/``restore`` on PostgreSQL;
#: ``None`` looks in /usr/lib/postgresql/<newest>/bin, then on PATH.
BACKUP_PG_BINDIR = None

#: Per-client-address limits (Flask-Limiter syntax) on the login, forgot-password, reset
#: and invitation POSTs, on top of the per-account lockout (``advocacy.auth.throttle``).
#: Only failed logins count, so many people behind one office address can still log in.
RATELIMIT_ENABLED = True
RATELIMIT_LOGIN = "10 per minute;100 per hour"
RATELIMIT_PASSWORD_FORGOT = "5 per minute;30 per hour"
RATELIMIT_ACCOUNT_LINKS = "10 per minute;60 per hour"
#: Where the counts live. ``memory://`` counts per process (each gunicorn worker on its
#: own); with several workers use a shared store, e.g. ``redis://localhost:6379/0``.
RATELIMIT_STORAGE_URI = "memory://"

#: Rendered calendar feeds kept in each worker's memory (latest per user) until the data
#: behind them changes: at most this many feeds and bytes. A feed is kept in the form its
#: calendar app asks for: gzipped (most apps), a feed of 750 hearings takes about 120 KB.
CALENDAR_CACHE_ENTRIES = 128
CALENDAR_CACHE_BYTES = 32 * 1024 * 1024

#: Rendered pages kept for the next identical request until any data changes (see
#: ``advocacy.pagecache``): ``PAGE_CACHE = False`` renders every request. ``CACHE_TYPE``
#: and the other ``CACHE_*`` settings are Flask-Caching's; the default keeps at most
#: ``CACHE_THRESHOLD`` pages in each worker's memory.
PAGE_CACHE = True
CACHE_TYPE = "SimpleCache"
CACHE_THRESHOLD = 100
#: Larger answers (a big PDF) are never kept: at most 100 × 256 KB per worker.
PAGE_CACHE_MAX_BYTES = 256 * 1024
