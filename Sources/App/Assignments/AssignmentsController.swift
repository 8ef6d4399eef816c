import Fluent
import Foundation
import IeumCore
import Vapor

/// Assignments of a cohort: written by its staff and mentors, solved by its trainees.
enum AssignmentsController {
    static func register(pages: any RoutesBuilder, api: any RoutesBuilder) {
        let body = HTTPBodyStreamStrategy.collect(maxSize: "4mb")
        let routes = AssignmentRoutes.self
        let anyone: [any Middleware] = [CohortGradingGuard(staffOnly: false)], authors: [any Middleware] = [CohortGradingGuard(staffOnly: true, authorOnly: true)]
        pages.register(.GET, routes.cohortAssignments.template, guards: anyone, use: listPage)
        pages.register(.GET, routes.newAssignment.template, guards: authors, use: newPage)
        pages.register(.POST, routes.cohortAssignments.template, guards: authors, body: body, action: creation,
                       next: { _, a in AssignmentRoutes.assignment(try a.requireID()) },
                       retry: { req, values, errors in
                           AssignmentPages.form(req, action: AssignmentRoutes.cohortAssignments(try req.loaded(Cohort.self).requireID()), values: values,
                                                errors: errors, title: req.lang.pick("새 과제", "New assignment"))
                       })
        api.register(routes.listJSON, guards: anyone, use: listJSON)
        api.register(routes.create, guards: authors, body: body, action: creation,
                     location: { _, a in routes.showJSON.template.filled([String(try a.requireID())]) }) { _, a in AssignmentOutput(a, tests: [], showHidden: true) }

        let read: [any Middleware] = [AssignmentGuard(mode: .read)], author: [any Middleware] = [AssignmentGuard(mode: .author)]
        let submitter: [any Middleware] = [AssignmentGuard(mode: .submit)]
        pages.register(.GET, routes.assignment.template, guards: read, use: AssignmentPages.show)
        api.register(routes.showJSON, guards: read, use: showJSON)
        pages.register(.GET, routes.editAssignment.template, guards: author, use: editPage)
        let assignmentPage: @Sendable (Request, String) throws -> String = { req, part in
            AssignmentRoutes.assignment(try req.loaded(Assignment.self).requireID()) + part
        }
        pages.register(.POST, routes.editAssignment.template, guards: author, body: body, action: change,
                       next: { req, _ in try assignmentPage(req, "") },
                       retry: { req, values, errors in
                           AssignmentPages.form(req, action: AssignmentRoutes.editAssignment(try req.loaded(Assignment.self).requireID()), values: values,
                                                errors: errors, title: req.lang.pick("과제 고치기", "Edit assignment"))
                       })
        api.register(routes.update, guards: author, body: body, action: change) { req, a in
            AssignmentOutput(a, tests: try await tests(of: a, on: req.db), showHidden: true)
        }
        pages.register(.POST, routes.tests.template, guards: author, body: body, action: testAddition, next: { req, _ in try assignmentPage(req, "#tests") },
                       retry: { req, values, errors in try await AssignmentPages.render(req, testValues: values, testErrors: errors) })
        api.register(routes.addTest, guards: author, body: body, action: testAddition,
                     location: { req, _ in routes.showJSON.template.filled([String(try req.loaded(Assignment.self).requireID())]) }) { req, test in
            AssignmentOutput(try req.loaded(Assignment.self), tests: [test], showHidden: true)
        }
        pages.register(.POST, routes.deleteTest.template, guards: author, action: testRemoval, next: { req, _ in try assignmentPage(req, "#tests") },
                       confirm: { req, _ in
                           let assignment = try req.loaded(Assignment.self)
                           return ConfirmationQuestion(
                               title: Localized("테스트 지우기", "Delete a test"),
                               consequence: Localized("「\(assignment.title)」의 테스트 하나를 지웁니다. 이미 채점된 제출은 다시 채점할 때까지 지금 점수 그대로이며, 지운 테스트는 되살릴 수 없습니다.",
                                                      "One test of “\(assignment.title)” will be deleted. Submissions already graded keep their results until regraded; a deleted test cannot be brought back."),
                               confirm: Localized("테스트 지우기", "Delete the test"), back: try assignmentPage(req, "#tests"))
                       })
        api.register(routes.removeTest, guards: author, action: testRemoval) { _, _ in HTTPStatus.noContent }
        pages.register(.POST, routes.regrade.template, guards: author, action: regrading, next: { req, _ in try assignmentPage(req, "#submissions") })
        api.register(routes.regradeJSON, guards: author, action: regrading)
        pages.register(.POST, routes.submit.template, guards: submitter, body: body, action: SubmissionPages.handingIn,
                       next: { _, s in AssignmentRoutes.submission(try s.requireID()) },
                       retry: { req, values, errors in
                           try await AssignmentPages.render(req, testValues: [:], testErrors: [], submitValues: values, submitErrors: errors)
                       })
        api.register(routes.handIn, guards: submitter, body: body, action: SubmissionPages.handingIn) { _, s in SubmissionOutput(s, counted: nil) }
        pages.register(.GET, routes.mine.template, roles: [.trainee], use: myAssignments)
    }

