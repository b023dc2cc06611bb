"""Open every page of the built site in headless Chromium and fail on a console error.

    python .ci/docs_check.py [docs/_build/html]

Serves the built HTML on localhost, loads each page with Debian's chromium and chromedriver
(selenium), collects the browser's console messages of level SEVERE (a script that fails, a
resource that does not load), images that did not load and tutorials that show no figure,
and fails naming them. Saves screenshots of the start page, a
tutorial and a reference page in <html>/_screenshots/ for a person to look at.
"""
from __future__ import annotations

import functools
import http.server
import sys
import tempfile
import threading
import time
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

SCREENSHOTS = {"index.html": "start", "tutorials/s2_development.html": "tutorial",
               "reference/api/leakmodels.input_resistance.html": "reference"}
LOAD_S = 10.0
CHROME_FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--window-size=1280,1600")


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # one line per request would bury the result
        pass


def browser(profile: str) -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in CHROME_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def needs_figure(page: str) -> bool:
    """Every tutorial draws its figure (the notebooks' outputs are the lesson)."""
    return page.startswith("tutorials/") and page != "tutorials/index.html"


def loaded(driver) -> bool:
    """Whether the page reaches readyState 'complete' within LOAD_S."""
    deadline = time.monotonic() + LOAD_S
    while time.monotonic() < deadline:
        if driver.execute_script("return document.readyState") == "complete":
            return True
        time.sleep(0.05)
    return False


def main(root: Path) -> int:
    pages = sorted(p.relative_to(root).as_posix() for p in root.rglob("*.html")
                   if not p.relative_to(root).parts[0].startswith("_"))
    if "index.html" not in pages:
        print(f"docs-check: no built site in {root}")
        return 1
    handler = functools.partial(QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    shots = root / "_screenshots"
    shots.mkdir(exist_ok=True)
    errors = []
    with tempfile.TemporaryDirectory() as profile:
        driver = browser(profile)
        try:
            for page in pages:
                driver.get(base + page)
                if not loaded(driver):
                    errors.append(f"{page}: did not finish loading within {LOAD_S:g} s")
                broken = driver.execute_script(
                    "return Array.from(document.images).filter(i => !(i.complete && "
                    "i.naturalWidth > 0)).map(i => i.src)")
                errors += [f"{page}: image did not load: {src}" for src in broken]
                if needs_figure(page) and not driver.execute_script(
                        "return document.querySelectorAll('article img').length"):
                    errors.append(f"{page}: a tutorial with no figure (did its kernel draw "
                                  "with a non-inline backend?)")
                for entry in driver.get_log("browser"):
                    if entry["level"] == "SEVERE":
                        errors.append(f"{page}: {entry['message']}")
                if page in SCREENSHOTS:
                    driver.save_screenshot(str(shots / f"{SCREENSHOTS[page]}.png"))
        finally:
            driver.quit()
            server.shutdown()
    missing = [p for p in SCREENSHOTS if p not in pages]
    errors += [f"{p}: page missing (a screenshot was asked of it)" for p in missing]
    for e in errors:
        print("docs-check:", e)
    print(f"docs-check: {len(pages)} pages opened in headless Chromium, "
          f"{len(errors)} console errors or missing pages; screenshots in {shots}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/_build/html").resolve()))
