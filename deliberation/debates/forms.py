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
