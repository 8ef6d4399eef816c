#!/usr/bin/env python3
"""Screenshots of the program KPI pages (issue 4): the dashboard, an operator drill-down, a campus drill-down and
the annual report, as the program manager (suppressed) and as an operator admin (own academy), at phone and
desktop widths. Usage: scripts/screenshots-kpis.py [BASE_URL] [OUT_DIR] (a running demo, `make run`)."""
import os, sys
from selenium.webdriver.common.by import By

sys.path.insert(0, os.path.dirname(__file__))
import screenshots as s

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8080"
OUT = sys.argv[2] if len(sys.argv) > 2 else "screenshots"
s.BASE, s.OUT = BASE, OUT
os.makedirs(OUT, exist_ok=True)



def main():
    for width, suffix in [(390, "phone"), (1280, "desktop")]:
        driver = s.browser(width, 900)
        try:
            s.login(driver, "pm@ieum.demo")
            driver.get(BASE + "/kpis")
            s.full_page(driver, f"kpi-dashboard-pm-{suffix}.png")
            operator = driver.find_element(By.CSS_SELECTOR, "main a[href^='/kpis/operators/']").get_attribute("href")
            driver.set_window_size(width, 900)
            driver.get(operator)
            s.full_page(driver, f"kpi-operator-{suffix}.png")
            campus = driver.find_element(By.CSS_SELECTOR, "main a[href^='/kpis/campuses/']").get_attribute("href")
            driver.set_window_size(width, 900)
            driver.get(campus)
            s.full_page(driver, f"kpi-campus-{suffix}.png")
            driver.set_window_size(width, 900)
            driver.get(BASE + "/kpis/report?year=2025")
            s.full_page(driver, f"kpi-report-{suffix}.png")
        finally:
            driver.quit()
    driver = s.browser(1280, 900)
    try:
        s.login(driver, "admin.hanbit@ieum.demo")
        driver.get(BASE + "/kpis")
        s.full_page(driver, "kpi-dashboard-operator-desktop.png")
    finally:
        driver.quit()


if __name__ == "__main__":
    main()
