@testable import App
@testable import IeumGrader
import Foundation
import IeumCore
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Programs written to break the grader, each run through the real sandbox with its expected verdict, and the
/// host checked afterwards: /etc/shadow untouched, no disk, /tmp or /dev/shm filled, nothing left running.
@Suite("Hostile submissions", .serialized)
struct HostileSubmissionTests {
    struct Attack: CustomTestStringConvertible, Sendable {
        let name: String
        let language: String
        let source: String
        let verdict: Verdict
        /// What a contained program prints: the verdict is judged against it.
        var expected = ""
        var input = ""
        /// Output that must not appear (a secret, a file's content).
        var mustNotPrint: [String] = []
        var testDescription: String { name }
    }

    static let secret = "ieum-secret-\(UInt64.random(in: 1...UInt64.max))"

    static let attacks: [Attack] = [
        Attack(name: "fork bomb", language: "c", source: """
            #include <unistd.h>
            int main(void) { for (;;) fork(); }
            """, verdict: .timeLimit),
        Attack(name: "memory bomb", language: "c", source: """
            #include <stdlib.h>
            #include <string.h>
            int main(void) { for (;;) { char *p = malloc(1 << 20); if (p) memset(p, 1, 1 << 20); } }
            """, verdict: .memoryLimit),
        Attack(name: "infinite loop", language: "python3", source: "while True:\n    pass\n", verdict: .timeLimit),
        Attack(name: "CPU time spread over forked children", language: "c", source: """
            #include <unistd.h>
            int main(void) { for (int i = 0; i < 8; i++) if (fork() == 0) break; volatile unsigned long x = 0; for (;;) x++; }
            """, verdict: .timeLimit),
        Attack(name: "sleeping forever", language: "python3", source: "import time\ntime.sleep(10**6)\n", verdict: .stoppedWaiting),
        Attack(name: "output flood", language: "c", source: """
            #include <stdio.h>
            int main(void) { for (;;) fputs("flood flood flood flood flood flood flood flood\\n", stdout); }
            """, verdict: .outputLimit),
        Attack(name: "disk fill in the work folder (read-only while tests run)", language: "c", source: """
            #include <stdio.h>
            #include <string.h>
            int main(void) {
                static char block[1 << 20]; memset(block, 'x', sizeof block);
                long total = 0;
                for (int f = 0; f < 1000; f++) {
                    char name[32]; snprintf(name, sizeof name, "fill%d", f);
                    FILE *file = fopen(name, "w");
                    if (!file && f == 0) { puts("the work folder is read-only"); return 0; }
                    if (!file) break;
                    for (int i = 0; i < 8; i++) { if (fwrite(block, 1, sizeof block, file) != sizeof block) { fclose(file); fprintf(stderr, "full after %ld MB\\n", total); return 1; } total++; }
                    if (fclose(file) != 0) { fprintf(stderr, "full after %ld MB\\n", total); return 1; }
                }
                return 0;
            }
            """, verdict: .accepted, expected: "the work folder is read-only"),
        fill("/tmp"),
        fill("/dev/shm"),
        Attack(name: "reading /etc/shadow", language: "python3", source: """
            for path in ['/etc/shadow', '/etc/passwd', '/proc/1/root/etc/shadow', '/root/.bash_history']:
                try:
                    print(open(path).read())
                except OSError as e:
                    print('refused', path)
            """, verdict: .accepted, expected: "refused /etc/shadow\nrefused /etc/passwd\nrefused /proc/1/root/etc/shadow\nrefused /root/.bash_history",
            mustNotPrint: ["root:"]),
        Attack(name: "reading other submissions, the hidden tests and the server's database", language: "python3", source: """
            import os
            found = []
            for top in ['/run', '/work', '/var', '/srv', '/home', '/root', '/tmp', '/box']:
                try:
                    for base, dirs, files in os.walk(top):
                        for f in files:
                            if f.endswith(('.sqlite', '.db', '.lock')) or f in ('stdin', 'answer.txt', 'input.txt'):
                                found.append(os.path.join(base, f))
                except OSError:
                    pass
            print('found', found)
            """, verdict: .accepted, expected: "found []"),
        Attack(name: "opening a network connection, also to 127.0.0.1", language: "python3", source: """
            import socket
            for host, port in [('127.0.0.1', int(input())), ('1.1.1.1', 53), ('10.0.0.1', 80)]:
                s = socket.socket()
                s.settimeout(1)
                try:
                    s.connect((host, port)); print('connected', host)
                except OSError as e:
                    print('refused', host)
            """, verdict: .accepted, expected: "refused 127.0.0.1\nrefused 1.1.1.1\nrefused 10.0.0.1"),
        Attack(name: "killing the parent and every other process", language: "c", source: """
            #include <signal.h>
            #include <stdio.h>
            #include <unistd.h>
            int main(void) {
                int target; if (scanf("%d", &target) != 1) return 3;
                kill(getppid(), SIGKILL);
                printf("kill %d\\n", kill(target, SIGKILL));
                fflush(stdout);
                kill(-1, SIGKILL);
                return 0;
            }
            """, verdict: .accepted, expected: "kill -1"),
        Attack(name: "leaving a background process", language: "c", source: """
            #include <stdio.h>
            #include <sys/prctl.h>
            #include <unistd.h>
            int main(void) {
                if (fork() == 0) { setsid(); if (fork() == 0) { prctl(PR_SET_NAME, "ieumleftover"); for (;;) sleep(1000); } return 0; }
                sleep(1); puts("parent done"); return 0;
            }
            """, verdict: .accepted, expected: "parent done"),
        Attack(name: "printing the environment", language: "python3", source: """
            import os
            print(' '.join(sorted(os.environ)))
            seen = open('/proc/self/environ', 'rb').read()
            try:
                seen += open('/proc/1/environ', 'rb').read()
            except OSError:
                pass
            print('leak' if b'IEUM' in seen or b'DATABASE' in seen else 'clean')
            """, verdict: .accepted, expected: "HOME LANG PATH PWD\nclean", mustNotPrint: [secret]),
        Attack(name: "ptrace", language: "c", source: """
            #include <stdio.h>
            #include <sys/ptrace.h>
            #include <unistd.h>
            int main(void) {
                printf("attach pid1 %ld\\n", ptrace(PTRACE_ATTACH, 1, 0, 0));
                printf("traceme %ld\\n", ptrace(PTRACE_TRACEME, 0, 0, 0));
                return 0;
            }
            """, verdict: .accepted, expected: "attach pid1 -1\ntraceme -1"),
        Attack(name: "creating and running a setuid file", language: "c", source: """
            #include <stdio.h>
            #include <sys/stat.h>
            #include <unistd.h>
            int main(int argc, char **argv) {
                if (argc > 1) { puts(geteuid() == 0 ? "root" : "not root"); return 0; }
                printf("chmod %d\\n", chmod("main", 04755));
                printf("chown %d\\n", chown("main", 0, 0));
                fflush(stdout);
                execl("./main", "main", "again", (char *)0);
                return 1;
            }
            """, verdict: .accepted, expected: "chmod -1\nchown -1\nnot root"),
        Attack(name: "a new user namespace, mounting and other escapes", language: "c", source: """
            #define _GNU_SOURCE
            #include <sched.h>
            #include <stdio.h>
            #include <sys/mount.h>
            #include <sys/syscall.h>
            #include <unistd.h>
            int main(void) {
                printf("unshare %d\\n", unshare(CLONE_NEWUSER));
                printf("mount %d\\n", mount("none", "/box", "tmpfs", 0, 0));
                printf("bpf %ld\\n", syscall(SYS_bpf, 0, 0, 0));
                printf("io_uring %ld\\n", syscall(SYS_io_uring_setup, 1, 0));
                return 0;
            }
            """, verdict: .accepted, expected: "unshare -1\nmount -1\nbpf -1\nio_uring -1"),
        Attack(name: "compile-time bomb: #include \"/dev/random\"", language: "c", source: """
            #include "/dev/random"
            int main(void) { return 0; }
            """, verdict: .compileError),
        Attack(name: "compile-time bomb: template explosion", language: "cpp", source: """
            template <int N> struct Boom { static const long v = Boom<N - 1>::v + Boom<N - 2>::v + Boom<N - 3>::v; };
            template <> struct Boom<0> { static const long v = 1; };
            template <> struct Boom<1> { static const long v = 1; };
            template <> struct Boom<2> { static const long v = 1; };
            template <int N> struct Deep { typedef typename Deep<N - 1>::type type; };
            template <> struct Deep<0> { typedef int type; };
            int main() { Deep<100000>::type x = Boom<90>::v; return x; }
            """, verdict: .compileError),
        Attack(name: "compile-time bomb: macro explosion", language: "c", source: """
            #define A x x x x x x x x x x
            #define B A A A A A A A A A A
            #define C B B B B B B B B B B
            #define D C C C C C C C C C C
            #define E D D D D D D D D D D
            #define F E E E E E E E E E E
            #define G F F F F F F F F F F
            #define H G G G G G G G G G G
            int main(void) { H H H H H H H H H H; return 0; }
            """, verdict: .compileError),
    ]

