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
    if meta is not None and meta.generation.mode.is_positive and context.operation.path == "/api/v1/library/{id}/attachments":
        # A library file is sent as a form; valid when its bytes are a PDF and its name says so.
        if isinstance(case.body, dict):
            case.body["file"] = b"%PDF-1.7\n" + (case.body.get("file") if isinstance(case.body.get("file"), bytes) else b"")[:2000]
        return case
    if meta is not None and meta.generation.mode.is_positive and context.operation.path.endswith("/attachments") \
            and context.operation.method.upper() == "POST":
        # A file is valid when its bytes are one of the kinds kept (here a PDF), whatever else the schema allows.
        case.body = b"%PDF-1.7\n" + (case.body if isinstance(case.body, bytes) else b"")[:2000]
        return case
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
    _fix_references(path, method, body, case, data, rng)
    return case


def _fix_references(path, method, body, case, data, rng):
    """Every rule of a valid case that depends on the data: run when the case is made and again
    just before it is sent (stateful links fill fields in between)."""
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
        # A group's women are some of its people: at most its total (stated in the description)
        def number(value):
            return isinstance(value, (int, float)) and not isinstance(value, bool)
        for count in body.get("counts") or []:
            # JSON numbers, whole ones written as 3006.0 too
            if isinstance(count, dict) and number(count.get("women")) and number(count.get("total")) and count["women"] > count["total"]:
                count["women"], count["total"] = count["total"], count["women"]

    _fix_plans(path, body, method, case, data, rng)
    _fix_activities(path, body, method, case, data, rng)
    _fix_projects(path, body, method, case, data, rng)
    _fix_expertise(path, body, method, case, data, rng)
    _fix_library(path, body, method, case, data, rng)
    _fix_reviews(path, body, method, case, data, rng)
    _fix_review_template(path, body, method)
    if path == "/api/v1/projects/{id}/results" and method == "POST":
        _fix_result(body)


_TRAININGS = ("training_of_trainers", "seminar", "workshop", "coaching_session")


def _fix_activities(path, body, method, case, data, rng):
    """An activity's owner, organisers, funders, network and trainers exist (trainers only for
    trainings), its place is a known country unless it is online, and it ends on or after its
    start; a participant line is a person of the directory or counts with someone counted."""
    if path in ("/api/v1/activities", "/api/v1/activities/{id}") and method in ("POST", "PATCH"):
        current = _current(f"/api/v1/activities/{case.path_parameters.get('id')}") if method == "PATCH" else {}
        if current is None:
            return
        merged = dict(current or {}, **body)
        if "owner_id" in body:
            body["owner_id"] = rng.choice(data["institutions"])
        for key in ("organiser_ids", "funder_ids"):
            if isinstance(body.get(key), list):
                institutions = data["institutions"]
                body[key] = rng.sample(institutions, min(len(body[key]), len(institutions)))
        if body.get("network_id") is not None:
            body["network_id"] = rng.choice(data["networks"])
        if body.get("project_id") is not None:
            projects = data["projects"]
            body["project_id"] = rng.choice(projects) if projects else None
        for key in ("measure_ids", "reviewed_report_ids", "reviewed_evaluation_ids"):
            if key in body:
                body[key] = []
        if isinstance(body.get("trainer_ids"), list) or ("kind" in body and merged.get("trainer_ids")):
            people = data["people"]
            wanted = len(body.get("trainer_ids") or merged.get("trainer_ids") or [])
            body["trainer_ids"] = rng.sample(people, min(wanted, len(people))) if merged.get("kind") in _TRAININGS else []
        country = merged.get("country")
        if "country" in body or (not merged.get("online") and country is None):
            if not (isinstance(country, str) and country.upper() in data["levels"]) and not (country is None and merged.get("online")):
                body["country"] = rng.choice(sorted(data["levels"]))
        start, end = merged.get("start"), merged.get("end")
        if isinstance(start, str) and isinstance(end, str) and end < start:
            body["start"], body["end"] = end, start
    if path == "/api/v1/activities/{id}/participants" and method == "POST":
        if body.get("person_id") is not None:
            body["person_id"] = rng.choice(data["people"])
            for key in ("female", "male", "other", "unknown", "total"):
                body.pop(key, None)
        elif not any(isinstance(body.get(k), int) for k in ("female", "male", "other", "unknown")):
            # Counts are the parts by sex; a stated total alone is not a line
            body["female"] = max(1, body.get("total") or 0) if isinstance(body.get("total"), int) else 1
        if body.get("institution_id") is not None:
            body["institution_id"] = rng.choice(data["institutions"])


