"""Start and stop a real `wps serve` for the end-to-end checks (loopback only)."""
import os
import socket
import subprocess
import time
import urllib.request

WPS = os.environ.get("WPS_BIN", os.path.join(os.path.dirname(__file__), "..", "..", ".build", "debug", "wps"))
PASSWORD = "correct horse battery staple"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wps(*args, stdin=None, database):
    result = subprocess.run([WPS, *args, "--database", database], input=stdin, capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        raise RuntimeError(f"wps {' '.join(args)} failed: {result.stderr}")
    return result.stdout.strip()


class Server:
    def __init__(self, database, demo=True):
        self.database = database
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        args = [WPS, "serve", "--port", str(self.port), "--database", database] + (["--demo"] if demo else [])
        self.log = open(os.path.join("/tmp", f"wps-serve-{self.port}.log"), "w")
        self.process = subprocess.Popen(args, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 120
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"the server did not start; see /tmp/wps-serve-{self.port}.log")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.close()
