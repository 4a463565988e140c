"""Expertise sharing at size: the roster, a request's ranked matches and the pages that show them.

Builds `wps` in release (unless --wps names a binary), loads the demo into a new SQLite database,
adds --experts generated expert profiles (people of the directory, two areas, two languages at
random levels, a period away) and --trainings trainings each (activities naming them as trainer,
on one area) through the API, then measures each route alone and under wrk with an admin's
token. Prints a Markdown table for the README.

    python3 scripts/bench/expertise.py --wps .build/release/wps --experts 2000 --trainings 5
"""
import argparse
import random
import shutil
import sys
import time

from personnel import machine
from web import demo_server, ensure_wrk, measure_table, release_binary

AREAS = ["gender_in_military", "police_and_gbv", "nap_development", "gender_training", "sexual_harassment", "gender_budgeting",
         "salw_control", "gender_coaching", "women_in_peace_processes", "hr_data_analysis"]
LANGUAGES = ["en", "ru", "fr", "de", "bs", "sr", "hr", "mk", "sq", "es"]
LEVELS = ["A2", "B1", "B2", "C1", "C2", "native"]
COUNTRIES = ["BA", "HR", "RS", "ME", "MK", "AL", "XK"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--wps", help="a wps binary (default: build it in release)")
    parser.add_argument("--experts", type=int, default=2000)
    parser.add_argument("--trainings", type=int, default=5, help="trainings delivered per expert")
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=64)
    options = parser.parse_args()
    ensure_wrk()
    wps = release_binary(options.wps)
    server, base, log, folder, database, api = demo_server(wps, "wps-expertise-bench-")
    try:
        rng = random.Random(11)
        started = time.perf_counter()
        owner = api("GET", "/api/v1/institutions?q=ARS")["items"][0]["id"]
        for e in range(options.experts):
            person = api("POST", "/api/v1/people", {"given_name": f"Ekspertica{e}", "family_name": "Test", "sex": rng.choice(["female", "male"]),
                                                    "owner_institution_id": owner})["id"]
            areas = rng.sample(AREAS, 2)
            month = 1 + e % 12
            api("POST", "/api/v1/experts", {
                "person_id": person, "areas": areas, "languages": [{"code": code, "level": rng.choice(LEVELS)} for code in rng.sample(LANGUAGES, 2)],
                "countries_worked": rng.sample(COUNTRIES, 2), "availability": [{"from": f"2027-{month:02d}-01", "to": f"2027-{month:02d}-20", "available": False}],
                "listed": rng.random() > 0.1})
            for t in range(options.trainings):
                day = f"{2016 + (e + t) % 10}-{1 + t % 12:02d}-{1 + e % 27:02d}"
                api("POST", "/api/v1/activities", {
                    "kind": "workshop", "title": f"Obuka {e}/{t}", "start": day, "end": day, "city": "Grad", "country": rng.choice(COUNTRIES),
                    "owner_id": owner, "trainer_ids": [person], "areas": [rng.choice(areas)], "visibility": "public"})
        built = time.perf_counter() - started
        accra = next(r["id"] for r in api("GET", "/api/v1/expertise-requests")["items"] if r["city"] == "Accra")
        print(f"Machine: {machine()}; the demo plus {options.experts:,} experts with {options.experts * options.trainings:,} trainings "
              f"(recorded through the API in {built:.0f} s); wrk {options.connections} connections, {options.seconds} s per route; release build.")
        print()
        measure_table(base, [
            "/api/v1/experts?area=gender_training&language=en", f"/api/v1/expertise-requests/{accra}/matches", "/api/v1/expertise-requests",
            "/experts?area=police_and_gbv", f"/expertise-requests/{accra}", "/experts/1", "/healthz",
        ], options.connections, options.seconds, headers={"Authorization": "Bearer " + api.token})
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
