"""The one table of the matrix: what each persona may see (`see` rows) and the status each
gets for every action, and the functions that read it.

A new action on an object: rows for the three visibilities of each kind it applies to
(`<action> <kind>:<visibility>` and six cells, anon citizen member other coord staff), then
the operation or page that takes its status from it (api_routes.py, page_routes.py names the
action). A hidden object's cells are always 404 (401 for anonymous where signing in comes
first); test_table.py holds the table to that and fails on a row nothing uses.
"""

from __future__ import annotations

from tests.security.visibility.world import KINDS, PERSONAS, VISIBILITIES

# --- The table --------------------------------------------------------------------------
#
# `see` rows: Y = the persona may see the object (200 on its URLs, listed, found), - = hidden
# (404 on its URLs, nowhere else). Other rows: the status each persona gets for that action;
# on a hidden object that is always 404 (401 for anonymous where signing in comes first,
# which does not depend on the object) - test_the_table_answers_404_for_every_hidden_object
# holds the table to that. The member is the author of everything; the coordinator is the
# owning organisation's coordinator (not the author); "other" is a member of Krokom.

TABLE = """
action          target                          anon citizen member other coord staff
see             idea:public                       Y     Y      Y     Y     Y     Y
see             idea:organisation                 -     -      Y     -     Y     -
see             idea:draft                        -     -      Y     -     -     -
see             evidence:public                   Y     Y      Y     Y     Y     Y
see             evidence:organisation             -     -      Y     -     Y     -
see             evidence:draft                    -     -      Y     -     -     -
see             prototype-open:public             Y     Y      Y     Y     Y     Y
see             prototype-open:organisation       -     -      Y     -     Y     -
see             prototype-open:draft              -     -      Y     -     -     -
see             prototype-draft:public            -     -      Y     -     Y     -
see             prototype-draft:organisation      -     -      Y     -     Y     -
see             prototype-draft:draft             -     -      Y     -     -     -
see             round-recruiting:public           Y     Y      Y     Y     Y     Y
see             round-recruiting:organisation     -     -      Y     -     Y     -
see             round-recruiting:draft            -     -      Y     -     -     -
see             round-closed:public               Y     Y      Y     Y     Y     Y
see             round-closed:organisation         -     -      Y     -     Y     -
see             round-closed:draft                -     -      Y     -     -     -
see             round-on-draft:public             -     -      Y     -     Y     -
see             round-on-draft:organisation       -     -      Y     -     Y     -
see             round-on-draft:draft              -     -      Y     -     -     -
see             finding-closed:public             Y     Y      Y     Y     Y     Y
see             finding-closed:organisation       -     -      Y     -     Y     -
see             finding-closed:draft              -     -      Y     -     -     -
see             finding-open:public               -     -      Y     -     Y     -
see             finding-open:organisation         -     -      Y     -     Y     -
see             finding-open:draft                -     -      Y     -     -     -
see             comment:public                    Y     Y      Y     Y     Y     Y
see             comment:organisation              -     -      Y     -     Y     -
see             comment:draft                     -     -      Y     -     -     -

# Ideas: edit, stage and evidence by the owning organisation's members (a draft: its author);
# delete by its coordinators and platform staff; reuse recorded by other organisations.
PATCH           idea:public                      401   403    200   403   200   403
PATCH           idea:organisation                401   404    200   404   200   404
PATCH           idea:draft                       401   404    200   404   404   404
DELETE          idea:public                      401   403    403   403   204   204
DELETE          idea:organisation                401   404    403   404   204   404
DELETE          idea:draft                       401   404    204   404   404   404
stage           idea:public                      401   403    201   403   201   403
stage           idea:organisation                401   404    201   404   201   404
stage           idea:draft                       401   404    201   404   404   404
add-evidence    idea:public                      401   403    201   403   201   403
add-evidence    idea:organisation                401   404    201   404   201   404
add-evidence    idea:draft                       401   404    201   404   404   404
adopt           idea:public                      401   403    403   201   403   403
adopt           idea:organisation                401   404    403   404   403   404
adopt           idea:draft                       401   404    403   404   404   404
withdraw        idea:public                      401   403    403   204   403   403
withdraw        idea:organisation                401   404    403   404   403   404
withdraw        idea:draft                       401   404    403   404   404   404
follow          idea:public                      401   200    200   200   200   200
follow          idea:organisation                401   404    200   404   200   404
follow          idea:draft                       401   404    200   404   404   404
comment         idea:public                      401   201    201   201   201   201
comment         idea:organisation                401   404    201   404   201   404
comment         idea:draft                       401   404    201   404   404   404
add-prototype   idea:public                      401   403    201   403   201   403
add-prototype   idea:organisation                401   404    201   404   201   404
add-prototype   idea:draft                       401   404    201   404   404   404

# Prototypes, rounds and findings: the team (members of the owning organisation).
PATCH           prototype-open:public            401   403    200   403   200   403
PATCH           prototype-open:organisation      401   404    200   404   200   404
PATCH           prototype-open:draft             401   404    200   404   404   404
plan-round      prototype-open:public            401   403    201   403   201   403
plan-round      prototype-open:organisation      401   404    201   404   201   404
plan-round      prototype-open:draft             401   404    201   404   404   404
PATCH           round-recruiting:public          401   403    200   403   200   403
PATCH           round-recruiting:organisation    401   404    200   404   200   404
PATCH           round-recruiting:draft           401   404    200   404   404   404
add-finding     round-recruiting:public          401   403    201   403   201   403
add-finding     round-recruiting:organisation    401   404    201   404   201   404
add-finding     round-recruiting:draft           401   404    201   404   404   404
PATCH           finding-closed:public            401   403    200   403   200   403
PATCH           finding-closed:organisation      401   404    200   404   200   404
PATCH           finding-closed:draft             401   404    200   404   404   404
DELETE          finding-closed:public            401   403    204   403   204   403
DELETE          finding-closed:organisation      401   404    204   404   204   404
DELETE          finding-closed:draft             401   404    204   404   404   404
PATCH           finding-open:public              401   404    200   404   200   404
PATCH           finding-open:organisation        401   404    200   404   200   404
PATCH           finding-open:draft               401   404    200   404   404   404

# The summary (and the findings list and results page) is published when the round closes;
# until then a visible round's summary is the team's (403 for others).
summary         round-recruiting:public          403   403    200   403   200   403
summary         round-recruiting:organisation    404   404    200   404   200   404
summary         round-recruiting:draft           404   404    200   404   404   404
summary         round-closed:public              200   200    200   200   200   200
summary         round-closed:organisation        404   404    200   404   200   404
summary         round-closed:draft               404   404    200   404   404   404
summary         round-on-draft:public            404   404    200   404   200   404
summary         round-on-draft:organisation      404   404    200   404   200   404
summary         round-on-draft:draft             404   404    200   404   404   404
# Participants under pseudonyms: the team and platform staff.
participants    round-recruiting:public          401   403    200   403   200   200
participants    round-recruiting:organisation    401   404    200   404   200   404
participants    round-recruiting:draft           401   404    200   404   404   404
# Nobody in the world takes part yet: a visible round's feedback is "participants only".
feedback        round-recruiting:public          401   403    403   403   403   403
feedback        round-recruiting:organisation    401   404    403   404   403   404
feedback        round-recruiting:draft           401   404    403   404   404   404
# Sign-up: anyone signed in who sees the round, except its team (400: testers only).
sign-up         round-recruiting:public          401   201    400   201   400   201
sign-up         round-recruiting:organisation    401   404    400   404   400   404
sign-up         round-recruiting:draft           401   404    400   404   404   404

# Comments: edited by their author, deleted by the author or a moderator (the owning
# organisation's coordinators, platform staff), flagged by other readers (the citizen and
# the coordinator flagged the public and the organisation comment already: 400).
PATCH           comment:public                   401   403    200   403   403   403
PATCH           comment:organisation             401   404    200   404   403   404
PATCH           comment:draft                    401   404    200   404   404   404
DELETE          comment:public                   401   403    204   403   204   204
DELETE          comment:organisation             401   404    204   404   204   404
DELETE          comment:draft                    401   404    204   404   404   404
flag            comment:public                   401   400    400   201   201   201
flag            comment:organisation             401   404    400   404   400   404
flag            comment:draft                    401   404    400   404   404   404
hide            comment:public                   401   403    403   403   200   200
hide            comment:organisation             401   404    403   404   200   404
hide            comment:draft                    401   404    403   404   404   404
dismiss-flags   comment:public                   401   403    403   403   200   200
dismiss-flags   comment:organisation             401   404    403   404   200   404
dismiss-flags   comment:draft                    401   404    403   404   404   404

# Not about one object: the organisation's members, creating ideas, the moderation queue,
# the account.
members         organisation:skelleftea          401   403    200   403   200   200
add-member      organisation:skelleftea          401   403    403   403   201   201
create-idea     organisation:skelleftea          401   403    201   403   201   403
moderation      -                                401   403    403   403   200   200
account         -                                401   200    200   200   200   200
delete-account  -                                401   204    204   204   204   204
"""


