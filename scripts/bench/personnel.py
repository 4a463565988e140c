#!/usr/bin/env python3
"""Benchmark of the personnel import and table against DuckDB and pandas, measured in one run.

    python3 scripts/bench/personnel.py [--rows 1000000] [--wps PATH]

Writes one deterministic Windows-1250, ';'-separated file of N people with `wps demo personnel`,
then on that same file measures:
  (a) import end to end: `wps bench personnel --file F` (read, decode, check, map ranks, store in
      SQLite in one transaction), DuckDB `read_csv` into a table of a DuckDB file, and pandas
      `read_csv` + `to_sql` into SQLite;
  (b) the table sex x NATO code x category, warm (median of 5 after one warm-up): ours, and the same
      GROUP BY (sex x rank x category) in DuckDB and in SQLite on the tables (a) made;
  (c) the peak resident memory of our import;
  (d) the import again, ours and DuckDB's, of the same rows in a random order (an HR system exports
      by unit or by name, not by personal number: every person's key then lands somewhere in the
      middle of the (dataset, person) index rather than at its end).
and prints a table with times and ratios. Not a test: figures depend on the machine.

DuckDB cannot read Windows-1250 without its `encodings` extension, which it downloads and this
machine cannot; so DuckDB reads a UTF-8 copy of the file. The copy's conversion is timed and shown
on its own line, and the ratio is taken against read_csv alone (the strictest comparison).
"""
import argparse
import json
import os
import platform
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def ensure_packages():
    try:
        import duckdb  # noqa: F401
        import pandas  # noqa: F401
    except ImportError:
        subprocess.check_call([sys.executable, "-m", "pip", "install", "-q", "--disable-pip-version-check", "duckdb", "pandas"])


