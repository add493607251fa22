"""Moderation forms."""
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import Length

from deliberation.forms import NotBlank, select_choices
from deliberation.moderation.services import MUTE_CHOICES


class HideForm(FlaskForm):
    reason = StringField("Reason for hiding",
                         [NotBlank("Say why; the author and readers see this reason."),
                          Length(max=300)],
                         description="Shown in place of the comment: “Hidden by a moderator: …”.")
    submit = SubmitField("Hide comment")


class AppealForm(FlaskForm):
    text = TextAreaField("Why should your comment be shown again?",
                         [NotBlank("Say why the comment should be shown again."), Length(max=1000)])
    submit = SubmitField("Send appeal")


class MuteForm(FlaskForm):
    minutes = SelectField("Mute for", coerce=int, choices=select_choices(MUTE_CHOICES),
                          validate_choice=False)
    reason = StringField("Reason", [NotBlank("Say why; the person is shown this reason."),
                                    Length(max=300)])
    submit = SubmitField("Mute")


class ConfirmForm(FlaskForm):
    submit = SubmitField("Confirm")
