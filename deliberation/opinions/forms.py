"""Opinion-map forms: they check shape; the services decide who may and when."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import AnyOf, InputRequired, Length
from wtforms.widgets import HiddenInput

from deliberation.forms import NotBlank, select_choices
from models import FlagReason
from models.opinions import MAX_STATEMENT


class VoteForm(FlaskForm):
    """The statement comes as a hidden field; the button pressed says agree, disagree or pass."""

    statement_id = IntegerField(widget=HiddenInput(), validators=[InputRequired()])
    value = StringField(validators=[AnyOf(["agree", "disagree", "pass"],
                                          message=_l("Choose agree, disagree or pass."))])


class StatementForm(FlaskForm):
    text = TextAreaField(_l("Your statement"),
                         [NotBlank(_l("Write the statement.")),
                          Length(max=MAX_STATEMENT,
                                 message=_l("Keep statements to 140 characters or fewer."))],
                         description=_l("One idea others can agree or disagree with, in up to 140 characters."),
                         render_kw={"maxlength": MAX_STATEMENT, "rows": 3})
    submit = SubmitField(_l("Add statement"))


class StartForm(FlaskForm):
    seeds = TextAreaField(_l("Starting statements, one per line"), [Length(max=10_000)],
                          description=_l("Each line becomes a statement of up to 140 characters."))
    residents_may_add = BooleanField(_l("Residents may add statements"), default=True)
    submit = SubmitField(_l("Start the opinion map"))


class SettingsForm(FlaskForm):
    residents_may_add = BooleanField(_l("Residents may add statements"))
    submit = SubmitField(_l("Save setting"))


class HideStatementForm(FlaskForm):
    reason = StringField(_l("Reason for hiding"),
                         [NotBlank(_l("Say why; the author and readers see this reason.")),
                          Length(max=300)],
                         description=_l("The author is told and sees this reason."))
    submit = SubmitField(_l("Hide statement"))


class FlagStatementForm(FlaskForm):
    reason = SelectField(_l("Why should a moderator look at this?"),
                         choices=select_choices((r.value, r.label) for r in FlagReason))
    details = StringField(_l("Anything else moderators should know? (optional)"), [Length(max=500)])
    submit = SubmitField(_l("Send to moderators"))


class ConfirmForm(FlaskForm):
    """A button that changes state still needs a CSRF token."""

    submit = SubmitField(_l("Confirm"))
