"""Reading a thread: a page of comments, their replies and reactions in a fixed few queries."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from dataclasses import dataclass, field

from flask import request
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, lazyload

from deliberation.permissions import can_moderate, posting_refusal
from deliberation.threads import services
from deliberation.threads.owners import ThreadSubject, describe
from models import Comment, Reaction, ReactionKind, Thread, User, db
from models.threads import MAX_DEPTH

PAGE_SIZE = 50
SORTS = {"oldest": _l("Oldest first"), "newest": _l("Newest first"), "agreed": _l("Most agreed")}


@dataclass
class CommentNode:
    """A comment as shown: its level on screen, its replies, and whom it answers when flat."""

    comment: Comment
    level: int
    in_reply_to: str | None = None
    replies: list["CommentNode"] = field(default_factory=list)


@dataclass
class ThreadView:
    """Everything the thread partial renders, for one viewer."""

    thread: Thread
    subject: ThreadSubject
    viewer: User
    sort: str
    page: int
    pages: int
    roots: list[CommentNode]
    counts: dict[int, dict[str, int]]
    mine: set[tuple[int, str]]
    pinned: list[Comment]
    last_event_id: int
    refusal: str | None
    moderator: bool

    @property
    def can_post(self) -> bool:
        return self.refusal is None


def _my_reactions(viewer: User, comment_ids: list[int]) -> set[tuple[int, str]]:
    if not getattr(viewer, "is_authenticated", False) or not comment_ids:
        return set()
    rows = db.session.execute(select(Reaction.comment_id, Reaction.kind).where(
        Reaction.user_id == viewer.id, Reaction.comment_id.in_(comment_ids)))
    return {(cid, kind.value) for cid, kind in rows}


def _tree(roots: list[Comment], replies: list[Comment]) -> list[CommentNode]:
    """Nest replies up to MAX_DEPTH levels; deeper ones sit flat, saying whom they answer."""
    by_id = {c.id: c for c in roots + replies}
    nodes = {c.id: CommentNode(c, level=1) for c in roots}
    for reply in replies:
        holder = services.display_parent(reply, by_id)
        parent = by_id.get(reply.parent_id)
        node = CommentNode(reply, level=min(reply.depth, MAX_DEPTH))
        if reply.depth > MAX_DEPTH and parent is not None:
            node.in_reply_to = parent.author.display_name
        nodes[reply.id] = node
        if holder is not None and holder.id in nodes:
            nodes[holder.id].replies.append(node)
    return [nodes[c.id] for c in roots]


def _pinned(thread: Thread) -> list[Comment]:
    return list(db.session.scalars(select(Comment).where(
        Comment.thread_id == thread.id, Comment.pinned_at.is_not(None),
        Comment.deleted_at.is_(None), Comment.hidden_at.is_(None))
        .options(_AUTHORS).order_by(Comment.pinned_at)).unique())


def load_frame(thread: Thread, viewer: User) -> ThreadView:
    """The thread without its comments: enough for the composer and the pinned list."""
    pinned = _pinned(thread)
    return ThreadView(thread=thread, subject=describe(thread), viewer=viewer, sort="oldest", page=1,
                      pages=1, roots=[], counts={}, mine=set(), pinned=pinned, last_event_id=0,
                      refusal=posting_refusal(viewer, thread),
                      moderator=can_moderate(viewer, thread.neighbourhood_id))


# Authors' role grants are not shown in a thread: don't load them for every commenter.
_AUTHORS = joinedload(Comment.author).options(lazyload(User.role_grants))


def _ordered(top, sort: str):
    if sort == "newest":
        return top.order_by(Comment.created_at.desc(), Comment.id.desc())
    if sort == "agreed":
        agreed = (select(func.count(Reaction.id)).where(
            Reaction.comment_id == Comment.id, Reaction.kind == ReactionKind.AGREE)
            .correlate(Comment).scalar_subquery())
        return top.order_by(agreed.desc(), Comment.created_at, Comment.id)
    return top.order_by(Comment.created_at, Comment.id)


def _page_of_roots(thread: Thread, sort: str, page: int) -> tuple[list[Comment], int, int]:
    """One page of top-level comments, the number of pages, and the page clamped to them."""
    top = select(Comment).where(Comment.thread_id == thread.id, Comment.root_id.is_(None))
    # A separate count: a window count over the page query would sort the whole thread.
    total = db.session.scalar(select(func.count()).select_from(top.subquery())) or 0
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(1, page), pages)
    query = _ordered(top.options(_AUTHORS), sort).limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)
    return list(db.session.scalars(query)), pages, page


def load_thread(thread: Thread, viewer: User, sort: str = "oldest", page: int = 1) -> ThreadView:
    """One page of top-level comments (PAGE_SIZE) with every reply beneath them."""
    sort = sort if sort in SORTS else "oldest"
    roots, pages, page = _page_of_roots(thread, sort, max(1, page))
    replies = list(db.session.scalars(select(Comment).where(
        Comment.root_id.in_([c.id for c in roots])).options(_AUTHORS)
        .order_by(Comment.created_at, Comment.id)).unique()) if roots else []
    pinned = _pinned(thread)
    ids = [c.id for c in roots + replies + pinned]
    return ThreadView(thread=thread, subject=describe(thread), viewer=viewer, sort=sort, page=page,
                      pages=pages, roots=_tree(roots, replies),
                      counts=services.reaction_counts(ids), mine=_my_reactions(viewer, ids),
                      pinned=pinned, last_event_id=services.last_event_id(thread),
                      refusal=posting_refusal(viewer, thread),
                      moderator=can_moderate(viewer, thread.neighbourhood_id))


def view_for_request(thread: Thread, viewer: User) -> ThreadView:
    """Read sort and page from the address (whitelisted and clamped)."""
    return load_thread(thread, viewer, request.args.get("sort", "oldest"),
                       request.args.get("page", 1, type=int) or 1)


def load_single(comment: Comment, viewer: User) -> tuple[CommentNode, ThreadView, str]:
    """One comment for a live update: its node, a view to render it with, and its container id."""
    thread = comment.thread
    holder = None
    if comment.parent_id is not None:
        holder = comment.parent
        while holder is not None and holder.depth >= MAX_DEPTH:
            holder = holder.parent
    node = CommentNode(comment, level=min(comment.depth, MAX_DEPTH))
    if comment.depth > MAX_DEPTH and comment.parent is not None:
        node.in_reply_to = comment.parent.author.display_name
    view = ThreadView(thread=thread, subject=describe(thread), viewer=viewer, sort="oldest",
                      page=1, pages=1, roots=[], counts=services.reaction_counts([comment.id]),
                      mine=_my_reactions(viewer, [comment.id]), pinned=[], last_event_id=0,
                      refusal=posting_refusal(viewer, thread),
                      moderator=can_moderate(viewer, thread.neighbourhood_id))
    container = f"replies-{holder.id}" if holder is not None else f"thread-{thread.id}-comments"
    return node, view, container
