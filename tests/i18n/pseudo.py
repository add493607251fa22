"""A pseudo-locale whose every message is wrapped in markers, and a checker for text outside them.

Any text a person reads that is neither inside ⟦…⟧ (so it came from a catalogue) nor stored data
(names, titles, comments), numbers, punctuation or Babel's own date words is an English literal
that no translator can reach: the test names the page and the text.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

from deliberation.i18n.locales import LANGUAGES
from tests.i18n.catalogues import current_messages

PSEUDO = "en_AU"  # a locale Babel knows, so dates and numbers still format; Agora ships none
OPEN, CLOSE = "⟦", "⟧"
INNERMOST = re.compile(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}")
WORD = re.compile(r"[^\W\d_]{2,}")
SEPARATORS = re.compile(r"\s{2,}|\s[·—–|/]\s|,\s|^\d+\.\s")  # between a stored title and a marked part
HIDDEN_TAGS = {"script", "style", "template", "noscript"}
READ_ATTRIBUTES = ("title", "alt", "placeholder", "aria-label")
ALWAYS_ALLOWED = {"Agora", "UTC", "GBP", "EUR", "PLN", "USD", "CSV", "pb", "am", "pm", "AM", "PM"}


def mark(text: str) -> str:
    return f"{OPEN}{text}{CLOSE}"


def build_catalogue(directory: Path) -> Path:
    """Compile the pseudo-locale's .mo from the messages the code asks for today."""
    catalog = Catalog(locale=PSEUDO)
    for message in current_messages():
        if not message.id:
            continue
        string = tuple(mark(s) for s in message.id) if message.pluralizable else mark(message.id)
        catalog.add(message.id, string, context=message.context)
    target = directory / PSEUDO / "LC_MESSAGES"
    target.mkdir(parents=True, exist_ok=True)
    with open(target / "messages.mo", "wb") as mo:
        write_mo(mo, catalog)
    return directory


def locale_words() -> set[str]:
    """Month and day names Babel writes for the pseudo-locale (they are not ours to translate)."""
    locale, words = Locale.parse(PSEUDO), set()
    for table in (locale.months, locale.days):
        for widths in table["format"].values():
            words.update(WORD.findall(" ".join(widths.values())))
    for name in ("AM", "PM", "am", "pm"):
        words.add(name)
    return words


INLINE_TAGS = {"a", "abbr", "b", "bdi", "bdo", "cite", "code", "em", "i", "kbd", "mark", "q", "s", "samp",
               "small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr"}
"""Tags inside a line of text: a message around a link or a code is one piece, not several."""


class _Texts(HTMLParser):
    """Visible text nodes and the attributes people read, in document order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.hidden = 0
        self.english = False  # inside <span lang="en">: a record kept in English, said so on the page
        self.run: list[str] = []  # text of the current line, joined across inline tags

    def _flush(self) -> None:
        """A block boundary ends a line of text; a message may span inline tags (a link in a sentence)."""
        text = "".join(self.run)
        if text.strip():
            self.texts.append(text)
        self.run = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag not in INLINE_TAGS:
            self._flush()
        if tag in HIDDEN_TAGS:
            self.hidden += 1
        if tag == "span" and values.get("lang") == "en":
            self.english = True
        for name in READ_ATTRIBUTES:
            if values.get(name):
                self.texts.append(values[name])
        if tag == "input" and values.get("type") in ("submit", "button") and values.get("value"):
            self.texts.append(values["value"])

    def handle_endtag(self, tag):
        if tag not in INLINE_TAGS:
            self._flush()
        if tag in HIDDEN_TAGS and self.hidden:
            self.hidden -= 1
        if tag == "span":
            self.english = False

    def handle_data(self, data):
        if not self.hidden and not self.english:
            self.run.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def unmarked(text: str) -> str:
    """What is left of a text once every marked message (innermost first) is taken out."""
    previous = None
    while previous != text:
        previous, text = text, INNERMOST.sub(" ", text)
    return text


MARKDOWN_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
MARKUP = re.compile(r"[*_`#>]+")


def _plain(text: str) -> str:
    """Stored Markdown and its rendered text compare equal: links become their words, markup goes."""
    return " ".join(MARKUP.sub("", MARKDOWN_LINK.sub(r"\1", text)).split())


class Checker:
    """Finds English that did not come from a catalogue, allowing stored data and Babel's words."""

    def __init__(self, user_data: set[str], extra_words: set[str] = frozenset()):
        self.exact = {s.strip() for s in user_data if s and s.strip()}
        self.exact |= {_plain(s) for s in self.exact}
        self.haystack = "\n".join(sorted(self.exact))
        self.data_words = set(WORD.findall(self.haystack))
        names = {w for language in LANGUAGES.values() for w in WORD.findall(language.name)}
        self.allowed = ALWAYS_ALLOWED | locale_words() | names | set(extra_words)

    def _is_data(self, residue: str) -> bool:
        residue = _plain(residue.strip())
        if residue in self.exact or (len(residue) >= 8 and residue in self.haystack):
            return True  # a stored value, or a fragment of one (Markdown splits text into nodes)
        words = WORD.findall(residue)
        return bool(words) and len(residue) < 8 and all(w in self.data_words for w in words)

    def problems(self, html: str) -> list[str]:
        parser = _Texts()
        parser.feed(html)
        parser.close()
        found = []
        for text in parser.texts:
            for piece in SEPARATORS.split(unmarked(text)):
                piece = piece.strip(" ·—–|/,:;()")
                if self._is_data(piece):
                    continue
                words = [w for w in WORD.findall(piece) if w not in self.allowed]
                if words and not self._is_data(" ".join(piece.split())):
                    found.append(" ".join(piece.split()))
        return found


def read_as_each_role(app, checker: Checker, sent_by_role: dict, password: str, *,
                      forms_are_wrong: bool = False) -> tuple[list[str], list[int]]:
    """Log in as each role under the pseudo-locale, GET (form None) or POST each page, check it.

    With forms_are_wrong every POST must be refused (400/403), so its messages are what is read.

    Returns the problems found ("role url: 'text'") and every status code, for the caller's asserts.
    """
    problems, statuses = [], []
    for role, sent in sent_by_role.items():
        client = app.test_client()
        client.set_cookie("agora_lang", PSEUDO)
        if role != "anonymous":
            client.post("/login", data={"email": role, "password": password})
        for url, form in sent:
            response = client.get(url) if form is None else client.post(url, data=form)
            assert response.status_code < 500, f"{role} {url}: HTTP {response.status_code}"
            if forms_are_wrong and form is not None:
                assert response.status_code in (400, 403), f"{role} {url}: the wrong form was accepted"
            statuses.append(response.status_code)
            problems += [f"{role} {url}: {text!r}" for text in checker.problems(response.get_data(as_text=True))]
    return list(dict.fromkeys(problems)), statuses