def _fix_projects(path, body, method, case, data, rng):
    """A project's owner, implementers, partners and donors exist, its countries are known, it
    serves no measure here, and it ends on or after its start."""
    if path not in ("/api/v1/projects", "/api/v1/projects/{id}") or method not in ("POST", "PATCH"):
        return
    current = _current(f"/api/v1/projects/{case.path_parameters.get('id')}") if method == "PATCH" else {}
    if current is None:
        return
    merged = dict(current or {}, **body)
    institutions = data["institutions"]
    if "owner_id" in body:
        body["owner_id"] = rng.choice(institutions)
    for key in ("implementer_ids", "partner_ids"):
        if isinstance(body.get(key), list):
            body[key] = rng.sample(institutions, min(len(body[key]), len(institutions)))
    if "measure_ids" in body:
        body["measure_ids"] = []
    if isinstance(body.get("countries"), list):
        body["countries"] = rng.sample(sorted(data["levels"]), min(len(body["countries"]), len(data["levels"])))
    for donor in body.get("donors") or []:
        if isinstance(donor, dict):
            donor["institution_id"] = rng.choice(institutions)
    start, end = merged.get("start"), merged.get("end")
    if isinstance(start, str) and isinstance(end, str) and end and end < start:
        body["start"], body["end"] = end, start


def _fix_library(path, body, method, case, data, rng):
    """An item's owner and institutions exist, its country is known, its topics are the
    taxonomy's, it links to nothing here, and it translates another item that exists."""
    if path not in ("/api/v1/library", "/api/v1/library/{id}") or method not in ("POST", "PATCH"):
        return
    institutions = data["institutions"]
    if "owner_institution_id" in body:
        body["owner_institution_id"] = rng.choice(institutions)
    if isinstance(body.get("institution_ids"), list):
        body["institution_ids"] = rng.sample(institutions, min(len(body["institution_ids"]), len(institutions)))
    if isinstance(body.get("country"), str) and body["country"] and body["country"].upper() not in data["levels"]:
        body["country"] = rng.choice(sorted(data["levels"]))
    if isinstance(body.get("topics"), list):
        areas = _areas()
        body["topics"] = rng.sample(areas, min(len(body["topics"]), len(areas)))
    for key in ("plan_ids", "measure_ids", "activity_ids", "project_ids"):
        if key in body:
            body[key] = []
    if body.get("translation_of") is not None:
        itself = str(case.path_parameters.get("id")) if method == "PATCH" else None
        others = [i for i in _ids("library") if str(i) != itself]
        body["translation_of"] = rng.choice(others) if others else None


def _fix_review_template(path, body, method):
    """A template's areas have codes of their own (the document says each area's code is unique)."""
    if path != "/api/v1/review-templates" or method != "POST" or not isinstance(body.get("areas"), list):
        return
    for index, area in enumerate(a for a in body["areas"] if isinstance(a, dict)):
        area["code"] = f"area_{index}"


