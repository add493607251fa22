"""Voting pages: the ballot, the receipt, paper ballots, results and receipt checks."""
from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _, ngettext
from flask_login import current_user, login_required
from sqlalchemy import select

from deliberation import permissions
from deliberation.budgeting import results as tally
from deliberation.budgeting import voting as services
from deliberation.budgeting.forms import BallotForm, PaperBallotForm, ReceiptForm
from deliberation.budgeting.messages import rank_labels
from deliberation.budgeting.proposals import ballot_projects
from deliberation.budgeting.routes import bp
from deliberation.budgeting.routes.common import load_process
from deliberation.errors import PolicyError
from deliberation.extensions import db, limiter
from deliberation.forms import select_choices, show_policy_error
from models import BallotKind, Phase, Process, User

CHARTED = 30  # projects in the results page's score chart


def parse_choices(process: Process, form) -> list[int] | dict[int, int]:
    """Read the ballot's inputs; anything that is not a whole number is refused."""
    try:
        if process.ballot_kind is BallotKind.CUMULATIVE:
            return {int(k.removeprefix("points-")): int(v) for k, v in form.items()
                    if k.startswith("points-") and v.strip() and int(v) != 0}
        if process.ballot_kind is BallotKind.RANKED:
            ranks = [form.get(f"rank-{n}", "") for n in range(1, (process.max_choices or 0) + 1)]
            return [int(r) for r in ranks if r]
        if process.ballot_kind is BallotKind.CHOOSE_ONE:
            return [int(form["choice"])] if form.get("choice") else []
        return [int(v) for v in form.getlist("choice")]
    except ValueError as error:
        raise PolicyError(_("Points and choices must be whole numbers."), field="choices") from error


def kept_choices(process: Process, choices: list[int] | dict[int, int]) -> dict[int, int]:
    """What the ballot form shows again: rank -> project for ranked ballots, else project -> points."""
    if isinstance(choices, dict):
        return choices
    if process.ballot_kind is BallotKind.RANKED:
        return {rank: pid for rank, pid in enumerate(choices, start=1)}
    return {pid: 1 for pid in choices}


def _chosen(process: Process, ballot) -> dict[int, int]:
    """The voter's current ballot, in the form's terms."""
    if ballot is None:
        return {}
    if process.ballot_kind is BallotKind.CUMULATIVE:
        return {c.proposal_id: c.points for c in ballot.choices}
    return kept_choices(process, [c.proposal_id for c in ballot.choices])


def _ballot_page(process: Process, form, chosen: dict, error: str | None = None, status=200, **extra):
    return render_template("budgeting/vote.html", process=process, form=form, error=error,
                           projects=ballot_projects(process), chosen=chosen,
                           ranks=rank_labels(process.max_choices or 0), **extra), status


@bp.route("/processes/<int:process_id>/vote", methods=["GET", "POST"])
@login_required
@limiter.limit("20 per minute", methods=["POST"])
def vote(process_id: int):
    process = load_process(process_id)
    if process.phase is not Phase.VOTING:
        flash(_("Voting is not open for this process."), "info")
        return redirect(url_for("budgeting.process", process_id=process.id))
    permissions.require(permissions.can_vote(current_user, process))
    form = BallotForm()
    if form.validate_on_submit():
        choices: list[int] | dict[int, int] = {}
        try:
            choices = parse_choices(process, request.form)
            services.commit_with_retry(lambda: services.cast_ballot(current_user, process, choices))
        except PolicyError as error:
            db.session.rollback()
            return _ballot_page(process, form, kept_choices(process, choices), error.message,
                                error.status)
        flash(_("Your vote is recorded. Keep your receipt code to check it was counted."), "success")
        return redirect(url_for("budgeting.receipt", process_id=process_id))
    taken = services.participation(current_user, process)
    return _ballot_page(process, form, _chosen(process, services.own_ballot(current_user, process)),
                        paper=taken is not None and taken.channel.value == "paper")


@bp.get("/processes/<int:process_id>/receipt")
@login_required
def receipt(process_id: int):
    process = load_process(process_id)
    ballot = services.receipt_ballot(current_user, process)
    if ballot is None:
        abort(404)
    return render_template("budgeting/receipt.html", process=process, ballot=ballot)


