"""Styled error pages, and the exception services raise when policy says no."""
from __future__ import annotations
from flask_babel import gettext as _, lazy_gettext as _l

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

MESSAGES = {
    400: (_l("Something was wrong with that request"), _l("Please go back and try again.")),
    403: (_l("You cannot do that"), _l("Your account does not have permission for this page or action.")),
    404: (_l("Page not found"), _l("The page may have moved, or the address may be mistyped.")),
    405: (_l("That action is not allowed here"), _l("Please go back and use the page's own buttons.")),
    413: (_l("That was too large"), _l("The file or text you sent is larger than we accept.")),
    429: (_l("Too many attempts"), _l("Please wait a minute before trying again. This keeps accounts safe.")),
    500: (_l("Something went wrong on our side"), _l("It has been logged. Please try again in a moment.")),
}


class PolicyError(Exception):
    """A service refused an action; the message is written for the resident."""

    def __init__(self, message: str, field: str | None = None, status: int = 400):
        super().__init__(message)
        self.message = message
        self.field = field
        self.status = status


def render_error(code: int, detail: str | None = None):
    """Render the shared error page with a plain-language explanation."""
    title, message = MESSAGES.get(code, MESSAGES[500])
    return render_template("errors/error.html", code=code, title=title,
                           message=detail or message), code


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return render_error(400, _("This form expired or was sent from elsewhere. Please reload the page and try again."))

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        code = error.code or 500
        return render_error(code if code in MESSAGES else 400)

    @app.errorhandler(Exception)
    def unexpected(error):
        app.logger.exception("Unhandled error")
        return render_error(500)
