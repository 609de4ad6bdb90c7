"""Heavy reads on the read replica (``DATABASE_READ_URL``): the session class that sends a
marked view's queries there, and the mark. Kept apart from ``database`` because the
session class is needed to build ``extensions.db``, which ``database`` itself uses."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, ParamSpec, TypeVar

from flask import g, has_app_context
from flask_sqlalchemy.session import Session as FlaskSession
from sqlalchemy.engine import Connection, Engine

P = ParamSpec("P")
R = TypeVar("R")

# The bind name of the read replica (``DATABASE_READ_URL``), when one is configured.
READ_BIND = "read"

_REPLICA_FLAG = "quizapp_reads_from_replica"


class RoutingSession(FlaskSession):
    """The app's session: as Flask-SQLAlchemy's, except that inside a view marked with
    ``reads_from_replica`` its queries go to the read replica (``DATABASE_READ_URL``).
    Flushes (writes) always go to the primary."""

    def get_bind(
        self,
        mapper: Any | None = None,
        clause: Any | None = None,
        bind: Engine | Connection | None = None,
        **kwargs: Any,
    ) -> Engine | Connection:
        if bind is None and not self._flushing and has_app_context() and g.get(_REPLICA_FLAG):
            replica = self._db.engines.get(READ_BIND)
            if replica is not None:
                return replica
        return super().get_bind(mapper=mapper, clause=clause, bind=bind, **kwargs)


def reads_from_replica(view: Callable[P, R]) -> Callable[P, R]:
    """Mark a read-only view (dashboards, exports) whose queries may see data a moment
    old: with ``DATABASE_READ_URL`` set they run on the replica, sparing the primary."""

    @wraps(view)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> R:
        setattr(g, _REPLICA_FLAG, True)
        return view(*args, **kwargs)

    return wrapped
