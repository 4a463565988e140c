"""The activities' iCalendar feed as a calendar program reads it: /activities.ics of the demo,
whole and filtered, parsed by the `icalendar` library (PyPI) as RFC 5545 text; every line ends
in CRLF and is at most 75 octets; every event has a UID and a DTSTAMP, a summary and whole-day
dates with DTEND after DTSTART; and an activity with hostile text (naughty strings) keeps the
feed readable. Prints 'N passed, N failed'."""
import json
import os
import sys
import tempfile
import urllib.request

import icalendar

from chromium import finish
from server import Server, wps, PASSWORD, WPS

NAUGHTY = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Tests", "WPSWebTests", "Fixtures", "naughty-strings", "blns.txt")


def main():
    passed = failed = 0

    def check(condition, label):
        nonlocal passed, failed
        passed, failed = (passed + 1, failed) if condition else (passed, failed + 1)
        print(("ok   " if condition else "FAIL ") + label)

    folder = tempfile.mkdtemp(prefix="wps-ics-")
    database = os.path.join(folder, "wps.sqlite")
    wps("demo", "load", database=database)
    wps("user", "add", "--email", "ics@example.org", "--name", "ICS", "--role", "admin", "--password-stdin",
        stdin=PASSWORD + "\n", database=database)
    token = wps("token", "create", "--email", "ics@example.org", "--label", "ics", database=database)
    server = Server(database, demo=False)
    try:
        lines = [line for line in open(NAUGHTY, encoding="utf-8", errors="replace").read().splitlines() if line and not line.startswith("#")]
        institutions = json.load(urllib.request.urlopen(server.url + "/api/v1/institutions?per_page=1", timeout=30))["items"]
        body = json.dumps({"kind": "workshop", "title": "x" + "".join(lines[:60])[:450], "city": "".join(lines[60:90])[:190],
                           "start": "2025-02-03", "end": "2025-02-04", "country": "BA", "owner_id": institutions[0]["id"]}).encode()
        request = urllib.request.Request(server.url + "/api/v1/activities", data=body, method="POST",
                                         headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
        urllib.request.urlopen(request, timeout=30)
        for query, label in [("", "the whole feed"), ("?country=BA&year=2012", "BiH in 2012"), ("?kind=board_session", "board sessions")]:
            with urllib.request.urlopen(server.url + "/activities.ics" + query, timeout=60) as response:
                raw = response.read()
                check(response.headers.get("Content-Type", "").startswith("text/calendar"), f"{label}: text/calendar")
            text = raw.decode("utf-8")
            physical = text.split("\r\n")
            check(physical[-1] == "" and all("\n" not in line and "\r" not in line for line in physical), f"{label}: every line ends in CRLF")
            check(all(len(line.encode("utf-8")) <= 75 for line in physical), f"{label}: lines at most 75 octets")
            calendar = icalendar.Calendar.from_ical(raw)
            events = [c for c in calendar.walk() if c.name == "VEVENT"]
            check(len(events) > 0, f"{label}: {len(events)} events")
            complete = all(e.get("UID") and e.get("DTSTAMP") and e.get("SUMMARY") and e.get("DTSTART") and e.get("DTEND")
                           and e.decoded("DTEND") > e.decoded("DTSTART") for e in events)
            check(complete, f"{label}: UID, DTSTAMP, SUMMARY and whole-day dates on each event")
            check(len({str(e.get("UID")) for e in events}) == len(events), f"{label}: UIDs are unique")
            if not query:
                hostile = [e for e in events if e.decoded("DTSTART").isoformat() == "2025-02-03"]
                check(len(hostile) == 1 and str(hostile[0].get("SUMMARY")).startswith("x"), "the hostile activity reads back from the feed")
    finally:
        server.stop()
    return finish(passed, failed)


if __name__ == "__main__":
    sys.exit(main())
