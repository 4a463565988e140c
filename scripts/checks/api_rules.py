"""Schemathesis hooks: the rules the OpenAPI document states in words because they depend on
the data, taught to the generator so that a positive case is valid for the data it meets.

JSON Schema can say "two capital letters" but not "a country this platform knows", "one of
that country's levels", "an institution that exists" or "not before `since`". The document
says these in its descriptions and the server answers 422 (naming the field) when they are not
met; the Swift suites test those answers. Here, and only for cases schemathesis generates as
*valid*, such values are replaced by ones that hold on the running server. Negative cases, and
everything the schema itself states, are left exactly as generated.

Reads WPS_CHECK_URL and WPS_CHECK_TOKEN from the environment (set by api_generated.py).
"""
import json
import os
import random
import urllib.request

import schemathesis

_state = {}


def _get(path):
    request = urllib.request.Request(os.environ["WPS_CHECK_URL"] + path,
                                     headers={"Authorization": "Bearer " + os.environ["WPS_CHECK_TOKEN"]})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


def _ids(collection):
    return [item["id"] for item in _get(f"/api/v1/{collection}?per_page=200")["items"]]


class _Data:
    """What exists on the server. Countries and their levels are read once; record ids on each
    use, because the run itself deletes and restores records."""

    def __init__(self):
        if "levels" not in _state:
            countries = _get("/api/v1/countries?per_page=200")["items"]
            _state["levels"] = {c["code"]: [level["code"] for level in c["levels"]] for c in countries if c["levels"]}
        self.levels = _state["levels"]

    def __getitem__(self, name):
        return self.levels if name == "levels" else _ids(name)


def _data():
    return _Data()


def _institution_country(identifier):
    try:
        return _get(f"/api/v1/institutions/{identifier}")["country"]
    except OSError:
        return None


def _fix_period(body):
    """`until` is never before `since`."""
    if isinstance(body.get("since"), str) and isinstance(body.get("until"), str) and body["until"] and body["since"] \
            and body["until"] < body["since"]:
        body["since"], body["until"] = body["until"], body["since"]


@schemathesis.hook
def map_case(context, case):
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive or not isinstance(case.body, dict):
        return case
    data = _data()
    body = case.body
    path = context.operation.path
    method = context.operation.method.upper()
    rng = random.Random(repr(body))

    if path == "/api/v1/countries" and "code" in body and isinstance(body["code"], str):
        # A country code not yet taken (409-free creation is not the point here: 'taken' is tested in Swift).
        taken = set(data["levels"]) | _state.setdefault("created_countries", set())
        if body["code"].upper() in taken:
            free = [a + b for a in "ABCDEFGHIJKLMNOPQRSTUVWXYZ" for b in "ABCDEFGHIJKLMNOPQRSTUVWXYZ" if a + b not in taken]
            body["code"] = rng.choice(free)
        _state["created_countries"].add(body["code"].upper())

    if path.startswith("/api/v1/institutions"):
        if "country" in body or "level" in body:
            country = body.get("country")
            if not isinstance(country, str) or country.upper() not in data["levels"]:
                known = _institution_country(case.path_parameters.get("id")) if method == "PATCH" else None
                country = known if known in data["levels"] else rng.choice(sorted(data["levels"]))
            body["country"] = country
            body["level"] = rng.choice(data["levels"][country.upper()])
        if body.get("parent_id") is not None:
            # Any existing institution could close a cycle with the one being changed; none cannot.
            body["parent_id"] = None if method == "PATCH" else rng.choice(data["institutions"])

    if path.startswith("/api/v1/people"):
        if body.get("owner_institution_id") is not None:
            body["owner_institution_id"] = rng.choice(data["institutions"])
        for position in body.get("positions") or []:
            if isinstance(position, dict):
                position["institution_id"] = rng.choice(data["institutions"])
                _fix_period(position)

    if path.startswith("/api/v1/networks") and "members" not in path:
        if body.get("owner_institution_id") is not None:
            body["owner_institution_id"] = rng.choice(data["institutions"])
        if body.get("parent_network_id") is not None:
            body["parent_network_id"] = None if method == "PATCH" else rng.choice(data["networks"])
        if isinstance(body.get("country"), str) and body["country"].upper() not in data["levels"]:
            body["country"] = rng.choice(sorted(data["levels"]))

    if path.endswith("/members") and method == "POST":
        if "institution_id" in body:
            body["institution_id"] = rng.choice(data["institutions"])
        if "person_id" in body:
            body["person_id"] = rng.choice(data["people"])
        _fix_period(body)

    if path == "/api/v1/datasets" and "institution_id" in body:
        body["institution_id"] = rng.choice(data["institutions"])
    return case
