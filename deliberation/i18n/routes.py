"""The language switcher: a plain form, so it works without JavaScript."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, request
from flask_babel import force_locale, gettext as _
from flask_login import current_user

from deliberation.errors import PolicyError, render_error
from deliberation.extensions import db
from deliberation.i18n.forms import LanguageForm
from deliberation.i18n.locales import COOKIE, LANGUAGES
from deliberation.i18n.services import choose_language
from deliberation.security import safe_next

bp = Blueprint("i18n", __name__)
ONE_YEAR = 365 * 24 * 3600


@bp.post("/language")
def change_language():
    """Remember the choice (account and cookie) and go back to the page the person was on."""
    form = LanguageForm()
    back = safe_next(form.next.data or request.referrer)
    if not form.validate_on_submit():
        return render_error(400, _("Please choose a language from the list."))
    try:
        code = choose_language(current_user, form.locale.data)
        db.session.commit()
    except PolicyError as error:
        db.session.rollback()
        return render_error(400, error.message)
    with force_locale(LANGUAGES[code].babel_code):
        flash(_("Agora now speaks %(language)s.", language=LANGUAGES[code].name), "success")
    response = redirect(back)
    response.set_cookie(COOKIE, code, max_age=ONE_YEAR, samesite="Lax", httponly=True,
                        secure=request.is_secure)
    return response
