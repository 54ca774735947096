"""Flask extensions, created bare here and initialised in the factory."""

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

#: Constraint names are fixed so that migrations name them the same on every database.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base for every model."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()

#: Per-client-address limits on the login and account pages (see ``advocacy.auth.views``).
#: Storage and on/off come from the app's ``RATELIMIT_*`` config, set explicitly in
#: ``advocacy.config`` because this one instance keeps the last app's settings. If the
#: storage (e.g. Redis) fails, the error is logged and the request goes through: the
#: per-account lockout, kept in the database, still applies.
limiter = Limiter(get_remote_address, headers_enabled=True, swallow_errors=True)
