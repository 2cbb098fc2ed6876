"""The live chat end to end: the real app (`python app.py`, HTTP and
Socket.IO) in a subprocess, and two headless Chromium browsers driven by
Selenium that sign in through the real login page (CSRF on) and meet in a
room. Needs Debian's chromium and chromium-driver (.ci/services.sh installs
them); without them the test is skipped, except in CI where it fails."""

import os
import shutil

import pytest
from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from models import db

from .conftest import PASSWORD
from .live_server import running_server

ROOM = "/rooms/sala-general-cooperacion"
WAIT = 15  # seconds, for each expected change on a page


@pytest.fixture
def chromium() -> tuple[str, str]:
    """The browser and its driver; in CI their absence fails."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    if browser and driver:
        return browser, driver
    if os.environ.get("CI"):
        pytest.fail("chromium or chromedriver is missing: .ci/services.sh must install them")
    pytest.skip("chromium or chromedriver not installed (apt-get install chromium chromium-driver)")


@pytest.fixture
def server(app, tmp_path):
    """`python app.py` on a free port, on the test's SQLite database."""
    db.session.remove()  # nothing of the test's own session stays open
    log_path = tmp_path / "server.log"
    try:
        with running_server(
            log_path,
            DATABASE_URL=app.config["SQLALCHEMY_DATABASE_URI"],
            SEARCH_INDEX_DIR=app.config["SEARCH_INDEX_DIR"],
            SECRET_KEY="browser-test-secret-key",
        ) as live:
            yield live.url
    finally:
        if log_path.exists():
            print(f"--- server log ---\n{log_path.read_text()[-5000:]}")  # shown when the test fails


@pytest.fixture
def open_browser(chromium):
    browser_path, driver_path = chromium
    opened = []

    def factory() -> webdriver.Chrome:
        options = webdriver.ChromeOptions()
        options.binary_location = browser_path
        for argument in (
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--lang=es",
            "--window-size=1200,900",
        ):
            options.add_argument(argument)
        options.add_experimental_option("prefs", {"intl.accept_languages": "es"})
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        browser = webdriver.Chrome(options=options, service=Service(executable_path=driver_path))
        opened.append(browser)
        return browser

    yield factory
    for browser in opened:
        browser.quit()


def wait_for(browser, description: str, condition):
    try:
        return WebDriverWait(browser, WAIT, poll_frequency=0.1).until(lambda b: condition(b))
    except TimeoutException:
        console = "\n".join(entry["message"] for entry in browser.get_log("browser"))
        raise AssertionError(f"{description}: not within {WAIT} s\nbrowser console:\n{console}") from None


def text(browser, selector: str) -> str:
    return browser.execute_script(
        "var e = document.querySelector(arguments[0]); return e ? e.textContent : ''", selector
    )


def bodies(browser) -> list[str]:
    """The text of every message shown in the room, in page order."""
    return browser.execute_script(
        "return Array.from(document.querySelectorAll('ol.messages li.chat-message .body'))"
        ".map(function (e) { return e.textContent.trim(); })"
    )


def pending(browser) -> int:
    return browser.execute_script("return document.querySelectorAll('ol.messages li.pending').length")


def sign_in_to_room(browser, url: str, user) -> None:
    """Open the room as a guest, sign in on the real login page, land in the room."""
    browser.get(url + ROOM)
    wait_for(browser, "the room sends guests to the login page", lambda b: "/login" in b.current_url)
    browser.find_element(By.NAME, "email").send_keys(user["email"])
    password = browser.find_element(By.NAME, "password")
    password.send_keys(PASSWORD)
    password.find_element(By.XPATH, "./ancestor::form//button").click()
    wait_for(browser, f"{user['name']} lands in the room", lambda b: b.current_url.endswith(ROOM))
    wait_for(browser, f"{user['name']} is connected", lambda b: text(b, "#chat .connection") == "Conectado")
    browser.execute_script("window.notReloaded = true")


def send(browser, body: str) -> None:
    """Type the message (unless it is already typed), then press the form's button."""
    box = browser.find_element(By.CSS_SELECTOR, "form.chat-form textarea[name=body]")
    if not box.get_attribute("value"):
        box.send_keys(body)
    browser.find_element(By.CSS_SELECTOR, "form.chat-form button").click()


def test_two_people_chat_live_in_real_browsers(open_browser, app, make_user, server):
    users = []
    for name in ("Alicia Andrade", "Bruno Benítez"):
        person = make_user("member", name=name)
        person.language = "es"
        users.append({"name": name, "email": person.email})
    db.session.commit()
    db.session.remove()
    alicia, bruno = users

    a, b = open_browser(), open_browser()
    sign_in_to_room(a, server, alicia)
    sign_in_to_room(b, server, bruno)

    # Presence, live: Alicia was there first and sees Bruno arrive.
    wait_for(a, "Alicia sees Bruno present", lambda page: bruno["name"] in text(page, "ul.people"))
    wait_for(b, "Bruno sees Alicia present", lambda page: alicia["name"] in text(page, "ul.people"))

    # Alicia types: Bruno is told, before anything is sent.
    first = "Hola, soy Alicia: ¿empezamos?"
    a.find_element(By.CSS_SELECTOR, "form.chat-form textarea[name=body]").send_keys(first)
    wait_for(b, "Bruno sees Alicia typing", lambda page: "Alicia Andrade está escribiendo" in text(page, "p.typing"))
    assert text(a, "p.typing") == ""

    send(a, first)
    for page in (a, b):
        wait_for(page, "Alicia's message arrives", lambda page: first in bodies(page) and not pending(page))
    assert a.find_element(By.CSS_SELECTOR, "form.chat-form textarea[name=body]").get_attribute("value") == ""

    second = "Hola, Alicia. Aquí Bruno, **listo**."
    send(b, second)
    for page in (a, b):
        wait_for(page, "Bruno's message arrives", lambda page: "Hola, Alicia. Aquí Bruno, listo." in bodies(page))
        wait_for(page, "nothing left pending", lambda page: not pending(page))

    for page in (a, b):
        shown = bodies(page)
        assert shown.count(first) == 1, shown
        assert shown.count("Hola, Alicia. Aquí Bruno, listo.") == 1, shown
        assert shown.index(first) < shown.index("Hola, Alicia. Aquí Bruno, listo.")
        assert page.execute_script("return window.notReloaded === true"), "the page was reloaded"
        errors = [e["message"] for e in page.get_log("browser") if e["level"] == "SEVERE" and "chat.js" in e["message"]]
        assert errors == []
