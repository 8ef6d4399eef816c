import Fluent
import Foundation
import IeumCore
import Vapor

/// A message to one person. Written in the same transaction as the change it tells about, so it is never lost;
/// shown in the app at once and delivered by the outbox worker (SMTP when configured, else a folder), retried.
final class OutboxMessage: Model, @unchecked Sendable {
    static let schema = "outbox_messages"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "person_id") var personID: Int
    @Field(key: "to_address") var toAddress: String
    @Field(key: "subject") var subject: String
    @Field(key: "body") var body: String
    @OptionalField(key: "link") var link: String?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "attempts") var attempts: Int
    @Field(key: "next_attempt_at") var nextAttemptAt: Date
    @OptionalField(key: "sent_at") var sentAt: Date?
    @OptionalField(key: "last_error") var lastError: String?
    @OptionalField(key: "read_at") var readAt: Date?

    init() {}
}

enum Outbox {
    /// Between the Korean and the English text of a message: a line of its own, so either text may hold paragraphs.
    static let languageBreak = "\n\n— English —\n\n"

    /// The text of a message in one language (messages kept before the break was a line of its own split at the
    /// first blank line).
    static func text(of body: String, in lang: Lang) -> String {
        let parts = body.components(separatedBy: body.contains(languageBreak) ? languageBreak : "\n\n")
        return lang == .ko ? parts.first ?? body : parts.last ?? body
    }

    /// Queues a message for a person (in Korean and English, as the person may read either).
    static func send(to person: Person, subject: Localized, body: Localized, link: String?, now: Date, on db: any Database) async throws {
        let message = OutboxMessage()
        message.personID = try person.requireID()
        message.toAddress = person.email
        message.subject = subject.ko + " / " + subject.en
        message.body = body.ko + languageBreak + body.en
        message.link = link
        message.createdAt = now
        message.attempts = 0
        message.nextAttemptAt = now
        try await message.create(on: db)
    }

    /// Waits before the next try: 1, 2, 4 … minutes, at most a day.
    static func backoff(afterAttempts n: Int) -> TimeInterval { min(86_400, 60 * pow(2, Double(max(0, n - 1)))) }
}

/// Where delivered messages go.
protocol MailTransport: Sendable {
    func deliver(_ message: OutboxMessage) async throws
}

/// Development and demo: each message becomes an `.eml` file in a folder, readable with any mail program.
struct FolderTransport: MailTransport {
    let folder: String
    var from = "Ieum <no-reply@ieum.local>"
    var linkBase: String?

    func deliver(_ message: OutboxMessage) async throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let name = String(format: "%08d.eml", message.id ?? 0)
        let text = MailFormat.rfc5322(message, from: from, linkBase: linkBase)
        try Data(text.utf8).write(to: URL(fileURLWithPath: folder).appendingPathComponent(name), options: .atomic)
    }
}

enum MailFormat {
    /// A plain-text message with an encoded subject (RFC 2047) and base64 body, so Korean arrives intact. A link
    /// kept as a path (the in-app message opens it as it is) is made whole with the site's address for a mail program.
    static func rfc5322(_ m: OutboxMessage, from: String, linkBase: String?) -> String {
        let subject = "=?UTF-8?B?" + Data(m.subject.utf8).base64EncodedString() + "?="
        let body = m.body + (m.link.map { "\n\n" + absolute($0, base: linkBase) } ?? "")
        let encoded = Data(body.utf8).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
        // Date and Message-ID are required of a message (RFC 5322 §3.6); the id is the outbox row's, at the sender's domain.
        let domain = from.split(separator: "@").last.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "> ")) } ?? "ieum.local"
        return [
            "Date: \(dateHeader(m.createdAt))", "Message-ID: <outbox-\(m.id ?? 0)@\(domain)>",
            "From: \(from)", "To: <\(m.toAddress)>", "Subject: \(subject)", "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=UTF-8", "Content-Transfer-Encoding: base64", "", encoded, "",
        ].joined(separator: "\r\n")
    }

    static func dateHeader(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "Asia/Seoul")
        f.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return f.string(from: date)
    }

    static func absolute(_ link: String, base: String?) -> String {
        guard let base, link.hasPrefix("/"), !link.hasPrefix("//") else { return link }
        return (base.hasSuffix("/") ? String(base.dropLast()) : base) + link
    }
}

/// Delivers queued messages a few hundred at a time; a failure is kept with the error and tried again later.
/// The delivered ones are marked in one statement, so a busy outbox adds one short write per round, not one per
/// message (on SQLite every write waits for the single writer).
enum OutboxWorker {
    static func deliverDue(transport: any MailTransport, now: Date, limit: Int = 500, on db: any Database) async throws -> Int {
        let due = try await OutboxMessage.query(on: db).filter(\.$sentAt == nil).filter(\.$nextAttemptAt <= now)
            .sort(\.$nextAttemptAt).sort(\.$id).limit(limit).all()
        var delivered: [Int] = []
        var failed: [(OutboxMessage, String)] = []
        for message in due {
            do {
                try await transport.deliver(message)
                delivered.append(try message.requireID())
            } catch {
                failed.append((message, String(String(describing: error).prefix(500))))
            }
        }
        if !delivered.isEmpty {
            try await OutboxMessage.query(on: db).filter(\.$id ~~ delivered).set(\.$sentAt, to: now).set(\.$lastError, to: nil).update()
        }
        for (message, error) in failed {
            message.attempts += 1
            message.lastError = error
            message.nextAttemptAt = now.addingTimeInterval(Outbox.backoff(afterAttempts: message.attempts))
            try await message.save(on: db)
        }
        return delivered.count
    }
}
