"""Who may do what: every route (GET and POST) and every socket event, for every kind of person.

The table starts from the url map: a new route without a row here fails the test
("no access rule for ..."). The world is the demo data seen from Riverside: a voting process,
Riverside's debate, a comment written by the Riverside facilitator (someone else's content for
everyone but that facilitator), the unverified newcomer as the person staff act on, and the
resident's pending move to Old Town (so Old Town's facilitator is the one who decides it).

STATES below repeats the check in the other states where permissions change (proposals, review,
results; a debate upcoming or closed; a locked thread; a muted resident), listing only the rows
that differ from ACCESS there.
"""
from __future__ import annotations

import pytest

from deliberation.extensions import socketio
from tests.conftest import app_settings
from tests.security import access_world as world
from tests.security.access_world import (FORM, ROLES, fingerprint, logged_in, outcome, people,
                                         targets)
from tests.security.access_groups import (ADMIN, ANY_STAFF, AUTHOR, COUNCIL, DISCUSSANTS,
                                          EVERYONE, LOCAL_STAFF, NOBODY, RIVERSIDE_VERIFIED,
                                          SIGNED_IN, SURVEY_STAFF)
from tests.security.access_states import STATES, State
from tests.security.conftest import fill, rules


@pytest.fixture
def app_config(tmp_path):
    """Eight people log in per test: the login limit (tested in test_rate_limits) stays off."""
    return app_settings(tmp_path, RATELIMIT_ENABLED=False)



