"""Neighbourhood forms."""
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import Length

from deliberation.forms import NotBlank


class NeighbourhoodForm(FlaskForm):
    name = StringField("Name", [NotBlank("Enter a name."),
                                Length(max=80, message="Use at most 80 characters.")])
    description = TextAreaField("Description", [Length(max=5000)],
                                description="Markdown: **bold**, *italic*, lists and links.")
    submit = SubmitField("Save neighbourhood")


class MoveRequestForm(FlaskForm):
    neighbourhood = SelectField("Move to", coerce=int, validate_choice=False)
    reason = TextAreaField("Why are you moving? (optional)", [Length(max=500)])
    submit = SubmitField("Request move")


class DecideMoveForm(FlaskForm):
    approve = SubmitField("Approve")
    decline = SubmitField("Decline")
