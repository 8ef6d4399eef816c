/// What a judged run, a test or a whole submission came to. The order is the order of precedence when a
/// submission's tests disagree: the first test that failed decides, as trainees expect from other judges.
public enum Verdict: String, Sendable, Codable, CaseIterable {
    case accepted
    case wrongAnswer = "wrong_answer"
    case timeLimit = "time_limit"
    case memoryLimit = "memory_limit"
    case outputLimit = "output_limit"
    case runtimeError = "runtime_error"
    /// Stopped twice by the wall-clock guard while under its CPU limit: the program waited (asleep, on input
    /// that never comes), it did not compute for too long. Never shown as a time limit.
    case stoppedWaiting = "stopped_waiting"
    case compileError = "compile_error"
    case internalError = "internal_error"

    public var name: Localized {
        switch self {
        case .accepted: Localized("정답", "Accepted")
        case .wrongAnswer: Localized("오답", "Wrong answer")
        case .timeLimit: Localized("시간 초과", "Time limit exceeded")
        case .memoryLimit: Localized("메모리 초과", "Memory limit exceeded")
        case .outputLimit: Localized("출력 초과", "Output limit exceeded")
        case .runtimeError: Localized("런타임 오류", "Runtime error")
        case .stoppedWaiting: Localized("중단: CPU를 쓰지 않고 너무 오래 기다림", "Stopped: waited too long without using the CPU")
        case .compileError: Localized("컴파일 오류", "Compile error")
        case .internalError: Localized("채점 시스템 오류", "Internal error")
        }
    }

    public var isAccepted: Bool { self == .accepted }
}

/// How the sandbox says a run ended, before any output is compared.
public enum RunStatus: String, Sendable, Codable {
    case exited = "OK"
    case timeLimit = "TLE"
    case memoryLimit = "MLE"
    case outputLimit = "OLE"
    case runtimeError = "RE"
    /// Stopped by the wall-clock or idle guard while under its CPU limit.
    case waited = "WAIT"
}
