"""Outgoing mail: to files and the log by default, SMTP when configured, a list in tests."""
from __future__ import annotations

import smtplib
from email.message import EmailMessage
from pathlib import Path

from flask import current_app
from flask_babel import get_locale

from deliberation import gate
from models import utcnow


def outbox() -> list[EmailMessage]:
    """Messages sent through the in-memory backend (tests read them)."""
    return current_app.extensions.setdefault("agora_outbox", [])


def send_mail(to: str, subject: str, body: str) -> None:
    """Send plain text in the current language; call it inside `in_language_of(recipient)`."""
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message["Content-Language"] = _language_tag()
    message.set_content(body)
    backend = config["MAIL_BACKEND"]
    if backend == "memory":
        outbox().append(message)
    elif backend == "smtp":
        with gate.outside():  # a slow mail server must not hold up other people's pages
            _send_smtp(config, message)
    else:
        folder = Path(config["MAIL_DIR"])
        folder.mkdir(parents=True, exist_ok=True)
        name = f"{utcnow():%Y%m%dT%H%M%S%f}.eml"
        (folder / name).write_bytes(bytes(message))
        current_app.logger.info("Mail to %s (%s) written to %s", to, subject, folder / name)


def _language_tag() -> str:
    """The current Babel locale as a BCP 47 tag (en-GB, pl)."""
    locale = get_locale()
    return str(locale).replace("_", "-") if locale else "en-GB"


def _send_smtp(config, message: EmailMessage) -> None:
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
        if config["MAIL_USE_TLS"]:
            smtp.starttls()
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(message)
