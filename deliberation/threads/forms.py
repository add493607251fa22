"""Thread forms: they check shape; services check who may post and when."""
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import AnyOf, Length

from deliberation.forms import NotBlank, select_choices
from deliberation.threads.services import MAX_BODY
from models import FlagReason, ReactionKind

BODY_RULES = [NotBlank("Write something before posting."),
              Length(max=MAX_BODY, message=f"Keep comments under {MAX_BODY:,} characters.")]
MARKDOWN_HINT = "Markdown: **bold**, *italic*, lists and links."


class CommentForm(FlaskForm):
    body = TextAreaField("Your comment", BODY_RULES, description=MARKDOWN_HINT)
    submit = SubmitField("Post comment")


class ReplyForm(FlaskForm):
    body = TextAreaField("Your reply", BODY_RULES, description=MARKDOWN_HINT)
    submit = SubmitField("Post reply")


class EditForm(FlaskForm):
    body = TextAreaField("Your comment", BODY_RULES, description=MARKDOWN_HINT)
    submit = SubmitField("Save changes")


class ReactionForm(FlaskForm):
    kind = StringField("Reaction", [AnyOf([k.value for k in ReactionKind],
                                          message="Choose agree, disagree or question.")])


class FlagForm(FlaskForm):
    reason = SelectField("Why should a moderator look at this?",
                         choices=select_choices((r.value, r.label) for r in FlagReason))
    details = StringField("Anything else moderators should know? (optional)", [Length(max=500)])
    submit = SubmitField("Send to moderators")


class LockForm(FlaskForm):
    reason = StringField("Reason for locking", [NotBlank("Say why; everyone sees this reason."),
                                                Length(max=300)])
    submit = SubmitField("Lock discussion")


SLOW_MODE_CHOICES = [(0, "Off"), (30, "30 seconds"), (60, "1 minute"), (120, "2 minutes"),
                     (300, "5 minutes")]


class SlowModeForm(FlaskForm):
    seconds = SelectField("Slow mode: one comment per person every", coerce=int,
                          choices=select_choices(SLOW_MODE_CHOICES), validate_choice=False)
    submit = SubmitField("Set slow mode")


class ConfirmForm(FlaskForm):
    """A button that changes state still needs a CSRF token."""

    submit = SubmitField("Confirm")

