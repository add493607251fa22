"""Account verbs: register, authenticate, change and reset passwords, delete."""
from __future__ import annotations
from flask_babel import gettext as _

import hashlib

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app, url_for
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from deliberation import audit
from deliberation.errors import PolicyError
from deliberation.mail import send_mail
from models import Neighbourhood, User, db, utcnow
from models.accounts import new_session_token

RESET_SALT = "agora-password-reset"


def _hasher() -> PasswordHasher:
    """argon2 with the app's cost settings (tests lower them to stay fast)."""
    cache = current_app.extensions.setdefault("agora_hasher", {})
    if "hasher" not in cache:
        hasher = PasswordHasher(time_cost=current_app.config["ARGON2_TIME_COST"],
                                memory_cost=current_app.config["ARGON2_MEMORY_COST"])
        cache.update(hasher=hasher, dummy=hasher.hash("a password nobody has"))
    return cache["hasher"]


def _dummy_hash() -> str:
    _hasher()
    return current_app.extensions["agora_hasher"]["dummy"]


def normalise_email(email: str) -> str:
    """Compare emails case-insensitively, as residents expect."""
    return email.strip().lower()


def find_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def set_password(user: User, password: str) -> None:
    """Hash with argon2 and end the account's other sessions."""
    user.password_hash = _hasher().hash(password)
    user.session_token = new_session_token()


def password_matches(user: User | None, password: str) -> bool:
    """Verify in constant-ish time, hashing even when there is no such account."""
    try:
        _hasher().verify(user.password_hash if user and user.password_hash else _dummy_hash(), password)
    except (VerificationError, InvalidHashError):
        return False
    return user is not None and user.password_hash is not None


def register_user(display_name: str, email: str, password: str, neighbourhood_id: int,
                  census_reference: str | None = None) -> User:
    """Create a resident account, unverified until staff confirm where they live."""
    if db.session.get(Neighbourhood, neighbourhood_id) is None:
        raise PolicyError(_("Choose one of the listed neighbourhoods."), field="neighbourhood")
    if find_by_email(email) is not None:
        raise PolicyError(_("An account with this email already exists. Log in, or reset your password if you forgot it."), field="email")
    user = User(display_name=display_name.strip(), email=normalise_email(email),
                neighbourhood_id=neighbourhood_id,
                census_reference=(census_reference or "").strip() or None)
    set_password(user, password)
    db.session.add(user)
    try:
        db.session.flush()
    except IntegrityError as error:  # a simultaneous registration won the race
        db.session.rollback()
        raise PolicyError(_("An account with this email already exists."), field="email") from error
    audit.record(user, "account.register", user, f"{user.display_name} joined",
                 neighbourhood_id=neighbourhood_id)
    return user


def authenticate(email: str, password: str) -> User:
    """Return the account for these credentials or refuse with a reason."""
    user = find_by_email(email)
    if not password_matches(user, password) or user.deleted_at is not None:
        raise PolicyError(_("That email and password do not match an account."), field="password")
    if user.blocked_at is not None:
        raise PolicyError(_("This account is blocked: %(given)s.", given=user.blocked_reason or 'no reason given'),
                          field="email", status=403)
    if _hasher().check_needs_rehash(user.password_hash):
        user.password_hash = _hasher().hash(password)
    return user


def change_password(user: User, current: str, new: str) -> None:
    """Change a password after checking the current one."""
    if not password_matches(user, current):
        raise PolicyError(_("Your current password is not right."), field="current_password")
    set_password(user, new)
    audit.record(user, "account.password_change", user, "Changed their password")


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=RESET_SALT)


def _fingerprint(user: User) -> str:
    """Changes whenever the password does, so a reset link works only once."""
    return hashlib.sha256((user.password_hash or "").encode()).hexdigest()[:16]


def end_sessions(user: User) -> None:
    """Logging out ends the account's sessions everywhere: a copied cookie, a remembered device
    or a socket left open on another server process all stop working with the old token."""
    user.session_token = new_session_token()


def send_password_reset(email: str) -> None:
    """Mail a signed, expiring link; say nothing about whether the account exists."""
    user = find_by_email(email)
    if user is None or not user.is_active:
        return
    token = _serializer().dumps({"id": user.id, "fp": _fingerprint(user)})
    link = url_for("accounts.reset_password", token=token, _external=True)
    minutes = current_app.config["PASSWORD_RESET_MAX_AGE"] // 60
    send_mail(user.email, "Reset your Agora password",
              f"Hello {user.display_name},\n\nTo choose a new password, open this link within "
              f"{minutes} minutes:\n\n{link}\n\nIf you did not ask for this, ignore this message; "
              "your password stays as it is.\n")


def user_for_reset_token(token: str) -> User:
    """Check a reset link: signed by us, not expired, not used already."""
    try:
        data = _serializer().loads(token, max_age=current_app.config["PASSWORD_RESET_MAX_AGE"])
    except SignatureExpired as error:
        raise PolicyError(_("This reset link has expired. Ask for a new one.")) from error
    except BadSignature as error:
        raise PolicyError(_("This reset link is not valid. Ask for a new one.")) from error
    user = db.session.get(User, data.get("id")) if isinstance(data, dict) else None
    if user is None or not user.is_active or data.get("fp") != _fingerprint(user):
        raise PolicyError(_("This reset link has already been used. Ask for a new one."))
    return user


def reset_password(token: str, new_password: str) -> User:
    """Set a new password through a reset link, which then stops working."""
    user = user_for_reset_token(token)
    set_password(user, new_password)
    audit.record(user, "account.password_reset", user, "Reset their password by email link")
    return user


def delete_account(user: User, password: str) -> None:
    """Anonymise the account; what the person wrote stays, without their name."""
    if not password_matches(user, password):
        raise PolicyError(_("Your password is not right."), field="password")
    user.display_name = "Former resident"
    user.email = f"deleted-{user.id}@deleted.invalid"
    user.password_hash = None
    user.census_reference = None
    user.deleted_at = utcnow()
    user.session_token = new_session_token()
    user.role_grants.clear()
    audit.record(None, "account.delete", user, f"Account {user.id} was deleted and anonymised")


def count_residents(neighbourhood_id: int) -> int:
    return db.session.scalar(select(func.count(User.id)).where(
        User.neighbourhood_id == neighbourhood_id, User.deleted_at.is_(None))) or 0
