#!/usr/bin/env python3
"""Screenshots of results and review (issue 22): the demo trainee types three programs into the browser form
(the browser sends CRLF line ends), waits on the page until grading is done, and reads a wrong answer on a
sample and a runtime error on a phone; the demo mentor opens the home page (the review queue), comments on
lines 1-4 of the form-submitted program (one a range), reads the diff between two attempts, and saves a review.
Usage: scripts/screenshots-review.py [BASE_URL] [OUT_DIR] (a running demo, `make run`)."""
import os, sys, time
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

sys.path.insert(0, os.path.dirname(__file__))
import screenshots as s

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8080"
OUT = sys.argv[2] if len(sys.argv) > 2 else "screenshots"
s.BASE, s.OUT = BASE, OUT
os.makedirs(OUT, exist_ok=True)

PROGRAMS = {
    # Prints the last position of the maximum: wrong on the sample.
    "wrong": "n = int(input())\nxs = list(map(int, input().split()))\nm = max(xs)\nprint(m, len(xs) - xs[::-1].index(m))",
    "right": "n = int(input())\nxs = list(map(int, input().split()))\nm = max(xs)\nprint(m, xs.index(m) + 1)",
    "crash": "n = int(input())\nxs = list(map(int, input().split()))\nprint(xs[n])",
}


def hand_in(driver, assignment, source):
    driver.get(assignment)
    Select(driver.find_element(By.NAME, "language")).select_by_value("python3")
    box = driver.find_element(By.NAME, "source")
    box.clear()
    box.send_keys(source)
    box.find_element(By.XPATH, "ancestor::form").find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    # The page follows grading by itself; wait until it shows the result.
    for _ in range(120):
        if "/submissions/" in driver.current_url and not driver.find_elements(By.CSS_SELECTOR, "[data-follow]"):
            return driver.current_url
        time.sleep(0.5)
    raise SystemExit("grading did not finish: " + driver.current_url)


def main():
    driver = s.browser(390, 900)
    try:
        s.login(driver, "trainee@ieum.demo")
        driver.get(BASE + "/assignments")
        assignment = next(a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "main a[href^='/assignments/']")
                          if "최댓값과 위치" in a.text)
        urls = {name: hand_in(driver, assignment, source) for name, source in PROGRAMS.items()}
        driver.get(urls["wrong"])
        s.full_page(driver, "result-wrong-sample-phone.png")
        driver.set_window_size(390, 900)
        driver.get(urls["crash"])
        s.full_page(driver, "result-runtime-error-phone.png")
    finally:
        driver.quit()
    driver = s.browser(1280, 900)
    try:
        s.login(driver, "mentor.hanbit21@ieum.demo")
        driver.get(BASE + "/")
        s.full_page(driver, "mentor-home-desktop.png")
        driver.set_window_size(1280, 900)
        for line, end, body in [("1", "", "n은 쓰지 않으니 input()만 해도 됩니다."),
                                ("2", "3", "이 두 줄은 좋습니다. 최댓값을 한 번만 구하는 것도 깔끔합니다."),
                                ("4", "", "뒤에서부터 찾고 있어요. 처음 나온 위치를 출력해야 합니다.")]:
            driver.get(urls["wrong"])
            driver.find_element(By.NAME, "line").send_keys(line)
            if end:
                driver.find_element(By.NAME, "line_end").send_keys(end)
            driver.find_element(By.CSS_SELECTOR, "form[action$='/comments'] textarea[name=body]").send_keys(body)
            driver.find_element(By.CSS_SELECTOR, "form[action$='/comments'] button[type=submit]").click()
            time.sleep(0.3)
        driver.find_element(By.NAME, "score").send_keys("70")
        driver.find_element(By.CSS_SELECTOR, "form[action$='/review'] textarea[name=feedback]").send_keys("접근은 맞습니다. 위치 규칙만 고치면 됩니다.")
        driver.find_element(By.CSS_SELECTOR, "form[action$='/review'] button[type=submit]").click()
        time.sleep(0.3)
        driver.get(urls["wrong"])
        s.full_page(driver, "review-lines-1-4-desktop.png")
        driver.set_window_size(1280, 900)
        right_id, wrong_id = urls["right"].rsplit("/", 1)[1], urls["wrong"].rsplit("/", 1)[1]
        driver.get(f"{BASE}/submissions/{right_id}/diff?against={wrong_id}")
        s.full_page(driver, "review-diff-desktop.png")
    finally:
        driver.quit()
    driver = s.browser(390, 900)
    try:
        s.login(driver, "mentor.hanbit21@ieum.demo")
        driver.get(BASE + "/")
        s.full_page(driver, "mentor-home-phone.png")
    finally:
        driver.quit()


if __name__ == "__main__":
    main()
