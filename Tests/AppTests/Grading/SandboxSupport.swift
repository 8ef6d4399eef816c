@testable import App
@testable import IeumGrader
import Foundation
import IeumCore
#if canImport(Glibc)
import Glibc
#endif

/// The real sandbox, as the grader uses it. Tests fail (they do not skip) when this machine cannot sandbox:
/// `make test` installs bubblewrap and runs as root.
enum TestSandbox {
    static let shared: Sandbox = {
        guard let helper = Sandbox.locateHelper() else { fatalError("ieum-box was not built next to the tests") }
        // Boxes of their own (user ids 60100–60131), apart from those of servers started by other tests (60000–).
        return Sandbox(helper: helper, root: "/run/ieum-sandbox", boxes: 32, firstBox: 100)
    }()

    static let grader = Grader(sandbox: shared)

    static func grade(_ language: String, _ source: String, input: String = "", expected: String = "",
                      limits: SandboxLimits = SandboxLimits(), compileLimits: SandboxLimits = .compile) throws -> GradingReport {
        try grader.grade(GradingRequest(language: Language.named(language)!, source: source,
                                        tests: [GradingTest(name: "1", input: input, expected: expected, isSample: true)],
                                        limits: limits, compileLimits: compileLimits))
    }

    static var quickCompile: SandboxLimits {
        var limits = SandboxLimits.compile
        limits.cpuMilliseconds = 3_000
        limits.wallMilliseconds = 6_000
        limits.memoryKilobytes = 524_288
        return limits
    }
}

/// What the host looks like from outside, before and after an attack.
struct HostSnapshot: Equatable, CustomStringConvertible {
    let shadow: [UInt8]
    let shmFreeMegabytes: Int
    /// Files on the host's writable places owned by a box user: a program that got out would leave these.
    let boxOwnedFiles: [String]

    var description: String { "shadow \(shadow.count) bytes, /dev/shm free \(shmFreeMegabytes) MB, box-owned files \(boxOwnedFiles)" }

    static func take() -> HostSnapshot {
        HostSnapshot(shadow: (try? Data(contentsOf: URL(fileURLWithPath: "/etc/shadow"))).map(Array.init) ?? [],
                     shmFreeMegabytes: freeMegabytes("/dev/shm"),
                     boxOwnedFiles: ["/tmp", "/var/tmp", "/dev/shm", "/root", "/work"].flatMap { boxOwned(under: $0, depth: 2) })
    }

    static func freeMegabytes(_ path: String) -> Int {
        var stats = statvfs()
        guard statvfs(path, &stats) == 0 else { return -1 }
        return Int(stats.f_bavail) * Int(stats.f_frsize) / 1_048_576
    }

    static func boxOwned(under folder: String, depth: Int) -> [String] {
        guard depth >= 0, let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        var found: [String] = []
        for name in names {
            let path = folder + "/" + name
            var info = stat()
            guard lstat(path, &info) == 0 else { continue }
            if (60_000..<61_000).contains(Int(info.st_uid)) { found.append(path) }
            if (info.st_mode & S_IFMT) == S_IFDIR { found += boxOwned(under: path, depth: depth - 1) }
        }
        return found
    }

    /// /dev/shm is memory: it moves only by what is written there (an attack would write ≥ 16 MB).
    func isUnharmed(after: HostSnapshot) -> Bool {
        shadow == after.shadow && abs(shmFreeMegabytes - after.shmFreeMegabytes) < 12 && after.boxOwnedFiles.isEmpty
    }

    /// Host processes whose name (comm) is `name`, run by a user id in `users`.
    static func processes(named name: String, users: Range<Int>) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { pid in
            var info = stat()
            guard stat("/proc/\(pid)", &info) == 0, users.contains(Int(info.st_uid)) else { return false }
            return (try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) == name
        }
    }
}

/// A listening socket on the host's 127.0.0.1, to prove nothing in the sandbox can connect to it.
enum Loopback {
    static func listen() throws -> (fd: Int32, port: Int) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard fd >= 0, bound == 0, Glibc.listen(fd, 16) == 0 else { throw SandboxError.helperFailed("cannot listen") }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return (fd, Int(UInt16(bigEndian: address.sin_port)))
    }

    static func accepted(_ fd: Int32) -> Bool {
        let client = accept(fd, nil, nil)
        if client >= 0 { close(client) }
        return client >= 0
    }
}
