// Runs one command in a box: bubblewrap gives it fresh PID, mount, IPC, UTS, network and user namespaces, a
// read-only view of /usr and the box's own size-capped tmpfs at /box; this process enforces CPU time (of the
// whole cgroup), wall time and output size from outside, and reports one line of key=value facts.
#define _GNU_SOURCE
#include "box.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

void box_fail(const char *format, ...) {
    va_list args;
    va_start(args, format);
    fputs("ieum-box: ", stderr);
    vfprintf(stderr, format, args);
    fputc('\n', stderr);
    va_end(args);
    exit(2);
}

static void box_path(const box_options *o, const char *leaf, char *out, size_t size) {
    if (leaf) snprintf(out, size, "%s/%d/%s", o->root, o->box, leaf);
    else snprintf(out, size, "%s/%d", o->root, o->box);
}

static uint64_t now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

// --- init / cleanup ------------------------------------------------------------------------------------------

int box_init(const box_options *o) {
    if (geteuid() != 0) box_fail("needs root to mount the box and create its cgroup");
    char dir[512], work[512];
    if (mkdir(o->root, 0711) != 0 && errno != EEXIST) box_fail("cannot create %s: %s", o->root, strerror(errno));
    // Each box's user must pass through the root to reach its box, whoever made the folder first.
    if (chmod(o->root, 0711) != 0) box_fail("cannot open up %s: %s", o->root, strerror(errno));
    box_path(o, NULL, dir, sizeof dir);
    box_path(o, "box", work, sizeof work);
    box_cleanup(o);  // whatever a crashed grader left behind
    if (mkdir(dir, 0711) != 0 && errno != EEXIST) box_fail("cannot create %s: %s", dir, strerror(errno));
    if (mkdir(work, 0700) != 0) box_fail("cannot create %s: %s", work, strerror(errno));
    char data[128];
    uid_t uid = o->uid_base + (uid_t)o->box;
    snprintf(data, sizeof data, "size=%ldk,mode=0700,uid=%u,gid=%u", o->work_kb, uid, uid);
    if (mount("ieum-box", work, "tmpfs", MS_NOSUID | MS_NODEV, data) != 0)
        box_fail("cannot mount the box's tmpfs on %s: %s", work, strerror(errno));
    return 0;
}

int box_cleanup(const box_options *o) {
    box_cgroup group;
    if (cgroup_open(&group, o->box) == 0) {
        cgroup_kill_all(&group);
        // A launcher cannot remove the group it is in; the empty group is reused by the box's next holder.
        if (box_keep_pid == 0) cgroup_remove(&group);
    }
    char work[512];
    box_path(o, "box", work, sizeof work);
    // Unmounting drops everything the program wrote without following any of its paths (symlinks included).
    while (umount2(work, MNT_DETACH | UMOUNT_NOFOLLOW) == 0) {}
    rmdir(work);
    return 0;
}

int box_check(const box_options *o) {
    cgroup_mode mode = cgroup_detect();
    if (geteuid() != 0) box_fail("needs root (to create cgroups, mount the box and switch to the box's user)");
    if (mode == CGROUP_NONE) box_fail("no usable cgroup: neither v1 (memory, pids, cpuacct) nor v2 with memory, pids and cpu");
    if (access(o->bwrap, X_OK) != 0) box_fail("bubblewrap not found at %s (Debian: apt-get install bubblewrap)", o->bwrap);
    printf("cgroup=%s bwrap=%s\n", cgroup_mode_name(mode), o->bwrap);
    return 0;
}

// --- run -----------------------------------------------------------------------------------------------------

typedef struct {
    const char *argv[256];
    int count;
    char numbers[8][32];
    int number_count;
    char links[8][256];
    int link_count;
    char env_names[BOX_MAX_ENV][128];
} arg_list;

static void add(arg_list *list, const char *arg) {
    if (list->count >= 255) box_fail("too many arguments");
    list->argv[list->count++] = arg;
    list->argv[list->count] = NULL;
}

static const char *number(arg_list *list, long value) {
    char *slot = list->numbers[list->number_count++];
    snprintf(slot, 32, "%ld", value);
    return slot;
}

