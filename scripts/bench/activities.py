#!/usr/bin/env python3
"""Benchmark of the activities' pages and API at a large region's size, on this machine.

    python3 scripts/bench/activities.py [--wps PATH] [--activities 5000] [--lines 10] [--seconds 5]

Builds `wps` in release (unless --wps names a binary), loads the demo into a new SQLite database,
then through the API records A activities over ten years (a quarter of them trainings with a
trainer from a pool of people who also sit in earlier trainings, so cascades are deep), each
with L participant lines (listed people and counts by sex) and on one of the BiH plan's
measures. Prints, for each route, the time of one request alone (cold, warm) and requests/s,
p50 and p99 at 64 connections with wrk. Not a test: the figures depend on the machine.
Target: p99 <= 100 ms.
"""
import argparse
import random
import time

from personnel import machine
from web import demo_server, ensure_wrk, measure_table, release_binary

KINDS = ["meeting", "board_session", "conference", "training_of_trainers", "seminar", "workshop", "campaign", "study_visit"]
COUNTRIES = ["BA", "HR", "RS", "ME", "MK", "AL", "XK"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--wps", help="a wps binary (default: build it in release)")
    parser.add_argument("--activities", type=int, default=5000)
    parser.add_argument("--lines", type=int, default=10)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=64)
    options = parser.parse_args()
    ensure_wrk()
    wps = release_binary(options.wps)
    server, base, log, folder, database, api = demo_server(wps, "wps-activities-bench-")

    try:
        rng = random.Random(7)
        started = time.perf_counter()
        owner = api("GET", "/api/v1/institutions?q=ARS")["items"][0]["id"]
        people = [p["id"] for p in api("GET", "/api/v1/people?per_page=200")["items"]]
        people += [api("POST", "/api/v1/people", {"given_name": f"Trenerica{i}", "family_name": "Test", "sex": rng.choice(["female", "male"]),
                                                 "owner_institution_id": owner})["id"] for i in range(200)]
        plan = api("GET", "/api/v1/plans?country=BA")["items"][0]["id"]
        measures = [n["id"] for n in api("GET", f"/api/v1/plans/{plan}/tree")["nodes"] if n["kind"] == "measure"]
        lines = 0
        for a in range(options.activities):
            kind = KINDS[a % len(KINDS)]
            year = 2015 + a * 10 // options.activities
            day = f"{year}-{1 + a % 12:02d}-{1 + a % 27:02d}"
            trainers = [rng.choice(people)] if kind in ("training_of_trainers", "seminar", "workshop") else []
            activity = api("POST", "/api/v1/activities", {
                "kind": kind, "title": f"Aktivnost {a}", "start": day, "end": day, "city": "Grad", "country": COUNTRIES[a % len(COUNTRIES)],
                "owner_id": owner, "measure_ids": [rng.choice(measures)], "trainer_ids": trainers, "visibility": "public"})["id"]
            listed = set()
            for k in range(options.lines):
                if k % 2 == 0:
                    person = rng.choice(people)
                    if person in listed:
                        continue
                    listed.add(person)
                    api("POST", f"/api/v1/activities/{activity}/participants", {"person_id": person})
                else:
                    api("POST", f"/api/v1/activities/{activity}/participants", {"female": rng.randint(1, 12), "male": rng.randint(0, 12),
                                                                              "institution_kind": rng.choice(["police", "armed_forces", "ministry", "cso"])})
                lines += 1
        built = time.perf_counter() - started
        trainer = people[-1]
        print(f"Machine: {machine()}; the demo plus {options.activities:,} activities with {lines:,} participant lines "
              f"(recorded through the API in {built:.0f} s); wrk {options.connections} connections, {options.seconds} s per route; release build.")
        print()
        measure_table(base, [
            "/activities", "/activities?year=2020&country=BA", "/activities/100", f"/activities?measure={measures[0]}",
            "/reach", "/reach?by=institution_kind&year=2020", "/api/v1/reach?by=kind,sex", "/activities.ics?year=2020",
            f"/plans/{plan}", f"/people/{trainer}", f"/api/v1/people/{trainer}/cascade", "/projects/1",
        ], options.connections, options.seconds)
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


if __name__ == "__main__":
    main()
