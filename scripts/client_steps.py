"""The README's API steps, run through a client that openapi-python-client generated from /api/v1/openapi.json
(scripts/client.sh): log in, list cohorts, check in, hand in code and read its verdict. Every answer is parsed
by the generated models, so a field the document promises and the server leaves out fails here.
Usage: client_steps.py BASE_URL  (with the generated package `ieum_client` on PYTHONPATH)"""
import sys
import time
import uuid

from ieum_client import AuthenticatedClient, Client
from ieum_client.api.assignments import (get_cohorts_id_assignments, get_submissions_submission_id,
                                         post_assignments_assignment_id_submissions)
from ieum_client.api.attendance import get_campuses_id_check_in_code, get_me_attendance, post_check_ins
from ieum_client.api.auth import get_me, post_auth_token
from ieum_client.api.cohorts import get_cohorts, get_cohorts_id
from ieum_client.models import (AssignmentOutput, AttendanceOutput, CheckInCodeOutput, CohortOutput, Error,
                                HomeControllerMe, ListPageOfCohortOutput, LoginControllerTokenResponse,
                                PostAssignmentsAssignmentIdSubmissionsBody, PostAuthTokenBody, PostCheckInsJsonBody,
                                SubmissionOutput)

base = sys.argv[1]
PASSWORD = "ieum-demo-2026!"


def expect(answer, model, step):
    if not isinstance(answer.parsed, model):
        sys.exit(f"client: {step}: HTTP {answer.status_code}, not a {model.__name__}: {answer.content[:300]!r}")
    return answer.parsed


def log_in(email):
    answer = post_auth_token.sync_detailed(client=Client(base_url=base), body=PostAuthTokenBody(email=email, password=PASSWORD))
    token = expect(answer, LoginControllerTokenResponse, f"log in as {email}").token
    client = AuthenticatedClient(base_url=base, token=token, raise_on_unexpected_status=True)
    me = expect(get_me.sync_detailed(client=client), HomeControllerMe, "who am I")
    print(f"client: logged in as {me.email} ({', '.join(str(grant.role) for grant in me.roles)})")
    return client


# 1. Log in (an operator's admin and a trainee of that operator).
manager = log_in("admin.hanbit@ieum.demo")
trainee = log_in("trainee@ieum.demo")

# 2. List cohorts, and find the trainee's.
page = expect(get_cohorts.sync_detailed(client=manager), ListPageOfCohortOutput, "list cohorts")
print(f"client: {page.total} cohorts, the first: {page.items[0].name}")
attendance = expect(get_me_attendance.sync_detailed(client=trainee), AttendanceOutput, "my attendance")
cohort = expect(get_cohorts_id.sync_detailed(attendance.cohort_id, client=manager), CohortOutput, "the trainee's cohort")

# 3. Check in with the code the campus screen shows (a training day, a day off or out of hours all have documented answers).
code = expect(get_campuses_id_check_in_code.sync_detailed(cohort.campus_id, client=manager), CheckInCodeOutput, "check-in code")
scan = post_check_ins.sync_detailed(client=trainee, body=PostCheckInsJsonBody.from_dict({"code": code.code, "kind": "check_in", "idempotency_key": str(uuid.uuid4())}))
if scan.status_code in (200, 201):
    print(f"client: checked in ({scan.status_code})")
else:
    refusal = expect(scan, Error, "check in")
    print(f"client: check-in refused as documented ({scan.status_code} {refusal.error.code}: {refusal.error.message})")

# 4. Hand in code for one of the cohort's assignments and wait for its verdict.
assignments = get_cohorts_id_assignments.sync_detailed(cohort.id, client=trainee).parsed
if not isinstance(assignments, list) or not all(isinstance(a, AssignmentOutput) for a in assignments):
    sys.exit("client: the cohort's assignments did not parse")
open_ones = [a for a in assignments if "python3" in [str(l) for l in a.languages]]
if not open_ones:
    sys.exit("client: the demo cohort has no Python assignment to hand in")
assignment = open_ones[0]
answer = post_assignments_assignment_id_submissions.sync_detailed(
    assignment.id, client=trainee,
    body=PostAssignmentsAssignmentIdSubmissionsBody.from_dict({"language": "python3", "source": "print(sum(map(int, open(0).read().split())))\n"}))
if answer.status_code != 202:
    refusal = expect(answer, Error, "hand in")
    sys.exit(f"client: hand-in refused: {answer.status_code} {refusal.error.code}: {refusal.error.message}")
submission = expect(answer, SubmissionOutput, "hand in")
for _ in range(120):
    submission = expect(get_submissions_submission_id.sync_detailed(submission.id, client=trainee), SubmissionOutput, "read the submission")
    if str(submission.state) not in ("queued", "running"):
        break
    time.sleep(1)
else:
    sys.exit("client: no verdict within two minutes")
print(f"client: '{assignment.title}' graded: {submission.state}, verdict {submission.verdict}, {submission.passed}/{submission.total} tests")
print("client: the README's API steps ran through the generated client")
