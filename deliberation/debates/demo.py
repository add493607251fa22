"""Demo debates with a little conversation, so the live layer has something to show (idempotent)."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from deliberation.debates import services
from deliberation.threads import services as threads
from models import Debate, Neighbourhood, User, db, utcnow


def _person(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == email))


def _area(name: str) -> Neighbourhood | None:
    return db.session.scalar(select(Neighbourhood).where(Neighbourhood.name == name))


def load_debates_demo() -> None:
    """An open debate in Riverside and a concluded one in Hillcrest, unless they exist."""
    facilitator = _person("facilitator@agora.example")
    rosa, nico, hamid = (_person(e) for e in ("resident@agora.example", "newcomer@agora.example",
                                              "hillcrest@agora.example"))
    riverside, hillcrest = _area("Riverside"), _area("Hillcrest")
    if None in (facilitator, rosa, nico, hamid, riverside, hillcrest):
        return
    now = utcnow()
    if db.session.scalar(select(Debate.id).where(Debate.neighbourhood_id == riverside.id)) is None:
        debate = services.create_debate(
            facilitator, riverside, "Lights on the canal path?",
            "Should part of this year's fund pay for lights along the canal path?",
            "The path between **Lock Street** and the allotments is unlit. Residents asked for "
            "lights at the spring meeting; the council estimates £18,000.",
            now - timedelta(hours=1), now + timedelta(days=7))
        thread = services.debate_thread(debate)
        first = threads.post_comment(rosa, thread, "Yes. I walk home that way in winter and it "
                                                   "is pitch dark after five.")
        threads.post_comment(nico, thread, "Could solar lamps do it for less?", parent=first)
        threads.toggle_reaction(nico, first, "agree")
        threads.post_comment(facilitator, thread, "Thanks both. We will ask the council for a "
                                                  "solar quote before the vote.")
        services.announce(facilitator, debate, "Live session on Thursday at 7pm in the library.")
    if db.session.scalar(select(Debate.id).where(Debate.neighbourhood_id == hillcrest.id)) is None:
        debate = services.create_debate(
            facilitator, hillcrest, "Opening hours of the youth club",
            "Should the youth club open on Sunday afternoons?", "",
            now - timedelta(days=3), now + timedelta(minutes=5))
        threads.post_comment(hamid, services.debate_thread(debate),
                             "Sundays are when the park is busiest; yes please.")
        services.conclude_debate(facilitator, debate, "Most residents agreed. The club will trial "
                                                      "**Sunday openings** from next month.")
