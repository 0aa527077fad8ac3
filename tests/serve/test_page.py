"""The page in headless Chromium: load it, paste a lead, evaluate, see the patch, the rule behind it and the trace."""
import json
import os
import shutil

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from conftest import ROOT


@pytest.fixture(scope="module")
def browser():
    options = Options()
    for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"]:
        options.add_argument(argument)
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    if binary:
        options.binary_location = binary
    driver_path = shutil.which("chromedriver")
    service = Service(executable_path=driver_path) if driver_path else Service()
    driver = webdriver.Chrome(options=options, service=service)
    yield driver
    driver.quit()


def test_page_evaluates_a_pasted_lead(server, browser):
    browser.get(server["url"] + "/")
    assert "Lead enrichment" in browser.title or browser.find_element(By.TAG_NAME, "h1").text == "Lead enrichment"
    digest = browser.find_element(By.ID, "digest").text
    assert len(digest) == 16

    with open(os.path.join(ROOT, "samples", "leads.jsonl")) as handle:
        lead = json.loads(handle.readline())
    browser.find_element(By.ID, "lead").send_keys(json.dumps(lead, ensure_ascii=False))
    browser.find_element(By.ID, "now").send_keys("2026-11-20T12:00:00Z")
    browser.find_element(By.ID, "token").send_keys(server["token"])
    browser.find_element(By.ID, "evaluate").click()

    WebDriverWait(browser, 30).until(expected_conditions.presence_of_element_located((By.ID, "trace")))
    trace = browser.find_element(By.ID, "trace").text
    assert "lead %d" % lead["id"] in trace
    assert "patch:" in trace
    patch = json.loads(browser.find_element(By.ID, "patch").text)
    assert patch, "the first sample lead gets a patch"
    rows = browser.find_elements(By.CSS_SELECTOR, "#changes tr")
    assert len(rows) == len(patch) + 1
    # Each field names its rule and where it is written: rules/FILE.rules:LINE:COLUMN.
    for row in rows[1:]:
        cells = row.find_elements(By.TAG_NAME, "td")
        assert cells[0].text in patch
        assert ".rules:" in cells[4].text and cells[4].text.rsplit(":", 2)[1].isdigit()


def test_page_names_the_position_of_bad_json(server, browser):
    browser.get(server["url"] + "/")
    browser.find_element(By.ID, "lead").send_keys('{"id": 1,\n "phone": }')
    browser.find_element(By.ID, "token").send_keys(server["token"])
    browser.find_element(By.ID, "evaluate").click()
    WebDriverWait(browser, 30).until(expected_conditions.presence_of_element_located((By.ID, "problem")))
    assert "line 2" in browser.find_element(By.ID, "problem").text
