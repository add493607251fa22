"""Neighbourhood forms."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import Length

from deliberation.forms import NotBlank


class NeighbourhoodForm(FlaskForm):
    name = StringField(_l("Name"), [NotBlank(_l("Enter a name.")),
                                Length(max=80, message=_l("Use at most 80 characters."))])
    description = TextAreaField(_l("Description"), [Length(max=5000)],
                                description=_l("Markdown: **bold**, *italic*, lists and links."))
    submit = SubmitField(_l("Save neighbourhood"))


class MoveRequestForm(FlaskForm):
    neighbourhood = SelectField(_l("Move to"), coerce=int, validate_choice=False)
    reason = TextAreaField(_l("Why are you moving? (optional)"), [Length(max=500)])
    submit = SubmitField(_l("Request move"))


class DecideMoveForm(FlaskForm):
    approve = SubmitField(_l("Approve"))
    decline = SubmitField(_l("Decline"))
