"""The JSON form of a succession, as ``amends calc shares`` and the API take it.

Input::

    {"decedent": "V",
     "people": [{"id": "V", "sex": "M", "died": "1985-04-02", "household_head": true},
                {"id": "W", "sex": "F"},
                {"id": "S1", "sex": "M", "parents": ["V", "W"], "household_head_heir": true},
                {"id": "D2", "sex": "F", "parents": ["V", "W"], "married_out": true}],
     "marriages": [{"spouses": ["V", "W"], "from": "1950-03-01"}],
     "renounced": [],
     "amount": 100000000,
     "rounding": "floor"}

``born``, ``died``, ``parents``, the three household-register flags, ``renounced``, ``amount`` and
``rounding`` (``floor`` by default, or ``largest-remainder``) are optional; ``marriages`` is required,
``[]`` for none, so that a forgotten spouse is an error rather than a silently different result.

Output: ``{"era", "shares": {id: "n/d" or "1"}, "amounts" (only with an amount), "paths": {id:
[...]}, "review": [...]}``, heirs in the order of ``people``.

Parsing is strict: a missing or unknown field, a wrong type, a date that is not ``YYYY-MM-DD``: each
raises :class:`~amends.law.succession.SuccessionInputError` naming the field (``people[2].died``),
before anything is computed. What only the family as a whole can show (an unknown id, a cycle of
parents, two spouses at once) is named the same way by the engine's own validation.
"""

from __future__ import annotations

import json
from functools import partial
from typing import Any

from amends.law.json_fields import json_date, json_object, too_large, too_large_message
from amends.law.json_fields import loads as json_loads
from amends.law.messages import Message, gettext_noop
from amends.law.succession import (
    Allocation,
    Marriage,
    Person,
    Sex,
    Succession,
    SuccessionInputError,
    allocate,
    succession,
)

_FIELDS = {"decedent", "people", "marriages", "renounced", "amount", "rounding"}
_PERSON = {"id", "sex", "born", "died", "parents", "household_head", "household_head_heir", "married_out"}
_MARRIAGE = {"spouses", "from", "until"}


_object = partial(json_object, error=SuccessionInputError)
_date = partial(json_date, error=SuccessionInputError)


def loads(text: str) -> Any:
    return json_loads(text, error=SuccessionInputError)


_LIST_OF = {
    "ids": gettext_noop("must be a list of ids"),
    "people": gettext_noop("must be a list of people"),
    "marriages": gettext_noop("must be a list of marriages"),
}


def _list(value: Any, field: str, what: str) -> list:
    if not isinstance(value, list):
        raise SuccessionInputError(field, Message(_LIST_OF[what]))
    return value


def _id(value: Any, field: str) -> str:
    if not isinstance(value, str) or not value:
        raise SuccessionInputError(
            field,
            Message(
                gettext_noop("must be a person's id (a non-empty string), not %(value)s"),
                value=json.dumps(value),
            ),
        )
    return value


def _flag(value: Any, field: str) -> bool:
    if not isinstance(value, bool):
        raise SuccessionInputError(
            field, Message(gettext_noop("must be true or false, not %(value)s"), value=json.dumps(value))
        )
    return value


def _person(value: Any, field: str) -> Person:
    item = _object(value, field, {"id", "sex"}, _PERSON)
    sex = item["sex"]
    if sex not in ("M", "F"):
        raise SuccessionInputError(
            f"{field}.sex", Message(gettext_noop('must be "M" or "F", not %(value)s'), value=json.dumps(sex))
        )
    parents = tuple(
        _id(parent, f"{field}.parents[{number}]")
        for number, parent in enumerate(_list(item.get("parents", []), f"{field}.parents", "ids"))
    )
    return Person(
        id=_id(item["id"], f"{field}.id"),
        sex=Sex(sex),
        born=_date(item["born"], f"{field}.born") if "born" in item else None,
        died=_date(item["died"], f"{field}.died") if "died" in item else None,
        parents=parents,
        household_head=_flag(item.get("household_head", False), f"{field}.household_head"),
        household_head_heir=_flag(item.get("household_head_heir", False), f"{field}.household_head_heir"),
        married_out=_flag(item.get("married_out", False), f"{field}.married_out"),
    )


