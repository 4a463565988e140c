"""kill -9 of the server in the middle of writes leaves the SQLite database intact, with every
acknowledged write present. Prints 'N passed, N failed'."""
import json
import os
import signal
import sqlite3
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

from server import PASSWORD, Server, wps


def main():
    folder = tempfile.mkdtemp(prefix="wps-crash-")
    database = os.path.join(folder, "wps.sqlite")
    server = Server(database)
    wps("user", "add", "--email", "crash@example.org", "--name", "Crash Test", "--role", "admin", "--password-stdin",
        stdin=PASSWORD + "\n", database=database)
    token = wps("token", "create", "--email", "crash@example.org", database=database)
    acknowledged = []
    lock = threading.Lock()
    stop = threading.Event()

    def writer(worker):
        n = 0
        while not stop.is_set() and n < 2000:
            n += 1
            body = json.dumps({"name": f"Crash test {worker}-{n}", "kind": "cso", "country": "BA", "level": "state"}).encode()
            request = urllib.request.Request(server.url + "/api/v1/institutions", data=body, method="POST", headers={
                "Authorization": "Bearer " + token, "Content-Type": "application/json"})
            try:
                with urllib.request.urlopen(request, timeout=5) as response:
                    if response.status == 201:
                        with lock:
                            acknowledged.append(json.load(response)["id"])
            except (urllib.error.URLError, ConnectionError, OSError):
                return

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    time.sleep(3)
    os.kill(server.process.pid, signal.SIGKILL)
    server.process.wait()
    stop.set()
    for thread in threads:
        thread.join()

    passed = failed = 0
    connection = sqlite3.connect(database)
    integrity = connection.execute("PRAGMA integrity_check").fetchone()[0]
    if integrity == "ok":
        passed += 1
    else:
        failed += 1
        print("integrity_check:", integrity)
    ids = {row[0] for row in connection.execute("SELECT id FROM institutions")}
    audited = {int(row[0]) for row in connection.execute("SELECT entity_id FROM audit_events WHERE entity = 'institution' AND action = 'create'")}
    missing = [i for i in acknowledged if i not in ids]
    unaudited = [i for i in acknowledged if i not in audited]
    if acknowledged and not missing and not unaudited:
        passed += 1
    else:
        failed += 1
        print(f"acknowledged {len(acknowledged)}, missing {missing[:10]}, without audit {unaudited[:10]}")
    print(f"crash durability: {len(acknowledged)} acknowledged writes before kill -9, all present: {not missing}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
