"""Extension singletons, created once here and bound to the app in ``create_app``."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData, Table
from sqlalchemy.orm import DeclarativeBase

from .replica import RoutingSession

# Named constraints keep migrations portable between SQLite (batch mode) and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    if TYPE_CHECKING:
        # Every model maps one table (SQLAlchemy types it as any FromClause).
        __table__: ClassVar[Table]


db = SQLAlchemy(model_class=Base, session_options={"class_": RoutingSession})

# The models' base class. Flask-SQLAlchemy builds ``db.Model`` at run time from ``Base``
# (adding its session binding), so a type checker cannot see it as a class; the typed
# ``Mapped[...]`` columns and the constructor come from ``Base``, which it can.
if TYPE_CHECKING:
    Model = Base
else:
    Model = db.Model

migrate = Migrate(render_as_batch=True, compare_type=True)
login_manager = LoginManager()
csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address)
