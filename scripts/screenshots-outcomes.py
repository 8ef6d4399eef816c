#!/usr/bin/env python3
"""Screenshots of outcomes (issue 7): closing a cohort as the demo operator admin (proposals, an override without
a reason, the closed result), a certificate, the public verification page, and as the demo employer a job with
its applicants and recommended graduates, and a graduate's profile. Usage: scripts/screenshots-outcomes.py [BASE_URL] [OUT_DIR] (a running demo, `make run`)."""
import os, sys
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

sys.path.insert(0, os.path.dirname(__file__))
import screenshots as s

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8080"
OUT = sys.argv[2] if len(sys.argv) > 2 else "screenshots"
s.BASE, s.OUT = BASE, OUT
os.makedirs(OUT, exist_ok=True)


def open_cohort_to_close(driver):
    """The demo leaves one ended cohort of the first academy open: find it by its completion form."""
    driver.get(BASE + "/cohorts?year=2026")
    for link in [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "main table a[href^='/cohorts/']")]:
        driver.get(link + "/completion")
        if driver.find_elements(By.CSS_SELECTOR, "form[action$='/completion']"):
            return link
    raise SystemExit("no cohort is waiting to be closed")


def main():
    driver = s.browser(1280, 900)
    try:
        s.login(driver, "admin.hanbit@ieum.demo")
        cohort = open_cohort_to_close(driver)
        s.full_page(driver, "completion-proposals-desktop.png")
        driver.set_window_size(1280, 900)
        # Decide one proposed "not completed" trainee as completed, without the reason that needs.
        selects = [Select(e) for e in driver.find_elements(By.CSS_SELECTOR, "select[name^='outcome_']")]
        against = next(sel for sel in selects if sel.first_selected_option.get_attribute("value") == "not_completed")
        name = against._el.get_attribute("name")
        against.select_by_value("completed")
        driver.find_element(By.CSS_SELECTOR, "form[action$='/completion'] button[type=submit]").click()
        driver.execute_script(f"document.getElementsByName('{name}')[0].scrollIntoView({{block:'center'}})")
        driver.save_screenshot(os.path.join(OUT, "completion-override-error-desktop.png"))
        driver.find_element(By.NAME, name.replace("outcome_", "reason_")).send_keys("병원 입원 증빙 제출 — 공가 처리 누락 확인")
        driver.find_element(By.CSS_SELECTOR, "form[action$='/completion'] button[type=submit]").click()
        s.full_page(driver, "completion-closed-desktop.png")
        driver.set_window_size(1280, 900)
        certificate = driver.find_element(By.CSS_SELECTOR, "main a[href^='/certificates/']").get_attribute("href")
        driver.get(certificate)
        s.full_page(driver, "certificate-desktop.png")
    finally:
        driver.quit()
    driver = s.browser(500, 900)
    try:
        verify = certificate.replace("/certificates/", "/verify/")
        driver.get(verify)
        s.full_page(driver, "verification-phone.png")
        driver.set_window_size(500, 900)
        driver.get(BASE + "/verify")
        driver.find_element(By.NAME, "credential").send_keys("eyJhbGciOiJFZERTQSJ9.e30.AAAA")
        driver.find_element(By.CSS_SELECTOR, "form[action='/verify'] button[type=submit]").click()
        s.full_page(driver, "verification-failed-phone.png")
    finally:
        driver.quit()
    driver = s.browser(1280, 900)
    try:
        s.login(driver, "hr@changwon-factory.demo")
        driver.get(BASE + "/jobs")
        s.full_page(driver, "jobs-employer-desktop.png")
        driver.set_window_size(1280, 900)
        # The posting with applicants at every stage.
        rows = driver.find_elements(By.CSS_SELECTOR, "main table tbody tr")
        busiest = max(rows, key=lambda r: int("".join(ch for ch in r.find_elements(By.TAG_NAME, "td")[-1].text if ch.isdigit()) or 0))
        busiest_job = busiest.find_element(By.CSS_SELECTOR, "a[href^='/jobs/']").get_attribute("href")
        driver.get(busiest_job)
        s.full_page(driver, "job-recommendations-desktop.png")
        # A posting that the Changwon campus's own graduates fit: they rank first (the region where they trained).
        driver.get(BASE + "/jobs")
        cloud = [a for a in driver.find_elements(By.CSS_SELECTOR, "main table a[href^='/jobs/']") if "클라우드" in a.text][0]
        cloud_job = cloud.get_attribute("href")
        driver.get(cloud_job)
        s.full_page(driver, "job-regional-recommendations-desktop.png")
        driver.get(busiest_job)
        driver.set_window_size(500, 900)
        graduates = driver.find_elements(By.CSS_SELECTOR, "main a[href^='/graduates/']")
        driver.get(graduates[-1].get_attribute("href"))
        s.full_page(driver, "graduate-profile-employer-phone.png")
    finally:
        driver.quit()
    driver = s.browser(1280, 900)
    try:
        s.login(driver, "pm@ieum.demo")
        driver.get(BASE + "/matching")
        driver.find_element(By.CSS_SELECTOR, "form[action='/matching'] button[type=submit]").click()
        s.full_page(driver, "matching-round-desktop.png")
        s.login(driver, "admin.hanbit@ieum.demo")
        driver.set_window_size(1280, 900)
        driver.get(BASE + "/employment/follow-ups")
        s.full_page(driver, "employment-follow-ups-desktop.png")
    finally:
        driver.quit()


if __name__ == "__main__":
    main()
