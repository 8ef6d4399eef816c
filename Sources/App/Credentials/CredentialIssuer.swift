import Crypto
import Fluent
import Foundation
import IeumCore
import Vapor

/// Signs a completer's certificate with the operator's key and stores it. Called inside the transaction that
/// marks the enrollment completed, so a completion never lacks its certificate.
enum CredentialIssuer {
    struct Signer {
        let kid: String
        let key: Curve25519.Signing.PrivateKey
    }

    static func issue(for enrollment: Enrollment, base: String, signer: Signer, at now: Date, on db: any Database) async throws -> IssuedCredential {
        let enrollmentID = try enrollment.requireID()
        if let existing = try await IssuedCredential.query(on: db).filter(\.$enrollment.$id == enrollmentID).first() { return existing }
        guard let cohort = try await Cohort.find(enrollment.$cohort.id, on: db),
              let course = try await Course.find(cohort.$course.id, on: db),
              let campus = try await Campus.find(cohort.$campus.id, on: db),
              let op = try await Operator.find(cohort.operatorID, on: db),
              let person = try await Person.find(enrollment.$person.id, on: db) else {
            throw Abort(.internalServerError, reason: "enrollment \(enrollmentID) lacks its cohort, course, campus or person")
        }
        let record = try make(for: enrollment, person: person, course: course, cohort: cohort, campus: campus, op: op,
                              base: base, signer: signer, at: now)
        try await record.create(on: db)
        return record
    }

    /// The signed credential, not yet stored (the demo seeder stores thousands in one go).
    static func make(for enrollment: Enrollment, person: Person, course: Course, cohort: Cohort, campus: Campus, op: Operator,
                     base: String, signer: Signer, at now: Date) throws -> IssuedCredential {
        let publicID = UUID().uuidString.lowercased()
        let payload = credential(publicID: publicID, base: base, person: person, course: course, cohort: cohort,
                                 campus: campus, op: op, at: now)
        let record = IssuedCredential()
        record.publicID = publicID
        record.$enrollment.id = try enrollment.requireID()
        record.personID = try person.requireID()
        record.operatorID = cohort.operatorID
        record.campusID = cohort.$campus.id
        record.cohortID = try cohort.requireID()
        record.kid = signer.kid
        record.jwt = try CompactJWS.sign(payload: try JSONEncoder.sorted.encode(payload), kid: signer.kid, with: signer.key)
        record.issuedAt = now
        return record
    }

    static func credential(publicID: String, base: String, person: Person, course: Course, cohort: Cohort, campus: Campus,
                           op: Operator, at now: Date) -> OpenBadgeCredential {
        let issuerID = base + CredentialRoutes.issuer(op.id!)
        let id = "urn:uuid:\(publicID)"
        let region = Region(rawValue: campus.region)?.name.ko ?? campus.region
        let seconds = Int(now.timeIntervalSince1970)
        let validFrom = ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
        let achievement = OpenBadgeCredential.Achievement(
            id: base + CredentialRoutes.achievement(course.id!),
            name: course.title,
            description: "\(course.track) · 총 \(course.totalHours)시간 (이론 \(course.theoryHours)시간, 프로젝트 \(course.projectHours)시간)",
            criteria: .init(narrative: "출석률 80% 이상 (직업능력개발훈련 출결 기준)" +
                            (course.assessmentRequirement == .none ? "" : ", \(course.assessmentRequirement.description.ko)") +
                            "; 운영기관의 수료 확인."),
            fieldOfStudy: course.track,
            tag: [course.track, "\(course.totalHours)h"])
        return OpenBadgeCredential(
            id: id,
            issuer: .init(id: issuerID, name: op.name),
            validFrom: validFrom,
            name: "\(course.title) 수료증",
            credentialSubject: .init(
                identifier: [.init(identityHash: person.name)],
                achievement: achievement,
                source: .init(id: base + CampusResource.record(campus.id!), name: campus.name, address: .init(addressRegion: region)),
                activityStartDate: cohort.startsOn,
                activityEndDate: cohort.endsOn),
            credentialStatus: .init(id: base + CredentialRoutes.revocations(op.id!)),
            iss: issuerID, jti: id, nbf: seconds)
    }

    /// The cohorts the certificates were earned in, with their courses, in two queries.
    static func cohorts(of credentials: [IssuedCredential], on db: any Database) async throws -> [Int: Cohort] {
        let cohorts = try await Cohort.query(on: db).filter(\.$id ~~ Set(credentials.map(\.cohortID))).with(\.$course).all()
        return Dictionary(uniqueKeysWithValues: cohorts.map { ($0.id!, $0) })
    }
}
