import IeumCore
import Testing

@Suite("Enrollment lifecycle")
struct EnrollmentLifecycleTests {
    static let legal: Set<String> = [
        "applied→selected", "applied→dropped",
        "selected→enrolled", "selected→dropped",
        "enrolled→completed", "enrolled→not_completed", "enrolled→dropped",
    ]

    static var allPairs: [(EnrollmentState, EnrollmentState)] {
        EnrollmentState.allCases.flatMap { from in EnrollmentState.allCases.map { (from, $0) } }
    }

    @Test("every one of the 36 state pairs is allowed or refused as the lifecycle says", arguments: allPairs)
    func everyPair(from: EnrollmentState, to: EnrollmentState) {
        let key = "\(from.rawValue)→\(to.rawValue)"
        let result = Result { () throws(EnrollmentTransitionError) in
            try EnrollmentLifecycle.transition(from: from, to: to, reason: "사유")
        }
        if Self.legal.contains(key) {
            #expect(throws: Never.self) { try result.get() }
        } else if from == to {
            #expect(throws: EnrollmentTransitionError.unchanged(from)) { try result.get() }
        } else {
            #expect(throws: EnrollmentTransitionError.notAllowed(from: from, to: to)) { try result.get() }
        }
    }

    @Test("completed and dropped are final")
    func finalStates() {
        #expect(EnrollmentState.completed.allowedNext.isEmpty)
        #expect(EnrollmentState.dropped.allowedNext.isEmpty)
        #expect(EnrollmentState.completed.isFinal && EnrollmentState.dropped.isFinal)
        #expect(!EnrollmentState.enrolled.isFinal)
    }

    @Test("dropping needs a reason that is not just spaces")
    func dropNeedsReason() throws {
        #expect(throws: EnrollmentTransitionError.reasonRequired) {
            try EnrollmentLifecycle.transition(from: .enrolled, to: .dropped, reason: "   ")
        }
        #expect(throws: EnrollmentTransitionError.reasonRequired) {
            try EnrollmentLifecycle.transition(from: .enrolled, to: .dropped, reason: nil)
        }
        let kept = try EnrollmentLifecycle.transition(from: .enrolled, to: .dropped, reason: "  조기 취업 ")
        #expect(kept == "조기 취업")
    }

    @Test("a refusal explains itself in Korean and English")
    func refusalMessage() {
        let message = EnrollmentTransitionError.notAllowed(from: .completed, to: .enrolled).message
        #expect(message.ko.contains("수료"))
        #expect(message.ko.contains("수강 중"))
        #expect(message.en.contains("completed"))
    }
}
