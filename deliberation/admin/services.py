"""Admin verbs: grant and revoke staff roles, block and unblock accounts."""
from __future__ import annotations
from flask_babel import gettext as _

from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError

from deliberation import audit, live
from deliberation.errors import PolicyError
from models import Neighbourhood, Role, RoleGrant, User, db, utcnow
from models.accounts import new_session_token


def search_users(query: str = ""):
    """Accounts whose name or email contains the text, newest first."""
    statement = select(User).where(User.deleted_at.is_(None))
    text = query.strip().lower()
    if text:
        escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        pattern = f"%{escaped}%"
        statement = statement.where(or_(func.lower(User.display_name).like(pattern, escape="\\"),
                                        User.email.like(pattern, escape="\\")))
    return statement.order_by(User.created_at.desc(), User.id.desc())


def _describe(role: Role, neighbourhood: Neighbourhood | None) -> str:
    return f"{role.label} of {neighbourhood.name}" if neighbourhood else role.label


def grant_role(actor: User, user: User, role: Role, neighbourhood_id: int | None) -> RoleGrant:
    """Give a staff role; facilitators are always tied to a neighbourhood."""
    area = db.session.get(Neighbourhood, neighbourhood_id) if neighbourhood_id else None
    if role is Role.FACILITATOR and area is None:
        raise PolicyError(_("Choose the neighbourhood this person will facilitate."),
                          field="neighbourhood")
    if role is not Role.FACILITATOR:
        area = None
    if user.has_role(role, area.id if area else None):
        raise PolicyError(_("%(display_name)s is already %(_describe)s.", display_name=user.display_name, _describe=_describe(role, area)), field="role")
    grant = RoleGrant(role=role, neighbourhood_id=area.id if area else None,
                      granted_by_id=actor.id)
    user.role_grants.append(grant)
    try:
        db.session.flush()
    except IntegrityError as error:
        db.session.rollback()
        raise PolicyError(_("That role was granted a moment ago."), field="role") from error
    user.session_token = new_session_token()  # their open pages pick up the new menu on login
    live.disconnect_user_after_commit(user.id, "Your role changed; please log in again.")
    audit.record(actor, "role.grant", user, f"Granted {_describe(role, area)} to {user.display_name}",
                 neighbourhood_id=area.id if area else None,
                 detail={"role": role.value, "neighbourhood": area.name if area else None})
    return grant


def revoke_role(actor: User, grant: RoleGrant) -> None:
    """Take a staff role away; the person's sessions end so the change is immediate."""
    user = grant.user
    if grant.role is Role.ADMIN and user.id == actor.id:
        raise PolicyError(_("You cannot remove your own admin role; ask another admin."))
    label = _describe(grant.role, grant.neighbourhood)
    audit.record(actor, "role.revoke", user, f"Revoked {label} from {user.display_name}",
                 neighbourhood_id=grant.neighbourhood_id,
                 detail={"role": grant.role.value,
                         "neighbourhood": grant.neighbourhood.name if grant.neighbourhood else None})
    user.role_grants.remove(grant)
    user.session_token = new_session_token()
    live.disconnect_user_after_commit(user.id, "Your role changed; please log in again.")


def block_user(actor: User, user: User, reason: str) -> None:
    """Block an account platform-wide; its sessions end at once."""
    if user.id == actor.id:
        raise PolicyError(_("You cannot block yourself."))
    if user.blocked_at is not None:
        raise PolicyError(_("%(display_name)s is already blocked.", display_name=user.display_name))
    user.blocked_at, user.blocked_reason = utcnow(), reason.strip()
    user.session_token = new_session_token()
    live.disconnect_user_after_commit(user.id, "Your account is blocked.")
    audit.record(actor, "account.block", user, f"Blocked {user.display_name}: {reason.strip()}",
                 neighbourhood_id=user.neighbourhood_id)


def unblock_user(actor: User, user: User) -> None:
    """Lift a block."""
    if user.blocked_at is None:
        raise PolicyError(_("%(display_name)s is not blocked.", display_name=user.display_name))
    user.blocked_at = user.blocked_reason = None
    audit.record(actor, "account.unblock", user, f"Unblocked {user.display_name}",
                 neighbourhood_id=user.neighbourhood_id)
