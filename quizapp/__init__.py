"""The quizapp application factory."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from .config import ConfigError, cannot_start, settings_from_env
from .ops.failures import QuizApp
from .private_files import make_private_folder


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build an app: settings from the environment, overridden by ``config`` (tests)."""
    app = QuizApp(__name__, instance_relative_config=True)
    instance_path = Path(app.instance_path)
    make_private_folder(instance_path)  # the database, its key, the rate-limit counters
    app.config.from_mapping(settings_from_env(instance_path))
    if config:
        app.config.update(config)
    if app.config["TRUST_PROXY_HEADERS"]:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)  # type: ignore[method-assign]

    register_operations(app)
    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_commands(app)
    register_security(app)
    return app


def check_settings() -> None:
    """Read the settings as ``create_app`` does, building nothing; a value the app cannot
    use exits with its one line (``cannot_start``). gunicorn runs it before any worker."""
    try:
        settings_from_env(Path(QuizApp(__name__, instance_relative_config=True).instance_path))
    except ConfigError as error:
        raise cannot_start(error) from None


def register_operations(app: Flask) -> None:
    """Logs, request ids and metrics: first, so every hook added after them is timed."""
    from . import ops

    ops.register(app)


def register_extensions(app: Flask) -> None:
    from . import models  # noqa: F401  (tables must be known to Flask-Migrate)
    from .config import engine_options
    from .database import configure_sqlite
    from .extensions import csrf, db, limiter, login_manager, migrate
    from .lti import models as lti_models  # noqa: F401
    from .ops.metrics import watch_pools
    from .pg_statements import cache_long_statements
    from .pool_health import watch_for_dropped_connections

    app.config.setdefault(
        "SQLALCHEMY_ENGINE_OPTIONS", engine_options(app.config["SQLALCHEMY_DATABASE_URI"])
    )
    db.init_app(app)
    cache_long_statements()
    migrate.init_app(app, db, directory=str(Path(app.root_path).parent / "migrations"))
    csrf.init_app(app)
    # One Limiter object serves every app a process makes (the tests make many), and
    # Flask-Limiter keeps the first app's key prefix: each app sets its own.
    limiter._key_prefix = app.config.get("RATELIMIT_KEY_PREFIX", "")
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please log in to see that page."
    login_manager.session_protection = "strong"
    with app.app_context():
        configure_sqlite(db.engine)
        for engine in db.engines.values():
            watch_for_dropped_connections(engine)
        watch_pools()


def register_blueprints(app: Flask) -> None:
    from .auth import bp as auth_bp
    from .ids import register_id_converter

    register_id_converter(app.url_map)  # before any rule is added

    from .banks import bp as banks_bp
    from .lti.routes import bp as lti_bp
    from .main import bp as main_bp
    from .media.routes import bp as media_bp
    from .models import kind_label
    from .progress import bp as progress_bp
    from .progress import routes as _progress_routes  # noqa: F401  (attaches the views)
    from .richtext import rich
    from .study import bp as study_bp

    app.register_blueprint(main_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(banks_bp)
    app.register_blueprint(media_bp)
    app.register_blueprint(lti_bp)
    app.register_blueprint(progress_bp)
    app.add_template_filter(rich, "rich")
    app.add_template_filter(kind_label, "kind_label")
    app.register_blueprint(study_bp)

    from .teach import bp as teach_bp
    from .teach import join_bp

    app.register_blueprint(teach_bp)
    app.register_blueprint(join_bp)

    from . import date_text, fixed_urls, navigation, static_versions

    fixed_urls.register(app)  # the layout's links, built once
    static_versions.register(app)  # the app's own files, kept by content
    navigation.register(app)  # the main navigation, built once per audience and page
    date_text.register(app)  # dates never broken at their hyphens


def register_errorhandlers(app: Flask) -> None:
    from . import input_guard
    from .errors import register

    register(app)
    input_guard.register(app)


def register_commands(app: Flask) -> None:
    from .auth.cli import users_cli
    from .loader.cli import content_cli
    from .progress.cli import results_cli
    from .scheduler_cli import scheduler_cli

    app.cli.add_command(users_cli)
    app.cli.add_command(content_cli)
    app.cli.add_command(results_cli)
    app.cli.add_command(scheduler_cli)

    from .teach.cli import bank_cli

    app.cli.add_command(bank_cli)

    from flask_migrate.cli import db as db_cli

    from .backup_cli import add_backup_commands

    add_backup_commands(db_cli)  # flask db backup / restore, next to flask db upgrade
    app.cli.add_command(db_cli)

    from .demo.cli import demo_cli

    app.cli.add_command(demo_cli)

    from .lti.cli import lti_cli

    app.cli.add_command(lti_cli)


def register_security(app: Flask) -> None:
    from . import headers
    from .lti import framing
    from .urls import register_filters

    headers.register(app)
    framing.register(app)
    register_filters(app)
