"""The states other than voting in which permissions change, and the rows that differ there."""
from __future__ import annotations

from typing import Callable, NamedTuple

from tests.security import access_world as world
from tests.security.access_groups import (AUTHOR, COUNCIL, DISCUSSANTS, EVERYONE, LOCAL_STAFF,
                                          NOBODY, RIVERSIDE_VERIFIED, SIGNED_IN)

# The other states in which permissions change. Each is built through the app's own services
# (access_world.py) and checked on the routes and socket events it touches, by its own rows
# where they differ from ACCESS and SOCKET_ACCESS, by those tables elsewhere.
class State(NamedTuple):
    """A state of the world in which some rows differ from ACCESS."""

    build: Callable[[], dict]    # puts the world in this state, returns the re-pointed targets
    touches: frozenset[str]      # checked: every route whose arguments are all among these
    rows: dict                   # endpoint -> (who may GET, who may POST), where not as in ACCESS
    sockets: dict                # event -> who gets {"ok": True}, where not as in SOCKET_ACCESS


PROCESS = frozenset({"process_id", "proposal_id"})
DEBATE = frozenset({"debate_id", "thread_id", "region"})
THREAD = DEBATE | {"comment_id"}
NO_VOTING = {"budgeting.vote": (NOBODY, NOBODY), "budgeting.paper_ballot": (NOBODY, NOBODY)}
SILENCED = {"threads.post": (None, NOBODY), "threads.reply": (SIGNED_IN, NOBODY),
            "threads.react": (None, NOBODY), "threads.edit": (AUTHOR, NOBODY),
            "debates.hand": (None, NOBODY)}
SILENCED_SOCKETS = dict.fromkeys(["post_comment", "react", "edit_comment", "raise_hand",
                                  "lower_hand"], NOBODY)
UNMUTED = DISCUSSANTS - {"resident"}
# In a state's own rows, those allowed to POST must get it done: the data changes.
STATES = {
    "proposals phase": State(world.proposals_phase, PROCESS, NO_VOTING | {
        "budgeting.new_proposal": (RIVERSIDE_VERIFIED, RIVERSIDE_VERIFIED),
        "budgeting.edit_proposal": (AUTHOR, AUTHOR),
        "budgeting.withdraw_proposal": (None, AUTHOR)}, {}),
    "review phase": State(world.review_phase, PROCESS, NO_VOTING | {
        "budgeting.review": (LOCAL_STAFF, LOCAL_STAFF)}, {}),
    "results": State(world.results_phase, PROCESS, NO_VOTING | {
        "budgeting.results": (EVERYONE, None),          # with the resident's receipt code
        "budgeting.receipt": ({"resident"}, None),    # the one who voted, no one else
        "budgeting.receipt_download": ({"resident"}, None),
        "budgeting.export_ballots": (EVERYONE, None), "budgeting.export_pb": (EVERYONE, None),
        "budgeting.export_projects": (EVERYONE, None),
        "outcomes.publish": (COUNCIL, COUNCIL)}, {}),
    "debate upcoming": State(world.debate_scheduled, DEBATE, {
        "threads.post": (None, NOBODY), "debates.hand": (None, NOBODY),
        "debates.open_now": (None, LOCAL_STAFF), "debates.conclude": (None, NOBODY),
        # This debate has no opinion map: its pages say so, its verbs are 404, staff may start one.
        "opinions.start": (None, LOCAL_STAFF), "opinions.map_region": (NOBODY, None),
        "opinions.vote": (None, NOBODY), "opinions.add_statement": (None, NOBODY),
        "opinions.settings": (None, NOBODY), "opinions.close": (None, NOBODY),
        "opinions.export": (NOBODY, None), "opinions.attach_report": (None, NOBODY)},
        {"post_comment": NOBODY, "raise_hand": NOBODY, "lower_hand": NOBODY}),
    "debate closed": State(world.debate_closed, THREAD, SILENCED | {
        "debates.open_now": (None, NOBODY), "debates.edit": (NOBODY, NOBODY)},
        SILENCED_SOCKETS),
    "thread locked": State(world.thread_locked, THREAD, SILENCED | {
        "threads.lock": (None, NOBODY), "threads.unlock": (None, LOCAL_STAFF)},
        SILENCED_SOCKETS),
    "resident muted": State(world.resident_muted, THREAD, {
        "threads.post": (None, UNMUTED), "threads.reply": (SIGNED_IN, UNMUTED),
        "threads.react": (None, UNMUTED), "debates.hand": (None, UNMUTED)},
        {"post_comment": UNMUTED, "react": UNMUTED, "raise_hand": UNMUTED,
         "lower_hand": UNMUTED}),
}
