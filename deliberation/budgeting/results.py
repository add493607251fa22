"""Counting a process's ballots when voting closes, and the figures its results page shows."""
from __future__ import annotations

from collections import Counter

from babel import Locale, numbers
from flask_babel import get_locale, lazy_gettext as _l
from sqlalchemy import func, select

from deliberation.budgeting.election import PROFILE_KIND, instance_of, profile_of
from deliberation.budgeting.messages import translate_stored
from deliberation.budgeting.proposals import ballot_projects
from deliberation.i18n.formatting import format_number
from deliberation.tallying.messages import to_json
from deliberation.tallying.registry import rule_named
from deliberation.tallying.scores import score_label, scores
from models import Channel, Neighbourhood, Participation, Process, ProcessResult, db


def compute_results(process: Process) -> ProcessResult:
    """Tally with the process's rule and keep the outcome (replacing an earlier count)."""
    projects = ballot_projects(process)
    instance = instance_of(process, projects)
    profile = profile_of(process, instance)
    _name, rule = rule_named(process.tally_rule.value)
    outcome = rule(instance, profile)
    counted = scores(instance, profile)
    result = process.result or ProcessResult(process=process)
    result.rule = outcome.rule
    result.selected = [int(pid) for pid in outcome.selected]
    result.scores = {p.id: int(counted[i]) for i, p in enumerate(instance.projects)}
    result.explanations = {pid: to_json(why) for pid, why in outcome.explanations.items()}
    result.total_cost = int(outcome.total_cost)
    result.ballots_counted = profile.n_voters
    db.session.add(result)
    db.session.flush()
    return result


def results_table(process: Process) -> list[dict]:
    """Every project on the ballot with its score, funding and the one-line reason."""
    result = process.result
    funded = {pid: order for order, pid in enumerate(result.selected, start=1)}
    rows = [{"proposal": p, "score": result.scores.get(str(p.id), 0),
             "funded": p.id in funded, "order": funded.get(p.id),
             "why": translate_stored(result.explanations.get(str(p.id)), process.currency)}
            for p in ballot_projects(process)]
    return sorted(rows, key=lambda r: (-r["score"], r["proposal"].id))


# How the results page names a score, by what the ballot kind counts: header, chart, caption.
SCORE_WORDS = {
    "votes": (_l("Votes"), _l("Votes per project"), _l("Votes per project (top %(num)s)"),
              _l("Every project with its votes, cost and why it was or was not funded")),
    "points": (_l("Points"), _l("Points per project"), _l("Points per project (top %(num)s)"),
               _l("Every project with its points, cost and why it was or was not funded")),
    "Borda points": (_l("Borda points"), _l("Borda points per project"),
                     _l("Borda points per project (top %(num)s)"),
                     _l("Every project with its Borda points, cost and why it was or was not funded")),
}


def score_words(process: Process, shown: int, total: int) -> dict[str, str]:
    """The score's column header, chart title (naming a top N when not all are charted) and caption."""
    header, chart, top, caption = SCORE_WORDS[score_label(PROFILE_KIND[process.ballot_kind])]
    title = str(chart) if shown >= total else str(top) % {"num": format_number(shown)}
    return {"header": str(header), "chart": title, "caption": str(caption)}


def turnout(process: Process) -> dict:
    """Voters by channel and by neighbourhood (participation records, never ballots)."""
    by_channel = dict(db.session.execute(
        select(Participation.channel, func.count()).where(Participation.process_id == process.id)
        .group_by(Participation.channel)).all())
    by_area = db.session.execute(
        select(Neighbourhood.name, func.count()).join(
            Participation, Participation.neighbourhood_id == Neighbourhood.id)
        .where(Participation.process_id == process.id).group_by(Neighbourhood.name)
        .order_by(Neighbourhood.name)).all()
    imported = process.result.ballots_counted - sum(by_channel.values()) if process.result else 0
    return {"online": by_channel.get(Channel.ONLINE, 0), "paper": by_channel.get(Channel.PAPER, 0),
            "imported": max(imported, 0), "by_area": by_area,
            "total": process.result.ballots_counted if process.result else sum(by_channel.values())}


def spent_share(process: Process) -> str:
    """The share of the budget the funded projects use, as the reader writes percentages."""
    share = process.result.total_cost / process.budget if process.budget else 0
    return numbers.format_percent(share, "#,##0.#%", locale=get_locale() or Locale.parse("en_GB"))


def money_by_category(rows: list[dict]) -> list[tuple[str, int]]:
    """Funded money per category, largest first, for the chart."""
    totals = Counter()
    for row in rows:
        if row["funded"]:
            totals[row["proposal"].category] += row["proposal"].cost
    return totals.most_common()
