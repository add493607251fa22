"""Kinds of person, grouped as the access tables name them (see access_world.ROLES)."""
from tests.security.access_world import ROLES

EVERYONE = set(ROLES)
SIGNED_IN = EVERYONE - {"anonymous"}
RIVERSIDE_VERIFIED = {"resident", "facilitator"}          # verified residents of Riverside
ADMIN = {"admin"}
COUNCIL = {"councillor", "admin"}
LOCAL_STAFF = {"facilitator", "admin"}                    # Riverside's facilitator, or an admin
ANY_STAFF = {"facilitator elsewhere", "facilitator", "admin"}
SURVEY_STAFF = {"facilitator", "councillor", "admin"}     # the survey's author's peers
NOBODY: set[str] = set()                                  # refused in this state (voting phase)
AUTHOR = {"facilitator"}                                  # wrote the proposal and the comment
DISCUSSANTS = {"unverified", "resident", "facilitator", "councillor", "admin"}
