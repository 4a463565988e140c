"""How much disclosure control withholds and what it costs (not a test: figures depend on the
machine). Loads the demo into a temporary database, adds a generated dataset of --rows people,
and for each dataset times `wps privacy export` (every table by two dimensions, protected
together) and reports the share of non-zero cells withheld.

    python3 scripts/bench/disclosure.py [--rows 20000] [--wps .build/release/wps]
"""
import argparse
import json
import os
import subprocess
import tempfile
import time


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=20000)
    parser.add_argument("--wps", default=os.path.join(os.path.dirname(__file__), "..", "..", ".build", "release", "wps"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        database = os.path.join(folder, "wps.sqlite")
        subprocess.run([args.wps, "demo", "load", "--database", database], check=True, capture_output=True)
        people = os.path.join(folder, "people.csv")
        subprocess.run([args.wps, "demo", "personnel", "--country", "BA", "--rows", str(args.rows), "--seed", "7", "--year", "2024",
                        "--output", people], check=True, capture_output=True)
        subprocess.run([args.wps, "import", "personnel", people, "--institution", "3", "--date", "2024-12-31", "--database", database],
                       check=True, capture_output=True)
        total_withheld = total_cells = 0
        print("dataset\tseconds\twithheld\tnon-zero cells\tshare")
        for dataset in range(1, 11):
            start = time.perf_counter()
            out = subprocess.run([args.wps, "privacy", "export", "--dataset", str(dataset), "--database", database],
                                 check=True, capture_output=True, text=True).stdout
            elapsed = time.perf_counter() - start
            d = json.loads(out)["datasets"][0]
            total_withheld += d["withheld_cells"]
            total_cells += d["non_zero_cells"]
            print(f"{dataset}\t{elapsed:.2f}\t{d['withheld_cells']}\t{d['non_zero_cells']}\t{100 * d['withheld_cells'] / max(1, d['non_zero_cells']):.1f} %")
        print(f"all\t\t{total_withheld}\t{total_cells}\t{100 * total_withheld / max(1, total_cells):.1f} %")


if __name__ == "__main__":
    main()
