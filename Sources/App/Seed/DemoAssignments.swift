import Fluent
import Foundation
import IeumCore

/// The demo's coding work: a running cohort's mentors, three assignments with sample and hidden tests, and
/// trainees' attempts (right, wrong, crashing) left in the grading queue, so the server grades them live on
/// its first start. A mentor has already reviewed a few.
enum DemoAssignments {
    struct Problem {
        let title: String
        let statement: String
        let tests: [(String, String, Bool)]
        let solutions: [(String, String)]
        let daysToDeadline: Int
    }

    static let problems: [Problem] = [
        Problem(title: "두 수의 합", statement: """
            # 문제
            두 정수 **a**와 **b**가 한 줄에 주어집니다. `a + b`를 출력하세요.

            # 제한
            - -10⁹ ≤ a, b ≤ 10⁹
            """, tests: [("1 2\n", "3\n", true), ("-5 5\n", "0\n", true), ("1000000000 1000000000\n", "2000000000\n", false), ("-7 3\n", "-4\n", false)],
            solutions: [("python3", "a, b = map(int, input().split())\nprint(a + b)\n"),
                        ("c", "#include <stdio.h>\n\nint main(void) {\n    int a, b;\n    scanf(\"%d %d\", &a, &b);\n    printf(\"%d\\n\", a + b);\n    return 0;\n}\n"),
                        ("python3", "a, b = input().split()\nprint(a + b)\n")],
            daysToDeadline: -3),
        Problem(title: "최댓값과 위치", statement: """
            # 문제
            첫 줄에 수의 개수 **n**, 둘째 줄에 n개의 정수가 주어집니다. 가장 큰 수와 그 수가 처음 나온 위치(1부터)를 출력하세요.

            # 예
            ```
            5
            3 9 2 9 1
            ```
            의 답은 `9 2`입니다.
            """, tests: [("5\n3 9 2 9 1\n", "9 2\n", true), ("1\n-4\n", "-4 1\n", false), ("4\n1 2 3 4\n", "4 4\n", false)],
            solutions: [("python3", "n = int(input())\nxs = list(map(int, input().split()))\nm = max(xs)\nprint(m, xs.index(m) + 1)\n"),
                        ("javascript", "const lines = require('fs').readFileSync(0, 'utf8').trim().split('\\n');\nconst xs = lines[1].split(' ').map(Number);\nconst m = Math.max(...xs);\nconsole.log(m, xs.lastIndexOf(m) + 1);\n"),
                        ("cpp", "#include <iostream>\n#include <vector>\nint main() {\n    int n; std::cin >> n;\n    std::vector<int> v(n);\n    for (auto &x : v) std::cin >> x;\n    int best = 0;\n    for (int i = 1; i < n; i++) if (v[i] > v[best]) best = i;\n    std::cout << v[best] << ' ' << best + 1 << '\\n';\n}\n")],
            daysToDeadline: 4),
        Problem(title: "단어 뒤집기", statement: """
            # 문제
            한 줄의 문장이 주어집니다. 단어의 순서를 거꾸로 하여 출력하세요. 단어는 공백 하나로 구분됩니다.
            """, tests: [("hello ieum world\n", "world ieum hello\n", true), ("one\n", "one\n", false), ("a b c d e\n", "e d c b a\n", false)],
            solutions: [("python3", "print(' '.join(reversed(input().split())))\n"),
                        ("java", "import java.util.*;\n\npublic class Main {\n    public static void main(String[] args) {\n        String[] w = new Scanner(System.in).nextLine().split(\" \");\n        StringBuilder sb = new StringBuilder();\n        for (int i = w.length - 1; i >= 0; i--) sb.append(w[i]).append(i > 0 ? \" \" : \"\");\n        System.out.println(sb);\n    }\n}\n"),
                        ("python3", "words = input().split()\nprint(words[len(words)])\n")],
            daysToDeadline: 10),
    ]

    static func seed(cohort: Cohort, mentors: [Person], author: Person, trainees: [Enrollment], now: Date,
                     rng: inout SeededRandom, on db: any Database) async throws {
        let cohortID = try cohort.requireID()
        for mentor in mentors { try await CohortMentor(cohortID: cohortID, personID: try mentor.requireID()).create(on: db) }
        for (index, problem) in problems.enumerated() {
            let a = Assignment()
            a.$cohort.id = cohortID
            a.operatorID = cohort.operatorID
            a.campusID = cohort.$campus.id
            a.title = problem.title
            a.statement = problem.statement
            a.languages = "python3,c,cpp,java,javascript"
            a.starterCode = nil
            a.cpuMilliseconds = 1_000
            a.memoryKilobytes = 262_144
            a.outputKilobytes = 1_024
            a.points = 100
            let day = Day(now).adding(days: problem.daysToDeadline)
            a.deadline = KoreanFormats.startOfDay(day).addingTimeInterval(18 * 3600)
            a.latePolicy = "penalty:10:50"
            a.comparison = "whitespace"
            a.testsVersion = 1
            a.createdBy = try author.requireID()
            try await a.create(on: db)
            for (position, test) in problem.tests.enumerated() {
                try await AssignmentTest(assignmentID: try a.requireID(), position: position + 1, name: test.2 ? "예제 \(position + 1)" : "숨김 \(position + 1)",
                                         input: test.0, expected: test.1, weight: 1, isSample: test.2).create(on: db)
            }
            // Earlier problems have more attempts; a third of the class has not started the last one.
            for (seat, enrollment) in trainees.enumerated() where seat % 3 != 2 || index == 0 {
                let attempts = 1 + Int(rng.next() % 2)
                for attempt in 1...attempts {
                    let pick = attempt == attempts ? seat % 2 : 2  // a wrong try first, then their final one
                    let (language, source) = problem.solutions[min(pick, problem.solutions.count - 1)]
                    let s = Submission()
                    s.$assignment.id = try a.requireID()
                    s.$person.id = enrollment.$person.id
                    s.cohortID = cohortID
                    s.operatorID = cohort.operatorID
                    s.campusID = cohort.$campus.id
                    s.attempt = attempt
                    s.language = language
                    s.source = source
                    s.submittedAt = now.addingTimeInterval(-Double(86_400 * (3 - index) + seat * 600 + (attempts - attempt) * 1_800))
                    s.lateDays = LatePolicy.daysLate(submittedAt: s.submittedAt, deadline: a.deadline)
                    s.state = SubmissionState.queued
                    try await s.create(on: db)
                    if index == 0 && attempt == attempts && seat % 4 == 0, let mentor = mentors.first {
                        let r = SubmissionReview()
                        r.$submission.id = try s.requireID()
                        r.mentorID = try mentor.requireID()
                        r.feedback = seat % 8 == 0 ? "입력 범위를 꼼꼼히 확인했네요. 변수 이름도 좋습니다." : "정답입니다. 다음에는 예외 입력도 생각해 보세요."
                        r.createdAt = s.submittedAt.addingTimeInterval(Double(3_600 * (1 + seat % 5)))
                        try await r.create(on: db)
                        s.firstReviewedAt = r.createdAt
                        try await s.save(on: db)
                    }
                }
            }
        }
    }
}