    static func tests(of assignment: Assignment, on db: any Database) async throws -> [AssignmentTest] {
        try await AssignmentTest.query(on: db).filter(\.$assignment.$id == assignment.requireID()).sort(\.$position).sort(\.$id).all()
    }

    /// The cohort's course work (its selection-test problems are not among them).
    static func assignments(ofCohort id: Int, on db: any Database) async throws -> [Assignment] {
        try await Assignment.query(on: db).filter(\.$cohort.$id == id).filter(\.$purpose == nil).sort(\.$deadline).sort(\.$id).all()
    }

    static func admissionTests(ofCohort id: Int, on db: any Database) async throws -> [Assignment] {
        try await Assignment.query(on: db).filter(\.$cohort.$id == id).filter(\.$purpose == Assignment.admissionTest).sort(\.$id).all()
    }

    // MARK: Lists

    @Sendable static func listJSON(_ req: Request) async throws -> [AssignmentOutput] {
        let cohort = try req.loaded(Cohort.self)
        let showHidden = GradingAccess.canAuthor(req.gradingRelation)
        var out: [AssignmentOutput] = []
        for a in try await assignments(ofCohort: try cohort.requireID(), on: req.db) {
            out.append(AssignmentOutput(a, tests: try await tests(of: a, on: req.db), showHidden: showHidden))
        }
        return out
    }

    @Sendable static func listPage(_ req: Request) async throws -> Response {
        try await AssignmentPages.list(req, cohort: try req.loaded(Cohort.self))
    }

    /// A trainee's own cohort's assignments.
    @Sendable static func myAssignments(_ req: Request) async throws -> Response {
        guard let enrollment = try await MyAttendance.currentEnrollment(personID: try req.principal.personID, on: req.db),
              let cohort = try await Cohort.find(enrollment.$cohort.id, on: req.db) else {
            return Layout.page(req, title: req.lang.pick("과제", "Assignments"),
                               body: "<p class=\"empty\">\(req.lang.pick("수강 중인 기수가 없습니다.", "You are not in a cohort."))</p>")
        }
        req.storage[RelationKey.self] = .trainee
        return try await AssignmentPages.list(req, cohort: cohort)
    }

    @Sendable static func showJSON(_ req: Request) async throws -> AssignmentOutput {
        let a = try req.loaded(Assignment.self)
        return AssignmentOutput(a, tests: try await tests(of: a, on: req.db), showHidden: GradingAccess.canAuthor(req.gradingRelation))
    }

    // MARK: Create and edit

    static func create(_ req: Request, values: [String: String]) async throws -> Assignment {
        let cohort = try req.loaded(Cohort.self)
        let a = Assignment()
        a.$cohort.id = try cohort.requireID()
        a.operatorID = cohort.operatorID
        a.campusID = cohort.$campus.id
        a.testsVersion = 1
        a.createdBy = try req.principal.personID
        if values["purpose"] == Assignment.admissionTest { a.purpose = Assignment.admissionTest }
        try AssignmentForm.apply(values, to: a)
        try await a.create(on: req.db)
        return a
    }

