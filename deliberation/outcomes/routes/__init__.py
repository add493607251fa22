"""Pages for what happens after the vote."""
from flask import Blueprint

bp = Blueprint("outcomes", __name__)

from deliberation.outcomes.routes import dashboard, decisions, delivery, ratings  # noqa: E402,F401
