# Flask-Login 0.6.3, the parts quizapp uses.
from collections.abc import Callable
from datetime import timedelta
from typing import Any, TypeVar

from flask import Flask
from flask.typing import ResponseReturnValue

_F = TypeVar("_F", bound=Callable[..., Any])
_Loader = TypeVar("_Loader", bound=Callable[[str], Any])

class UserMixin:
    @property
    def is_active(self) -> bool: ...
    @property
    def is_authenticated(self) -> bool: ...
    @property
    def is_anonymous(self) -> bool: ...
    def get_id(self) -> str: ...

class AnonymousUserMixin:
    @property
    def is_authenticated(self) -> bool: ...
    @property
    def is_active(self) -> bool: ...
    @property
    def is_anonymous(self) -> bool: ...
    def get_id(self) -> None: ...

class LoginManager:
    login_view: str | None
    login_message: str
    login_message_category: str
    session_protection: str | None
    def __init__(self, app: Flask | None = None, add_context_processor: bool = True) -> None: ...
    def init_app(self, app: Flask, add_context_processor: bool = True) -> None: ...
    def unauthorized(self) -> ResponseReturnValue: ...
    def user_loader(self, callback: _Loader) -> _Loader: ...

# The logged-in user or the anonymous user, behind a proxy: its class is whatever the
# application's user loader returns, which the library cannot know.
current_user: Any

def login_user(
    user: UserMixin,
    remember: bool = False,
    duration: timedelta | None = None,
    force: bool = False,
    fresh: bool = True,
) -> bool: ...
def logout_user() -> bool: ...
def login_required(func: _F) -> _F: ...