    /// Writes up to 200 MB into a folder the sandbox has of its own; it must run out of room long before.
    static func fill(_ folder: String) -> Attack {
        Attack(name: "filling \(folder)", language: "python3", source: """
            n = 0
            try:
                with open('\(folder)/fill', 'wb') as f:
                    while n < 200:
                        f.write(b'x' * (1 << 20)); f.flush(); n += 1
            except OSError as e:
                print('refused' if n < 200 else 'not refused')
            """, verdict: .accepted, expected: "refused")
    }

    @Test(arguments: attacks)
    func attackIsContained(_ attack: Attack) throws {
        let before = HostSnapshot.take()
        setenv("IEUM_TEST_SECRET", Self.secret, 1)
        let listener = try Loopback.listen()
        defer { close(listener.fd) }
        let input = attack.name.hasPrefix("opening a network") ? "\(listener.port)\n" : attack.name.hasPrefix("killing") ? "\(getpid())\n" : attack.input
        var limits = SandboxLimits()
        limits.cpuMilliseconds = 1_000
        let report = try TestSandbox.grade(attack.language, attack.source, input: input, expected: attack.expected, limits: limits,
                                           compileLimits: TestSandbox.quickCompile)
        let output = (report.tests.first?.output ?? "") + (report.compileOutput ?? "")
        #expect(report.verdict == attack.verdict, "\(attack.name): \(report.verdict) — \(output.prefix(500))")
        for text in attack.mustNotPrint { #expect(!output.contains(text), "\(attack.name) printed \(text)") }
        #expect(Loopback.accepted(listener.fd) == false, "something in the sandbox reached the host's loopback")
        #expect(before.isUnharmed(after: HostSnapshot.take()), "\(attack.name) changed the host: \(before) → \(HostSnapshot.take())")
        #expect(HostSnapshot.processes(named: "ieumleftover", users: 60_100..<60_132).isEmpty, "a process outlived the run")
        // The host can still start processes.
        let check = Process()
        check.executableURL = URL(fileURLWithPath: "/usr/bin/true")
        try check.run()
        check.waitUntilExit()
        #expect(check.terminationStatus == 0)
    }
}
