@testable import App
import Fluent
import Foundation
import IeumCore
import Testing
import Vapor
import VaporTesting

extension Application {
    /// Shortens cohort A to four weeks from Monday 2026-10-26 (20 training days, one unit period) and lays it out.
    func shortCohort(_ f: Fixture) async throws -> Cohort {
        let cohort = try await Cohort.find(f.cohortA.id, on: db)!
        cohort.startsOn = "2026-10-26"
        cohort.endsOn = "2026-11-20"
        try await cohort.save(on: db)
        try await schedule(cohort)
        return cohort
    }

    /// A scan written straight into the ledger, as a phone would have made it at `time` (KST) on `day`.
    func scan(_ f: Fixture, _ day: String, _ kind: ScanKind, _ time: String) async throws {
        let at = KoreanFormats.startOfDay(Day(day)!).addingTimeInterval(Double(TrainingCalendar.minute(time)! * 60))
        _ = try await scanWriter.write(NewScan(
            enrollmentID: f.enrollmentA.id!, personID: f.traineeA.id!, cohortID: f.cohortA.id!, campusID: f.campusA.id!,
            operatorID: f.operatorA.id!, day: day, kind: kind.rawValue, at: at, source: .qr, manualReason: nil, recordedBy: nil,
            correctionID: nil, codeWindow: nil, idempotencyKey: UUID().uuidString))
    }

    func json<T: Decodable & Sendable>(_ path: String, token: String, as type: T.Type) async throws -> T {
        var out: T?
        try await testing().test(.GET, path, headers: bearer(token)) { res in
            #expect(res.status == .ok, "GET \(path)")
            out = try res.content.decode(T.self)
        }
        return out!
    }
}

/// A multipart body as a browser sends a form with a file.
func multipart(_ fields: [String: String], file: (name: String, type: String, data: Data)?, field: String = "evidence",
               boundary: String = "ieumBoundary42") -> (HTTPHeaders, ByteBuffer) {
    var body = Data()
    for (k, v) in fields {
        body += Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(k)\"\r\n\r\n\(v)\r\n".utf8)
    }
    if let file {
        body += Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(field)\"; filename=\"\(file.name)\"\r\nContent-Type: \(file.type)\r\n\r\n".utf8)
        body += file.data + Data("\r\n".utf8)
    }
    body += Data("--\(boundary)--\r\n".utf8)
    var headers = HTTPHeaders()
    headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
    return (headers, ByteBuffer(data: body))
}

let pngEvidence = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) + Data(repeating: 7, count: 100)

@Suite("Attendance ledger")
struct AttendanceLedgerTests {
    @Test("the matrix and the trainee's own view apply the rules: late, absent without check-out, outing, at risk")
    func matrix() async throws {
        try await withApp { app, f, _ in
            _ = try await app.shortCohort(f)
            try await app.scan(f, "2026-10-26", .checkIn, "08:55"); try await app.scan(f, "2026-10-26", .checkOut, "18:01")
            try await app.scan(f, "2026-10-27", .checkIn, "09:10"); try await app.scan(f, "2026-10-27", .checkOut, "18:00")
            try await app.scan(f, "2026-10-29", .checkIn, "09:00") // never checked out
            try await app.scan(f, "2026-10-30", .checkIn, "09:00"); try await app.scan(f, "2026-10-30", .goOut, "14:00")
            try await app.scan(f, "2026-10-30", .comeBack, "14:30"); try await app.scan(f, "2026-10-30", .checkOut, "18:00")
            try await app.scan(f, "2026-11-02", .checkIn, "08:59")
            let staff = try await app.token(f.staffA.email)
            let m = try await app.json("/api/v1/cohorts/\(f.cohortA.id!)/attendance?month=2026-10", token: staff, as: MatrixOutput.self)
            #expect(m.days == ["2026-10-26", "2026-10-27", "2026-10-28", "2026-10-29", "2026-10-30"])
            let row = try #require(m.trainees.first)
            #expect(row.days == ["2026-10-26": "present", "2026-10-27": "late", "2026-10-28": "absent", "2026-10-29": "absent", "2026-10-30": "outing"])
            // 20 training days, 2 absences, 2 marks (not yet 3): 90%; completion needs 16, so 2 to spare: at risk.
            #expect(row.absences == 2)
            #expect(abs(row.rate - 0.9) < 1e-9)
            #expect(row.furtherAbsencesAllowed == 2)
            #expect(row.atRisk)
            let nov = try await app.json("/api/v1/cohorts/\(f.cohortA.id!)/attendance?month=2026-11", token: staff, as: MatrixOutput.self)
            #expect(nov.trainees.first?.days["2026-11-02"] == "in")
            #expect(nov.trainees.first?.days["2026-11-03"] == "pending")

            let trainee = try await app.token(f.traineeA.email)
            let mine = try await app.json("/api/v1/me/attendance", token: trainee, as: AttendanceOutput.self)
            #expect(mine.absences == 2 && mine.trainingDays == 20 && mine.atRisk)
            #expect(mine.days.first { $0.day == "2026-10-29" }?.reason == "noCheckOut")
            #expect(mine.periods.count == 1 && mine.periods[0].final == false)

            let browser = try await app.login(f.traineeA.email)
            try await app.testing().test(.GET, "/attendance?month=2026-10", headers: browser.headers()) { res in
                let html = res.body.string
                #expect(html.contains("수료가 위험합니다"))
                #expect(html.contains("앞으로 3일 더 결석하면 수료 기준(출석률 80%)에 미달합니다."))
                #expect(html.contains("class=\"day absent\""))
                #expect(html.contains("90.0%"))
            }
            // Another academy's staff cannot see the cohort at all.
            let other = try await app.token(f.adminB.email)
            try await app.testing().test(.GET, "/api/v1/cohorts/\(f.cohortA.id!)/attendance", headers: bearer(other)) { res in
                #expect(res.status == .notFound)
            }
        }
    }

