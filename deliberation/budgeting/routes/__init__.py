"""Budgeting pages, on one blueprint split by audience."""
from flask import Blueprint

bp = Blueprint("budgeting", __name__)

from deliberation.budgeting.routes import admin, processes, proposals, voting  # noqa: E402,F401
