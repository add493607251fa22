"""Flask-Login wiring: sessions carry a rotating token, not the user id."""
from __future__ import annotations

from flask import Flask
from flask_login import LoginManager
from sqlalchemy import select

from models import User, db


def load_user(token: str) -> User | None:
    """Find the account whose current session token this is; blocked accounts get none."""
    user = db.session.scalar(select(User).where(User.session_token == token))
    return user if user is not None and user.is_active else None


def init_app(app: Flask, login_manager: LoginManager) -> None:
    login_manager.init_app(app)
    login_manager.user_loader(load_user)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = "Please log in to see that page."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
