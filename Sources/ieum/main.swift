import App
import ArgumentParser
import Foundation
import NIOCore
import NIOPosix

@main
enum Entrypoint {
    static func main() async {
        // As in Vapor's own template: async code then runs on the server's event loops instead of hopping to a
        // second pool of threads and back at every await (see BENCHMARKS.md, check-in).
        _ = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        await Ieum.main()
    }
}

struct Ieum: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ieum",
        abstract: "이음 — the platform of the national digital-talent program.",
        subcommands: [Serve.self, Migrate.self, Seed.self, User.self, Audit.self, BackupCommand.self, RestoreCommand.self, Keys.self, Jobs.self, Bench.self]
    )
}

struct DatabaseOptions: ParsableArguments {
    @Option(help: "Folder for the SQLite database when DATABASE_URL is not set (default: ./data, or IEUM_DATA_DIR).")
    var dataDir: String?

    func config() throws -> AppConfig { try AppConfig.fromEnvironment(dataDirectory: dataDir) }
}

func printLogins(_ logins: [(role: String, email: String, name: String)]) {
    print("\n데모 로그인 / Demo logins — password: \(Operations.demoPassword)")
    for login in logins {
        print("  \(login.role.padding(toLength: 32, withPad: " ", startingAt: 0)) \(login.email)  (\(login.name))")
    }
    print("")
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Migrate the database and serve Ieum.")

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on.") var port = 8080
    @Flag(help: "Seed the demo program first if the database is empty.") var demo = false
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        var config = try database.config()
        // The demo's staff accounts would otherwise need an authenticator app before showing anything.
        if demo && ProcessInfo.processInfo.environment["IEUM_REQUIRE_STAFF_2FA"] != "1" {
            config.requireStaffSecondFactor = false
        }
        config.isDemo = demo
        // Credentials sign their issuer's address: the demo's is where it is served, never a request's Host header.
        if demo && config.publicURL == nil { config.publicURL = "http://\(host):\(port)" }
        let runtime = try await IeumRuntime.boot(config, arguments: ["ieum", "serve", "--hostname", host, "--port", String(port)])
        try await runtime.run { runtime in
            try await runtime.migrate()
            if demo {
                if let logins = try await runtime.seedDemo() {
                    printLogins(logins)
                } else {
                    print("데모 데이터가 이미 있습니다 / The demo program is already there — logins in README.md, password: \(Operations.demoPassword)")
                }
            }
            if !config.requireStaffSecondFactor {
                print("데모 모드: 담당자 2단계 인증 의무가 꺼져 있습니다 / Demo mode: staff two-step verification is optional (IEUM_REQUIRE_STAFF_2FA=1 turns it on).")
            }
            if config.publicURL == nil {
                print("IEUM_PUBLIC_URL이 없어 증명서를 발급하지 않습니다 / IEUM_PUBLIC_URL is not set: certificates will not be issued until it is.")
            }
            print("이음 실행 중 / Ieum is running: http://\(host):\(port)/")
            try await runtime.serve()
        }
    }
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Bring the database schema up to date.")
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        try await IeumRuntime.boot(try database.config()).run { runtime in
            try await runtime.migrate()
            print("마이그레이션 완료 / Migrations are up to date.")
        }
    }
}

struct Seed: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Fill the database with data.", subcommands: [Demo.self, National.self])

    struct National: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A national-scale program: about 90,000 trainees and 14 million scans (only into an empty database).",
            discussion: "Every scan of every cohort started by today (IEUM_CLOCK_OFFSET moves today). Takes minutes; shows progress.")
        @Option(help: "How many trainees over the six program years.") var trainees = 90_000
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let started = Date()
            try await IeumRuntime.boot(try database.config()).run { runtime in
                try await runtime.migrate()
                guard let counts = try await runtime.seedNational(trainees: trainees, progress: ProgressBar.show) else {
                    print("데이터베이스에 이미 사업이 있어 넣지 않았습니다 / The database already has a program; nothing was seeded.")
                    return
                }
                FileHandle.standardError.write(Data("\n".utf8))
                for (name, n) in counts { print("  \(name.padding(toLength: 14, withPad: " ", startingAt: 0)) \(n)") }
                print(String(format: "전국 규모 데이터 완료 / National dataset ready in %.0f s. Password of every account: %@", Date().timeIntervalSince(started), Operations.demoPassword))
            }
        }
    }

    struct Demo: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The demo program (only into a database without a program).")
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await IeumRuntime.boot(try database.config()).run { runtime in
                try await runtime.migrate()
                if let logins = try await runtime.seedDemo() {
                    printLogins(logins)
                } else {
                    print("데이터베이스에 이미 사업이 있어 데모를 넣지 않았습니다 / The database already has a program; nothing was seeded.")
                }
            }
        }
    }
}

