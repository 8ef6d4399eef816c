@testable import App
import Fluent
import Foundation
import IeumCore
import Vapor

/// Two academies side by side, so that every test can check one never sees the other.
struct Fixture {
    static let password = "correct horse battery"

    let program: Program
    let operatorA: Operator
    let operatorB: Operator
    let campusA: Campus
    let campusA2: Campus
    let campusB: Campus
    let courseA: Course
    let courseB: Course
    let cohortA: Cohort
    let cohortA2: Cohort
    let cohortB: Cohort
    let employer: Employer
    let pm: Person
    let adminA: Person
    let adminB: Person
    let staffA: Person
    let mentorA: Person
    let traineeA: Person
    let traineeB: Person
    let employerUser: Person
    let enrollmentA: Enrollment
    let enrollmentB: Enrollment

    static func make(on db: any Database) async throws -> Fixture {
        let hash = try Bcrypt.hash(password, cost: 4)
        let program = Program(name: "디지털 인재 양성 사업", startYear: 2022, endYear: 2027, cumulativeTarget: 90_000)
        try await program.create(on: db)
        try await ProgramYearTarget(programID: program.id!, year: 2022, target: 10_000).create(on: db)
        let opA = Operator(programID: program.id!, name: "한빛 아카데미", summary: "A", contactEmail: "a@a.kr")
        let opB = Operator(programID: program.id!, name: "누리 캠퍼스", summary: "B", contactEmail: "b@b.kr")
        try await opA.create(on: db)
        try await opB.create(on: db)
        let campusA = Campus(operatorID: opA.id!, name: "창원 캠퍼스", region: "gyeongnam", address: "창원시")
        let campusA2 = Campus(operatorID: opA.id!, name: "광주 캠퍼스", region: "gwangju", address: "광주시")
        let campusB = Campus(operatorID: opB.id!, name: "부산 캠퍼스", region: "busan", address: "부산시")
        for c in [campusA, campusA2, campusB] { try await c.create(on: db) }
        let courseA = Course(operatorID: opA.id!, title: "클라우드 백엔드", track: "백엔드", totalHours: 800, theoryHours: 300, projectHours: 500)
        let courseB = Course(operatorID: opB.id!, title: "풀스택 웹", track: "웹", totalHours: 600, theoryHours: 300, projectHours: 300)
        try await courseA.create(on: db)
        try await courseB.create(on: db)
        let cohortA = Cohort(courseID: courseA.id!, campusID: campusA.id!, operatorID: opA.id!, name: "창원 1기", startsOn: "2026-07-01", endsOn: "2026-12-31", capacity: 3)
        let cohortA2 = Cohort(courseID: courseA.id!, campusID: campusA2.id!, operatorID: opA.id!, name: "광주 1기", startsOn: "2026-07-01", endsOn: "2026-12-31", capacity: 30)
        let cohortB = Cohort(courseID: courseB.id!, campusID: campusB.id!, operatorID: opB.id!, name: "부산 1기", startsOn: "2026-07-01", endsOn: "2026-12-31", capacity: 30)
        for c in [cohortA, cohortA2, cohortB] { try await c.create(on: db) }
        let employer = Employer(name: "창원스마트팩토리(주)", region: "gyeongnam", industry: "제조 IT", verified: true)
        try await employer.create(on: db)

        func person(_ name: String, _ email: String, _ phone: String, _ grant: Grant) async throws -> Person {
            let p = Person(name: name, email: email, phone: phone, passwordHash: hash)
            try await p.create(on: db)
            try await RoleGrants.create(grant, for: p.id!, by: nil, on: db)
            return p
        }
        let pm = try await person("박정민", "pm@test.kr", "010-0000-0001", Grant(role: .programManager, operatorID: nil, campusID: nil, employerID: nil))
        let adminA = try await person("김운영", "admin.a@test.kr", "010-0000-0002", Grant(role: .operatorAdmin, operatorID: opA.id, campusID: nil, employerID: nil))
        let adminB = try await person("이운영", "admin.b@test.kr", "010-0000-0003", Grant(role: .operatorAdmin, operatorID: opB.id, campusID: nil, employerID: nil))
        let staffA = try await person("최담당", "staff.a@test.kr", "010-0000-0004", Grant(role: .campusStaff, operatorID: opA.id, campusID: campusA.id, employerID: nil))
        let mentorA = try await person("정멘토", "mentor.a@test.kr", "010-0000-0005", Grant(role: .mentor, operatorID: opA.id, campusID: nil, employerID: nil))
        let traineeA = try await person("김민준", "trainee.a@test.kr", "010-1111-0001", Grant(role: .trainee, operatorID: opA.id, campusID: nil, employerID: nil))
        let traineeB = try await person("이서연", "trainee.b@test.kr", "010-1111-0002", Grant(role: .trainee, operatorID: opB.id, campusID: nil, employerID: nil))
        let employerUser = try await person("윤채용", "hr@factory.kr", "010-0000-0006", Grant(role: .employer, operatorID: nil, campusID: nil, employerID: employer.id))

        func enroll(_ p: Person, _ c: Cohort) async throws -> Enrollment {
            let e = try Enrollment(personID: p.id!, cohort: c, state: "enrolled", at: fixtureStart)
            try await e.create(on: db)
            try await EnrollmentTransition(enrollmentID: e.id!, from: nil, to: "enrolled", reason: nil, actorID: nil, at: fixtureStart).create(on: db)
            return e
        }
        let enrollmentA = try await enroll(traineeA, cohortA)
        let enrollmentB = try await enroll(traineeB, cohortB)
        // The mentor looks after cohort A only: mentors see their cohorts and mentees, not the whole academy.
        try await CohortMentor(cohortID: cohortA.id!, personID: mentorA.id!).create(on: db)
        try await KPIRollup.refreshAll(on: db)

        return Fixture(program: program, operatorA: opA, operatorB: opB, campusA: campusA, campusA2: campusA2, campusB: campusB,
                       courseA: courseA, courseB: courseB, cohortA: cohortA, cohortA2: cohortA2, cohortB: cohortB, employer: employer,
                       pm: pm, adminA: adminA, adminB: adminB, staffA: staffA, mentorA: mentorA, traineeA: traineeA, traineeB: traineeB,
                       employerUser: employerUser, enrollmentA: enrollmentA, enrollmentB: enrollmentB)
    }
}
