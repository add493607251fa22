"""Survey forms: they check shape; the services check policy and each answer."""
from flask_babel import gettext as _, lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (BooleanField, DateTimeLocalField, RadioField, SelectField,
                     SelectMultipleField, StringField, SubmitField, TextAreaField)
from wtforms.validators import Length, Optional, ValidationError

from deliberation.forms import NotBlank, select_choices
from models import QuestionKind

WHEN = "%Y-%m-%dT%H:%M"
AUDIENCES = [("verified", _l("Verified residents only")), ("everyone", _l("Everyone signed in"))]


class SurveyForm(FlaskForm):
    title = StringField(_l("Title"), [NotBlank(_l("Give the survey a title.")),
                                  Length(max=150, message=_l("Use at most 150 characters."))])
    description = TextAreaField(_l("Description"), [Length(max=10000)],
                                description=_l("Markdown. Say why you ask and what happens next."))
    neighbourhoods = SelectMultipleField(_l("Neighbourhoods"), coerce=int, validate_choice=False,
                                         invalid_value_message=_l("Choose neighbourhoods from the list."))
    audience = RadioField(_l("Who may answer"), choices=select_choices(AUDIENCES), default="verified",
                          validators=[NotBlank(_l("Choose who may answer."))],
                          invalid_choice_message=_l("Choose who may answer."))
    results_public = BooleanField(
        _l("Show results publicly"),
        description=_l("Charts appear for everyone once the survey closes. Written answers are never public."))
    opens_at = DateTimeLocalField(_l("Opens (UTC, optional)"), [Optional()], format=WHEN,
                                  invalid_value_message=_l("Enter a date and time."),
                                  description=_l("The survey opens by itself at this time."))
    closes_at = DateTimeLocalField(_l("Closes (UTC, optional)"), [Optional()], format=WHEN,
                                   invalid_value_message=_l("Enter a date and time."),
                                   description=_l("The survey closes by itself at this time."))
    submit = SubmitField(_l("Save survey"))

    def validate_neighbourhoods(self, field):
        if not field.data:
            raise ValidationError(_("Choose at least one neighbourhood."))


class QuestionForm(FlaskForm):
    prompt = StringField(_l("Question"), [NotBlank(_l("Write the question.")),
                                      Length(max=300, message=_l("Use at most 300 characters."))])
    kind = SelectField(_l("Kind of answer"),
                       choices=select_choices((k.value, k.label) for k in QuestionKind),
                       invalid_choice_message=_l("Choose a kind of answer from the list."))
    required = BooleanField(_l("An answer is required"), default=True)
    options = TextAreaField(_l("Options"), [Length(max=5000)],
                            description=_l("For choice questions: one option per line, 2 to 20."))
    submit = SubmitField(_l("Save question"))


class AnswerForm(FlaskForm):
    """Only the CSRF token and the button: answers are read from the request by the route."""

    submit = SubmitField(_l("Send my answers"))


class ConfirmForm(FlaskForm):
    submit = SubmitField(_l("Confirm"))
