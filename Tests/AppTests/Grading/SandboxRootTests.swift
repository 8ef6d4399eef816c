@testable import App
@testable import IeumGrader
import Foundation
import IeumCore
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The boxes' users must pass through the sandbox's folder to reach their boxes, whichever side made it first:
/// the server (taking a box's lock, which makes it 0700) or the helper, on a new machine or after an older run.
@Suite("Sandbox folder")
struct SandboxRootTests {
    @Test("a box runs whether the sandbox folder is new or was left closed (0700) by an earlier run", arguments: [false, true])
    func theFolderLetsTheBoxesThrough(leftClosed: Bool) throws {
        let helper = try #require(Sandbox.locateHelper(), "ieum-box was not built next to the tests")
        let root = "/run/ieum-sandbox-folder-test-\(leftClosed ? "closed" : "new")"
        try? FileManager.default.removeItem(atPath: root)
        if leftClosed {
            try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        }
        defer { try? FileManager.default.removeItem(atPath: root) }
        // Box 150 and 151 (user ids 60150–60151): apart from the other tests' boxes.
        let sandbox = Sandbox(helper: helper, root: root, boxes: 1, firstBox: leftClosed ? 151 : 150)
        let run = try sandbox.withBox { try $0.run(["/usr/bin/true"], limits: SandboxLimits()) }
        #expect(run.status == .exited && run.exitCode == 0, "\(run.stderrText)")
        var info = stat()
        #expect(stat(root, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o711)
    }
}
