"""Headless Chromium for the page checks (Debian's chromium and chromium-driver)."""
import os

from selenium import webdriver


def browser(width=1280, height=900):
    options = webdriver.ChromeOptions()
    for flag in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", f"--window-size={width},{height}"]:
        options.add_argument(flag)
    options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    service = webdriver.ChromeService(executable_path=os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
    return webdriver.Chrome(options=options, service=service)


def finish(passed, failed):
    """Prints the closing line CI reads and gives the exit code."""
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1