def _fix_reviews(path, body, method, case, data, rng):
    """A review answers its template's areas, each once (all of them when submitted), for an
    institution that exists, with evidence that exists; a submitted review keeps its answers."""
    if path == "/api/v1/reviews" and method == "POST":
        templates = _get("/api/v1/review-templates")["items"]
        template = rng.choice(templates)
        body["template_id"] = template["id"]
        body["institution_id"] = rng.choice(data["institutions"])
    elif path == "/api/v1/reviews/{id}" and method == "PATCH":
        current = _current(f"/api/v1/reviews/{case.path_parameters.get('id')}")
        if current is None:
            return
        template = next((t for t in _get("/api/v1/review-templates")["items"] if t["id"] == current["template_id"]), None)
        if template is None:
            return
        if current["status"] == "submitted":
            body["status"] = "submitted"
            body["answers"] = [dict(a, action=str(a.get("action", ""))[:2000]) for a in current["answers"]]
            return
    else:
        return
    codes = [area["code"] for area in template["areas"]]
    answers = [a for a in (body.get("answers") or []) if isinstance(a, dict)]
    if body.get("status") == "submitted":
        answers = (answers + [{"answer": "yes"} for _ in codes])[:len(codes)]
    answers = answers[:len(codes)]
    for answer, code in zip(answers, rng.sample(codes, len(answers))):
        answer["area"] = code
        if "evidence_item_ids" in answer:
            answer["evidence_item_ids"] = []
    if "answers" in body or body.get("status") == "submitted":
        body["answers"] = answers


def _areas():
    return [area["code"] for area in _get("/api/v1/areas")["items"]]


def _ordered(body, first, second, longest=None):
    """`second` is not before `first` (and at most `longest` days after it, when given)."""
    import datetime
    a, b = body.get(first), body.get(second)
    if not (isinstance(a, str) and isinstance(b, str)):
        return
    try:
        start, end = datetime.date.fromisoformat(a), datetime.date.fromisoformat(b)
    except ValueError:
        return
    if end < start:
        start, end = end, start
    if longest is not None and (end - start).days > longest:
        end = start + datetime.timedelta(days=longest)
    body[first], body[second] = start.isoformat(), end.isoformat()


def _fix_expertise(path, body, method, case, data, rng):
    """Areas are the taxonomy's, countries and people and institutions exist, a request lasts at
    most a year and keeps its status, an expert proposed is listed, a coach coaches (gender_coaching)
    someone else, and periods end on or after they start. Duplicates, 409s and 403s (only an
    expert answers her assignment, only a coach records a session) are answers the document allows."""
    if path == "/api/v1/areas" and method == "POST":
        labels = body.get("labels")
        if isinstance(labels, list) and not any(isinstance(l, dict) and l.get("language") == "en" for l in labels):
            labels.append({"language": "en", "label": "area"})
        return
    if path in ("/api/v1/activities", "/api/v1/activities/{id}") and isinstance(body.get("areas"), list):
        known = _areas()
        body["areas"] = rng.sample(known, min(len(body["areas"]), len(known)))
    if path in ("/api/v1/experts", "/api/v1/experts/{id}") and method in ("POST", "PATCH"):
        if "person_id" in body:
            body["person_id"] = rng.choice(data["people"])
        if isinstance(body.get("areas"), list):
            known = _areas()
            body["areas"] = rng.sample(known, min(len(body["areas"]), len(known)))
        if isinstance(body.get("countries_worked"), list):
            countries = sorted(data["levels"])
            body["countries_worked"] = rng.sample(countries, min(len(body["countries_worked"]), len(countries)))
        for period in body.get("availability") or []:
            if isinstance(period, dict):
                _ordered(period, "from", "to")
    if path in ("/api/v1/expertise-requests", "/api/v1/expertise-requests/{id}") and method in ("POST", "PATCH"):
        current = _current(f"/api/v1/expertise-requests/{case.path_parameters.get('id')}") if method == "PATCH" else {}
        if current is None:
            return
        if isinstance(body.get("areas"), list):
            known = _areas()
            body["areas"] = rng.sample(known, max(1, min(len(body["areas"]), len(known))))
        if isinstance(body.get("country"), str):
            body["country"] = rng.choice(sorted(data["levels"]))
        if body.get("institution_id") is not None:
            body["institution_id"] = rng.choice(data["institutions"])
        if "status" in body:
            body["status"] = (current or {}).get("status", "open")
        merged = dict(current or {}, **body)
        dates = {"start": merged.get("start"), "end": merged.get("end")}
        _ordered(dates, "start", "end", longest=366)
        for key in ("start", "end"):
            if key in body or dates[key] != merged.get(key):
                body[key] = dates[key]
    if path == "/api/v1/expertise-requests/{id}/assignments" and method == "POST" and "expert_id" in body:
        listed = [e["id"] for e in _get("/api/v1/experts")["items"] if e.get("listed")]
        if listed:
            body["expert_id"] = rng.choice(listed)
    if path == "/api/v1/coaching/cohorts" and method == "POST":
        _ordered(body, "start", "end")
        if body.get("institution_id") is not None:
            body["institution_id"] = rng.choice(data["institutions"])
    if path == "/api/v1/coaching/cohorts/{id}/pairings" and method == "POST":
        coaches = _get("/api/v1/experts?area=gender_coaching")["items"]
        if coaches:
            coach = rng.choice(coaches)
            body["coach_expert_id"] = coach["id"]
            body["coachee_person_id"] = rng.choice([p for p in data["people"] if p != coach["person_id"]] or data["people"])


