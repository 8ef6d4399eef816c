/// The interface speaks Korean by default and English on request (PROGRAM.md, "Language").
public enum Lang: String, Sendable, CaseIterable, Codable {
    case ko, en

    public func pick(_ ko: String, _ en: String) -> String { self == .ko ? ko : en }
}

/// A text in both languages, resolved when the reader's language is known.
public struct Localized: Sendable, Hashable, Codable {
    public let ko: String
    public let en: String

    public init(_ ko: String, _ en: String) {
        self.ko = ko
        self.en = en
    }

    public func `in`(_ lang: Lang) -> String { lang.pick(ko, en) }
}
