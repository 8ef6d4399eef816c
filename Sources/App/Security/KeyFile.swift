import Foundation

/// Secrets kept in files beside the SQLite file when their environment variable is not set, readable only by
/// their owner, made on first start. Back them up apart from the database: a database backup without
/// `ieum.keys` cannot be read, and one without `ieum.audit.key` cannot have its access log verified.
enum KeyFile {
    /// The keys for encrypted fields (`IEUM_DATA_KEYS`).
    static func loadOrCreate(in directory: String) throws -> String {
        try loadOrCreate(named: "ieum.keys", in: directory) { FieldCipher.newKeySpec(id: "k1") }
    }

    static func loadOrCreate(named name: String, in directory: String, make: () -> String) throws -> String {
        let path = (directory as NSString).appendingPathComponent(name)
        if let text = try? String(contentsOfFile: path, encoding: .utf8) {
            return text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let spec = make()
        guard FileManager.default.createFile(atPath: path, contents: Data((spec + "\n").utf8),
                                             attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteUnknown)
        }
        return spec
    }
}
