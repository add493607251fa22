"""Who may do what: plain functions shared by routes, templates and socket events."""
from __future__ import annotations

from functools import wraps

from flask import abort
from flask_login import current_user

from deliberation.extensions import login_manager
from models import Role, User


def is_staff(user: User) -> bool:
    """Anyone with a staff role sees the staff menu."""
    return bool(getattr(user, "is_authenticated", False) and user.roles)


def is_admin(user: User) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.has_role(Role.ADMIN))


def is_councillor(user: User) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.has_role(Role.COUNCILLOR))


def facilitated_neighbourhood_ids(user: User) -> set[int]:
    """Neighbourhoods a facilitator looks after; admins look after all of them."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return {g.neighbourhood_id for g in user.role_grants if g.role is Role.FACILITATOR}


def can_facilitate(user: User, neighbourhood_id: int) -> bool:
    """Facilitators act in their own neighbourhoods; admins everywhere."""
    return is_admin(user) or neighbourhood_id in facilitated_neighbourhood_ids(user)


def can_verify_residents(user: User) -> bool:
    """The verification desk is for facilitators and admins."""
    return is_admin(user) or bool(facilitated_neighbourhood_ids(user))


def can_verify(user: User, resident: User) -> bool:
    """Staff verify residents of neighbourhoods they look after, never themselves."""
    return user.id != resident.id and can_facilitate(user, resident.neighbourhood_id)


def can_take_part(user: User) -> bool:
    """Voting and proposing need a verified, active account."""
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_verified)


def require(allowed: bool) -> None:
    """Stop the request with 403 when a permission check fails."""
    if not allowed:
        abort(403)


def admin_required(view):
    """Decorate admin-only views; anonymous visitors are sent to log in first."""
    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        require(is_admin(current_user))
        return view(*args, **kwargs)
    return wrapped
