// ieum-box init|run|serve|cleanup|check --box N [options] [-- command...]
// The only part of Ieum that runs with root's powers on behalf of graded code; kept small on purpose.
#define _GNU_SOURCE
#include "box.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static long number_argument(const char *name, const char *value, long max) {
    char *end = NULL;
    long number = value ? strtol(value, &end, 10) : -1;
    if (!value || *end || number < 0 || number > max) box_fail("%s needs a number between 0 and %ld", name, max);
    return number;
}

int box_parse(int argc, char **argv, int i, box_options *options) {
    box_options o = *options;
    while (i < argc) {
        const char *name = argv[i];
        const char *value = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(name, "--") == 0) { i++; break; }
        if (strcmp(name, "--box") == 0) o.box = (int)number_argument(name, value, 999);
        else if (strcmp(name, "--root") == 0 && value) o.root = value;
        else if (strcmp(name, "--bwrap") == 0 && value) o.bwrap = value;
        else if (strcmp(name, "--uid-base") == 0) o.uid_base = (uid_t)number_argument(name, value, 4000000000L);
        else if (strcmp(name, "--work-kb") == 0) o.work_kb = number_argument(name, value, 16L << 20);
        else if (strcmp(name, "--cpu-ms") == 0) o.cpu_ms = number_argument(name, value, 600000);
        else if (strcmp(name, "--wall-ms") == 0) o.wall_ms = number_argument(name, value, 1200000);
        else if (strcmp(name, "--memory-kb") == 0) o.memory_kb = number_argument(name, value, 64L << 20);
        else if (strcmp(name, "--procs") == 0) o.procs = number_argument(name, value, 4096);
        else if (strcmp(name, "--files") == 0) o.files = number_argument(name, value, 65536);
        else if (strcmp(name, "--fsize-kb") == 0) o.fsize_kb = number_argument(name, value, 16L << 20);
        else if (strcmp(name, "--output-kb") == 0) o.output_kb = number_argument(name, value, 1L << 20);
        else if (strcmp(name, "--stderr-kb") == 0) o.stderr_kb = number_argument(name, value, 1L << 20);
        else if (strcmp(name, "--idle-ms") == 0) o.idle_ms = number_argument(name, value, 1200000);
        else if (strcmp(name, "--work-ro") == 0) { o.work_readonly = true; i += 1; continue; }
        else if (strcmp(name, "--stdin") == 0 && value) o.stdin_path = value;
        else if (strcmp(name, "--stdout") == 0 && value) o.stdout_path = value;
        else if (strcmp(name, "--stderr") == 0 && value) o.stderr_path = value;
        else if (strcmp(name, "--ro-bind") == 0 && value) {
            if (o.ro_bind_count >= BOX_MAX_BINDS) box_fail("too many --ro-bind");
            if (value[0] != '/' || strstr(value, "..")) box_fail("--ro-bind needs an absolute path without ..");
            o.ro_binds[o.ro_bind_count++] = value;
        } else if (strcmp(name, "--env") == 0 && value) {
            if (o.env_count >= BOX_MAX_ENV) box_fail("too many --env");
            o.env[o.env_count++] = value;
        } else box_fail("unknown or incomplete option %s", name);
        i += 2;
    }
    if (o.env_count == 0) {
        static const char *defaults[] = {"PATH=/usr/local/bin:/usr/bin:/bin", "HOME=/box", "LANG=C.UTF-8"};
        for (int k = 0; k < 3; k++) o.env[o.env_count++] = defaults[k];
    }
    *options = o;
    return i;
}

int main(int argc, char **argv) {
    if (argc < 2) box_fail("usage: ieum-box init|run|serve|cleanup|check --box N [options] [-- command...]");
    const char *action = argv[1];
    box_options o = {
        .box = -1, .root = "/run/ieum-sandbox", .bwrap = "/usr/bin/bwrap", .uid_base = 60000, .work_kb = 65536,
        .cpu_ms = 1000, .wall_ms = 3000, .memory_kb = 262144, .procs = 64, .files = 64, .fsize_kb = 16384,
        .output_kb = 1024, .stderr_kb = 64,
    };
    int i = box_parse(argc, argv, 2, &o);
    if (o.box < 0 && strcmp(action, "check") != 0) box_fail("--box is required");
    if (o.files < 8 || o.procs < 4) box_fail("--files must be at least 8 and --procs at least 4 (bubblewrap needs them)");
    o.command = argv + i;
    o.command_count = argc - i;
    if (strcmp(action, "serve") == 0) return box_serve(&o);
    if (strcmp(action, "init") == 0) return box_init(&o);
    if (strcmp(action, "run") == 0) return box_run(&o);
    if (strcmp(action, "cleanup") == 0) return box_cleanup(&o);
    if (strcmp(action, "check") == 0) return box_check(&o);
    box_fail("unknown action %s (init, run, cleanup or check)", action);
}
