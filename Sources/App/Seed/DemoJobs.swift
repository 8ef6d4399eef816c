import Fluent
import Foundation
import IeumCore

/// The demo's job market: verified companies' postings, recent graduates' profiles (about half share them) and
/// applications at every stage for the demo employer, so each role has something real to look at.
enum DemoJobs {
    /// What each course track teaches and leads to.
    static let tracks: [String: (JobType, [String])] = [
        "백엔드": (.backend, ["java", "spring", "sql", "git", "docker", "rest api", "python", "linux"]),
        "클라우드": (.cloud, ["linux", "aws", "kubernetes", "docker", "terraform", "networking", "python"]),
        "프론트엔드": (.frontend, ["javascript", "typescript", "react", "html", "css", "git", "node.js"]),
        "모바일": (.mobile, ["kotlin", "swift", "android", "ios", "git", "rest api"]),
        "AI·데이터": (.data, ["python", "sql", "pandas", "pytorch", "spark", "statistics", "git"]),
        "보안": (.security, ["linux", "networking", "python", "web security", "forensics"]),
        "임베디드": (.embedded, ["c", "c++", "rtos", "iot", "linux", "python"]),
    ]

    static let postings: [(title: String, type: JobType, skills: String)] = [
        ("백엔드 개발자 (신입)", .backend, "java, spring, sql, git"),
        ("클라우드 운영 엔지니어", .cloud, "linux, aws, docker, kubernetes"),
        ("데이터 엔지니어", .data, "python, sql, spark"),
        ("웹 프론트엔드 개발자", .frontend, "javascript, react, typescript"),
        ("스마트팩토리 임베디드 개발자", .embedded, "c, c++, iot, linux"),
        ("모바일 앱 개발자", .mobile, "kotlin, android, rest api"),
        ("정보보안 관제 엔지니어", .security, "linux, networking, web security"),
    ]

    static func seed(employers: [Employer], poster: Int, today: Day, now: Date, rng: inout SeededRandom, on db: any Database) async throws {
        // Profiles: completers of cohorts that ended in the last 18 months.
        let since = today.adding(days: -548).description
        let recent = try await Cohort.query(on: db).filter(\.$endsOn >= since).filter(\.$endsOn < today.description).with(\.$course).with(\.$campus).all()
        let cohorts = Dictionary(uniqueKeysWithValues: recent.map { ($0.id!, $0) })
        let completers = try await Enrollment.query(on: db).filter(\.$cohort.$id ~~ Array(cohorts.keys))
            .filter(\.$state == EnrollmentState.completed.rawValue).sort(\.$id).all()
        var profiles: [GraduateProfileRecord] = []
        var events: [ConsentEvent] = []
        for e in completers {
            guard let cohort = cohorts[e.$cohort.id], Int.random(in: 0..<100, using: &rng) < 60 else { continue }
            let (type, taught) = tracks[cohort.course.track] ?? (.backend, ["git"])
            let profile = GraduateProfileRecord(personID: e.$person.id, at: now)
            profile.headline = "\(cohort.course.title) 수료 · \(type.name.ko) 지망"
            profile.skills = SkillList.text(Array(taught.shuffled(using: &rng).prefix(Int.random(in: 3...6, using: &rng))))
            profile.projects = "\(cohort.campus.name) 팀 프로젝트: \(["스마트팩토리 설비 모니터링", "지역 관광 추천 서비스", "캠퍼스 출결 앱", "공공데이터 대시보드"].randomElement(using: &rng)!)"
            var regions = [cohort.campus.region]
            if Int.random(in: 0..<100, using: &rng) < 40 { regions.append(Region.allCases.randomElement(using: &rng)!.rawValue) }
            profile.desiredRegions = Array(Set(regions)).sorted().joined(separator: ",")
            profile.jobTypes = type.rawValue
            // About three in four of those with a profile share it with employers.
            if Int.random(in: 0..<100, using: &rng) < 75 {
                let at = now.addingTimeInterval(-Double(Int.random(in: 1...90, using: &rng)) * 86_400)
                profile.consentGivenAt = at
                let event = ConsentEvent()
                event.personID = e.$person.id; event.action = "given"; event.at = at; event.ip = "127.0.0.1"
                events.append(event)
            }
            profiles.append(profile)
        }
        try await profiles.create(on: db)
        try await events.create(on: db)

        var jobs: [JobPosting] = []
        for (i, employer) in employers.enumerated() where employer.verified {
            // The demo employer, a smart factory in Changwon, hires backend, cloud and embedded developers.
            let picks = i == 0 ? [0, 1, 4] : (0..<(1 + i % 2)).map { (i + $0 * 3) % postings.count }
            for index in picks {
                let spec = postings[index]
                let job = JobPosting()
                job.$employer.id = employer.id!
                job.title = spec.title
                job.description = "\(employer.name)(\(employer.industry))에서 \(spec.type.name.ko) 업무를 함께할 분을 찾습니다. 이음 수료생 우대."
                job.region = employer.region
                job.jobType = spec.type.rawValue
                job.skills = spec.skills
                job.salaryMin = 3000 + 100 * Int.random(in: 0...8, using: &rng)
                job.salaryMax = job.salaryMin + 400 + 100 * Int.random(in: 0...8, using: &rng)
                job.positions = Int.random(in: 1...4, using: &rng)
                job.deadline = today.adding(days: Int.random(in: 7...60, using: &rng)).description
                job.createdBy = poster
                job.createdAt = now.addingTimeInterval(-Double(Int.random(in: 1...20, using: &rng)) * 86_400)
                jobs.append(job)
            }
        }
        for job in jobs { try await job.create(on: db) }

        // The demo employer's first posting has applicants at every stage, from the best-fitting consenting graduates.
        guard let first = jobs.first else { return }
        let ranked = try await GraduateDirectory.recommendations(for: first, limit: 6, on: db)
        let stages: [ApplicationStage] = [.applied, .applied, .interview, .interview, .offer, .rejected]
        for (r, stage) in zip(ranked, stages) {
            let application = JobApplication()
            application.$job.id = first.id!
            application.personID = r.item.person.id!
            application.employerID = first.$employer.id
            application.stage = stage
            application.message = "\(r.item.campus.name)에서 \(r.item.course.title) 과정을 수료했습니다."
            application.createdAt = now.addingTimeInterval(-5 * 86_400)
            application.stageChangedAt = now.addingTimeInterval(-Double(Int.random(in: 0...4, using: &rng)) * 86_400)
            try await application.create(on: db)
            var previous: ApplicationStage? = nil
            for step in [ApplicationStage.applied, .interview, .offer, .rejected] where step == .applied || stage == step
                || (stage == .offer && step == .interview) {
                let event = ApplicationEvent()
                event.applicationID = application.id!
                event.fromStage = previous?.rawValue
                event.toStage = step.rawValue
                event.actorID = step == .applied ? r.item.person.id! : first.createdBy
                event.at = application.createdAt
                try await event.create(on: db)
                previous = step
            }
        }
    }
}
