import Fluent
import Foundation
import IeumCore
import Vapor

struct JobOutput: Content {
    let id: Int
    let employerID: Int
    let employer: String
    let title: String
    let description: String
    let region: String
    let skills: [String]
    let jobType: String
    let salaryMin: Int
    let salaryMax: Int
    let positions: Int
    let deadline: String
    let open: Bool
    /// For a graduate: how well it fits them, and why.
    let score: Int?
    let reasons: [String]?
    /// For its employer: how many have applied.
    var applicants: Int? = nil
    enum CodingKeys: String, CodingKey {
        case id, employer, title, description, region, skills, positions, deadline, open, score, reasons, applicants
        case employerID = "employer_id"
        case jobType = "job_type"
        case salaryMin = "salary_min"
        case salaryMax = "salary_max"
    }
}

struct ApplicationOutput: Content {
    let id: Int
    let jobID: Int
    let job: String
    let employer: String
    /// Nil when the graduate has withdrawn consent: the employer then sees no more of them.
    let personID: Int?
    let name: String?
    let stage: ApplicationStage
    let appliedAt: Date
    let stageChangedAt: Date
    let employmentID: Int?
    enum CodingKeys: String, CodingKey {
        case id, job, employer, name, stage
        case jobID = "job_id"
        case personID = "person_id"
        case appliedAt = "applied_at"
        case stageChangedAt = "stage_changed_at"
        case employmentID = "employment_id"
    }
}

struct RecommendedGraduate: Content {
    let personID: Int
    let name: String
    let course: String
    let campus: String
    let campusRegion: String
    let skills: [String]
    let score: Int
    let reasons: [String]
    enum CodingKeys: String, CodingKey {
        case name, course, campus, skills, score, reasons
        case personID = "person_id"
        case campusRegion = "campus_region"
    }
}

/// Job postings, applications and the employer's pipeline; recommendations both ways.
