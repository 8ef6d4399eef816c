import Foundation
import IeumCore
import Vapor

/// Everything the platform reads from its surroundings, gathered in one value. Tests build it explicitly.
public struct AppConfig: Sendable {
    public enum DatabaseTarget: Sendable, Equatable {
        case sqlite(path: String)
        case postgres(url: String)
    }

    public var database: DatabaseTarget
    /// bcrypt cost for stored passwords; tests lower it to stay fast.
    public var passwordCost: Int
    /// Set when Ieum is served over TLS (directly or behind a proxy): cookies then carry `Secure`.
    public var secureCookies: Bool
    /// Staff roles see many people's data: their sessions end after 30 idle minutes and 12 hours at most.
    public var sessionIdleTimeout: TimeInterval
    public var sessionLifetime: TimeInterval
    /// Trainees, mentors and employers see only their own or few people's data.
    public var otherSessionIdleTimeout: TimeInterval = 2 * 3600
    public var otherSessionLifetime: TimeInterval = 7 * 24 * 3600
    public var now: @Sendable () -> Date
    /// Staff roles must use a second factor (PROGRAM.md; 안전성 확보조치 기준 제5조). Only the demo turns it off.
    public var requireStaffSecondFactor = true
    /// Set by `ieum serve --demo`: the login page lists the demo accounts.
    public var isDemo = false
    /// The bearer token a Prometheus scraper sends to `/metrics` (`IEUM_METRICS_TOKEN`).
    public var metricsToken: String?
    /// The address people reach Ieum at (`IEUM_PUBLIC_URL`), used in QR codes; else taken from the request's Host.
    public var publicURL: String?
    /// Proxies whose `X-Forwarded-For` names the client (`IEUM_TRUSTED_PROXIES`); without it, the socket's peer.
    public var trustedProxies = TrustedProxies.none
    /// Keys for encrypted fields, `id:base64,…` (first one seals). Never stored in the database.
    public var dataKeys: String
    /// The secret behind the access log's MACs and checkpoint signatures, base64 of 32 bytes. Never stored in the
    /// database, and apart from `dataKeys`, which rotate (`AuditKey`).
    public var auditKey: String
    /// The append-only file the access log's signed checkpoints go to; keep it (and copies) apart from the database.
    public var auditCheckpoints = "data/audit-checkpoints.log"
    /// Where the outbox writes messages as `.eml` files (`IEUM_OUTBOX_DIR`, default `outbox` in the data folder).
    public var outboxFolder = "data/outbox"
    /// `smtps://user:password@host:465` or `smtp://relay:25` (`IEUM_SMTP_URL`): the outbox sends through it.
    public var smtpURL: String?
    /// The sender of outbox messages (`IEUM_MAIL_FROM`).
    public var mailFrom = "Ieum <no-reply@ieum.local>"

    public init(
        database: DatabaseTarget,
        dataKeys: String = "test:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
        auditKey: String = "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=",
        passwordCost: Int = 12,
        secureCookies: Bool = false,
        sessionIdleTimeout: TimeInterval = 30 * 60,
        sessionLifetime: TimeInterval = 12 * 3600,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.database = database
        self.passwordCost = passwordCost
        self.secureCookies = secureCookies
        self.sessionIdleTimeout = sessionIdleTimeout
        self.sessionLifetime = sessionLifetime
        self.now = now
        self.dataKeys = dataKeys
        self.auditKey = auditKey
    }

    /// `DATABASE_URL=postgres://…` selects PostgreSQL; otherwise a SQLite file under `IEUM_DATA_DIR` (default ./data).
    /// Field keys come from `IEUM_DATA_KEYS`, or else from `ieum.keys` in the data folder, made on first start; the
    /// audit key likewise from `IEUM_AUDIT_KEY` or `ieum.audit.key`.
    public static func fromEnvironment(dataDirectory: String? = nil) throws -> AppConfig {
        let env = ProcessInfo.processInfo.environment
        let dir = dataDirectory ?? env["IEUM_DATA_DIR"] ?? "data"
        let target: DatabaseTarget
        if let url = env["DATABASE_URL"], url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") {
            target = .postgres(url: url)
        } else {
            target = .sqlite(path: (dir as NSString).appendingPathComponent("ieum.sqlite"))
        }
        let keys = try env["IEUM_DATA_KEYS"] ?? KeyFile.loadOrCreate(in: dir)
        let auditKey = try env["IEUM_AUDIT_KEY"] ?? KeyFile.loadOrCreate(named: "ieum.audit.key", in: dir, make: AuditKey.newSpec)
        var config = AppConfig(database: target, dataKeys: keys, auditKey: auditKey, secureCookies: env["IEUM_SECURE_COOKIES"] == "1")
        config.auditCheckpoints = env["IEUM_AUDIT_CHECKPOINTS"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (dir as NSString).appendingPathComponent("audit-checkpoints.log")
        // Rehearsals and benchmarks run the platform at another moment (e.g. a Monday 08:50): seconds to add to the clock.
        if let offset = env["IEUM_CLOCK_OFFSET"].flatMap(TimeInterval.init), offset != 0 {
            config.now = { Date().addingTimeInterval(offset) }
        }
        config.requireStaffSecondFactor = env["IEUM_REQUIRE_STAFF_2FA"] != "0"
        config.outboxFolder = env["IEUM_OUTBOX_DIR"] ?? (dir as NSString).appendingPathComponent("outbox")
        config.smtpURL = env["IEUM_SMTP_URL"].flatMap { $0.isEmpty ? nil : $0 }
        if let url = config.smtpURL, URLComponents(string: url).map({ ["smtp", "smtps"].contains($0.scheme ?? "") && !($0.host ?? "").isEmpty }) != true {
            throw SMTPTransport.Failure.badURL
        }
        if let from = env["IEUM_MAIL_FROM"], !from.isEmpty { config.mailFrom = from }
        config.publicURL = env["IEUM_PUBLIC_URL"].map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        if let spec = env["IEUM_TRUSTED_PROXIES"] {
            guard let proxies = TrustedProxies(spec) else { throw ConfigurationError.trustedProxies(spec) }
            config.trustedProxies = proxies
        }
        config.metricsToken = env["IEUM_METRICS_TOKEN"].flatMap { $0.count >= 16 ? $0 : nil }
        return config
    }
}

enum ConfigurationError: Error, CustomStringConvertible {
    case trustedProxies(String)

    var description: String {
        switch self {
        case let .trustedProxies(spec):
            "IEUM_TRUSTED_PROXIES must list IP addresses or networks (e.g. 127.0.0.1,10.0.0.0/8,::1), not \"\(spec)\""
        }
    }
}

struct AppConfigKey: StorageKey {
    typealias Value = AppConfig
}

extension Application {
    var ieum: AppConfig {
        get { storage[AppConfigKey.self]! }
        set { storage[AppConfigKey.self] = newValue }
    }
}

extension Request {
    var ieum: AppConfig { application.ieum }
    var now: Date { application.ieum.now() }
}

extension AppConfig {
    static let postgresConnectionsPerLoop = 4

    /// Connections the pool may hold: SQLite keeps one per event loop, PostgreSQL a few.
    var databaseConnections: Int {
        if case .postgres = database { return Self.postgresConnectionsPerLoop * System.coreCount }
        return System.coreCount
    }
}
