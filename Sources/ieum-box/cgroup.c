// Limits the whole process tree, not one process: memory, number of processes and CPU time are counted by a
// cgroup, so forking does not multiply them. Works with cgroup v1 (memory, pids and cpuacct hierarchies) and
// cgroup v2 (one unified group); without either the helper refuses to run anything.
#define _GNU_SOURCE
#include "box.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char *v1_base = "/sys/fs/cgroup";
static const char *v1_controllers[] = {"memory", "pids", "cpuacct"};

static const char *v2_parent(void) {
    const char *parent = getenv("IEUM_BOX_CGROUP");
    return parent && *parent ? parent : "/sys/fs/cgroup/ieum";
}

static bool file_contains(const char *path, const char *word) {
    char buffer[1024] = {0};
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    ssize_t n = read(fd, buffer, sizeof buffer - 1);
    close(fd);
    if (n <= 0) return false;
    for (char *token = strtok(buffer, " \n"); token; token = strtok(NULL, " \n"))
        if (strcmp(token, word) == 0) return true;
    return false;
}

static int write_text(const char *dir, const char *file, const char *text) {
    char path[600];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    ssize_t n = write(fd, text, strlen(text));
    close(fd);
    return n == (ssize_t)strlen(text) ? 0 : -1;
}

static int read_text(const char *dir, const char *file, char *buffer, size_t size) {
    char path[600];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    ssize_t n = read(fd, buffer, size - 1);
    close(fd);
    if (n < 0) return -1;
    buffer[n] = 0;
    return 0;
}

static uint64_t read_keyed(const char *dir, const char *file, const char *key) {
    char buffer[4096];
    if (read_text(dir, file, buffer, sizeof buffer) != 0) return 0;
    size_t key_len = strlen(key);
    for (char *line = strtok(buffer, "\n"); line; line = strtok(NULL, "\n"))
        if (strncmp(line, key, key_len) == 0 && line[key_len] == ' ') return strtoull(line + key_len + 1, NULL, 10);
    return 0;
}

static uint64_t read_number(const char *dir, const char *file) {
    char buffer[64];
    if (read_text(dir, file, buffer, sizeof buffer) != 0) return 0;
    return strtoull(buffer, NULL, 10);
}

cgroup_mode cgroup_detect(void) {
    if (file_contains("/sys/fs/cgroup/cgroup.controllers", "memory") &&
        file_contains("/sys/fs/cgroup/cgroup.controllers", "pids") &&
        file_contains("/sys/fs/cgroup/cgroup.controllers", "cpu"))
        return CGROUP_V2;
    struct stat st;
    for (size_t i = 0; i < 3; i++) {
        char path[256];
        snprintf(path, sizeof path, "%s/%s/cgroup.procs", v1_base, v1_controllers[i]);
        if (stat(path, &st) != 0) return CGROUP_NONE;
    }
    return CGROUP_V1;
}

const char *cgroup_mode_name(cgroup_mode mode) {
    switch (mode) {
    case CGROUP_V1: return "v1";
    case CGROUP_V2: return "v2";
    default: return "none";
    }
}

int cgroup_open(box_cgroup *group, int box) {
    memset(group, 0, sizeof *group);
    group->mode = cgroup_detect();
    if (group->mode == CGROUP_V2) {
        snprintf(group->paths[0], sizeof group->paths[0], "%s/box-%d", v2_parent(), box);
        group->count = 1;
    } else if (group->mode == CGROUP_V1) {
        for (int i = 0; i < 3; i++)
            snprintf(group->paths[i], sizeof group->paths[i], "%s/%s/ieum/box-%d", v1_base, v1_controllers[i], box);
        group->count = 3;
    } else {
        return -1;
    }
    return 0;
}

static int make_dir(const char *path) {
    if (mkdir(path, 0755) == 0 || errno == EEXIST) return 0;
    return -1;
}

