/// How a program's run ended, in words a trainee can act on: the exit code, or the signal that stopped it with
/// its usual cause. Shown for sample tests only: a program chooses its exit code, so on a hidden test it could
/// carry the test's input out.
public enum RunEnding {
    /// Signals a program under test meets, with the cause people look for first.
    static let signals: [Int: (name: String, cause: Localized)] = [
        4: ("SIGILL", Localized("잘못된 명령어", "illegal instruction")),
        6: ("SIGABRT", Localized("프로그램이 스스로 중단함 (abort, assert, 처리하지 않은 예외)", "the program aborted (abort, a failed assert, an uncaught exception)")),
        7: ("SIGBUS", Localized("잘못된 메모리 주소 정렬", "misaligned memory access")),
        8: ("SIGFPE", Localized("산술 오류 (0으로 나누기 등)", "arithmetic error (division by zero, …)")),
        9: ("SIGKILL", Localized("강제 종료됨 (대개 메모리나 시간 한도)", "killed (usually a memory or time limit)")),
        11: ("SIGSEGV", Localized("잘못된 메모리 접근 (배열 범위 밖, 널 포인터, 너무 깊은 재귀)", "invalid memory access (out-of-range index, null pointer, recursion too deep)")),
        13: ("SIGPIPE", Localized("닫힌 출력에 씀", "wrote to a closed output")),
        24: ("SIGXCPU", Localized("CPU 시간 한도", "CPU time limit")),
        25: ("SIGXFSZ", Localized("출력 크기 한도", "output size limit")),
        31: ("SIGSYS", Localized("허용되지 않은 시스템 호출", "a system call that is not allowed")),
    ]

    public static func signalName(_ signal: Int) -> String? { signal > 0 ? signals[signal]?.name ?? "SIG\(signal)" : nil }

    /// "signal 11 (SIGSEGV): …", "exit code 1"; nil when the program ended normally with 0.
    public static func describe(exitCode: Int, signal: Int) -> Localized? {
        if signal > 0 {
            guard let known = signals[signal] else { return Localized("시그널 \(signal)로 종료됨", "stopped by signal \(signal)") }
            return Localized("시그널 \(signal) (\(known.name)): \(known.cause.ko)", "signal \(signal) (\(known.name)): \(known.cause.en)")
        }
        guard exitCode != 0 else { return nil }
        return Localized("종료 코드 \(exitCode) (0이 아니면 오류로 봅니다)", "exit code \(exitCode) (anything but 0 counts as an error)")
    }

    /// The same in a few words, for a table cell: "exit code 1", "signal 11 (SIGSEGV)".
    public static func brief(exitCode: Int, signal: Int) -> Localized? {
        if signal > 0 { return Localized("시그널 \(signal) (\(signalName(signal) ?? ""))", "signal \(signal) (\(signalName(signal) ?? ""))") }
        guard exitCode != 0 else { return nil }
        return Localized("종료 코드 \(exitCode)", "exit code \(exitCode)")
    }

    /// The first lines of what the program wrote to its error output, for a trainee to read at a glance.
    public static func firstLines(_ text: String, lines: Int = 20) -> (shown: String, cut: Bool) {
        let all = TextLines.split(text)
        return (all.prefix(lines).joined(separator: "\n"), all.count > lines)
    }
}
