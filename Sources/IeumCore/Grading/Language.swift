/// A programming language the grader runs: adding one is an entry in `Language.all`, not new code.
/// Commands run inside the sandbox, in /box, where the submission's files are; `{memory_mb}` is replaced by the
/// run's memory limit in megabytes.
public struct Language: Sendable, Equatable, Identifiable {
    public let id: String
    public let name: String
    /// The file the trainee's code is saved as.
    public let fileName: String
    /// nil for languages that run the source directly.
    public let compile: [String]?
    public let run: [String]
    /// Host folders the toolchain needs besides /usr (read-only inside the sandbox).
    public let readOnlyPaths: [String]
    /// Virtual machines start slowly and compile in the background; their limits are scaled by this.
    public let timeFactor: Double
    /// Syntax highlighting and editor hints.
    public let editorMode: String

    public static let all: [Language] = [
        Language(id: "python3", name: "Python 3", fileName: "main.py",
                 compile: ["/usr/bin/python3", "-S", "-c", "import py_compile,sys; py_compile.compile('main.py', cfile='/tmp/main.pyc', doraise=True)"],
                 run: ["/usr/bin/python3", "-S", "main.py"], readOnlyPaths: [], timeFactor: 1, editorMode: "python"),
        Language(id: "c", name: "C (GCC, C17)", fileName: "main.c",
                 compile: ["/usr/bin/gcc", "-std=gnu17", "-O2", "-pipe", "-o", "main", "main.c", "-lm"],
                 run: ["./main"], readOnlyPaths: [], timeFactor: 1, editorMode: "c"),
        Language(id: "cpp", name: "C++ (G++, C++17)", fileName: "main.cpp",
                 compile: ["/usr/bin/g++", "-std=gnu++17", "-O2", "-pipe", "-o", "main", "main.cpp"],
                 run: ["./main"], readOnlyPaths: [], timeFactor: 1, editorMode: "cpp"),
        Language(id: "java", name: "Java 17", fileName: "Main.java",
                 compile: ["/usr/bin/javac", "-J-Xshare:auto", "-J-XX:+UseSerialGC", "-J-Xmx256m", "-encoding", "UTF-8", "Main.java"],
                 run: ["/usr/bin/java", "-XX:+UseSerialGC", "-Xss64m", "-Xmx{memory_mb}m", "-XX:TieredStopAtLevel=1", "-cp", ".", "Main"],
                 readOnlyPaths: ["/etc/java-17-openjdk"], timeFactor: 2, editorMode: "java"),
        Language(id: "javascript", name: "JavaScript (Node.js)", fileName: "main.js",
                 compile: ["/usr/bin/node", "--check", "main.js"],
                 run: ["/usr/bin/node", "--max-old-space-size={memory_mb}", "--stack-size=65500", "main.js"],
                 readOnlyPaths: [], timeFactor: 2, editorMode: "javascript"),
    ]

    public static func named(_ id: String) -> Language? { all.first { $0.id == id } }

    public func runCommand(memoryMegabytes: Int) -> [String] {
        run.map { $0.replacingOccurrences(of: "{memory_mb}", with: String(memoryMegabytes)) }
    }
}
