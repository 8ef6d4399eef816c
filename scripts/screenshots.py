#!/usr/bin/env python3
"""Logs in as each demo role in headless Chromium and saves phone- and desktop-sized screenshots.

Needs a running server with the demo program (make run), chromium and chromium-driver from Debian,
and selenium from PyPI. Usage: scripts/screenshots.py [BASE_URL] [OUT_DIR]
"""
import sys, os
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8080"
OUT = sys.argv[2] if len(sys.argv) > 2 else "screenshots"
PASSWORD = "ieum-demo-2026!"
os.makedirs(OUT, exist_ok=True)


def browser(width, height):
    options = Options()
    for arg in ["--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", f"--window-size={width},{height}"]:
        options.add_argument(arg)
    options.binary_location = "/usr/bin/chromium"
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def login(driver, email):
    driver.delete_all_cookies()
    driver.get(BASE + "/login")
    driver.find_element(By.NAME, "email").send_keys(email)
    driver.find_element(By.NAME, "password").send_keys(PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    # Wait for the answer to the login form before going anywhere else.
    WebDriverWait(driver, 30).until(lambda d: not d.current_url.rstrip("/").endswith("/login"))


def shot(driver, path, name, full=True):
    driver.get(BASE + path)
    if path.endswith("#first"):
        # Open the first record of a list, whatever its id.
        driver.get(driver.find_element(By.CSS_SELECTOR, "table tbody tr td a").get_attribute("href"))
    if full:
        height = driver.execute_script("return document.documentElement.scrollHeight")
        width = driver.execute_script("return window.innerWidth")
        driver.set_window_size(driver.get_window_size()["width"], min(max(height + 140, 600), 4000))
    driver.save_screenshot(os.path.join(OUT, name + ".png"))
    print("saved", name)


def main():
    plans = {
        "pm@ieum.demo": [("/", "home-pm"), ("/cohorts", "list-cohorts"), ("/operators/1", "detail-operator"),
                          ("/enrollments?state=enrolled", "list-enrollments"), ("/people?role=trainee#first", "detail-person-pm"),
                          ("/access-log", "access-log"), ("/?lang=en", "home-pm-english"), ("/?lang=ko", "home-pm-back-to-korean")],
        "admin.hanbit@ieum.demo": [("/", "home-operator-admin"), ("/cohorts/new", "form-cohort"), ("/people", "list-people"),
                                   ("/people?role=trainee#first", "detail-person"), ("/enrollments?state=enrolled#first", "detail-enrollment"),
                                   ("/cohorts?year=2026#first", "detail-cohort")],
        "staff.hanbit2@ieum.demo": [("/", "home-campus-staff")],
        "mentor.hanbit21@ieum.demo": [("/", "home-mentor")],
        "trainee@ieum.demo": [("/", "home-trainee")],
        "hr@changwon-factory.demo": [("/", "home-employer")],
    }
    for width, height, suffix in [(390, 844, "phone"), (1280, 900, "desktop")]:
        driver = browser(width, height)
        try:
            for email, pages in plans.items():
                login(driver, email)
                for path, name in pages:
                    driver.set_window_size(width, height)
                    shot(driver, path, f"{name}-{suffix}")
            # A form sent with mistakes: errors beside the fields, what was typed kept.
            login(driver, "admin.hanbit@ieum.demo")
            driver.set_window_size(width, height)
            driver.get(BASE + "/cohorts/new")
            driver.find_element(By.NAME, "name").send_keys("창원 9기")
            driver.execute_script("document.getElementsByName('starts_on')[0].value='2027-03-02';"
                                  "document.getElementsByName('ends_on')[0].value='2027-01-31';"
                                  "document.getElementsByName('capacity')[0].type='text';"
                                  "document.getElementsByName('capacity')[0].value='많이';")
            driver.find_element(By.CSS_SELECTOR, "form.form button[type=submit]").click()
            height_now = driver.execute_script("return document.documentElement.scrollHeight")
            driver.set_window_size(width, min(height_now + 140, 4000))
            driver.save_screenshot(os.path.join(OUT, f"form-errors-{suffix}.png"))
            print("saved", f"form-errors-{suffix}")
        finally:
            driver.quit()


if __name__ == "__main__":
    main()


def full_page(driver, name, max_height=12000):
    """Saves the whole page: the window grows to the document's height first."""
    height = driver.execute_script("return document.documentElement.scrollHeight")
    width = driver.execute_script("return window.innerWidth")
    driver.set_window_size(width, min(height + 120, max_height))
    driver.save_screenshot(os.path.join(OUT, name))

