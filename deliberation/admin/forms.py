"""Admin forms."""
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, SubmitField
from wtforms.validators import Length

from deliberation.forms import NotBlank, select_choices
from models import Role


class GrantRoleForm(FlaskForm):
    role = SelectField("Role", choices=select_choices((r.value, r.label) for r in Role))
    neighbourhood = SelectField("Neighbourhood (facilitators only)", coerce=int,
                                validate_choice=False)
    submit = SubmitField("Grant role")


class BlockForm(FlaskForm):
    reason = StringField("Reason for blocking", [
        NotBlank("Say why; the person is shown this reason."), Length(max=300)])
    submit = SubmitField("Block account")


class ConfirmForm(FlaskForm):
    """A button that changes state still needs a CSRF token."""

    submit = SubmitField("Confirm")
