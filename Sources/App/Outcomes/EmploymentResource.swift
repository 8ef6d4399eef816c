import Fluent
import IeumCore
import Vapor

/// How an employment was confirmed; employment insurance records are the strongest evidence.
enum EmploymentVerification: String, CaseIterable, Sendable {
    case insurance, contract, employer, selfReport = "self_report"

    var name: Localized {
        switch self {
        case .insurance: Localized("고용보험 가입 확인", "Employment insurance record")
        case .contract: Localized("근로계약서", "Employment contract")
        case .employer: Localized("기업 확인", "Confirmed by the employer")
        case .selfReport: Localized("본인 신고", "Reported by the graduate")
        }
    }
}

struct EmploymentOutput: Content {
    let id: Int
    let enrollmentID: Int
    let personID: Int
    let employerID: Int?
    let employerName: String
    let jobTitle: String
    let region: String
    let startsOn: String
    let verification: String

    enum CodingKeys: String, CodingKey {
        case id, region, verification
        case enrollmentID = "enrollment_id"
        case personID = "person_id"
        case employerID = "employer_id"
        case employerName = "employer_name"
        case jobTitle = "job_title"
        case startsOn = "starts_on"
    }
}

enum EmploymentResource: Resource {
    typealias Record = EmploymentRecord
    static let slug = "employment"
    static let title = Localized("취업 기록", "Employment records")
    static let singular = Localized("취업 기록", "Employment record")
    static let readRoles = Roles.staff
    static let writeRoles = Roles.campusManagers

    static func scope(of r: EmploymentRecord) -> RecordScope { .campus(operatorID: r.operatorID, campusID: r.campusID) }
    static func subject(of r: EmploymentRecord) -> Int? { r.personID }

    static func query(_ req: Request, _ principal: Principal) async throws -> QueryBuilder<EmploymentRecord> {
        var q = EmploymentRecord.query(on: req.db).with(\.$enrollment) { $0.with(\.$person) }.sort(\.$startsOn, .descending).sort(\.$id)
        let scope = principal.readScope
        if !scope.everything {
            q = q.group(.or) { $0.filter(\.$operatorID ~~ scope.operators).filter(\.$campusID ~~ scope.campuses) }
        }
        if let text = req.searchText {
            q = q.group(.or) { $0.filter(\.$employerName, .custom("LIKE"), likePattern(text)).filter(\.$jobTitle, .custom("LIKE"), likePattern(text)) }
        }
        if let region = req.filterValue("region") { q = q.filter(\.$region == region) }
        return q
    }

    static func filters(_ req: Request, _ principal: Principal) async throws -> [FieldSpec] {
        [FieldSpec(name: "region", label: Localized("근무 지역", "Region"), kind: .select(Options.regions(req.lang)))]
    }

    static func columns(_ lang: Lang) -> [String] {
        [lang.pick("수료생", "Graduate"), lang.pick("회사", "Company"), lang.pick("직무", "Job"), lang.pick("지역", "Region"), lang.pick("입사일", "Start")]
    }

    static func row(_ r: EmploymentRecord, _ req: Request) -> [HTML] {
        [Components.link(path(r), r.enrollment.person.name), "\(r.employerName)", "\(r.jobTitle)", "\(Region.label(r.region, req.lang))", "\(r.startsOn)"]
    }

    static func fields(_ req: Request, _ principal: Principal, creating: Bool) async throws -> [FieldSpec] {
        var fields = [
            FieldSpec(name: "employer_id", label: Localized("채용기업", "Employer"), kind: .select(try await Options.employers(req)), required: false,
                      hint: Localized("목록에 없으면 비워 두고 회사 이름을 적으세요.", "If it is not listed, leave this empty and type the company's name.")),
            FieldSpec(name: "employer_name", label: Localized("회사 이름", "Company name"), required: false),
            FieldSpec(name: "job_title", label: Localized("직무", "Job title")),
            FieldSpec(name: "region", label: Localized("근무 지역", "Work region"), kind: .select(Options.regions(req.lang))),
            FieldSpec(name: "starts_on", label: Localized("입사일", "Start date"), kind: .date),
            FieldSpec(name: "verification", label: Localized("확인 근거", "Verified by"), kind: .select(EmploymentVerification.allCases.map {
                .init(value: $0.rawValue, label: $0.name.in(req.lang))
            })),
        ]
        if creating {
            fields.insert(FieldSpec(name: "enrollment_id", label: Localized("수강 번호", "Enrollment number"), kind: .number,
                                    hint: Localized("수료한 수강 기록의 번호", "The number of a completed enrollment")), at: 0)
        }
        return fields
    }

    static func values(of r: EmploymentRecord, on db: any Database) async throws -> [String: String] {
        ["enrollment_id": String(r.$enrollment.id), "employer_id": r.$employer.id.map(String.init) ?? "", "employer_name": r.employerName,
         "job_title": r.jobTitle, "region": r.region, "starts_on": r.startsOn, "verification": r.verification]
    }

