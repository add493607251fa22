"""Settings read from the environment, with safe defaults for a laptop."""
from __future__ import annotations

import os
import secrets
from pathlib import Path


class ConfigError(RuntimeError):
    """Raised when production starts without a setting it must have."""


def _secret_key(instance_path: Path, production: bool) -> str:
    """Use SECRET_KEY; in development generate one once and keep it in instance/."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    if production:
        raise ConfigError("SECRET_KEY must be set in the environment in production.")
    key_file = instance_path / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def _origins(value: str | None) -> list[str] | None:
    """Socket.IO origins: a comma-separated list, or None for same-origin only."""
    if not value:
        return None
    origins = [o.strip() for o in value.split(",") if o.strip()]
    if "*" in origins:
        raise ConfigError("SOCKETIO_ALLOWED_ORIGINS may not be '*'; list the origins.")
    return origins


def load_config(instance_path: Path) -> dict:
    """Build the Flask config from the environment."""
    env = os.environ
    production = env.get("AGORA_ENV", "development") == "production"
    instance_path.mkdir(parents=True, exist_ok=True)
    default_db = f"sqlite:///{instance_path / 'agora.db'}"
    return {
        "AGORA_ENV": "production" if production else "development",
        "SECRET_KEY": _secret_key(instance_path, production),
        "SQLALCHEMY_DATABASE_URI": env.get("DATABASE_URL", default_db),
        "BASE_URL": env.get("AGORA_BASE_URL", "http://127.0.0.1:5000"),
        "SOCKETIO_MESSAGE_QUEUE": env.get("SOCKETIO_MESSAGE_QUEUE") or None,
        "SOCKETIO_ALLOWED_ORIGINS": _origins(env.get("SOCKETIO_ALLOWED_ORIGINS")),
        "RATELIMIT_STORAGE_URI": env.get("RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_ENABLED": env.get("RATELIMIT_ENABLED", "1") != "0",
        # Proxies (nginx) in front whose X-Forwarded-For names the client: limits are per client.
        "TRUSTED_PROXIES": int(env.get("AGORA_TRUSTED_PROXIES", "0")),
        # Page requests inside the app at once per process (0: no cap); deploy/gunicorn.conf.py
        # sets 1 behind nginx. See deliberation.gate.
        "REQUEST_SLOTS": int(env.get("AGORA_REQUEST_SLOTS", "0")),
        "MAIL_BACKEND": env.get("MAIL_BACKEND") or ("smtp" if env.get("MAIL_SERVER") else "console"),
        "MAIL_SERVER": env.get("MAIL_SERVER", ""),
        "MAIL_PORT": int(env.get("MAIL_PORT", "587")),
        "MAIL_USERNAME": env.get("MAIL_USERNAME", ""),
        "MAIL_PASSWORD": env.get("MAIL_PASSWORD", ""),
        "MAIL_USE_TLS": env.get("MAIL_USE_TLS", "1") != "0",
        "MAIL_SENDER": env.get("MAIL_SENDER", "Agora <no-reply@agora.localhost>"),
        "MAIL_DIR": str(instance_path / "mail"),
        "UPLOAD_FOLDER": env.get("UPLOAD_FOLDER", str(instance_path / "uploads")),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": production,
        "PREFERRED_URL_SCHEME": "https" if production else "http",
        "MAX_CONTENT_LENGTH": 8 * 1024 * 1024,
        "PASSWORD_RESET_MAX_AGE": 3600,
        "ARGON2_TIME_COST": int(env.get("ARGON2_TIME_COST", "3")),
        "ARGON2_MEMORY_COST": int(env.get("ARGON2_MEMORY_COST", "65536")),
        "WTF_CSRF_TIME_LIMIT": None,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
    }
