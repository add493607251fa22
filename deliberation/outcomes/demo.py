"""Demo outcomes: published decisions, projects at every status, volunteers, ratings, a service."""
from __future__ import annotations

from sqlalchemy import select

from deliberation.budgeting.processes import advance_phase
from deliberation.permissions import can_rate_in
from deliberation.budgeting.proposals import ballot_projects
from deliberation.outcomes.delivery import post_update, set_community_lead, volunteer
from deliberation.outcomes.ratings import create_service, rate_project, rate_service
from deliberation.outcomes.services import outcome_of, publish_outcome, vote_funded
from models import Delivery, DeliveryStatus, LocalService, Phase, Process, Proposal, User, db

STEPS = [  # (status reached, progress, share of the allocation spent, what happened)
    (DeliveryStatus.DELIVERED, 100, 95, "Finished and open to everyone. Thank you for your patience."),
    (DeliveryStatus.IN_PROGRESS, 40, 35, "Work started; the contractor expects to finish next month."),
    (DeliveryStatus.CANCELLED, 0, 0, ""),
    (DeliveryStatus.PLANNED, 0, 0, ""),
]


def _publish(councillor: User, process: Process) -> None:
    voted = vote_funded(process)
    decisions = {p.id: (p.id in voted, "") for p in ballot_projects(process)}
    publish_outcome(councillor, process, decisions, "The council confirms the residents' vote.")


def _deliver(councillor: User, process: Process, residents: list[User]) -> None:
    """Move the funded projects through their lifecycle, one status each."""
    deliveries = sorted((d for d in _deliveries(process)), key=lambda d: d.id)
    for delivery, (status, progress, share, text) in zip(deliveries, STEPS):
        spent = delivery.allocation * share // 100
        if status is DeliveryStatus.DELIVERED:
            post_update(councillor, delivery, "Work started.", DeliveryStatus.IN_PROGRESS, 50, spent // 2)
            post_update(councillor, delivery, text, status, progress, spent)
            raters = [r for r in residents if can_rate_in(r, delivery.neighbourhood_id)]
            for n, resident in enumerate(raters):
                rate_project(resident, delivery, 5 - n % 3, "Well used every day." if n == 0 else "")
        elif status is DeliveryStatus.IN_PROGRESS:
            post_update(councillor, delivery, text, status, progress, spent)
        elif status is DeliveryStatus.CANCELLED:
            post_update(councillor, delivery, "The site turned out to be private land.", status, 0, 0,
                        "The landowner refused permission; the money returns to next year's fund.")
        elif status is DeliveryStatus.PLANNED and residents:
            set_community_lead(councillor, delivery, "Friends of Riverside", residents[0])
            for helper in residents[1:3]:
                volunteer(helper, delivery, "Two hands and a wheelbarrow.", "Saturday mornings")


def _deliveries(process: Process):
    return db.session.scalars(select(Delivery).join(Proposal).where(Proposal.process_id == process.id))


def load_outcomes_demo(councillor: User, residents: list[User]) -> None:
    """Publish the demo processes that wait for an outcome; add a rated local service."""
    for title, archive in (("City Small Grants 2025", False), ("City Small Grants 2024", True)):
        process = db.session.scalar(select(Process).where(Process.title == title))
        if process is None or outcome_of(process) is not None:
            continue
        _publish(councillor, process)
        if archive:
            for delivery in _deliveries(process):
                post_update(councillor, delivery, "Delivered.", DeliveryStatus.IN_PROGRESS, 50, 0)
                post_update(councillor, delivery, "Delivered.", DeliveryStatus.DELIVERED, 100,
                            delivery.allocation)
            advance_phase(councillor, process, Phase.ARCHIVED)
        else:
            _deliver(councillor, process, residents)
    if db.session.scalar(select(LocalService.id).limit(1)) is None:
        library = create_service(councillor, "Old Town Library", "Lending, computers and homework club.",
                                 "Culture and sport", None)
        cleaning = create_service(councillor, "Street cleaning", "Weekly sweeping and bin collection.",
                                  "Streets and safety", None)
        for n, resident in enumerate(residents):
            rate_service(resident, library, 5 - n % 2, "")
            rate_service(resident, cleaning, 2 + n % 3, "")
