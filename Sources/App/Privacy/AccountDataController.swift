import Fluent
import Foundation
import IeumCore
import Vapor

/// A person's own data: everything Ieum holds about them, to download, and the request to delete it
/// (개인정보 보호법 제35조 열람, 제36조 삭제).
struct MyData: Content {
    struct Profile: Content {
        let id: Int
        let name: String
        let email: String
        let phone: String?
        let birthDate: String?
        let residenceRegion: String?
        let residentNumber: String?
        let bankName: String?
        let bankAccount: String?
    }

    struct EnrollmentRecord: Content {
        let cohort: String
        let course: String
        let startsOn: String
        let endsOn: String
        let state: String
        let history: [TransitionOutput]
    }

    struct Job: Content {
        let employer: String
        let jobTitle: String
        let region: String
        let startsOn: String
    }

    struct Viewing: Content {
        let at: Date
        let byPersonID: Int
        let action: String
    }

    /// Registration and bank numbers, as each academy that collected them holds them.
    struct HeldNumbers: Content {
        let academy: String
        let residentNumber: String?
        let bankName: String?
        let bankAccount: String?
    }

    let exportedAt: Date
    let profile: Profile
    let identifiers: [HeldNumbers]
    let roles: [GrantOutput]
    let enrollments: [EnrollmentRecord]
    let employment: [Job]
    /// Who looked at this person's record (the access log's entries about them).
    let viewedBy: [Viewing]
}

enum AccountDataController {
    static func register(member: any RoutesBuilder, apiMember: any RoutesBuilder) {
        let recent: [any Middleware] = [RequireRecentAuthentication()]
        member.register(.GET, AccountRoutes.data.template, use: page)
        member.register(.GET, AccountRoutes.dataJSON.template, guards: recent, use: downloadJSON)
        member.register(.GET, AccountRoutes.dataCSV.template, guards: recent, use: downloadCSV)
        member.register(.POST, AccountRoutes.deletion.template, guards: recent, action: deletion,
                        show: { req, _ in req.redirectClearingSession(to: SiteRoutes.login.url) }, retry: nil)
        apiMember.register(AccountRoutes.myData, guards: recent, use: json)
        apiMember.register(AccountRoutes.deletionRequest, guards: recent, action: deletion) { _, request in
            DeletionOutput(status: request.status, requestedAt: request.requestedAt)
        }
    }

    static func collect(_ req: Request) async throws -> MyData {
        let principal = try req.principal
        guard let person = try await Person.find(principal.personID, on: req.db) else { throw AppError.unauthenticated() }
        let id = principal.personID
        let enrollments = try await Enrollment.query(on: req.db).filter(\.$person.$id == id)
            .with(\.$cohort) { $0.with(\.$course) }.sort(\.$id).all()
        var records: [MyData.EnrollmentRecord] = []
        for e in enrollments {
            let history = try await EnrollmentTransition.query(on: req.db).filter(\.$enrollment.$id == e.requireID()).sort(\.$at).all()
                .map { TransitionOutput(from: $0.fromState, to: $0.toState, reason: $0.reason, actorID: $0.actorID, at: $0.at) }
            records.append(.init(cohort: e.cohort.name, course: e.cohort.course.title, startsOn: e.cohort.startsOn,
                                 endsOn: e.cohort.endsOn, state: e.state, history: history))
        }
        let jobs = try await EmploymentRecord.query(on: req.db).filter(\.$personID == id).sort(\.$startsOn).all()
            .map { MyData.Job(employer: $0.employerName, jobTitle: $0.jobTitle, region: $0.region, startsOn: $0.startsOn) }
        let viewings = try await AccessLogEntry.query(on: req.db).filter(\.$subjectID == id).filter(\.$actorID != id)
            .sort(\.$at).all().map { MyData.Viewing(at: $0.at, byPersonID: $0.actorID, action: $0.action) }
        let grants = try await SessionStore.activeGrants(of: id, on: req.db)
        // The person's own numbers, as each academy holds them (the first academy's in the profile, all in `identifiers`).
        let held = try await HeldIdentifiers.query(on: req.db).filter(\.$personID == id).sort(\.$operatorID).all()
        let academies = Dictionary(try await Operator.query(on: req.db).filter(\.$id ~~ held.map(\.operatorID)).all().map { ($0.id ?? 0, $0.name) },
                                   uniquingKeysWith: { a, _ in a })
        let identifiers = try held.map { h in
            MyData.HeldNumbers(academy: academies[h.operatorID] ?? "", residentNumber: try h.reveal(.residentNumber, with: req.cipher),
                               bankName: h.bankName, bankAccount: try h.reveal(.bankAccount, with: req.cipher))
        }
        return MyData(
            exportedAt: req.now,
            profile: .init(id: id, name: person.name, email: person.email, phone: person.phone, birthDate: person.birthDate,
                           residenceRegion: person.residenceRegion, residentNumber: identifiers.first?.residentNumber,
                           bankName: identifiers.first?.bankName, bankAccount: identifiers.first?.bankAccount),
            identifiers: identifiers, roles: grants.map(GrantOutput.init), enrollments: records, employment: jobs, viewedBy: viewings)
    }

