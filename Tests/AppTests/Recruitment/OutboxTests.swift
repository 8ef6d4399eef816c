@testable import App
import Fluent
import Foundation
import IeumCore
import NIOCore
import NIOPosix
import Testing
import Vapor

/// A one-connection-at-a-time SMTP server that records what it was sent; `refuseRecipients` answers RCPT with 550.
final class FakeSMTPServer: Sendable {
    let port: Int
    let recorder = Recorder()
    private let task: Task<Void, Never>
    private let channel: any Channel

    init(refuseRecipients: Bool = false) async throws {
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(SMTPLineDecoder()))
                    return try NIOAsyncChannel<String, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        port = server.channel.localAddress!.port!
        channel = server.channel
        let recorder = self.recorder
        task = Task {
            try? await server.executeThenClose { connections in
                for try await connection in connections {
                    try? await connection.executeThenClose { lines, out in
                        func say(_ s: String) async throws { try await out.write(ByteBuffer(string: s + "\r\n")) }
                        try await say("220 fake.example ESMTP")
                        var inData = false
                        for try await line in lines {
                            recorder.add(line)
                            if inData {
                                if line == "." { inData = false; try await say("250 2.0.0 queued") }
                                continue
                            }
                            switch line.prefix(4).uppercased() {
                            case "EHLO": try await say("250-fake.example\r\n250 AUTH PLAIN")
                            case "AUTH": try await say("235 2.7.0 ok")
                            case "MAIL": try await say("250 2.1.0 ok")
                            case "RCPT": try await say(refuseRecipients ? "550 5.1.1 no such user" : "250 2.1.5 ok")
                            case "DATA": inData = true; try await say("354 go ahead")
                            case "QUIT": try await say("221 bye"); return
                            default: try await say("500 what")
                            }
                        }
                    }
                }
            }
        }
    }

    final class Recorder: @unchecked Sendable {
        private let lock = NSLock()
        private var lines: [String] = []
        func add(_ line: String) { lock.withLock { lines.append(line) } }
        var all: [String] { lock.withLock { lines } }
    }

    func stop() async {
        try? await channel.close()
        task.cancel()
    }
}

@Suite("Outbox delivery")
struct OutboxTests {
    func queue(_ app: Application, _ f: Fixture, now: Date) async throws {
        try await Outbox.send(to: f.traineeA, subject: Localized("[이음] 지원 상태: 선발", "[Ieum] Application: Selected"),
                              body: Localized("축하합니다. 등록을 확정하세요.", "Congratulations; confirm your place."), link: "/admissions/1", now: now, on: app.db)
    }

    @Test("a message goes out by SMTP with its Korean subject and body intact and its link whole; a refusal is kept and retried later")
    func smtp() async throws {
        try await withApp { app, f, clock in
            try await queue(app, f, now: clock.now)
            let refusing = try await FakeSMTPServer(refuseRecipients: true)
            let bad = try SMTPTransport(url: "smtp://ieum:secret@127.0.0.1:\(refusing.port)", from: "이음 <no-reply@ieum.kr>", group: app.eventLoopGroup)
            #expect(try await OutboxWorker.deliverDue(transport: bad, now: clock.now, on: app.db) == 0)
            await refusing.stop()
            let kept = try await OutboxMessage.query(on: app.db).first()!
            #expect(kept.sentAt == nil && kept.attempts == 1 && kept.lastError?.contains("550") == true)
            #expect(kept.nextAttemptAt > clock.now)
            // Not due yet: nothing is tried.
            let server = try await FakeSMTPServer()
            var good = try SMTPTransport(url: "smtp://ieum:secret@127.0.0.1:\(server.port)", from: "이음 <no-reply@ieum.kr>", group: app.eventLoopGroup)
            good.linkBase = app.ieum.publicURL
            #expect(try await OutboxWorker.deliverDue(transport: good, now: clock.now, on: app.db) == 0)
            clock.advance(120)
            #expect(try await OutboxWorker.deliverDue(transport: good, now: clock.now, on: app.db) == 1)
            await server.stop()
            let lines = server.recorder.all
            #expect(lines.contains("MAIL FROM:<no-reply@ieum.kr>"))
            #expect(lines.contains("RCPT TO:<trainee.a@test.kr>"))
            #expect(lines.contains { $0.hasPrefix("Date: Mon, 02 Nov 2026 10:00:00 +0900") })
            #expect(lines.contains { $0.hasPrefix("Message-ID: <outbox-") && $0.hasSuffix("@ieum.kr>") })
            #expect(lines.contains("AUTH PLAIN " + Data("\u{0}ieum\u{0}secret".utf8).base64EncodedString()))
            let subject = try #require(lines.first { $0.hasPrefix("Subject: =?UTF-8?B?") })
            let encoded = subject.dropFirst("Subject: =?UTF-8?B?".count).dropLast(2)
            #expect(String(decoding: Data(base64Encoded: String(encoded))!, as: UTF8.self).hasPrefix("[이음] 지원 상태: 선발"))
            let blank = lines.firstIndex(of: "")!
            let body = lines[(blank + 1)...].prefix { $0 != "." }.joined()
            let text = String(decoding: Data(base64Encoded: body)!, as: UTF8.self)
            #expect(text.contains("축하합니다. 등록을 확정하세요."))
            // A mail program has no page to resolve a path against: the link carries the site's address.
            #expect(text.hasSuffix("\n\nhttps://ieum.test/admissions/1"))
            #expect(try await OutboxMessage.query(on: app.db).first()?.sentAt != nil)
        }
    }

    @Test("a wrong SMTP address is refused at start")
    func badURL() {
        #expect(throws: SMTPTransport.Failure.self) {
            _ = try SMTPTransport(url: "http://mail.example.kr", from: "a@b", group: MultiThreadedEventLoopGroup.singleton)
        }
    }
}
