import Foundation
import IeumCore
import Testing

@Suite("Login throttle")
struct LoginThrottleTests {
    let throttle = LoginThrottle()
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    func failures(_ count: Int, every seconds: TimeInterval) -> [Date] {
        (0..<count).map { t0.addingTimeInterval(Double($0) * seconds) }
    }

    @Test("nine failures do not lock; the tenth within 15 minutes does, for 15 minutes after it")
    func locks() {
        let nine = failures(9, every: 60)
        #expect(throttle.decide(now: t0.addingTimeInterval(600), accountFailureTimes: nine, addressFailureTimes: nine) == .allowed)
        let ten = failures(10, every: 60)
        let last = ten.last!
        #expect(throttle.decide(now: last.addingTimeInterval(1), accountFailureTimes: ten, addressFailureTimes: []) ==
                .accountLocked(until: last.addingTimeInterval(900)))
        #expect(throttle.decide(now: last.addingTimeInterval(899), accountFailureTimes: ten, addressFailureTimes: []) != .allowed)
        #expect(throttle.decide(now: last.addingTimeInterval(900), accountFailureTimes: ten, addressFailureTimes: []) == .allowed)
    }

    @Test("ten failures spread over more than 15 minutes do not lock")
    func slowFailures() {
        let spread = failures(10, every: 120)
        #expect(throttle.decide(now: spread.last!.addingTimeInterval(1), accountFailureTimes: spread, addressFailureTimes: spread) == .allowed)
    }

    @Test("one address failing across many accounts is throttled")
    func address() {
        let many = failures(50, every: 5)
        let decision = throttle.decide(now: many.last!.addingTimeInterval(1), accountFailureTimes: [], addressFailureTimes: many)
        #expect(decision == .addressThrottled(until: many.last!.addingTimeInterval(900)))
    }
}
