"""Verification desk forms."""
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectField, StringField, SubmitField
from wtforms.validators import Length


class CensusImportForm(FlaskForm):
    neighbourhood = SelectField("Neighbourhood", coerce=int, validate_choice=False)
    file = FileField("Census file (CSV)", [FileRequired("Choose a CSV file to import.")],
                     description="First line: reference,address. One household per line.")
    submit = SubmitField("Import census list")


class VerifyForm(FlaskForm):
    note = StringField("What did you check? (in person only)", [Length(max=200)])
    census = SubmitField("Verify from census list")
    in_person = SubmitField("Verify in person")
