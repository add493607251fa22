"""Binds Flask-Babel to the app and gives every template its language, direction and switcher."""
from __future__ import annotations

from pathlib import Path

from flask import Flask, request
from flask_babel import Babel, get_locale

from deliberation.i18n import form_messages, formatting
from deliberation.i18n.forms import LanguageForm
from deliberation.i18n.jscatalog import catalogue
from deliberation.i18n.locales import LANGUAGES, chosen_language, direction, language_name, select_locale

TRANSLATIONS = Path(__file__).resolve().parents[2] / "translations"


def init_app(app: Flask) -> None:
    app.config.setdefault("BABEL_DEFAULT_LOCALE", "en_GB")
    app.config.setdefault("BABEL_DEFAULT_TIMEZONE", "UTC")
    app.config.setdefault("WTF_I18N_ENABLED", True)
    # One Babel per app: Flask-Babel caches loaded catalogues on the instance, so a shared one would
    # hand a second app (a test's, or one with other BABEL_TRANSLATION_DIRECTORIES) the first's messages.
    Babel(app, locale_selector=select_locale, default_translation_directories=str(TRANSLATIONS))
    app.jinja_env.filters.update({
        "datetime": formatting.format_datetime, "date": formatting.format_date,
        "number": formatting.format_number, "money": formatting.format_money,
        "duration": formatting.format_duration, "language_name": language_name,
    })
    app.jinja_env.add_extension("jinja2.ext.do")
    form_messages.init_app(app)
    app.jinja_env.globals["page_direction"] = lambda: direction(chosen_language())  # for macros

    @app.context_processor
    def language_context() -> dict:
        """What base.html needs: <html lang dir>, the switcher, the scripts' strings."""
        code = chosen_language()
        language = LANGUAGES.get(code)
        form = LanguageForm(formdata=None, locale=code, next=request.path)  # no query: it may hold a receipt code
        return {
            "page_lang": language.html_code if language else str(get_locale()).replace("_", "-"),
            "page_dir": direction(code),
            "language_form": form,
            "js_catalogue": catalogue,
        }
