import Foundation
import IeumCore
import Testing

@Suite("Password policy")
struct PasswordPolicyTests {
    let policy = PasswordPolicy(commonPasswords: ["password", "qwerty123456", "iloveyou", "dragon", "123456789012"])

    @Test("length: 12 to 128 characters, counted as characters, not bytes")
    func length() {
        #expect(policy.check("short pass") == .tooShort)
        #expect(policy.check("한글 비밀번호예요") == .tooShort)
        #expect(policy.check("한글로 된 긴 비밀번호예요") == nil)
        #expect(policy.check(String(repeating: "ab1!", count: 32)) == nil)
        #expect(policy.check(String(repeating: "ab1!", count: 32) + "x") == .tooLong)
    }

    @Test("no composition rules: a long lower-case passphrase is fine")
    func passphrase() {
        #expect(policy.check("correct horse battery staple") == nil)
    }

    @Test("common passwords are refused, also when padded with digits or symbols",
          arguments: ["qwerty123456", "QWERTY123456", "password1234", "Password!!!!", "iloveyou2026", "dragon123456"])
    func common(password: String) {
        #expect(policy.check(password) == .common)
    }

    @Test("one character or a plain sequence repeated is refused", arguments: ["aaaaaaaaaaaa", "abababababab", "abcdefghijklm", "987654321098", "123456789012"])
    func repetitive(password: String) {
        #expect(policy.check(password) == .repetitive)
    }

    @Test("a common word repeated to reach the length is refused")
    func repeatedCommon() {
        #expect(policy.check("dragondragondragon") == .common)
    }

    @Test("the person's own name or e-mail is not a password")
    func personal() {
        #expect(policy.check("minjun.kim2026", personal: ["김민준", "minjun.kim@example.kr"]) == .personal)
        #expect(policy.check("a very different phrase", personal: ["minjun.kim@example.kr"]) == nil)
    }

    @Test("each refusal explains itself")
    func messages() {
        #expect(PasswordPolicy.Problem.tooShort.message.ko == "비밀번호는 12자 이상이어야 합니다.")
        #expect(PasswordPolicy.Problem.common.message.en.contains("leaked"))
    }
}

@Suite("Retention schedule")
struct RetentionScheduleTests {
    let schedule = RetentionSchedule()

    @Test("someone who never trained is anonymised at once")
    func neverEnrolled() {
        #expect(schedule.step(today: Day("2026-11-28")!, lastCourseEnd: nil) == .anonymise)
    }

    @Test("training records keep their trainee for three years after the last course, then are anonymised")
    func trainee() {
        let end = Day("2025-08-31")!
        #expect(schedule.step(today: Day("2026-11-28")!, lastCourseEnd: end) == .eraseExtras(keepIdentityUntil: Day("2028-08-28")!))
        #expect(schedule.step(today: Day("2028-08-28")!, lastCourseEnd: end) == .anonymise)
    }
}

@Suite("Monthly access review")
struct AccessReviewTests {
    // 2026-11-02 (Monday) 10:00 KST and 23:30 KST, and 2026-11-07 (Saturday) 11:00 KST.
    let workday = Date(timeIntervalSince1970: 1_793_581_200)
    var lateNight: Date { workday.addingTimeInterval(13.5 * 3600) }
    var saturday: Date { workday.addingTimeInterval(5 * 86_400 + 3600) }

    @Test("working hours are Monday to Friday, 08:00 to 20:00 in Korea")
    func hours() {
        let review = AccessReview()
        #expect(!review.isOffHours(workday))
        #expect(review.isOffHours(lateNight))
        #expect(review.isOffHours(saturday))
    }

    @Test("bulk and off-hours viewers are flagged and listed first")
    func findings() {
        var review = AccessReview()
        review.bulkThreshold = 2
        let entries = [
            AccessReview.Entry(actorID: 1, subjectID: 10, at: workday),
            AccessReview.Entry(actorID: 2, subjectID: 10, at: workday), AccessReview.Entry(actorID: 2, subjectID: 11, at: workday),
            AccessReview.Entry(actorID: 2, subjectID: 12, at: workday),
            AccessReview.Entry(actorID: 3, subjectID: 10, at: lateNight),
        ]
        let findings = review.review(entries)
        #expect(findings.map(\.actorID) == [2, 3, 1])
        #expect(findings[0].bulk && findings[0].distinctPeople == 3)
        #expect(findings[1].offHoursViews == 1 && !findings[1].bulk)
        #expect(!findings[2].isUnusual)
    }
}
