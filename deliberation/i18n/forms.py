"""The language switcher on every page."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, SubmitField
from wtforms.validators import DataRequired

from deliberation.forms import select_choices
from deliberation.i18n.locales import LANGUAGES


class LanguageForm(FlaskForm):
    locale = SelectField(_l("Language"), choices=select_choices((l.code, l.name) for l in LANGUAGES.values()),
                         validators=[DataRequired()], validate_choice=False)
    next = HiddenField()
    submit = SubmitField(_l("Change language"))
