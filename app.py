"""Agora: the application factory, and a development server when run directly."""
from __future__ import annotations

import sqlite3
from pathlib import Path

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine
from werkzeug.middleware.proxy_fix import ProxyFix

from deliberation import cli, errors, gate, live, security, templating, transactions
from deliberation.accounts import login as accounts_login
from deliberation.accounts.routes import bp as accounts_bp
from deliberation.admin.routes import bp as admin_bp
from deliberation.budgeting.routes import bp as budgeting_bp
from deliberation.outcomes.routes import bp as outcomes_bp
from deliberation.notifications.routes import bp as notifications_bp
from deliberation.health import bp as health_bp
from deliberation.i18n import setup as i18n_setup
from deliberation.i18n.routes import bp as i18n_bp
from deliberation.config import load_config
from deliberation.debates.routes import bp as debates_bp
from deliberation.extensions import csrf, db, limiter, login_manager, migrate, socketio
from deliberation.moderation.routes import bp as moderation_bp
from deliberation.neighbourhoods.routes import bp as neighbourhoods_bp
from deliberation.opinions import events as _opinion_events  # noqa: F401  (handlers, before init_app)
from deliberation.opinions.routes import bp as opinions_bp
from deliberation.privacy.routes import bp as privacy_bp
from deliberation.surveys.routes import bp as surveys_bp
from deliberation.threads import events as _socket_events  # noqa: F401  (handlers, before init_app)
from deliberation.threads.routes import bp as threads_bp
from deliberation.translations import templating as translations_templating
from deliberation.translations.routes import bp as translations_bp
from deliberation.verification.routes import bp as verification_bp

BASE_DIR = Path(__file__).resolve().parent


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """Enforce foreign keys and let readers run beside a writer on SQLite."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.close()


def create_app(config: dict | None = None) -> Flask:
    """Build an app; ``config`` overrides what the environment says (tests use it)."""
    app = Flask(__name__, instance_path=str(BASE_DIR / "instance"))
    app.config.update(load_config(Path(app.instance_path)))
    app.config.update(config or {})

    db.init_app(app)
    transactions.init_app(app)
    migrate.init_app(app, db, directory=str(BASE_DIR / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    i18n_setup.init_app(app)
    accounts_login.init_app(app, login_manager)
    socketio.init_app(
        app,
        async_mode="threading",
        message_queue=app.config["SOCKETIO_MESSAGE_QUEUE"],
        cors_allowed_origins=app.config["SOCKETIO_ALLOWED_ORIGINS"],
        max_http_buffer_size=16 * 1024,
        # Websocket only: over long-polling, python-engineio answers an oversized message by
        # waiting for the client's next poll, so a few such requests could pin every thread.
        transports=["websocket"],
    )

    live.init_app(app)
    app.wsgi_app = live.close_responses(app.wsgi_app)
    for blueprint in (neighbourhoods_bp, accounts_bp, admin_bp, verification_bp, budgeting_bp,
                      debates_bp, threads_bp, moderation_bp, outcomes_bp, surveys_bp, notifications_bp,
                      health_bp, i18n_bp, translations_bp, privacy_bp, opinions_bp):
        app.register_blueprint(blueprint)
    errors.init_app(app)
    security.init_app(app)
    templating.init_app(app)
    translations_templating.init_app(app)
    cli.init_app(app)
    if app.config.get("REQUEST_SLOTS"):
        app.wsgi_app = gate.RequestGate(app.wsgi_app, app.config["REQUEST_SLOTS"])
    if app.config.get("TRUSTED_PROXIES"):  # behind nginx: the client's address, not nginx's
        hops = app.config["TRUSTED_PROXIES"]  # and its scheme, so HSTS follows TLS at nginx
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)
    return app


if __name__ == "__main__":
    live.tune_threads()
    application = create_app()
    socketio.run(
        application,
        host="127.0.0.1",
        port=5000,
        allow_unsafe_werkzeug=application.config["AGORA_ENV"] != "production",
        request_handler=live.NoDelayRequestHandler,
    )
