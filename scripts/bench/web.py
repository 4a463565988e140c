#!/usr/bin/env python3
"""Benchmark of every page and API route under load, in one run, on this machine.

    python3 scripts/bench/web.py [--wps PATH] [--rows 30000] [--seconds 5] [--connections 64]

Builds `wps` in release (unless --wps names a binary), loads the demo into a new SQLite database
and a generated series of three snapshots of N people of the Ministry of Defence of Bosnia and
Herzegovina, starts `wps serve` on loopback, and prints for each route:
  - the time of one request alone, first (cold) and again (warm);
  - requests/s, p50 and p99 at C connections with wrk (Debian's package; installed if missing);
then the p99 of /healthz while 8 clients keep dataset pages busy. Not a test: the figures depend
on the machine. Targets (issue "Personnel analyses fast at any size"): the large dataset page
<= 150 ms alone and p99 <= 300 ms at 64 connections; every other route p99 <= 100 ms; /healthz
p99 <= 50 ms while dataset pages are busy.
"""
import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

from personnel import machine

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def ensure_wrk():
    if shutil.which("wrk"):
        return
    subprocess.check_call(["apt-get", "update", "-qq"])
    subprocess.check_call(["apt-get", "install", "-y", "-qq", "wrk"], stdout=subprocess.DEVNULL)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(wps, *args, database):
    result = subprocess.run([wps, *args, "--database", database], capture_output=True, text=True, check=True)
    return result.stdout.strip()


def seconds(text):
    number = float(re.match(r"[\d.]+", text).group(0))
    unit = text[len(re.match(r"[\d.]+", text).group(0)):]
    return number * {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}[unit]


