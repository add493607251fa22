"""Which rows are a person's data: every column that points at a user, and the section it goes in.

tests/privacy/test_export.py fails when a table gains a column pointing at users.id that is in
neither COVERED nor EXCLUDED, so a new feature cannot forget to hand people their data.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

# Sections of the export, in the order the page shows them: (key, heading, what it holds).
SECTIONS = [
    ("account", _l("Your account"), _l("What you told us when you registered, and how your account was verified.")),
    ("roles", _l("Your staff roles"), _l("Roles you hold, and who granted them.")),
    ("census", _l("Your census entry"), _l("The census line your account was checked against.")),
    ("moves", _l("Requests to move neighbourhood"), _l("Requests you made and what was decided.")),
    ("proposals", _l("Your proposals"), _l("Project ideas you proposed for a neighbourhood fund.")),
    ("comments", _l("Your comments"), _l("Everything you wrote in discussions, including hidden comments and the reason given.")),
    ("reactions", _l("Your reactions"), _l("Reactions you added to comments.")),
    ("flags", _l("Your reports"), _l("Comments you reported to moderators.")),
    ("mutes", _l("Times you were muted"), _l("When a moderator muted you in a discussion, and why.")),
    ("hands", _l("Raised hands"), _l("When you asked to speak in a live debate.")),
    ("debates", _l("Debates where you had the floor"), _l("Debates in which the facilitator gave you the floor.")),
    ("ballots", _l("Your votes"), _l("That you voted in a process, how and when, and your receipt code. Your choices are never stored with your name, so they cannot be listed here: check your receipt code on the process page to see your ballot was counted.")),
    ("surveys", _l("Your survey answers"), _l("Surveys you answered and your answers.")),
    ("ratings", _l("Your ratings"), _l("Stars and comments you gave to delivered projects and local services.")),
    ("volunteering", _l("Your offers to help"), _l("Projects you offered to help with.")),
    ("follows", _l("What you follow"), _l("Processes, proposals and debates you follow.")),
    ("notification_settings", _l("Your notification settings"), _l("How and how often Agora tells you about what you follow.")),
    ("notifications", _l("Your notifications"), _l("Messages Agora sent you.")),
    ("translations", _l("Your translations"), _l("Translations you wrote of proposals, debates, surveys and outcomes.")),
    ("statements", _l("Your opinion map statements"), _l("Statements you added to opinion maps.")),
    ("opinion_votes", _l("Your opinion map reactions"), _l("Whether you agreed, disagreed or passed on each statement.")),
    ("staff_actions", _l("What you did as staff"), _l("Records of actions you took in a staff role, such as verifying residents or reviewing proposals.")),
    ("audit", _l("Audit log entries about you"), _l("Entries in Agora's audit log where you acted or where your account was the subject.")),
]

# (table, column) -> section: rows whose column holds the person's id.
COVERED = {
    ("users", "verified_by_id"): "staff_actions",
    ("audit_entries", "actor_id"): "audit",
    ("census_entries", "used_by_id"): "census",
    ("census_entries", "imported_by_id"): "staff_actions",
    ("content_translations", "translated_by_id"): "translations",
    ("content_translations", "reviewed_by_id"): "staff_actions",
    ("debates", "created_by_id"): "staff_actions",
    ("debates", "speaker_id"): "debates",
    ("flags", "user_id"): "flags",
    ("flags", "resolved_by_id"): "staff_actions",
    ("follows", "user_id"): "follows",
    ("local_services", "created_by_id"): "staff_actions",
    ("move_requests", "user_id"): "moves",
    ("move_requests", "decided_by_id"): "staff_actions",
    ("notification_settings", "user_id"): "notification_settings",
    ("notifications", "user_id"): "notifications",
    ("processes", "created_by_id"): "staff_actions",
    ("role_grants", "user_id"): "roles",
    ("role_grants", "granted_by_id"): "staff_actions",
    ("surveys", "created_by_id"): "staff_actions",
    ("threads", "locked_by_id"): "staff_actions",
    ("announcements", "author_id"): "staff_actions",
    ("comments", "author_id"): "comments",
    ("comments", "hidden_by_id"): "staff_actions",
    ("conversations", "created_by_id"): "staff_actions",
    ("hand_raises", "user_id"): "hands",
    ("mutes", "user_id"): "mutes",
    ("mutes", "muted_by_id"): "staff_actions",
    ("outcomes", "published_by_id"): "staff_actions",
    ("participations", "user_id"): "ballots",
    ("participations", "recorded_by_id"): "staff_actions",
    ("proposals", "author_id"): "proposals",
    ("proposals", "reviewed_by_id"): "staff_actions",
    ("service_ratings", "user_id"): "ratings",
    ("project_ratings", "user_id"): "ratings",
    ("survey_responses", "user_id"): "surveys",
    ("deliveries", "lead_user_id"): "staff_actions",
    ("reactions", "user_id"): "reactions",
    ("statements", "author_id"): "statements",
    ("statements", "hidden_by_id"): "staff_actions",
    ("progress_updates", "author_id"): "staff_actions",
    ("statement_votes", "participant_id"): "opinion_votes",
    ("volunteers", "user_id"): "volunteering",
}

# Columns never handed out, with the reason: secrets that would let someone act as the person.
SECRET_COLUMNS = {
    ("users", "password_hash"): "a hash of the password: useless to the person, useful to an attacker",
    ("users", "session_token"): "signs the person's sessions: whoever holds it could log in as them",
}
# (table, column) pointing at users that is deliberately not exported, with the reason.
EXCLUDED: dict[tuple[str, str], str] = {}
