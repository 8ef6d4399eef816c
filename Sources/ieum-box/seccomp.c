// A seccomp filter handed to bubblewrap (--seccomp), applied last, just before the program starts. It refuses
// the system calls a graded program never needs and that have carried kernel escapes or let one process reach
// into another: ptrace and process_vm_*, BPF, perf, userfaultfd, io_uring, keyrings, module and kexec loading,
// mounting and namespaces. Everything else is allowed; the namespaces and limits do the rest.
#define _GNU_SOURCE
#include "box.h"

#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#if defined(__x86_64__)
#define BOX_AUDIT_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define BOX_AUDIT_ARCH AUDIT_ARCH_AARCH64
#endif

static const int refused[] = {
    SYS_ptrace, SYS_process_vm_readv, SYS_process_vm_writev, SYS_bpf, SYS_perf_event_open, SYS_userfaultfd,
    SYS_keyctl, SYS_add_key, SYS_request_key, SYS_kexec_load, SYS_init_module, SYS_finit_module,
    SYS_delete_module, SYS_mount, SYS_umount2, SYS_pivot_root, SYS_unshare, SYS_setns, SYS_swapon, SYS_swapoff,
    SYS_reboot, SYS_acct, SYS_quotactl, SYS_open_by_handle_at, SYS_name_to_handle_at, SYS_io_uring_setup,
    SYS_io_uring_enter, SYS_io_uring_register, SYS_fanotify_init, SYS_lookup_dcookie, SYS_syslog,
    SYS_settimeofday, SYS_clock_settime, SYS_adjtimex, SYS_clock_adjtime, SYS_personality,
#ifdef SYS_kexec_file_load
    SYS_kexec_file_load,
#endif
#ifdef SYS_iopl
    SYS_iopl, SYS_ioperm,
#endif
#ifdef SYS_fsopen
    SYS_fsopen, SYS_fsmount, SYS_fsconfig, SYS_move_mount, SYS_open_tree,
#endif
};

int seccomp_filter_fd(void) {
#ifndef BOX_AUDIT_ARCH
    return -1;
#else
    enum { count = sizeof refused / sizeof refused[0] };
    struct sock_filter program[8 + 2 * count];
    int n = 0;
    // Another architecture's system call numbers mean something else: kill.
    program[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch));
    program[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, BOX_AUDIT_ARCH, 1, 0);
    program[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS);
    program[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr));
#if defined(__x86_64__)
    // The x32 ABI reaches the same kernel code under other numbers.
    program[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x40000000, 0, 1);
    program[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM);
#endif
    for (int i = 0; i < count; i++) {
        program[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned)refused[i], 0, 1);
        program[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM);
    }
    program[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);

    int fd = (int)syscall(SYS_memfd_create, "ieum-seccomp", 0);
    if (fd < 0) return -1;
    size_t bytes = (size_t)n * sizeof program[0];
    if (write(fd, program, bytes) != (ssize_t)bytes || lseek(fd, 0, SEEK_SET) != 0) {
        close(fd);
        return -1;
    }
    return fd;
#endif
}