def warm_median(run, repeat=5):
    run()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def machine():
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    memory = ""
    try:
        with open("/proc/meminfo") as f:
            memory = "%.0f GiB" % (int(f.readline().split()[1]) / 1024 / 1024)
    except OSError:
        pass
    return "%s, %d cores, %s, %s" % (cpu, os.cpu_count() or 0, memory, platform.platform())


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--wps", help="the wps binary (default: build it with swift build -c release)")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()

    ensure_packages()
    import duckdb
    import pandas as pd

    wps = args.wps
    if not wps:
        subprocess.check_call(["swift", "build", "-c", "release", "--product", "wps"], cwd=ROOT)
        wps = os.path.join(ROOT, ".build", "release", "wps")

    with tempfile.TemporaryDirectory(prefix="wps-bench-") as folder:
        path = os.path.join(folder, "personnel-%d.csv" % args.rows)
        subprocess.check_call([wps, "demo", "personnel", "--country", "BA", "--rows", str(args.rows), "--seed", "1325",
                               "--year", "2024", "--encoding", "windows-1250", "--delimiter", ";", "--output", path])
        size_mb = os.path.getsize(path) / 1e6

        # (a, b, c) ours, in its own process
        ours = json.loads(subprocess.check_output([wps, "bench", "personnel", "--file", path, "--json"]))

        # (a) DuckDB: the file in UTF-8 first (timed apart), then read_csv into a table of a DuckDB file
        start = time.perf_counter()
        utf8 = os.path.join(folder, "personnel-utf8.csv")
        with open(path, encoding="cp1250", newline="") as source, open(utf8, "w", encoding="utf-8", newline="") as target:
            while True:
                chunk = source.read(1 << 22)
                if not chunk:
                    break
                target.write(chunk)
        convert_s = time.perf_counter() - start
        duck = duckdb.connect(os.path.join(folder, "duck.duckdb"))
        start = time.perf_counter()
        duck.execute("CREATE TABLE personnel AS SELECT * FROM read_csv('%s', delim=';', header=true)" % utf8)
        duck.execute("CHECKPOINT")
        duck_import_s = time.perf_counter() - start
        duck_rows = duck.execute("SELECT COUNT(*) FROM personnel").fetchone()[0]

        # (a) pandas: read_csv + to_sql into SQLite
        start = time.perf_counter()
        frame = pd.read_csv(path, sep=";", encoding="cp1250", dtype=str, keep_default_na=False)
        lite = sqlite3.connect(os.path.join(folder, "pandas.sqlite"))
        frame.to_sql("personnel", lite, index=False)
        lite.commit()
        pandas_import_s = time.perf_counter() - start
        del frame

        # (d) the same rows in a random order (fixed seed), ours and DuckDB's
        with open(path, encoding="cp1250", newline="") as source:
            lines = source.readlines()
        body = lines[1:]
        random.Random(1325).shuffle(body)
        shuffled, shuffled_utf8 = os.path.join(folder, "personnel-shuffled.csv"), os.path.join(folder, "personnel-shuffled-utf8.csv")
        for name, encoding in ((shuffled, "cp1250"), (shuffled_utf8, "utf-8")):
            with open(name, "w", encoding=encoding, newline="") as target:
                target.write(lines[0])
                target.writelines(body)
        del lines, body
        ours_shuffled = json.loads(subprocess.check_output([wps, "bench", "personnel", "--file", shuffled, "--json", "--repeat", "1"]))
        duck_shuffled = duckdb.connect(os.path.join(folder, "duck-shuffled.duckdb"))
        start = time.perf_counter()
        duck_shuffled.execute("CREATE TABLE personnel AS SELECT * FROM read_csv('%s', delim=';', header=true)" % shuffled_utf8)
        duck_shuffled.execute("CHECKPOINT")
        duck_shuffled_s = time.perf_counter() - start
        duck_shuffled.close()

        # (b) the same GROUP BY, warm
        group_by = "SELECT sex, rank, category, COUNT(*) FROM personnel GROUP BY 1, 2, 3"
        duck_table_s = warm_median(lambda: duck.execute(group_by).fetchall())
        sqlite_table_s = warm_median(lambda: lite.execute(group_by).fetchall())
        duck.close()
        lite.close()

    rows = [
        ("import, end to end", ours["import_seconds"], duck_import_s, pandas_import_s),
        ("table sex x NATO code x category, warm", ours["table_seconds"], duck_table_s, sqlite_table_s),
    ]
    shuffled_row = ("import, the rows in a random order", ours_shuffled["import_seconds"], duck_shuffled_s)
    print()
    print("Benchmark: %d rows (%.0f MB, Windows-1250, ';'); %s" % (args.rows, size_mb, machine()))
    print("%-40s %10s %10s %16s %12s %12s" % ("", "WPS", "DuckDB", "pandas/SQLite", "WPS/DuckDB", "pandas/WPS"))
    for name, mine, duck_s, other in rows:
        print("%-40s %9.3fs %9.3fs %15.3fs %11.2fx %11.2fx" % (name, mine, duck_s, other, mine / duck_s, other / mine))
    print("%-40s %9.3fs %9.3fs %15s %11.2fx" % (shuffled_row + ("", shuffled_row[1] / shuffled_row[2])))
    print("%-40s %9s %9.3fs" % ("DuckDB: Windows-1250 -> UTF-8 copy first", "", convert_s))
    print("%-40s %7.0f MB (%.0f MB in random order)" % (
        "peak memory of our import (whole process)", ours["peak_memory_mb"], ours_shuffled["peak_memory_mb"]))
    print("rows stored: WPS %d, DuckDB %d" % (ours["rows"], duck_rows))
    print()
    print("Targets: import within 2x of DuckDB (WPS/DuckDB <= 2), at least 2x faster than pandas (pandas/WPS >= 2),")
    print("         warm table no slower than DuckDB (WPS/DuckDB <= 1), import peak memory under 300 MB.")
    figures = {
        "rows": args.rows, "file_mb": size_mb, "machine": machine(), "wps": ours, "wps_random_order": ours_shuffled,
        "duckdb": {"import_seconds": duck_import_s, "convert_seconds": convert_s, "table_seconds": duck_table_s,
                   "import_random_order_seconds": duck_shuffled_s},
        "pandas_sqlite": {"import_seconds": pandas_import_s, "table_seconds": sqlite_table_s},
    }
    if args.json:
        with open(args.json, "w") as f:
            json.dump(figures, f, indent=2)


if __name__ == "__main__":
    main()
