"""Opinion-map verbs: start a map, add and react to statements, close it, pick what to show next."""
from __future__ import annotations
from flask_babel import gettext as _

from sqlalchemy import case, func, select, update
from sqlalchemy.exc import IntegrityError

from deliberation import audit, live
from deliberation.errors import PolicyError
from deliberation.i18n.formatting import format_number
from deliberation.opinionmaths import AGREE, DISAGREE, PASS, StatementInfo, next_statement
from deliberation.opinions import scheduler, snapshots
from deliberation.permissions import can_run_opinion_map, opinion_vote_refusal, statement_refusal
from models import (Conversation, ConversationStatus, Debate, DebateStatus, Statement,
                    StatementVote, User, db, utcnow)
from models.opinions import MAX_STATEMENT

VALUES = {"agree": AGREE, "disagree": DISAGREE, "pass": PASS}
MAX_SEEDS = 50


def conversation_for(debate: Debate) -> Conversation | None:
    """The debate's map, if the facilitator has started one."""
    return db.session.scalar(select(Conversation).where(Conversation.debate_id == debate.id))


def _require_facilitator(actor: User, debate: Debate) -> None:
    if not can_run_opinion_map(actor, debate):
        raise PolicyError(_("Only this neighbourhood's facilitators can do that."), status=403)


def clean_text(text: object, field: str = "text") -> str:
    """A statement's words, trimmed to one line; refused when empty or too long."""
    value = " ".join(text.split()) if isinstance(text, str) else ""
    if not value:
        raise PolicyError(_("Write the statement."), field=field)
    if len(value) > MAX_STATEMENT:
        raise PolicyError(_("Keep statements to %(max)s characters or fewer.",
                            max=format_number(MAX_STATEMENT)), field=field)
    return value


def mark_changed(conversation: Conversation) -> None:
    """Statements changed: the map is stale even if no vote did."""
    db.session.execute(update(Conversation).where(Conversation.id == conversation.id)
                       .values(revision=Conversation.revision + 1))
    live.after_commit(lambda: scheduler.schedule(conversation.id))


def is_finished(conversation: Conversation) -> bool:
    """Closed by the facilitator, or its debate has ended."""
    from deliberation.debates.services import effective_status
    status = effective_status(conversation.debate)
    return not conversation.is_open or status in (DebateStatus.CLOSED, DebateStatus.ARCHIVED)


def closed_reason(conversation: Conversation) -> str | None:
    """Why the map takes no reactions now (a state, not a permission); None while it does."""
    from deliberation.debates.services import effective_status
    if is_finished(conversation):
        return _("This opinion map is closed.")
    if effective_status(conversation.debate) is DebateStatus.SCHEDULED:
        return _("The opinion map opens with the debate.")
    return None


def start_conversation(actor: User, debate: Debate, seeds: list[str],
                       residents_may_add: bool = True) -> Conversation:
    """Turn on an opinion map for a debate, with the facilitator's first statements."""
    _require_facilitator(actor, debate)
    from deliberation.debates.services import effective_status
    if effective_status(debate).value in ("closed", "archived"):
        raise PolicyError(_("This debate has closed, so it cannot get an opinion map."))
    texts = [clean_text(line, "seeds") for line in seeds if line.strip()]
    if len(texts) > MAX_SEEDS:
        raise PolicyError(_("Start with at most %(max)s statements.", max=format_number(MAX_SEEDS)),
                          field="seeds")
    conversation = Conversation(debate_id=debate.id, created_by_id=actor.id,
                                residents_may_add=bool(residents_may_add))
    try:
        with db.session.begin_nested():
            db.session.add(conversation)
    except IntegrityError:
        raise PolicyError(_("This debate already has an opinion map.")) from None
    for text in dict.fromkeys(texts):  # the same line twice is one statement
        db.session.add(Statement(conversation_id=conversation.id, author_id=actor.id, text=text,
                                 seed=True))
    audit.record(actor, "opinions.start", debate, f"Started an opinion map in “{debate.title}”",
                 neighbourhood_id=debate.neighbourhood_id, public=True)
    return conversation


def add_statement(author: User, conversation: Conversation, text: object) -> Statement:
    """A resident (when allowed) or the facilitator adds a statement everyone can react to."""
    facilitator = can_run_opinion_map(author, conversation.debate)
    closed = closed_reason(conversation)
    if closed and (is_finished(conversation) or not facilitator):  # seeds may come before it opens
        raise PolicyError(closed, field="text")
    refusal = statement_refusal(author, conversation)
    if refusal:
        raise PolicyError(refusal, field="text", status=403)
    text = clean_text(text)
    duplicate = db.session.scalar(select(Statement.id).where(
        Statement.conversation_id == conversation.id, Statement.text == text))
    if duplicate is not None:
        raise PolicyError(_("This statement is already on the map."), field="text")
    statement = Statement(conversation_id=conversation.id, author_id=author.id, text=text,
                          seed=facilitator)
    db.session.add(statement)
    db.session.flush()
    mark_changed(conversation)
    audit.record(author, "opinions.statement", statement, f"Added a statement: {text}",
                 neighbourhood_id=conversation.debate.neighbourhood_id)
    return statement


def parse_value(value: object) -> int:
    """'agree', 'disagree', 'pass' (or +1, -1, 0) as Pol.is codes them."""
    if isinstance(value, str) and value in VALUES:
        return VALUES[value]
    if isinstance(value, int) and not isinstance(value, bool) and value in (AGREE, PASS, DISAGREE):
        return value
    raise PolicyError(_("Choose agree, disagree or pass."), field="value")