    static func body(creating: Bool) -> Body {
        Body((creating ? [.id("enrollment_id")] : []) + [
            .id("employer_id", required: false), .text("employer_name", max: 200, required: false),
            .filled("job_title", max: 100, required: creating), .choice("region", Region.self, required: creating),
            .day("starts_on", required: creating), .choice("verification", EmploymentVerification.self, required: creating),
        ])
    }

    static func apply(_ reader: inout FieldReader, to r: EmploymentRecord, creating: Bool, req: Request, principal: Principal) async throws {
        var enrollment: Enrollment? = nil
        if creating, let id = reader.id("enrollment_id") {
            enrollment = try await Enrollment.query(on: req.db).filter(\.$id == id).with(\.$cohort).first()
            if let e = enrollment, !principal.canWrite(EnrollmentResource.scope(of: e)) { enrollment = nil }
            if enrollment == nil {
                reader.fail("enrollment_id", "이 번호의 수강 기록이 없습니다.", "There is no enrollment with this number.")
            } else if enrollment?.state != EnrollmentState.completed.rawValue {
                reader.fail("enrollment_id", "수료한 수강생만 취업 기록을 가질 수 있습니다.", "Only a completed enrollment can have employment records.")
            }
        }
        let employerID = reader.id("employer_id", required: false)
        let employer = try await employerID.asyncMap { try await Employer.find($0, on: req.db) } ?? nil
        if employerID != nil && employer == nil { reader.fail("employer_id", "목록에서 선택하세요.", "Choose one of the listed options.") }
        let typedName = reader.text("employer_name", required: employer == nil, max: 200)
        let job = reader.text("job_title", max: 100)
        let region = reader.choice("region", Region.self)
        let starts = reader.day("starts_on")
        let verification = reader.choice("verification", EmploymentVerification.self)
        let cohortStart = enrollment.map { Day($0.cohort.startsOn) } ?? nil
        if let starts, let cohortStart, starts < cohortStart {
            reader.fail("starts_on", "입사일이 과정 시작일(\(cohortStart))보다 빠릅니다.", "The start date is before the course began (\(cohortStart)).")
        }
        guard reader.errors.isEmpty, let job, let region, let starts, let verification else { return }
        if let enrollment {
            r.$enrollment.id = try enrollment.requireID()
            r.personID = enrollment.$person.id
            r.operatorID = enrollment.operatorID
            r.campusID = enrollment.campusID
            r.createdBy = principal.personID
            r.createdAt = req.now
        }
        r.$employer.id = try employer?.requireID()
        r.employerName = employer?.name ?? typedName ?? ""
        r.jobTitle = job
        r.region = region.rawValue
        r.startsOn = starts.description
        r.verification = verification.rawValue
    }

    static func afterSave(_ r: EmploymentRecord, creating: Bool, on db: any Database, req: Request, principal: Principal) async throws {
        guard let enrollment = try await Enrollment.find(r.$enrollment.id, on: db) else { return }
        try await KPIRollup.refresh(cohorts: [enrollment.$cohort.id], on: db)
    }

    static func output(_ r: EmploymentRecord, _ req: Request) async throws -> EmploymentOutput {
        return EmploymentOutput(id: try r.requireID(), enrollmentID: r.$enrollment.id, personID: r.personID, employerID: r.$employer.id,
                         employerName: r.employerName, jobTitle: r.jobTitle, region: r.region, startsOn: r.startsOn,
                         verification: r.verification)
    }

    static func label(_ r: EmploymentRecord) -> String { r.employerName + " · " + r.jobTitle }

    static func details(_ r: EmploymentRecord, _ req: Request, _ principal: Principal) async throws -> HTML {
        let lang = req.lang
        let enrollment = try await Enrollment.query(on: req.db).filter(\.$id == r.$enrollment.id).with(\.$person).with(\.$cohort).first()
        let verification = EmploymentVerification(rawValue: r.verification)
        return Components.definitionList([
            (lang.pick("수료생", "Graduate"), enrollment.map { Components.link(EnrollmentResource.path($0), $0.person.name + " · " + $0.cohort.name) } ?? .empty),
            (lang.pick("회사", "Company"), r.$employer.id.map { Components.link(EmployerResource.record($0), r.employerName) } ?? "\(r.employerName)"),
            (lang.pick("직무", "Job"), "\(r.jobTitle)"),
            (lang.pick("근무 지역", "Region"), "\(Region.label(r.region, lang))"),
            (lang.pick("입사일", "Start"), "\(r.startsOn)"),
            (lang.pick("확인 근거", "Verified by"), "\(verification?.name.in(lang) ?? r.verification)"),
        ])
    }
}
