"""Thread forms: they check shape; services check who may post and when."""
from flask_babel import gettext as _, lazy_gettext as _l
from deliberation.i18n.formatting import format_number
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import AnyOf, Length

from deliberation.forms import NotBlank, select_choices
from deliberation.threads.services import MAX_BODY
from models import FlagReason, ReactionKind

BODY_RULES = [NotBlank(_l("Write something before posting.")),
              Length(max=MAX_BODY, message=_("Keep comments under %(max_body)s characters.", max_body=format_number(MAX_BODY)))]
MARKDOWN_HINT = _l("Markdown: **bold**, *italic*, lists and links.")


class CommentForm(FlaskForm):
    body = TextAreaField(_l("Your comment"), BODY_RULES, description=MARKDOWN_HINT)
    submit = SubmitField(_l("Post comment"))


class ReplyForm(FlaskForm):
    body = TextAreaField(_l("Your reply"), BODY_RULES, description=MARKDOWN_HINT)
    submit = SubmitField(_l("Post reply"))


class EditForm(FlaskForm):
    body = TextAreaField(_l("Your comment"), BODY_RULES, description=MARKDOWN_HINT)
    submit = SubmitField(_l("Save changes"))


class ReactionForm(FlaskForm):
    kind = StringField(_l("Reaction"), [AnyOf([k.value for k in ReactionKind],
                                          message=_l("Choose agree, disagree or question."))])


class FlagForm(FlaskForm):
    reason = SelectField(_l("Why should a moderator look at this?"),
                         choices=select_choices((r.value, r.label) for r in FlagReason))
    details = StringField(_l("Anything else moderators should know? (optional)"), [Length(max=500)])
    submit = SubmitField(_l("Send to moderators"))


class LockForm(FlaskForm):
    reason = StringField(_l("Reason for locking"), [NotBlank(_l("Say why; everyone sees this reason.")),
                                                Length(max=300)])
    submit = SubmitField(_l("Lock discussion"))


SLOW_MODE_CHOICES = [(0, _l("Off")), (30, _l("30 seconds")), (60, _l("1 minute")), (120, _l("2 minutes")),
                     (300, _l("5 minutes"))]


class SlowModeForm(FlaskForm):
    seconds = SelectField(_l("Slow mode: one comment per person every"), coerce=int,
                          choices=select_choices(SLOW_MODE_CHOICES), validate_choice=False)
    submit = SubmitField(_l("Set slow mode"))


class ConfirmForm(FlaskForm):
    """A button that changes state still needs a CSRF token."""

    submit = SubmitField(_l("Confirm"))

