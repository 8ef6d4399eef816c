import Fluent
import Foundation
import IeumCore
import Vapor

/// A graduate as employers and recommendations see them: the profile, the completed course and where it was.
struct Graduate: Sendable {
    let person: Person
    let profile: GraduateProfileRecord
    let enrollment: Enrollment
    let course: Course
    let campus: Campus
    let cohort: Cohort

    var campusRegion: Region { Region(rawValue: campus.region) ?? .seoul }
    var hasConsent: Bool { profile.consentGivenAt != nil }

    func score(for job: JobPosting) -> MatchScore {
        Recommendation.score(graduateSkills: profile.skillList, campusRegion: campusRegion, desiredRegions: profile.regions,
                             desiredJobTypes: profile.jobTypeSet, jobSkills: job.skillList,
                             jobRegion: Region(rawValue: job.region) ?? .seoul, jobType: job.type)
    }
}

enum GraduateDirectory {
    /// The person's latest completed enrollment, with its course and campus; nil for someone who has not completed.
    static func graduate(_ personID: Int, on db: any Database) async throws -> Graduate? {
        guard let person = try await Person.find(personID, on: db),
              let enrollment = try await Enrollment.query(on: db).filter(\.$person.$id == personID)
                .filter(\.$state == EnrollmentState.completed.rawValue).sort(\.$stateChangedAt, .descending).first(),
              let cohort = try await Cohort.find(enrollment.$cohort.id, on: db),
              let course = try await Course.find(cohort.$course.id, on: db),
              let campus = try await Campus.find(cohort.$campus.id, on: db) else { return nil }
        let profile = try await GraduateProfileRecord.query(on: db).filter(\.$personID == personID).first()
            ?? GraduateProfileRecord(personID: personID, at: Date(timeIntervalSince1970: 0))
        return Graduate(person: person, profile: profile, enrollment: enrollment, course: course, campus: campus, cohort: cohort)
    }

    /// Every graduate who lets employers see them (consent given and a completed course), or those of them among
    /// `only`.
    static func consenting(only: [Int]? = nil, on db: any Database) async throws -> [Graduate] {
        if only?.isEmpty == true { return [] }
        var query = GraduateProfileRecord.query(on: db).filter(\.$consentGivenAt != nil)
        if let only { query = query.filter(\.$personID ~~ only) }
        let profiles = try await query.all()
        let ids = profiles.map(\.personID)
        guard !ids.isEmpty else { return [] }
        // In parts, so that a national round stays under both databases' limits on binds.
        var people: [Int: Person] = [:]
        var latest: [Int: Enrollment] = [:]
        for start in stride(from: 0, to: ids.count, by: 1_000) {
            let part = Array(ids[start..<min(start + 1_000, ids.count)])
            for p in try await Person.query(on: db).filter(\.$id ~~ part).all() { people[p.id!] = p }
            for e in try await Enrollment.query(on: db).filter(\.$person.$id ~~ part).filter(\.$state == EnrollmentState.completed.rawValue).all()
                where latest[e.$person.id].map({ $0.stateChangedAt < e.stateChangedAt }) ?? true {
                latest[e.$person.id] = e
            }
        }
        let cohorts = Dictionary(try await Cohort.query(on: db).filter(\.$id ~~ latest.values.map { $0.$cohort.id }).all().map { ($0.id!, $0) },
                                 uniquingKeysWith: { a, _ in a })
        let courses = Dictionary(try await Course.query(on: db).filter(\.$id ~~ cohorts.values.map { $0.$course.id }).all().map { ($0.id!, $0) },
                                 uniquingKeysWith: { a, _ in a })
        let campuses = Dictionary(try await Campus.query(on: db).filter(\.$id ~~ cohorts.values.map { $0.$campus.id }).all().map { ($0.id!, $0) },
                                  uniquingKeysWith: { a, _ in a })
        return profiles.compactMap { p in
            guard let person = people[p.personID], let e = latest[p.personID], let cohort = cohorts[e.$cohort.id],
                  let course = courses[cohort.$course.id], let campus = campuses[cohort.$campus.id] else { return nil }
            return Graduate(person: person, profile: p, enrollment: e, course: course, campus: campus, cohort: cohort)
        }
    }

    struct Ranked<T: Sendable>: Sendable {
        let item: T
        let score: MatchScore
    }

    /// Graduates for a job, best first, leaving out those who already applied to it (they are in its pipeline, or
    /// were turned down); ties go to the earlier graduate so the order is stable.
    static func recommendations(for job: JobPosting, limit: Int = 10, on db: any Database) async throws -> [Ranked<Graduate>] {
        let applied = Set(try await JobApplication.query(on: db).filter(\.$job.$id == job.requireID()).all().map(\.personID))
        let ranked: [Ranked<Graduate>] = try await consenting(on: db).filter { !applied.contains($0.person.id ?? 0) }
            .map { Ranked(item: $0, score: $0.score(for: job)) }
        let sorted = ranked.sorted { a, b in a.score.total != b.score.total ? a.score.total > b.score.total : a.item.person.id! < b.item.person.id! }
        return Array(sorted.prefix(limit))
    }

    /// Open jobs for a graduate, best first.
    static func recommendations(for graduate: Graduate, today: Day, limit: Int = 20, on db: any Database) async throws -> [Ranked<JobPosting>] {
        let open: [JobPosting] = try await JobPosting.query(on: db).filter(\.$deadline >= today.description).with(\.$employer).all()
        let ranked: [Ranked<JobPosting>] = open.filter { $0.employer.verified }.map { Ranked(item: $0, score: graduate.score(for: $0)) }
        let sorted = ranked.sorted { a, b in a.score.total != b.score.total ? a.score.total > b.score.total : a.item.id! < b.item.id! }
        return Array(sorted.prefix(limit))
    }
}
