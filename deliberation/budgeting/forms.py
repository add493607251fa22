"""Budgeting forms: they check shape; services check policy."""
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (DateTimeLocalField, DecimalField, IntegerField, RadioField, SelectField,
                     StringField, SubmitField, TextAreaField)
from wtforms.validators import AnyOf, Length, NumberRange, Optional

from deliberation.forms import NotBlank, select_choices
from models import BallotKind, TallyRule
from models.budgeting import DEFAULT_CATEGORIES

WHEN = "%Y-%m-%dT%H:%M"


class ProcessForm(FlaskForm):
    title = StringField("Title", [NotBlank("Give the process a title."), Length(max=150)])
    description = TextAreaField("Description", [Length(max=10000)],
                                description="Markdown. Explain what the fund is for.")
    neighbourhood = SelectField("Neighbourhood", coerce=int, validate_choice=False)
    budget = IntegerField("Budget", [NumberRange(min=1, message="The budget must be at least 1.")])
    currency = StringField("Currency", [NotBlank("Give a currency, like GBP or EUR."), Length(max=8)],
                           default="GBP")
    ballot_kind = SelectField("Ballot kind", choices=select_choices((k.value, k.label) for k in BallotKind))
    min_choices = IntegerField("Fewest projects a voter must choose", [Optional(), NumberRange(min=0)],
                               default=0)
    max_choices = IntegerField("Most projects a voter may choose (or rank)", [Optional(), NumberRange(min=1)])
    total_points = IntegerField("Points each voter spreads (cumulative)", [Optional(), NumberRange(min=1)])
    max_points_per_project = IntegerField("Most points on one project (cumulative)",
                                          [Optional(), NumberRange(min=1)])
    min_spend_percent = IntegerField("Share of the budget a knapsack ballot must spend (%)",
                                     [Optional(), NumberRange(min=0, max=100)], default=0)
    tally_rule = SelectField("Tally rule", choices=select_choices((r.value, r.label) for r in TallyRule))
    score_threshold = IntegerField("Minimum score to be funded (greedy with a minimum score)",
                                   [Optional(), NumberRange(min=1)])
    categories = TextAreaField("Categories", [NotBlank("List at least one category.")],
                               description="One per line.", default=DEFAULT_CATEGORIES)
    proposals_open_at = DateTimeLocalField("Proposals open (UTC)", [Optional()], format=WHEN)
    review_opens_at = DateTimeLocalField("Review starts (UTC)", [Optional()], format=WHEN)
    voting_opens_at = DateTimeLocalField("Voting opens (UTC)", [Optional()], format=WHEN)
    voting_closes_at = DateTimeLocalField("Voting closes (UTC)", [Optional()], format=WHEN)
    submit = SubmitField("Save process")


class ProposalForm(FlaskForm):
    title = StringField("Title", [NotBlank("Give your proposal a title."),
                                  Length(max=150, message="Use at most 150 characters.")])
    description = TextAreaField("Description", [NotBlank("Describe your proposal."), Length(max=10000)],
                                description="What, where and who it helps. Markdown allowed.")
    estimated_cost = IntegerField("Estimated cost", [
        NumberRange(min=1, max=10**12, message="Enter the cost as a whole amount above 0.")])
    category = SelectField("Category", validate_choice=False)
    location = StringField("Location (optional)", [Length(max=200)],
                           description="An address or a place people know.")
    latitude = DecimalField("Latitude (optional)", [Optional(), NumberRange(min=-90, max=90)], places=6)
    longitude = DecimalField("Longitude (optional)", [Optional(), NumberRange(min=-180, max=180)], places=6)
    image = FileField("Photo (optional)", description="PNG, JPEG or WebP, up to 2 MB.")
    submission_key = StringField(render_kw={"hidden": True})
    submit = SubmitField("Submit proposal")


class ReviewForm(FlaskForm):
    verdict = RadioField("Decision", choices=select_choices(
        [("feasible", "Feasible: put it on the ballot"), ("unfeasible", "Not feasible")]),
        validate_choice=False,
        validators=[AnyOf(["feasible", "unfeasible"], "Choose feasible or not feasible.")])
    reason = TextAreaField("Public reason", [NotBlank("Give a reason; residents see it."),
                                             Length(max=1000)])
    revised_cost = IntegerField("Revised cost (optional)", [Optional(), NumberRange(min=1)])
    submit = SubmitField("Save review")


class ConfirmForm(FlaskForm):
    submit = SubmitField("Confirm")


class BallotForm(FlaskForm):
    """Only the CSRF token and the button: choices are read from the request by the route."""

    submit = SubmitField("Cast my vote")


class PaperBallotForm(FlaskForm):
    voter = SelectField("Resident", coerce=int, validate_choice=False)
    check = StringField("How did you check who they are?", [Length(max=200)],
                        description="For example: census code RV-1002, or photo ID seen.")
    submit = SubmitField("Record paper ballot")


class ReceiptForm(FlaskForm):
    class Meta:
        csrf = False  # a read-only lookup, sent by GET

    code = StringField("Receipt code", [NotBlank("Enter the code from your receipt."), Length(max=20)])
    submit = SubmitField("Check receipt")


class ImportForm(FlaskForm):
    neighbourhood = SelectField("Neighbourhood", coerce=int, validate_choice=False)
    file = FileField("Pabulib file (.pb)")
    submit = SubmitField("Import election")