// Merged-/usr systems have /lib as a symlink; older ones a folder. Mirror whichever the host has.
static void add_top_level(arg_list *list, const char *path) {
    struct stat st;
    if (lstat(path, &st) != 0) return;
    if (S_ISLNK(st.st_mode)) {
        if (list->link_count >= 8) box_fail("too many top-level links");
        char *target = list->links[list->link_count++];
        ssize_t n = readlink(path, target, 255);
        if (n <= 0) return;
        target[n] = 0;
        add(list, "--symlink"); add(list, target); add(list, path);
    } else if (S_ISDIR(st.st_mode)) {
        add(list, "--ro-bind"); add(list, path); add(list, path);
    }
}

static void build_bwrap_arguments(const box_options *o, const char *work, int seccomp_fd, arg_list *list) {
    add(list, o->bwrap);
    add(list, "--unshare-all"); add(list, "--unshare-user"); add(list, "--disable-userns");
    add(list, "--die-with-parent"); add(list, "--new-session"); add(list, "--cap-drop"); add(list, "ALL");
    add(list, "--clearenv");
    for (int i = 0; i < o->env_count; i++) {
        char *names[BOX_MAX_ENV];
        names[i] = list->env_names[i];
        const char *equals = strchr(o->env[i], '=');
        if (!equals || equals - o->env[i] >= 127) box_fail("bad --env %s", o->env[i]);
        memcpy(names[i], o->env[i], (size_t)(equals - o->env[i]));
        names[i][equals - o->env[i]] = 0;
        add(list, "--setenv"); add(list, names[i]); add(list, equals + 1);
    }
    add(list, "--ro-bind"); add(list, "/usr"); add(list, "/usr");
    add_top_level(list, "/bin"); add_top_level(list, "/sbin");
    add_top_level(list, "/lib"); add_top_level(list, "/lib64"); add_top_level(list, "/lib32");
    add(list, "--ro-bind-try"); add(list, "/etc/ld.so.cache"); add(list, "/etc/ld.so.cache");
    add(list, "--ro-bind-try"); add(list, "/etc/alternatives"); add(list, "/etc/alternatives");
    for (int i = 0; i < o->ro_bind_count; i++) {
        add(list, "--ro-bind-try"); add(list, o->ro_binds[i]); add(list, o->ro_binds[i]);
    }
    add(list, "--proc"); add(list, "/proc");
    add(list, "--dev"); add(list, "/dev");
    // /tmp and /dev/shm are the sandbox's own, small, and counted against its memory.
    add(list, "--size"); add(list, number(list, 16L * 1024 * 1024)); add(list, "--tmpfs"); add(list, "/tmp");
    add(list, "--size"); add(list, number(list, 16L * 1024 * 1024)); add(list, "--tmpfs"); add(list, "/dev/shm");
    add(list, o->work_readonly ? "--ro-bind" : "--bind"); add(list, work); add(list, "/box");
    add(list, "--chdir"); add(list, "/box");
    if (seccomp_fd >= 0) { add(list, "--seccomp"); add(list, number(list, seccomp_fd)); }
    add(list, "--");
    for (int i = 0; i < o->command_count; i++) add(list, o->command[i]);
}

static int report_fd = -1;  // close-on-exec: stays silent when exec succeeds

static void child_fail(char stage) {
    if (write(report_fd, &stage, 1) < 0) {}
    _exit(127);
}

static void set_limit(int resource, rlim_t soft, rlim_t hard) {
    struct rlimit limit = {soft, hard};
    if (setrlimit(resource, &limit) != 0) child_fail('r');
}

// In the forked child: everything here must be safe between fork and exec (the helper is single-threaded).
static void become_sandboxed(const box_options *o, const box_cgroup *group, int out_fd, int err_fd, const arg_list *args) {
    if (!o->in_cgroup && cgroup_join(group) != 0) child_fail('c');
    rlim_t cpu_seconds = (rlim_t)((o->cpu_ms + 999) / 1000 + 1);
    set_limit(RLIMIT_CPU, cpu_seconds, cpu_seconds + 1);  // a backstop per process; the cgroup counts them all
    set_limit(RLIMIT_CORE, 0, 0);
    set_limit(RLIMIT_NOFILE, (rlim_t)o->files, (rlim_t)o->files);
    set_limit(RLIMIT_FSIZE, (rlim_t)o->fsize_kb * 1024, (rlim_t)o->fsize_kb * 1024);
    set_limit(RLIMIT_NPROC, (rlim_t)o->procs, (rlim_t)o->procs);
    set_limit(RLIMIT_STACK, (rlim_t)o->memory_kb * 1024, (rlim_t)o->memory_kb * 1024);
    set_limit(RLIMIT_MSGQUEUE, 0, 0);

    int in_fd = o->stdin_path ? open(o->stdin_path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC) : open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (in_fd < 0 || dup2(in_fd, 0) < 0 || dup2(out_fd, 1) < 0 || dup2(err_fd, 2) < 0) child_fail('i');

    uid_t uid = o->uid_base + (uid_t)o->box;
    if (setgroups(0, NULL) != 0 || setresgid(uid, uid, uid) != 0 || setresuid(uid, uid, uid) != 0) child_fail('u');
    if (getuid() == 0 || geteuid() == 0) child_fail('u');
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    prctl(PR_SET_DUMPABLE, 0);
    char *empty_environment[] = {NULL};
    execve(o->bwrap, (char *const *)args->argv, empty_environment);
    child_fail('x');
}