def wrk(url, connections, duration, script=None, headers=None):
    args = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", "--timeout", "10s"]
    for name, value in (headers or {}).items():
        args += ["-H", f"{name}: {value}"]
    if script:
        args += ["-s", script]
    output = subprocess.run(args + [url], capture_output=True, text=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = seconds(re.search(r"\s50%\s+(\S+)", output).group(1))
    p99 = seconds(re.search(r"\s99%\s+(\S+)", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    timeouts = re.search(r"Socket errors:.*timeout (\d+)", output)
    return rate, p50, p99, int(errors.group(1)) if errors else 0, int(timeouts.group(1)) if timeouts else 0


def once(url, headers=None):
    start = time.perf_counter()
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=120) as response:
        response.read()
    return time.perf_counter() - start


def measure_table(base, routes, connections, seconds, headers=None):
    """A Markdown table: each route alone (cold, warm), then under wrk (with `headers`, e.g. a
    token, on every request)."""
    print("| route | alone, cold | alone, warm | req/s | p50 | p99 | non-2xx |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for route in routes:
        cold = once(base + route, headers)
        warm = once(base + route, headers)
        rate, p50, p99, errors, timeouts = wrk(base + route, connections, seconds, headers=headers)
        # wrk stops with requests still queued in the server (up to its 2 s timeout): let them
        # drain, or the next route's "alone" figures measure this route's backlog
        time.sleep(2.5)
        flag = " (timeouts: %d)" % timeouts if timeouts else ""
        print(f"| `{route}` | {cold * 1000:.1f} ms | {warm * 1000:.1f} ms | {rate:,.0f} | {p50 * 1000:.1f} ms | "
              f"{p99 * 1000:.1f} ms | {errors}{flag} |", flush=True)


def release_binary(given):
    """The wps binary to measure: the one given, or a release build of this checkout."""
    if given:
        return given
    subprocess.check_call(["swift", "build", "-c", "release", "--product", "wps"], cwd=ROOT)
    return os.path.join(ROOT, ".build", "release", "wps")


def serve(wps, database, folder):
    """Starts `wps serve` on a free loopback port and waits until it answers; returns the
    process, its base URL and its open log file."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = open(os.path.join(folder, "serve.log"), "w")
    server = subprocess.Popen([wps, "serve", "--port", str(port), "--database", database], stdout=log, stderr=subprocess.STDOUT)
    for _ in range(600):
        try:
            once(base + "/healthz")
            break
        except OSError:
            time.sleep(0.1)
    return server, base, log


def demo_server(wps, prefix):
    """A demo database in a new folder, an admin's API token, and the server on it: what the
    capability benchmarks start from. Returns (server, base URL, log, folder, database, api) where
    api(method, path, body=None) sends JSON with the token."""
    import json
    folder = tempfile.mkdtemp(prefix=prefix)
    database = os.path.join(folder, "wps.sqlite")
    run(wps, "demo", "load", database=database)
    subprocess.run([wps, "user", "add", "--email", "bench@example.org", "--name", "Bench", "--role", "admin", "--password-stdin",
                    "--database", database], input="correct horse battery staple for measuring\n", capture_output=True, text=True, check=True)
    token = run(wps, "token", "create", "--email", "bench@example.org", "--label", "bench", database=database).splitlines()[-1]
    server, base, log = serve(wps, database, folder)

    def api(method, path, body=None):
        request = urllib.request.Request(base + path, method=method, data=json.dumps(body).encode() if body is not None else None,
                                         headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=120) as response:
            return json.load(response)

    api.token = token
    return server, base, log, folder, database, api


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--wps", help="a wps binary (default: build it in release)")
    parser.add_argument("--rows", type=int, default=30000)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=64)
    options = parser.parse_args()
    ensure_wrk()
    wps = release_binary(options.wps)
    folder = tempfile.mkdtemp(prefix="wps-web-bench-")
    database = os.path.join(folder, "wps.sqlite")
    run(wps, "migrate", database=database)
    run(wps, "demo", "load", database=database)
    ministry = "3"
    snapshots = []
    for year in (2022, 2023, 2024):
        path = os.path.join(folder, f"ba-{year}.csv")
        subprocess.run([wps, "demo", "personnel", "--country", "BA", "--rows", str(options.rows), "--seed", "7",
                        "--year", str(year), "--output", path], check=True, capture_output=True)
        snapshots.append(run(wps, "import", "personnel", path, "--institution", ministry, "--date", f"{year}-12-31",
                             "--series", "bench", "--visibility", "public", database=database).splitlines()[-1])
    big = snapshots[-1]
    server, base, log = serve(wps, database, folder)
    try:
        routes = [
            "/healthz", "/", "/countries", "/institutions", "/institutions?q=zene%20zenama", "/institutions/1", "/people",
            "/people/1", "/networks", "/networks/1", "/datasets", f"/datasets/{big}", f"/datasets/{big}?rows=unit&columns=sex",
            f"/datasets/{big}?rows=age_band&columns=sex", "/datasets/compare", "/ranks", "/login", "/static/style.css",
            f"/datasets/{big}/table.csv?rows=nato_code&columns=sex", f"/datasets/{big}/table.xlsx?rows=nato_code&columns=sex",
            "/plans", "/plans/1", "/api/v1/plans", "/api/v1/plans/1", "/api/v1/plans/1/tree",
            "/api/v1/countries", "/api/v1/institutions", "/api/v1/institutions?q=zene", "/api/v1/institutions/1",
            "/api/v1/institutions/1/history", "/api/v1/people", "/api/v1/people/1", "/api/v1/networks", "/api/v1/networks/1",
            "/api/v1/networks/1/members", "/api/v1/datasets", f"/api/v1/datasets/{big}",
            f"/api/v1/datasets/{big}/table?rows=nato_code&columns=sex", f"/api/v1/datasets/{big}/table?rows=unit&columns=category",
            f"/api/v1/datasets/{big}/indicators", "/api/v1/comparison", "/api/v1/ranks?country=BA", "/api/v1/openapi.json",
        ]
        print(f"Machine: {machine()}; {options.rows:,} people in each of three snapshots (dataset {big} is the latest); "
              f"wrk {options.connections} connections, {options.seconds} s per route; release build.")
        print()
        measure_table(base, routes, options.connections, options.seconds)
        # /healthz while 8 clients keep dataset pages busy with every pair of dimensions
        script = os.path.join(folder, "pages.lua")
        dimensions = ["nato_code", "category", "age_band", "sex", "service", "unit", "position_level"]
        paths = [f"/datasets/{d}?rows={r}&columns={c}" for d in snapshots for r in dimensions for c in dimensions if r != c]
        with open(script, "w") as f:
            f.write("local paths = {" + ",".join(f'"{p}"' for p in paths) + "}\n")
            f.write("local i = 0\nrequest = function()\n  i = i % #paths + 1\n  return wrk.format(\"GET\", paths[i])\nend\n")
        busy = subprocess.Popen(["wrk", "-t1", "-c8", f"-d{options.seconds + 4}s", "--latency", "-s", script, base + "/"],
                                stdout=subprocess.PIPE, text=True)
        time.sleep(2)
        rate, p50, p99, errors, _ = wrk(base + "/healthz", 4, options.seconds)
        busy_output = busy.communicate()[0]
        busy_rate = float(re.search(r"Requests/sec:\s+([\d.]+)", busy_output).group(1))
        print()
        print(f"/healthz while 8 clients request dataset pages ({busy_rate:,.0f} pages/s, all {len(paths)} tables of the "
              f"three snapshots in turn): p50 {p50 * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms, {rate:,.0f} req/s")
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
