import Foundation
import IeumCore
import Testing

@Suite("Applications: lifecycle, questions, rubric, reviewer assignment")
struct AdmissionTests {
    @Test("the lifecycle allows only its steps; final states go nowhere, but a withdrawn application may be opened again")
    func lifecycle() throws {
        try AdmissionLifecycle.check(from: .draft, to: .submitted)
        try AdmissionLifecycle.check(from: .screening, to: .review)
        try AdmissionLifecycle.check(from: .waitlisted, to: .selected)
        #expect(throws: AdmissionTransitionError.notAllowed(from: .submitted, to: .selected)) { try AdmissionLifecycle.check(from: .submitted, to: .selected) }
        #expect(throws: AdmissionTransitionError.notAllowed(from: .draft, to: .review)) { try AdmissionLifecycle.check(from: .draft, to: .review) }
        for state in AdmissionState.allCases where state.isFinal && state != .withdrawn { #expect(state.allowedNext.isEmpty) }
        #expect(AdmissionState.withdrawn.allowedNext == [.draft])
        #expect(!AdmissionState.enrolled.canWithdraw && AdmissionState.waitlisted.canWithdraw)
    }

    @Test("questions are read from lines, with each bad line named")
    func questions() {
        let parsed = ApplicationQuestion.parse("long: 지원 동기\nchoice*: 트랙 | 백엔드 | 프론트엔드\nfile: 포트폴리오\n\nshort 빠진 콜론\nchoice: 하나뿐 | A")
        #expect(parsed.questions.map(\.key) == ["q1", "q2", "q3"])
        #expect(parsed.questions[1].required == false && parsed.questions[1].options == ["백엔드", "프론트엔드"])
        #expect(parsed.problems.map(\.en) == ["Line 5: write 'kind: question' (short, long, choice, file).",
                                              "Line 6: a choice question needs two or more options separated by '|'."])
        #expect(ApplicationQuestion.parse(parsed.questions.map(\.line).joined(separator: "\n")).questions == parsed.questions)
        let choice = parsed.questions[1]
        #expect(choice.problem(with: "디자인", submitting: false)?.en == "Choose one of the options.")
        #expect(choice.problem(with: "", submitting: true) == nil)
        #expect(parsed.questions[0].problem(with: " ", submitting: true)?.en == "Answer this question.")
        #expect(parsed.questions[0].problem(with: " ", submitting: false) == nil)
        #expect(parsed.questions[0].problem(with: String(repeating: "가", count: 3001), submitting: true) != nil)
    }

    @Test("a review's total is the weighted mean on 0–100; incomplete scores give none")
    func rubric() {
        let rubric = Rubric.parse("동기 | 30\n문제 해결 | 70").rubric
        #expect(rubric.total(["c1": 5, "c2": 5]) == 100)
        #expect(rubric.total(["c1": 1, "c2": 1]) == 0)
        #expect(rubric.total(["c1": 5, "c2": 1]) == 30)
        #expect(rubric.total(["c1": 3, "c2": 4]) == 67.5)
        #expect(rubric.total(["c1": 5]) == nil)
        #expect(rubric.total(["c1": 6, "c2": 3]) == nil)
        #expect(Rubric.spread([40, 90, 70]) == 50)
        #expect(Rubric.spread([55]) == 0)
        #expect(Rubric.parse("동기 30").problems.first?.en == "Line 1: write 'criterion | weight (1–100)'.")
        #expect(Rubric.parse("").problems.first?.en == "Give at least one criterion.")
    }

    @Test("reviewers are assigned evenly, never twice to one application, topping up existing reviews")
    func assignment() {
        let pairs = ReviewAssignment.assign(applications: Array(1...9), reviewers: [10, 20, 30], existing: [:], perApplication: 2)
        #expect(pairs.count == 18)
        let load = Dictionary(grouping: pairs, by: \.reviewer).mapValues(\.count)
        #expect(load.values.allSatisfy { $0 == 6 })
        for app in 1...9 { #expect(Set(pairs.filter { $0.application == app }.map(\.reviewer)).count == 2) }
        // Application 1 already has reviewer 10: it gets one more, and 10 carries that load.
        let topUp = ReviewAssignment.assign(applications: [1, 2], reviewers: [10, 20], existing: [1: [10]], perApplication: 2)
        #expect(topUp.map { [$0.application, $0.reviewer] } == [[1, 20], [2, 10], [2, 20]])
        // Fewer reviewers than asked for: as many distinct ones as there are.
        #expect(ReviewAssignment.assign(applications: [1], reviewers: [10], existing: [:], perApplication: 3).count == 1)
    }
}

@Suite("Group quotas")
struct GroupQuotaTests {
    let choices = ["q2": ["백엔드", "프론트엔드"], "gender": ["female", "male", "other", "undisclosed"]]

    @Test("quotas are read from lines; an unknown field or value is named with its line")
    func parse() {
        let parsed = GroupQuota.parse("q2 = 프론트엔드 | 30\ngender = female | 40%\n\nq9 = x | 10\nq2 = 디자인 | 10\nq2 프론트엔드 30\ngender = male | 0", choices: choices)
        #expect(parsed.quotas == [GroupQuota(field: "q2", value: "프론트엔드", percent: 30), GroupQuota(field: "gender", value: "female", percent: 40)])
        #expect(parsed.quotas.map(\.group) == ["q2=프론트엔드", "gender=female"])
        #expect(parsed.problems.map { $0.en.prefix(7) } == ["Line 4:", "Line 5:", "Line 6:", "Line 7:"])
        #expect(parsed.problems[1].en.contains("not one of q2's options"))
        #expect(GroupQuota.parse(parsed.quotas.map(\.line).joined(separator: "\n"), choices: choices).quotas == parsed.quotas)
    }
}
