@testable import App
import Foundation
import Testing

@Suite("Rotating check-in codes")
struct CheckInCodeTests {
    let cipher = try! FieldCipher(spec: FieldCipher.newKeySpec(id: "k1"))
    let t0 = Date(timeIntervalSince1970: 1_793_581_200) // a window boundary: divisible by 30

    @Test("a fresh code for the campus is accepted, also in the next 30 seconds")
    func fresh() {
        let codes = CheckInCode(cipher: cipher)
        let code = codes.make(campusID: 7, at: t0)
        #expect(codes.verify(code, campusID: 7, at: t0.addingTimeInterval(5)) == .success(CheckInCode.windowIndex(t0)))
        #expect((try? codes.verify(code, campusID: 7, at: t0.addingTimeInterval(59)).get()) != nil)
    }

    @Test("an expired code is refused with a clear message")
    func expired() {
        let codes = CheckInCode(cipher: cipher)
        let code = codes.make(campusID: 7, at: t0)
        #expect(codes.verify(code, campusID: 7, at: t0.addingTimeInterval(60)) == .failure(.expired))
        #expect(CheckInCode.Refusal.expired.message.ko.contains("만료"))
        // A code from the future (a forged clock) is no better.
        #expect(codes.verify(codes.make(campusID: 7, at: t0.addingTimeInterval(120)), campusID: 7, at: t0) == .failure(.expired))
    }

    @Test("a code already accepted (its signature checked once) still expires, and still belongs to its campus")
    func acceptedThenExpired() {
        let codes = CheckInCode(cipher: cipher)
        let code = codes.make(campusID: 7, at: t0)
        #expect(codes.verify(code, campusID: 7, at: t0.addingTimeInterval(1)) == .success(CheckInCode.windowIndex(t0)))
        #expect(codes.verify(code, campusID: 8, at: t0.addingTimeInterval(2)) == .failure(.otherCampus))
        #expect(codes.verify(code, campusID: 7, at: t0.addingTimeInterval(60)) == .failure(.expired))
        #expect(codes.verify(code, campusID: 7, at: t0.addingTimeInterval(3600)) == .failure(.expired))
    }

    @Test("a forged or altered code is refused")
    func forged() {
        let codes = CheckInCode(cipher: cipher)
        let code = codes.make(campusID: 7, at: t0)
        let otherServer = CheckInCode(cipher: try! FieldCipher(spec: FieldCipher.newKeySpec(id: "k1")))
        #expect(otherServer.verify(code, campusID: 7, at: t0) == .failure(.forged))
        var parts = code.split(separator: ".").map(String.init)
        parts[2] = String(Int64(parts[2])! + 1)
        #expect(codes.verify(parts.joined(separator: "."), campusID: 7, at: t0.addingTimeInterval(30)) == .failure(.forged))
        #expect(codes.verify("hello", campusID: 7, at: t0) == .failure(.malformed))
    }

    @Test("a code from another campus is refused")
    func otherCampus() {
        let codes = CheckInCode(cipher: cipher)
        #expect(codes.verify(codes.make(campusID: 8, at: t0), campusID: 7, at: t0) == .failure(.otherCampus))
    }
}
