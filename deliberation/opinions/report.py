"""The map's report: a CSV of statements by group for staff, and a summary in the debate's conclusion.

Neither names anyone: counts are per statement, overall and per group of five or more.
"""
from __future__ import annotations
from flask_babel import gettext as _, ngettext

import re

from deliberation import audit
from deliberation.errors import PolicyError
from deliberation.exports import csv_text
from deliberation.opinions import snapshots, view
from deliberation.permissions import can_run_opinion_map
from models import Conversation, DebateStatus, User

REPORT_BREAK = "\n\n---\n\n"  # the report follows the facilitator's own words after a rule
MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~])")


def _require_facilitator(actor: User, conversation: Conversation) -> None:
    if not can_run_opinion_map(actor, conversation.debate):
        raise PolicyError(_("Only this neighbourhood's facilitators can do that."), status=403)


def _current(conversation: Conversation) -> view.MapView:
    return view.map_view(conversation, snapshots.latest(conversation.id), viewer_id=None)


def export_report_csv(actor: User, conversation: Conversation) -> str:
    """Every visible statement with agree, disagree and pass overall and per group shown."""
    _require_facilitator(actor, conversation)
    current = _current(conversation)
    header = [_("Statement number"), _("Statement"), _("Written by the facilitator"),
              _("Agree"), _("Disagree"), _("Pass"), _("Common ground")]
    for group in current.groups:
        header += [_("Group %(letter)s agree", letter=group.letter),
                   _("Group %(letter)s disagree", letter=group.letter),
                   _("Group %(letter)s pass", letter=group.letter)]
    common = {row.statement.id for row in current.consensus}
    rows = [header]
    for row in current.rows:
        line = [row.statement.id, row.statement.text, _("yes") if row.statement.seed else _("no"),
                row.everyone.agree, row.everyone.disagree, row.everyone.passed,
                _("yes") if row.statement.id in common else _("no")]
        for counts in row.by_group:
            line += [counts.agree, counts.disagree, counts.passed]
        rows.append(line)
    audit.record(actor, "opinions.export", conversation.debate, "Exported the opinion map report",
                 neighbourhood_id=conversation.debate.neighbourhood_id)
    return csv_text(rows)


def _quoted(text: str) -> str:
    """A statement inside the Markdown conclusion, shown as written, never as formatting."""
    return "“" + MARKDOWN_SPECIAL.sub(r"\\\1", text) + "”"


def report_markdown(conversation: Conversation) -> str:
    """A short account of the map, in the facilitator's language, for the conclusion."""
    current = _current(conversation)
    lines = ["### " + _("Opinion map"), "",
             ngettext("%(num)s person reacted to the statements.",
                      "%(num)s people reacted to the statements.", current.participants)]
    if current.groups:
        lines.append(ngettext("%(num)s group of opinion formed.", "%(num)s groups of opinion formed.",
                              len(current.groups)))
    lines += ["", "**" + _("Common ground") + "**", ""]
    lines += [f"- {_quoted(r.statement.text)}: {r.everyone.summary()}" for r in current.consensus] \
        or ["- " + _("No statement found agreement in every group.")]
    for group in current.groups:
        lines += ["", "**" + ngettext("Group %(letter)s (%(num)s person)",
                                      "Group %(letter)s (%(num)s people)", group.size,
                                      letter=group.letter) + "**", ""]
        lines += [f"- {_quoted(rep.statement.text)}: " + (
            _("%(share)s of the group agree", share=rep.share) if rep.direction > 0 else
            _("%(share)s of the group disagree", share=rep.share)) for rep in group.representative]
    return "\n".join(lines)


def attach_report_to_conclusion(actor: User, conversation: Conversation) -> str:
    """Add the map's summary under the debate's conclusion (replacing an earlier one)."""
    _require_facilitator(actor, conversation)
    from deliberation.debates.services import effective_status, sync_status
    debate = conversation.debate
    sync_status(debate)
    if effective_status(debate) not in (DebateStatus.CLOSED, DebateStatus.ARCHIVED):
        raise PolicyError(_("Attach the report once the debate has closed."))
    own = (debate.conclusion or "").split(REPORT_BREAK)[0].strip()
    if own.startswith("### " + _("Opinion map")):  # a conclusion that was only the report
        own = ""
    report = report_markdown(conversation)
    debate.conclusion = own + REPORT_BREAK + report if own else report
    audit.record(actor, "opinions.report", debate,
                 f"Attached the opinion map report to the conclusion of “{debate.title}”",
                 neighbourhood_id=debate.neighbourhood_id, public=True)
    return debate.conclusion
