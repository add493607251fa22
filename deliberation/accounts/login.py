"""Flask-Login wiring: sessions carry a rotating token, not the user id."""
from __future__ import annotations

from functools import cache

from flask import Flask
from flask_login import LoginManager
from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.orm import joinedload, with_expression

from models import Notification, User, db


@cache
def _by_token() -> Select:
    """Built once, as every request runs it; with the roles (checked on most requests), the
    neighbourhood and the unread notifications (in every page's menu) in the same query."""
    unread = select(func.count(Notification.id)).where(
        Notification.user_id == User.id, Notification.read_at.is_(None)).scalar_subquery()
    return select(User).where(User.session_token == bindparam("token")).options(
        joinedload(User.role_grants), joinedload(User.neighbourhood),
        with_expression(User.unread_notifications, unread))


def load_user(token: str) -> User | None:
    """Find the account whose current session token this is; blocked accounts get none."""
    user = db.session.scalars(_by_token(), {"token": token}).unique().one_or_none()
    return user if user is not None and user.is_active else None


def init_app(app: Flask, login_manager: LoginManager) -> None:
    login_manager.init_app(app)
    login_manager.user_loader(load_user)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = "Please log in to see that page."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
