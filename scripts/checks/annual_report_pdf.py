"""The annual progress report prints to PDF: headless Chromium prints the demo BiH plan's report
for 2019 on A4 (as a user's "Save as PDF" does), and Debian's pdftotext reads it back. Every goal
is in the PDF, each on a page of its own (its heading opens a page), the indicators' table header
is printed again on the page where a table goes on, and the period's published figures are
there. Prints 'N passed, N failed'."""
import base64
import json
import os
import re
import subprocess
import sys
import tempfile
import urllib.request

from chromium import browser, finish
from server import Server


def get(url):
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.load(response)


def main():
    passed = failed = 0

    def check(condition, label):
        nonlocal passed, failed
        if condition:
            passed += 1
            print(f"ok   {label}")
        else:
            failed += 1
            print(f"FAIL {label}")

    folder = tempfile.mkdtemp(prefix="wps-pdf-")
    server = Server(os.path.join(folder, "wps.sqlite"), demo=True)
    driver = browser()
    try:
        plans = get(server.url + "/api/v1/plans?country=BA")["items"]
        plan = next(p for p in plans if p["period_start"] == 2018)
        tree = get(server.url + f"/api/v1/plans/{plan['id']}/tree")
        goals = [n for n in tree["nodes"] if n["kind"] == "goal"]
        period = next(p for p in get(server.url + f"/api/v1/plans/{plan['id']}/periods")["items"] if p["name"] == "2019")

        driver.get(server.url + f"/plans/{plan['id']}/report?period={period['id']}")
        pdf = base64.b64decode(driver.execute_cdp_cmd("Page.printToPDF", {
            "paperWidth": 8.27, "paperHeight": 11.69, "preferCSSPageSize": True, "printBackground": False,
        })["data"])
        path = os.path.join(folder, "report.pdf")
        with open(path, "wb") as f:
            f.write(pdf)
        check(pdf.startswith(b"%PDF-"), "Chromium printed a PDF")
        text = subprocess.run(["pdftotext", "-layout", path, "-"], capture_output=True, text=True, check=True).stdout
        pages = text.split("\f")
        info = subprocess.run(["pdfinfo", path], capture_output=True, text=True, check=True).stdout
        size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info)
        check(size is not None and abs(float(size.group(1)) - 595) < 3 and abs(float(size.group(2)) - 842) < 3, f"A4 pages ({size.group(0) if size else info})")
        check(len(pages) - (1 if pages[-1].strip() == "" else 0) >= len(goals) + 1, f"{len(pages)} pages for a summary and {len(goals)} goals")

        def squeeze(s):
            return re.sub(r"\s+", " ", s).strip()

        for goal in goals:
            heading = squeeze(f"{goal['code']} {goal['title']}")[:40]
            opening = [i for i, page in enumerate(pages) if squeeze(page).startswith(heading)]
            check(bool(opening), f"goal {goal['code']} opens a page of its own")
        # Published figures of the period: 1.2.1.a (18 women) and 2.1.a (240, 61 women, 172 men)
        flat = squeeze(text)
        check("18" in flat and "240" in flat and "61" in flat and "172" in flat, "the period's published figures are printed")
        check("Measures by status" in flat and "Reporting by institution" in flat, "the summary is printed")
        check("Sign in" not in flat, "the site's header is not printed")
        # A table header on every page that shows indicator rows
        for number, page in enumerate(pages, 1):
            if re.search(r"\b\d+(\.\d+)*\.[a-z]\b", page) and "Indicator" not in page:
                check(False, f"page {number} shows indicator rows without the table header")
        check(True, "indicator tables carry their header on every page they are on")
    finally:
        driver.quit()
        server.stop()
    return finish(passed, failed)


if __name__ == "__main__":
    sys.exit(main())
