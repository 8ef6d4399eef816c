#!/usr/bin/env python3
"""The browser suite (issue 24): headless Chromium, driven by Selenium, walks each role's main task on the demo
program and asserts what the person sees; then crawls every role's pages one level deep, with the language switch
on each, and fails on any answer that is not 2xx.

Run by scripts/browser.sh, which starts the demo on a training day at 15:30 KST in a fresh folder.
Usage: scripts/browser_suite.py BASE_URL DATA_DIR
"""
import base64, glob, http.cookiejar, json, os, re, sys, time, urllib.error, urllib.parse, urllib.request
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

sys.path.insert(0, os.path.dirname(__file__))
import screenshots as s

BASE, DATA = sys.argv[1], sys.argv[2]
s.BASE = BASE
ROLES = ["pm@ieum.demo", "admin.hanbit@ieum.demo", "staff.hanbit2@ieum.demo", "mentor.hanbit21@ieum.demo",
         "trainee@ieum.demo", "applicant@ieum.demo", "hr@changwon-factory.demo"]
failures = []


def check(condition, what):
    print(("  ok   " if condition else "  FAIL ") + what)
    if not condition:
        failures.append(what)


def api(path, token=None, body=None):
    req = urllib.request.Request(BASE + path, data=json.dumps(body).encode() if body is not None else None,
                                 headers={"Content-Type": "application/json", **({"Authorization": "Bearer " + token} if token else {})})
    return json.load(urllib.request.urlopen(req))


def token(email):
    return api("/api/v1/auth/token", body={"email": email, "password": s.PASSWORD})["token"]


def wait_for(driver, condition, seconds=30):
    try:
        WebDriverWait(driver, seconds, poll_frequency=0.5, ignored_exceptions=(Exception,)).until(lambda d: condition(d))
        return True
    except Exception:
        return False


def main_text(driver):
    return driver.find_element(By.TAG_NAME, "main").text


def campus_code():
    """The current code of the screen at trainee@'s campus, as its staff would show it."""
    staff = token("staff.hanbit2@ieum.demo")
    cohort = api("/api/v1/me/attendance", token=token("trainee@ieum.demo"))["cohort_id"]
    campus = api(f"/api/v1/cohorts/{cohort}", token=staff)["campus_id"]
    return api(f"/api/v1/campuses/{campus}/check-in-code", token=staff)


def trainee_checks_out_early_and_takes_it_back():
    print("trainee: an early check-out asks first and can be taken back")
    code = campus_code()
    d = s.browser(390, 844)
    try:
        s.login(d, "trainee@ieum.demo")
        d.get(BASE + "/check-in?code=" + urllib.parse.quote(code["code"]))
        d.find_element(By.CSS_SELECTOR, "button[value='check_out']").click()
        wait_for(d, lambda d: "그래도 퇴실하기" in main_text(d) or "완료" in main_text(d), 20)
        text = main_text(d)
        check("조퇴" in text and "18:00" in text and "그래도 퇴실하기" in text, "the question names 조퇴, the end of the day and the way on")
        check("퇴실 완료" not in text, "nothing is recorded by the question")
        # The language switch on the question asks it again in the other language, and back.
        d.find_element(By.CSS_SELECTOR, "button.lang").click()
        check(wait_for(d, lambda d: "Check out anyway" in main_text(d), 20), "switched to English, the question is asked in English")
        check("early leave" in main_text(d), "and still names the early leave")
        d.find_element(By.CSS_SELECTOR, "button.lang").click()
        check(wait_for(d, lambda d: "그래도 퇴실하기" in main_text(d), 20), "and back in Korean, nothing recorded on the way")
        d.find_element(By.CSS_SELECTOR, "button.danger").click()
        check(wait_for(d, lambda d: "퇴실 완료" in main_text(d), 20), "confirmed, the check-out is recorded")
        d.find_element(By.XPATH, "//button[contains(., '되돌리기')]").click()
        check(wait_for(d, lambda d: "withdrawn=check_out" in d.current_url, 20) and "되돌렸습니다" in main_text(d), "taken back, the page says so")
        today = d.find_element(By.CSS_SELECTOR, "ul.scan-list").text
        check("퇴실" not in today and "입실" in today, "today's list no longer holds the check-out")
    finally:
        d.quit()


