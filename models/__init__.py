"""Every model module, imported so the metadata (and Alembic) sees all tables."""
from models.base import db, utcnow  # noqa: F401
from models.neighbourhoods import MoveRequest, MoveStatus, Neighbourhood  # noqa: F401
from models.accounts import Role, RoleGrant, User, VerificationMethod  # noqa: F401
from models.verification import CensusEntry  # noqa: F401
from models.audit import AuditEntry  # noqa: F401
