import Foundation

/// The key file for encrypted fields when `IEUM_DATA_KEYS` is not set: beside the SQLite file, readable
/// only by its owner. Back it up apart from the database: a database backup without it cannot be read.
enum KeyFile {
    static func loadOrCreate(in directory: String) throws -> String {
        let path = (directory as NSString).appendingPathComponent("ieum.keys")
        if let text = try? String(contentsOfFile: path, encoding: .utf8) {
            return text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let spec = FieldCipher.newKeySpec(id: "k1")
        guard FileManager.default.createFile(atPath: path, contents: Data((spec + "\n").utf8),
                                             attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteUnknown)
        }
        return spec
    }
}