def scanned_code_survives_login():
    print("trainee: a code scanned while logged out opens after the login")
    code = campus_code()
    d = s.browser(390, 844)
    try:
        d.get(BASE + "/check-in?code=" + urllib.parse.quote(code["code"]))
        check("/login" in d.current_url, "a logged-out phone is asked to log in")
        d.find_element(By.NAME, "email").send_keys("trainee@ieum.demo")
        d.find_element(By.NAME, "password").send_keys(s.PASSWORD)
        d.find_element(By.CSS_SELECTOR, "main button[type=submit]").click()
        wait_for(d, lambda d: "/check-in" in d.current_url)
        check("/check-in?code=" in d.current_url, "after the login the check-in page opens with the code")
        check(len(d.find_elements(By.CSS_SELECTOR, "button[value='check_in']")) == 1, "and offers the scan buttons")
    finally:
        d.quit()


def roster_updates_without_reload():
    print("campus staff: the live roster follows a scan without a reload")
    d = s.browser(1280, 900)
    try:
        s.login(d, "staff.hanbit2@ieum.demo")
        trainee = token("trainee@ieum.demo")
        cohort = api("/api/v1/me/attendance", token=trainee)["cohort_id"]
        d.get(BASE + "/")
        roster = d.find_element(By.CSS_SELECTOR, f"main a[href='/cohorts/{cohort}/roster']").get_attribute("href")
        d.get(roster)
        d.execute_script("document.body.setAttribute('data-kept', 'yes')")
        name = api("/api/v1/me", token=trainee)["name"]
        code = campus_code()
        api("/api/v1/check-ins", token=trainee, body={"code": code["code"], "kind": "go_out", "idempotency_key": "browser-suite-go-out-1"})
        def away(d):
            rows = [r.text for r in d.find_elements(By.CSS_SELECTOR, "#live-roster tbody tr")]
            return any(r.startswith(name) and "외출 중" in r for r in rows)
        check(wait_for(d, away, 40), f"{name} shows as 외출 중 within 40 seconds")
        check(d.execute_script("return document.body.getAttribute('data-kept')") == "yes", "the page was not reloaded")
        api("/api/v1/check-ins", token=trainee, body={"code": campus_code()["code"], "kind": "come_back", "idempotency_key": "browser-suite-back-1"})
    finally:
        d.quit()


def language_switch_on_a_form_error():
    print("trainee: switching language on a page shown after a refused form")
    d = s.browser(390, 844)
    try:
        s.login(d, "trainee@ieum.demo")
        d.get(BASE + "/attendance/corrections/new")
        d.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
        check(wait_for(d, lambda d: len(d.find_elements(By.CSS_SELECTOR, ".field-error, .error, [role=alert]")) > 0, 20),
              "the refused form shows its errors")
        d.find_element(By.CSS_SELECTOR, "a.lang").click()
        wait_for(d, lambda d: 'lang="en"' in d.page_source, 20)
        html = d.page_source
        check('lang="en"' in html, "the page is now in English")
        check("Not found" not in html and "찾을 수 없" not in html, "and not a 404")
        check(len(d.find_elements(By.CSS_SELECTOR, "a.who")) == 1, "still logged in")
    finally:
        d.quit()


def certificate_prints_without_the_menu():
    print("operator admin: a certificate prints without the site's menu")
    d = s.browser(1280, 900)
    try:
        s.login(d, "admin.hanbit@ieum.demo")
        # A closed cohort's completion results link each certificate it issued.
        d.get(BASE + "/cohorts")
        closed = [r.find_element(By.CSS_SELECTOR, "a").get_attribute("href") for r in d.find_elements(By.CSS_SELECTOR, "main tbody tr")
                  if "수료 처리 완료" in r.text]
        check(bool(closed), "the cohort list shows closed cohorts")
        if not closed:
            return
        d.get(closed[0] + "/completion")
        links = [a.get_attribute("href") for a in d.find_elements(By.CSS_SELECTOR, "main a[href*='/certificates/']")
                 if re.search(r"/certificates/[0-9a-f-]{36}$", a.get_attribute("href") or "")]
        check(bool(links), "its completion results link the certificates issued")
        if not links:
            return
        d.get(links[0])
        d.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
        hidden = d.execute_script("""return ['header.top', 'nav.main-nav', 'footer', 'p.notice', 'main > h1'].every(function (q) {
            var e = document.querySelector(q); return !e || getComputedStyle(e).display === 'none'; })""")
        check(hidden, "printed, the page has no header, menu, notice, footer or page title (the certificate has its own)")
        shown = d.execute_script("var c = document.querySelector('.certificate'); return !!c && getComputedStyle(c).display !== 'none'")
        check(shown, "and the certificate itself is printed")
        d.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    finally:
        d.quit()


