"""Forms for outcomes, delivery, volunteering, ratings and services."""
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import DateField, IntegerField, RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import AnyOf, Length, NumberRange, Optional

from deliberation.forms import NotBlank, select_choices
from models import DeliveryStatus

STARS = select_choices([(str(n), f"{n} star{'s' if n > 1 else ''}") for n in range(5, 0, -1)])


class PublishForm(FlaskForm):
    """Per-project decisions are read from the request; this carries the summary and CSRF."""

    summary = TextAreaField("Summary for residents", [Length(max=5000)],
                            description="Markdown. What the council decided and why.")
    submit = SubmitField("Publish outcome")


class UpdateForm(FlaskForm):
    body = TextAreaField("What happened", [NotBlank("Describe the progress."), Length(max=5000)])
    status = SelectField("Status", choices=select_choices((s.value, s.label) for s in DeliveryStatus))
    progress = IntegerField("Progress (%)", [NumberRange(min=0, max=100, message="Enter 0 to 100.")])
    spent = IntegerField("Money spent so far", [NumberRange(min=0, message="Enter 0 or more.")])
    cancel_reason = TextAreaField("Reason for cancelling (if cancelled)", [Length(max=1000)])
    image = FileField("Photo (optional)", description="PNG, JPEG or WebP, up to 2 MB.")
    submit = SubmitField("Post update")


class MilestoneForm(FlaskForm):
    title = StringField("Milestone", [NotBlank("Name the milestone."), Length(max=150)])
    due_on = DateField("Due on", [Optional()])
    submit = SubmitField("Add milestone")


class CommunityForm(FlaskForm):
    lead_group = StringField("Group delivering it", [Length(max=150)])
    lead_email = StringField("Email of the group's lead on Agora", [Length(max=254)])
    submit = SubmitField("Hand to community group")


class VolunteerForm(FlaskForm):
    offer = TextAreaField("What can you offer?", [NotBlank("Say what you can offer."), Length(max=500)])
    availability = StringField("When are you free?", [Length(max=200)])
    submit = SubmitField("Volunteer")


class ContactForm(FlaskForm):
    message = TextAreaField("Message to volunteers", [NotBlank("Write a message."), Length(max=3000)])
    submit = SubmitField("Send message")


class RatingForm(FlaskForm):
    stars = RadioField("Your rating", choices=STARS, validate_choice=False,
                       validators=[AnyOf(["1", "2", "3", "4", "5"], "Choose from 1 to 5 stars.")])
    comment = TextAreaField("How well does this serve you? (optional)", [Length(max=500)])
    submit = SubmitField("Save rating")


class ServiceForm(FlaskForm):
    name = StringField("Service name", [NotBlank("Name the service."), Length(max=150)])
    description = TextAreaField("Description", [Length(max=3000)])
    category = StringField("Category", [Length(max=80)], default="Other")
    neighbourhood = SelectField("Neighbourhood", coerce=int, validate_choice=False)
    submit = SubmitField("Register service")


class ConfirmForm(FlaskForm):
    """A state-changing button still carries a CSRF token."""

    submit = SubmitField("Confirm")