    @Sendable static func json(_ req: Request) async throws -> MyData { try await collect(req) }

    @Sendable static func downloadJSON(_ req: Request) async throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return attachment(try encoder.encode(try await collect(req)), name: "ieum-my-data.json", type: "application/json")
    }

    /// One sheet a spreadsheet opens: section, item, value.
    @Sendable static func downloadCSV(_ req: Request) async throws -> Response {
        let data = try await collect(req)
        var text = SpreadsheetCell.csvLine(["구분 section", "항목 item", "값 value"])
        func add(_ section: String, _ item: String, _ value: String?) { text += SpreadsheetCell.csvLine([section, item, value ?? ""]) }
        let p = data.profile
        for (item, value) in [("이름 name", p.name), ("이메일 e-mail", p.email), ("휴대전화 mobile", p.phone), ("생년월일 birth date", p.birthDate),
                              ("거주 지역 region", p.residenceRegion), ("주민등록번호 registration number", p.residentNumber),
                              ("은행 bank", p.bankName), ("계좌 account", p.bankAccount)] as [(String, String?)] {
            add("profile", item, value)
        }
        for r in data.roles { add("role", r.role, [r.operatorID, r.campusID, r.employerID].compactMap { $0.map(String.init) }.joined(separator: "/")) }
        for e in data.enrollments {
            add("enrollment", "\(e.course) · \(e.cohort)", "\(e.startsOn)~\(e.endsOn) \(e.state)")
            for h in e.history { add("enrollment history", e.cohort, "\(KST.dateTime(h.at)) \(h.from ?? "-")→\(h.to) \(h.reason ?? "")") }
        }
        for j in data.employment { add("employment", j.employer, "\(j.jobTitle) \(j.region) \(j.startsOn)") }
        for v in data.viewedBy { add("viewed by", "#\(v.byPersonID)", "\(KST.dateTime(v.at)) \(v.action)") }
        return attachment(SpreadsheetText.excelCSV(text), name: "ieum-my-data.csv", type: "text/csv; charset=utf-8")
    }

    static func attachment(_ data: Data, name: String, type: String) -> Response {
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: type)
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(name)\"")
        headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return Response(status: .ok, headers: headers, body: .init(data: data))
    }

    // MARK: Deletion

    static func requestDeletion(_ req: Request) async throws -> DeletionRequest {
        let principal = try req.principal
        if let existing = try await DeletionRequest.query(on: req.db).filter(\.$person.$id == principal.personID).first() {
            return existing
        }
        let request = DeletionRequest(personID: principal.personID, at: req.now)
        try await req.db.writeTransaction { db in
            try await request.create(on: db)
            try await SecurityEvent(kind: "deletion_requested", email: principal.email, personID: principal.personID,
                                    ip: req.clientAddress, at: req.now).create(on: db)
            // The account closes now; the retention job removes the data on its next run.
            try await AuthSession.query(on: db).filter(\.$person.$id == principal.personID).delete()
        }
        try await req.authChanged(of: principal.personID)
        return request
    }

    struct DeletionOutput: Content {
        let status: String
        let requestedAt: Date

        enum CodingKeys: String, CodingKey {
            case status
            case requestedAt = "requested_at"
        }
    }

    static let deletion = Action { req in try await requestDeletion(req) }

    @Sendable static func page(_ req: Request) async throws -> Response {
        let lang = req.lang
        let body: HTML = """
            <div class="panel">
            <h2>\(lang.pick("내 정보 내려받기", "Download your data"))</h2>
            <p>\(lang.pick("이음이 가진 내 정보 전부(수강·취업 기록, 내 정보를 열람한 기록 포함)를 내려받습니다. 비밀번호를 한 번 더 확인할 수 있습니다.", "Everything Ieum holds about you, including your training and job records and who looked at your data. You may be asked for your password again."))</p>
            <p class="actions"><a class="button" href="\(AccountRoutes.dataJSON.url)">JSON</a> <a class="button" href="\(AccountRoutes.dataCSV.url)">CSV (Excel)</a></p>
            </div>
            <div class="panel">
            <h2>\(lang.pick("탈퇴와 정보 삭제", "Close your account and delete your data"))</h2>
            <p>\(lang.pick("요청하면 계정이 바로 닫히고, 연락처·고유식별정보·계좌 등은 곧 지워집니다. 사업 성과 보고에 필요한 수강·취업 기록은 마지막 과정 종료 후 3년 동안 이름과 함께 보관한 뒤 익명으로 바꿉니다.", "Your account closes at once and your contact details, identifiers and bank account are deleted shortly after. Training and job records the program must report on keep your name for 3 years after your last course, then become anonymous."))</p>
            <form method="post" action="\(AccountRoutes.deletion.url)"><input type="hidden" name="_csrf" value="\(req.csrfToken)"><button class="button danger" type="submit">\(lang.pick("탈퇴하고 삭제 요청", "Close my account and delete my data"))</button></form>
            </div>
            """
        return Layout.page(req, title: lang.pick("내 정보", "Your data"), body: body)
    }
}
