#!/usr/bin/env python3
"""Screenshots of recruitment and selection (issue 6): the public catalogue and a course on a phone, the
application form with errors, the demo applicant's status page and coding test, the staff applications list
with the funnel, the demo mentor's blind review page, the Changwon intake's selection result and the
program's recruitment funnel.
Usage: scripts/screenshots-recruitment.py [BASE_URL] [OUT_DIR] (a running demo, `make run`)."""
import os, sys
from selenium.webdriver.common.by import By

sys.path.insert(0, os.path.dirname(__file__))
import screenshots as s

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8080"
OUT = sys.argv[2] if len(sys.argv) > 2 else "screenshots"
s.BASE, s.OUT = BASE, OUT
os.makedirs(OUT, exist_ok=True)


def first_link(driver, selector):
    return driver.find_element(By.CSS_SELECTOR, selector).get_attribute("href")


def main():
    phone = s.browser(390, 844)
    try:
        phone.get(BASE + "/apply")
        s.full_page(phone, "catalogue-phone.png")
        phone.get(first_link(phone, "main article h2 a"))
        s.full_page(phone, "catalogue-course-phone.png")
        # A new applicant signs up from the course page and sends the form half-filled.
        phone.get(BASE + "/apply")
        course = first_link(phone, "main article h2 a")
        cohort = course.rstrip("/").split("/")[-1]
        phone.get(BASE + "/signup?next=/apply/" + cohort + "/form")
        phone.find_element(By.NAME, "name").send_keys("스크린샷")
        phone.find_element(By.NAME, "email").send_keys("screenshot.applicant@example.kr")
        phone.find_element(By.NAME, "phone").send_keys("010-7777-1234")
        phone.find_element(By.NAME, "password").send_keys("a long enough demo passphrase")
        phone.find_element(By.CSS_SELECTOR, "form.form button[type=submit]").click()
        s.full_page(phone, "signup-sent-phone.png")
        # The demo sends no mail, so its page links to the confirmation; the password is typed once more.
        phone.get(phone.find_element(By.CSS_SELECTOR, "a[href^='/signup/confirm']").get_attribute("href"))
        phone.find_element(By.NAME, "password").send_keys("a long enough demo passphrase")
        phone.find_element(By.CSS_SELECTOR, "form.form button[type=submit]").click()
        phone.find_element(By.NAME, "birth_date").send_keys("2001-13-01")
        phone.find_element(By.CSS_SELECTOR, "button[value=submit]").click()
        s.full_page(phone, "application-form-errors-phone.png")
    finally:
        phone.quit()

    driver = s.browser(1280, 900)
    try:
        s.login(driver, "applicant@ieum.demo")
        driver.get(BASE + "/")
        s.full_page(driver, "applicant-home.png")
        driver.get(BASE + "/admissions")
        for link in [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "main table a")]:
            driver.get(link)
            if driver.find_elements(By.CSS_SELECTOR, "form[action$='/confirm']"):
                s.full_page(driver, "application-status-selected.png")
            elif driver.find_elements(By.CSS_SELECTOR, "a[href$='/test']"):
                s.full_page(driver, "application-status-test.png")
                driver.get(link + "/test")
                s.full_page(driver, "coding-test-before-start.png")

        s.login(driver, "mentor.hanbit21@ieum.demo")
        driver.get(BASE + "/admission-reviews")
        s.full_page(driver, "review-list.png")
        driver.get(first_link(driver, "main table a"))
        s.full_page(driver, "review-blind.png")

        # The Gwangju campus's staff start from their home page's list of cohorts recruiting.
        s.login(driver, "staff.hanbit2@ieum.demo")
        driver.get(BASE + "/")
        s.full_page(driver, "home-campus-staff-recruiting.png")
        admissions = first_link(driver, "main a[href$='/admissions']")
        driver.get(admissions)
        s.full_page(driver, "admissions-list.png")
        driver.get(admissions.replace("/admissions", "/recruitment"))
        s.full_page(driver, "recruitment-settings.png")

        s.login(driver, "pm@ieum.demo")
        driver.get(BASE + "/kpis/recruitment")
        s.full_page(driver, "recruitment-funnel-pm.png")

        s.login(driver, "admin.hanbit@ieum.demo")
        # The Changwon intake has run its selection; find it among the cohorts.
        driver.get(BASE + "/cohorts?q=2027-1")
        for link in [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "main table a[href^='/cohorts/']")]:
            driver.get(link + "/selection")
            if "applied=" in driver.current_url or driver.find_elements(By.CSS_SELECTOR, "form[action$='/selection/enroll']"):
                s.full_page(driver, "selection-result.png")
                break
    finally:
        driver.quit()


if __name__ == "__main__":
    main()
