"""Budgeting forms: they check shape; services check policy."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (DateTimeLocalField, DecimalField, IntegerField, RadioField, SelectField,
                     StringField, SubmitField, TextAreaField)
from wtforms.validators import AnyOf, Length, NumberRange, Optional

from deliberation.forms import NotBlank, select_choices
from models import BallotKind, TallyRule

WHEN = "%Y-%m-%dT%H:%M"
# A new process's categories, in the language of the admin creating it (they become its content).
DEFAULT_CATEGORY_NAMES = (_l("Green spaces"), _l("Streets and safety"), _l("Culture and sport"),
                          _l("Children and youth"), _l("Other"))


def default_categories() -> str:
    return "\n".join(str(name) for name in DEFAULT_CATEGORY_NAMES)


class ProcessForm(FlaskForm):
    title = StringField(_l("Title"), [NotBlank(_l("Give the process a title.")), Length(max=150)])
    description = TextAreaField(_l("Description"), [Length(max=10000)],
                                description=_l("Markdown. Explain what the fund is for."))
    neighbourhood = SelectField(_l("Neighbourhood"), coerce=int, validate_choice=False)
    budget = IntegerField(_l("Budget"),
                          [NumberRange(min=1, message=_l("The budget must be at least 1."))])
    currency = StringField(_l("Currency"),
                           [NotBlank(_l("Give a currency, like GBP or EUR.")), Length(max=8)],
                           default="GBP")
    ballot_kind = SelectField(_l("Ballot kind"),
                              choices=select_choices((k.value, k.label) for k in BallotKind))
    min_choices = IntegerField(_l("Fewest projects a voter must choose"),
                               [Optional(), NumberRange(min=0)], default=0)
    max_choices = IntegerField(_l("Most projects a voter may choose (or rank)"),
                               [Optional(), NumberRange(min=1)])
    total_points = IntegerField(_l("Points each voter spreads (cumulative)"),
                                [Optional(), NumberRange(min=1)])
    max_points_per_project = IntegerField(_l("Most points on one project (cumulative)"),
                                          [Optional(), NumberRange(min=1)])
    min_spend_percent = IntegerField(_l("Share of the budget a knapsack ballot must spend (%)"),
                                     [Optional(), NumberRange(min=0, max=100)], default=0)
    tally_rule = SelectField(_l("Tally rule"),
                             choices=select_choices((r.value, r.label) for r in TallyRule))
    score_threshold = IntegerField(_l("Minimum score to be funded (greedy with a minimum score)"),
                                   [Optional(), NumberRange(min=1)])
    categories = TextAreaField(_l("Categories"), [NotBlank(_l("List at least one category."))],
                               description=_l("One per line."), default=default_categories)
    proposals_open_at = DateTimeLocalField(_l("Proposals open (UTC)"), [Optional()], format=WHEN)
    review_opens_at = DateTimeLocalField(_l("Review starts (UTC)"), [Optional()], format=WHEN)
    voting_opens_at = DateTimeLocalField(_l("Voting opens (UTC)"), [Optional()], format=WHEN)
    voting_closes_at = DateTimeLocalField(_l("Voting closes (UTC)"), [Optional()], format=WHEN)
    submit = SubmitField(_l("Save process"))


class ProposalForm(FlaskForm):
    title = StringField(_l("Title"), [NotBlank(_l("Give your proposal a title.")),
                                      Length(max=150, message=_l("Use at most 150 characters."))])
    description = TextAreaField(_l("Description"),
                                [NotBlank(_l("Describe your proposal.")), Length(max=10000)],
                                description=_l("What, where and who it helps. Markdown allowed."))
    estimated_cost = IntegerField(_l("Estimated cost"), [
        NumberRange(min=1, max=10**12, message=_l("Enter the cost as a whole amount above 0."))])
    category = SelectField(_l("Category"), validate_choice=False)
    location = StringField(_l("Location (optional)"), [Length(max=200)],
                           description=_l("An address or a place people know."))
    latitude = DecimalField(_l("Latitude (optional)"), [Optional(), NumberRange(min=-90, max=90)],
                            places=6)
    longitude = DecimalField(_l("Longitude (optional)"),
                             [Optional(), NumberRange(min=-180, max=180)], places=6)
    image = FileField(_l("Photo (optional)"), description=_l("PNG, JPEG or WebP, up to 2 MB."))
    submission_key = StringField(render_kw={"hidden": True})
    submit = SubmitField(_l("Submit proposal"))


class ReviewForm(FlaskForm):
    verdict = RadioField(_l("Decision"), choices=select_choices(
        [("feasible", _l("Feasible: put it on the ballot")), ("unfeasible", _l("Not feasible"))]),
        validate_choice=False,
        validators=[AnyOf(["feasible", "unfeasible"], _l("Choose feasible or not feasible."))])
    reason = TextAreaField(_l("Public reason"), [NotBlank(_l("Give a reason; residents see it.")),
                                                 Length(max=1000)])
    revised_cost = IntegerField(_l("Revised cost (optional)"), [Optional(), NumberRange(min=1)])
    submit = SubmitField(_l("Save review"))


class ConfirmForm(FlaskForm):
    submit = SubmitField(_l("Confirm"))


class BallotForm(FlaskForm):
    """Only the CSRF token and the button: choices are read from the request by the route."""

    submit = SubmitField(_l("Cast my vote"))


class PaperBallotForm(FlaskForm):
    voter = SelectField(_l("Resident"), coerce=int, validate_choice=False)
    check = StringField(_l("How did you check who they are?"), [Length(max=200)],
                        description=_l("For example: census code RV-1002, or photo ID seen."))
    submit = SubmitField(_l("Record paper ballot"))


class ReceiptForm(FlaskForm):
    class Meta:
        csrf = False  # a read-only lookup, sent by GET

    code = StringField(_l("Receipt code"),
                       [NotBlank(_l("Enter the code from your receipt.")), Length(max=20)])
    submit = SubmitField(_l("Check receipt"))


class ImportForm(FlaskForm):
    neighbourhood = SelectField(_l("Neighbourhood"), coerce=int, validate_choice=False)
    file = FileField(_l("Pabulib file (.pb)"))
    submit = SubmitField(_l("Import election"))
