"""Template helpers: Markdown rendered then sanitised, and navigation context (formats: deliberation.i18n)."""
from __future__ import annotations

import nh3
from flask import Flask
from flask_login import current_user
from markdown_it import MarkdownIt
from markupsafe import Markup

from deliberation import permissions
from deliberation.health import live_paused
from deliberation.notifications.services import is_following

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")
_ALLOWED_TAGS = {
    "p", "br", "strong", "em", "ul", "ol", "li", "blockquote", "code", "pre", "a",
    "h2", "h3", "h4", "hr", "table", "thead", "tbody", "tr", "th", "td",
}


def render_markdown(text: str | None) -> Markup:
    """Residents write Markdown; only a safe subset of HTML ever reaches the page."""
    html = _markdown.render(text or "")
    clean = nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer",
    )
    return Markup(clean)


def init_app(app: Flask) -> None:
    app.jinja_env.filters["markdown"] = render_markdown
    app.jinja_env.globals["can"] = permissions
    app.jinja_env.globals["is_following"] = _is_following
    app.jinja_env.globals["live_paused"] = live_paused


def _is_following(subject_type: str, subject_id: int) -> bool:
    """Templates ask whether the current person follows something, for the follow button."""
    return current_user.is_authenticated and is_following(current_user, subject_type, subject_id)
