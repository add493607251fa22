"""A neighbourhood's recent activity reads in the reader's language; the audit record stays English."""
from flask_babel import force_locale
from sqlalchemy import select

from deliberation.demo import load_demo
from deliberation.neighbourhoods import activity, services
from models import AuditEntry, Neighbourhood, db


def test_the_neighbourhood_page_words_its_activity_in_polish(app):
    load_demo()
    db.session.commit()
    client = app.test_client()
    client.set_cookie("agora_lang", "pl")
    page = client.get("/neighbourhoods/hillcrest").text
    assert "Rozpoczęto debatę „Opening hours of the youth club”" in page
    assert "Started the debate" not in page
    stored = db.session.scalars(select(AuditEntry.summary).where(AuditEntry.action == "debate.create"))
    assert "Started the debate “Opening hours of the youth club”" in list(stored)


def test_a_rename_is_worded_from_the_entry(make_user):
    admin = make_user("admin")
    area = services.create_neighbourhood(admin, "Canal Side", "By the water")
    db.session.commit()
    services.update_neighbourhood(admin, area, "Canal Quarter", "Renamed")
    db.session.commit()
    with force_locale("es"):
        texts = [h.text for h in activity.recent(area.id)]
    assert texts == ["Canal Side pasó a llamarse Canal Quarter", "Se creó el barrio Canal Quarter"]


def test_an_entry_whose_subject_is_gone_shows_its_record(make_user):
    admin = make_user("admin")
    area = services.create_neighbourhood(admin, "Short Lived", "")
    db.session.commit()
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.neighbourhood_id == area.id))
    entry.subject_id = 10**6  # as if the neighbourhood had been removed
    with force_locale("pl"):
        assert activity.describe(entry) == "Created neighbourhood Short Lived"
    assert db.session.get(Neighbourhood, area.id) is not None
