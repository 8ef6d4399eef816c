import Fluent
import Foundation
import IeumCore

extension AuditChain {
    /// The first thing found wrong. `entry` numbers are `seq`s; `line` numbers count the checkpoint file's lines from 1.
    enum Finding: Sendable, Equatable {
        case missing(entry: Int)
        case unlinked(entry: Int)
        case changed(entry: Int)
        /// The hash fits but the MAC does not: the entry was rewritten by someone without the audit key.
        case forged(entry: Int)
        /// No MAC, although an earlier entry has one: only entries from before MACs may lack it.
        case unsealed(entry: Int)
        case headDisagrees(entries: Int, head: Int)
        /// The line is not a checkpoint signed with this audit key: edited, forged or damaged.
        case checkpointForged(line: Int)
        case checkpointDisagrees(line: Int, entry: Int)
        case shorterThanCheckpoint(line: Int, entries: Int, recorded: Int)
        case legacyDisagrees(line: Int, legacy: Int, recorded: Int)

        /// The first entry that is wrong or gone, when the finding is about entries.
        var entry: Int? {
            switch self {
            case let .missing(n), let .unlinked(n), let .changed(n), let .forged(n), let .unsealed(n): n
            case let .checkpointDisagrees(_, n): n
            case let .headDisagrees(entries, _), let .shorterThanCheckpoint(_, entries, _): entries + 1
            case let .legacyDisagrees(_, legacy, recorded): min(legacy, recorded) + 1
            case .checkpointForged: nil
            }
        }

        var text: Localized {
            switch self {
            case let .missing(n):
                Localized("항목 \(n)이(가) 없습니다", "entry \(n) is missing")
            case let .unlinked(n):
                Localized("항목 \(n)이(가) 앞 항목에 이어지지 않습니다", "entry \(n) does not follow the one before it")
            case let .changed(n):
                Localized("항목 \(n)이(가) 바뀌었습니다", "entry \(n) was changed")
            case let .forged(n):
                Localized("항목 \(n)의 MAC이 맞지 않습니다: 감사 키 없이 다시 쓰였습니다",
                          "entry \(n) has a wrong MAC: it was rewritten without the audit key")
            case let .unsealed(n):
                Localized("항목 \(n)에 MAC이 없습니다: MAC이 있는 항목 뒤에는 모두 있어야 합니다",
                          "entry \(n) has no MAC, though an entry before it has one")
            case let .headDisagrees(entries, head):
                Localized("기록은 항목 \(entries)에서 끝나지만 체인 머리는 \(head)을(를) 기록합니다: 항목이 지워졌거나 다시 쓰였습니다",
                          "the chain ends at entry \(entries) but its head records \(head): entries were removed or rewritten")
            case let .checkpointForged(line):
                Localized("체크포인트 파일 \(line)번째 줄의 서명이 맞지 않습니다: 고쳐졌거나 위조되었습니다",
                          "checkpoint line \(line) is not signed with this audit key: it was edited or forged")
            case let .checkpointDisagrees(line, n):
                Localized("항목 \(n)이(가) 체크포인트(\(line)번째 줄)에 서명된 것과 다릅니다",
                          "entry \(n) differs from what checkpoint line \(line) signed")
            case let .shorterThanCheckpoint(line, entries, recorded):
                Localized("기록은 항목 \(entries)건인데 체크포인트(\(line)번째 줄)는 \(recorded)건을 기록했습니다: 끝 부분이 지워졌습니다",
                          "the log has \(entries) entries but checkpoint line \(line) recorded \(recorded): its tail was removed")
            case let .legacyDisagrees(line, legacy, recorded):
                Localized("MAC 없는 항목이 \(legacy)건인데 체크포인트(\(line)번째 줄)는 \(recorded)건을 기록했습니다: MAC이 지워졌습니다",
                          "\(legacy) entries lack a MAC but checkpoint line \(line) recorded \(recorded): MACs were stripped")
            }
        }
    }

