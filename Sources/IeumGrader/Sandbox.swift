import Foundation
import IeumCore
#if canImport(Glibc)
import Glibc
#endif

/// The grading sandbox: the `ieum-box` helper (built with Ieum, see docs/SANDBOX.md) around bubblewrap and
/// cgroups. Boxes are numbered; a box is held through a lock file, so several threads and several Ieum
/// processes on one machine never share one, and a box left by a crashed process is simply taken over.
public final class Sandbox: Sendable {
    public let helper: String
    public let root: String
    public let boxes: Int
    /// Boxes are numbered `firstBox ..< firstBox + boxes` (each number is also a user id, 60000 + number).
    public let firstBox: Int

    public init(helper: String, root: String = "/run/ieum-sandbox", boxes: Int = 64, firstBox: Int = 0) {
        self.helper = helper
        self.root = root
        self.boxes = boxes
        self.firstBox = firstBox
    }

    /// `IEUM_BOX_HELPER`, else `ieum-box` beside the running executable (where SwiftPM builds it).
    public static func locateHelper(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let path = environment["IEUM_BOX_HELPER"], !path.isEmpty { return path }
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        let sibling = URL(fileURLWithPath: executable).deletingLastPathComponent().appendingPathComponent("ieum-box").path
        return FileManager.default.isExecutableFile(atPath: sibling) ? sibling : nil
    }

    /// Checks that this machine can sandbox (cgroups, bubblewrap, privileges) and runs `true` in a box.
    /// Returns the cgroup mode ("v1" or "v2").
    public func check() throws -> String {
        guard FileManager.default.isExecutableFile(atPath: helper) else {
            throw SandboxError.unavailable("the ieum-box helper is missing at \(helper)")
        }
        let (status, output, errors) = try Self.execute(helper, ["check", "--root", root])
        guard status == 0 else { throw SandboxError.unavailable(errors.trimmingCharacters(in: .whitespacesAndNewlines)) }
        let run = try withBox { try $0.run(["/usr/bin/true"], limits: SandboxLimits()) }
        guard run.status == .exited, run.exitCode == 0 else {
            throw SandboxError.unavailable("a trivial program did not run in the sandbox: \(run.stderrText)")
        }
        return output.split(separator: " ").first { $0.hasPrefix("cgroup=") }.map { String($0.dropFirst(7)) } ?? "?"
    }

    /// Holds `count` boxes for the duration of `body`. Waits while all are busy: work is never refused.
    public func withBoxes<T>(_ count: Int, _ body: ([SandboxBox]) throws -> T) throws -> T {
        let held = try acquire(count)
        defer { held.forEach(release) }
        for box in held { try box.prepare() }
        return try body(held)
    }

    public func withBox<T>(_ body: (SandboxBox) throws -> T) throws -> T {
        try withBoxes(1) { try body($0[0]) }
    }

    private func acquire(_ count: Int) throws -> [SandboxBox] {
        // Made here first, the root gets the locks folder's 0700 as an intermediate; the helper opens it to 0711.
        try FileManager.default.createDirectory(atPath: root + "/locks", withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        let start = Int.random(in: 0..<boxes)
        while true {
            var held: [SandboxBox] = []
            for offset in 0..<boxes where held.count < count {
                let number = firstBox + (start + offset) % boxes
                let fd = open("\(root)/locks/\(number).lock", O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
                guard fd >= 0 else { continue }
                if flock(fd, LOCK_EX | LOCK_NB) == 0 {
                    held.append(SandboxBox(sandbox: self, number: number, lockFD: fd))
                } else {
                    close(fd)
                }
            }
            if held.count == count { return held }
            // Taking fewer than asked and waiting for the rest could deadlock two graders; give all back.
            held.forEach { close($0.lockFD) }
            usleep(20_000)
        }
    }

    private func release(_ box: SandboxBox) {
        // The launcher empties and unmounts its box when it ends; if it never started, clean up directly.
        if let launcher = box.launcher.value { launcher.stop() } else {
            _ = try? Self.execute(helper, ["cleanup", "--box", String(box.number), "--root", root])
        }
        try? FileManager.default.removeItem(atPath: box.ioFolder)
        close(box.lockFD)
    }

    /// Runs the helper with an empty environment: nothing of the server's (keys, database address) reaches it.
    static func execute(_ path: String, _ arguments: [String]) throws -> (Int32, String, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.environment = ["PATH": "/usr/bin:/bin"]
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outputData, as: UTF8.self), String(decoding: errorData, as: UTF8.self))
    }
}
