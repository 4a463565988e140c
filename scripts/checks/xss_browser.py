"""Hostile text in a real browser: headless Chromium visits the pages that show stored and
reflected hostile values, with alert(), confirm() and prompt() trapped, and checks that no
dialog opened, that no element or event handler the page did not write is in the DOM, and that
the Content-Security-Policy reported no blocked script. Prints 'N passed, N failed'."""
import json
import os
import sys
import tempfile
import urllib.parse
import urllib.request

from selenium.common.exceptions import UnexpectedAlertPresentException, NoAlertPresentException
from selenium.webdriver.common.by import By

from chromium import browser, finish, submit
from server import Server, wps, PASSWORD

STORED = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'
REFLECTED = '" autofocus onfocus=alert(7) x="'
MORE = ["\"'><svg onload=alert(3)>", "</title><script>alert(5)</script>", "' onmouseover='alert(6)' x='"]

# Runs before any script of the page (DevTools scripts are not bound by the page's policy).
TRAP = """
window.__dialogs = [];
window.__violations = [];
for (const name of ['alert', 'confirm', 'prompt']) {
  window[name] = (...args) => { window.__dialogs.push(name + ':' + args.join(' ')); };
}
document.addEventListener('securitypolicyviolation', e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
"""

# Elements and attributes that the platform never writes, and that an injection would add.
INTRUDERS = """
const found = [];
for (const el of document.querySelectorAll('*')) {
  for (const attr of el.attributes) {
    if (attr.name.startsWith('on') || attr.name === 'autofocus' || attr.name === 'srcdoc'
        || (attr.name === 'x' && el.namespaceURI === 'http://www.w3.org/1999/xhtml')) {
      found.push(el.tagName + '[' + attr.name + ']');
    }
    if ((attr.name === 'href' || attr.name === 'src' || attr.name === 'action') && /^\\s*javascript:/i.test(attr.value)) {
      found.push(el.tagName + '[' + attr.name + '=javascript:]');
    }
  }
}
for (const el of document.querySelectorAll('script, img[src="x"], iframe, object, embed')) found.push(el.tagName);
return found;
"""


def api(server, token, method, path, body):
    request = urllib.request.Request(
        server.url + path, method=method, data=json.dumps(body).encode(),
        headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
    with urllib.request.urlopen(request) as response:
        return json.load(response)


def trapped_browser():
    driver = browser()
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": TRAP})
    return driver


def main():
    folder = tempfile.mkdtemp(prefix="wps-xss-")
    database = os.path.join(folder, "wps.sqlite")
    server = Server(database, demo=True)
    passed, failed = 0, 0
    driver = None
    try:
        # An admin whose own name is hostile: it shows in the header of every page.
        wps("user", "add", "--email", "admin@example.org", "--name", STORED, "--role", "admin", "--password-stdin",
            stdin=PASSWORD + "\n", database=database)
        token = wps("token", "create", "--email", "admin@example.org", "--label", "xss check", database=database)
        institution = api(server, token, "POST", "/api/v1/institutions", {
            "name": STORED, "name_en": MORE[0], "acronym": MORE[2][:30], "kind": "cso", "country": "BA", "level": "state",
            "website": "https://example.org/", "visibility": "public"})["id"]
        person = api(server, token, "POST", "/api/v1/people", {
            "given_name": STORED, "family_name": MORE[1], "sex": "female", "phone": MORE[2],
            "positions": [{"institution_id": institution, "title": MORE[0]}], "visibility": "public"})["id"]
        network = api(server, token, "POST", "/api/v1/networks", {
            "name": MORE[1], "name_en": STORED, "description": MORE[0], "visibility": "public"})["id"]
        api(server, token, "POST", f"/api/v1/networks/{network}/members", {"institution_id": institution, "role": "chair"})

        driver = trapped_browser()
        driver.get(server.url + "/login")
        driver.find_element(By.NAME, "email").send_keys("admin@example.org")
        driver.find_element(By.NAME, "password").send_keys(PASSWORD)
        submit(driver, "form button[type=submit], form input[type=submit]")

        q = urllib.parse.quote(REFLECTED)
        pages = [
            "/", f"/institutions?q={q}", f"/institutions?q={urllib.parse.quote(STORED)}", f"/institutions/{institution}",
            f"/institutions/{institution}/edit", f"/institutions/{institution}/roles", f"/people?q={q}", f"/people/{person}",
            f"/people/{person}/edit", f"/networks/{network}", f"/networks/{network}/edit", f"/datasets?page={q}",
            "/datasets/1?rows=unit&columns=sex", f"/datasets/1?bands={q}", f"/ranks?country={q}", "/datasets/import",
            f"/datasets/compare?country={q}", f"/no/such/{q}",
        ]
        for path in pages:
            problems = []
            try:
                driver.get(server.url + path)
                intruders = driver.execute_script(INTRUDERS)
                dialogs = driver.execute_script("return window.__dialogs || []")
                violations = driver.execute_script("return window.__violations || []")
                if intruders:
                    problems.append(f"elements or attributes the page did not write: {intruders}")
                if dialogs:
                    problems.append(f"dialogs: {dialogs}")
                if violations:
                    problems.append(f"blocked by the Content-Security-Policy: {violations}")
                try:
                    alert = driver.switch_to.alert
                    problems.append(f"a dialog is open: {alert.text}")
                    alert.dismiss()
                except NoAlertPresentException:
                    pass
            except UnexpectedAlertPresentException as error:
                problems.append(f"a dialog opened: {error.alert_text}")
            if problems:
                failed += 1
                print(f"FAIL {path}: {'; '.join(problems)}")
            else:
                passed += 1
                print(f"ok   {path}")
        # The hostile name is on the page as text, once escaped
        driver.get(server.url + f"/institutions/{institution}")
        heading = driver.find_element(By.TAG_NAME, "h1").text
        if heading == STORED:
            passed += 1
            print("ok   the stored payload shows as text in the heading")
        else:
            failed += 1
            print(f"FAIL the heading shows {heading!r}, not the name as typed")
    finally:
        if driver is not None:
            driver.quit()
        server.stop()
    return finish(passed, failed)


if __name__ == "__main__":
    sys.exit(main())