struct User: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Manage accounts.", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a person with a password and a role (e.g. the first program manager).",
            discussion: "The password is read from IEUM_PASSWORD, or asked for on the terminal.")

        @Option(help: "Full name, family name first.") var name: String
        @Option(help: "E-mail address used to log in.") var email: String
        @Option(help: "program_manager, operator_admin, campus_staff, mentor, trainee or employer.") var role = "program_manager"
        @Option(name: .customLong("operator"), help: "Operator id, for operator_admin and mentor.") var operatorID: Int?
        @Option(name: .customLong("campus"), help: "Campus id, for campus_staff.") var campusID: Int?
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            guard let password = ProcessInfo.processInfo.environment["IEUM_PASSWORD"] ?? askPassword() else {
                throw ValidationError("No password given: set IEUM_PASSWORD or type it when asked.")
            }
            try await IeumRuntime.boot(try database.config()).run { runtime in
                try await runtime.migrate()
                let id = try await runtime.createUser(name: name, email: email, password: password, role: role,
                                                      operatorID: operatorID, campusID: campusID)
                print("사용자 #\(id) 생성 / Created person #\(id) (\(email), \(role)).")
            }
        }

        func askPassword() -> String? {
            guard let raw = getpass("Password (12+ characters): ") else { return nil }
            let text = String(cString: raw)
            return text.isEmpty ? nil : text
        }
    }
}

struct Audit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the personal-data access log.",
        discussion: """
        Entries carry an HMAC under the audit key (IEUM_AUDIT_KEY, or ieum.audit.key in the data folder), and \
        signed checkpoints of the log's length and last hash go to IEUM_AUDIT_CHECKPOINTS (default \
        audit-checkpoints.log in the data folder) once a day while the server runs and the log grows. \
        Keep both apart from the database and its backups.
        """,
        subcommands: [Verify.self, Checkpoint.self, PublicKey.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Verify the access log's hash chain, MACs and signed checkpoints; exits with 1 when an entry or checkpoint was changed or removed.")
        @Option(help: "A checkpoint file to check against (e.g. an off-site copy) instead of the configured one.") var checkpoints: String?
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            var broken = false
            try await IeumRuntime.boot(try database.config()).run { runtime in
                try await runtime.migrate()
                let report = try await runtime.verifyAccessLog(checkpoints: checkpoints)
                if let problem = report.problem {
                    let intact = report.firstBroken.map { _ in (" (앞의 \(report.checked)건은 온전함)", " (\(report.checked) entries intact before it)") } ?? ("", "")
                    print("접근 기록 위변조 발견: \(problem.ko)\(intact.0)")
                    print("Access log broken: \(problem.en)\(intact.1)")
                    broken = true
                    return
                }
                print("접근 기록 무결성 확인: 항목 \(report.checked)건(MAC 도입 전 해시만 있는 항목 \(report.legacy)건 포함), 서명된 체크포인트 \(report.checkpoints)건")
                print("Access log intact: \(report.checked) entries (\(report.legacy) hash-only from before MACs), \(report.checkpoints) signed checkpoints")
                if report.checkpoints == 0 {
                    print("체크포인트가 없어 끝 부분 삭제는 확인할 수 없습니다 / No checkpoints in \(report.checkpointFile): a removed tail cannot be detected")
                }
            }
            if broken { throw ExitCode(1) }
        }
    }

    struct Checkpoint: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Sign the access log's length and last hash now and append them to the checkpoint file.")
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await IeumRuntime.boot(try database.config()).run { runtime in
                try await runtime.migrate()
                let done = try await runtime.checkpointAccessLog()
                print("체크포인트 기록: 항목 \(done.entries)건 / Checkpoint written: \(done.entries) entries, head \(done.head) → \(done.file)")
            }
        }
    }

    struct PublicKey: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "public-key",
            abstract: "Print the Ed25519 public key checkpoints are signed with (PEM), for third parties.",
            discussion: """
            Each checkpoint line's signature (base64 "sig") is over the text \
            "ieum-audit-checkpoint/v1 seq=<seq> head=<head> legacy=<legacy> at=<at>", e.g.
              printf '%s' "$message" > msg; echo "$sig" | base64 -d > sig
              openssl pkeyutl -verify -pubin -inkey audit-public.pem -rawin -in msg -sigfile sig
            """)
        @OptionGroup var database: DatabaseOptions

        func run() async throws { print(try IeumRuntime.auditPublicKeyPEM(try database.config()), terminator: "") }
    }
}

struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Write a consistent backup of the database while it is in use (SQLite: VACUUM INTO; PostgreSQL: pg_dump).")
    @Argument(help: "The backup file to write (must not exist yet).") var file: String
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        try await IeumRuntime.boot(try database.config()).run { runtime in
            try await runtime.backup(to: file)
            print("백업 완료 / Backup written to \(file)")
        }
    }
}

struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Replace the database's contents with a backup. Stop the server first.")
    @Argument(help: "A file written by `ieum backup`.") var file: String
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        try await Backup.restore(try database.config(), from: file)
        print("복원 완료 / Restored from \(file)")
    }
}

struct Keys: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Keys for encrypted fields (registration and account numbers, second-factor secrets).",
        discussion: """
        Keys come from IEUM_DATA_KEYS ("id:base64,id:base64", the first one seals new values) or from
        ieum.keys in the data folder. To rotate: generate a key, put it first, keep the old one after it,
        run `ieum keys rotate`, then remove the old key.
        """,
        subcommands: [Generate.self, Rotate.self])

    struct Generate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a new random key as id:base64.")
        @Option(help: "The new key's id.") var id: String

        func run() async throws { print(IeumRuntime.newKeySpec(id: id)) }
    }

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Re-encrypt every encrypted field under the first key.")
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await IeumRuntime.boot(try database.config()).run { runtime in
                try await runtime.migrate()
                let changed = try await runtime.rotateKeys()
                print("키 교체 완료 / Re-encrypted the fields of \(changed) people under the first key.")
            }
        }
    }
}

struct Jobs: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run scheduled work now (the server also runs it on its own).",
                                                    subcommands: [Retention.self, Attendance.self])

    struct Attendance: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Recompute trainees' attendance summaries (the server does it after each midnight).")
        @Flag(help: "Every cohort, not only those running.") var all = false
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await IeumRuntime.boot(try database.config()).run { runtime in
                try await runtime.migrate()
                let n = try await runtime.refreshAttendance(everything: all, progress: { done, total in ProgressBar.show("attendance", done, total) })
                FileHandle.standardError.write(Data("\n".utf8))
                print("출결 집계 / Attendance summarised for \(n) cohorts.")
            }
        }
    }

    struct Retention: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Carry out deletion requests that are due, remove expired sessions and checkpoint the access log if due.")
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await IeumRuntime.boot(try database.config()).run { runtime in
                try await runtime.migrate()
                let done = try await runtime.runRetention()
                print("삭제 처리 / Erased \(done.erased), anonymised \(done.anonymised); 만료 세션 삭제 / expired sessions removed \(done.expiredSessions).")
                if let entries = done.checkpointed {
                    print("접근 기록 체크포인트 / Access log checkpoint written: \(entries) entries.")
                }
            }
        }
    }
}

struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Benchmark helpers.", subcommands: [Prepare.self, GradebookCommand.self, GradingCommand.self, BurstCommand.self, SandboxCommand.self, MatchingCommand.self])

    struct MatchingCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "matching",
            abstract: "A hiring-fair matching round (deferred acceptance) over generated graduates and positions; prints the time it takes.")
        @Option(help: "Graduates.") var graduates = 90_000
        @Option(help: "Positions (1–3 seats each).") var positions = 10_000
        @Option(help: "Positions on each graduate's list.") var listLength = 20

        func run() async throws {
            let r = MatchingBenchmark.run(graduates: graduates, positions: positions, listLength: listLength)
            print(String(format: "matching %d graduates × %d positions (%d seats, lists of %d): lists %.2f s, deferred acceptance %.2f s, total %.2f s; %d matched (%d in the region where they trained), %d proposals",
                         graduates, positions, r.seats, listLength, r.listSeconds, r.matchSeconds, r.listSeconds + r.matchSeconds,
                         r.matched, r.inCampusRegion, r.proposals))
        }
    }

    struct SandboxCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "sandbox",
            abstract: "Time a trivial C program and `python3 -c pass` in a held box (as the grader runs them) and bare, alternating.")
        @Option(help: "Runs of each.") var runs = 300

        func run() async throws {
            for result in try SandboxOverheadBenchmark.run(runs: runs) {
                func stats(_ values: [Double]) -> (mean: Double, median: Double, p90: Double) {
                    let sorted = values.sorted()
                    return (values.reduce(0, +) / Double(values.count), sorted[sorted.count / 2], sorted[sorted.count * 9 / 10])
                }
                let bare = stats(result.bare), bwrap = stats(result.bareBwrap), boxed = stats(result.sandboxed)
                print(String(format: "%@: bare mean %.1f ms (median %.1f, p90 %.1f); bare bwrap mean %.1f ms (median %.1f, p90 %.1f); sandboxed mean %.1f ms (median %.1f, p90 %.1f); over bare: mean %.1f ms; sandboxed / bare bwrap: mean %.2f×, median %.2f×",
                             result.name, bare.mean, bare.median, bare.p90, bwrap.mean, bwrap.median, bwrap.p90, boxed.mean, boxed.median, boxed.p90,
                             boxed.mean - bare.mean, boxed.mean / bwrap.mean, boxed.median / bwrap.median))
            }
        }
    }

    struct GradingCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "grading",
            abstract: "Grade A+B submissions (half Python, half C) through the real sandbox on several threads; print the throughput.")
        @Option(help: "Submissions to grade.") var submissions = 100
        @Option(help: "Tests per submission.") var tests = 10
        @Option(help: "Grading threads (the server's default is the number of cores minus one).") var workers = max(1, ProcessInfo.processInfo.activeProcessorCount - 1)

        func run() async throws {
            let (seconds, verdicts) = try GradingBenchmark.run(submissions: submissions, tests: tests, workers: workers)
            print(String(format: "graded %d submissions × %d tests on %d workers in %.1f s: %.1f submissions/s, %.0f sandboxed runs/s (compiles included); verdicts %@",
                         submissions, tests, workers, seconds, Double(submissions) / seconds,
                         Double(submissions * tests + submissions) / seconds, verdicts.description))
        }
    }

    struct BurstCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "burst",
            abstract: "A deadline: grade a cohort's submissions on a quiet machine, then all at once on several workers; print the throughput and every verdict that changed.")
        @Option(help: "Submissions (a cohort at its deadline).") var submissions = 200
        @Option(help: "Tests per submission.") var tests = 5
        @Option(help: "Graders at once in the burst (the server's default is the number of cores minus one).") var workers = max(2, ProcessInfo.processInfo.activeProcessorCount)

        func run() async throws {
            let r = try DeadlineBurstBenchmark.run(submissions: submissions, tests: tests, workers: workers)
            print(String(format: "%d submissions × %d tests: quiet (1 worker) %.1f s; burst (%d workers) %.1f s, %.1f submissions/s; verdicts %@; changed %d (%.1f %%)",
                         r.submissions, tests, r.quietSeconds, workers, r.burstSeconds, Double(r.submissions) / r.burstSeconds,
                         r.verdicts.sorted { $0.key < $1.key }.description, r.changed.count, 100 * Double(r.changed.count) / Double(r.submissions)))
            for line in r.changed { print("  changed: \(line)") }
        }
    }

    struct GradebookCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "gradebook",
            abstract: "Add a cohort of trainees × assignments with two attempts each and time its gradebook (build and render).")
        @Option(help: "Trainees in the cohort.") var trainees = 300
        @Option(help: "Assignments.") var assignments = 100
        @Option(help: "How many times to build it.") var repetitions = 20
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await IeumRuntime.boot(try database.config()).run { runtime in
                try await runtime.migrate()
                let started = Date()
                let times = try await runtime.benchmarkGradebook(trainees: trainees, assignments: assignments, repetitions: repetitions).sorted()
                let median = times[times.count / 2], p95 = times[min(times.count - 1, times.count * 95 / 100)]
                print(String(format: "gradebook %d × %d (%d submissions): median %.1f ms, p95 %.1f ms, max %.1f ms (seeding and %d builds took %.0f s)",
                             trainees, assignments, trainees * assignments * 2, median, p95, times.last!, repetitions, Date().timeIntervalSince(started)))
            }
        }
    }

    struct Prepare: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write API tokens of trainees training today and the campus codes of the next 30 minutes as Lua, for wrk.",
            discussion: "For generated data only: it logs trainees in without their passwords. Used by scripts/bench-checkin.sh.")
        @Option(help: "How many trainees.") var count = 20_000
        @Option(help: "The Lua file to write.") var out: String
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await IeumRuntime.boot(try database.config()).run { runtime in
                try await runtime.migrate()   // a dataset seeded by an earlier version
                let lua = try await runtime.benchmarkFixture(count: count)
                try lua.write(toFile: out, atomically: true, encoding: .utf8)
                print("wrote \(out)")
            }
        }
    }
}

/// A one-line progress bar on standard error.
enum ProgressBar {
    @Sendable static func show(_ phase: String, _ done: Int, _ total: Int) {
        let width = 30
        let filled = total == 0 ? width : min(width, done * width / max(total, 1))
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let percent = total == 0 ? 100 : done * 100 / max(total, 1)
        FileHandle.standardError.write(Data("\r\(phase.padding(toLength: 10, withPad: " ", startingAt: 0)) \(bar) \(percent)% (\(done)/\(total))   ".utf8))
    }
}