typedef struct {
    int fd;
    int target;        // where the bytes go
    long limit;        // bytes kept
    long kept;
    bool over;         // more arrived than kept
    bool open;
} stream;

static void pump(stream *s, bool kill_on_overflow) {
    char buffer[65536];
    ssize_t n = read(s->fd, buffer, sizeof buffer);
    if (n <= 0) {
        if (n == 0 || (errno != EINTR && errno != EAGAIN)) s->open = false;
        return;
    }
    long room = s->limit - s->kept;
    long keep = n < room ? n : (room > 0 ? room : 0);
    if (keep > 0 && s->target >= 0 && write(s->target, buffer, (size_t)keep) != keep) s->open = false;
    s->kept += keep;
    if (n > keep) s->over = true;
    (void)kill_on_overflow;
}

static int open_output(const char *path) {
    if (!path) return -1;
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) box_fail("cannot write %s: %s", path, strerror(errno));
    return fd;
}

static int box_run_once(const box_options *o);

// bubblewrap's outer process can exit before reaping the sandbox's init; as a subreaper this process inherits
// such orphans and reaps them here, so none is left as a zombie counting against the box user's process limit
// (a PID 1 that does not reap — some container and VM inits — would keep them forever).
static void reap_orphans(void) {
    while (waitpid(-1, NULL, WNOHANG) > 0) {}
}

int box_run(const box_options *o) {
    if (geteuid() != 0) box_fail("needs root to create the cgroup and switch to the box's user");
    // If the grading server dies, so does this run (and bubblewrap with it, --die-with-parent); the next
    // init or run of this box clears what is left.
    pid_t parent = getppid();
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) box_fail("the grading server is gone");
    prctl(PR_SET_CHILD_SUBREAPER, 1);
    return box_run_once(o);
}

