"""Every page of the demo, as every role, under a pseudo-locale: no English outside the catalogues."""
from __future__ import annotations

import json
import re
from collections import Counter, deque
from urllib.parse import urlsplit

import pytest
from sqlalchemy import JSON, String, Text, select

from deliberation.demo import DEMO_PASSWORD, load_demo
from models import db
from tests.conftest import app_settings
from tests.i18n.catalogues import TRANSLATIONS
from tests.i18n.pseudo import OPEN, PSEUDO, Checker, build_catalogue, mark

ROLES = ["anonymous", "newcomer@agora.example", "resident@agora.example",
         "facilitator@agora.example", "councillor@agora.example", "admin@agora.example"]
START = ["/", "/no-such-page", "/login", "/register", "/forgot-password"]
MAX_PAGES = 120
PER_PATTERN = 3
SKIP = re.compile(r"^/(logout|static/|uploads/|socket\.io/)|\.(csv|pb|txt|zip)$|export|download")
HREF = re.compile(r'<a\s[^>]*href="([^"#]+)', re.I)
CATALOGUE = re.compile(r'<script type="application/json" id="agora-i18n">(.*?)</script>', re.S)


@pytest.fixture
def app_config(tmp_path):
    pseudo = build_catalogue(tmp_path / "pseudo-translations")
    return app_settings(tmp_path, EXTRA_LOCALES=(PSEUDO,), WTF_CSRF_ENABLED=False,
                        PROPAGATE_EXCEPTIONS=False,  # a page that fails is reported, the crawl goes on
                        BABEL_TRANSLATION_DIRECTORIES=f"{TRANSLATIONS};{pseudo}")


def _stored_text() -> set[str]:
    """Everything people or the demo typed: every string column of every row.

    Not the audit summaries: Agora writes those, in English; a page shows them only as the record,
    marked lang="en", and words them for the reader everywhere else."""
    values: set[str] = set()
    for table in db.metadata.sorted_tables:
        columns = [c for c in table.columns if isinstance(c.type, (String, Text, JSON))
                   and (table.name, c.name) != ("audit_entries", "summary")]
        if columns:
            for row in db.session.execute(select(*columns)):
                for value in row:
                    values.update(map(str, value) if isinstance(value, list) else [str(value)] if value else [])
    return values


def _links(page: str) -> list[str]:
    found = []
    for href in HREF.findall(page):
        parts = urlsplit(href.replace("&amp;", "&"))
        if parts.netloc or not parts.path.startswith("/") or SKIP.search(parts.path):
            continue
        found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def _crawl(client, checker: Checker, role: str) -> tuple[int, list[str]]:
    queue, seen, per_pattern, visited, problems = deque(START), set(START), Counter(), 0, []
    while queue and visited < MAX_PAGES:
        url = queue.popleft()
        response = client.get(url)
        visited += 1
        if response.status_code >= 500:
            problems.append(f"{role} {url}: HTTP {response.status_code}")
        if response.status_code in (301, 302) or not response.mimetype == "text/html":
            continue
        page = response.get_data(as_text=True)
        problems += [f"{role} {url}: {text!r}" for text in checker.problems(page)]
        script = CATALOGUE.search(page)
        if script:
            strings = json.loads(script.group(1))
            texts = list(strings["messages"].values())
            texts += [t for forms in strings["plurals"].values() for t in forms.values()]
            problems += [f"{role} {url}: script string {t!r}" for t in texts if not t.startswith(OPEN)]
        for target in _links(page):
            pattern = re.sub(r"/\d+", "/N", target.split("?")[0]) + ("?" if "?" in target else "")
            if target not in seen and per_pattern[pattern] < PER_PATTERN:
                seen.add(target)
                per_pattern[pattern] += 1
                queue.append(target)
    return visited, problems


def test_no_page_shows_english_outside_the_catalogues(app):
    load_demo()
    db.session.commit()
    checker = Checker(_stored_text())
    everything, pages = [], 0
    for role in ROLES:
        client = app.test_client()
        client.set_cookie("agora_lang", PSEUDO)
        if role != "anonymous":
            client.post("/login", data={"email": role, "password": DEMO_PASSWORD})
        visited, problems = _crawl(client, checker, role)
        pages += visited
        everything += problems
    unique = list(dict.fromkeys(everything))
    print(f"pseudo-locale: {pages} pages checked, {len(unique)} problems")
    assert pages >= 100
    assert not unique, f"{len(unique)} texts are not from a catalogue:\n" + "\n".join(unique[:1000])


def test_the_checker_finds_an_english_literal():
    """The check can fail: marked text, stored data and dates pass; a literal does not."""
    checker = Checker({"Fix the canal path", "Riverside"})
    page = (f"<html><body><h1>{mark('Proposals')}</h1><p>Fix the canal path</p>"
            f"<p>{mark('In %(area)s').replace('%(area)s', 'Riverside')}</p><p>7 Mar 2026, 14:05 UTC</p>"
            f"<button aria-label='Close menu'>x</button><p>Cast my vote</p><script>var a='Hidden';</script>"
            "</body></html>")
    assert checker.problems(page) == ["Close menu", "Cast my vote"]
