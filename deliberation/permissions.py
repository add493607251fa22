"""Who may do what: plain functions shared by routes, templates and socket events."""
from __future__ import annotations

from flask_babel import gettext as _

from functools import wraps

from flask import abort
from flask_login import current_user

from deliberation.extensions import login_manager
from models import Role, User


def is_staff(user: User) -> bool:
    """Anyone with a staff role sees the staff menu."""
    return bool(getattr(user, "is_authenticated", False) and user.roles)


def is_admin(user: User) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.has_role(Role.ADMIN))


def is_councillor(user: User) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.has_role(Role.COUNCILLOR))


def facilitated_neighbourhood_ids(user: User) -> set[int]:
    """Neighbourhoods a facilitator looks after; admins look after all of them."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return {g.neighbourhood_id for g in user.role_grants if g.role is Role.FACILITATOR}


def can_facilitate(user: User, neighbourhood_id: int) -> bool:
    """Facilitators act in their own neighbourhoods; admins everywhere."""
    return is_admin(user) or neighbourhood_id in facilitated_neighbourhood_ids(user)


def can_verify_residents(user: User) -> bool:
    """The verification desk is for facilitators and admins."""
    return is_admin(user) or bool(facilitated_neighbourhood_ids(user))


def can_verify(user: User, resident: User) -> bool:
    """Staff verify residents of neighbourhoods they look after, never themselves."""
    return user.id != resident.id and can_facilitate(user, resident.neighbourhood_id)


def can_take_part(user: User) -> bool:
    """Voting and proposing need a verified, active account."""
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_verified)


def require(allowed: bool) -> None:
    """Stop the request with 403 when a permission check fails."""
    if not allowed:
        abort(403)


def admin_required(view):
    """Decorate admin-only views; anonymous visitors are sent to log in first."""
    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        require(is_admin(current_user))
        return view(*args, **kwargs)
    return wrapped


def can_manage_processes(user: User) -> bool:
    """Admins set up budgeting processes."""
    return is_admin(user)


def _concerns(process, neighbourhood_id: int) -> bool:
    return process.neighbourhood_id is None or process.neighbourhood_id == neighbourhood_id


def can_view_process(user: User, process) -> bool:
    """Drafts are for admins; everything else is public."""
    return process.phase.value != "draft" or is_admin(user)


def can_propose(user: User, process) -> bool:
    """Verified residents of the process's area propose while proposals are open."""
    return can_take_part(user) and _concerns(process, user.neighbourhood_id)


def can_vote(user: User, process) -> bool:
    """Verified residents of the process's area vote."""
    return can_take_part(user) and _concerns(process, user.neighbourhood_id)


def can_review(user: User, process) -> bool:
    """Facilitators of the process's neighbourhood (any, for city-wide processes) and admins."""
    if is_admin(user):
        return True
    areas = facilitated_neighbourhood_ids(user)
    return bool(areas) if process.neighbourhood_id is None else process.neighbourhood_id in areas


def can_record_paper_ballot(user: User, process, voter: User) -> bool:
    """Staff who review a process also enter paper ballots for its residents."""
    return can_review(user, process) and _concerns(process, voter.neighbourhood_id) and \
        (is_admin(user) or can_facilitate(user, voter.neighbourhood_id))


def is_staff_of(user: User, neighbourhood_id: int) -> bool:
    """Staff of a neighbourhood: its facilitators, councillors and admins."""
    return is_councillor(user) or can_facilitate(user, neighbourhood_id)


def can_moderate(user: User, neighbourhood_id: int) -> bool:
    """Moderating and facilitating discussions is the facilitator's job (admins anywhere)."""
    return can_facilitate(user, neighbourhood_id)


def can_view_thread(user: User, thread) -> bool:
    """Anyone may read a thread whose subject exists, unless the subject is for staff only."""
    from deliberation.threads.owners import describe
    subject = describe(thread) if thread is not None else None
    return subject is not None and (not subject.staff_only
                                    or is_staff_of(user, subject.neighbourhood_id))


def active_mute(user: User, thread):
    """The mute keeping this person quiet in this thread right now, if any."""
    from models import Mute, db, utcnow
    if not getattr(user, "is_authenticated", False):
        return None
    return db.session.scalar(db.select(Mute).where(
        Mute.thread_id == thread.id, Mute.user_id == user.id, Mute.until > utcnow())
        .order_by(Mute.until.desc()).limit(1))


def posting_refusal(user: User, thread) -> str | None:
    """Why this person may not write in this thread now, in words for them; None if they may."""
    from deliberation.threads.owners import describe
    subject = describe(thread)
    if subject is None or not can_view_thread(user, thread):
        return _("This discussion is not available.")
    if not subject.is_open:
        return subject.closed_reason or "This discussion is closed."
    if thread.locked_at is not None:
        return f"This discussion is locked: {thread.locked_reason or 'no reason given'}"
    if not getattr(user, "is_authenticated", False):
        return _("Log in to take part in the discussion.")
    if not user.is_active:
        return _("Your account cannot take part in discussions.")
    if user.neighbourhood_id != thread.neighbourhood_id and \
            not is_staff_of(user, thread.neighbourhood_id):
        return _("Only residents of this neighbourhood and its staff can take part here.")
    mute = active_mute(user, thread)
    if mute is not None:
        return f"A moderator muted you here until {mute.until:%d %b %Y, %H:%M UTC}: {mute.reason}"
    return None


