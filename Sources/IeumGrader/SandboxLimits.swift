import IeumCore

/// Limits for one run in the sandbox. CPU time is counted over every process the program starts; it alone
/// decides a time limit. The idle guard (a window of `idleMilliseconds` in which the run used under 10 % of a
/// core) stops runs that wait; the wall clock (5 × the CPU limit + 2 s) only bounds how long a worker is held.
/// Neither is ever reported as a time limit, so a busy machine cannot turn a right answer into one.
public struct SandboxLimits: Sendable, Equatable, Codable {
    public var cpuMilliseconds = 1_000
    public var wallMilliseconds = 7_000
    /// 0: no idle guard.
    public var idleMilliseconds = 2_000
    /// The box read-only: how tests run, so nothing one test's program writes is there for the next.
    public var workReadOnly = false
    public var memoryKilobytes = 262_144
    public var processes = 64
    public var openFiles = 64
    public var fileSizeKilobytes = 16_384
    public var outputKilobytes = 1_024

    public init() {}

    /// The wall-clock guard for a CPU limit: a program given a sixth of a core (load 12 on 2 cores) still gets its
    /// whole CPU limit before it; a program that sleeps is stopped much earlier by the idle guard.
    public static func wallGuard(cpuMilliseconds: Int) -> Int { cpuMilliseconds * 5 + 2_000 }

    /// Compilers need more of everything, and the same limits stop compile-time bombs.
    public static let compile: SandboxLimits = {
        var limits = SandboxLimits()
        limits.cpuMilliseconds = 15_000
        limits.wallMilliseconds = 30_000
        limits.idleMilliseconds = 3_000
        limits.memoryKilobytes = 1_048_576
        limits.processes = 64
        limits.openFiles = 256
        limits.fileSizeKilobytes = 65_536
        limits.outputKilobytes = 64
        return limits
    }()

    /// Virtual machines (Java, Node.js) get their time scaled, as every judge does.
    public func scaled(by factor: Double) -> SandboxLimits {
        var limits = self
        limits.cpuMilliseconds = Int(Double(cpuMilliseconds) * factor)
        limits.wallMilliseconds = Int(Double(wallMilliseconds) * factor)  // keeps 5 × CPU + a scaled margin
        limits.idleMilliseconds = idleMilliseconds == 0 ? 0 : max(idleMilliseconds, Int(Double(idleMilliseconds) * factor))
        return limits
    }
}

/// How one sandboxed run ended.
public struct SandboxRun: Sendable {
    public let status: RunStatus
    public let exitCode: Int
    public let signal: Int
    public let cpuMilliseconds: Int
    public let wallMilliseconds: Int
    public let memoryKilobytes: Int
    public let wallLimitHit: Bool
    /// 1 when processes were still alive after the program ended (background processes it left); all were killed.
    public let leftovers: Int
    public let stdout: [UInt8]
    public let stderr: [UInt8]

    public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    public var stderrText: String { String(decoding: stderr, as: UTF8.self) }
}

public enum SandboxError: Error, CustomStringConvertible, Sendable {
    /// The machine cannot sandbox safely (no cgroups, no bubblewrap, not privileged): grading refuses to start.
    case unavailable(String)
    case helperFailed(String)
    case badFileName(String)

    public var description: String {
        switch self {
        case .unavailable(let why): "채점 샌드박스를 쓸 수 없습니다 (grading sandbox unavailable): \(why)"
        case .helperFailed(let why): "샌드박스 실행 실패 (sandbox run failed): \(why)"
        case .badFileName(let name): "허용되지 않는 파일 이름입니다 (file name not allowed): \(name)"
        }
    }
}
