"""Delivering funded projects: progress updates, milestones, community leads and volunteers."""
from __future__ import annotations

from datetime import date

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from deliberation import audit, permissions
from deliberation.errors import PolicyError
from deliberation.i18n.formatting import format_money, format_number
from deliberation.mail import send_mail
from deliberation.notifications.services import followers
from deliberation.notifications.languages import in_english, in_language_of, notify_each
from models import Delivery, DeliveryStatus, Milestone, ProgressUpdate, User, Volunteer, db, utcnow
from models.outcomes import DELIVERY_TRANSITIONS


def _require_editor(actor: User, delivery: Delivery) -> None:
    if not permissions.can_update_delivery(actor, delivery):
        raise PolicyError(_("Only councillors and this project's named lead can post updates."), status=403)


def post_update(actor: User, delivery: Delivery, body: str, status: DeliveryStatus, progress: int,
                spent: int, cancel_reason: str = "", image_name: str | None = None) -> ProgressUpdate:
    """Report progress; the status moves only along its lifecycle, and money never goes back."""
    _require_editor(actor, delivery)
    if status is not delivery.status and status not in DELIVERY_TRANSITIONS[delivery.status]:
        raise PolicyError(_("A project that is “%(status)s” cannot become “%(target)s”.",
                            status=delivery.status.label, target=status.label), field="status")
    if status is DeliveryStatus.CANCELLED and not cancel_reason.strip():
        raise PolicyError(_("Say why the project is cancelled; residents see the reason."),
                          field="cancel_reason")
    if spent < delivery.spent:
        raise PolicyError(_("Money spent cannot go down (it is %(spent)s already); explain a refund in the update text.",
                            spent=format_money(delivery.spent, delivery.proposal.process.currency)), field="spent")
    if status is DeliveryStatus.DELIVERED:
        progress = 100
    delivery.status, delivery.progress, delivery.spent = status, progress, spent
    if status is DeliveryStatus.CANCELLED:
        delivery.cancel_reason = cancel_reason.strip()
    if status is DeliveryStatus.DELIVERED and delivery.delivered_at is None:
        delivery.delivered_at = utcnow()
    update = ProgressUpdate(delivery_id=delivery.id, author_id=actor.id, body=body.strip(),
                            status=status, progress=progress, spent=spent, image_name=image_name)
    db.session.add(update)
    db.session.flush()
    audit.record(actor, "delivery.update", delivery,
                 f"Update on “{delivery.proposal.title}”: {in_english(status.label)}, {progress}%",
                 neighbourhood_id=delivery.neighbourhood_id, public=True,
                 detail={"status": status.value, "progress": progress})
    notify_each(followers("project", delivery.id) | followers("process", delivery.proposal.process_id),
                "progress", lambda: _("“%(title)s”: %(status)s, %(progress)s%% done.", title=delivery.proposal.title,
                                      status=status.label, progress=format_number(progress)),
                url_for("outcomes.project", delivery_id=delivery.id), exclude=actor.id)
    return update


def add_milestone(actor: User, delivery: Delivery, title: str, due_on: date) -> Milestone:
    _require_editor(actor, delivery)
    milestone = Milestone(delivery_id=delivery.id, title=title.strip(), due_on=due_on)
    db.session.add(milestone)
    return milestone


def complete_milestone(actor: User, milestone: Milestone, done_on: date) -> None:
    delivery = db.session.get(Delivery, milestone.delivery_id)
    _require_editor(actor, delivery)
    milestone.done_on = done_on


def set_community_lead(actor: User, delivery: Delivery, group: str, lead: User | None) -> None:
    """Hand delivery to a residents' group or local organisation, whose lead then posts updates."""
    if not (permissions.is_councillor(actor) or permissions.is_admin(actor)):
        raise PolicyError(_("Only councillors can hand a project to a community group."), status=403)
    if not group.strip():
        raise PolicyError(_("Name the group that will deliver the project."), field="lead_group")
    delivery.community_delivered, delivery.lead_group = True, group.strip()
    delivery.lead_user_id = lead.id if lead else None
    audit.record(actor, "delivery.community", delivery,
                 f"“{delivery.proposal.title}” will be delivered by {group.strip()}",
                 neighbourhood_id=delivery.neighbourhood_id, public=True)


def volunteer(resident: User, delivery: Delivery, offer: str, availability: str) -> Volunteer:
    """Offer help with a community project; changing the offer later keeps one record."""
    if not delivery.community_delivered or delivery.status in (DeliveryStatus.DELIVERED,
                                                               DeliveryStatus.CANCELLED):
        raise PolicyError(_("This project is not looking for volunteers."))
    if not permissions.can_take_part(resident):
        raise PolicyError(_("Volunteering needs a verified account."), status=403)
    if not offer.strip():
        raise PolicyError(_("Say what you can offer."), field="offer")
    record = db.session.scalar(select(Volunteer).where(
        Volunteer.delivery_id == delivery.id, Volunteer.user_id == resident.id))
    if record is None:
        record = Volunteer(delivery_id=delivery.id, user_id=resident.id)
        db.session.add(record)
    record.offer, record.availability = offer.strip(), availability.strip()
    try:
        db.session.flush()
    except IntegrityError as error:
        db.session.rollback()
        raise PolicyError(_("You already volunteered for this project.")) from error
    return record


def contact_volunteers(lead: User, delivery: Delivery, volunteer_ids: list[int], message: str) -> int:
    """Write to volunteers through Agora: they get the message, the lead never sees their address."""
    if lead.id != delivery.lead_user_id and not permissions.is_councillor(lead):
        raise PolicyError(_("Only the project's lead can contact its volunteers."), status=403)
    if not message.strip():
        raise PolicyError(_("Write a message."), field="message")
    chosen = [v for v in delivery_volunteers(delivery) if v.id in set(volunteer_ids)]
    if not chosen:
        raise PolicyError(_("Choose at least one volunteer."), field="recipients")
    for record in chosen:
        with in_language_of(record.user):
            send_mail(record.user.email, _("A message about “%(title)s”", title=delivery.proposal.title),
                      _("%(name)s (%(group)s) writes:", name=lead.display_name, group=delivery.lead_group)
                      + f"\n\n{message.strip()}\n\n"
                      + _("Reply through Agora; your email address was not shared.") + "\n")
    audit.record(lead, "delivery.contact", delivery, f"Wrote to {len(chosen)} volunteer(s)",
                 neighbourhood_id=delivery.neighbourhood_id)
    return len(chosen)


def delivery_volunteers(delivery: Delivery) -> list[Volunteer]:
    return list(db.session.scalars(select(Volunteer).where(Volunteer.delivery_id == delivery.id)
                                   .order_by(Volunteer.created_at)))