// The box keeps its group from run to run (creating and removing one costs milliseconds every run); each run
// empties it, sets its limits and reads its counters as differences from where they stood.
int cgroup_create(box_cgroup *group, int box, long memory_kb, long procs, char *error, size_t error_len) {
    if (cgroup_open(group, box) != 0) {
        snprintf(error, error_len, "no usable cgroup (neither v1 memory/pids/cpuacct nor v2 with memory, pids and cpu)");
        return -1;
    }
    // Whatever a crashed run left still counts against the limits: empty the group first.
    cgroup_kill_all(group);

    char number[32];
    if (group->mode == CGROUP_V2) {
        const char *parent = v2_parent();
        char parent_of_parent[512];
        snprintf(parent_of_parent, sizeof parent_of_parent, "%s", parent);
        char *slash = strrchr(parent_of_parent, '/');
        if (slash) *slash = 0;
        write_text(parent_of_parent, "cgroup.subtree_control", "+memory +pids +cpu");
        struct stat st;
        if (stat(group->paths[0], &st) != 0 &&
            (make_dir(parent) != 0 || write_text(parent, "cgroup.subtree_control", "+memory +pids +cpu") != 0 ||
             make_dir(group->paths[0]) != 0)) {
            snprintf(error, error_len, "cannot create cgroup v2 group %s: %s", group->paths[0], strerror(errno));
            return -1;
        }
        snprintf(number, sizeof number, "%ld", memory_kb * 1024);
        int failed = write_text(group->paths[0], "memory.max", number);
        write_text(group->paths[0], "memory.swap.max", "0");
        snprintf(number, sizeof number, "%ld", procs);
        failed |= write_text(group->paths[0], "pids.max", number);
        if (failed) {
            snprintf(error, error_len, "cannot set limits on %s: %s", group->paths[0], strerror(errno));
            return -1;
        }
        return 0;
    }
    for (int i = 0; i < 3; i++) {
        char parent[512];
        struct stat st;
        if (stat(group->paths[i], &st) == 0) continue;
        snprintf(parent, sizeof parent, "%s/%s/ieum", v1_base, v1_controllers[i]);
        if (make_dir(parent) != 0 || make_dir(group->paths[i]) != 0) {
            snprintf(error, error_len, "cannot create cgroup %s: %s", group->paths[i], strerror(errno));
            return -1;
        }
    }
    snprintf(number, sizeof number, "%ld", memory_kb * 1024);
    // memsw must stay ≥ the memory limit: lower or raise them in the order that keeps that true.
    write_text(group->paths[0], "memory.memsw.limit_in_bytes", "-1");  // absent without swap accounting
    int failed = write_text(group->paths[0], "memory.limit_in_bytes", number);
    write_text(group->paths[0], "memory.memsw.limit_in_bytes", number);
    write_text(group->paths[0], "memory.max_usage_in_bytes", "0");
    write_text(group->paths[0], "memory.failcnt", "0");
    write_text(group->paths[2], "cpuacct.usage", "0");
    snprintf(number, sizeof number, "%ld", procs);
    failed |= write_text(group->paths[1], "pids.max", number);
    if (failed) {
        snprintf(error, error_len, "cannot set limits on cgroup box-%d: %s", box, strerror(errno));
        return -1;
    }
    return 0;
}

int cgroup_join(const box_cgroup *group) {
    char pid[32];
    snprintf(pid, sizeof pid, "%d", (int)getpid());
    for (int i = 0; i < group->count; i++)
        if (write_text(group->paths[i], "cgroup.procs", pid) != 0) return -1;
    return 0;
}

uint64_t cgroup_cpu_usage_us(const box_cgroup *group) {
    if (group->mode == CGROUP_V2) return read_keyed(group->paths[0], "cpu.stat", "usage_usec");
    return read_number(group->paths[2], "cpuacct.usage") / 1000;
}

uint64_t cgroup_memory_peak_kb(const box_cgroup *group) {
    if (group->mode == CGROUP_V2) return read_number(group->paths[0], "memory.peak") / 1024;
    return read_number(group->paths[0], "memory.max_usage_in_bytes") / 1024;
}

uint64_t cgroup_oom_kills(const box_cgroup *group) {
    if (group->mode == CGROUP_V2) return read_keyed(group->paths[0], "memory.events", "oom_kill");
    return read_keyed(group->paths[0], "memory.oom_control", "oom_kill");
}

// Page cache is reclaimed at the limit too, so reaching it means "out of memory" only for a killed program.
uint64_t cgroup_memory_limit_hits(const box_cgroup *group) {
    if (group->mode == CGROUP_V2) return read_keyed(group->paths[0], "memory.events", "max");
    return read_number(group->paths[0], "memory.failcnt");
}

pid_t box_keep_pid = 0;

static int kill_listed(const char *dir) {
    char buffer[65536];
    if (read_text(dir, "cgroup.procs", buffer, sizeof buffer) != 0) return 0;
    int count = 0;
    for (char *line = strtok(buffer, "\n"); line; line = strtok(NULL, "\n")) {
        pid_t pid = (pid_t)atoi(line);
        if (pid > 0 && pid != box_keep_pid) {
            kill(pid, SIGKILL);
            count++;
        }
    }
    return count;
}

int cgroup_kill_all(const box_cgroup *group) {
    if (group->count == 0) return 0;
    const char *dir = group->mode == CGROUP_V2 ? group->paths[0] : group->paths[1];  // v1: the pids hierarchy
    if (group->mode == CGROUP_V2 && box_keep_pid == 0) write_text(dir, "cgroup.kill", "1");
    for (int attempt = 0; attempt < 4000; attempt++) {
        if (kill_listed(dir) == 0) return attempt == 0 ? 0 : 1;
        struct timespec pause = {0, 500 * 1000};
        nanosleep(&pause, NULL);
    }
    return kill_listed(dir);
}

void cgroup_remove(const box_cgroup *group) {
    for (int i = 0; i < group->count; i++) {
        if (group->paths[i][0] == 0) continue;
        for (int attempt = 0; attempt < 200 && rmdir(group->paths[i]) != 0 && errno == EBUSY; attempt++) {
            struct timespec pause = {0, 5 * 1000 * 1000};
            nanosleep(&pause, NULL);
        }
    }
}
