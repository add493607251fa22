"""Forms for outcomes, delivery, volunteering, ratings and services."""
from flask_babel import lazy_gettext as _l, lazy_ngettext
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import DateField, IntegerField, RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import AnyOf, Length, NumberRange, Optional

from deliberation.forms import NotBlank, select_choices
from models import DeliveryStatus

STARS = select_choices([(str(n), lazy_ngettext("%(num)s star", "%(num)s stars", n)) for n in range(5, 0, -1)])


class PublishForm(FlaskForm):
    """Per-project decisions are read from the request; this carries the summary and CSRF."""

    summary = TextAreaField(_l("Summary for residents"), [Length(max=5000)],
                            description=_l("Markdown. What the council decided and why."))
    submit = SubmitField(_l("Publish outcome"))


class UpdateForm(FlaskForm):
    body = TextAreaField(_l("What happened"), [NotBlank(_l("Describe the progress.")), Length(max=5000)])
    status = SelectField(_l("Status"), choices=select_choices((s.value, s.label) for s in DeliveryStatus),
                         invalid_choice_message=_l("Choose a status from the list."))
    progress = IntegerField(_l("Progress (%)"), [NumberRange(min=0, max=100, message=_l("Enter 0 to 100."))],
                            invalid_value_message=_l("Enter a whole number."))
    spent = IntegerField(_l("Money spent so far"), [NumberRange(min=0, message=_l("Enter 0 or more."))],
                         invalid_value_message=_l("Enter a whole amount."))
    cancel_reason = TextAreaField(_l("Reason for cancelling (if cancelled)"), [Length(max=1000)])
    image = FileField(_l("Photo (optional)"), description=_l("PNG, JPEG or WebP, up to 2 MB."))
    submit = SubmitField(_l("Post update"))


class MilestoneForm(FlaskForm):
    title = StringField(_l("Milestone"), [NotBlank(_l("Name the milestone.")), Length(max=150)])
    due_on = DateField(_l("Due on"), [Optional()], invalid_value_message=_l("Enter a date."))
    submit = SubmitField(_l("Add milestone"))


class CommunityForm(FlaskForm):
    lead_group = StringField(_l("Group delivering it"), [Length(max=150)])
    lead_email = StringField(_l("Email of the group's lead on Agora"), [Length(max=254)])
    submit = SubmitField(_l("Hand to community group"))


class VolunteerForm(FlaskForm):
    offer = TextAreaField(_l("What can you offer?"), [NotBlank(_l("Say what you can offer.")), Length(max=500)])
    availability = StringField(_l("When are you free?"), [Length(max=200)])
    submit = SubmitField(_l("Volunteer"))


class ContactForm(FlaskForm):
    message = TextAreaField(_l("Message to volunteers"), [NotBlank(_l("Write a message.")), Length(max=3000)])
    submit = SubmitField(_l("Send message"))


class RatingForm(FlaskForm):
    stars = RadioField(_l("Your rating"), choices=STARS, validate_choice=False,
                       validators=[AnyOf(["1", "2", "3", "4", "5"], _l("Choose from 1 to 5 stars."))])
    comment = TextAreaField(_l("How well does this serve you? (optional)"), [Length(max=500)])
    submit = SubmitField(_l("Save rating"))


class ServiceForm(FlaskForm):
    name = StringField(_l("Service name"), [NotBlank(_l("Name the service.")), Length(max=150)])
    description = TextAreaField(_l("Description"), [Length(max=3000)])
    category = StringField(_l("Category"), [Length(max=80)], default="Other")
    neighbourhood = SelectField(_l("Neighbourhood"), coerce=int, validate_choice=False,
                                invalid_value_message=_l("Choose a neighbourhood from the list."))
    submit = SubmitField(_l("Register service"))


class ConfirmForm(FlaskForm):
    """A state-changing button still carries a CSRF token."""

    submit = SubmitField(_l("Confirm"))
