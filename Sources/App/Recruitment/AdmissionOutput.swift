import Fluent
import Foundation
import IeumCore
import Vapor

struct AdmissionOutput: Content {
    struct Event: Content {
        let state: String
        let stateName: String
        let at: Date
        let note: String?
        enum CodingKeys: String, CodingKey { case state, at, note; case stateName = "state_name" }
    }

    let id: Int
    let cohortID: Int
    let personID: Int
    let name: String
    let state: String
    let stateName: String
    let birthDate: String?
    let gender: String?
    let residence: String?
    let education: String?
    let school: String?
    let employment: String?
    let otherFundedCourse: Bool
    let motivation: String
    let answers: [String: String]
    let eligibilityFailures: [String]
    let submittedAt: Date?
    let testScore: Double?
    let reviewScore: Double?
    let composite: Double?
    let rank: Int?
    let explanation: String?
    let confirmBy: Date?
    let history: [Event]
    enum CodingKeys: String, CodingKey {
        case id, name, state, gender, residence, education, school, employment, motivation, answers, composite, rank, explanation, history
        case cohortID = "cohort_id"
        case personID = "person_id"
        case stateName = "state_name"
        case birthDate = "birth_date"
        case otherFundedCourse = "other_funded_course"
        case eligibilityFailures = "eligibility_failures"
        case submittedAt = "submitted_at"
        case testScore = "test_score"
        case reviewScore = "review_score"
        case confirmBy = "confirm_by"
    }

    init(_ a: Admission, name: String, history: [AdmissionEvent], lang: Lang) {
        id = a.id!
        cohortID = a.cohortID
        personID = a.personID
        self.name = name
        state = a.state
        stateName = a.status.name.in(lang)
        birthDate = a.birthDate
        gender = a.gender
        residence = a.residence
        education = a.education
        school = a.school
        employment = a.employment
        otherFundedCourse = a.otherFundedCourse
        motivation = a.motivation
        answers = a.answers
        eligibilityFailures = a.failures.map { $0.in(lang) }
        submittedAt = a.submittedAt
        testScore = a.testScore
        reviewScore = a.reviewScore
        composite = a.composite
        rank = a.rank
        explanation = a.explanation?.in(lang)
        confirmBy = a.confirmBy
        self.history = history.map {
            Event(state: $0.toState, stateName: AdmissionState(rawValue: $0.toState)?.name.in(lang) ?? $0.toState, at: $0.at, note: $0.note)
        }
    }
}