    struct Report: Sendable, Equatable {
        /// Entries found intact, in order, before any finding.
        var checked = 0
        /// Hash-only entries at the start of the log, written before entries carried MACs.
        var legacy = 0
        var checkpoints = 0
        var finding: Finding?

        var firstBroken: Int? { finding?.entry }
        var reason: String? { finding?.text.en }
    }

    /// Checks every checkpoint's signature, then walks the chain in order (sequence, link, hash, MAC, and each
    /// checkpoint's head at its entry), then the chain's end against its head row and every checkpoint.
    static func verify(on db: any Database, key: AuditKey, checkpoints lines: [AuditCheckpoint?]) async throws -> Report {
        var report = Report()
        var checkpoints: [(line: Int, checkpoint: AuditCheckpoint)] = []
        for (index, line) in lines.enumerated() {
            guard let checkpoint = line, checkpoint.isSigned(by: key.publicKey) else {
                report.finding = .checkpointForged(line: index + 1)
                return report
            }
            checkpoints.append((index + 1, checkpoint))
        }
        report.checkpoints = checkpoints.count
        let bySeq = Dictionary(grouping: checkpoints, by: \.checkpoint.seq)
        func disagreement(at seq: Int, hash: String) -> Finding? {
            (bySeq[seq] ?? []).first { $0.checkpoint.head != hash }.map { .checkpointDisagrees(line: $0.line, entry: seq) }
        }
        if let finding = disagreement(at: 0, hash: genesis) {
            report.finding = finding
            return report
        }

        var previous = genesis
        var previousMAC: String?
        var expectedSeq = 1
        let batch = 1000
        while true {
            let entries = try await AccessLogEntry.query(on: db).filter(\.$seq >= expectedSeq).sort(\.$seq).limit(batch).all()
            for entry in entries {
                if let finding = check(entry, expectedSeq: expectedSeq, previous: previous, previousMAC: previousMAC, key: key)
                    ?? disagreement(at: entry.seq, hash: entry.hash) {
                    report.finding = finding
                    return report
                }
                if entry.mac == nil { report.legacy += 1 }
                previous = entry.hash
                previousMAC = entry.mac
                expectedSeq += 1
                report.checked += 1
            }
            if entries.count < batch { break }
        }

        if let longest = checkpoints.max(by: { $0.checkpoint.seq < $1.checkpoint.seq }), longest.checkpoint.seq > report.checked {
            report.finding = .shorterThanCheckpoint(line: longest.line, entries: report.checked, recorded: longest.checkpoint.seq)
        } else if let other = checkpoints.first(where: { $0.checkpoint.legacy != report.legacy }) {
            report.finding = .legacyDisagrees(line: other.line, legacy: report.legacy, recorded: other.checkpoint.legacy)
        } else if let head = try await AuditChainHead.query(on: db).first(),
                  head.seq != report.checked || head.lastHash != previous || head.lastMAC != previousMAC {
            report.finding = .headDisagrees(entries: report.checked, head: head.seq)
        }
        return report
    }

    private static func check(_ entry: AccessLogEntry, expectedSeq: Int, previous: String, previousMAC: String?, key: AuditKey) -> Finding? {
        if entry.seq != expectedSeq { return .missing(entry: expectedSeq) }
        if entry.prevHash != previous { return .unlinked(entry: entry.seq) }
        if hash(previous: previous, entry: entry) != entry.hash { return .changed(entry: entry.seq) }
        guard let mac = entry.mac else {
            // Hash-only entries are accepted only before the first entry with a MAC: one after it was stripped.
            return previousMAC == nil ? nil : .unsealed(entry: entry.seq)
        }
        if mac != self.mac(previous: previous, previousMAC: previousMAC, entry: entry, key: key.mac) { return .forged(entry: entry.seq) }
        return nil
    }
}
