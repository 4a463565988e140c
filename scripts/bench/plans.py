#!/usr/bin/env python3
"""Benchmark of the action plans' pages and API at a large plan's size, on this machine.

    python3 scripts/bench/plans.py [--wps PATH] [--goals 10] [--institutions 30] [--periods 5] [--seconds 5]

Builds `wps` in release (unless --wps names a binary), loads the demo into a new SQLite database,
then through the API builds one plan far larger than any real one: G goals × 5 objectives × 10
measures (each led by one of N new institutions, two indicators each, by sex), P yearly periods,
and every institution's report in every period with all its values, most of them published.
Prints, for the demo's plan pages first and then for each route of the large plan, the time of
one request alone (cold, warm) and requests/s, p50 and p99 at 64 connections with wrk. Not a test: the figures depend on the machine. Target: p99 <= 100 ms.
"""
import argparse
import shutil
import sys
import time

from personnel import machine
from web import demo_server, ensure_wrk, measure_table, release_binary


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--wps", help="a wps binary (default: build it in release)")
    parser.add_argument("--goals", type=int, default=10)
    parser.add_argument("--institutions", type=int, default=30)
    parser.add_argument("--periods", type=int, default=5)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--keep", action="store_true", help="keep the database (its folder is printed) and skip the load runs")
    options = parser.parse_args()
    ensure_wrk()
    wps = release_binary(options.wps)
    server, base, log, folder, database, api = demo_server(wps, "wps-plans-bench-")

    def measure_routes(routes):
        measure_table(base, routes, options.connections, options.seconds)
        print()

    try:
        if not options.keep:
            # The demo's plans first, as a new user meets them
            print(f"Machine: {machine()}; the demo database; wrk {options.connections} connections, {options.seconds} s per route; release build.")
            print()
            measure_routes(["/plans/1", "/plans/3", "/plans/1/report?period=1", "/reports/1", "/recommendations", "/api/v1/plans/1/tree"])
        started = time.perf_counter()
        coordinator = api("GET", "/api/v1/institutions?q=ARS")["items"][0]["id"]
        institutions = [api("POST", "/api/v1/institutions", {"name": f"Ministarstvo {i}", "acronym": f"M{i}", "kind": "ministry",
                                                             "country": "BA", "level": "state", "visibility": "public"})["id"]
                        for i in range(options.institutions)]
        plan = api("POST", "/api/v1/plans", {"kind": "nap", "country": "BA", "level": "state", "title": "Veliki plan", "period_start": 2020,
                                              "period_end": 2020 + options.periods, "status": "in_implementation", "coordinator_id": coordinator,
                                              "visibility": "public"})["id"]
        by_institution = {i: [] for i in institutions}
        measures = {i: [] for i in institutions}
        n = 0
        for g in range(1, options.goals + 1):
            goal = api("POST", f"/api/v1/plans/{plan}/nodes", {"kind": "goal", "code": str(g), "title": f"Cilj {g}", "pillar": "participation"})["id"]
            for o in range(1, 6):
                objective = api("POST", f"/api/v1/plans/{plan}/nodes", {"kind": "objective", "parent_id": goal, "code": f"{g}.{o}", "title": f"Podcilj {g}.{o}"})["id"]
                for m in range(1, 11):
                    lead = institutions[n % len(institutions)]
                    n += 1
                    measure = api("POST", f"/api/v1/plans/{plan}/nodes", {
                        "kind": "measure", "parent_id": objective, "code": f"{g}.{o}.{m}", "title": f"Mjera {g}.{o}.{m}", "lead_ids": [lead],
                        "status": "in_progress", "budget": {"amount": 10000, "currency": "BAM"}})["id"]
                    measures[lead].append(measure)
                    for k in range(2):
                        indicator = api("POST", f"/api/v1/plan-nodes/{measure}/indicators", {
                            "code": f"{g}.{o}.{m}.{k}", "definition": f"Broj polaznika {k}", "unit": "count", "disaggregation": "sex",
                            "baseline": {"value": 0, "year": 2020}, "target": {"value": 100, "year": 2020 + options.periods}})["id"]
                        by_institution[lead].append(indicator)
        periods = [api("POST", f"/api/v1/plans/{plan}/periods", {"name": str(2020 + p), "start": f"{2020 + p}-01-01", "end": f"{2020 + p}-12-31",
                                                                  "due": f"{2021 + p}-03-31"})["id"] for p in range(options.periods)]
        reports = 0
        values = 0
        for p, period in enumerate(periods):
            for i, institution in enumerate(institutions):
                report = api("POST", f"/api/v1/periods/{period}/reports", {"institution_id": institution})
                body = {"version": report["version"], "narrative": "Izvještaj " * 40,
                        "measures": [{"node_id": m, "status": "in_progress", "narrative": "Napredak."} for m in measures[institution]],
                        "values": [{"indicator_id": x, "value": 10 * (p + 1) + 1, "female": 5 * (p + 1), "male": 5 * (p + 1), "source": "Evidencija"}
                                   for x in by_institution[institution]]}
                api("PATCH", f"/api/v1/reports/{report['id']}", body)
                values += len(body["values"])
                reports += 1
                api("POST", f"/api/v1/reports/{report['id']}/submit", {})
                if (i + p) % 5 != 1:
                    api("POST", f"/api/v1/reports/{report['id']}/accept", {})
                    api("POST", f"/api/v1/reports/{report['id']}/publish", {})
        built = time.perf_counter() - started
        tree = api("GET", f"/api/v1/plans/{plan}/tree")
        indicator = tree["nodes"][2]["indicators"][0]["id"]
        some_report = next(r["id"] for r in api("GET", f"/api/v1/periods/{periods[-1]}/reports")["items"] if r["status"] == "published")
        print(f"Machine: {machine()}; one plan of {len(tree['nodes'])} nodes, {sum(len(x['indicators']) for x in tree['nodes'])} indicators, "
              f"{len(periods)} periods, {reports} reports with {values:,} values (built through the API in {built:.0f} s); "
              f"wrk {options.connections} connections, {options.seconds} s per route; release build.")
        print()
        routes = [f"/plans/{plan}", f"/plans/{plan}/report?period={periods[-1]}", f"/reports/{some_report}", f"/api/v1/plans/{plan}/tree",
                  f"/api/v1/plans/{plan}/periods", f"/api/v1/periods/{periods[-1]}/reports", f"/api/v1/reports/{some_report}",
                  f"/api/v1/reports/{some_report}/history", f"/api/v1/indicators/{indicator}/values", "/api/v1/recommendations"]
        if options.keep:
            print(f"kept: {database}; routes: {routes}")
            return
        measure_routes(routes)
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
        if not options.keep:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