def votable(conversation: Conversation, statement_id: object) -> Statement:
    """A visible statement of this map, or a refusal."""
    statement = db.session.get(Statement, statement_id) if isinstance(statement_id, int) else None
    if statement is None or statement.conversation_id != conversation.id or statement.is_hidden:
        raise PolicyError(_("That statement is not on this map."), field="value")
    return statement


def vote_on_statement(user: User, statement: Statement, value: object) -> StatementVote:
    """Record or change the person's one reaction to a statement; the map recomputes later."""
    conversation = statement.conversation
    closed = closed_reason(conversation)
    if closed:
        raise PolicyError(closed)
    refusal = opinion_vote_refusal(user, conversation)
    if refusal:
        raise PolicyError(refusal, status=403)
    if statement.is_hidden:
        raise PolicyError(_("That statement is not on this map."))
    value = parse_value(value)
    vote = _upsert_vote(user, statement, value)
    live.after_commit(lambda: scheduler.schedule(conversation.id))
    return vote


def _upsert_vote(user: User, statement: Statement, value: int) -> StatementVote:
    """Insert, or update in place; a simultaneous insert by the same person becomes an update."""
    where = (StatementVote.statement_id == statement.id, StatementVote.participant_id == user.id)
    for _attempt in range(3):
        existing = db.session.scalar(select(StatementVote.id).where(*where))
        if existing is not None:
            # In SQL, so two changes at once both count in the revision (the map's stale marker).
            db.session.execute(update(StatementVote).where(
                StatementVote.id == existing, StatementVote.value != value).values(
                value=value, revision=StatementVote.revision + 1, updated_at=utcnow()))
            return db.session.get(StatementVote, existing, populate_existing=True)
        vote = StatementVote(statement_id=statement.id, conversation_id=statement.conversation_id,
                             participant_id=user.id, value=value)
        try:
            with db.session.begin_nested():
                db.session.add(vote)
            return vote
        except IntegrityError:
            continue  # another request by this person inserted first: change that row instead
    raise PolicyError(_("Your reaction could not be saved. Please try again."))


def set_residents_may_add(actor: User, conversation: Conversation, allowed: bool) -> Conversation:
    """Let residents add statements, or keep the map to the facilitator's own."""
    _require_facilitator(actor, conversation.debate)
    conversation.residents_may_add = bool(allowed)
    audit.record(actor, "opinions.settings", conversation.debate,
                 "Residents may add statements" if allowed else "Only facilitators add statements",
                 neighbourhood_id=conversation.debate.neighbourhood_id)
    return conversation


def close_conversation(actor: User, conversation: Conversation) -> Conversation:
    """Stop taking reactions; the map stays as the record of what people thought."""
    _require_facilitator(actor, conversation.debate)
    if not conversation.is_open:
        raise PolicyError(_("This opinion map is already closed."))
    conversation.status, conversation.closed_at = ConversationStatus.CLOSED, utcnow()
    mark_changed(conversation)
    audit.record(actor, "opinions.close", conversation.debate,
                 f"Closed the opinion map of “{conversation.debate.title}”",
                 neighbourhood_id=conversation.debate.neighbourhood_id, public=True)
    return conversation


def visible_statements(conversation: Conversation) -> list[Statement]:
    return list(db.session.scalars(select(Statement).where(
        Statement.conversation_id == conversation.id, Statement.hidden_at.is_(None))
        .order_by(Statement.id)))


def seen_by(user: User, conversation: Conversation) -> dict[int, int]:
    """Statement id -> this person's reaction, for the statements they answered."""
    if not getattr(user, "is_authenticated", False):
        return {}
    return dict(db.session.execute(select(StatementVote.statement_id, StatementVote.value).where(
        StatementVote.conversation_id == conversation.id,
        StatementVote.participant_id == user.id)).all())


def vote_counts(conversation: Conversation) -> dict[int, tuple[int, int, int]]:
    """Statement id -> (agree, disagree, pass) over everyone."""
    rows = db.session.execute(select(
        StatementVote.statement_id,
        func.sum(case((StatementVote.value == AGREE, 1), else_=0)),
        func.sum(case((StatementVote.value == DISAGREE, 1), else_=0)),
        func.sum(case((StatementVote.value == PASS, 1), else_=0)))
        .where(StatementVote.conversation_id == conversation.id)
        .group_by(StatementVote.statement_id))
    return {sid: (int(a), int(d), int(p)) for sid, a, d, p in rows}


def next_statement_for(user: User, conversation: Conversation, statements: list[Statement] | None = None,
                       mine: dict[int, int] | None = None) -> Statement | None:
    """The statement to show this person next, by Pol.is' routing; None when they saw them all.

    A page that already read the visible statements and the person's reactions passes them in."""
    statements = visible_statements(conversation) if statements is None else statements
    counts = vote_counts(conversation)
    seen = set(seen_by(user, conversation) if mine is None else mine)
    extremity = snapshots.extremities(conversation)
    infos = [StatementInfo(statement=s.id, order=rank, agree=counts.get(s.id, (0, 0, 0))[0],
                           disagree=counts.get(s.id, (0, 0, 0))[1],
                           passed=counts.get(s.id, (0, 0, 0))[2], extremity=extremity.get(s.id, 0.0))
             for rank, s in enumerate(statements)]
    seen &= {s.id for s in statements}
    user_id = user.id if getattr(user, "is_authenticated", False) else 0
    chosen = next_statement(infos, seen, seed=user_id * 1_000_003 + len(seen))
    return next((s for s in statements if s.id == chosen), None)
