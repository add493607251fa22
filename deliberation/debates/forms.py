"""Debate forms: shape only; the services decide who may and when."""
from flask_wtf import FlaskForm
from wtforms import DateTimeLocalField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length

from deliberation.forms import NotBlank

TIME_FORMAT = "%Y-%m-%dT%H:%M"


class DebateForm(FlaskForm):
    title = StringField("Title", [NotBlank("Give the debate a title."), Length(max=150)])
    question = StringField("The question", [NotBlank("Write the question residents will discuss."),
                                            Length(max=300)])
    background = TextAreaField("Background (optional)", [Length(max=10_000)],
                               description="Markdown: **bold**, *italic*, lists and links.")
    link_url = StringField("Related page on Agora (optional)", [Length(max=300)],
                           description="An address on this site starting with /, e.g. a proposal.")
    starts_at = DateTimeLocalField("Starts (UTC)", [InputRequired("Choose when the debate opens.")],
                                   format=TIME_FORMAT)
    ends_at = DateTimeLocalField("Ends (UTC)", [InputRequired("Choose when the debate closes.")],
                                 format=TIME_FORMAT)
    submit = SubmitField("Create debate")


def edit_form(debate, is_open: bool) -> DebateForm:
    """The create form, filled in from the debate; once it is open the start is shown, fixed."""
    form = DebateForm(obj=debate)
    form.submit.label.text = "Save changes"
    if is_open:
        form.starts_at.render_kw = {"readonly": True}
        form.starts_at.description = "The debate is open, so its start cannot move."
    return form


class ConcludeForm(FlaskForm):
    conclusion = TextAreaField("Conclusion", [NotBlank("Write the conclusion residents will read."),
                                              Length(max=10_000)],
                               description="Shown at the top of the debate. Markdown allowed.")
    submit = SubmitField("Close and publish conclusion")


class AnnounceForm(FlaskForm):
    body = StringField("Announcement", [NotBlank("Write the announcement."), Length(max=500)])
    submit = SubmitField("Announce to everyone")


class ConfirmForm(FlaskForm):
    submit = SubmitField("Confirm")
