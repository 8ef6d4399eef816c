import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `ieum-box serve` for one held box: a launcher that sits in the box's cgroup and forks every run from there,
/// so no run pays for joining a cgroup (on cgroup v1 that waits for an RCU grace period each time). Requests are
/// NUL-terminated `run` arguments ending with an empty one; answers are one report line each.
final class BoxLauncher: @unchecked Sendable {
    private let process = Process()
    private let input = Pipe(), output = Pipe(), errors = Pipe()
    private let lock = NSLock()
    private var buffer: [UInt8] = []

    init(helper: String, box: Int, root: String, workKilobytes: Int) throws {
        process.executableURL = URL(fileURLWithPath: helper)
        process.arguments = ["serve", "--box", String(box), "--root", root, "--work-kb", String(workKilobytes)]
        process.environment = ["PATH": "/usr/bin:/bin"]
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        guard try readLine() == "ready" else { throw SandboxError.unavailable(stop()) }
    }

    /// One run: the arguments of `ieum-box run` after `--box`; returns its report line.
    func run(_ arguments: [String]) throws -> String {
        try lock.withLock {
            var request: [UInt8] = []
            for argument in arguments {
                guard !argument.utf8.contains(0) else { throw SandboxError.helperFailed("an argument contains a NUL byte") }
                request += Array(argument.utf8) + [0]
            }
            request.append(0)
            let fd = input.fileHandleForWriting.fileDescriptor
            var written = 0
            while written < request.count {
                let n = request.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + written, request.count - written) }
                guard n > 0 else { throw SandboxError.helperFailed("the box's launcher is gone: \(stop())") }
                written += n
            }
            guard let line = try readLine() else { throw SandboxError.helperFailed(stop()) }
            return line
        }
    }

    /// Ends the launcher (it empties and unmounts its box) and returns what it said on standard error.
    @discardableResult
    func stop() -> String {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
        let said = (try? errors.fileHandleForReading.readToEnd()).flatMap { $0 }.map { String(decoding: $0, as: UTF8.self) } ?? ""
        let words = said.trimmingCharacters(in: .whitespacesAndNewlines)
        guard words.isEmpty else { return words }
        // A launcher that said nothing was stopped from outside: say how, so the verdict's note can be traced.
        return process.terminationReason == .uncaughtSignal ? "the box's launcher was killed (signal \(process.terminationStatus))"
            : "the box's launcher ended (exit \(process.terminationStatus))"
    }

    private func readLine() throws -> String? {
        let fd = output.fileHandleForReading.fileDescriptor
        var chunk = [UInt8](repeating: 0, count: 512)
        while true {
            if let newline = buffer.firstIndex(of: 10) {
                let line = String(decoding: buffer[..<newline], as: UTF8.self)
                buffer.removeSubrange(...newline)
                return line
            }
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress!, 512) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return nil }
            buffer += chunk[..<n]
        }
    }
}
