"""Moderation forms."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import Length

from deliberation.forms import NotBlank, select_choices
from deliberation.moderation.services import MUTE_CHOICES


class HideForm(FlaskForm):
    reason = StringField(_l("Reason for hiding"),
                         [NotBlank(_l("Say why; the author and readers see this reason.")),
                          Length(max=300)],
                         description=_l("Shown in place of the comment: “Hidden by a moderator: …”."))
    submit = SubmitField(_l("Hide comment"))


class AppealForm(FlaskForm):
    text = TextAreaField(_l("Why should your comment be shown again?"),
                         [NotBlank(_l("Say why the comment should be shown again.")), Length(max=1000)])
    submit = SubmitField(_l("Send appeal"))


class MuteForm(FlaskForm):
    minutes = SelectField(_l("Mute for"), coerce=int, choices=select_choices(MUTE_CHOICES),
                          validate_choice=False)
    reason = StringField(_l("Reason"), [NotBlank(_l("Say why; the person is shown this reason.")),
                                    Length(max=300)])
    submit = SubmitField(_l("Mute"))


class ConfirmForm(FlaskForm):
    submit = SubmitField(_l("Confirm"))
