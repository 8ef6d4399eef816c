import Foundation
import IeumCore
#if canImport(Glibc)
import Glibc
#endif

/// One held box: a private, size-capped folder seen as /box inside the sandbox. Files go in only through
/// `write`, which refuses to follow or replace anything; what a program leaves there is never read by the host
/// by path, only through the pipes of a run, and disappears when the box's tmpfs is unmounted.
public struct SandboxBox: Sendable {
    let sandbox: Sandbox
    public let number: Int
    let lockFD: Int32
    let launcher = LauncherSlot()
    /// Size of the box's private folder.
    static let workKilobytes = 65_536

    var folder: String { "\(sandbox.root)/\(number)/box" }
    var ioFolder: String { "\(sandbox.root)/io-\(number)" }

    func prepare() throws {
        launcher.value = try BoxLauncher(helper: sandbox.helper, box: number, root: sandbox.root, workKilobytes: Self.workKilobytes)
        try? FileManager.default.removeItem(atPath: ioFolder)
        try FileManager.default.createDirectory(atPath: ioFolder, withIntermediateDirectories: false,
                                                attributes: [.posixPermissions: 0o700])
    }

    /// A file name of letters, digits, dot, dash and underscore, not starting with a dot.
    public static func isAllowedFileName(_ name: String) -> Bool {
        guard (1...64).contains(name.utf8.count), name.first != "." else { return false }
        return name.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == 0x2E || byte == 0x2D || byte == 0x5F
        }
    }

    /// Creates `name` in the box; fails if anything of that name exists (a planted symlink included).
    public func write(_ name: String, _ contents: [UInt8], executable: Bool = false) throws {
        guard Self.isAllowedFileName(name) else { throw SandboxError.badFileName(name) }
        try Self.createExclusively("\(folder)/\(name)", contents, mode: executable ? 0o755 : 0o644)
    }

    /// Removes `name` from the box if present; unlinking never follows a symlink.
    public func remove(_ name: String) throws {
        guard Self.isAllowedFileName(name) else { throw SandboxError.badFileName(name) }
        unlink("\(folder)/\(name)")
    }

    static func createExclusively(_ path: String, _ contents: [UInt8], mode: mode_t = 0o644) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
        guard fd >= 0 else { throw SandboxError.helperFailed("cannot create \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var written = 0
        while written < contents.count {
            let n = contents.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + written, contents.count - written) }
            guard n > 0 else { throw SandboxError.helperFailed("cannot write \(path)") }
            written += n
        }
    }

    /// Runs `command` in /box with `stdin` as its standard input.
    public func run(_ command: [String], stdin: [UInt8] = [], limits: SandboxLimits, readOnlyPaths: [String] = []) throws -> SandboxRun {
        let input = "\(ioFolder)/stdin", output = "\(ioFolder)/stdout", errors = "\(ioFolder)/stderr"
        unlink(input)
        try Self.createExclusively(input, stdin)
        var arguments = ["--cpu-ms", String(limits.cpuMilliseconds), "--wall-ms", String(limits.wallMilliseconds),
                         "--memory-kb", String(limits.memoryKilobytes), "--procs", String(limits.processes),
                         "--files", String(limits.openFiles), "--fsize-kb", String(limits.fileSizeKilobytes),
                         "--output-kb", String(limits.outputKilobytes), "--idle-ms", String(limits.idleMilliseconds),
                         "--stdin", input, "--stdout", output, "--stderr", errors]
        if limits.workReadOnly { arguments.append("--work-ro") }
        for path in readOnlyPaths { arguments += ["--ro-bind", path] }
        arguments.append("--")
        arguments += command
        guard let launcher = launcher.value else { throw SandboxError.helperFailed("the box is not prepared") }
        let report = try launcher.run(arguments)
        let facts = Self.parse(report)
        // The report says how much each stream kept; an empty one is not opened at all (runs are counted in ms).
        let stdoutBytes = facts["stdout_bytes"] == "0" ? [] : Self.readAll(output)
        let stderrBytes = facts["stderr_bytes"] == "0" ? [] : Self.readAll(errors)
        guard let statusText = facts["status"], let runStatus = RunStatus(rawValue: statusText) else {
            throw SandboxError.helperFailed("unreadable report: \(report)")
        }
        return SandboxRun(status: runStatus, exitCode: Int(facts["exit"] ?? "") ?? -1, signal: Int(facts["signal"] ?? "") ?? 0,
                          cpuMilliseconds: Int(facts["cpu_ms"] ?? "") ?? 0, wallMilliseconds: Int(facts["wall_ms"] ?? "") ?? 0,
                          memoryKilobytes: Int(facts["memory_kb"] ?? "") ?? 0, wallLimitHit: facts["wall_limit"] == "1",
                          leftovers: Int(facts["leftovers"] ?? "") ?? 0, stdout: stdoutBytes, stderr: stderrBytes)
    }

    /// A host file the helper wrote (outside the box, so no path of the program's is followed).
    static func readAll(_ path: String) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { return [] }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress!, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return bytes }
            bytes += chunk[..<n]
        }
    }

    static func parse(_ report: String) -> [String: String] {
        var facts: [String: String] = [:]
        for pair in report.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { facts[String(parts[0])] = String(parts[1]) }
        }
        return facts
    }
}

/// The launcher of a held box, set when the box is prepared.
final class LauncherSlot: @unchecked Sendable {
    private let lock = NSLock()
    private var launcher: BoxLauncher?

    var value: BoxLauncher? {
        get { lock.withLock { launcher } }
        set { lock.withLock { launcher = newValue } }
    }
}
