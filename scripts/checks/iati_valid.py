"""Every IATI export of the demo validates against the IATI 2.03 activity schema
(fixtures/iati-2.03, from the project's shared test data) with xmllint: each project's /api/v1/projects/{id}/iati.xml, the
whole /api/v1/iati.xml and its country and institution filters, and a project whose every text
is hostile (the Big List of Naughty Strings). Prints 'N passed, N failed'."""
import json
import os
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request

from chromium import finish
from server import Server, wps, PASSWORD

# The IATI 2.03 activity schema (from the project's shared test data; see its SOURCE.md)
SCHEMA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "iati-2.03", "iati-activities-schema.xsd")
NAUGHTY = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Tests", "WPSWebTests", "Fixtures", "naughty-strings", "blns.txt")


def main():
    passed = failed = 0

    def check(condition, label):
        nonlocal passed, failed
        passed, failed = (passed + 1, failed) if condition else (passed, failed + 1)
        print(("ok   " if condition else "FAIL ") + label)

    folder = tempfile.mkdtemp(prefix="wps-iati-")
    database = os.path.join(folder, "wps.sqlite")
    subprocess.run([os.environ.get("WPS_BIN", os.path.join(os.path.dirname(__file__), "..", "..", ".build", "debug", "wps")),
                    "demo", "load", "--database", database], check=True, capture_output=True)
    wps("user", "add", "--email", "iati@example.org", "--name", "IATI", "--role", "admin", "--password-stdin",
        stdin=PASSWORD + "\n", database=database)
    token = wps("token", "create", "--email", "iati@example.org", "--label", "iati", database=database)
    server = Server(database, demo=False)

    def get(path):
        request = urllib.request.Request(server.url + path, headers={"Authorization": "Bearer " + token})
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.read()

    def valid(path, label):
        body = get(path)
        target = os.path.join(folder, "export.xml")
        with open(target, "wb") as f:
            f.write(body)
        result = subprocess.run(["xmllint", "--noout", "--schema", SCHEMA, target], capture_output=True)
        problems = result.stderr.decode("utf-8", errors="replace")[-2000:]
        check(result.returncode == 0, f"{label} validates" + ("" if result.returncode == 0 else ": " + problems))
        return body

    try:
        # A project whose texts are hostile lines of the naughty strings
        lines = [line for line in open(NAUGHTY, encoding="utf-8", errors="replace").read().splitlines() if line and not line.startswith("#")]
        institutions = json.loads(get("/api/v1/institutions?per_page=5"))["items"]
        body = json.dumps({"title": "x" + "".join(lines[100:130])[:400], "title_en": "".join(lines[200:230])[:400],
                           "description": "\n".join(lines[300:400])[:15000], "start": "2024-01-01", "end": "2024-12-31",
                           "owner_id": institutions[0]["id"], "countries": ["BA", "RS"],
                           "donors": [{"institution_id": institutions[1]["id"], "amount": 1234.5, "currency": "eur"}],
                           "budget": {"amount": 99999, "currency": "BAM"}}).encode()
        request = urllib.request.Request(server.url + "/api/v1/projects", data=body, method="POST",
                                         headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
        created = json.load(urllib.request.urlopen(request, timeout=60))
        projects = json.loads(get("/api/v1/projects?per_page=200"))["items"]
        check(len(projects) >= 3, f"{len(projects)} projects")
        for project in projects:
            valid(f"/api/v1/projects/{project['id']}/iati.xml", f"project {project['id']}")
        everything = valid("/api/v1/iati.xml", "every project")
        check(everything.count(b"<iati-activity ") == len(projects), "one activity per project")
        valid("/api/v1/iati.xml?country=BA", "Bosnia and Herzegovina's projects")
        sida = [i for i in json.loads(get("/api/v1/institutions?q=sida&per_page=5"))["items"]]
        if sida:
            funded = valid(f"/api/v1/iati.xml?institution={sida[0]['id']}", "the projects Sida funds")
            check(b'<transaction-type code="11"' in funded and b"18000" in funded, "Sida's commitment is an incoming commitment")
        check(created["id"] in [p["id"] for p in projects], "the hostile project is exported")
        try:
            get("/api/v1/iati.xml?country=SE")
            check(False, "no project in Sweden answers 404")
        except urllib.error.HTTPError as error:
            check(error.code == 404, "no project in Sweden answers 404")
    finally:
        server.stop()
    return finish(passed, failed)


if __name__ == "__main__":
    sys.exit(main())