static int box_run_once(const box_options *o) {
    if (o->command_count == 0) box_fail("no command");
    char work[512];
    box_path(o, "box", work, sizeof work);
    struct stat st;
    if (stat(work, &st) != 0) box_fail("box %d is not initialised (%s)", o->box, work);

    box_cgroup group;
    char error[600];
    // A launcher counts against its own group: one process and its small memory.
    long limit_procs = o->procs + (o->in_cgroup ? 1 : 0), limit_kb = o->memory_kb + (o->in_cgroup ? 4096 : 0);
    if (cgroup_create(&group, o->box, limit_kb, limit_procs, error, sizeof error) != 0) box_fail("%s", error);

    // Counters that cannot be reset are read as differences (cgroup v2 has no reset; v1's oom_kill neither).
    uint64_t cpu_before = cgroup_cpu_usage_us(&group);
    uint64_t oom_before = cgroup_oom_kills(&group), hits_before = cgroup_memory_limit_hits(&group);
    int seccomp_fd = seccomp_filter_fd();
    arg_list args = {0};
    build_bwrap_arguments(o, work, seccomp_fd, &args);

    int out_pipe[2], err_pipe[2], report_pipe[2];
    if (pipe2(out_pipe, O_CLOEXEC) != 0 || pipe2(err_pipe, O_CLOEXEC) != 0 || pipe2(report_pipe, O_CLOEXEC) != 0)
        box_fail("pipe: %s", strerror(errno));
    report_fd = report_pipe[1];
    int out_file = open_output(o->stdout_path), err_file = open_output(o->stderr_path);

    uint64_t started = now_ms();
    // vfork: the child only makes system calls and ends in execve or _exit (become_sandboxed never returns), and
    // the launcher has nothing to copy; it saves the page-table copy of fork on every run.
    pid_t child = vfork();
    if (child < 0) box_fail("fork: %s", strerror(errno));
    if (child == 0) become_sandboxed(o, &group, out_pipe[1], err_pipe[1], &args);
    close(out_pipe[1]);
    close(err_pipe[1]);
    close(report_pipe[1]);
    char failed_stage = 0;
    if (read(report_pipe[0], &failed_stage, 1) == 1) {
        waitpid(child, NULL, 0);
        cgroup_kill_all(&group);
        const char *what = failed_stage == 'c' ? "joining the cgroup" : failed_stage == 'r' ? "setting resource limits"
                         : failed_stage == 'i' ? "opening the input" : failed_stage == 'u' ? "switching to the box's user"
                         : "starting bubblewrap";
        box_fail("the sandbox could not start: %s failed", what);
    }
    close(report_pipe[0]);
    if (seccomp_fd >= 0) close(seccomp_fd);
    int pidfd = (int)syscall(SYS_pidfd_open, child, 0);

    stream out = {out_pipe[0], out_file, o->output_kb * 1024, 0, false, true};
    stream err = {err_pipe[0], err_file, o->stderr_kb * 1024, 0, false, true};
    const char *killed_for = NULL;
    int status = 0;
    bool exited = false;
    uint64_t exited_at = 0;
    // The idle guard looks at windows of idle_ms: one in which the group used under 10 % of a core is idle. A
    // program starved by a busy machine still gets more than that (1/6 of a core at load 12 on 2 cores); one that
    // sleeps or waits for input gets next to nothing. (The launcher's own polling is in the group too, so "no
    // CPU at all" never happens.)
    uint64_t window_cpu = cpu_before, window_started = started;

    while (!exited || out.open || err.open) {
        struct pollfd fds[3];
        int n = 0;
        int out_index = -1, err_index = -1, pid_index = -1;
        if (out.open) { out_index = n; fds[n++] = (struct pollfd){out.fd, POLLIN, 0}; }
        if (err.open) { err_index = n; fds[n++] = (struct pollfd){err.fd, POLLIN, 0}; }
        if (!exited && pidfd >= 0) { pid_index = n; fds[n++] = (struct pollfd){pidfd, POLLIN, 0}; }
        int ready = poll(fds, (nfds_t)n, pidfd >= 0 ? 10 : 2);
        if (ready < 0 && errno != EINTR) break;
        if (out_index >= 0 && fds[out_index].revents) pump(&out, true);
        if (err_index >= 0 && fds[err_index].revents) pump(&err, false);
        if (!exited && waitpid(child, &status, WNOHANG) == child) {
            exited = true;
            exited_at = now_ms();
        }
        (void)pid_index;
        uint64_t elapsed = now_ms() - started;
        if (!killed_for) {
            uint64_t cpu_now = cgroup_cpu_usage_us(&group);
            bool idle = false;
            if (o->idle_ms > 0 && !exited && now_ms() - window_started >= (uint64_t)o->idle_ms) {
                idle = cpu_now - window_cpu < (uint64_t)o->idle_ms * 100;  // µs: 10 % of the window
                window_cpu = cpu_now;
                window_started = now_ms();
            }
            // The CPU limit decides a time limit; the wall clock and the idle guard only stop a run that waits
            // (for input that never comes, on a lock, asleep) — reported as WAIT, never as a time limit.
            if (out.over) killed_for = "OLE";
            else if (cpu_now - cpu_before > (uint64_t)o->cpu_ms * 1000) killed_for = "TLE";
            else if (elapsed > (uint64_t)o->wall_ms) killed_for = "WAIT";
            else if (idle) killed_for = "WAIT";
            if (killed_for) {
                kill(child, SIGKILL);
                cgroup_kill_all(&group);
            }
        }
        // The program is gone but something still holds a pipe: it cannot be anything but a leftover.
        if (exited && now_ms() - exited_at > 200) {
            cgroup_kill_all(&group);
            break;
        }
        if (killed_for && !exited && waitpid(child, &status, 0) == child) {
            exited = true;
            exited_at = now_ms();
        }
    }
    uint64_t wall = now_ms() - started;
    int leftovers = cgroup_kill_all(&group);
    reap_orphans();
    uint64_t cpu_us = cgroup_cpu_usage_us(&group) - cpu_before;
    uint64_t memory_kb = cgroup_memory_peak_kb(&group);
    bool oom = cgroup_oom_kills(&group) > oom_before;
    bool limit_hit = cgroup_memory_limit_hits(&group) > hits_before;

    // bubblewrap reports a program killed by signal N as exit status 128 + N.
    int exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    int signal_number = exit_code > 128 && exit_code < 128 + 65 ? exit_code - 128 : 0;
    const char *verdict;
    if (killed_for && strcmp(killed_for, "OLE") == 0) verdict = "OLE";
    else if (killed_for && strcmp(killed_for, "TLE") == 0) verdict = "TLE";
    // Stopped while waiting, unless its CPU time went over the limit after all.
    else if (killed_for) verdict = cpu_us > (uint64_t)o->cpu_ms * 1000 ? "TLE" : "WAIT";
    else if (oom || (signal_number == SIGKILL && limit_hit)) verdict = "MLE";
    else if (signal_number == SIGXCPU || cpu_us > (uint64_t)o->cpu_ms * 1000) verdict = "TLE";
    else if (signal_number == SIGXFSZ) verdict = "OLE";
    else if (exit_code != 0) verdict = "RE";
    else verdict = "OK";

    printf("status=%s exit=%d signal=%d cpu_ms=%llu wall_ms=%llu memory_kb=%llu stdout_bytes=%ld stderr_bytes=%ld wall_limit=%d leftovers=%d\n",
           verdict, signal_number ? 0 : exit_code, signal_number, (unsigned long long)(cpu_us / 1000),
           (unsigned long long)wall, (unsigned long long)memory_kb, out.kept, err.kept,
           killed_for && strcmp(killed_for, "WAIT") == 0, leftovers);
    fflush(stdout);
    if (out_file >= 0) close(out_file);
    if (err_file >= 0) close(err_file);
    close(out.fd);
    close(err.fd);
    if (pidfd >= 0) close(pidfd);
    return 0;
}

