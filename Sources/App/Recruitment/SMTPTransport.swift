import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import Vapor

/// Sends outbox messages to an SMTP server given as `IEUM_SMTP_URL`: `smtps://user:password@host:465` (TLS from
/// the first byte) or `smtp://host:25` (plain, for a relay on the same machine or network, which does its own TLS).
/// One connection per message; any reply out of line is an error, and the outbox tries again later.
struct SMTPTransport: MailTransport {
    let host: String
    let port: Int
    let tls: Bool
    let user: String?
    let password: String?
    let from: String
    var linkBase: String?
    let group: any EventLoopGroup
    var timeout: TimeAmount = .seconds(30)

    enum Failure: Error, CustomStringConvertible {
        case badURL
        case unexpected(command: String, reply: String)
        case closed
        case timedOut

        var description: String {
            switch self {
            case .badURL: "IEUM_SMTP_URL must be smtp://host:port or smtps://user:password@host:port"
            case let .unexpected(command, reply): "SMTP \(command): \(reply)"
            case .closed: "the SMTP server closed the connection"
            case .timedOut: "the SMTP server did not answer in time"
            }
        }
    }

    init(url: String, from: String, group: any EventLoopGroup) throws {
        guard let u = URLComponents(string: url), let scheme = u.scheme, ["smtp", "smtps"].contains(scheme), let host = u.host, !host.isEmpty else {
            throw Failure.badURL
        }
        self.host = host
        self.tls = scheme == "smtps"
        self.port = u.port ?? (tls ? 465 : 25)
        self.user = u.user?.removingPercentEncoding
        self.password = u.password?.removingPercentEncoding
        self.from = from
        self.group = group
    }

    func deliver(_ message: OutboxMessage) async throws {
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await self.converse(message) }
            tasks.addTask {
                try await Task.sleep(nanoseconds: UInt64(self.timeout.nanoseconds))
                throw Failure.timedOut
            }
            try await tasks.next()
            tasks.cancelAll()
        }
    }

    private func converse(_ message: OutboxMessage) async throws {
        let (host, tls) = (self.host, self.tls)
        let channel = try await ClientBootstrap(group: group).connectTimeout(.seconds(10))
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if tls {
                        let context = try NIOSSLContext(configuration: .makeClientConfiguration())
                        try channel.pipeline.syncOperations.addHandler(try NIOSSLClientHandler(context: context, serverHostname: host))
                    }
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(SMTPLineDecoder()))
                    return try NIOAsyncChannel<String, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        try await channel.executeThenClose { inbound, outbound in
            var lines = inbound.makeAsyncIterator()
            /// Reads one (possibly multi-line) reply and checks its code.
            func expect(_ codes: Set<Int>, after command: String) async throws {
                var last = ""
                repeat {
                    guard let line = try await lines.next() else { throw Failure.closed }
                    last = line
                } while last.count > 3 && last[last.index(last.startIndex, offsetBy: 3)] == "-"
                guard let code = Int(last.prefix(3)), codes.contains(code) else {
                    throw Failure.unexpected(command: command, reply: String(last.prefix(200)))
                }
            }
            func send(_ line: String, expecting codes: Set<Int>) async throws {
                try await outbound.write(ByteBuffer(string: line + "\r\n"))
                try await expect(codes, after: line.hasPrefix("AUTH") ? "AUTH" : String(line.prefix(20)))
            }
            try await expect([220], after: "greeting")
            try await send("EHLO ieum", expecting: [250])
            if let user, let password {
                let token = Data("\u{0}\(user)\u{0}\(password)".utf8).base64EncodedString()
                try await send("AUTH PLAIN \(token)", expecting: [235])
            }
            try await send("MAIL FROM:<\(Self.address(from))>", expecting: [250])
            try await send("RCPT TO:<\(message.toAddress)>", expecting: [250, 251])
            try await send("DATA", expecting: [354])
            // Lines starting with a dot are doubled (RFC 5321 §4.5.2); the message ends with a lone dot.
            let body = MailFormat.rfc5322(message, from: from, linkBase: linkBase).components(separatedBy: "\r\n")
                .map { $0.hasPrefix(".") ? "." + $0 : $0 }.joined(separator: "\r\n")
            try await outbound.write(ByteBuffer(string: body + "\r\n.\r\n"))
            try await expect([250], after: "end of data")
            try await send("QUIT", expecting: [221])
        }
    }

    /// `Name <a@b>` → `a@b`.
    static func address(_ from: String) -> String {
        guard let open = from.lastIndex(of: "<"), let close = from.lastIndex(of: ">"), open < close else { return from }
        return String(from[from.index(after: open)..<close])
    }
}

/// Splits the server's replies into lines (CRLF or LF), at most 4 KB each.
struct SMTPLineDecoder: ByteToMessageDecoder {
    typealias InboundOut = String

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let newline = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) else {
            if buffer.readableBytes > 4096 { throw SMTPTransport.Failure.closed }
            return .needMoreData
        }
        let length = newline - buffer.readerIndex
        var line = buffer.readString(length: length) ?? ""
        buffer.moveReaderIndex(forwardBy: 1)
        if line.hasSuffix("\r") { line.removeLast() }
        context.fireChannelRead(wrapInboundOut(line))
        return .continue
    }
}