_FIT = {
    "count": lambda v: float(min(abs(round(v)), 10**12)),
    "percent": lambda v: float(min(abs(v), 100)),
    "yes_no": lambda v: 1.0 if v else 0.0,
    "text": lambda v: None,
}


def _fix_result(body):
    """A result's indicators are not computed; baselines, targets and values fit the unit, parts
    by sex only where the indicator asks; each period ends on or after its start."""
    for indicator in body.get("indicators") or []:
        if not isinstance(indicator, dict):
            continue
        indicator.pop("computed_from", None)
        unit = indicator.get("unit") if indicator.get("unit") in _FIT else "count"
        fit = _FIT[unit]
        for key in ("baseline", "target"):
            value = indicator.get(key)
            if isinstance(value, dict) and isinstance(value.get("value"), (int, float)):
                indicator[key] = dict(value, value=fit(value["value"]))
        for actual in indicator.get("actuals") or []:
            if not isinstance(actual, dict):
                continue
            for key in ("value", "female", "male", "other", "unknown"):
                if isinstance(actual.get(key), (int, float)):
                    actual[key] = fit(actual[key])
                if key != "value" and (indicator.get("disaggregation", "none") == "none" or unit in ("text", "yes_no")):
                    actual[key] = None
            start, end = actual.get("start"), actual.get("end")
            if isinstance(start, str) and isinstance(end, str) and end < start:
                actual["start"], actual["end"] = end, start


def _fix_plans(path, body, method, case, data, rng):
    """The plans' rules, by route."""
    if path in ("/api/v1/plans", "/api/v1/plans/{id}"):
        _fix_plan(body, method, case, data, rng)
    if path in ("/api/v1/plans/{id}/nodes", "/api/v1/plan-nodes/{id}"):
        _fix_node(body, method, case, data, rng)
    if path in ("/api/v1/plan-nodes/{id}/indicators", "/api/v1/indicators/{id}"):
        _fix_indicator(body, method, case, data, rng)
    if path == "/api/v1/plans/{id}/periods" and method == "POST":
        _fix_reporting_period(body)
    if path == "/api/v1/periods/{id}/reports" and method == "POST":
        plan = _plan_of_period(case.path_parameters.get("id"))
        if plan is not None:
            body["institution_id"] = plan["coordinator_id"]
    if path == "/api/v1/reports/{id}" and method == "PATCH":
        _fix_report(body, case, rng)
    if path == "/api/v1/evaluations/{id}/recommendations" and isinstance(body.get("addressed_to_ids"), list):
        institutions = data["institutions"]
        body["addressed_to_ids"] = rng.sample(institutions, min(len(body["addressed_to_ids"]), len(institutions)))
    if path == "/api/v1/recommendations/{id}" and method == "PATCH":
        _fix_recommendation(body, case, rng)
    if path == "/api/v1/plans/{id}/consultations" and method == "POST":
        opens, closes = body.get("opens_on"), body.get("closes_on")
        if isinstance(opens, str) and isinstance(closes, str) and closes < opens:
            body["opens_on"], body["closes_on"] = closes, opens
    if path == "/api/v1/consultations/{id}/proposals" and method == "POST":
        _fix_proposal(body, case, data, rng)
    if path == "/api/v1/proposals/{id}/endorse" and "institution_id" in body:
        body["institution_id"] = rng.choice(data["institutions"])
    if path == "/api/v1/proposals/{id}" and method == "PATCH":
        if body.get("status") in ("partially_accepted", "rejected") and not str(body.get("reason", "")).strip():
            body["reason"] = "Covered by measure 1.1."


