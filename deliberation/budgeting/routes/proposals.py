"""Proposal pages: listing, submitting, editing, withdrawing and reviewing."""
from __future__ import annotations

import secrets

from flask import abort, flash, redirect, render_template, request, send_from_directory, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from deliberation import permissions
from deliberation.budgeting import images
from deliberation.budgeting import proposals as services
from deliberation.budgeting.discussion import proposal_thread
from deliberation.budgeting.forms import ConfirmForm, ProposalForm, ReviewForm
from deliberation.budgeting.routes import bp
from deliberation.budgeting.routes.common import load_process, load_proposal, optional_int
from deliberation.errors import PolicyError
from deliberation.extensions import db, limiter
from deliberation.forms import render_form, select_choices, submit
from deliberation.threads.queries import view_for_request
from models import Phase, Proposal, ProposalStatus


@bp.get("/processes/<int:process_id>/proposals")
def proposals(process_id: int):
    process = load_process(process_id)
    args = request.args
    filters = {"text": args.get("q", "")[:100], "category": args.get("category", "")[:80],
               "status": args.get("status", ""), "min_cost": optional_int(args.get("min_cost")),
               "max_cost": optional_int(args.get("max_cost")),
               "sort": args.get("sort", "newest") if args.get("sort") in services.SORTS else "newest"}
    page = db.paginate(services.search_proposals(process, **filters),
                       page=optional_int(args.get("page")) or 1, per_page=20, error_out=False)
    return render_template("budgeting/proposals.html", process=process, page=page, filters=filters,
                           statuses=list(ProposalStatus), sorts=services.SORTS)


def _values(form: ProposalForm) -> dict:
    return {"title": form.title.data.strip(), "description": form.description.data.strip(),
            "estimated_cost": form.estimated_cost.data, "category": form.category.data,
            "location": (form.location.data or "").strip(),
            "latitude": float(form.latitude.data) if form.latitude.data is not None else None,
            "longitude": float(form.longitude.data) if form.longitude.data is not None else None}


def _image(form: ProposalForm) -> str | None:
    upload = form.image.data
    return images.store_image(upload.read()) if upload and getattr(upload, "filename", "") else None


@bp.route("/processes/<int:process_id>/proposals/new", methods=["GET", "POST"])
@login_required
@limiter.limit("10 per minute", methods=["POST"])
def new_proposal(process_id: int):
    process = load_process(process_id)
    permissions.require(permissions.can_propose(current_user, process))
    form = ProposalForm()
    form.category.choices = select_choices((c, c) for c in process.category_list)
    if not form.is_submitted():
        form.submission_key.data = secrets.token_urlsafe(24)
    if form.validate_on_submit():
        ok, proposal = submit(form, lambda: services.submit_proposal(
            current_user, process, _values(form), _image(form),
            (form.submission_key.data or "")[:64] or None))
        if ok:
            flash(_("Your proposal is submitted. Facilitators will review it after the proposal "
                    "phase."), "success")
            return redirect(url_for("budgeting.proposal", proposal_id=proposal.id))
    return render_form("budgeting/proposal_form.html", form, process=process, proposal=None)


@bp.get("/proposals/<int:proposal_id>")
def proposal(proposal_id: int):
    proposal = load_proposal(proposal_id)
    thread = proposal_thread(proposal)
    db.session.commit()  # a thread made on first view
    return render_template("budgeting/proposal.html", proposal=proposal, process=proposal.process,
                           confirm=ConfirmForm(),
                           view=view_for_request(thread, current_user) if thread else None)


@bp.route("/proposals/<int:proposal_id>/edit", methods=["GET", "POST"])
@login_required
def edit_proposal(proposal_id: int):
    proposal = load_proposal(proposal_id)
    permissions.require(proposal.author_id == current_user.id)
    form = ProposalForm(obj=proposal)
    form.category.choices = select_choices((c, c) for c in proposal.process.category_list)
    form.submit.label.text = _("Save changes")
    if form.validate_on_submit():
        ok, _done = submit(form, lambda: services.edit_proposal(current_user, proposal, _values(form),
                                                            _image(form)))
        if ok:
            flash(_("Your changes are saved."), "success")
            return redirect(url_for("budgeting.proposal", proposal_id=proposal.id))
    return render_form("budgeting/proposal_form.html", form, process=proposal.process,
                       proposal=proposal)


@bp.post("/proposals/<int:proposal_id>/withdraw")
@login_required
def withdraw_proposal(proposal_id: int):
    proposal = load_proposal(proposal_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        services.withdraw_proposal(current_user, proposal)
        db.session.commit()
        flash(_("Your proposal is withdrawn."), "info")
    except PolicyError as error:
        flash(error.message, "error")
        if error.status == 403:
            abort(403)
    return redirect(url_for("budgeting.proposal", proposal_id=proposal.id))


@bp.get("/processes/<int:process_id>/review")
@login_required
def review_queue(process_id: int):
    process = load_process(process_id)
    permissions.require(permissions.can_review(current_user, process))
    waiting = db.session.scalars(services.search_proposals(process, status="submitted", sort="oldest")).all()
    done = db.session.scalars(db.select(Proposal).where(
        Proposal.process_id == process.id,
        Proposal.status.in_([ProposalStatus.FEASIBLE, ProposalStatus.UNFEASIBLE]))
        .order_by(Proposal.reviewed_at.desc())).all()
    return render_template("budgeting/review_queue.html", process=process, waiting=waiting, done=done,
                           review_label=Phase.REVIEW.label)


@bp.route("/proposals/<int:proposal_id>/review", methods=["GET", "POST"])
@login_required
def review(proposal_id: int):
    proposal = load_proposal(proposal_id)
    permissions.require(permissions.can_review(current_user, proposal.process))
    form = ReviewForm()
    if form.validate_on_submit():
        ok, _done = submit(form, lambda: services.review_proposal(
            current_user, proposal, form.verdict.data == "feasible", form.reason.data,
            form.revised_cost.data))
        if ok:
            flash(_("Review of “%(proposal)s” saved.", proposal=proposal.title), "success")
            return redirect(url_for("budgeting.review_queue", process_id=proposal.process_id))
    return render_form("budgeting/review.html", form, proposal=proposal, process=proposal.process)


@bp.get("/uploads/<name>")
def upload(name: str):
    if not images.is_stored_name(name):
        abort(404)
    return send_from_directory(images.upload_dir(), name, max_age=86400)