    @Test("staff record a scan by hand only with a listed reason; it shows on the live roster, marked")
    func manualScans() async throws {
        try await withApp { app, f, _ in
            try await app.schedule(f.cohortA)
            let staff = try await app.token(f.staffA.email)
            func post(_ body: JSONObject, _ check: @escaping (TestingHTTPResponse) async throws -> Void) async throws {
                try await app.testing().test(.POST, "/api/v1/cohorts/\(f.cohortA.id!)/manual-scans", headers: bearer(staff), beforeRequest: { req in
                    try req.content.encode(body)
                }, afterResponse: check)
            }
            try await post(["person_id": .int(f.traineeA.id!), "kind": "check_in", "time": "09:30", "reason": "forgot", "idempotency_key": "manual-0001"]) { res in
                #expect(res.status == .unprocessableEntity)
                let body = try res.content.decode(ErrorBody.self)
                #expect(body.error.fields?["reason"] == "목록에서 선택하세요.")
            }
            try await post(["person_id": .int(f.traineeA.id!), "kind": "check_in", "time": "11:00", "reason": "phone_unavailable", "idempotency_key": "manual-0001"]) { res in
                let body = try res.content.decode(ErrorBody.self)
                #expect(body.error.fields?["time"] == "아직 오지 않은 시각은 기록할 수 없습니다.")
            }
            try await post(["person_id": .int(f.traineeB.id!), "kind": "check_in", "time": "09:30", "reason": "phone_unavailable", "idempotency_key": "manual-0002"]) { res in
                let body = try res.content.decode(ErrorBody.self)
                #expect(body.error.fields?["person_id"] != nil)
            }
            for _ in 0..<2 {
                try await post(["person_id": .int(f.traineeA.id!), "kind": "check_in", "time": "09:30", "reason": "phone_unavailable", "idempotency_key": "manual-0003"]) { res in
                    #expect([.created, .ok].contains(res.status))
                    let out = try res.content.decode(CheckInOutput.self)
                    #expect(out.source == "manual" && out.atKST == "09:30")
                }
            }
            let stored = try await ScanRecord.query(on: app.db).all()
            #expect(stored.count == 1)
            #expect(stored.first?.manualReason == "phone_unavailable" && stored.first?.recordedBy == f.staffA.id)
            let roster = try await app.json("/api/v1/cohorts/\(f.cohortA.id!)/roster", token: staff, as: RosterOutput.self)
            #expect(roster.trainees.first?.state == "late")
            #expect(roster.counts["late"] == 1)
            let browser = try await app.login(f.staffA.email)
            try await app.testing().test(.GET, "/cohorts/\(f.cohortA.id!)/roster", headers: browser.headers()) { res in
                #expect(res.body.string.contains("입실 09:30 (수기)"))
            }
            // Mentors may look but not record.
            let mentor = try await app.token(f.mentorA.email)
            try await app.testing().test(.POST, "/api/v1/cohorts/\(f.cohortA.id!)/manual-scans", headers: bearer(mentor), beforeRequest: { req in
                try req.content.encode(["person_id": .int(f.traineeA.id!)] as JSONObject)
            }) { res in #expect(res.status == .forbidden) }
            let other = try await app.token(f.adminB.email)
            try await app.testing().test(.GET, "/api/v1/cohorts/\(f.cohortA.id!)/roster", headers: bearer(other)) { res in
                #expect(res.status == .notFound)
            }
        }
    }

    @Test("a correction with evidence, filed the next day and approved, turns an absence into a late; history and access are kept")
    func corrections() async throws {
        try await withApp { app, f, clock in
            _ = try await app.shortCohort(f)
            let trainee = try await app.token(f.traineeA.email)
            try await app.checkIn(trainee, code: app.code(for: f.campusA)) { res in #expect(res.status == .created) } // 10:00: late, never checks out
            clock.advance(86_400)
            let traineeNextDay = try await app.token(f.traineeA.email)
            func file(_ fields: [String: String], _ evidence: (String, String, Data)?, _ check: @escaping (TestingHTTPResponse) async throws -> Void) async throws {
                let (headers, body) = multipart(fields, file: evidence)
                var h = bearer(traineeNextDay)
                h.add(contentsOf: headers)
                try await app.testing().test(.POST, "/api/v1/attendance/corrections", headers: h, body: body, afterResponse: check)
            }
            try await file(["day": "2026-10-30", "kind": "missing_scan", "scan_kind": "check_out", "time": "18:00", "reason": "퇴실 태그를 잊었습니다"], ("a.png", "image/png", pngEvidence)) { res in
                let body = try res.content.decode(ErrorBody.self)
                #expect(body.error.fields?["day"] == "정정은 해당 날짜 당일이나 다음 날까지만 신청할 수 있습니다.")
            }
            try await file(["day": "2026-11-02", "kind": "missing_scan", "scan_kind": "check_out", "time": "18:00", "reason": "퇴실 태그를 잊었습니다"], ("x.png", "image/png", Data("<html><script>alert(1)</script>".utf8))) { res in
                let body = try res.content.decode(ErrorBody.self)
                #expect(body.error.fields?["evidence"] == "증빙은 PDF, PNG, JPEG 파일만 올릴 수 있습니다.")
            }
            try await file(["day": "2026-11-02", "kind": "missing_scan", "scan_kind": "check_out", "time": "18:00", "reason": "퇴실 태그를 잊었습니다"], nil) { res in
                let body = try res.content.decode(ErrorBody.self)
                #expect(body.error.fields?["evidence"] != nil)
            }
            // Today at 10:00, 18:00 has not come: no correction can record it yet.
            try await file(["day": "2026-11-03", "kind": "missing_scan", "scan_kind": "check_out", "time": "18:00", "reason": "미리 퇴실을 적습니다"], ("note.png", "image/png", pngEvidence)) { res in
                #expect(res.status == .unprocessableEntity)
                let body = try res.content.decode(ErrorBody.self)
                #expect(body.error.fields?["time"] == "아직 오지 않은 시각입니다. 지금(10:00) 이전의 시각을 적으세요.")
            }
            var correctionID = 0
            try await file(["day": "2026-11-02", "kind": "missing_scan", "scan_kind": "check_out", "time": "18:00", "reason": "퇴실 태그를 잊었습니다"], ("note.png", "image/png", pngEvidence)) { res in
                #expect(res.status == .created)
                let out = try res.content.decode(CorrectionOutput.self)
                correctionID = out.id
                #expect(out.state == .pending)
            }
            #expect(try await CorrectionRecord.query(on: app.db).count() == 1)
            let staff = try await app.token(f.staffA.email)
            var before = try await app.json("/api/v1/cohorts/\(f.cohortA.id!)/attendance?month=2026-11", token: staff, as: MatrixOutput.self)
            #expect(before.trainees.first?.days["2026-11-02"] == "absent")

            // Another academy's staff: the correction does not exist for them.
            let other = try await app.token(f.adminB.email)
            try await app.testing().test(.POST, "/api/v1/attendance/corrections/\(correctionID)/decision", headers: bearer(other), beforeRequest: { req in
                try req.content.encode(["decision": "approved"])
            }) { res in #expect(res.status == .notFound) }
            try await app.testing().test(.GET, "/api/v1/attendance/corrections/\(correctionID)/evidence", headers: bearer(other)) { res in
                #expect(res.status == .notFound)
            }
            try await app.testing().test(.GET, "/api/v1/attendance/corrections/\(correctionID)/evidence", headers: bearer(staff)) { res in
                #expect(res.status == .ok)
                #expect(res.headers.first(name: .contentDisposition)?.hasPrefix("attachment") == true)
                #expect(res.headers.first(name: .contentType) == "image/png")
                #expect(res.headers.first(name: "Content-Security-Policy")?.contains("sandbox") == true)
                #expect(Data(buffer: res.body) == pngEvidence)
            }
            #expect(try await AccessLogEntry.query(on: app.db).filter(\.$action == "view_evidence").filter(\.$subjectID == f.traineeA.id!).count() == 1)
            try await app.testing().test(.POST, "/api/v1/attendance/corrections/\(correctionID)/decision", headers: bearer(staff), beforeRequest: { req in
                try req.content.encode(["decision": "rejected"])
            }) { res in
                let body = try res.content.decode(ErrorBody.self)
                #expect(body.error.fields?["comment"] == "반려할 때는 이유를 적으세요.")
            }
            try await app.testing().test(.POST, "/api/v1/attendance/corrections/\(correctionID)/decision", headers: bearer(staff), beforeRequest: { req in
                try req.content.encode(["decision": "approved", "comment": "출입 기록으로 확인"])
            }) { res in
                #expect(res.status == .ok)
                let out = try res.content.decode(CorrectionOutput.self)
                #expect(out.state == .approved && out.decidedBy == f.staffA.id)
            }
            try await app.testing().test(.POST, "/api/v1/attendance/corrections/\(correctionID)/decision", headers: bearer(staff), beforeRequest: { req in
                try req.content.encode(["decision": "rejected", "comment": "again"])
            }) { res in #expect(res.status == .conflict) }
            before = try await app.json("/api/v1/cohorts/\(f.cohortA.id!)/attendance?month=2026-11", token: staff, as: MatrixOutput.self)
            #expect(before.trainees.first?.days["2026-11-02"] == "late")
            let added = try await ScanRecord.query(on: app.db).filter(\.$source == "correction").all()
            #expect(added.count == 1 && added.first?.correctionID == correctionID && added.first?.kind == "check_out")
            // The roll-up saw the decision at once.
            let summary = try await AttendanceSummaryRecord.query(on: app.db).filter(\.$enrollmentID == f.enrollmentA.id!).first()
            #expect(summary?.absences == 5) // Oct 26–30 had no scans at all; Nov 2 is no longer one of them.
        }
    }

    @Test("an approved excuse counts as attended; a wrong scan is voided, not deleted")
    func excuseAndWrongScan() async throws {
        try await withApp { app, f, _ in
            _ = try await app.shortCohort(f)
            try await app.scan(f, "2026-11-02", .checkIn, "09:00")
            try await app.scan(f, "2026-11-02", .checkOut, "09:40") // tapped check-out by mistake
            let staff = try await app.token(f.staffA.email)
            let wrong = try await ScanRecord.query(on: app.db).filter(\.$kind == "check_out").first()!
            func file(_ fields: [String: String], _ check: @escaping (TestingHTTPResponse) async throws -> Void) async throws {
                let (headers, body) = multipart(fields, file: nil)
                var h = bearer(staff)
                h.add(contentsOf: headers)
                try await app.testing().test(.POST, "/api/v1/attendance/corrections", headers: h, body: body, afterResponse: check)
            }
            var ids: [Int] = []
            try await file(["person_id": "\(f.traineeA.id!)", "day": "2026-11-02", "kind": "wrong_scan", "scan_id": "\(wrong.id!)", "reason": "퇴실 버튼을 잘못 눌렀음"]) { res in
                #expect(res.status == .created)
                ids.append(try res.content.decode(CorrectionOutput.self).id)
            }
            try await file(["person_id": "\(f.traineeA.id!)", "day": "2026-11-02", "kind": "excuse", "excuse": "reserveForces", "reason": "예비군 훈련 소집 통지서"]) { res in
                #expect(res.status == .created)
                ids.append(try res.content.decode(CorrectionOutput.self).id)
            }
            for id in ids {
                try await app.testing().test(.POST, "/api/v1/attendance/corrections/\(id)/decision", headers: bearer(staff), beforeRequest: { req in
                    try req.content.encode(["decision": "approved"])
                }) { res in #expect(res.status == .ok) }
            }
            let voided = try await ScanRecord.find(wrong.id, on: app.db)
            #expect(voided?.voidedBy == ids[0])
            let cohort = try await Cohort.find(f.cohortA.id, on: app.db)!
            let ledger = try await CohortLedger.load(cohort, today: Day("2026-11-03")!, on: app.db)
            let day = ledger.days(of: f.traineeA.id!).first { $0.day == Day("2026-11-02")! }
            #expect(day?.scans.count == 1)
            #expect(day?.result?.status == .excused)
        }
    }

    @Test("the ledger downloads as CSV and XLSX only with a fresh password and a stated reason, which the access log keeps")
    func export() async throws {
        try await withApp { app, f, clock in
            _ = try await app.shortCohort(f)
            try await app.scan(f, "2026-10-27", .checkIn, "09:10"); try await app.scan(f, "2026-10-27", .goOut, "13:00")
            try await app.scan(f, "2026-10-27", .comeBack, "13:20"); try await app.scan(f, "2026-10-27", .checkOut, "18:00")
            let browser = try await app.login(f.staffA.email)
            func download(_ fields: [String: String], _ check: @escaping (TestingHTTPResponse) async throws -> Void) async throws {
                try await app.testing().test(.POST, "/cohorts/\(f.cohortA.id!)/attendance/export", headers: browser.headers(), beforeRequest: { req in
                    try req.content.encode(fields.merging(["_csrf": browser.csrf]) { a, _ in a }, as: .urlEncodedForm)
                }, afterResponse: check)
            }
            try await download(["period": "1", "format": "csv", "reason": ""]) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.body.string.contains("내려받는 이유를 5자 이상 적으세요."))
            }
            try await download(["period": "1", "format": "csv", "reason": "11월 훈련장려금 신청"]) { res in
                #expect(res.status == .ok)
                let text = String(decoding: Data(buffer: res.body), as: UTF8.self)
                let lines = text.components(separatedBy: "\r\n")
                // Header, one line per training day up to today (Oct 26 – Nov 2: six days), and the final line end.
                #expect(lines.count == 8)
                #expect(lines.first == "\u{FEFF}훈련생,날짜,입실,퇴실,외출,상태,사유,정정자")
                #expect(lines[1] == "김민준,2026-10-26,,,,결석,입실 기록 없음,")
                #expect(lines[2] == "김민준,2026-10-27,09:10,18:00,13:00-13:20,지각+외출,,")
                #expect(lines.last == "")
                #expect(res.headers.first(name: .contentDisposition)?.contains("attachment") == true)
            }
            try await download(["period": "all", "format": "xlsx", "reason": "11월 훈련장려금 신청"]) { res in
                #expect(res.status == .ok)
                let data = Data(buffer: res.body)
                #expect(data.prefix(2) == Data("PK".utf8))
                #expect(res.headers.first(name: .contentType) == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            }
            let logged = try await AccessLogEntry.query(on: app.db).filter(\.$action == "export_ledger").all()
            #expect(logged.count == 2 && logged.allSatisfy { $0.target.hasSuffix("— 11월 훈련장려금 신청") })
            clock.advance(6 * 60)
            try await download(["period": "1", "format": "csv", "reason": "11월 훈련장려금 신청"]) { res in
                #expect(res.status == .seeOther)
                #expect(res.headers.first(name: .location)?.hasPrefix("/reauth") == true)
            }
        }
    }

    @Test("program managers see average rates by operator and campus; an operator only its own")
    func overview() async throws {
        try await withApp { app, f, _ in
            _ = try await app.shortCohort(f)
            try await app.schedule(f.cohortB)
            _ = try await AttendanceRollup.refreshAll(today: Day("2026-11-02")!, on: app.db)
            let pm = try await app.token(f.pm.email)
            let all = try await app.json("/api/v1/attendance/overview", token: pm, as: AttendanceOverviewOutput.self)
            #expect(Set(all.operators.map(\.name)) == ["한빛 아카데미", "누리 캠퍼스"])
            // One trainee per academy: to a program manager every count is under five, and the rate of one person with it.
            #expect(all.operators.allSatisfy { $0.trainees == nil && $0.averageRate == nil && $0.suppressed.contains("trainees") })
            #expect(all.campuses.first { $0.name == "창원 캠퍼스" }.map { $0.belowCompletion == nil && $0.suppressed.contains("below_completion") } == true)
            let adminA = try await app.token(f.adminA.email)
            let mine = try await app.json("/api/v1/attendance/overview", token: adminA, as: AttendanceOverviewOutput.self)
            // Trainee A missed all five decided days of 20: 75%.
            #expect(mine.operators.first { $0.name == "한빛 아카데미" }.map { abs(($0.averageRate ?? 0) - 0.75) < 1e-9 } == true)
            #expect(mine.campuses.first { $0.name == "창원 캠퍼스" }?.belowCompletion == 1)
            let adminB = try await app.token(f.adminB.email)
            let own = try await app.json("/api/v1/attendance/overview", token: adminB, as: AttendanceOverviewOutput.self)
            #expect(own.operators.map(\.name) == ["누리 캠퍼스"])
            let staff = try await app.token(f.staffA.email)
            try await app.testing().test(.GET, "/api/v1/attendance/overview", headers: bearer(staff)) { res in #expect(res.status == .forbidden) }
        }
    }
}

@Suite("Attendance rules per program")
struct ProgramRulesTests {
    @Test("a program manager changes the rules; rates follow; bad values are refused beside their fields")
    func change() async throws {
        try await withApp { app, f, _ in
            _ = try await app.shortCohort(f)
            try await app.scan(f, "2026-10-26", .checkIn, "09:10"); try await app.scan(f, "2026-10-26", .checkOut, "18:00")
            try await app.scan(f, "2026-10-27", .checkIn, "09:10"); try await app.scan(f, "2026-10-27", .checkOut, "18:00")
            let pm = try await app.token(f.pm.email)
            func put(_ body: JSONObject, _ check: @escaping (TestingHTTPResponse) async throws -> Void) async throws {
                try await app.testing().test(.PUT, "/api/v1/programs/\(f.program.id!)/attendance-rules", headers: bearer(pm), beforeRequest: { req in
                    try req.content.encode(body)
                }, afterResponse: check)
            }
            try await put(["allowance_threshold": "180"]) { res in
                #expect(res.status == .unprocessableEntity)
                let body = try res.content.decode(ErrorBody.self)
                #expect(body.error.fields?["allowance_threshold"] == "1~100 사이의 백분율로 적으세요.")
            }
            // A JSON body of the wrong type is refused at the door, before any rule reads it.
            try await put(["marks_per_absence": "zero", "allowance_threshold": 180]) { res in
                #expect(res.status == .unprocessableEntity)
                let body = try res.content.decode(ErrorBody.self)
                #expect(body.error.fields?["marks_per_absence"] == "정수(JSON 숫자)로 보내세요.")
                #expect(body.error.fields?["allowance_threshold"] == "1에서 100 사이로 입력하세요.")
            }
            let staff = try await app.token(f.staffA.email)
            var m = try await app.json("/api/v1/cohorts/\(f.cohortA.id!)/attendance?month=2026-10", token: staff, as: MatrixOutput.self)
            #expect(m.trainees.first?.absences == 3) // Oct 28–30 absent; two lates are not yet an absence
            try await put(["marks_per_absence": 2, "completion_threshold": "85%"]) { res in
                #expect(res.status == .ok)
                let out = try res.content.decode(AttendanceRulesOutput.self)
                #expect(out.marksPerAbsence == 2 && abs(out.completionThreshold - 0.85) < 1e-9 && out.allowanceThreshold == 0.8)
            }
            m = try await app.json("/api/v1/cohorts/\(f.cohortA.id!)/attendance?month=2026-10", token: staff, as: MatrixOutput.self)
            #expect(m.trainees.first?.absences == 4)
            let admin = try await app.token(f.adminA.email)
            try await app.testing().test(.GET, "/api/v1/programs/\(f.program.id!)/attendance-rules", headers: bearer(admin)) { res in
                #expect(res.status == .forbidden)
            }
        }
    }
}
