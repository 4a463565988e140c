"""Two `wps serve` processes on one PostgreSQL database: a session made on one is valid on the
other, and signing out on one ends it on both. Needs WPS_TEST_POSTGRES_URL (scripts/with-postgres.sh).
Prints 'N passed, N failed'."""
import http.cookiejar
import os
import re
import sys
import urllib.parse
import urllib.request

from server import PASSWORD, Server, wps


def main():
    url = os.environ.get("WPS_TEST_POSTGRES_URL")
    if not url:
        print("WPS_TEST_POSTGRES_URL is not set; run under scripts/with-postgres.sh")
        return 1
    first = Server(url, demo=True)
    second = Server(url, demo=True)  # migrations and demo load find nothing left to do
    passed = failed = 0
    try:
        wps("user", "add", "--email", "two@example.org", "--name", "Two Servers", "--role", "admin", "--password-stdin",
            stdin=PASSWORD + "\n", database=url)
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        opener.open(first.url + "/login").read()
        csrf = next(cookie.value for cookie in jar if cookie.name == "wps_csrf")
        form = urllib.parse.urlencode({"email": "two@example.org", "password": PASSWORD, "_csrf": csrf}).encode()
        opener.open(first.url + "/login", data=form).read()
        if not any(cookie.name == "wps_session" for cookie in jar):
            raise RuntimeError("no session cookie after signing in on the first server")
        # Cookies are per host name, and both servers are 127.0.0.1: the jar sends them to both.
        page = opener.open(second.url + "/").read().decode()
        if "Two Servers" in page:
            passed += 1
        else:
            failed += 1
            print("the session made on the first server is not valid on the second")
        opener.open(second.url + "/logout", data=urllib.parse.urlencode({"_csrf": csrf}).encode()).read()
        page = opener.open(first.url + "/").read().decode()
        if "Two Servers" not in page and re.search(r'href="/login', page):
            passed += 1
        else:
            failed += 1
            print("signing out on the second server did not end the session on the first")
    finally:
        first.stop()
        second.stop()
    print(f"two servers on one PostgreSQL database share sessions: {failed == 0}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
