"""Headless Chromium for the page checks (Debian's chromium and chromium-driver)."""
import os

from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait


def browser(width=1280, height=900):
    options = webdriver.ChromeOptions()
    for flag in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", f"--window-size={width},{height}"]:
        options.add_argument(flag)
    options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    service = webdriver.ChromeService(executable_path=os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
    return webdriver.Chrome(options=options, service=service)


def submit(driver, selector="main form button[type=submit]", seconds=30):
    """Submits the form of the button and waits until the browser has left the page and loaded
    the answer: Selenium's submit() returns when the request is sent, so a check that reads the
    page straight after it may read the old page (a slow CI machine did)."""
    page = driver.find_element(By.TAG_NAME, "html")
    driver.find_element(By.CSS_SELECTOR, selector).submit()
    WebDriverWait(driver, seconds).until(expected_conditions.staleness_of(page))
    WebDriverWait(driver, seconds).until(lambda d: d.execute_script("return document.readyState") == "complete")


def finish(passed, failed):
    """Prints the closing line CI reads and gives the exit code."""
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1
