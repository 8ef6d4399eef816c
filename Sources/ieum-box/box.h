// ieum-box: the grading sandbox's privileged helper. See docs/SANDBOX.md for the design and threat model.
#ifndef IEUM_BOX_H
#define IEUM_BOX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define BOX_MAX_BINDS 16
#define BOX_MAX_ENV 16
#define BOX_MAX_ARGS 64

typedef struct {
    int box;                       // 0..999; picks the box folder, the cgroup and the uid (uid_base + box)
    const char *root;              // folder holding every box, e.g. /run/ieum-sandbox
    const char *bwrap;             // bubblewrap binary
    uid_t uid_base;
    long work_kb;                  // size of the box's private tmpfs
    long cpu_ms, wall_ms, memory_kb, procs, files, fsize_kb, output_kb, stderr_kb;
    long idle_ms;                  // stop a run whose CPU time has not grown for this long (0: never)
    bool work_readonly;            // the box is seen read-only (tests: nothing one test writes reaches the next)
    const char *stdin_path, *stdout_path, *stderr_path;  // host paths outside the box, opened by the helper
    const char *ro_binds[BOX_MAX_BINDS];
    int ro_bind_count;
    const char *env[BOX_MAX_ENV];  // NAME=VALUE, the whole environment of the program
    int env_count;
    char *const *command;
    int command_count;
    bool in_cgroup;                // the caller (a launcher) is already in the box's cgroup
} box_options;

typedef enum { CGROUP_NONE, CGROUP_V1, CGROUP_V2 } cgroup_mode;

typedef struct {
    cgroup_mode mode;
    char paths[4][512];            // v1: memory, pids, cpuacct (and v2: the one group) ; empty when unused
    int count;
} box_cgroup;

// cgroup.c
cgroup_mode cgroup_detect(void);
const char *cgroup_mode_name(cgroup_mode mode);
int cgroup_create(box_cgroup *group, int box, long memory_kb, long procs, char *error, size_t error_len);
int cgroup_join(const box_cgroup *group);                  // called in the child, before exec
uint64_t cgroup_cpu_usage_us(const box_cgroup *group);
uint64_t cgroup_memory_peak_kb(const box_cgroup *group);
uint64_t cgroup_oom_kills(const box_cgroup *group);
uint64_t cgroup_memory_limit_hits(const box_cgroup *group);
int cgroup_kill_all(const box_cgroup *group);              // SIGKILL until empty; 1 if anything had to be killed
void cgroup_remove(const box_cgroup *group);
int cgroup_open(box_cgroup *group, int box);               // the group of a box, for cleanup

// A launcher (`serve`) lives in its box's cgroup so that its children start there without a migration;
// killing "everything in the group" spares it.
extern pid_t box_keep_pid;

// seccomp.c
int seccomp_filter_fd(void);                               // a memfd holding the BPF program for bwrap --seccomp

// run.c
int box_run(const box_options *options);
int box_init(const box_options *options);
int box_cleanup(const box_options *options);
int box_check(const box_options *options);
int box_serve(const box_options *options);

// main.c
int box_parse(int argc, char **argv, int start, box_options *options);  // returns the index of the command

void box_fail(const char *format, ...) __attribute__((noreturn, format(printf, 1, 2)));

#endif
