import App
import IeumGrader
import ArgumentParser
import Foundation
import NIOCore
import NIOPosix

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
