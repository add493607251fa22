"""Debate forms: shape only; the services decide who may and when."""
from flask_babel import gettext as _, lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateTimeLocalField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length

from deliberation.forms import NotBlank

TIME_FORMAT = "%Y-%m-%dT%H:%M"


class DebateForm(FlaskForm):
    title = StringField(_l("Title"), [NotBlank(_l("Give the debate a title.")), Length(max=150)])
    question = StringField(_l("The question"), [NotBlank(_l("Write the question residents will discuss.")),
                                            Length(max=300)])
    background = TextAreaField(_l("Background (optional)"), [Length(max=10_000)],
                               description=_l("Markdown: **bold**, *italic*, lists and links."))
    link_url = StringField(_l("Related page on Agora (optional)"), [Length(max=300)],
                           description=_l("An address on this site starting with /, e.g. a proposal."))
    starts_at = DateTimeLocalField(_l("Starts (UTC)"), [InputRequired(_l("Choose when the debate opens."))],
                                   format=TIME_FORMAT)
    ends_at = DateTimeLocalField(_l("Ends (UTC)"), [InputRequired(_l("Choose when the debate closes."))],
                                 format=TIME_FORMAT)
    submit = SubmitField(_l("Create debate"))


def edit_form(debate, is_open: bool) -> DebateForm:
    """The create form, filled in from the debate; once it is open the start is shown, fixed."""
    form = DebateForm(obj=debate)
    form.submit.label.text = _("Save changes")
    if is_open:
        form.starts_at.render_kw = {"readonly": True}
        form.starts_at.description = _("The debate is open, so its start cannot move.")
    return form


class ConcludeForm(FlaskForm):
    conclusion = TextAreaField(_l("Conclusion"), [NotBlank(_l("Write the conclusion residents will read.")),
                                              Length(max=10_000)],
                               description=_l("Shown at the top of the debate. Markdown allowed."))
    submit = SubmitField(_l("Close and publish conclusion"))


class AnnounceForm(FlaskForm):
    body = StringField(_l("Announcement"), [NotBlank(_l("Write the announcement.")), Length(max=500)])
    submit = SubmitField(_l("Announce to everyone"))


class ConfirmForm(FlaskForm):
    submit = SubmitField(_l("Confirm"))
