"""The verification desk where facilitators and admins confirm residents."""
from __future__ import annotations
from flask_babel import gettext as _

from flask import Blueprint, abort, flash, redirect, url_for
from flask_login import current_user, login_required

from deliberation import permissions
from deliberation.errors import PolicyError
from deliberation.extensions import db
from deliberation.forms import render_form, select_choices, submit
from deliberation.neighbourhoods.services import all_neighbourhoods
from deliberation.verification import forms, services
from models import Neighbourhood, User, VerificationMethod

bp = Blueprint("verification", __name__, url_prefix="/staff/verification")


def _scope() -> set[int] | None:
    """None means every neighbourhood (admins); otherwise the facilitator's own."""
    permissions.require(permissions.can_verify_residents(current_user))
    return None if permissions.is_admin(current_user) else \
        permissions.facilitated_neighbourhood_ids(current_user)


def _desk(import_form=None):
    scope = _scope()
    import_form = import_form or forms.CensusImportForm()
    import_form.neighbourhood.choices = select_choices(
        (n.id, n.name) for n in all_neighbourhoods() if scope is None or n.id in scope)
    residents = [r for r in services.unverified_residents(scope) if r.id != current_user.id]
    matches = {r.id: services.census_match(r) for r in residents}
    return render_form("verification/desk.html", import_form, residents=residents,
                       matches=matches, verify_form=forms.VerifyForm())


@bp.get("/")
@login_required
def desk():
    return _desk()


@bp.post("/census")
@login_required
def import_census():
    scope = _scope()
    form = forms.CensusImportForm()
    form.neighbourhood.choices = select_choices((n.id, n.name) for n in all_neighbourhoods())
    if form.validate_on_submit():
        area = db.session.get(Neighbourhood, form.neighbourhood.data)
        if area is None or (scope is not None and area.id not in scope):
            abort(403)
        ok, counts = submit(form, lambda: services.import_census(current_user, area,
                                                                 form.file.data.read()))
        if ok:
            added, skipped = counts
            flash(_("Imported %(added)s census references for %(name)s", added=added, name=area.name)
                  + (f"; {skipped} were already listed." if skipped else "."), "success")
            return redirect(url_for("verification.desk"))
    return _desk(import_form=form)


@bp.post("/residents/<int:user_id>")
@login_required
def verify(user_id: int):
    resident = db.get_or_404(User, user_id)
    permissions.require(permissions.can_verify(current_user, resident))
    form = forms.VerifyForm()
    if not form.validate_on_submit():
        abort(400)
    method = VerificationMethod.CENSUS if form.census.data else VerificationMethod.IN_PERSON
    try:
        services.verify_resident(current_user, resident, method, form.note.data or "")
        db.session.commit()
        flash(_("%(display_name)s is verified.", display_name=resident.display_name), "success")
    except PolicyError as error:
        flash(error.message, "error")
    return redirect(url_for("verification.desk"))