def can_post(user: User, thread) -> bool:
    return posting_refusal(user, thread) is None


def can_publish_outcome(user: User) -> bool:
    """Councillors (and admins) publish the council's decisions."""
    return is_councillor(user) or is_admin(user)


def can_update_delivery(user: User, delivery) -> bool:
    """Councillors, admins and the project's named lead report progress."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return is_councillor(user) or is_admin(user) or delivery.lead_user_id == user.id


def can_rate_in(user: User, neighbourhood_id: int | None) -> bool:
    """Verified residents rate what serves their neighbourhood (city-wide things: everyone)."""
    return can_take_part(user) and (neighbourhood_id is None or user.neighbourhood_id == neighbourhood_id)


def can_view_dashboard(user: User) -> bool:
    """The participation dashboard is for councillors and admins."""
    return is_councillor(user) or is_admin(user)


def can_create_surveys(user: User) -> bool:
    """Facilitators, councillors and admins build surveys."""
    return is_admin(user) or is_councillor(user) or bool(facilitated_neighbourhood_ids(user))


def can_survey_area(user: User, neighbourhood_id: int) -> bool:
    """Facilitators survey their own neighbourhoods; councillors and admins any of them."""
    return is_staff_of(user, neighbourhood_id)


def can_manage_survey(user: User, survey) -> bool:
    """Edit, open, close: staff who could survey every neighbourhood in the audience."""
    areas = survey.neighbourhood_ids
    return can_create_surveys(user) and all(can_survey_area(user, a) for a in areas) and \
        (bool(areas) or is_admin(user) or survey.created_by_id == user.id)


def can_see_survey_answers(user: User, survey) -> bool:
    """Staff of any audience area see every answer, written ones too, and may export them."""
    return can_manage_survey(user, survey) or \
        any(can_survey_area(user, a) for a in survey.neighbourhood_ids)


def can_view_survey(user: User, survey) -> bool:
    """Drafts are for the staff building them; open and closed surveys are public pages."""
    return survey.status.value != "draft" or can_see_survey_answers(user, survey)


def can_see_survey_results(user: User, survey) -> bool:
    """Staff see charts at any time; everyone does once a public survey has closed."""
    return can_see_survey_answers(user, survey) or \
        (survey.results_public and survey.status.value == "closed")


def survey_answer_refusal(user: User, survey) -> str | None:
    """Why this person may not answer this survey, in words for them; None if they may."""
    if not getattr(user, "is_authenticated", False):
        return _("Log in to answer this survey.")
    if not user.is_active:
        return _("Your account cannot answer surveys.")
    if user.neighbourhood_id not in survey.neighbourhood_ids:
        return _("This survey is for residents of %(areas)s.", areas=survey.area_names)
    if survey.verified_only and not user.is_verified:
        return _("Only verified residents can answer this survey. Staff in your neighbourhood "
                 "can verify you.")
    return None


def can_answer_survey(user: User, survey) -> bool:
    return survey_answer_refusal(user, survey) is None


def can_run_opinion_map(user: User, debate) -> bool:
    """Starting, closing and exporting a debate's opinion map is the facilitator's job."""
    return can_facilitate(user, debate.neighbourhood_id)


def opinion_vote_refusal(user: User, conversation) -> str | None:
    """Why this person may not react in this map, in words for them; None if they may.

    Whether the map is open is a state, not a permission: opinions.services.closed_reason."""
    if not getattr(user, "is_authenticated", False):
        return _("Log in to take part in the opinion map.")
    if not user.is_active:
        return _("Your account cannot take part in discussions.")
    if user.neighbourhood_id != conversation.debate.neighbourhood_id:
        return _("Only residents of this neighbourhood can take part in its opinion map.")
    if not user.is_verified:
        return _("Only verified residents can take part in the opinion map. Staff in your "
                 "neighbourhood can verify you.")
    return None


def statement_refusal(user: User, conversation) -> str | None:
    """Why this person may not add a statement to this map; None if they may (facilitators may)."""
    from deliberation.debates.services import debate_thread
    if can_run_opinion_map(user, conversation.debate):
        return None
    refusal = opinion_vote_refusal(user, conversation)
    if refusal is None and not conversation.residents_may_add:
        refusal = _("Only the facilitator adds statements to this map.")
    if refusal is None and active_mute(user, debate_thread(conversation.debate)) is not None:
        refusal = _("A moderator muted you in this debate, so you cannot add statements for now.")
    return refusal
