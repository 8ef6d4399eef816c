import App
import ArgumentParser
import Foundation
import NIOCore
import NIOPosix

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
