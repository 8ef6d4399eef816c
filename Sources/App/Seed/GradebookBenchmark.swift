import Fluent
import Foundation
import IeumCore

/// A cohort of `trainees` × `assignments` with two graded attempts each and some mentor scores, in its own
/// operator, then the gradebook built and rendered `repetitions` times. Returns milliseconds per repetition.
enum GradebookBenchmark {
    static func run(trainees: Int, assignments: Int, repetitions: Int, on db: any Database, now: Date) async throws -> [Double] {
        var found = try await Program.query(on: db).first()
        if found == nil {
            let p = Program(name: "벤치마크 사업", startYear: 2022, endYear: 2027, cumulativeTarget: 90_000)
            try await p.create(on: db)
            found = p
        }
        let program = found!
        let op = Operator(programID: try program.requireID(), name: "성적표 벤치마크 \(UUID().uuidString.prefix(6))", summary: "", contactEmail: "bench@ieum.example")
        try await op.create(on: db)
        let campus = Campus(operatorID: try op.requireID(), name: "벤치마크 캠퍼스", region: "gyeongnam", address: "창원시")
        try await campus.create(on: db)
        let course = Course(operatorID: try op.requireID(), title: "벤치마크 과정", track: "백엔드", totalHours: 800, theoryHours: 300, projectHours: 500)
        try await course.create(on: db)
        let cohort = Cohort(courseID: try course.requireID(), campusID: try campus.requireID(), operatorID: try op.requireID(),
                            name: "벤치마크 1기", startsOn: "2026-07-01", endsOn: "2026-12-31", capacity: max(trainees, 1))
        try await cohort.create(on: db)
        var people: [Person] = []
        for i in 0..<trainees {
            let person = Person(name: "훈련생\(i)", email: "bench\(i)-\(op.id!)@ieum.example", phone: nil, passwordHash: nil)
            try await person.create(on: db)
            people.append(person)
        }
        try await people.map { try Enrollment(personID: $0.requireID(), cohort: cohort, state: "enrolled", at: now) }.create(on: db)
        var rng = SeededRandom(seed: 7)
        for n in 0..<assignments {
            let a = Assignment()
            a.$cohort.id = try cohort.requireID()
            a.operatorID = try op.requireID()
            a.campusID = try campus.requireID()
            a.title = "과제 \(n + 1)"
            a.statement = "벤치마크"
            a.languages = "python3"
            a.cpuMilliseconds = 1_000
            a.memoryKilobytes = 262_144
            a.outputKilobytes = 1_024
            a.points = 100
            a.deadline = now
            a.latePolicy = "flag"
            a.comparison = "whitespace"
            a.testsVersion = 1
            a.createdBy = 0
            try await a.create(on: db)
            var batch: [Submission] = []
            for p in people {
                for attempt in 1...2 {
                    let s = Submission()
                    s.$assignment.id = try a.requireID()
                    s.$person.id = try p.requireID()
                    s.cohortID = try cohort.requireID()
                    s.operatorID = try op.requireID()
                    s.campusID = try campus.requireID()
                    s.attempt = attempt
                    s.language = "python3"
                    s.source = "print(1)\n"
                    s.submittedAt = now
                    s.lateDays = Int(rng.next() % 10) == 0 ? 1 : 0
                    s.state = .graded
                    s.verdict = "accepted"
                    s.points = Double(rng.next() % 101)
                    batch.append(s)
                }
            }
            for chunk in stride(from: 0, to: batch.count, by: 500) { try await Array(batch[chunk..<min(chunk + 500, batch.count)]).create(on: db) }
            var reviews: [SubmissionReview] = []
            let ids = try await Submission.query(on: db).filter(\.$assignment.$id == a.requireID()).all(\.$id)
            for id in ids where rng.next() % 20 == 0 {
                let r = SubmissionReview()
                r.$submission.id = id
                r.mentorID = 0
                r.score = Double(rng.next() % 101)
                r.feedback = "좋습니다"
                r.createdAt = now
                reviews.append(r)
            }
            if !reviews.isEmpty { try await reviews.create(on: db) }
        }
        var times: [Double] = []
        for _ in 0..<repetitions {
            let started = Date()
            let book = try await GradebookController.build(cohort, on: db)
            let html = GradebookController.table(book, .ko)
            precondition(book.trainees.count == trainees && !html.raw.isEmpty)
            times.append(Date().timeIntervalSince(started) * 1000)
        }
        return times
    }
}
