import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The append-only file of signed checkpoints, one JSON line each (`IEUM_AUDIT_CHECKPOINTS`, default
/// `audit-checkpoints.log` in the data folder). It lives outside the database so that whoever can rewrite the
/// database cannot rewrite it too; copies kept elsewhere can be checked with the public key alone.
struct CheckpointFile: Sendable {
    enum Failure: Error, CustomStringConvertible {
        case unwritable(String, String)
        case unreadable(String, String)

        var description: String {
            switch self {
            case let .unwritable(path, why): "cannot append to the audit checkpoint file \(path) (IEUM_AUDIT_CHECKPOINTS): \(why)"
            case let .unreadable(path, why): "cannot read the audit checkpoint file \(path): \(why)"
            }
        }
    }

    let path: String

    /// Every line in order (the first is line 1); nil for a line that is not a checkpoint. A missing file has no lines.
    func read() throws -> [AuditCheckpoint?] {
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw Failure.unreadable(path, error.localizedDescription)
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        return lines.map { AuditCheckpoint(line: String($0)) }
    }

    /// The last line signed with `key`: a line anyone could have added must not decide when the next one is due.
    func last(signedBy key: AuditKey) throws -> AuditCheckpoint? {
        try read().last { $0?.isSigned(by: key.publicKey) == true } ?? nil
    }

    /// O_APPEND, one write per line: the file is never rewritten, and processes appending at once do not interleave.
    func append(_ checkpoint: AuditCheckpoint) throws {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw Failure.unwritable(path, error.localizedDescription)
            }
        }
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0o600)
        guard fd >= 0 else { throw Failure.unwritable(path, String(cString: strerror(errno))) }
        defer { close(fd) }
        let bytes = Array((checkpoint.line + "\n").utf8)
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count else { throw Failure.unwritable(path, String(cString: strerror(errno))) }
        guard fsync(fd) == 0 else { throw Failure.unwritable(path, String(cString: strerror(errno))) }
    }
}
