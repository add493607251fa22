"""Survey forms: they check shape; the services check policy and each answer."""
from flask_wtf import FlaskForm
from wtforms import (BooleanField, DateTimeLocalField, RadioField, SelectField,
                     SelectMultipleField, StringField, SubmitField, TextAreaField)
from wtforms.validators import Length, Optional, ValidationError

from deliberation.forms import NotBlank, select_choices
from models import QuestionKind

WHEN = "%Y-%m-%dT%H:%M"
AUDIENCES = [("verified", "Verified residents only"), ("everyone", "Everyone signed in")]


class SurveyForm(FlaskForm):
    title = StringField("Title", [NotBlank("Give the survey a title."),
                                  Length(max=150, message="Use at most 150 characters.")])
    description = TextAreaField("Description", [Length(max=10000)],
                                description="Markdown. Say why you ask and what happens next.")
    neighbourhoods = SelectMultipleField("Neighbourhoods", coerce=int, validate_choice=False)
    audience = RadioField("Who may answer", choices=select_choices(AUDIENCES), default="verified",
                          validators=[NotBlank("Choose who may answer.")])
    results_public = BooleanField(
        "Show results publicly",
        description="Charts appear for everyone once the survey closes. Written answers are "
                    "never public.")
    opens_at = DateTimeLocalField("Opens (UTC, optional)", [Optional()], format=WHEN,
                                  description="The survey opens by itself at this time.")
    closes_at = DateTimeLocalField("Closes (UTC, optional)", [Optional()], format=WHEN,
                                   description="The survey closes by itself at this time.")
    submit = SubmitField("Save survey")

    def validate_neighbourhoods(self, field):
        if not field.data:
            raise ValidationError("Choose at least one neighbourhood.")


class QuestionForm(FlaskForm):
    prompt = StringField("Question", [NotBlank("Write the question."),
                                      Length(max=300, message="Use at most 300 characters.")])
    kind = SelectField("Kind of answer",
                       choices=select_choices((k.value, k.label) for k in QuestionKind))
    required = BooleanField("An answer is required", default=True)
    options = TextAreaField("Options", [Length(max=5000)],
                            description="For choice questions: one option per line, 2 to 20.")
    submit = SubmitField("Save question")


class AnswerForm(FlaskForm):
    """Only the CSRF token and the button: answers are read from the request by the route."""

    submit = SubmitField("Send my answers")


class ConfirmForm(FlaskForm):
    submit = SubmitField("Confirm")
