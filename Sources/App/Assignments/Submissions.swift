import Fluent
import Foundation
import IeumCore
import IeumGrader
import Vapor

struct SubmissionOutput: Content {
    struct TestOut: Content {
        let name: String
        let verdict: String
        let cpuMs: Int
        let memoryKb: Int
        /// Sample tests only: a program chooses its exit code (and can raise a signal), so on a hidden test they
        /// would carry its input out a byte at a time.
        let exitCode: Int?
        let signal: Int?
        /// The signal's name (SIGSEGV …) when a signal stopped the run.
        let signalName: String?
        let isSample: Bool
        /// Sample tests only: the input, the expected output, what the program printed and its error output.
        let input: String?
        let expected: String?
        let output: String?
        let errorOutput: String?
        enum CodingKeys: String, CodingKey {
            case name, verdict, output, signal, input, expected
            case cpuMs = "cpu_ms", memoryKb = "memory_kb", exitCode = "exit_code", signalName = "signal_name"
            case isSample = "is_sample", errorOutput = "error_output"
        }
    }

    struct Scorer: Content { let id: Int; let name: String }

    let id: Int
    let assignmentID: Int
    let personID: Int
    let attempt: Int
    let language: String
    let state: SubmissionState
    let submittedAt: Date
    let lateDays: Int
    let verdict: String?
    let passed: Int?
    let total: Int?
    /// The grader's points (after the late penalty).
    let points: Double?
    /// What counts: the latest mentor's score when there is one, else `points`.
    let score: Double?
    /// The mentor whose score `score` is; nil when it is the grader's.
    let scoredBy: Scorer?
    let compileOutput: String?
    let tests: [TestOut]
    let source: String

    enum CodingKeys: String, CodingKey {
        case id, attempt, language, state, verdict, passed, total, points, score, tests, source
        case assignmentID = "assignment_id"
        case personID = "person_id"
        case submittedAt = "submitted_at"
        case lateDays = "late_days"
        case compileOutput = "compile_output"
        case scoredBy = "scored_by"
    }

    init(_ s: Submission, counted: CountedScore?) {
        id = s.id ?? 0
        assignmentID = s.$assignment.id
        personID = s.$person.id
        attempt = s.attempt
        language = s.language
        state = s.state
        submittedAt = s.submittedAt
        lateDays = s.lateDays
        verdict = s.verdict
        passed = s.passed
        total = s.total
        points = s.points
        score = counted?.points ?? s.points
        scoredBy = counted.flatMap { c in c.mentorID.map { Scorer(id: $0, name: c.mentorName ?? "") } }
        compileOutput = s.compileOutput
        tests = Submissions.reports(of: s).map {
            TestOut(name: $0.name, verdict: $0.verdict.rawValue, cpuMs: $0.cpuMilliseconds, memoryKb: $0.memoryKilobytes,
                    exitCode: $0.isSample ? $0.exitCode : nil, signal: $0.isSample ? $0.signal : nil,
                    signalName: $0.isSample ? RunEnding.signalName($0.signal) : nil, isSample: $0.isSample,
                    input: $0.input, expected: $0.expected, output: $0.output, errorOutput: $0.errorOutput)
        }
        source = s.source
    }
}

/// Handing in code: checked, stored as queued (before anything else), and the workers woken.
enum Submissions {
    static let body = Body([
        .choice("language", Language.all.map(\.id)),
        .field("source", .text, "the program; at most 100,000 bytes of UTF-8, no control characters but tab and line ends"),
    ])

    static func submit(_ values: [String: String], assignment: Assignment, personID: Int, app: Application, now: Date,
                       on db: any Database) async throws -> Submission {
        var reader = FieldReader(values)
        let language = Language.named(reader.raw("language"))
        if language == nil || !assignment.languageList.contains(where: { $0.id == language!.id }) {
            reader.fail("language", "이 과제에서 쓸 수 있는 언어를 고르세요.", "Choose one of this assignment's languages.")
        }
        // Line ends to LF, control characters refused with their line: what is stored is what is compiled,
        // numbered and diffed.
        var source = ""
        switch SourceText.accepted(values["source"] ?? "", maxBytes: AssignmentForm.maxSource) {
        case .success(let text):
            source = text
            if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { reader.fail("source", "코드를 붙여 넣으세요.", "Paste your code.") }
        case .failure(let problem): reader.fail("source", problem.message.ko, problem.message.en)
        }
        if !assignment.policy.accepts(submittedAt: now, deadline: assignment.deadline) {
            reader.fail("source", "마감이 지나 더 이상 제출할 수 없습니다.", "The deadline has passed; this assignment no longer takes submissions.")
        }
        try reader.finish()
        let submission = Submission()
        submission.$assignment.id = try assignment.requireID()
        submission.$person.id = personID
        submission.cohortID = assignment.$cohort.id
        submission.operatorID = assignment.operatorID
        submission.campusID = assignment.campusID
        submission.language = language!.id
        submission.source = source
        submission.submittedAt = now
        submission.lateDays = LatePolicy.daysLate(submittedAt: now, deadline: assignment.deadline)
        submission.state = SubmissionState.queued
        // Two tabs sending at once: the unique (assignment, person, attempt) index makes one of them take the next number.
        for _ in 0..<3 {
            let last = try await Submission.query(on: db).filter(\.$assignment.$id == submission.$assignment.id)
                .filter(\.$person.$id == personID).max(\.$attempt) ?? 0
            submission.attempt = last + 1
            do {
                try await submission.create(on: db)
                app.gradingWorkers?.notify()
                return submission
            } catch let error as any DatabaseError where error.isConstraintFailure {
                submission.id = nil
                continue
            }
        }
        throw AppError.conflict(Localized("동시에 여러 번 제출되었습니다. 다시 시도하세요.", "Several submissions arrived at once; try again."))
    }

    static func reports(of submission: Submission) -> [TestReport] {
        guard let json = submission.report else { return [] }
        return (try? JSONDecoder().decode([TestReport].self, from: Data(json.utf8))) ?? []
    }

    static var isPending: (Submission) -> Bool {
        { [SubmissionState.queued, SubmissionState.grading].contains($0.state) }
    }
}