# endpoint -> (who may GET, who may POST); None where the rule has no such method.
ACCESS: dict[str, tuple[set[str] | None, set[str] | None]] = {
    "neighbourhoods.home": (EVERYONE, None),
    "accounts.settings": (SIGNED_IN, SIGNED_IN),
    "accounts.delete_account": (SIGNED_IN, SIGNED_IN),
    "neighbourhoods.request_move": (SIGNED_IN, SIGNED_IN),
    "notifications.settings": (SIGNED_IN, SIGNED_IN),
    "accounts.change_password": (SIGNED_IN, SIGNED_IN),
    "admin.dashboard": (ADMIN, None),
    "admin.audit_log": (ADMIN, None),
    "neighbourhoods.manage": (ADMIN, ADMIN),
    "neighbourhoods.edit": (ADMIN, ADMIN),
    "budgeting.edit_process": (ADMIN, ADMIN),
    "budgeting.advance": (None, ADMIN),
    "budgeting.import_process": (ADMIN, ADMIN),
    "budgeting.new_process": (ADMIN, ADMIN),
    "admin.users": (ADMIN, None),
    "admin.user_detail": (ADMIN, None),
    "admin.block": (None, ADMIN),
    "admin.grant_role": (None, ADMIN),
    "admin.revoke_role": (None, ADMIN),
    "admin.unblock": (None, ADMIN),
    "outcomes.dashboard": (COUNCIL, None),
    "outcomes.dashboard_csv": (COUNCIL, None),
    "debates.show": (EVERYONE, None),
    "debates.announce": (None, LOCAL_STAFF),
    "debates.archive": (None, LOCAL_STAFF),
    "debates.call_next": (None, LOCAL_STAFF),
    "debates.conclude": (None, LOCAL_STAFF),
    "debates.region": (EVERYONE, None),
    "debates.hand": (None, DISCUSSANTS),
    "debates.open_now": (None, LOCAL_STAFF),
    "notifications.follow": (None, SIGNED_IN),
    "accounts.forgot_password": (EVERYONE, EVERYONE),
    "health.healthz": (EVERYONE, None),
    "i18n.change_language": (None, EVERYONE),
    "accounts.login": (EVERYONE, EVERYONE),
    "accounts.logout": (None, SIGNED_IN),
    "outcomes.milestone_done": (None, COUNCIL),
    "neighbourhoods.show": (EVERYONE, None),
    "debates.index": (EVERYONE, None),
    "debates.create": (LOCAL_STAFF, LOCAL_STAFF),
    "debates.edit": (LOCAL_STAFF, LOCAL_STAFF),
    "outcomes.board": (EVERYONE, None),
    "notifications.inbox": (SIGNED_IN, None),
    "budgeting.process_list": (EVERYONE, None),
    "budgeting.process": (EVERYONE, None),
    "budgeting.export_ballots": (NOBODY, None),     # before results; see test_ballot_secrecy
    "budgeting.export_pb": (NOBODY, None),
    "budgeting.export_projects": (NOBODY, None),
    "outcomes.outcome": (NOBODY, None),
    "outcomes.publish": (NOBODY, NOBODY),           # councillors, once results exist
    "budgeting.paper_ballot": (LOCAL_STAFF, LOCAL_STAFF),
    "budgeting.proposals": (EVERYONE, None),
    "budgeting.new_proposal": (RIVERSIDE_VERIFIED, NOBODY),  # the form shows; sending is refused
    "budgeting.receipt": (NOBODY, None),            # only one's own; see test_ballot_secrecy
    "budgeting.receipt_download": (NOBODY, None),
    "budgeting.results": (NOBODY, None),            # "Results appear here when voting closes"
    "budgeting.review_queue": (LOCAL_STAFF, None),
    "budgeting.vote": (RIVERSIDE_VERIFIED, RIVERSIDE_VERIFIED),
    "outcomes.project": (EVERYONE, None),
    "outcomes.community": (None, COUNCIL),
    "outcomes.contact": (None, {"councillor"}),     # the project's lead (a councillor in the demo)
    "outcomes.add_milestone": (None, COUNCIL),
    "outcomes.rate_project": (None, SIGNED_IN),
    "outcomes.post_update": (None, COUNCIL),
    "outcomes.volunteer": (None, SIGNED_IN),
    "budgeting.proposal": (EVERYONE, None),
    "budgeting.edit_proposal": (AUTHOR, NOBODY),
    "budgeting.review": (LOCAL_STAFF, NOBODY),
    "budgeting.withdraw_proposal": (None, NOBODY),
    "outcomes.league": (EVERYONE, None),
    "accounts.register": (EVERYONE, EVERYONE),
    "accounts.reset_password": (EVERYONE, EVERYONE),  # a bad token: 400 for all
    "outcomes.service_list": (EVERYONE, COUNCIL),
    "outcomes.service": (EVERYONE, None),
    "outcomes.rate_service": (None, SIGNED_IN),
    "moderation.dismiss": (None, LOCAL_STAFF),
    "moderation.hide": (LOCAL_STAFF, LOCAL_STAFF),
    "moderation.restore": (None, LOCAL_STAFF),
    "moderation.flags": (ANY_STAFF, None),
    "moderation.log": (ANY_STAFF, None),
    "neighbourhoods.moves": (ANY_STAFF, None),
    "neighbourhoods.decide_move": (None, {"facilitator elsewhere", "admin"}),
    "moderation.mute": (LOCAL_STAFF, LOCAL_STAFF),
    "moderation.unmute": (None, LOCAL_STAFF),
    "verification.desk": (ANY_STAFF, None),
    "verification.import_census": (None, ANY_STAFF),
    "verification.verify": (None, LOCAL_STAFF),
    "surveys.index": (EVERYONE, None),
    "surveys.show": (EVERYONE, None),
    "surveys.answer": ({"unverified", "resident", "facilitator"},
                       {"unverified", "resident", "facilitator"}),
    "surveys.edit_survey": (SURVEY_STAFF, SURVEY_STAFF),
    "surveys.export": (SURVEY_STAFF, None),
    "surveys.new_question": (SURVEY_STAFF, SURVEY_STAFF),
    "surveys.results": (SURVEY_STAFF, None),
    "surveys.change_status": (None, SURVEY_STAFF),
    "surveys.manage": (ANY_STAFF | COUNCIL, None),
    "surveys.new_survey": (ANY_STAFF | COUNCIL, ANY_STAFF | COUNCIL),
    "surveys.delete_question": (None, SURVEY_STAFF),
    "surveys.edit_question": (SURVEY_STAFF, SURVEY_STAFF),
    "surveys.move_question": (None, SURVEY_STAFF),
    "threads.post": (None, DISCUSSANTS),
    "threads.fragment": (EVERYONE, None),
    "threads.region": (EVERYONE, None),
    "threads.lock": (None, LOCAL_STAFF),
    "threads.slow_mode": (None, LOCAL_STAFF),
    "threads.unlock": (None, LOCAL_STAFF),
    "moderation.appeal": (AUTHOR, AUTHOR),
    "threads.delete": (None, AUTHOR),
    "threads.edit": (AUTHOR, AUTHOR),
    "threads.flag": (SIGNED_IN, SIGNED_IN),
    "threads.pin": (None, LOCAL_STAFF),
    "threads.react": (None, DISCUSSANTS),
    "threads.reply": (SIGNED_IN, DISCUSSANTS),
    "budgeting.upload": (NOBODY, None),             # a missing file; see budgeting tests
    # Translating Riverside's proposal: its verified residents offer, its author and staff publish.
    "translations.translate": (RIVERSIDE_VERIFIED | ADMIN, RIVERSIDE_VERIFIED | ADMIN),
    "translations.original_language": (None, LOCAL_STAFF),
    "translations.review_queue": (ANY_STAFF | COUNCIL, None),
    "translations.decide": (None, LOCAL_STAFF),
    "privacy.download": (None, SIGNED_IN),          # only ever one's own data: no user id in it
    # Opinion maps: Riverside's debate has an open map whose first statement the facilitator wrote.
    "opinions.show": (EVERYONE, None),
    "opinions.map": (EVERYONE, None),
    "opinions.map_region": (EVERYONE, None),
    "opinions.vote": (None, RIVERSIDE_VERIFIED),        # the forged form names no statement
    "opinions.add_statement": (None, RIVERSIDE_VERIFIED | ADMIN),
    "opinions.start": (None, LOCAL_STAFF),              # refused: the map exists
    "opinions.settings": (None, LOCAL_STAFF),
    "opinions.close": (None, LOCAL_STAFF),
    "opinions.export": (LOCAL_STAFF, None),
    "opinions.attach_report": (None, LOCAL_STAFF),      # refused while the debate is open
    "opinions.hide": (LOCAL_STAFF, LOCAL_STAFF),
    "opinions.restore": (None, LOCAL_STAFF),
    "opinions.dismiss": (None, LOCAL_STAFF),
    "opinions.flag": (SIGNED_IN, SIGNED_IN),            # one's own statement: refused by the field
}
EXPECTED_STATUS = {"accounts.reset_password": "400"}  # GET with a bad token says so, for everyone
# Run last: they end the session or change the state other rows rely on.
LAST = ["opinions.settings", "opinions.hide", "opinions.close", "budgeting.advance", "debates.conclude", "debates.archive", "surveys.change_status",
        "admin.block", "admin.revoke_role", "neighbourhoods.decide_move",
        "accounts.delete_account", "accounts.change_password", "accounts.logout"]


