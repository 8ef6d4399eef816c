#!/usr/bin/env python3
"""A forgotten password in headless Chromium at phone and desktop width: the login page's link, asking for a link,
the page that says the same for every address (the demo shows the link, as no mail leaves it), a mistyped new
password beside its field, the done page, the used link; then a status change refused on an enrolment's page.
Needs a running demo (make run), chromium and chromium-driver from Debian, selenium from PyPI. It changes the
demo applicant's password to `NEW_PASSWORD` (the demo's own has "ieum" in it, which the policy refuses for an
address at ieum.demo), so run it last.
Usage: scripts/screenshots-account.py [BASE_URL] [OUT_DIR]
"""
import os, sys
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select
from screenshots import browser, login

NEW_PASSWORD = "fresh-start-2027!"

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8080"
OUT = sys.argv[2] if len(sys.argv) > 2 else "screenshots"
os.makedirs(OUT, exist_ok=True)
import screenshots
screenshots.BASE, screenshots.OUT = BASE, OUT


def save(driver, name):
    screenshots.full_page(driver, name + ".png", max_height=4000)
    print("saved", name)


def submit(driver):
    driver.find_element(By.CSS_SELECTOR, "form.form button[type=submit]").click()


def main():
    for width, height, suffix in [(390, 844, "phone"), (1280, 900, "desktop")]:
        driver = browser(width, height)
        driver.set_window_size(width, height)
        driver.get(BASE + "/login")
        save(driver, f"login-{suffix}")
        driver.find_element(By.LINK_TEXT, "비밀번호를 잊었어요").click()
        driver.find_element(By.NAME, "email").send_keys("applicant@ieum.demo")
        save(driver, f"reset-ask-{suffix}")
        submit(driver)
        save(driver, f"reset-sent-{suffix}")
        link = driver.find_element(By.LINK_TEXT, "새 비밀번호 정하기").get_attribute("href")
        driver.get(link)
        driver.find_element(By.NAME, "password").send_keys(NEW_PASSWORD)
        driver.find_element(By.NAME, "password_again").send_keys(NEW_PASSWORD + "x")
        submit(driver)
        save(driver, f"reset-mistyped-{suffix}")
        driver.find_element(By.NAME, "password").send_keys(NEW_PASSWORD)
        driver.find_element(By.NAME, "password_again").send_keys(NEW_PASSWORD)
        submit(driver)
        save(driver, f"reset-done-{suffix}")
        driver.get(link)
        save(driver, f"reset-used-{suffix}")
        # A status change refused on the enrolment's own page: the message beside the reason, the choice kept.
        login(driver, "staff.hanbit2@ieum.demo")
        driver.get(BASE + "/enrollments?q=" + "")
        rows = [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "table a[href*='/enrollments/']")]
        for href in rows[:10]:
            driver.get(href)
            select = driver.find_elements(By.NAME, "to")
            if select and any(o.get_attribute("value") == "dropped" for o in Select(select[0]).options):
                Select(select[0]).select_by_value("dropped")
                driver.find_element(By.CSS_SELECTOR, "form.form button[type=submit]").click()
                save(driver, f"enrollment-refused-{suffix}")
                break
        else:
            print("no enrolment that can be dropped among", rows[:10])
        driver.quit()


if __name__ == "__main__":
    main()
