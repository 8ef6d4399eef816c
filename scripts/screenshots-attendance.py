#!/usr/bin/env python3
"""Screenshots of the attendance pages (issue 3): the trainee's phone check-in, their attendance, the campus QR
screen, the live roster, the cohort matrix, corrections and the program overview.

Needs the demo on a training day, e.g.
  IEUM_CLOCK_OFFSET=$(( $(date -d '2026-11-30 09:20 +0900' +%s) - $(date +%s) )) ieum serve --demo --port 8095
Usage: scripts/screenshots-attendance.py [BASE_URL] [OUT_DIR]
"""
import json, os, sys, urllib.request
from selenium.webdriver.common.by import By

sys.path.insert(0, os.path.dirname(__file__))
import screenshots as s

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8095"
OUT = sys.argv[2] if len(sys.argv) > 2 else "screenshots"
s.BASE, s.OUT = BASE, OUT
os.makedirs(OUT, exist_ok=True)


def api(path, token=None, body=None):
    req = urllib.request.Request(BASE + path, data=json.dumps(body).encode() if body else None,
                                 headers={"Content-Type": "application/json", **({"Authorization": "Bearer " + token} if token else {})})
    return json.load(urllib.request.urlopen(req))


def first_link(driver, path, suffix):
    driver.get(BASE + path)
    return driver.find_element(By.CSS_SELECTOR, f"main a[href$='{suffix}']").get_attribute("href").replace(BASE, "")


def main():
    staff = api("/api/v1/auth/token", body={"email": "staff.hanbit2@ieum.demo", "password": s.PASSWORD})["token"]
    for width, height, suffix in [(390, 844, "phone"), (1280, 900, "desktop")]:
        driver = s.browser(width, height)
        try:
            s.login(driver, "staff.hanbit2@ieum.demo")
            roster = first_link(driver, "/", "/roster")
            matrix = first_link(driver, "/", "/attendance")
            screen = first_link(driver, "/", "/check-in-screen")
            for path, name in [(roster, "attendance-roster"), (matrix, "attendance-matrix"), (screen, "attendance-qr-screen"),
                               ("/attendance/corrections", "attendance-corrections")]:
                driver.set_window_size(width, height)
                s.shot(driver, path, f"{name}-{suffix}", full=name != "attendance-qr-screen")
            campus = screen.split("/")[2]
            code = api(f"/api/v1/campuses/{campus}/check-in-code", token=staff)
            s.login(driver, "trainee@ieum.demo")
            for path, name in [("/", "trainee-home"), ("/attendance", "trainee-attendance"),
                               ("/check-in?code=" + code["code"], "trainee-check-in"), ("/attendance/corrections/new", "trainee-correction-form")]:
                driver.set_window_size(width, height)
                s.shot(driver, path, f"{name}-{suffix}")
            driver.get(BASE + "/check-in?code=" + code["code"])
            driver.find_element(By.CSS_SELECTOR, "button.primary").click()
            driver.save_screenshot(os.path.join(OUT, f"trainee-checked-in-{suffix}.png"))
            print("saved", f"trainee-checked-in-{suffix}")
            s.login(driver, "pm@ieum.demo")
            driver.set_window_size(width, height)
            s.shot(driver, "/attendance/overview", f"attendance-overview-{suffix}")
        finally:
            driver.quit()


if __name__ == "__main__":
    main()
