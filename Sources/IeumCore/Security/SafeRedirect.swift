/// Where a `next=` parameter may send someone after a login or a confirmation: only to a path of this site.
///
/// Browsers read `/\evil.example/` and `/%2F%2Fevil.example` (after a second decode by some proxies) as
/// another host, and ignore tabs and newlines inside URLs, so the check runs on the decoded text and refuses
/// anything that is not a plain path: a scheme, a host, a backslash, a control character or a leading `//`
/// (ASVS 5.1.5; OWASP "Unvalidated Redirects and Forwards").
public enum SafeRedirect {
    public static func path(_ raw: String?, fallback: String = "/") -> String {
        guard let raw, isSamePath(raw) else { return fallback }
        return raw
    }

    public static func isSamePath(_ raw: String) -> Bool {
        guard raw.hasPrefix("/"), raw.utf8.count <= 2000 else { return false }
        // Check the text as given and once percent-decoded: a path that decodes to something unsafe is refused.
        for candidate in [raw, percentDecoded(raw) ?? raw] {
            if candidate.hasPrefix("//") { return false }
            for scalar in candidate.unicodeScalars {
                if scalar == "\\" || scalar.value < 0x20 || scalar.value == 0x7F { return false }
                // Unicode spaces and format characters (U+2028, U+200B, …) have no place in a path of ours.
                if scalar.properties.isWhitespace || scalar.properties.generalCategory == .format { return false }
            }
        }
        return true
    }

    static func percentDecoded(_ text: String) -> String? {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%") {
                guard let high = iterator.next(), let low = iterator.next(),
                      let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16) else { return nil }
                bytes.append(value)
            } else {
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }
}