def _current(path):
    """The record at `path`, or None (a generated id that does not exist answers 404, as allowed)."""
    try:
        return _get(path)
    except OSError:
        return None


def _fix_plan(body, method, case, data, rng):
    """A nap or lap names a country and one of its levels and no network; a regional plan names
    its network and at least two countries and no country; the period runs forward; a draft has
    no adoption date; the institutions, networks and plans named exist."""
    current = _current(f"/api/v1/plans/{case.path_parameters.get('id')}") if method == "PATCH" else {}
    if current is None:
        return
    merged = dict(current or {}, **body)
    kind = merged.get("kind", "nap")
    if kind == "regional":
        body["network_id"] = rng.choice(data["networks"])
        body["countries"] = rng.sample(sorted(data["levels"]), 2)
        body["country"] = None
        body["level"] = ""
    else:
        country = merged.get("country")
        if not isinstance(country, str) or country.upper() not in data["levels"]:
            country = rng.choice(sorted(data["levels"]))
        body["country"] = country
        body["level"] = rng.choice(data["levels"][country.upper()])
        body["network_id"] = None
        body["countries"] = []
    start, end = merged.get("period_start"), merged.get("period_end")
    if isinstance(start, (int, float)) and isinstance(end, (int, float)) and end < start:
        body["period_start"], body["period_end"] = end, start
    if merged.get("status", "draft") == "draft" and merged.get("adopted_on"):
        body["adopted_on"] = None
    if "coordinator_id" in body:
        body["coordinator_id"] = rng.choice(data["institutions"])
    if body.get("coordinating_body_id") is not None:
        body["coordinating_body_id"] = rng.choice(data["networks"])
    if body.get("previous_plan_id") is not None:
        plans = data["plans"]
        body["previous_plan_id"] = None if method == "PATCH" or not plans else rng.choice(plans)


_MEASURE_ONLY = ("lead_ids", "partner_ids", "start", "end", "budget", "status")


def _fix_node(body, method, case, data, rng):
    """A goal has no parent and may have a pillar; an objective hangs under a goal and a measure
    under an objective of the same plan, with a code that extends the parent's and is free; only
    measures have institutions, dates, budget and status; lead and partners differ and exist."""
    if method == "PATCH":
        # Kind, place and code stay as they are; the rest follows the node's kind.
        current = _current_node(case.path_parameters.get("id"))
        if current is None:
            return
        for key in ("kind", "parent_id", "code"):
            body.pop(key, None)
        kind = current["kind"]
    else:
        tree = _current(f"/api/v1/plans/{case.path_parameters.get('id')}/tree")
        if tree is None:
            return
        kind = body.get("kind", "goal")
        parents = [n for n in tree["nodes"] if n["kind"] == {"objective": "goal", "measure": "objective"}.get(kind)]
        if kind != "goal" and not parents:
            kind = body["kind"] = "goal"
        # Free within the plan even when the generator sends the same case twice.
        _state["codes"] = _state.get("codes", 0) + 1
        suffix = str(_state["codes"]) + "x" + str(rng.randrange(1, 10**6))
        if kind == "goal":
            body["parent_id"] = None
            body["code"] = "G" + suffix
        else:
            parent = rng.choice(parents)
            body["parent_id"] = parent["id"]
            body["code"] = parent["code"] + "." + suffix
    if kind != "goal":
        body.pop("pillar", None)
    if kind != "measure":
        for key in _MEASURE_ONLY:
            body.pop(key, None)
        return
    institutions = data["institutions"]
    if "lead_ids" in body:
        body["lead_ids"] = rng.sample(institutions, min(len(body["lead_ids"]), 2, len(institutions)))
    if "partner_ids" in body:
        others = [i for i in institutions if i not in (body.get("lead_ids") or [])]
        body["partner_ids"] = rng.sample(others, min(len(body["partner_ids"]), 2, len(others)))
    if method == "PATCH":
        # Leads the body leaves as they are must not be named as partners too.
        body.setdefault("lead_ids", [])
    if isinstance(body.get("start"), str) and isinstance(body.get("end"), str) and body["start"] and body["end"] \
            and body["end"] < body["start"]:
        body["start"], body["end"] = body["end"], body["start"]
    if method == "PATCH" and ("start" in body) != ("end" in body):
        body["start"], body["end"] = None, None
    if isinstance(body.get("budget"), dict) and isinstance(body["budget"].get("currency"), str):
        body["budget"]["currency"] = body["budget"]["currency"].upper()


