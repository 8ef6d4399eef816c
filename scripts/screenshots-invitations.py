#!/usr/bin/env python3
"""The invitation flow in headless Chromium at phone and desktop width: campus staff enrol an address their academy
does not know, see the invitation list; the invited applicant finds it on their home page and accepts; someone with
no password opens the e-mailed link. Needs a running demo (make run) and its SQLite file for the e-mailed link,
chromium and chromium-driver from Debian, selenium from PyPI.
Usage: scripts/screenshots-invitations.py [BASE_URL] [OUT_DIR] [SQLITE_FILE]
"""
import os, sqlite3, sys
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select
from screenshots import browser, login

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8080"
OUT = sys.argv[2] if len(sys.argv) > 2 else "screenshots"
DB = sys.argv[3] if len(sys.argv) > 3 else "data/ieum.sqlite"
os.makedirs(OUT, exist_ok=True)
import screenshots
screenshots.BASE = BASE


def save(driver, name):
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(driver.get_window_size()["width"], min(max(height + 140, 600), 4000))
    driver.save_screenshot(os.path.join(OUT, name + ".png"))
    print("saved", name)


def invite(driver, cohort, email, name):
    driver.get(f"{BASE}/enrollments/new?cohort_id={cohort}")
    driver.find_element(By.NAME, "person_email").send_keys(email)
    driver.find_element(By.NAME, "person_name").send_keys(name)
    Select(driver.find_element(By.NAME, "state")).select_by_value("enrolled")
    driver.find_element(By.CSS_SELECTOR, "form.form button[type=submit]").click()


def main():
    db = sqlite3.connect(DB)
    cohort = db.execute("""select c.id from cohorts c join role_grants g on g.campus_id = c.campus_id join people p on p.id = g.person_id
                           where p.email = 'staff.hanbit2@ieum.demo' and c.starts_on <= date('now') and c.ends_on >= date('now')""").fetchone()[0]
    stranger = db.execute("""select p.email from people p join enrollments e on e.person_id = p.id join operators o on o.id = e.operator_id
                             where p.password_hash is null and o.name not like '%한빛%' limit 1""").fetchone()[0]
    for width, height, suffix in [(390, 844, "phone"), (1280, 900, "desktop")]:
        driver = browser(width, height)
        login(driver, "staff.hanbit2@ieum.demo")
        driver.get(f"{BASE}/enrollments/new?cohort_id={cohort}")
        driver.find_element(By.NAME, "person_email").send_keys("applicant@ieum.demo")
        save(driver, f"invite-form-{suffix}")
        invite(driver, cohort, "applicant@ieum.demo", "최지원")
        save(driver, f"invite-sent-{suffix}")
        invite(driver, cohort, stranger, "김선우")
        driver.get(f"{BASE}/cohorts/{cohort}/invitations")
        save(driver, f"invite-list-{suffix}")
        driver.quit()
    link = db.execute("""select m.link from outbox_messages m join people p on p.id = m.person_id
                         where p.email = ? and m.link like '%/invitations/claim%' order by m.id desc""", (stranger,)).fetchone()[0]
    for width, height, suffix in [(390, 844, "phone"), (1280, 900, "desktop")]:
        driver = browser(width, height)
        login(driver, "applicant@ieum.demo")
        driver.get(BASE + "/")
        save(driver, f"invited-home-{suffix}")
        driver.get(BASE + "/invitations")
        save(driver, f"invited-list-{suffix}")
        driver.delete_all_cookies()
        driver.get(link)
        save(driver, f"invited-link-{suffix}")
        driver.quit()
    # The applicant accepts (once), and the staff's list shows it.
    driver = browser(390, 844)
    login(driver, "applicant@ieum.demo")
    driver.get(BASE + "/invitations")
    driver.find_element(By.CSS_SELECTOR, "form[action$='/accept'] button").click()
    save(driver, "invited-accepted-phone")
    login(driver, "staff.hanbit2@ieum.demo")
    driver.get(f"{BASE}/cohorts/{cohort}/invitations")
    save(driver, "invite-list-after-accept-phone")
    driver.quit()


if __name__ == "__main__":
    main()