// --- serve: one launcher per held box ------------------------------------------------------------------------

// Joining a cgroup v1 hierarchy waits for an RCU grace period (up to ~20 ms here), every time. A launcher joins
// the box's group once and forks each run from inside it. Requests arrive on stdin as NUL-terminated `run`
// arguments ending with an empty one; each answer is the report line on stdout. EOF: clean the box and exit.
int box_serve(const box_options *base) {
    if (geteuid() != 0) box_fail("needs root to mount the box and create its cgroup");
    pid_t parent = getppid();
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) box_fail("the grading server is gone");
    prctl(PR_SET_CHILD_SUBREAPER, 1);
    box_init(base);
    box_cgroup group;
    char error[600];
    if (cgroup_create(&group, base->box, base->memory_kb + 4096, base->procs + 1, error, sizeof error) != 0) box_fail("%s", error);
    if (cgroup_join(&group) != 0) box_fail("cannot join the box's cgroup");
    box_keep_pid = getpid();
    printf("ready\n");
    fflush(stdout);
    static char request[65536];
    for (;;) {
        size_t used = 0;
        int c;
        bool done = false;
        while (!done && (c = getchar()) != EOF) {
            if (used + 1 >= sizeof request) box_fail("request too long");
            request[used++] = (char)c;
            done = c == 0 && used >= 2 && request[used - 2] == 0;
            if (c == 0 && used == 1) done = true;
        }
        if (!done) break;
        char *argv[BOX_MAX_ARGS + 64];
        int argc = 0;
        argv[argc++] = "ieum-box";
        argv[argc++] = "run";
        for (size_t at = 0; at < used && request[at] != 0; at += strlen(request + at) + 1) {
            if (argc >= (int)(sizeof argv / sizeof argv[0]) - 1) box_fail("too many arguments");
            argv[argc++] = request + at;
        }
        argv[argc] = NULL;
        box_options o = *base;
        o.ro_bind_count = 0;
        o.env_count = 0;
        o.idle_ms = 0;
        o.work_readonly = false;
        o.stdin_path = o.stdout_path = o.stderr_path = NULL;
        int command = box_parse(argc, argv, 2, &o);
        o.box = base->box;
        o.root = base->root;
        o.command = argv + command;
        o.command_count = argc - command;
        o.in_cgroup = true;
        box_run_once(&o);
    }
    box_cleanup(base);
    return 0;
}
