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