@bp.get("/processes/<int:process_id>/receipt.txt")
@login_required
def receipt_download(process_id: int):
    process = load_process(process_id)
    ballot = services.receipt_ballot(current_user, process) or abort(404)
    lines = [_("Agora ballot receipt: %(process)s", process=process.title),
             _("Receipt code: %(code)s", code=ballot.receipt_code), "",
             _("After voting closes, enter this code on the process's results page to see that "
               "your ballot was counted, with its choices. Nobody can learn your name from it."), ""]
    lines += ["- " + (ngettext("%(project)s: %(num)s point", "%(project)s: %(num)s points", c.points,
                               project=c.proposal.title) if c.points > 1 else c.proposal.title)
              for c in ballot.choices]
    return Response("\n".join(lines) + "\n", mimetype="text/plain", headers={
        "Content-Disposition": f'attachment; filename="agora-receipt-{process.id}.txt"'})


def _paper_voters(process: Process) -> list[User]:
    """Residents the current staff member may enter paper ballots for."""
    query = select(User).where(User.deleted_at.is_(None), User.blocked_at.is_(None))
    if process.neighbourhood_id is not None:
        query = query.where(User.neighbourhood_id == process.neighbourhood_id)
    people = db.session.scalars(query.order_by(User.display_name).limit(500)).all()
    return [p for p in people if permissions.can_record_paper_ballot(current_user, process, p)]


@bp.route("/processes/<int:process_id>/paper", methods=["GET", "POST"])
@login_required
def paper_ballot(process_id: int):
    process = load_process(process_id)
    permissions.require(permissions.can_review(current_user, process))
    if process.phase is not Phase.VOTING:
        flash(_("Paper ballots can be entered only while voting is open."), "info")
        return redirect(url_for("budgeting.process", process_id=process.id))
    form = PaperBallotForm()
    form.voter.choices = select_choices([(0, _("Choose a resident"))] + [
        (p.id, _("%(name)s (%(email)s)", name=p.display_name, email=p.email)) for p in _paper_voters(process)])
    if form.validate_on_submit():
        voter = db.session.get(User, form.voter.data) if form.voter.data else None
        choices: list[int] | dict[int, int] = {}
        try:
            if voter is None:
                raise PolicyError(_("Choose the resident who is voting."), field="voter")
            choices = parse_choices(process, request.form)
            services.commit_with_retry(lambda: services.record_paper_ballot(
                current_user, process, voter, choices, form.check.data or ""))
        except PolicyError as error:
            db.session.rollback()
            kept = kept_choices(process, choices)
            if error.field in ("voter", "check"):
                show_policy_error(form, error)
            return _paper_page(process, form, kept, None if error.field in ("voter", "check")
                               else error.message, error.status)
        flash(_("Paper ballot recorded for %(name)s.", name=voter.display_name), "success")
        return redirect(url_for("budgeting.paper_ballot", process_id=process.id))
    return _paper_page(process, form, {}, None)


def _paper_page(process: Process, form, chosen: dict, error: str | None, status: int = 200):
    return render_template("budgeting/paper.html", process=process, form=form, chosen=chosen,
                           projects=ballot_projects(process), error=error,
                           ranks=rank_labels(process.max_choices or 0)), status


@bp.get("/processes/<int:process_id>/results")
def results(process_id: int):
    process = load_process(process_id)
    if process.result is None:
        flash(_("Results appear here when voting closes."), "info")
        return redirect(url_for("budgeting.process", process_id=process.id))
    rows = tally.results_table(process)
    receipt_form = ReceiptForm(request.args, meta={"csrf": False})
    checked = None
    if request.args.get("code") is not None and receipt_form.validate():
        try:
            checked = services.find_receipt(process, receipt_form.code.data)
        except PolicyError as refusal:
            show_policy_error(receipt_form, refusal)
    status = 400 if receipt_form.code.errors else 200
    return render_template("budgeting/results.html", process=process, rows=rows,
                           turnout=tally.turnout(process), spent_share=tally.spent_share(process),
                           words=tally.score_words(process, min(len(rows), CHARTED), len(rows)),
                           by_category=tally.money_by_category(rows), receipt_form=receipt_form,
                           checked=checked), status