    @Sendable static func newPage(_ req: Request) async throws -> Response {
        let cohort = try req.loaded(Cohort.self)
        if (try? req.query.get(String.self, at: "purpose")) == Assignment.admissionTest {
            // A selection-test problem takes submissions until the course starts; each applicant's own time limit applies on top.
            return AssignmentPages.form(req, action: AssignmentRoutes.cohortAssignments(try cohort.requireID()),
                                        values: ["deadline": cohort.startsOn + "T00:00", "cpu_ms": "1000", "memory_mb": "256", "output_kb": "1024",
                                                 "points": "100", "late_policy": "refuse", "comparison": "whitespace", "languages": "python3,c,cpp,java",
                                                 "purpose": Assignment.admissionTest],
                                        errors: [], title: req.lang.pick("새 코딩 테스트 문제", "New coding-test problem"))
        }
        let deadline = AssignmentForm.deadlineText(req.now.addingTimeInterval(7 * 86_400))
        return AssignmentPages.form(req, action: AssignmentRoutes.cohortAssignments(try cohort.requireID()),
                                    values: ["deadline": String(deadline.prefix(11)) + "18:00", "cpu_ms": "1000", "memory_mb": "256",
                                             "output_kb": "1024", "points": "100", "late_policy": "penalty", "penalty_per_day": "10",
                                             "penalty_floor": "50", "comparison": "whitespace", "languages": "python3,c"],
                                    errors: [], title: req.lang.pick("새 과제", "New assignment"))
    }

    static let creation = Action { req, values in try await create(req, values: values) }

    @Sendable static func editPage(_ req: Request) async throws -> Response {
        let a = try req.loaded(Assignment.self)
        return AssignmentPages.form(req, action: AssignmentRoutes.editAssignment(try a.requireID()), values: AssignmentForm.values(of: a), errors: [],
                                    title: req.lang.pick("과제 고치기", "Edit assignment"))
    }

    static let change = Action { req, values -> Assignment in
        let a = try req.loaded(Assignment.self)
        try AssignmentForm.apply(values, to: a)
        try await a.save(on: req.db)
        return a
    }

    // MARK: Tests

    /// Adding or removing a test changes what submissions were graded against: the version grows.
    static func addTest(_ req: Request, values: [String: String]) async throws -> AssignmentTest {
        let a = try req.loaded(Assignment.self)
        let position = (try await AssignmentTest.query(on: req.db).filter(\.$assignment.$id == a.requireID()).max(\.$position) ?? 0) + 1
        let test = try AssignmentForm.test(values, assignmentID: try a.requireID(), position: position)
        try await req.db.writeTransaction { tx in
            try await test.create(on: tx)
            a.testsVersion += 1
            try await a.save(on: tx)
        }
        return test
    }

    static let testAddition = Action { req, values in try await addTest(req, values: values) }

    static func deleteTest(_ req: Request) async throws {
        let a = try req.loaded(Assignment.self)
        guard let id = req.parameters.get("testID", as: Int.self),
              let test = try await AssignmentTest.query(on: req.db).filter(\.$id == id).filter(\.$assignment.$id == a.requireID()).first() else {
            throw AppError.notFound()
        }
        try await req.db.writeTransaction { tx in
            try await test.delete(on: tx)
            a.testsVersion += 1
            try await a.save(on: tx)
        }
    }

    static let testRemoval = Action { req in try await deleteTest(req) }

    struct RegradeOutput: Content { let queued: Int }

    static let regrading = Action { req -> RegradeOutput in
        let n = try await GradingQueue.regrade(assignmentID: try req.loaded(Assignment.self).requireID(), on: req.db)
        req.application.gradingWorkers?.notify()
        return RegradeOutput(queued: n)
    }
}
