"""Translation pages: offer a translation of some content, and the staff review queue."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from deliberation import permissions
from deliberation.errors import render_error
from deliberation.extensions import limiter
from deliberation.forms import render_form, submit
from deliberation.i18n.locales import LANGUAGES, chosen_language
from deliberation.translations import content, machine, queue, services
from deliberation.translations.forms import DecisionForm, OriginalLanguageForm, translation_form
from models import TranslationStatus

bp = Blueprint("translations", __name__)


def _content(kind_value: str, item_id: int):
    """The content named in the URL, if this person may see it."""
    kind = content.parse_kind(kind_value)
    subject = content.load(kind, item_id) if kind else None
    if subject is None or not content.KINDS[kind].visible(current_user, subject):
        abort(404)
    return kind, subject


def _target(subject, asked: str | None) -> str:
    """The language to translate into: the one asked for, else the reader's, else the first."""
    targets = services.target_languages(subject)
    for code in (asked, chosen_language()):
        if code in targets:
            return code
    return targets[0]


def _original_form(kind, subject) -> OriginalLanguageForm | None:
    """The original-language form, for those who answer for the content."""
    if not content.KINDS[kind].owns(current_user, subject):
        return None
    form = OriginalLanguageForm(data={"language": subject.language})
    form.language.choices = [(code, language.name) for code, language in LANGUAGES.items()]
    return form


def _page(kind, subject, form, locale: str, original_form):
    """The translation page: each original beside its box, drafts from a machine if installed."""
    stored = services.translations_of(kind, subject, locale)
    originals = {services.form_key(k, part, field): getattr(part, field) or ""
                 for k, part, field in content.parts(kind, subject)}
    drafts = machine.suggestions({k: v for k, v in originals.items() if k not in stored},
                                 content.language_of(subject), locale)
    if original_form is not None and original_form.errors:
        flash(_("Please correct the problems marked below."), "error")
        form_status = 400
    else:
        form_status = None
    page, status = render_form(
        "translations/translate.html", form, kind=kind, subject=subject, locale=locale,
        targets=services.target_languages(subject), originals=originals, stored=stored,
        drafts=drafts, back=content.KINDS[kind].url(subject), original_form=original_form)
    return page, form_status or status


@bp.route("/translations/<kind_value>/<int:item_id>", methods=["GET", "POST"])
@login_required
@limiter.limit("30 per minute", methods=["POST"])
def translate(kind_value: str, item_id: int):
    kind, subject = _content(kind_value, item_id)
    refusal = services.translate_refusal(current_user, kind, subject)
    if refusal:
        return render_error(403, refusal)
    locale = _target(subject, request.form.get("locale") or request.args.get("to"))
    stored = services.translations_of(kind, subject, locale)
    form = translation_form(kind, subject, data={"locale": locale} |
                            {key: row.text for key, row in stored.items()})
    if form.validate_on_submit():
        texts = {name: field.data for name, field in form._fields.items()}
        done, status = submit(form, lambda: services.save_translation(
            current_user, kind, subject, locale, texts))
        if done:
            flash(_("Translation saved. People reading in this language now see it.")
                  if status is TranslationStatus.APPROVED else
                  _("Thank you. Staff will check your translation before readers see it."), "success")
            return redirect(content.KINDS[kind].url(subject))
    return _page(kind, subject, form, locale, _original_form(kind, subject))


@bp.post("/translations/<kind_value>/<int:item_id>/language")
@login_required
def original_language(kind_value: str, item_id: int):
    kind, subject = _content(kind_value, item_id)
    permissions.require(content.KINDS[kind].owns(current_user, subject))
    original_form = _original_form(kind, subject)
    if original_form.validate():
        done, _result = submit(original_form, lambda: services.set_original_language(
            current_user, kind, subject, original_form.language.data))
        if done:
            flash(_("Saved: readers now see which language the original is in."), "success")
            return redirect(url_for("translations.translate", kind_value=kind.value,
                                    item_id=subject.id))
    locale = _target(subject, None)
    return _page(kind, subject, translation_form(kind, subject, formdata=None, data={"locale": locale}),
                 locale, original_form)


@bp.get("/translations/review")
@login_required
def review_queue():
    permissions.require(permissions.is_staff(current_user))
    return render_template("translations/review.html", waiting=queue.waiting_for(current_user),
                           form=DecisionForm(), url_of=lambda w: content.KINDS[w.kind].url(w.subject))


@bp.post("/translations/review/<kind_value>/<int:item_id>/<locale>")
@login_required
def decide(kind_value: str, item_id: int, locale: str):
    kind, subject = _content(kind_value, item_id)
    permissions.require(content.KINDS[kind].owns(current_user, subject))
    form = DecisionForm()
    if not form.validate_on_submit():
        abort(400)
    done, _count = submit(form, lambda: services.review_translation(
        current_user, kind, subject, locale, approve=bool(form.approve.data)))
    if done:
        flash(_("Translation approved: readers now see it.") if form.approve.data
              else _("Translation rejected."), "success")
    else:
        flash(form.form_errors[0] if form.form_errors else _("Nothing was changed."), "error")
    return redirect(url_for("translations.review_queue"))
