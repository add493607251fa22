"""Verification desk forms."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectField, StringField, SubmitField
from wtforms.validators import Length


class CensusImportForm(FlaskForm):
    neighbourhood = SelectField(_l("Neighbourhood"), coerce=int, validate_choice=False)
    file = FileField(_l("Census file (CSV)"), [FileRequired("Choose a CSV file to import.")],
                     description=_l("First line: reference,address. One household per line."))
    submit = SubmitField(_l("Import census list"))


class VerifyForm(FlaskForm):
    note = StringField(_l("What did you check? (in person only)"), [Length(max=200)])
    census = SubmitField(_l("Verify from census list"))
    in_person = SubmitField(_l("Verify in person"))