def _parse(text: str) -> dict[tuple[str, str, str], str]:
    table: dict[tuple[str, str, str], str] = {}
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    header, rows = lines[0].split(), lines[1:]
    assert header[2:] == ["anon", "citizen", "member", "other", "coord", "staff"], header
    for line in rows:
        action, target, *cells = line.split()
        assert len(cells) == len(PERSONAS), f"six cells expected: {line!r}"
        for persona, cell in zip(PERSONAS, cells, strict=True):
            assert (action, target, persona) not in table, f"row twice: {action} {target}"
            table[action, target, persona] = cell
    return table


EXPECTED = _parse(TABLE)
OBJECT_KEYS = [f"{kind}:{visibility}" for kind in KINDS for visibility in VISIBILITIES]


def visible(persona: str, key: str) -> bool:
    return EXPECTED["see", key, persona] == "Y"


def expected_status(action: str, key: str, persona: str) -> int:
    cell = EXPECTED[action, key, persona]
    if action == "see":
        return 200 if cell == "Y" else 404
    return int(cell)


def kind_of(key: str) -> str:
    return key.split(":")[0]


TYPE_OF_KIND = {
    "idea": "idea",
    "evidence": "evidence",
    "prototype-open": "prototype",
    "prototype-draft": "prototype",
    "round-recruiting": "round",
    "round-closed": "round",
    "round-on-draft": "round",
    "finding-closed": "finding",
    "finding-open": "finding",
    "comment": "comment",
}
SEARCHABLE_TYPES = ("idea", "prototype", "round", "finding")


def keys_of(object_type: str) -> list[str]:
    return [k for k in OBJECT_KEYS if TYPE_OF_KIND[kind_of(k)] == object_type]


def see(*kinds: str) -> dict[str, str]:
    """The rows of an operation that reads: each kind's status is its `see` row."""
    return dict.fromkeys(kinds, "see")


#: The kinds of each object type that has more than one.
ROUNDS = ("round-recruiting", "round-closed", "round-on-draft")
FINDINGS = ("finding-closed", "finding-open")
PROTOTYPES = ("prototype-open", "prototype-draft")