def employer_rejects_and_the_applicant_is_told():
    print("employer: a rejection asks first, then reaches the applicant")
    d = s.browser(1280, 900)
    note = "브라우저 시험: 이번에는 경력자를 찾습니다. 다음 공고에 다시 지원해 주세요."
    try:
        s.login(d, "hr@changwon-factory.demo")
        d.get(BASE + "/")
        check("오늘 할 일" in main_text(d) and "첫 답을 기다리는 지원자" in main_text(d), "the home page says applicants wait for an answer")
        job = next(a.get_attribute("href") for a in d.find_elements(By.CSS_SELECTOR, "main a[href^='/jobs/']")
                   if re.search(r"/jobs/[0-9]+$", a.get_attribute("href")))
        d.get(job)
        # An applicant still waiting for a first answer: the next stages offered are interview or rejection.
        form = next(f for f in d.find_elements(By.CSS_SELECTOR, "form.stage")
                    if f.find_elements(By.CSS_SELECTOR, "option[value='rejected']") and f.find_elements(By.CSS_SELECTOR, "option[value='interview']"))
        Select(form.find_element(By.NAME, "to")).select_by_value("rejected")
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        wait_for(d, lambda d: "불합격으로 정합니다" in main_text(d), 20)
        text = main_text(d)
        check("불합격으로 정합니다" in text and "되돌릴 수 없습니다" in text, "the question says what will happen")
        d.find_element(By.ID, "f-note").send_keys(note)
        d.find_element(By.CSS_SELECTOR, "button.danger").click()
        check(wait_for(d, lambda d: d.current_url == job, 20), "confirmed, it goes back to the job")
    finally:
        d.quit()
    # Delivered: the outbox worker writes the mail (the demo's transport is a folder of .eml files).
    def delivered():
        for path in glob.glob(os.path.join(DATA, "outbox", "*.eml")):
            text = open(path, encoding="utf-8", errors="replace", newline="").read()
            body = text.split("\r\n\r\n", 1)[-1]
            try:
                if note in base64.b64decode("".join(body.split())).decode("utf-8", "replace"):
                    return True
            except Exception:
                continue
        return False
    deadline = time.time() + 90
    while not delivered() and time.time() < deadline:
        time.sleep(2)
    check(delivered(), "the applicant's mail with the employer's note was delivered")


def crawl():
    print("every role's pages, one level deep, with the language switch on each")
    bad = []
    for email in ROLES:
        d = s.browser(1280, 900)
        try:
            s.login(d, email)
            cookies = {c["name"]: c["value"] for c in d.get_cookies()}
        finally:
            d.quit()
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        header = "; ".join(f"{k}={v}" for k, v in cookies.items())

        def get(path):
            req = urllib.request.Request(BASE + path, headers={"Cookie": header})
            try:
                with opener.open(req, timeout=60) as res:
                    return res.status, res.read().decode("utf-8", "replace"), res.geturl()
            except urllib.error.HTTPError as e:
                return e.code, "", path

        def links(html):
            found = re.findall(r'<a [^>]*href="(/[^"#]*)"', html)
            return [l.replace("&amp;", "&") for l in found]

        status, home, _ = get("/")
        pages = ["/"] + [l for l in dict.fromkeys(links(home)) if not l.startswith("/logout")]
        seen = 0
        for path in pages:
            status, html, _ = get(path)
            seen += 1
            if not 200 <= status < 300:
                bad.append(f"{email} {path} → {status}")
                continue
            switch = re.search(r'<a class="lang" href="([^"]+)"', html)
            if switch:
                target = switch.group(1).replace("&amp;", "&")
                st, _, _ = get(target)
                seen += 1
                if not 200 <= st < 300:
                    bad.append(f"{email} {path} → language switch {target} → {st}")
        print(f"  {email}: {seen} answers")
        # The switch sets a cookie; go back to Korean for the next role's pages (a fresh login does anyway).
    for b in bad:
        print("   ", b)
    check(not bad, f"no answer other than 2xx ({len(bad)} found)")


if __name__ == "__main__":
    only = sys.argv[3:]
    for task in [trainee_checks_out_early_and_takes_it_back, scanned_code_survives_login, roster_updates_without_reload,
                 language_switch_on_a_form_error, certificate_prints_without_the_menu, employer_rejects_and_the_applicant_is_told, crawl]:
        if only and task.__name__ not in only:
            continue
        try:
            task()
        except Exception as e:
            check(False, f"{task.__name__} stopped: {type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}")
    print(f"browser suite: {len(failures)} failed")
    sys.exit(1 if failures else 0)
