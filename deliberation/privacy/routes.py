"""Downloading one's own data: a plain POST form on the account page, no JavaScript needed."""
from __future__ import annotations

from flask import Blueprint, Response
from flask_login import current_user, login_required

from deliberation.extensions import db, limiter
from deliberation.privacy.services import export_personal_data

bp = Blueprint("privacy", __name__)


@bp.post("/account/my-data")
@login_required
@limiter.limit("5 per hour")
def download():
    """Only ever the signed-in person's own data: the route takes no user id (CSRF: app-wide)."""
    archive = export_personal_data(current_user._get_current_object())
    db.session.commit()
    return Response(archive, mimetype="application/zip", headers={
        "Content-Disposition": "attachment; filename=agora-my-data.zip",
        "Cache-Control": "no-store"})
