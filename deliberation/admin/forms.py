"""Admin forms."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, SubmitField
from wtforms.validators import Length

from deliberation.forms import NotBlank, select_choices
from models import Role


class GrantRoleForm(FlaskForm):
    role = SelectField(_l("Role"), choices=select_choices((r.value, r.label) for r in Role))
    neighbourhood = SelectField(_l("Neighbourhood (facilitators only)"), coerce=int,
                                validate_choice=False)
    submit = SubmitField(_l("Grant role"))


class BlockForm(FlaskForm):
    reason = StringField(_l("Reason for blocking"), [
        NotBlank(_l("Say why; the person is shown this reason.")), Length(max=300)])
    submit = SubmitField(_l("Block account"))


class ConfirmForm(FlaskForm):
    """A button that changes state still needs a CSRF token."""

    submit = SubmitField(_l("Confirm"))
