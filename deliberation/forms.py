"""Form helpers shared by every capability."""
from __future__ import annotations
from flask_babel import gettext as _, lazy_gettext as _l

from typing import Callable, TypeVar

from flask import abort, flash, render_template
from flask_babel import gettext as _, lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, ValidationError

from deliberation.errors import PolicyError
from deliberation.extensions import db

T = TypeVar("T")


class NotBlank:
    """Refuse input that is only spaces, with the field's own message (lazy, from `_l`)."""

    def __init__(self, message):
        self.message = message

    def __call__(self, form, field):
        if field.data is None or not str(field.data).strip():
            raise ValidationError(self.message)


def select_choices(pairs) -> list[SelectChoice]:
    """Options for a SelectField from (value, label) pairs."""
    return [SelectChoice(str(value), label) for value, label in pairs]


def password_rules() -> list:
    return [NotBlank(_l("Enter a password.")),
            Length(min=10, max=200, message=_l("Use at least 10 characters for your password."))]


def show_policy_error(form: FlaskForm, error: PolicyError) -> None:
    """Put a service's refusal next to the field it concerns, or at the top of the page."""
    field = form._fields.get(error.field) if error.field else None
    if field is not None:
        field.errors = list(field.errors) + [error.message]
    else:
        form.form_errors.append(error.message)


def submit(form: FlaskForm, action: Callable[[], T], *,
           inline_403: bool = False) -> tuple[bool, T | None]:
    """Run a service in one transaction: commit, or roll back and show its refusal by the field."""
    try:
        result = action()
        db.session.commit()
    except PolicyError as error:
        db.session.rollback()  # nothing half-written survives a refusal
        # A permission refusal is the 403 page, unless its reason is what the person needs to
        # read by the field (a locked thread, a mute, an account not verified yet).
        if error.status == 403 and not inline_403:
            abort(403)
        show_policy_error(form, error)
        return False, None
    return True, result


def render_form(template: str, form: FlaskForm, **context):
    """Render a form page; a form with errors answers 400 so clients see the refusal."""
    has_errors = bool(form.errors) or bool(form.form_errors)
    if has_errors:
        flash(_("Please correct the problems marked below."), "error")
    return render_template(template, form=form, **context), (400 if has_errors else 200)