def _current_node(identifier):
    """A node (read from its plan's tree: nodes have no GET of their own)."""
    for plan in _ids("plans"):
        tree = _current(f"/api/v1/plans/{plan}/tree")
        for node in (tree or {}).get("nodes", []):
            if str(node["id"]) == str(identifier):
                return node
    return None


def _fix_indicator(body, method, case, data, rng):
    """Baseline and target values fit the unit (count: a whole number ≥ 0; percent: 0–100;
    yes/no: 0 or 1; text: none); an indicator computed from personnel data is a percentage of an
    institution that exists."""
    current = _current(f"/api/v1/indicators/{case.path_parameters.get('id')}") if method == "PATCH" else {}
    if current is None:
        return
    merged = dict(current or {}, **body)
    if merged.get("computed_from"):
        body["unit"] = "percent"
        if isinstance(body.get("computed_from"), dict):
            body["computed_from"]["institution_id"] = rng.choice(data["institutions"])
    unit = body.get("unit", merged.get("unit", "count"))
    fit = {
        "count": lambda v: float(min(abs(round(v)), 10**12)),
        "percent": lambda v: float(min(abs(v), 100)),
        "yes_no": lambda v: 1.0 if v else 0.0,
        "text": lambda v: None,
    }[unit]
    for key in ("baseline", "target"):
        value = merged.get(key)
        if isinstance(value, dict) and isinstance(value.get("value"), (int, float)):
            body[key] = dict(value, value=fit(value["value"]))


def _existing_id(collection, rng):
    """An id that exists in `collection` (as the API names it)."""
    if collection in ("plan-nodes", "indicators"):
        ids = []
        for plan in _ids("plans"):
            for node in (_current(f"/api/v1/plans/{plan}/tree") or {}).get("nodes", []):
                ids += [node["id"]] if collection == "plan-nodes" else [i["id"] for i in node.get("indicators", [])]
    else:
        ids = _ids(collection)
    return rng.choice(ids) if ids else 1


@schemathesis.hook
def before_call(context, case, kwargs):
    """Stateful runs fill some fields from earlier answers after `map_case`: a country just
    created (which has no levels), a person's id as an owner institution, a plan's network id on
    a national plan, an id that was null. For a valid case these are made to hold again."""
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive:
        return
    path = case.operation.path
    method = case.operation.method.upper()
    rng = random.Random(repr(case.body) + repr(case.path_parameters))
    for name, value in list((case.path_parameters or {}).items()):
        if value is None or value == "None":
            case.path_parameters[name] = _existing_id(path.split("/")[3], rng)
    if not isinstance(case.body, dict):
        return
    _fix_references(path, method, case.body, case, _data(), rng)


def _fix_reporting_period(body):
    """A period ends on or after its start, and is due on or after its start."""
    start, end, due = body.get("start"), body.get("end"), body.get("due")
    if isinstance(start, str) and isinstance(end, str) and start and end and end < start:
        body["start"], body["end"] = end, start
    if isinstance(due, str) and due and isinstance(body.get("start"), str) and due < body["start"]:
        body["due"] = body.get("end")


