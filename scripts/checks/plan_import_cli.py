"""`wps plan import` as a coordinator runs it: a matrix with a bad row exits non-zero, names the
row, column, value and rule, and adds nothing (the same good rows import afterwards); a good
matrix builds the tree, which the API then shows. Prints 'N passed, N failed'."""
import json
import os
import subprocess
import sys
import tempfile
import urllib.request

from chromium import finish
from server import Server, WPS

GOOD = ("Šifra;Naziv;Indikator;Jedinica mjere;Ciljna vrijednost;Godina ciljne vrijednosti;Nosilac;Početak;Kraj;Budžet;Valuta\r\n"
        "1.1;Rodna perspektiva u mehanizmima;;;;;;;;;\r\n"
        "1.1.1;Obuka kontakt osoba;Broj obučenih kontakt osoba;broj;40;2027;ARS BiH;1.3.2025.;2026;12.500,00;BAM\r\n")
BAD = GOOD + "4.2.1;Mjera bez cilja;;;;;;;;;\r\n"


def main():
    passed = failed = 0

    def check(condition, label):
        nonlocal passed, failed
        passed, failed = (passed + 1, failed) if condition else (passed, failed + 1)
        print(("ok   " if condition else "FAIL ") + label)

    folder = tempfile.mkdtemp(prefix="wps-matrix-")
    database = os.path.join(folder, "wps.sqlite")
    subprocess.run([WPS, "demo", "load", "--database", database], check=True, capture_output=True)
    for name, text in [("bad.csv", BAD), ("good.csv", GOOD)]:
        with open(os.path.join(folder, name), "wb") as f:
            f.write(text.encode("cp1250"))
    server = Server(database, demo=False)
    try:
        plans = json.load(urllib.request.urlopen(server.url + "/api/v1/plans?kind=regional", timeout=30))["items"]
        plan = plans[0]["id"]
        before = len(json.load(urllib.request.urlopen(server.url + f"/api/v1/plans/{plan}/tree", timeout=30))["nodes"])
    finally:
        server.stop()

    bad = subprocess.run([WPS, "plan", "import", os.path.join(folder, "bad.csv"), "--plan", str(plan), "--database", database],
                         capture_output=True, text=True)
    check(bad.returncode != 0, f"a bad matrix exits non-zero ({bad.returncode})")
    check("bad.csv, row 4, column Šifra, value '4.2.1': no parent" in bad.stderr, "the bad row is named: " + bad.stderr.strip().splitlines()[0])
    check("Nothing was added" in bad.stderr, "it says nothing was added")

    good = subprocess.run([WPS, "plan", "import", os.path.join(folder, "good.csv"), "--plan", str(plan), "--database", database],
                          capture_output=True, text=True)
    check(good.returncode == 0 and "Added 2 nodes and 1 indicator" in good.stdout, f"the good rows import after it: {good.stdout.strip()} {good.stderr.strip()}")

    server = Server(database, demo=False)
    try:
        nodes = json.load(urllib.request.urlopen(server.url + f"/api/v1/plans/{plan}/tree", timeout=30))["nodes"]
        check(len(nodes) == before + 2, f"the tree has {len(nodes)} nodes (was {before})")
        measure = next((n for n in nodes if n["code"] == "1.1.1"), None)
        check(measure is not None and measure["kind"] == "measure" and measure["budget"]["amount"] == 12500
              and measure["indicators"][0]["target"] == {"value": 40, "year": 2027}, f"the measure as the matrix says: {measure}")
    finally:
        server.stop()
    missing = subprocess.run([WPS, "plan", "import", os.path.join(folder, "good.csv"), "--plan", "987654", "--database", database],
                             capture_output=True, text=True)
    check(missing.returncode != 0 and "no plan with id 987654" in missing.stderr, "an unknown plan is named")
    return finish(passed, failed)


if __name__ == "__main__":
    sys.exit(main())