def _marriage(value: Any, field: str) -> Marriage:
    item = _object(value, field, {"spouses", "from"}, _MARRIAGE)
    spouses = item["spouses"]
    if not isinstance(spouses, list) or len(spouses) != 2:
        raise SuccessionInputError(
            f"{field}.spouses", Message(gettext_noop("must be a list of the two spouses' ids"))
        )
    return Marriage(
        spouses=(_id(spouses[0], f"{field}.spouses[0]"), _id(spouses[1], f"{field}.spouses[1]")),
        start=_date(item["from"], f"{field}.from"),
        until=_date(item["until"], f"{field}.until") if "until" in item else None,
    )


# How many generations a family may span, parents to children: a real family record spans a handful
# (a victim's great-great-grandchildren, a sibling's grandchildren); the engine follows the generations
# by recursion, so a line of thousands would exhaust the stack rather than be refused.
MAX_GENERATIONS = 30


def _generations(people: list[Person]) -> None:
    """Refuse a family deeper than :data:`MAX_GENERATIONS`, naming the first person past it. Computed
    without recursion; a cycle of parents is left to the engine's validation, which names it."""
    position = {person.id: number for number, person in enumerate(people)}
    parents = {person.id: [p for p in person.parents if p in position] for person in people}
    depth: dict[str, int] = {}
    for person in people:
        stack, on_path = [person.id], set()
        while stack:
            current = stack[-1]
            if current in depth:
                stack.pop()
                continue
            pending = [p for p in parents[current] if p not in depth and p not in on_path]
            if pending:
                on_path.add(current)
                stack.extend(pending)
                continue
            depth[current] = 1 + max((depth.get(p, 0) for p in parents[current]), default=0)
            on_path.discard(current)
            stack.pop()
            if depth[current] > MAX_GENERATIONS:
                raise SuccessionInputError(
                    f"people[{position[current]}].parents",
                    Message(
                        gettext_noop(
                            "%(id)s is %(depth)s generations down the family: at most %(most)s generations "
                            "are read"
                        ),
                        id=repr(current),
                        depth=depth[current],
                        most=MAX_GENERATIONS,
                    ),
                )


def parse(data: Any) -> dict[str, Any]:
    """The arguments for a JSON document: those of :func:`~amends.law.succession.succession`, plus
    ``amount`` (``None`` when absent) and ``rounding``."""
    data = _object(data, "input", {"decedent", "people", "marriages"}, _FIELDS)
    people = [
        _person(item, f"people[{number}]")
        for number, item in enumerate(_list(data["people"], "people", "people"))
    ]
    _generations(people)
    marriages = [
        _marriage(item, f"marriages[{number}]")
        for number, item in enumerate(_list(data["marriages"], "marriages", "marriages"))
    ]
    renounced = [
        _id(item, f"renounced[{number}]")
        for number, item in enumerate(_list(data.get("renounced", []), "renounced", "ids"))
    ]
    amount = data.get("amount")
    if too_large(amount):
        raise SuccessionInputError("amount", too_large_message())
    if amount is not None and (isinstance(amount, bool) or not isinstance(amount, int) or amount < 0):
        raise SuccessionInputError(
            "amount",
            Message(
                gettext_noop("must be a whole, non-negative number of won, not %(value)s"),
                value=json.dumps(amount),
            ),
        )
    rounding = data.get("rounding", Allocation.FLOOR.value)
    try:
        rule = Allocation(rounding)
    except ValueError:
        options = " or ".join(f'"{member.value}"' for member in Allocation)
        raise SuccessionInputError(
            "rounding",
            Message(
                gettext_noop("unknown rounding %(value)s (expected %(options)s)"),
                value=json.dumps(rounding),
                options=options,
            ),
        ) from None
    return {
        "decedent": _id(data["decedent"], "decedent"),
        "people": people,
        "marriages": marriages,
        "renounced": renounced,
        "amount": amount,
        "rounding": rule,
    }


def dump(result: Succession, *, amount: int | None = None, rounding: Allocation = Allocation.FLOOR) -> dict:
    """The JSON document for a result: shares as reduced fractions ``"n/d"`` (or ``"1"``)."""
    document: dict[str, Any] = {
        "era": result.era.value,
        "shares": {heir: str(share) for heir, share in result.shares.items()},
    }
    if amount is not None:
        document["amounts"] = allocate(amount=amount, shares=result.shares, rule=rounding)
    document["paths"] = result.paths
    document["review"] = list(result.review)
    return document


def calculate(text: str) -> dict[str, Any]:
    """JSON text in, JSON-ready result out; raises :class:`SuccessionInputError` on bad input."""
    arguments = parse(loads(text))
    amount = arguments.pop("amount")
    rounding = arguments.pop("rounding")
    return dump(succession(**arguments), amount=amount, rounding=rounding)