def _plan_of_period(identifier):
    """The plan a reporting period belongs to (periods are listed under their plans)."""
    for plan in _ids("plans"):
        try:
            periods = _get(f"/api/v1/plans/{plan}/periods")["items"]
        except OSError:
            continue
        if any(str(p["id"]) == str(identifier) for p in periods):
            return _current(f"/api/v1/plans/{plan}")
    return None


def _fix_report(body, case, rng):
    """A report's measures are measures of its plan that its institution leads or partners (any,
    for the coordinator), each once; its values are of the plan's indicators that are typed (not
    computed), each once, in the indicator's unit, with parts by sex only where it asks."""
    report = _current(f"/api/v1/reports/{case.path_parameters.get('id')}")
    if not report:
        return
    plan = _current(f"/api/v1/plans/{report['plan_id']}") or {}
    tree = _current(f"/api/v1/plans/{report['plan_id']}/tree") or {"nodes": []}
    coordinator = plan.get("coordinator_id") == report["institution_id"]
    measures = [n["id"] for n in tree["nodes"] if n["kind"] == "measure"
                and (coordinator or report["institution_id"] in n["lead_ids"] + n["partner_ids"])]
    indicators = [i for n in tree["nodes"] for i in n.get("indicators", []) if not i.get("computed_from")]
    if isinstance(body.get("measures"), list):
        chosen = rng.sample(measures, min(len(measures), len(body["measures"])))
        body["measures"] = [dict(m, node_id=n) for m, n in zip(body["measures"], chosen) if isinstance(m, dict)]
    if isinstance(body.get("values"), list):
        chosen = rng.sample(indicators, min(len(indicators), len(body["values"])))
        fixed = []
        for value, indicator in zip(body["values"], chosen):
            if not isinstance(value, dict):
                continue
            value = dict(value, indicator_id=indicator["id"])
            fit = {
                "count": lambda v: float(min(abs(round(v)), 10**12)),
                "percent": lambda v: float(min(abs(v), 100)),
                "yes_no": lambda v: 1.0 if v else 0.0,
                "text": lambda v: None,
            }[indicator["unit"]]
            for key in ("value", "female", "male", "other", "unknown"):
                if isinstance(value.get(key), (int, float)):
                    value[key] = fit(value[key])
                if key != "value" and (indicator["disaggregation"] == "none" or indicator["unit"] in ("text", "yes_no")):
                    value[key] = None
            fixed.append(value)
        body["values"] = fixed


def _fix_recommendation(body, case, rng):
    """carried_into names a live node of another plan; any other status names none."""
    items = _get("/api/v1/recommendations?per_page=200")["items"]
    current = next((r for r in items if str(r["id"]) == str(case.path_parameters.get("id"))), None)
    if current is None:
        return
    status = body.get("status", current["status"])
    if status != "carried_into":
        body["carried_into_node_id"] = None
        return
    nodes = [n["id"] for plan in _ids("plans") if plan != current["plan_id"]
             for n in (_current(f"/api/v1/plans/{plan}/tree") or {}).get("nodes", [])]
    if nodes:
        body["carried_into_node_id"] = rng.choice(nodes)
    else:
        body["status"] = "open"
        body["carried_into_node_id"] = None


def _fix_proposal(body, case, data, rng):
    """A proposal is made for an institution that exists, for a live node of the consultation's
    plan or for a named section."""
    body["institution_id"] = rng.choice(data["institutions"])
    plan = None
    for candidate in _ids("plans"):
        consultations = (_current(f"/api/v1/plans/{candidate}/consultations") or {}).get("items", [])
        if any(str(c["id"]) == str(case.path_parameters.get("id")) for c in consultations):
            plan = candidate
            break
    nodes = [n["id"] for n in (_current(f"/api/v1/plans/{plan}/tree") or {}).get("nodes", [])] if plan else []
    if body.get("node_id") is not None:
        body["node_id"] = rng.choice(nodes) if nodes else None
    if body.get("node_id") is None and not str(body.get("section", "")).strip():
        body["section"] = "Monitoring and reporting"
