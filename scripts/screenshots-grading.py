#!/usr/bin/env python3
"""Screenshots of coding assignments (issue 5): the assignment page and a submission result as the demo trainee on a
phone, the review page with a line comment as the demo mentor, the review queue, and the gradebook as campus staff.
Usage: scripts/screenshots-grading.py [BASE_URL] [OUT_DIR] (a running demo, `make run`)."""
import os, sys, time
from selenium.webdriver.common.by import By

sys.path.insert(0, os.path.dirname(__file__))
import screenshots as s

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8080"
OUT = sys.argv[2] if len(sys.argv) > 2 else "screenshots"
s.BASE, s.OUT = BASE, OUT
os.makedirs(OUT, exist_ok=True)



def main():
    driver = s.browser(390, 900)
    try:
        s.login(driver, "trainee@ieum.demo")
        driver.get(BASE + "/assignments")
        s.full_page(driver, "assignments-list-phone.png")
        driver.set_window_size(390, 900)
        # The open assignment whose deadline is nearest.
        links = driver.find_elements(By.CSS_SELECTOR, "main a[href^='/assignments/']")
        driver.get(links[1].get_attribute("href"))
        s.full_page(driver, "assignment-phone.png")
        driver.set_window_size(390, 900)
        result = driver.find_element(By.CSS_SELECTOR, "main a[href^='/submissions/']").get_attribute("href")
        driver.get(result)
        s.full_page(driver, "submission-result-phone.png")
    finally:
        driver.quit()
    driver = s.browser(1280, 900)
    try:
        s.login(driver, "mentor.hanbit21@ieum.demo")
        driver.get(BASE + "/reviews")
        s.full_page(driver, "review-queue-desktop.png")
        driver.set_window_size(1280, 900)
        first = driver.find_element(By.CSS_SELECTOR, "main a[href^='/submissions/']").get_attribute("href")
        driver.get(first)
        driver.find_element(By.NAME, "line").send_keys("2")
        driver.find_element(By.NAME, "body").send_keys("입력을 한 번에 나누어 받는 방법이 깔끔합니다. 음수도 확인해 보세요.")
        driver.find_element(By.CSS_SELECTOR, "form[action$='/comments'] button[type=submit]").click()
        time.sleep(0.5)
        s.full_page(driver, "review-page-desktop.png")
    finally:
        driver.quit()
    driver = s.browser(1280, 900)
    try:
        s.login(driver, "staff.hanbit2@ieum.demo")
        driver.get(BASE + "/cohorts")
        # The campus's running cohort is the one with assignments.
        for link in [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "main a[href^='/cohorts/']")]:
            driver.get(link + "/gradebook")
            if driver.find_elements(By.CSS_SELECTOR, "table.gradebook thead th a"):
                break
        s.full_page(driver, "gradebook-desktop.png")
    finally:
        driver.quit()


if __name__ == "__main__":
    main()