def test_every_route_has_an_access_rule(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        assert rule.endpoint in ACCESS, f"no access rule for {rule.rule} ({rule.endpoint})"
        get_roles, post_roles = ACCESS[rule.endpoint]
        assert ("GET" in rule.methods) == (get_roles is not None), f"GET rule for {rule.rule}"
        assert ("POST" in rule.methods) == (post_roles is not None), f"POST rule for {rule.rule}"


NOT_SHOWN = {"denied", "refused", "notice"}  # 403/404, sent to log in, or sent back with why


def _get_problem(client, rule, url: str, allowed: bool) -> str | None:
    """A GET shows the page to those allowed and nothing to anyone else."""
    got = outcome(client, "GET", url)
    expected = EXPECTED_STATUS.get(rule.endpoint, "ok")
    if (allowed and got != expected) or (not allowed and got not in NOT_SHOWN):
        wanted = f"expected {expected}" if allowed else "should not be shown"
        return f"GET {url}: {wanted}, got {got}"
    return None


def _post_problem(client, url: str, token: str, allowed: bool, must_act: bool,
                  form: dict | None = None) -> str | None:
    """Refused without a trace for those not allowed; with ``must_act`` it works for the rest."""
    before = fingerprint()
    # Forged fields ride along: role=admin, verified_at, is_admin must never stick.
    got = outcome(client, "POST", url, dict(FORM, **(form or {}), csrf_token=token))
    changed = fingerprint() != before
    if got == "crash":
        return f"POST {url}: 500"
    if allowed and (got == "denied" or (must_act and not changed)):
        return f"POST {url}: should be allowed, got {got} and {'a' if changed else 'no'} change"
    if not allowed and (got == "ok" or changed):
        return f"POST {url}: {got}{' and changed data' if changed else ''}"
    return None


@pytest.mark.parametrize("role", ROLES)
def test_access_table(seeded, make_user, role):
    client, token = logged_in(seeded, people(make_user)[role])
    values = targets()
    problems = [_get_problem(client, rule, fill(rule, values), role in ACCESS[rule.endpoint][0])
                for rule in rules(seeded, "GET") if rule.endpoint != "static"]
    post_rules = sorted(rules(seeded, "POST"), key=lambda r: LAST.index(r.endpoint)
                        if r.endpoint in LAST else -1)
    problems += [_post_problem(client, fill(rule, values), token,
                               role in ACCESS[rule.endpoint][1], must_act=False)
                 for rule in post_rules]
    assert not any(problems), "\n".join(filter(None, problems))


def test_forged_role_and_verification_fields_never_stick(seeded, make_user):
    """Mass assignment: the settings form ignores role, verification and admin fields."""
    from models import Role, User, db
    person = people(make_user)["unverified"]
    client, token = logged_in(seeded, person)
    client.post("/account", data=dict(FORM, csrf_token=token, display_name="Still me"))
    db.session.expire_all()
    user = db.session.get(User, person.id)
    assert not user.is_verified and Role.ADMIN not in user.roles and user.roles == set()


# Socket events: who gets {"ok": True}. Events reach the same permission functions as routes.
SOCKET_ACCESS = {  # in the order they are sent
    "join": EVERYONE, "catch_up": EVERYONE, "post_comment": DISCUSSANTS,
    "react": DISCUSSANTS, "flag": SIGNED_IN - AUTHOR, "edit_comment": AUTHOR,
    "raise_hand": DISCUSSANTS, "lower_hand": DISCUSSANTS, "delete_comment": AUTHOR,
    "leave": EVERYONE, "watch_map": EVERYONE,
}


def test_every_socket_event_has_an_access_rule(app):
    events = {name for name, _handler, _namespace in socketio.handlers} - {"connect", "disconnect"}
    assert events == set(SOCKET_ACCESS), events ^ set(SOCKET_ACCESS)


@pytest.mark.parametrize("role", ROLES)
def test_socket_access_table(seeded, make_user, role):
    client, _token = logged_in(seeded, people(make_user)[role])
    problems = _socket_problems(seeded, client, role, targets(), SOCKET_ACCESS)
    assert not problems, "\n".join(problems)


def _socket_problems(app, client, role: str, values: dict, table: dict) -> list[str]:
    """Send every event in order; who gets {"ok": True} must match the table."""
    payload = {"thread_id": values["thread_id"], "comment_id": values["comment_id"], "since": 0,
               "body": "Forged over the socket", "kind": "agree", "reason": "spam",
               "debate_id": values["debate_id"], "conversation_id": values["conversation_id"]}
    sock = socketio.test_client(app, flask_test_client=client)
    problems = []
    for event, roles in table.items():
        allowed = role in roles
        before = fingerprint()
        ack = sock.emit(event, dict(payload), callback=True)
        ok = bool(ack and ack.get("ok")) if isinstance(ack, dict) else ack is None
        changed = fingerprint() != before
        if allowed and not ok:
            problems.append(f"{event}: refused ({ack})")
        if not allowed and (ok or changed):
            problems.append(f"{event}: allowed ({ack}){' and changed data' if changed else ''}")
    sock.disconnect()
    return problems


def test_every_state_row_is_a_route_or_event_with_that_method(app):
    methods = {r.endpoint: r.methods for r in app.url_map.iter_rules()}
    for name, state in STATES.items():
        for endpoint, (get_roles, post_roles) in state.rows.items():
            assert endpoint in ACCESS, f"{name}: no route {endpoint}"
            assert ("GET" in methods[endpoint]) == (get_roles is not None), f"{name}: {endpoint}"
            assert ("POST" in methods[endpoint]) == (post_roles is not None), f"{name}: {endpoint}"
        assert set(state.sockets) <= set(SOCKET_ACCESS), name


def _url(rule, values: dict) -> str:
    return fill(rule, values) + values.get("query", {}).get(rule.endpoint, "")


def _routes_in_state(app, client, token, role: str, state: State, values: dict) -> list:
    """Every route the state touches, by the state's row or else by ACCESS."""
    checked = [r for r in app.url_map.iter_rules() if r.arguments and r.arguments <= state.touches]
    problems = []
    for rule in checked:
        get_roles, post_roles = state.rows.get(rule.endpoint, ACCESS[rule.endpoint])
        if "GET" in rule.methods:
            problems.append(_get_problem(client, rule, _url(rule, values), role in get_roles))
        if "POST" in rule.methods:
            with world.undone():
                problems.append(_post_problem(client, _url(rule, values), token, role in post_roles,
                                              rule.endpoint in state.rows, values.get("form")))
    return problems


@pytest.mark.parametrize("name", STATES)
def test_access_table_in_other_states(seeded, make_user, name):
    state, persons, values = STATES[name], people(make_user), targets()
    values.update(state.build())
    problems = []
    for role in ROLES:
        with world.undone():
            client, token = logged_in(seeded, persons[role])
            found = _routes_in_state(seeded, client, token, role, state, values)
            if "thread_id" in state.touches:
                found += _socket_problems(seeded, client, role, values,
                                          SOCKET_ACCESS | state.sockets)
        problems += [f"{role}: {problem}" for problem in found if problem]
    assert not problems, "\n".join(problems)
