"""Form helpers shared by every capability."""
from __future__ import annotations

from flask import flash, render_template
from flask_wtf import FlaskForm
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, ValidationError

from deliberation.errors import PolicyError


class NotBlank:
    """Refuse input that is only spaces, with the field's own message."""

    def __init__(self, message: str):
        self.message = message

    def __call__(self, form, field):
        if field.data is None or not str(field.data).strip():
            raise ValidationError(self.message)


def select_choices(pairs) -> list[SelectChoice]:
    """Options for a SelectField from (value, label) pairs."""
    return [SelectChoice(str(value), label) for value, label in pairs]


def password_rules() -> list:
    return [NotBlank("Enter a password."),
            Length(min=10, max=200, message="Use at least 10 characters for your password.")]


def show_policy_error(form: FlaskForm, error: PolicyError) -> None:
    """Put a service's refusal next to the field it concerns, or at the top of the page."""
    field = form._fields.get(error.field) if error.field else None
    if field is not None:
        field.errors = list(field.errors) + [error.message]
    else:
        form.form_errors.append(error.message)


def render_form(template: str, form: FlaskForm, **context):
    """Render a form page; a form with errors answers 400 so clients see the refusal."""
    has_errors = bool(form.errors) or bool(form.form_errors)
    if has_errors:
        flash("Please correct the problems marked below.", "error")
    return render_template(template, form=form, **context), (400 if has_errors else 200)
