/**
 * The x86-64 system call table: every number Linux assigns (0..334 and
 * 424..462) with its name, our support status (with what is missing when
 * partial), the handler, the strace argument signature and the unit tests
 * that prove it. docs/SYSCALLS.md is generated from this table
 * (`deno task syscalls-doc`).
 *
 * Argument signature letters (strace): d int, f fd, u unsigned, l signed
 * long, x hex, o octal, p pointer, s path string, b output buffer, S signal.
 * @module
 */

import {
  sysChmod,
  sysChown,
  sysFallocate,
  sysFchmod,
  sysFchmodat,
  sysFchmodat2,
  sysFchown,
  sysFchownat,
  sysFtruncate,
  sysFutimesat,
  sysLchown,
  sysTruncate,
  sysUmask,
  sysUtime,
  sysUtimensat,
  sysUtimes,
} from "./attr.ts";
import {
  sysCapget,
  sysCapset,
  sysGetegid,
  sysGeteuid,
  sysGetgid,
  sysGetgroups,
  sysGetresgid,
  sysGetresuid,
  sysGetuid,
  sysSetfsgid,
  sysSetfsuid,
  sysSetgid,
  sysSetgroups,
  sysSetregid,
  sysSetresgid,
  sysSetresuid,
  sysSetreuid,
  sysSetuid,
} from "./cred.ts";
import {
  sysChdir,
  sysChroot,
  sysFchdir,
  sysGetcwd,
  sysGetdents,
  sysGetdents64,
  sysMkdir,
  sysMkdirat,
  sysMknod,
  sysMknodat,
  sysRmdir,
} from "./dir.ts";
import {
  sysEpollCreate,
  sysEpollCreate1,
  sysEpollCtl,
  sysEpollPwait,
  sysEpollPwait2,
  sysEpollWait,
} from "./epoll.ts";
import { sysDup, sysDup2, sysDup3, sysFcntl, sysIoctl } from "./fd.ts";
import { sysFlock } from "./locks.ts";
import { sysClone, sysClone3, sysFork, sysVfork } from "./clone.ts";
import { sysExecve, sysExecveat } from "./exec.ts";
import { sysFutex } from "./futex.ts";
import {
  sysIoCancel,
  sysIoDestroy,
  sysIoGetevents,
  sysIoPgetevents,
  sysIoSetup,
  sysIoSubmit,
} from "./aio.ts";
import { sysAdjtimex, sysClockAdjtime } from "./adjtimex.ts";
import { sysClockSettime, sysSettimeofday } from "./settime.ts";
import { sysSyslog } from "./syslog.ts";
import { sysSysfs } from "./sysfs.ts";
import { sysSeccomp } from "./seccomp.ts";
import { sysUnshare } from "./unshare.ts";
import { sysNameToHandleAt, sysOpenByHandleAt } from "./handle.ts";
import { sysKcmp } from "./kcmp.ts";
import { sysProcessMadvise, sysProcessMrelease } from "./process_mm.ts";
import { sysCachestat } from "./cachestat.ts";
import { sysMseal } from "./mseal.ts";
import { sysProcessVmReadv, sysProcessVmWritev } from "./process_vm.ts";
import { sysFutexRequeue, sysFutexWait, sysFutexWaitv, sysFutexWake } from "./futex2.ts";
import { sysPkeyAlloc, sysPkeyFree, sysPkeyMprotect } from "./pkey.ts";
import {
  sysGetMempolicy,
  sysMbind,
  sysMigratePages,
  sysMovePages,
  sysSetMempolicy,
  sysSetMempolicyHomeNode,
} from "./numa.ts";
import { sysPause, sysRtSigsuspend, sysRtSigtimedwait } from "./sigwait.ts";
import { sysShmat, sysShmctl, sysShmdt, sysShmget } from "./shm.ts";
import { sysSemctl, sysSemget, sysSemop, sysSemtimedop } from "./sem.ts";
import { sysMsgctl, sysMsgget, sysMsgrcv, sysMsgsnd } from "./msg.ts";
import {
  sysMqGetsetattr,
  sysMqNotify,
  sysMqOpen,
  sysMqTimedreceive,
  sysMqTimedsend,
  sysMqUnlink,
} from "./mqueue.ts";
import { sysWait4, sysWaitid } from "./wait.ts";
import {
  sysLink,
  sysLinkat,
  sysRename,
  sysRenameat,
  sysRenameat2,
  sysSymlink,
  sysSymlinkat,
  sysUnlink,
  sysUnlinkat,
} from "./link.ts";
import {
  sysEventfd,
  sysEventfd2,
  sysFadvise64,
  sysIoprioGet,
  sysIoprioSet,
  sysMembarrier,
  sysReadahead,
  sysSchedGetattr,
  sysSchedGetparam,
  sysSchedGetPriorityMax,
  sysSchedGetPriorityMin,
  sysSchedGetscheduler,
  sysSchedRrGetInterval,
  sysSchedSetattr,
  sysSchedSetparam,
  sysSchedSetscheduler,
} from "./misc.ts";
import {
  sysBrk,
  sysMadvise,
  sysMincore,
  sysMlock,
  sysMlock2,
  sysMlockall,
  sysMmap,
  sysMprotect,
  sysMremap,
  sysMsync,
  sysMunlockall,
  sysMunmap,
} from "./mm.ts";
import {
  sysClose,
  sysCloseRange,
  sysCreat,
  sysMemfdCreate,
  sysOpen,
  sysOpenat,
  sysOpenat2,
  sysPipe,
  sysPipe2,
} from "./open.ts";
import { sysPoll, sysPpoll, sysPselect6, sysSelect } from "./poll.ts";
import {
  sysArchPrctl,
  sysExit,
  sysExitGroup,
  sysGetcpu,
  sysGetpgid,
  sysGetpgrp,
  sysGetpid,
  sysGetppid,
  sysGetpriority,
  sysGetrandom,
  sysGetrlimit,
  sysGetRobustList,
  sysGetrusage,
  sysGetsid,
  sysGettid,
  sysPersonality,
  sysPrctl,
  sysPrlimit64,
  sysSchedGetaffinity,
  sysSchedSetaffinity,
  sysSchedYield,
  sysSetdomainname,
  sysSethostname,
  sysSetpgid,
  sysSetpriority,
  sysSetrlimit,
  sysSetRobustList,
  sysSetsid,
  sysSetTidAddress,
  sysSysinfo,
  sysUname,
} from "./proc.ts";
import {
  sysCopyFileRange,
  sysFsync,
  sysLseek,
  sysPread64,
  sysPreadv,
  sysPreadv2,
  sysPwrite64,
  sysPwritev,
  sysPwritev2,
  sysRead,
  sysReadv,
  sysSendfile,
  sysSync,
  sysSyncFileRange,
  sysSyncfs,
  sysWrite,
  sysWritev,
} from "./rw.ts";
import {
  sysKill,
  sysRtSigaction,
  sysRtSigpending,
  sysRtSigprocmask,
  sysRtSigqueueinfo,
  sysRtSigreturn,
  sysRtTgsigqueueinfo,
  sysSigaltstack,
  sysTgkill,
  sysTkill,
} from "./signal.ts";
import { sysSplice, sysTee, sysVmsplice } from "./splice.ts";
import {
  sysAccept,
  sysAccept4,
  sysBind,
  sysConnect,
  sysGetpeername,
  sysGetsockname,
  sysGetsockopt,
  sysListen,
  sysRecvfrom,
  sysRecvmmsg,
  sysRecvmsg,
  sysSendmmsg,
  sysSendmsg,
  sysSendto,
  sysSetsockopt,
  sysShutdown,
  sysSocket,
  sysSocketpair,
} from "./socket.ts";
import {
  sysAccess,
  sysFaccessat,
  sysFaccessat2,
  sysFstat,
  sysFstatfs,
  sysLstat,
  sysNewfstatat,
  sysReadlink,
  sysReadlinkat,
  sysStat,
  sysStatfs,
  sysStatx,
} from "./stat.ts";
import {
  sysClockGetres,
  sysClockGettime,
  sysClockNanosleep,
  sysGettimeofday,
  sysNanosleep,
  sysTime,
  sysTimes,
} from "./time.ts";
import { sysTimerfdCreate, sysTimerfdGettime, sysTimerfdSettime } from "./timerfd.ts";
import { sysAlarm, sysGetitimer, sysSetitimer } from "./itimer.ts";
import { sysSignalfd, sysSignalfd4 } from "./signalfd.ts";
import {
  sysInotifyAddWatch,
  sysInotifyInit,
  sysInotifyInit1,
  sysInotifyRmWatch,
} from "./inotify.ts";
import { sysPidfdGetfd, sysPidfdOpen, sysPidfdSendSignal } from "./pidfd.ts";
import {
  sysTimerCreate,
  sysTimerDelete,
  sysTimerGetoverrun,
  sysTimerGettime,
  sysTimerSettime,
} from "./timer.ts";
import {
  sysFgetxattr,
  sysFlistxattr,
  sysFremovexattr,
  sysFsetxattr,
  sysGetxattr,
  sysLgetxattr,
  sysListxattr,
  sysLlistxattr,
  sysLremovexattr,
  sysLsetxattr,
  sysRemovexattr,
  sysSetxattr,
} from "./xattr.ts";
import type { Handler } from "./common.ts";

/** How completely a system call is implemented. */
export type Status = "full" | "partial" | "unimplemented";

/** One system call. */
export interface SyscallEntry {
  nr: number;
  name: string;
  status: Status;
  /** For partial: what is missing; for unimplemented: why (may be empty). */
  note: string;
  handler: Handler | null;
  /** strace signature: one letter per argument. */
  args: string;
  /** Show the result in hex (addresses). */
  hexResult: boolean;
  /** Names of the unit tests (tests/unit/kernel_*_test.ts) that exercise it. */
  tests: readonly string[];
}

function def(
  nr: number,
  name: string,
  status: Status,
  handler: Handler | null,
  args: string,
  note: string,
  tests: readonly string[],
  hexResult = false,
): SyscallEntry {
  return { nr, name, status, note, handler, args, hexResult, tests };
}

/** Every entry, in number order. */
export const ENTRIES: readonly SyscallEntry[] = [
  def(0, "read", "full", sysRead, "fpu", "", [
    "pipes between processes: a read waits for data, then for EOF when the last writer goes",
    "timerfd and eventfd reads wait while other threads run",
    "pipe2/write/read/poll: page slots fill like Linux's; packet mode with O_DIRECT",
    "open/openat/read/write/close: create, write, reopen and read back",
    "read/write/pread64/pwrite64: EBADF, EISDIR, EFAULT, ESPIPE and EINVAL cases",
    "read: a partial copy to a bad page returns the bytes copied and rewinds the rest",
    "read: stdin comes from the host, stdout and stderr go to it",
    "open/read/stat/getdents64: a read-only host mount shows the host files",
    "eventfd/eventfd2/read/write/poll: counter semantics, semaphore mode and errnos",
    "open/read/readlink: /proc/self files describe the process",
  ]),
  def(1, "write", "full", sysWrite, "fbu", "", [
    "pipes: a blocking write larger than the pipe completes as the reader drains it",
    "pipe2/write/read/poll: page slots fill like Linux's; packet mode with O_DIRECT",
    "open/openat/read/write/close: create, write, reopen and read back",
    "read/write/pread64/pwrite64: EBADF, EISDIR, EFAULT, ESPIPE and EINVAL cases",
    "open/write/mkdir/rename/unlink/symlink: a writable host mount changes the host directory",
    "eventfd/eventfd2/read/write/poll: counter semantics, semaphore mode and errnos",
    "setrlimit/write/truncate: RLIMIT_FSIZE raises SIGXFSZ and EFBIG",
    "open/write: /proc/self/comm is writable and sets the thread name",
  ]),
  def(
    2,
    "open",
    "full",
    sysOpen,
    "sxo",
    "",
    [
      "open: a FIFO open waits for the other end, O_RDWR never, ENXIO without a reader",
      "open/openat/read/write/close: create, write, reopen and read back",
      "open/openat: errno rules for O_CREAT, O_EXCL, O_DIRECTORY, O_NOFOLLOW and trailing slashes",
      "open/openat/creat: O_TRUNC, O_APPEND, creat and the umask",
      "open/openat/linkat: O_TMPFILE makes an unnamed file (shown as deleted) that linkat can name",
      "open: /dev/null, /dev/zero, /dev/full and /dev/urandom behave like Linux's",
      "/dev/tty: ENXIO without a terminal; pseudo-terminals number from 1 after the console",
      "/dev/tty: opening the console's /dev/pts/0 reacquires it unless O_NOCTTY",
      "open/read/stat/getdents64: a read-only host mount shows the host files",
      "open/creat/mkdir/unlink/rename/truncate: a read-only host mount refuses changes with EROFS",
      "open/write/mkdir/rename/unlink/symlink: a writable host mount changes the host directory",
      "open/readlink/chdir: host symlinks and '..' never leave the mount",
      "open/read/readlink: /proc/self files describe the process",
      "open/write: /proc/self/comm is writable and sets the thread name",
    ],
  ),
  def(3, "close", "full", sysClose, "f", "", [
    "close/close_range: closing ranges and CLOSE_RANGE_CLOEXEC",
    "open/openat/read/write/close: create, write, reopen and read back",
  ]),
  def(4, "stat", "full", sysStat, "sp", "", [
    "stat/lstat/fstat/newfstatat: fields of files, directories, symlinks and devices",
    "stat: timestamps come from the virtual clock and change on write",
    "open/read/stat/getdents64: a read-only host mount shows the host files",
  ]),
  def(5, "fstat", "full", sysFstat, "fp", "", [
    "stat/lstat/fstat/newfstatat: fields of files, directories, symlinks and devices",
  ]),
  def(6, "lstat", "full", sysLstat, "sp", "", [
    "stat/lstat/fstat/newfstatat: fields of files, directories, symlinks and devices",
  ]),
  def(
    7,
    "poll",
    "partial",
    sysPoll,
    "pud",
    "regular files, devices, pipes, eventfds, timerfds, signalfds, AF_UNIX sockets, message queues and the console (no other socket families exist)",
    [
      "sockets: blocking accept, connect, recv and send wait for the peer; poll and epoll see sockets",
      "poll/select/epoll wait for other threads; timeouts report the time left",
      "pipe2/write/read/poll: page slots fill like Linux's; packet mode with O_DIRECT",
      "poll/ppoll: readiness of files, pipes and bad descriptors; timeouts advance virtual time",
      "eventfd/eventfd2/read/write/poll: counter semantics, semaphore mode and errnos",
      "timerfd_settime/poll/ppoll/select/epoll_wait: waits end at the first timer expiry",
    ],
  ),
  def(8, "lseek", "full", sysLseek, "fld", "", [
    "lseek: SEEK_SET/CUR/END/DATA/HOLE, pipes, devices and directories",
  ]),
  def(
    9,
    "mmap",
    "partial",
    sysMmap,
    "puxxfx",
    "files of host mounts keep a copy model: their mappings are copies made at mmap that do not see later changes to the file (MAP_SHARED ones are written back, changed bytes only, at msync/munmap/exit), and their pages past end of file read as zero instead of raising SIGBUS; mtime and ctime change when a store faults a shared page in, as on tmpfs (a read maps the page and its cached neighbours writable; file systems with page_mkwrite, such as ext4, differ), and growing a file keeps what a mapping wrote past its old end, as tmpfs does; no MAP_HUGETLB",
    [
      "mmap: anonymous mappings are placed top-down below MMAP_BASE and are zero-filled",
      "mmap: argument errors (EINVAL, EBADF, ENOMEM, EEXIST, EACCES, ENODEV)",
      "mmap: MAP_FIXED replaces; file mappings show the file and zeros past its end",
      "mmap: MAP_SHARED file mappings are the file's pages; SIGBUS past end of file",
      "mmap/mprotect: adjacent compatible mappings merge in /proc/self/maps",
    ],
    true,
  ),
  def(10, "mprotect", "full", sysMprotect, "pux", "", [
    "mprotect: permission changes, errors, and partial application up to a hole",
    "mmap/mprotect: adjacent compatible mappings merge in /proc/self/maps",
  ]),
  def(11, "munmap", "full", sysMunmap, "pu", "", [
    "mmap: MAP_SHARED file mappings are the file's pages; SIGBUS past end of file",
    "munmap: alignment, length and range errors; unmapping holes is fine",
  ]),
  def(12, "brk", "full", sysBrk, "p", "", [
    "brk: grows and shrinks the heap; failures return the current break",
  ], true),
  def(
    13,
    "rt_sigaction",
    "partial",
    sysRtSigaction,
    "Sppu",
    "SA_RESTART has no effect: a signal does not interrupt a blocked system call (it is acted on when the call completes)",
    [
      "rt_sigaction/rt_sigprocmask/rt_sigpending: dispositions, masks and pending signals",
      "signal delivery: handler frame, registers on entry, the mask while handling, SA_RESETHAND",
      "signal delivery: Linux's order, stacked frames, queued real-time signals, default actions",
    ],
  ),
  def(14, "rt_sigprocmask", "full", sysRtSigprocmask, "dppu", "", [
    "rt_sigaction/rt_sigprocmask/rt_sigpending: dispositions, masks and pending signals",
    "signal delivery: Linux's order, stacked frames, queued real-time signals, default actions",
  ]),
  def(15, "rt_sigreturn", "full", sysRtSigreturn, "", "", [
    "rt_sigreturn: registers, user flags, FP state, mask and alternate stack come back from the frame",
    "signal delivery: faults force their signal; unusable frames and restorers force SIGSEGV",
  ]),
  def(
    16,
    "ioctl",
    "partial",
    sysIoctl,
    "fxp",
    "FIONREAD, FIONBIO, FIOASYNC, FIOCLEX, FIONCLEX, FIGETBSZ; terminals (console, /dev/ptmx masters, /dev/pts/N, /dev/tty): TCGETS, TCSETS/W/F, TCFLSH, TCSBRK(P)/TCXONC (no-ops), TIOCGWINSZ/TIOCSWINSZ (SIGWINCH), FIONREAD, TIOCOUTQ, TIOCGPGRP/TIOCSPGRP/TIOCGSID/TIOCSCTTY/TIOCNOTTY, TIOCGPTN/TIOCSPTLCK/TIOCGPTLCK; missing: TCGETS2/TCSETS2 (termios2), TIOCGPTPEER, TIOCSTI, TIOCPKT, TIOCEXCL, TIOCGETD/TIOCSETD, TIOCMGET/TIOCMSET, TIOCCONS; job control checks (SIGTTOU for TIOCSPGRP, TCSETS or TOSTOP writes, SIGTTIN for reads from a background group) are not made; canonical erase of a tab does not move back to its column; everything else ENOTTY",
    [
      "ioctl: FIONREAD, FIONBIO, FIOCLEX, FIGETBSZ and ENOTTY for non-terminals",
      "ioctl: terminal requests when the host console is a terminal",
      "/dev/tty: the console is the first session's controlling terminal",
      "/dev/tty: TIOCNOTTY gives the terminal up, TIOCSCTTY takes it back",
    ],
  ),
  def(17, "pread64", "full", sysPread64, "fpul", "", [
    "read/write/pread64/pwrite64: EBADF, EISDIR, EFAULT, ESPIPE and EINVAL cases",
  ]),
  def(18, "pwrite64", "full", sysPwrite64, "fbul", "", [
    "read/write/pread64/pwrite64: EBADF, EISDIR, EFAULT, ESPIPE and EINVAL cases",
  ]),
  def(19, "readv", "full", sysReadv, "fpu", "", [
    "readv/writev/preadv/pwritev/preadv2/pwritev2: scatter-gather and iovec validation",
  ]),
  def(20, "writev", "full", sysWritev, "fpu", "", [
    "readv/writev/preadv/pwritev/preadv2/pwritev2: scatter-gather and iovec validation",
  ]),
  def(21, "access", "full", sysAccess, "sd", "", [
    "access/faccessat/faccessat2: modes, root's execute rule and flags",
  ]),
  def(22, "pipe", "full", sysPipe, "p", "", [
    "pipes between processes: a read waits for data, then for EOF when the last writer goes",
    "pipe/pipe2: data flow, EOF, EPIPE with SIGPIPE, O_NONBLOCK and EFAULT",
  ]),
  def(
    23,
    "select",
    "partial",
    sysSelect,
    "dpppp",
    "regular files, devices, pipes, eventfds, timerfds, signalfds, AF_UNIX sockets, message queues and the console (no other socket families exist)",
    [
      "sockets: blocking accept, connect, recv and send wait for the peer; poll and epoll see sockets",
      "poll/select/epoll wait for other threads; timeouts report the time left",
      "select/pselect6: fd_set results, EBADF and timeout updates",
      "timerfd_settime/poll/ppoll/select/epoll_wait: waits end at the first timer expiry",
    ],
  ),
  def(24, "sched_yield", "full", sysSchedYield, "", "", [
    "sched_yield/sched_getaffinity/sched_setaffinity/getcpu: one CPU",
  ]),
  def(
    25,
    "mremap",
    "partial",
    sysMremap,
    "puuxp",
    "old_size 0 (duplicating a shared mapping) is rejected with EINVAL",
    ["mremap: grow in place, move with MREMAP_MAYMOVE, shrink, fixed targets and errors"],
    true,
  ),
  def(26, "msync", "full", sysMsync, "pux", "", [
    "mmap: MAP_SHARED file mappings are the file's pages; SIGBUS past end of file",
    "msync/mincore: flags, alignment, holes and residency",
  ]),
  def(27, "mincore", "full", sysMincore, "pup", "", [
    "msync/mincore: flags, alignment, holes and residency",
  ]),
  def(
    28,
    "madvise",
    "partial",
    sysMadvise,
    "pud",
    "MADV_HWPOISON, MADV_SOFT_OFFLINE and guard regions are rejected (EINVAL); MADV_FREE keeps the contents (no memory pressure)",
    ["madvise: DONTNEED zeroes private anonymous pages and restores private file pages"],
  ),
  def(29, "shmget", "full", sysShmget, "xuo", "", [
    "shmget/shmat/shmdt/shmctl: keys, sizes, attach rules, IPC_STAT and destruction after the last detach",
  ]),
  def(
    30,
    "shmat",
    "partial",
    sysShmat,
    "dpx",
    "all segments together are backed by at most 1 GiB of memory (ENOMEM beyond)",
    [
      "shmget/shmat/shmdt/shmctl: keys, sizes, attach rules, IPC_STAT and destruction after the last detach",
      "shm: attachments are shared across fork and detached at exit, munmap and shmdt",
    ],
  ),
  def(
    31,
    "shmctl",
    "partial",
    sysShmctl,
    "ddp",
    "SHM_INFO counts every page of an attached segment as resident, none as swapped",
    [
      "shmget/shmat/shmdt/shmctl: keys, sizes, attach rules, IPC_STAT and destruction after the last detach",
    ],
  ),
  def(32, "dup", "full", sysDup, "f", "", [
    "dup/dup2/dup3: lowest free descriptor, shared offsets and errnos",
    "dup/fcntl/setrlimit: RLIMIT_NOFILE bounds descriptors (EMFILE, EBADF, EINVAL)",
  ]),
  def(33, "dup2", "full", sysDup2, "ff", "", [
    "dup/dup2/dup3: lowest free descriptor, shared offsets and errnos",
  ]),
  def(34, "pause", "full", sysPause, "", "", [
    "pause/rt_sigsuspend: wait until a handler runs, with the caller's mask back afterwards",
  ]),
  def(35, "nanosleep", "full", sysNanosleep, "pp", "", [
    "nanosleep/clock_nanosleep: sleeping advances virtual time, not CPU time",
  ]),
  def(36, "getitimer", "full", sysGetitimer, "dp", "", [
    "ioprio_get/ioprio_set/getitimer/membarrier: values, classes and commands",
    "setitimer/getitimer/alarm: SIGALRM at the exact virtual time, periods, CPU-time timers",
  ]),
  def(37, "alarm", "full", sysAlarm, "u", "", [
    "setitimer/getitimer/alarm: SIGALRM at the exact virtual time, periods, CPU-time timers",
  ]),
  def(38, "setitimer", "full", sysSetitimer, "dpp", "", [
    "setitimer/getitimer/alarm: SIGALRM at the exact virtual time, periods, CPU-time timers",
  ]),
  def(39, "getpid", "full", sysGetpid, "", "", [
    "getpid/gettid/getppid/getpgrp/getpgid/getsid/setpgid/setsid: pid 2 in its own session",
  ]),
  def(40, "sendfile", "full", sysSendfile, "ffpu", "", [
    "sendfile into a pipe: a partial transfer returns its count, an empty one waits",
    "sendfile/copy_file_range: offsets, O_APPEND and errnos",
  ]),
  def(
    41,
    "socket",
    "partial",
    sysSocket,
    "ddd",
    "AF_UNIX only: there is no network, so AF_INET, AF_INET6 and the other families fail with EAFNOSUPPORT",
    [
      "socket/socketpair: types, flags and errnos; SOCK_RAW acts as SOCK_DGRAM",
      "socketpair: stream data both ways, EOF after shutdown and close, EPIPE with SIGPIPE",
      "sockets: blocking accept, connect, recv and send wait for the peer; poll and epoll see sockets",
    ],
  ),
  def(
    42,
    "connect",
    "full",
    sysConnect,
    "fpd",
    "",
    [
      "bind/listen/connect/accept: path and abstract names, EADDRINUSE, ECONNREFUSED, backlog",
      "sendto/recvfrom/sendmsg/recvmsg: datagram addresses, MSG_TRUNC, MSG_PEEK, queue limit",
      "sockets: blocking accept, connect, recv and send wait for the peer; poll and epoll see sockets",
    ],
  ),
  def(
    43,
    "accept",
    "full",
    sysAccept,
    "fpp",
    "",
    [
      "bind/listen/connect/accept: path and abstract names, EADDRINUSE, ECONNREFUSED, backlog",
      "sockets: blocking accept, connect, recv and send wait for the peer; poll and epoll see sockets",
    ],
  ),
  def(
    44,
    "sendto",
    "partial",
    sysSendto,
    "fbuxpd",
    "MSG_OOB fails with EOPNOTSUPP (Linux sends out-of-band bytes on stream sockets)",
    [
      "sendto/recvfrom/sendmsg/recvmsg: datagram addresses, MSG_TRUNC, MSG_PEEK, queue limit",
      "socketpair: stream data both ways, EOF after shutdown and close, EPIPE with SIGPIPE",
      "sockets: blocking accept, connect, recv and send wait for the peer; poll and epoll see sockets",
    ],
  ),
  def(
    45,
    "recvfrom",
    "partial",
    sysRecvfrom,
    "fpuxpp",
    "MSG_OOB fails with EOPNOTSUPP (Linux sends out-of-band bytes on stream sockets); no SO_PEEK_OFF",
    [
      "sendto/recvfrom/sendmsg/recvmsg: datagram addresses, MSG_TRUNC, MSG_PEEK, queue limit",
      "socketpair: stream data both ways, EOF after shutdown and close, EPIPE with SIGPIPE",
      "sockets: blocking accept, connect, recv and send wait for the peer; poll and epoll see sockets",
    ],
  ),
  def(
    46,
    "sendmsg",
    "partial",
    sysSendmsg,
    "fpx",
    "MSG_OOB fails with EOPNOTSUPP (Linux sends out-of-band bytes on stream sockets); in-flight descriptor cycles are never collected",
    [
      "sendmsg/recvmsg: SCM_RIGHTS passes descriptors between processes; MSG_CTRUNC; SCM_CREDENTIALS",
      "sendto/recvfrom/sendmsg/recvmsg: datagram addresses, MSG_TRUNC, MSG_PEEK, queue limit",
    ],
  ),
  def(
    47,
    "recvmsg",
    "partial",
    sysRecvmsg,
    "fpx",
    "MSG_OOB fails with EOPNOTSUPP (Linux sends out-of-band bytes on stream sockets); no SO_PEEK_OFF or MSG_ERRQUEUE",
    [
      "sendmsg/recvmsg: SCM_RIGHTS passes descriptors between processes; MSG_CTRUNC; SCM_CREDENTIALS",
      "sendto/recvfrom/sendmsg/recvmsg: datagram addresses, MSG_TRUNC, MSG_PEEK, queue limit",
    ],
  ),
  def(
    48,
    "shutdown",
    "full",
    sysShutdown,
    "fd",
    "",
    [
      "socketpair: stream data both ways, EOF after shutdown and close, EPIPE with SIGPIPE",
      "getsockname/getpeername/shutdown: addresses and errnos",
    ],
  ),
  def(
    49,
    "bind",
    "full",
    sysBind,
    "fpd",
    "",
    [
      "bind/listen/connect/accept: path and abstract names, EADDRINUSE, ECONNREFUSED, backlog",
      "getsockname/getpeername/shutdown: addresses and errnos",
    ],
  ),
  def(
    50,
    "listen",
    "full",
    sysListen,
    "fd",
    "",
    [
      "bind/listen/connect/accept: path and abstract names, EADDRINUSE, ECONNREFUSED, backlog",
    ],
  ),
  def(
    51,
    "getsockname",
    "full",
    sysGetsockname,
    "fpp",
    "",
    [
      "getsockname/getpeername/shutdown: addresses and errnos",
      "bind/listen/connect/accept: path and abstract names, EADDRINUSE, ECONNREFUSED, backlog",
    ],
  ),
  def(
    52,
    "getpeername",
    "full",
    sysGetpeername,
    "fpp",
    "",
    [
      "getsockname/getpeername/shutdown: addresses and errnos",
    ],
  ),
  def(
    53,
    "socketpair",
    "partial",
    sysSocketpair,
    "dddp",
    "AF_UNIX only (AF_INET and AF_INET6 fail with EOPNOTSUPP as on Linux; others with EAFNOSUPPORT)",
    [
      "socket/socketpair: types, flags and errnos; SOCK_RAW acts as SOCK_DGRAM",
      "socketpair: stream data both ways, EOF after shutdown and close, EPIPE with SIGPIPE",
      "sendmsg/recvmsg: SCM_RIGHTS passes descriptors between processes; MSG_CTRUNC; SCM_CREDENTIALS",
    ],
  ),
  def(
    54,
    "setsockopt",
    "partial",
    sysSetsockopt,
    "fddpd",
    "SOL_SOCKET only, and of it SO_DEBUG, SO_REUSEADDR, SO_REUSEPORT, SO_DONTROUTE, SO_BROADCAST, SO_KEEPALIVE, SO_OOBINLINE, SO_NO_CHECK, SO_PRIORITY, SO_SNDBUF(FORCE), SO_RCVBUF(FORCE), SO_PASSCRED, SO_RCVLOWAT, SO_LINGER, SO_RCVTIMEO and SO_SNDTIMEO (not rounded to jiffies); other options fail with ENOPROTOOPT",
    [
      "getsockopt/setsockopt: SO_TYPE, SO_ERROR, buffers, SO_PEERCRED, timeouts",
    ],
  ),
  def(
    55,
    "getsockopt",
    "partial",
    sysGetsockopt,
    "fddpp",
    "SOL_SOCKET only: the options setsockopt takes plus SO_TYPE, SO_PROTOCOL, SO_DOMAIN, SO_ERROR, SO_ACCEPTCONN, SO_SNDLOWAT and SO_PEERCRED; others (SO_PEERNAME, SO_PEERSEC, SO_PEEK_OFF...) fail with ENOPROTOOPT",
    [
      "getsockopt/setsockopt: SO_TYPE, SO_ERROR, buffers, SO_PEERCRED, timeouts",
    ],
  ),
  def(
    56,
    "clone",
    "partial",
    sysClone,
    "xpppx",
    "no new namespaces (EPERM)",
    [
      "clone: flag checks, tid pointers, TLS and stack; clone3 argument checks",
      "clone CLONE_PIDFD and waitid P_PIDFD: the pidfd of a new child, non-blocking waits",
      "fork: a child with the next pid, RAX 0, a copy of memory and shared open files",
    ],
  ),
  def(57, "fork", "full", sysFork, "", "", [
    "fork: a child with the next pid, RAX 0, a copy of memory and shared open files",
    "fork: 100 MiB of touched memory is shared copy-on-write, copied a page at a time",
    "fork: MAP_SHARED memory stays shared; mprotect in the child leaves the parent's pages alone",
  ]),
  def(58, "vfork", "full", sysVfork, "", "", [
    "vfork: the parent waits until the child exits, sharing its memory",
  ]),
  def(
    59,
    "execve",
    "partial",
    sysExecve,
    "spp",
    "static executables and #! scripts only (a dynamically linked ELF fails with ENOENT, as if its interpreter were missing); no set-user-ID",
    [
      "execve: a static ELF replaces the image; argv/envp on the new stack; close-on-exec; handlers reset",
      "execve: errors (EACCES, ENOEXEC, ENOENT, ENOTDIR, E2BIG, EFAULT) leave the caller as it was",
      "execve: #! scripts run their interpreter with the script path and optional argument",
      "vfork + execve: the parent resumes when the child execs",
    ],
  ),
  def(60, "exit", "full", sysExit, "d", "", [
    "set_tid_address/set_robust_list/get_robust_list/exit/exit_group: thread bookkeeping and exit",
    "exit/exit_group: a thread's exit leaves the process running; the last thread's status is the process's",
  ]),
  def(
    61,
    "wait4",
    "full",
    sysWait4,
    "dpxp",
    "",
    [
      "job control: SIGSTOP/SIGCONT, WUNTRACED/WCONTINUED, a stopped process gets no turns",
      "wait4/waitid: argument checks, then ECHILD (a process without children)",
      "wait4/waitid: statuses, WNOHANG, WNOWAIT, ECHILD, and reaping zombies",
      "wait4: blocks until a child exits; SIGCHLD ignored means no zombies; orphans go to init",
    ],
  ),
  def(
    62,
    "kill",
    "full",
    sysKill,
    "dS",
    "",
    [
      "job control: SIGSTOP/SIGCONT, WUNTRACED/WCONTINUED, a stopped process gets no turns",
      "kill/tkill/tgkill across processes: groups, -1, zombies and permissions",
      "kill/tkill/tgkill: default actions terminate, ignored signals vanish, blocked ones wait",
      "signal delivery: Linux's order, stacked frames, queued real-time signals, default actions",
    ],
  ),
  def(63, "uname", "full", sysUname, "p", "", [
    "uname/sethostname/setdomainname: fixed identity, settable names",
  ]),
  def(64, "semget", "full", sysSemget, "xdo", "", [
    "semget/semop/semctl: values, GETNCNT/GETZCNT, SETVAL/SETALL, ERANGE, IPC_NOWAIT",
  ]),
  def(65, "semop", "full", sysSemop, "dpu", "", [
    "semget/semop/semctl: values, GETNCNT/GETZCNT, SETVAL/SETALL, ERANGE, IPC_NOWAIT",
    "semop: blocking waits woken by other processes, semtimedop timeout, EIDRM, EINTR, SEM_UNDO at exit",
  ]),
  def(66, "semctl", "full", sysSemctl, "dddx", "", [
    "semget/semop/semctl: values, GETNCNT/GETZCNT, SETVAL/SETALL, ERANGE, IPC_NOWAIT",
    "semop: blocking waits woken by other processes, semtimedop timeout, EIDRM, EINTR, SEM_UNDO at exit",
  ]),
  def(
    67,
    "shmdt",
    "partial",
    sysShmdt,
    "p",
    "only an attachment starting at the address is found, not the fragment left by unmapping its first pages",
    [
      "shmget/shmat/shmdt/shmctl: keys, sizes, attach rules, IPC_STAT and destruction after the last detach",
      "shm: attachments are shared across fork and detached at exit, munmap and shmdt",
    ],
  ),
  def(68, "msgget", "full", sysMsgget, "xo", "", [
    "msgget/msgsnd/msgrcv/msgctl: types, MSG_EXCEPT, MSG_NOERROR, MSG_COPY, IPC_STAT, limits",
  ]),
  def(69, "msgsnd", "full", sysMsgsnd, "dpux", "", [
    "msgget/msgsnd/msgrcv/msgctl: types, MSG_EXCEPT, MSG_NOERROR, MSG_COPY, IPC_STAT, limits",
    "msgsnd/msgrcv: blocking both ways, EIDRM on removal",
  ]),
  def(70, "msgrcv", "full", sysMsgrcv, "dpuxx", "", [
    "msgget/msgsnd/msgrcv/msgctl: types, MSG_EXCEPT, MSG_NOERROR, MSG_COPY, IPC_STAT, limits",
    "msgsnd/msgrcv: blocking both ways, EIDRM on removal",
  ]),
  def(71, "msgctl", "full", sysMsgctl, "ddp", "", [
    "msgget/msgsnd/msgrcv/msgctl: types, MSG_EXCEPT, MSG_NOERROR, MSG_COPY, IPC_STAT, limits",
    "msgsnd/msgrcv: blocking both ways, EIDRM on removal",
  ]),
  def(
    72,
    "fcntl",
    "partial",
    sysFcntl,
    "fdx",
    "no leases (F_SETLEASE/F_GETLEASE), F_NOTIFY or write hints (EINVAL)",
    [
      "dup/fcntl/setrlimit: RLIMIT_NOFILE bounds descriptors (EMFILE, EBADF, EINVAL)",
      "fcntl: F_DUPFD, F_DUPFD_CLOEXEC, F_GETFD/SETFD, F_GETFL/SETFL, F_DUPFD_QUERY",
      "fcntl: record lock arguments are checked like Linux; a process's own locks never conflict",
      "fcntl: POSIX record locks conflict between processes; ranges split and merge; F_GETLK reports the holder",
      "fcntl: F_SETLKW waits for the holder; EDEADLK; locks go at exit",
      "fcntl: OFD locks belong to the open file description and report l_pid -1",
      "fcntl/pipe2: F_GETPIPE_SZ and F_SETPIPE_SZ rounding and limits",
      "memfd_create/fcntl: seals, names and flags",
      "openat/fcntl: F_GETFL shows O_LARGEFILE and status flags but not creation flags",
    ],
  ),
  def(
    73,
    "flock",
    "full",
    sysFlock,
    "fd",
    "",
    [
      "flock: locks belong to open file descriptions; LOCK_NB conflicts, LOCK_UN, EINVAL",
      "flock: a conflicting request waits until the holder lets go; conversions drop the old lock first",
    ],
  ),
  def(74, "fsync", "full", sysFsync, "f", "", [
    "sync/syncfs/fsync/fdatasync/sync_file_range: no-ops that still check their descriptor",
  ]),
  def(75, "fdatasync", "full", sysFsync, "f", "", [
    "sync/syncfs/fsync/fdatasync/sync_file_range: no-ops that still check their descriptor",
  ]),
  def(76, "truncate", "full", sysTruncate, "sl", "", [
    "truncate/ftruncate: growing, shrinking and errnos",
    "mmap: MAP_SHARED file mappings are the file's pages; SIGBUS past end of file",
    "open/creat/mkdir/unlink/rename/truncate: a read-only host mount refuses changes with EROFS",
    "setrlimit/write/truncate: RLIMIT_FSIZE raises SIGXFSZ and EFBIG",
  ]),
  def(77, "ftruncate", "full", sysFtruncate, "fl", "", [
    "truncate/ftruncate: growing, shrinking and errnos",
    "mmap: MAP_SHARED file mappings are the file's pages; SIGBUS past end of file",
  ]),
  def(78, "getdents", "full", sysGetdents, "fpu", "", [
    "getdents64/getdents: entries with types, d_off, small buffers and rewinding",
  ]),
  def(79, "getcwd", "full", sysGetcwd, "pu", "", [
    "getcwd/chdir/fchdir/chroot: paths, ERANGE, ENOENT for a removed cwd, ENOTDIR",
  ]),
  def(80, "chdir", "full", sysChdir, "s", "", [
    "getcwd/chdir/fchdir/chroot: paths, ERANGE, ENOENT for a removed cwd, ENOTDIR",
    "open/readlink/chdir: host symlinks and '..' never leave the mount",
  ]),
  def(81, "fchdir", "full", sysFchdir, "f", "", [
    "getcwd/chdir/fchdir/chroot: paths, ERANGE, ENOENT for a removed cwd, ENOTDIR",
  ]),
  def(82, "rename", "full", sysRename, "ss", "", [
    "rename/renameat/renameat2: replacement rules, loops, NOREPLACE, EXCHANGE and WHITEOUT",
    "rename: the cwd follows a renamed directory (getcwd)",
    "open/creat/mkdir/unlink/rename/truncate: a read-only host mount refuses changes with EROFS",
    "open/write/mkdir/rename/unlink/symlink: a writable host mount changes the host directory",
  ]),
  def(83, "mkdir", "full", sysMkdir, "so", "", [
    "mkdir/mkdirat/rmdir: errnos for existing, non-empty, dot and root directories",
    "open/creat/mkdir/unlink/rename/truncate: a read-only host mount refuses changes with EROFS",
    "open/write/mkdir/rename/unlink/symlink: a writable host mount changes the host directory",
  ]),
  def(84, "rmdir", "full", sysRmdir, "s", "", [
    "mkdir/mkdirat/rmdir: errnos for existing, non-empty, dot and root directories",
  ]),
  def(85, "creat", "full", sysCreat, "so", "", [
    "open/openat/creat: O_TRUNC, O_APPEND, creat and the umask",
    "open/creat/mkdir/unlink/rename/truncate: a read-only host mount refuses changes with EROFS",
  ]),
  def(86, "link", "full", sysLink, "ss", "", [
    "link/linkat: hard links share the inode; EEXIST, EPERM, ENOENT and flags",
  ]),
  def(87, "unlink", "full", sysUnlink, "s", "", [
    "unlink/unlinkat: files, directories, dots and AT_REMOVEDIR",
    "open/creat/mkdir/unlink/rename/truncate: a read-only host mount refuses changes with EROFS",
    "open/write/mkdir/rename/unlink/symlink: a writable host mount changes the host directory",
    "setuid/chmod/unlink: sticky /tmp protects other users' files",
  ]),
  def(88, "symlink", "full", sysSymlink, "ss", "", [
    "symlink/symlinkat: relative, absolute, chained and looping links",
    "open/write/mkdir/rename/unlink/symlink: a writable host mount changes the host directory",
  ]),
  def(89, "readlink", "full", sysReadlink, "spu", "", [
    "readlink/readlinkat: truncation, EINVAL for non-links and the O_PATH empty-path form",
    "open/readlink/chdir: host symlinks and '..' never leave the mount",
    "open/read/readlink: /proc/self files describe the process",
  ]),
  def(90, "chmod", "full", sysChmod, "so", "", [
    "chmod/fchmod/fchmodat/fchmodat2: modes, symlinks and O_PATH",
    "setuid/chmod/unlink: sticky /tmp protects other users' files",
  ]),
  def(91, "fchmod", "full", sysFchmod, "fo", "", [
    "chmod/fchmod/fchmodat/fchmodat2: modes, symlinks and O_PATH",
  ]),
  def(
    92,
    "chown",
    "partial",
    sysChown,
    "sdd",
    "ownership of host-mounted files cannot change (EPERM)",
    ["chown/fchown/lchown/fchownat: ownership, -1 and the setuid bits chown clears"],
  ),
  def(
    93,
    "fchown",
    "partial",
    sysFchown,
    "fdd",
    "ownership of host-mounted files cannot change (EPERM)",
    ["chown/fchown/lchown/fchownat: ownership, -1 and the setuid bits chown clears"],
  ),
  def(
    94,
    "lchown",
    "partial",
    sysLchown,
    "sdd",
    "ownership of host-mounted files cannot change (EPERM)",
    ["chown/fchown/lchown/fchownat: ownership, -1 and the setuid bits chown clears"],
  ),
  def(95, "umask", "full", sysUmask, "o", "", [
    "umask: returns the old mask and keeps only permission bits",
  ]),
  def(96, "gettimeofday", "full", sysGettimeofday, "pp", "", [
    "clock_gettime/clock_getres/gettimeofday/time: the virtual clock starts at 2026-01-01",
  ]),
  def(97, "getrlimit", "full", sysGetrlimit, "dp", "", [
    "getrlimit/setrlimit/prlimit64: defaults, validation and RLIM_INFINITY",
  ]),
  def(
    98,
    "getrusage",
    "partial",
    sysGetrusage,
    "dp",
    "only ru_utime, ru_maxrss and ru_minflt are non-zero",
    ["times/getrusage/sysinfo: CPU time, clock ticks and memory figures"],
  ),
  def(99, "sysinfo", "full", sysSysinfo, "p", "", [
    "times/getrusage/sysinfo: CPU time, clock ticks and memory figures",
  ]),
  def(100, "times", "full", sysTimes, "p", "", [
    "times/getrusage/sysinfo: CPU time, clock ticks and memory figures",
  ]),
  def(101, "ptrace", "unimplemented", null, "", "", []),
  def(102, "getuid", "full", sysGetuid, "", "", [
    "getuid/geteuid/getgid/getegid/getresuid/getresgid/getgroups: root with no supplementary groups",
  ]),
  def(
    103,
    "syslog",
    "partial",
    sysSyslog,
    "dpd",
    "a log of our own boot lines, all stamped 0.000000 and never growing; dmesg_restrict on (CAP_SYSLOG for every action); console levels are kept but there is no console to print to",
    ["syslog: actions, permissions and reads of the boot log"],
  ),
  def(104, "getgid", "full", sysGetgid, "", "", [
    "getuid/geteuid/getgid/getegid/getresuid/getresgid/getgroups: root with no supplementary groups",
  ]),
  def(105, "setuid", "full", sysSetuid, "d", "", [
    "setuid/setgid/setreuid/setregid/setresuid/setresgid/setfsuid/setfsgid: root drops privileges for good",
    "setuid/chmod/unlink: sticky /tmp protects other users' files",
  ]),
  def(106, "setgid", "full", sysSetgid, "d", "", [
    "setuid/setgid/setreuid/setregid/setresuid/setresgid/setfsuid/setfsgid: root drops privileges for good",
  ]),
  def(107, "geteuid", "full", sysGeteuid, "", "", [
    "getuid/geteuid/getgid/getegid/getresuid/getresgid/getgroups: root with no supplementary groups",
  ]),
  def(108, "getegid", "full", sysGetegid, "", "", [
    "getuid/geteuid/getgid/getegid/getresuid/getresgid/getgroups: root with no supplementary groups",
  ]),
  def(109, "setpgid", "full", sysSetpgid, "dd", "", [
    "getpid/gettid/getppid/getpgrp/getpgid/getsid/setpgid/setsid: pid 2 in its own session",
    "setpgid/setsid/getpgid/getsid across processes: groups in a session, children before exec",
  ]),
  def(110, "getppid", "full", sysGetppid, "", "", [
    "getpid/gettid/getppid/getpgrp/getpgid/getsid/setpgid/setsid: pid 2 in its own session",
    "setpgid/setsid/getpgid/getsid across processes: groups in a session, children before exec",
  ]),
  def(111, "getpgrp", "full", sysGetpgrp, "", "", [
    "getpid/gettid/getppid/getpgrp/getpgid/getsid/setpgid/setsid: pid 2 in its own session",
  ]),
  def(112, "setsid", "full", sysSetsid, "", "", [
    "getpid/gettid/getppid/getpgrp/getpgid/getsid/setpgid/setsid: pid 2 in its own session",
    "setpgid/setsid/getpgid/getsid across processes: groups in a session, children before exec",
  ]),
  def(113, "setreuid", "full", sysSetreuid, "dd", "", [
    "setuid/setgid/setreuid/setregid/setresuid/setresgid/setfsuid/setfsgid: root drops privileges for good",
  ]),
  def(114, "setregid", "full", sysSetregid, "dd", "", [
    "setuid/setgid/setreuid/setregid/setresuid/setresgid/setfsuid/setfsgid: root drops privileges for good",
  ]),
  def(115, "getgroups", "full", sysGetgroups, "dp", "", [
    "getuid/geteuid/getgid/getegid/getresuid/getresgid/getgroups: root with no supplementary groups",
    "setgroups/getgroups: needs privilege; size checks",
  ]),
  def(116, "setgroups", "full", sysSetgroups, "dp", "", [
    "setgroups/getgroups: needs privilege; size checks",
  ]),
  def(117, "setresuid", "full", sysSetresuid, "ddd", "", [
    "setuid/setgid/setreuid/setregid/setresuid/setresgid/setfsuid/setfsgid: root drops privileges for good",
  ]),
  def(118, "getresuid", "full", sysGetresuid, "ppp", "", [
    "getuid/geteuid/getgid/getegid/getresuid/getresgid/getgroups: root with no supplementary groups",
  ]),
  def(119, "setresgid", "full", sysSetresgid, "ddd", "", [
    "setuid/setgid/setreuid/setregid/setresuid/setresgid/setfsuid/setfsgid: root drops privileges for good",
  ]),
  def(120, "getresgid", "full", sysGetresgid, "ppp", "", [
    "getuid/geteuid/getgid/getegid/getresuid/getresgid/getgroups: root with no supplementary groups",
  ]),
  def(121, "getpgid", "full", sysGetpgid, "d", "", [
    "getpid/gettid/getppid/getpgrp/getpgid/getsid/setpgid/setsid: pid 2 in its own session",
    "setpgid/setsid/getpgid/getsid across processes: groups in a session, children before exec",
  ]),
  def(
    122,
    "setfsuid",
    "partial",
    sysSetfsuid,
    "d",
    "capabilities are all-or-nothing: leaving fsuid 0 drops all effective capabilities, not only the file-system ones",
    ["setuid/setgid/setreuid/setregid/setresuid/setresgid/setfsuid/setfsgid: root drops privileges for good"],
  ),
  def(123, "setfsgid", "full", sysSetfsgid, "d", "", [
    "setuid/setgid/setreuid/setregid/setresuid/setresgid/setfsuid/setfsgid: root drops privileges for good",
  ]),
  def(124, "getsid", "full", sysGetsid, "d", "", [
    "getpid/gettid/getppid/getpgrp/getpgid/getsid/setpgid/setsid: pid 2 in its own session",
    "setpgid/setsid/getpgid/getsid across processes: groups in a session, children before exec",
  ]),
  def(
    125,
    "capget",
    "partial",
    sysCapget,
    "pp",
    "reports all capabilities or none (the model is all-or-nothing)",
    ["capget: version negotiation and the capability sets"],
  ),
  def(
    126,
    "capset",
    "partial",
    sysCapset,
    "pp",
    "capabilities are all-or-nothing: a set holding only some capabilities counts as none; the inheritable set is not kept (capget reports it empty)",
    ["capset: versions, pids, EPERM when raising, dropping all capabilities"],
  ),
  def(127, "rt_sigpending", "full", sysRtSigpending, "pu", "", [
    "rt_sigaction/rt_sigprocmask/rt_sigpending: dispositions, masks and pending signals",
  ]),
  def(128, "rt_sigtimedwait", "full", sysRtSigtimedwait, "pppu", "", [
    "rt_sigtimedwait: takes a pending signal of its set, waits for one, times out with EAGAIN",
  ]),
  def(
    129,
    "rt_sigqueueinfo",
    "partial",
    sysRtSigqueueinfo,
    "dSp",
    "a siginfo of a layout Linux does not know with nonzero bytes past the first 48 is not refused (E2BIG)",
    [
      "rt_sigqueueinfo/rt_tgsigqueueinfo: the sender's siginfo arrives; EPERM for kill-style codes to others",
      "RLIMIT_SIGPENDING: queued siginfo past the limit: EAGAIN for real-time signals, lost siginfo otherwise",
    ],
  ),
  def(130, "rt_sigsuspend", "full", sysRtSigsuspend, "pu", "", [
    "pause/rt_sigsuspend: wait until a handler runs, with the caller's mask back afterwards",
  ]),
  def(131, "sigaltstack", "full", sysSigaltstack, "pp", "", [
    "sigaltstack: install, query, disable and size checks",
    "sigaltstack: frames on the alternate stack, SS_ONSTACK, SS_AUTODISARM, EPERM",
  ]),
  def(132, "utime", "full", sysUtime, "sp", "", [
    "utimensat/utimes/utime/futimesat: explicit times, UTIME_NOW/OMIT, NULL paths",
  ]),
  def(
    133,
    "mknod",
    "partial",
    sysMknod,
    "sox",
    "device nodes other than the /dev memory devices fail to open (ENXIO)",
    ["mknod/mknodat: regular files, FIFOs, devices; EPERM for directories, EINVAL for bad types"],
  ),
  def(
    134,
    "uselib",
    "unimplemented",
    null,
    "",
    "Linux itself returns ENOSYS (CONFIG_USELIB is off on current kernels)",
    [],
  ),
  def(
    135,
    "personality",
    "partial",
    sysPersonality,
    "x",
    "the persona is recorded; no flag (READ_IMPLIES_EXEC, ...) changes behaviour",
    ["getpriority/setpriority/personality: nice values and the persona"],
  ),
  def(136, "ustat", "unimplemented", null, "", "", []),
  def(137, "statfs", "full", sysStatfs, "sp", "", [
    "statfs/fstatfs: file system magic numbers and flags",
  ]),
  def(138, "fstatfs", "full", sysFstatfs, "fp", "", [
    "statfs/fstatfs: file system magic numbers and flags",
  ]),
  def(139, "sysfs", "full", sysSysfs, "dxx", "", [
    "sysfs: the file-system types of /proc/filesystems by name, index and count",
  ]),
  def(140, "getpriority", "full", sysGetpriority, "dd", "", [
    "getpriority/setpriority/personality: nice values and the persona",
  ]),
  def(141, "setpriority", "full", sysSetpriority, "ddd", "", [
    "getpriority/setpriority/personality: nice values and the persona",
  ]),
  def(142, "sched_setparam", "full", sysSchedSetparam, "dp", "", [
    "sched_getscheduler/sched_setscheduler/sched_getparam/sched_setparam/sched_get_priority_max/sched_get_priority_min/sched_rr_get_interval: policies, priorities and quanta",
  ]),
  def(143, "sched_getparam", "full", sysSchedGetparam, "dp", "", [
    "sched_getscheduler/sched_setscheduler/sched_getparam/sched_setparam/sched_get_priority_max/sched_get_priority_min/sched_rr_get_interval: policies, priorities and quanta",
  ]),
  def(144, "sched_setscheduler", "full", sysSchedSetscheduler, "ddp", "", [
    "sched_getscheduler/sched_setscheduler/sched_getparam/sched_setparam/sched_get_priority_max/sched_get_priority_min/sched_rr_get_interval: policies, priorities and quanta",
  ]),
  def(145, "sched_getscheduler", "full", sysSchedGetscheduler, "d", "", [
    "sched_getscheduler/sched_setscheduler/sched_getparam/sched_setparam/sched_get_priority_max/sched_get_priority_min/sched_rr_get_interval: policies, priorities and quanta",
  ]),
  def(146, "sched_get_priority_max", "full", sysSchedGetPriorityMax, "d", "", [
    "sched_getscheduler/sched_setscheduler/sched_getparam/sched_setparam/sched_get_priority_max/sched_get_priority_min/sched_rr_get_interval: policies, priorities and quanta",
  ]),
  def(147, "sched_get_priority_min", "full", sysSchedGetPriorityMin, "d", "", [
    "sched_getscheduler/sched_setscheduler/sched_getparam/sched_setparam/sched_get_priority_max/sched_get_priority_min/sched_rr_get_interval: policies, priorities and quanta",
  ]),
  def(148, "sched_rr_get_interval", "full", sysSchedRrGetInterval, "dp", "", [
    "sched_getscheduler/sched_setscheduler/sched_getparam/sched_setparam/sched_get_priority_max/sched_get_priority_min/sched_rr_get_interval: policies, priorities and quanta",
  ]),
  def(149, "mlock", "full", sysMlock, "pu", "", [
    "mlock/munlock/mlock2/mlockall/munlockall: range and flag checks",
  ]),
  def(150, "munlock", "full", sysMlock, "pu", "", [
    "mlock/munlock/mlock2/mlockall/munlockall: range and flag checks",
  ]),
  def(151, "mlockall", "full", sysMlockall, "x", "", [
    "mlock/munlock/mlock2/mlockall/munlockall: range and flag checks",
  ]),
  def(152, "munlockall", "full", sysMunlockall, "", "", [
    "mlock/munlock/mlock2/mlockall/munlockall: range and flag checks",
  ]),
  def(153, "vhangup", "unimplemented", null, "", "", []),
  def(154, "modify_ldt", "unimplemented", null, "", "", []),
  def(155, "pivot_root", "unimplemented", null, "", "", []),
  def(
    156,
    "_sysctl",
    "unimplemented",
    null,
    "",
    "Linux itself returns ENOSYS (removed in 5.5)",
    [],
  ),
  def(
    157,
    "prctl",
    "partial",
    sysPrctl,
    "dxxxx",
    "PR_SET/GET_NAME, PDEATHSIG, DUMPABLE, KEEPCAPS, SET/GET_SECCOMP, CAPBSET_READ, TIMERSLACK, CHILD_SUBREAPER, NO_NEW_PRIVS, GET_TID_ADDRESS, THP_DISABLE; other options EINVAL",
    ["prctl: PR_SET_NAME/PR_GET_NAME, dumpable, no_new_privs, pdeathsig and unknown options"],
  ),
  def(
    158,
    "arch_prctl",
    "partial",
    sysArchPrctl,
    "xp",
    "ARCH_SET/GET_FS, ARCH_SET/GET_GS, ARCH_GET/SET_CPUID, ARCH_GET_XCOMP_SUPP/PERM, ARCH_REQ_XCOMP_PERM; no shadow stack or vDSO mapping",
    ["arch_prctl: FS/GS bases, CPUID and XSAVE feature queries"],
  ),
  def(
    159,
    "adjtimex",
    "partial",
    sysAdjtimex,
    "p",
    "the NTP state is kept and reported like Linux but no PLL runs: ADJ_OFFSET and adjtime() offsets are not slewed away, maxerror does not grow, ADJ_TAI does not move CLOCK_TAI; no leap-second states",
    ["adjtimex/clock_adjtime: read-only state, validation, stored values, ADJ_SETOFFSET"],
  ),
  def(
    160,
    "setrlimit",
    "partial",
    sysSetrlimit,
    "dp",
    "only RLIMIT_NOFILE, RLIMIT_FSIZE, RLIMIT_DATA (brk) and RLIMIT_SIGPENDING are enforced; RLIMIT_SIGPENDING applies to signals of the kill family, sigqueue and pidfd_send_signal and to timer_create, while signals the kernel raises itself (mq_notify, a child's real-time exit signal) are queued regardless",
    [
      "dup/fcntl/setrlimit: RLIMIT_NOFILE bounds descriptors (EMFILE, EBADF, EINVAL)",
      "getrlimit/setrlimit/prlimit64: defaults, validation and RLIM_INFINITY",
      "setrlimit/write/truncate: RLIMIT_FSIZE raises SIGXFSZ and EFBIG",
      "RLIMIT_SIGPENDING: queued siginfo past the limit: EAGAIN for real-time signals, lost siginfo otherwise",
    ],
  ),
  def(161, "chroot", "full", sysChroot, "s", "", [
    "getcwd/chdir/fchdir/chroot: paths, ERANGE, ENOENT for a removed cwd, ENOTDIR",
  ]),
  def(162, "sync", "full", sysSync, "", "", [
    "sync/syncfs/fsync/fdatasync/sync_file_range: no-ops that still check their descriptor",
  ]),
  def(163, "acct", "unimplemented", null, "", "", []),
  def(
    164,
    "settimeofday",
    "partial",
    sysSettimeofday,
    "pp",
    "absolute CLOCK_REALTIME timers armed before the change keep their virtual deadline",
    ["clock_settime/settimeofday: a virtual wall-clock offset, validation and EPERM"],
  ),
  def(165, "mount", "unimplemented", null, "", "", []),
  def(166, "umount2", "unimplemented", null, "", "", []),
  def(167, "swapon", "unimplemented", null, "", "", []),
  def(168, "swapoff", "unimplemented", null, "", "", []),
  def(169, "reboot", "unimplemented", null, "", "", []),
  def(170, "sethostname", "full", sysSethostname, "pd", "", [
    "uname/sethostname/setdomainname: fixed identity, settable names",
  ]),
  def(171, "setdomainname", "full", sysSetdomainname, "pd", "", [
    "uname/sethostname/setdomainname: fixed identity, settable names",
  ]),
  def(172, "iopl", "unimplemented", null, "", "", []),
  def(173, "ioperm", "unimplemented", null, "", "", []),
  def(
    174,
    "create_module",
    "unimplemented",
    null,
    "",
    "Linux itself returns ENOSYS (removed in 2.6)",
    [],
  ),
  def(175, "init_module", "unimplemented", null, "", "", []),
  def(176, "delete_module", "unimplemented", null, "", "", []),
  def(
    177,
    "get_kernel_syms",
    "unimplemented",
    null,
    "",
    "Linux itself returns ENOSYS (removed in 2.6)",
    [],
  ),
  def(
    178,
    "query_module",
    "unimplemented",
    null,
    "",
    "Linux itself returns ENOSYS (removed in 2.6)",
    [],
  ),
  def(179, "quotactl", "unimplemented", null, "", "", []),
  def(
    180,
    "nfsservctl",
    "unimplemented",
    null,
    "",
    "Linux itself returns ENOSYS (removed in 3.1)",
    [],
  ),
  def(
    181,
    "getpmsg",
    "unimplemented",
    null,
    "",
    "Linux itself returns ENOSYS (never implemented)",
    [],
  ),
  def(
    182,
    "putpmsg",
    "unimplemented",
    null,
    "",
    "Linux itself returns ENOSYS (never implemented)",
    [],
  ),
  def(
    183,
    "afs_syscall",
    "unimplemented",
    null,
    "",
    "Linux itself returns ENOSYS (never implemented)",
    [],
  ),
  def(
    184,
    "tuxcall",
    "unimplemented",
    null,
    "",
    "Linux itself returns ENOSYS (never implemented)",
    [],
  ),
  def(
    185,
    "security",
    "unimplemented",
    null,
    "",
    "Linux itself returns ENOSYS (never implemented)",
    [],
  ),
  def(186, "gettid", "full", sysGettid, "", "", [
    "getpid/gettid/getppid/getpgrp/getpgid/getsid/setpgid/setsid: pid 2 in its own session",
  ]),
  def(187, "readahead", "full", sysReadahead, "flu", "", [
    "readahead/fadvise64: hints accepted on regular files; errnos for others",
  ]),
  def(
    188,
    "setxattr",
    "partial",
    sysSetxattr,
    "sspux",
    "tmpfs rules for user.*, trusted.* and security.*; system.* (POSIX ACLs) cannot be set (EOPNOTSUPP); host mounts and procfs have no xattrs (EOPNOTSUPP); names are listed in creation order",
    ["setxattr/getxattr/listxattr/removexattr: tmpfs attributes, flags and size queries"],
  ),
  def(
    189,
    "lsetxattr",
    "partial",
    sysLsetxattr,
    "sspux",
    "tmpfs rules for user.*, trusted.* and security.*; system.* (POSIX ACLs) cannot be set (EOPNOTSUPP); host mounts and procfs have no xattrs (EOPNOTSUPP); names are listed in creation order",
    ["lsetxattr/lgetxattr/llistxattr/lremovexattr/fsetxattr/fgetxattr/flistxattr/fremovexattr: links, FIFOs, procfs"],
  ),
  def(
    190,
    "fsetxattr",
    "partial",
    sysFsetxattr,
    "fspux",
    "tmpfs rules for user.*, trusted.* and security.*; system.* (POSIX ACLs) cannot be set (EOPNOTSUPP); host mounts and procfs have no xattrs (EOPNOTSUPP); names are listed in creation order",
    ["lsetxattr/lgetxattr/llistxattr/lremovexattr/fsetxattr/fgetxattr/flistxattr/fremovexattr: links, FIFOs, procfs"],
  ),
  def(
    191,
    "getxattr",
    "partial",
    sysGetxattr,
    "sspu",
    "tmpfs rules for user.*, trusted.* and security.*; system.* (POSIX ACLs) cannot be set (EOPNOTSUPP); host mounts and procfs have no xattrs (EOPNOTSUPP); names are listed in creation order",
    ["setxattr/getxattr/listxattr/removexattr: tmpfs attributes, flags and size queries"],
  ),
  def(
    192,
    "lgetxattr",
    "partial",
    sysLgetxattr,
    "sspu",
    "tmpfs rules for user.*, trusted.* and security.*; system.* (POSIX ACLs) cannot be set (EOPNOTSUPP); host mounts and procfs have no xattrs (EOPNOTSUPP); names are listed in creation order",
    ["lsetxattr/lgetxattr/llistxattr/lremovexattr/fsetxattr/fgetxattr/flistxattr/fremovexattr: links, FIFOs, procfs"],
  ),
  def(
    193,
    "fgetxattr",
    "partial",
    sysFgetxattr,
    "fspu",
    "tmpfs rules for user.*, trusted.* and security.*; system.* (POSIX ACLs) cannot be set (EOPNOTSUPP); host mounts and procfs have no xattrs (EOPNOTSUPP); names are listed in creation order",
    ["lsetxattr/lgetxattr/llistxattr/lremovexattr/fsetxattr/fgetxattr/flistxattr/fremovexattr: links, FIFOs, procfs"],
  ),
  def(
    194,
    "listxattr",
    "partial",
    sysListxattr,
    "spu",
    "tmpfs rules for user.*, trusted.* and security.*; system.* (POSIX ACLs) cannot be set (EOPNOTSUPP); host mounts and procfs have no xattrs (EOPNOTSUPP); names are listed in creation order",
    ["setxattr/getxattr/listxattr/removexattr: tmpfs attributes, flags and size queries"],
  ),
  def(
    195,
    "llistxattr",
    "partial",
    sysLlistxattr,
    "spu",
    "tmpfs rules for user.*, trusted.* and security.*; system.* (POSIX ACLs) cannot be set (EOPNOTSUPP); host mounts and procfs have no xattrs (EOPNOTSUPP); names are listed in creation order",
    ["lsetxattr/lgetxattr/llistxattr/lremovexattr/fsetxattr/fgetxattr/flistxattr/fremovexattr: links, FIFOs, procfs"],
  ),
  def(
    196,
    "flistxattr",
    "partial",
    sysFlistxattr,
    "fpu",
    "tmpfs rules for user.*, trusted.* and security.*; system.* (POSIX ACLs) cannot be set (EOPNOTSUPP); host mounts and procfs have no xattrs (EOPNOTSUPP); names are listed in creation order",
    ["lsetxattr/lgetxattr/llistxattr/lremovexattr/fsetxattr/fgetxattr/flistxattr/fremovexattr: links, FIFOs, procfs"],
  ),
  def(
    197,
    "removexattr",
    "partial",
    sysRemovexattr,
    "ss",
    "tmpfs rules for user.*, trusted.* and security.*; system.* (POSIX ACLs) cannot be set (EOPNOTSUPP); host mounts and procfs have no xattrs (EOPNOTSUPP); names are listed in creation order",
    ["setxattr/getxattr/listxattr/removexattr: tmpfs attributes, flags and size queries"],
  ),
  def(
    198,
    "lremovexattr",
    "partial",
    sysLremovexattr,
    "ss",
    "tmpfs rules for user.*, trusted.* and security.*; system.* (POSIX ACLs) cannot be set (EOPNOTSUPP); host mounts and procfs have no xattrs (EOPNOTSUPP); names are listed in creation order",
    ["lsetxattr/lgetxattr/llistxattr/lremovexattr/fsetxattr/fgetxattr/flistxattr/fremovexattr: links, FIFOs, procfs"],
  ),
  def(
    199,
    "fremovexattr",
    "partial",
    sysFremovexattr,
    "fs",
    "tmpfs rules for user.*, trusted.* and security.*; system.* (POSIX ACLs) cannot be set (EOPNOTSUPP); host mounts and procfs have no xattrs (EOPNOTSUPP); names are listed in creation order",
    ["lsetxattr/lgetxattr/llistxattr/lremovexattr/fsetxattr/fgetxattr/flistxattr/fremovexattr: links, FIFOs, procfs"],
  ),
  def(
    200,
    "tkill",
    "full",
    sysTkill,
    "dS",
    "",
    [
      "job control: SIGSTOP/SIGCONT, WUNTRACED/WCONTINUED, a stopped process gets no turns",
      "kill/tkill/tgkill across processes: groups, -1, zombies and permissions",
      "kill/tkill/tgkill: default actions terminate, ignored signals vanish, blocked ones wait",
      "signal delivery: Linux's order, stacked frames, queued real-time signals, default actions",
    ],
  ),
  def(201, "time", "full", sysTime, "p", "", [
    "clock_gettime/clock_getres/gettimeofday/time: the virtual clock starts at 2026-01-01",
  ]),
  def(
    202,
    "futex",
    "partial",
    sysFutex,
    "pxupxx",
    "WAIT_REQUEUE_PI and CMP_REQUEUE_PI: ENOSYS; PI locks hand over in FIFO order (one CPU, no priorities to inherit)",
    [
      "futex: PI locks take a free word, queue contenders and hand over at unlock",
      "futex: PI lock timeouts are absolute: CLOCK_REALTIME, or CLOCK_MONOTONIC for LOCK_PI2",
      "futex: threads that die waiting leave the queue (exit_group, a fatal signal)",
      "futex: argument errors and immediate results",
      "futex: WAKE_OP operates on the second word, then compares its old value",
      "futex: waiters wake in FIFO order, by bitset, and by WAKE_OP's comparison",
      "futex: timeouts run on the virtual clock",
      "futex: CMP_REQUEUE wakes some and moves others behind the target's waiters",
      "futex: shared keys meet across fork in MAP_SHARED memory; private ones do not",
      "futex: a dying thread marks its robust mutexes and wakes clear_child_tid waiters",
    ],
  ),
  def(203, "sched_setaffinity", "full", sysSchedSetaffinity, "dup", "", [
    "sched_yield/sched_getaffinity/sched_setaffinity/getcpu: one CPU",
  ]),
  def(204, "sched_getaffinity", "full", sysSchedGetaffinity, "dup", "", [
    "sched_yield/sched_getaffinity/sched_setaffinity/getcpu: one CPU",
  ]),
  def(
    205,
    "set_thread_area",
    "unimplemented",
    null,
    "",
    "Linux itself returns ENOSYS for 64-bit callers",
    [],
  ),
  def(
    206,
    "io_setup",
    "partial",
    sysIoSetup,
    "up",
    "the ring (struct aio_ring and io_event slots) is mapped like Linux's for one CPU, but fork copies it (Linux does not)",
    [
      "io_setup/io_submit/io_getevents/io_destroy: the ring, reads, writes, syncs and errors",
      "io_submit/io_getevents/io_cancel: polls, eventfd notification, pipes and blocking waits",
    ],
  ),
  def(207, "io_destroy", "full", sysIoDestroy, "x", "", [
    "io_setup/io_submit/io_getevents/io_destroy: the ring, reads, writes, syncs and errors",
    "io_submit/io_getevents/io_cancel: polls, eventfd notification, pipes and blocking waits",
  ]),
  def(
    208,
    "io_getevents",
    "partial",
    sysIoGetevents,
    "xddpp",
    "a pending IOCB_CMD_POLL completes when a call on its context looks at it (io_getevents waits for its file), not on its own",
    [
      "io_setup/io_submit/io_getevents/io_destroy: the ring, reads, writes, syncs and errors",
      "io_submit/io_getevents/io_cancel: polls, eventfd notification, pipes and blocking waits",
    ],
  ),
  def(
    209,
    "io_submit",
    "partial",
    sysIoSubmit,
    "xdp",
    "requests complete at submission (in-memory files), so none is ever in flight but polls; a blocking pipe or eventfd read blocks io_submit like Linux's buffered AIO; IOCB_FLAG_IOPRIO ignored",
    [
      "io_setup/io_submit/io_getevents/io_destroy: the ring, reads, writes, syncs and errors",
      "io_submit/io_getevents/io_cancel: polls, eventfd notification, pipes and blocking waits",
    ],
  ),
  def(
    210,
    "io_cancel",
    "full",
    sysIoCancel,
    "xpp",
    "",
    ["io_submit/io_getevents/io_cancel: polls, eventfd notification, pipes and blocking waits"],
  ),
  def(
    211,
    "get_thread_area",
    "unimplemented",
    null,
    "",
    "Linux itself returns ENOSYS for 64-bit callers",
    [],
  ),
  def(
    212,
    "lookup_dcookie",
    "unimplemented",
    null,
    "",
    "Linux itself returns ENOSYS (removed in 6.7)",
    [],
  ),
  def(213, "epoll_create", "full", sysEpollCreate, "d", "", [
    "epoll_create/epoll_create1/epoll_ctl: descriptors, errnos and what can be watched",
  ]),
  def(
    214,
    "epoll_ctl_old",
    "unimplemented",
    null,
    "",
    "Linux itself returns ENOSYS (never implemented on x86-64)",
    [],
  ),
  def(
    215,
    "epoll_wait_old",
    "unimplemented",
    null,
    "",
    "Linux itself returns ENOSYS (never implemented on x86-64)",
    [],
  ),
  def(216, "remap_file_pages", "unimplemented", null, "", "", []),
  def(217, "getdents64", "full", sysGetdents64, "fpu", "", [
    "getdents64/getdents: entries with types, d_off, small buffers and rewinding",
    "open/read/stat/getdents64: a read-only host mount shows the host files",
  ]),
  def(218, "set_tid_address", "full", sysSetTidAddress, "p", "", [
    "set_tid_address/set_robust_list/get_robust_list/exit/exit_group: thread bookkeeping and exit",
  ]),
  def(219, "restart_syscall", "unimplemented", null, "", "", []),
  def(220, "semtimedop", "full", sysSemtimedop, "dpup", "", [
    "semop: blocking waits woken by other processes, semtimedop timeout, EIDRM, EINTR, SEM_UNDO at exit",
  ]),
  def(221, "fadvise64", "full", sysFadvise64, "flud", "", [
    "readahead/fadvise64: hints accepted on regular files; errnos for others",
  ]),
  def(
    222,
    "timer_create",
    "partial",
    sysTimerCreate,
    "dpp",
    "CLOCK_REALTIME_ALARM/BOOTTIME_ALARM fail with EOPNOTSUPP (no RTC, like a host without one)",
    [
      "timer_create/timer_settime/timer_gettime/timer_getoverrun/timer_delete: POSIX timers",
      "RLIMIT_SIGPENDING: queued siginfo past the limit: EAGAIN for real-time signals, lost siginfo otherwise",
    ],
  ),
  def(223, "timer_settime", "full", sysTimerSettime, "ddpp", "", [
    "timer_create/timer_settime/timer_gettime/timer_getoverrun/timer_delete: POSIX timers",
  ]),
  def(224, "timer_gettime", "full", sysTimerGettime, "dp", "", [
    "timer_create/timer_settime/timer_gettime/timer_getoverrun/timer_delete: POSIX timers",
  ]),
  def(225, "timer_getoverrun", "full", sysTimerGetoverrun, "d", "", [
    "timer_create/timer_settime/timer_gettime/timer_getoverrun/timer_delete: POSIX timers",
  ]),
  def(226, "timer_delete", "full", sysTimerDelete, "d", "", [
    "timer_create/timer_settime/timer_gettime/timer_getoverrun/timer_delete: POSIX timers",
  ]),
  def(
    227,
    "clock_settime",
    "partial",
    sysClockSettime,
    "dp",
    "only CLOCK_REALTIME (like Linux); absolute CLOCK_REALTIME timers armed before the change keep their virtual deadline",
    ["clock_settime/settimeofday: a virtual wall-clock offset, validation and EPERM"],
  ),
  def(228, "clock_gettime", "full", sysClockGettime, "dp", "", [
    "CPU-time clocks: per thread, per process, and for other threads and processes",
    "clock_gettime/clock_getres/gettimeofday/time: the virtual clock starts at 2026-01-01",
  ]),
  def(229, "clock_getres", "full", sysClockGetres, "dp", "", [
    "CPU-time clocks: per thread, per process, and for other threads and processes",
    "clock_gettime/clock_getres/gettimeofday/time: the virtual clock starts at 2026-01-01",
  ]),
  def(
    230,
    "clock_nanosleep",
    "partial",
    sysClockNanosleep,
    "ddpp",
    "sleeping on CLOCK_PROCESS_CPUTIME_ID advances virtual time like the other clocks",
    ["nanosleep/clock_nanosleep: sleeping advances virtual time, not CPU time"],
  ),
  def(231, "exit_group", "full", sysExitGroup, "d", "", [
    "set_tid_address/set_robust_list/get_robust_list/exit/exit_group: thread bookkeeping and exit",
    "exit/exit_group: a thread's exit leaves the process running; the last thread's status is the process's",
  ]),
  def(
    232,
    "epoll_wait",
    "partial",
    sysEpollWait,
    "fpdd",
    "pipes, FIFOs, eventfds, timerfds, the console, /dev/random and nested epoll instances, AF_UNIX sockets (no other socket families exist); an edge-triggered entry for a nested epoll instance fires only once",
    [
      "poll/select/epoll wait for other threads; timeouts report the time left",
      "epoll_wait/epoll_pwait/epoll_pwait2: level, edge and one-shot reporting; closed files drop out",
      "timerfd_settime/poll/ppoll/select/epoll_wait: waits end at the first timer expiry",
    ],
  ),
  def(
    233,
    "epoll_ctl",
    "partial",
    sysEpollCtl,
    "fdfp",
    "pipes, FIFOs, eventfds, timerfds, the console, /dev/random and nested epoll instances, AF_UNIX sockets (no other socket families exist); an edge-triggered entry for a nested epoll instance fires only once",
    ["epoll_create/epoll_create1/epoll_ctl: descriptors, errnos and what can be watched"],
  ),
  def(
    234,
    "tgkill",
    "full",
    sysTgkill,
    "ddS",
    "",
    [
      "job control: SIGSTOP/SIGCONT, WUNTRACED/WCONTINUED, a stopped process gets no turns",
      "kill/tkill/tgkill across processes: groups, -1, zombies and permissions",
      "kill/tkill/tgkill: default actions terminate, ignored signals vanish, blocked ones wait",
      "signal delivery: handler frame, registers on entry, the mask while handling, SA_RESETHAND",
    ],
  ),
  def(235, "utimes", "full", sysUtimes, "sp", "", [
    "utimensat/utimes/utime/futimesat: explicit times, UTIME_NOW/OMIT, NULL paths",
  ]),
  def(
    236,
    "vserver",
    "unimplemented",
    null,
    "",
    "Linux itself returns ENOSYS (never implemented)",
    [],
  ),
  def(
    237,
    "mbind",
    "partial",
    sysMbind,
    "xuxpux",
    "single NUMA node: every page is on node 0, so MPOL_MF_STRICT/MOVE find nothing to do; a mapping moved or grown by mremap loses its policy",
    [
      "NUMA: one node; policies are validated, stored per thread and VMA and reported back",
      "NUMA: mbind splits and merges VMAs, checks holes, and home nodes",
    ],
  ),
  def(238, "set_mempolicy", "partial", sysSetMempolicy, "xpu", "single NUMA node advertised", [
    "NUMA: one node; policies are validated, stored per thread and VMA and reported back",
  ]),
  def(239, "get_mempolicy", "partial", sysGetMempolicy, "ppuxx", "single NUMA node advertised", [
    "NUMA: one node; policies are validated, stored per thread and VMA and reported back",
  ]),
  def(
    240,
    "mq_open",
    "partial",
    sysMqOpen,
    "sxop",
    "the mqueue file system is not mounted anywhere (no /dev/mqueue)",
    [
      "mq_open/mq_unlink: names, attributes, limits, permissions, read and poll of the descriptor",
    ],
  ),
  def(241, "mq_unlink", "full", sysMqUnlink, "s", "", [
    "mq_open/mq_unlink: names, attributes, limits, permissions, read and poll of the descriptor",
  ]),
  def(242, "mq_timedsend", "full", sysMqTimedsend, "fpuup", "", [
    "mq_timedsend/mq_timedreceive: priorities, blocking, timeouts, O_NONBLOCK",
  ]),
  def(243, "mq_timedreceive", "full", sysMqTimedreceive, "fpupp", "", [
    "mq_timedsend/mq_timedreceive: priorities, blocking, timeouts, O_NONBLOCK",
  ]),
  def(
    244,
    "mq_notify",
    "partial",
    sysMqNotify,
    "fp",
    "SIGEV_THREAD needs a netlink socket (ECONNREFUSED); a registration lapses once its owner holds no descriptor of the queue (Linux drops it at any close by the owner)",
    [
      "mq_notify/mq_getsetattr: notification signal, EBUSY, O_NONBLOCK changes",
    ],
  ),
  def(245, "mq_getsetattr", "full", sysMqGetsetattr, "fpp", "", [
    "mq_notify/mq_getsetattr: notification signal, EBUSY, O_NONBLOCK changes",
  ]),
  def(246, "kexec_load", "unimplemented", null, "", "", []),
  def(
    247,
    "waitid",
    "partial",
    sysWaitid,
    "ddpxp",
    "no ptrace stops",
    [
      "clone CLONE_PIDFD and waitid P_PIDFD: the pidfd of a new child, non-blocking waits",
      "job control: SIGSTOP/SIGCONT, WUNTRACED/WCONTINUED, a stopped process gets no turns",
      "wait4/waitid: argument checks, then ECHILD (a process without children)",
      "wait4/waitid: statuses, WNOHANG, WNOWAIT, ECHILD, and reaping zombies",
    ],
  ),
  def(248, "add_key", "unimplemented", null, "", "", []),
  def(249, "request_key", "unimplemented", null, "", "", []),
  def(250, "keyctl", "unimplemented", null, "", "", []),
  def(251, "ioprio_set", "full", sysIoprioSet, "ddx", "", [
    "ioprio_get/ioprio_set/getitimer/membarrier: values, classes and commands",
  ]),
  def(252, "ioprio_get", "full", sysIoprioGet, "dd", "", [
    "ioprio_get/ioprio_set/getitimer/membarrier: values, classes and commands",
  ]),
  def(
    253,
    "inotify_init",
    "partial",
    sysInotifyInit,
    "",
    "changes made by others to a host directory are not seen; a file's events reach a watched directory only through the directory it was opened or named through; IN_DELETE_SELF comes at the last unlink even while the file is open",
    [
      "inotify: create, delete, modify, open, close, attrib and move events with cookies; watch flags",
    ],
  ),
  def(
    254,
    "inotify_add_watch",
    "partial",
    sysInotifyAddWatch,
    "fsx",
    "changes made by others to a host directory are not seen; a file's events reach a watched directory only through the directory it was opened or named through; IN_DELETE_SELF comes at the last unlink even while the file is open",
    [
      "inotify: create, delete, modify, open, close, attrib and move events with cookies; watch flags",
    ],
  ),
  def(255, "inotify_rm_watch", "full", sysInotifyRmWatch, "fd", "", [
    "inotify: create, delete, modify, open, close, attrib and move events with cookies; watch flags",
  ]),
  def(256, "migrate_pages", "partial", sysMigratePages, "dupp", "single NUMA node: nothing moves", [
    "NUMA: migrate_pages and move_pages on one node",
  ]),
  def(
    257,
    "openat",
    "full",
    sysOpenat,
    "fsxo",
    "",
    [
      "open: a FIFO open waits for the other end, O_RDWR never, ENXIO without a reader",
      "open/openat/read/write/close: create, write, reopen and read back",
      "open/openat: errno rules for O_CREAT, O_EXCL, O_DIRECTORY, O_NOFOLLOW and trailing slashes",
      "open/openat/creat: O_TRUNC, O_APPEND, creat and the umask",
      "openat/fcntl: F_GETFL shows O_LARGEFILE and status flags but not creation flags",
      "openat: relative paths resolve against the directory fd; bad dirfds fail",
      "open/openat/linkat: O_TMPFILE makes an unnamed file (shown as deleted) that linkat can name",
    ],
  ),
  def(258, "mkdirat", "full", sysMkdirat, "fso", "", [
    "mkdir/mkdirat/rmdir: errnos for existing, non-empty, dot and root directories",
  ]),
  def(
    259,
    "mknodat",
    "partial",
    sysMknodat,
    "fsox",
    "device nodes other than the /dev memory devices fail to open (ENXIO)",
    ["mknod/mknodat: regular files, FIFOs, devices; EPERM for directories, EINVAL for bad types"],
  ),
  def(
    260,
    "fchownat",
    "partial",
    sysFchownat,
    "fsddx",
    "ownership of host-mounted files cannot change (EPERM)",
    ["chown/fchown/lchown/fchownat: ownership, -1 and the setuid bits chown clears"],
  ),
  def(261, "futimesat", "full", sysFutimesat, "fsp", "", [
    "utimensat/utimes/utime/futimesat: explicit times, UTIME_NOW/OMIT, NULL paths",
  ]),
  def(262, "newfstatat", "full", sysNewfstatat, "fspx", "", [
    "stat/lstat/fstat/newfstatat: fields of files, directories, symlinks and devices",
  ]),
  def(263, "unlinkat", "full", sysUnlinkat, "fsx", "", [
    "unlink/unlinkat: files, directories, dots and AT_REMOVEDIR",
  ]),
  def(264, "renameat", "full", sysRenameat, "fsfs", "", [
    "rename/renameat/renameat2: replacement rules, loops, NOREPLACE, EXCHANGE and WHITEOUT",
  ]),
  def(265, "linkat", "full", sysLinkat, "fsfsx", "", [
    "link/linkat: hard links share the inode; EEXIST, EPERM, ENOENT and flags",
    "open/openat/linkat: O_TMPFILE makes an unnamed file (shown as deleted) that linkat can name",
  ]),
  def(266, "symlinkat", "full", sysSymlinkat, "sfs", "", [
    "symlink/symlinkat: relative, absolute, chained and looping links",
  ]),
  def(267, "readlinkat", "full", sysReadlinkat, "fspu", "", [
    "readlink/readlinkat: truncation, EINVAL for non-links and the O_PATH empty-path form",
  ]),
  def(268, "fchmodat", "full", sysFchmodat, "fso", "", [
    "chmod/fchmod/fchmodat/fchmodat2: modes, symlinks and O_PATH",
  ]),
  def(269, "faccessat", "full", sysFaccessat, "fsd", "", [
    "access/faccessat/faccessat2: modes, root's execute rule and flags",
  ]),
  def(
    270,
    "pselect6",
    "partial",
    sysPselect6,
    "dppppp",
    "regular files, devices, pipes, eventfds, timerfds, signalfds, AF_UNIX sockets, message queues and the console (no other socket families exist)",
    [
      "sockets: blocking accept, connect, recv and send wait for the peer; poll and epoll see sockets",
      "ppoll/pselect6/epoll_pwait: the mask holds only while waiting; a signal it lets in interrupts",
      "poll/select/epoll wait for other threads; timeouts report the time left",
      "select/pselect6: fd_set results, EBADF and timeout updates",
    ],
  ),
  def(
    271,
    "ppoll",
    "partial",
    sysPpoll,
    "pupdu",
    "regular files, devices, pipes, eventfds, timerfds, signalfds, AF_UNIX sockets, message queues and the console (no other socket families exist)",
    [
      "sockets: blocking accept, connect, recv and send wait for the peer; poll and epoll see sockets",
      "ppoll/pselect6/epoll_pwait: the mask holds only while waiting; a signal it lets in interrupts",
      "poll/select/epoll wait for other threads; timeouts report the time left",
      "poll/ppoll: readiness of files, pipes and bad descriptors; timeouts advance virtual time",
      "timerfd_settime/poll/ppoll/select/epoll_wait: waits end at the first timer expiry",
    ],
  ),
  def(
    272,
    "unshare",
    "partial",
    sysUnshare,
    "x",
    "one namespace of each kind: namespace flags fail with EPERM (as in a container that may not create namespaces); CLONE_FILES and CLONE_FS cannot split a multithreaded process's tables (they stay shared)",
    ["unshare: flag checks, shared tables and semaphore undo, namespaces"],
  ),
  def(273, "set_robust_list", "full", sysSetRobustList, "pu", "", [
    "set_tid_address/set_robust_list/get_robust_list/exit/exit_group: thread bookkeeping and exit",
  ]),
  def(274, "get_robust_list", "full", sysGetRobustList, "dpp", "", [
    "set_tid_address/set_robust_list/get_robust_list/exit/exit_group: thread bookkeeping and exit",
  ]),
  def(
    275,
    "splice",
    "full",
    sysSplice,
    "fpfpux",
    "",
    [
      "splice/tee/vmsplice: pipe buffers per page, offsets, and Linux's errnos",
      "splice, tee and vmsplice wait for the other end unless SPLICE_F_NONBLOCK",
    ],
  ),
  def(
    276,
    "tee",
    "full",
    sysTee,
    "ffux",
    "",
    [
      "splice/tee/vmsplice: pipe buffers per page, offsets, and Linux's errnos",
      "splice, tee and vmsplice wait for the other end unless SPLICE_F_NONBLOCK",
    ],
  ),
  def(277, "sync_file_range", "full", sysSyncFileRange, "flux", "", [
    "sync/syncfs/fsync/fdatasync/sync_file_range: no-ops that still check their descriptor",
  ]),
  def(
    278,
    "vmsplice",
    "full",
    sysVmsplice,
    "fpux",
    "",
    [
      "splice/tee/vmsplice: pipe buffers per page, offsets, and Linux's errnos",
      "splice, tee and vmsplice wait for the other end unless SPLICE_F_NONBLOCK",
    ],
  ),
  def(
    279,
    "move_pages",
    "partial",
    sysMovePages,
    "dupppx",
    "single NUMA node: nothing moves; a never-written page reads as not present (-ENOENT) where Linux may report its zero page (-EFAULT)",
    ["NUMA: migrate_pages and move_pages on one node"],
  ),
  def(280, "utimensat", "full", sysUtimensat, "fspx", "", [
    "utimensat/utimes/utime/futimesat: explicit times, UTIME_NOW/OMIT, NULL paths",
  ]),
  def(
    281,
    "epoll_pwait",
    "partial",
    sysEpollPwait,
    "fpddpu",
    "pipes, FIFOs, eventfds, timerfds, the console, /dev/random and nested epoll instances, AF_UNIX sockets (no other socket families exist); an edge-triggered entry for a nested epoll instance fires only once",
    [
      "ppoll/pselect6/epoll_pwait: the mask holds only while waiting; a signal it lets in interrupts",
      "poll/select/epoll wait for other threads; timeouts report the time left",
      "epoll_wait/epoll_pwait/epoll_pwait2: level, edge and one-shot reporting; closed files drop out",
    ],
  ),
  def(282, "signalfd", "full", sysSignalfd, "fpu", "", [
    "signalfd/signalfd4: reads signals of its set, polls readable, blocks, masks can change",
  ]),
  def(283, "timerfd_create", "full", sysTimerfdCreate, "dx", "", [
    "timerfd_create/timerfd_settime/timerfd_gettime: virtual-time timers, periods and errnos",
  ]),
  def(
    284,
    "eventfd",
    "partial",
    sysEventfd,
    "u",
    "a read of a zero counter, or a write that would overflow it, fails with EAGAIN even without EFD_NONBLOCK (nothing else could change the counter)",
    ["eventfd/eventfd2/read/write/poll: counter semantics, semaphore mode and errnos"],
  ),
  def(
    285,
    "fallocate",
    "partial",
    sysFallocate,
    "fdll",
    "mode 0, FALLOC_FL_KEEP_SIZE and FALLOC_FL_PUNCH_HOLE (as tmpfs); host files only mode 0",
    ["fallocate: allocation, KEEP_SIZE, PUNCH_HOLE and the tmpfs errnos"],
  ),
  def(
    286,
    "timerfd_settime",
    "partial",
    sysTimerfdSettime,
    "fxpp",
    "TFD_TIMER_CANCEL_ON_SET is accepted but never fires (the wall clock cannot be set)",
    [
      "timerfd_create/timerfd_settime/timerfd_gettime: virtual-time timers, periods and errnos",
      "timerfd_settime/poll/ppoll/select/epoll_wait: waits end at the first timer expiry",
    ],
  ),
  def(287, "timerfd_gettime", "full", sysTimerfdGettime, "fp", "", [
    "timerfd_create/timerfd_settime/timerfd_gettime: virtual-time timers, periods and errnos",
  ]),
  def(
    288,
    "accept4",
    "full",
    sysAccept4,
    "fppx",
    "",
    [
      "bind/listen/connect/accept: path and abstract names, EADDRINUSE, ECONNREFUSED, backlog",
      "sockets: blocking accept, connect, recv and send wait for the peer; poll and epoll see sockets",
    ],
  ),
  def(289, "signalfd4", "full", sysSignalfd4, "fpux", "", [
    "signalfd/signalfd4: reads signals of its set, polls readable, blocks, masks can change",
  ]),
  def(
    290,
    "eventfd2",
    "partial",
    sysEventfd2,
    "ux",
    "a read of a zero counter, or a write that would overflow it, fails with EAGAIN even without EFD_NONBLOCK (nothing else could change the counter)",
    ["eventfd/eventfd2/read/write/poll: counter semantics, semaphore mode and errnos"],
  ),
  def(291, "epoll_create1", "full", sysEpollCreate1, "x", "", [
    "epoll_create/epoll_create1/epoll_ctl: descriptors, errnos and what can be watched",
  ]),
  def(292, "dup3", "full", sysDup3, "ffx", "", [
    "dup/dup2/dup3: lowest free descriptor, shared offsets and errnos",
  ]),
  def(293, "pipe2", "full", sysPipe2, "px", "", [
    "pipes between processes: a read waits for data, then for EOF when the last writer goes",
    "pipes: a blocking write larger than the pipe completes as the reader drains it",
    "fcntl/pipe2: F_GETPIPE_SZ and F_SETPIPE_SZ rounding and limits",
    "pipe/pipe2: data flow, EOF, EPIPE with SIGPIPE, O_NONBLOCK and EFAULT",
    "pipe2/write/read/poll: page slots fill like Linux's; packet mode with O_DIRECT",
  ]),
  def(
    294,
    "inotify_init1",
    "partial",
    sysInotifyInit1,
    "x",
    "changes made by others to a host directory are not seen; a file's events reach a watched directory only through the directory it was opened or named through; IN_DELETE_SELF comes at the last unlink even while the file is open",
    [
      "inotify: create, delete, modify, open, close, attrib and move events with cookies; watch flags",
    ],
  ),
  def(295, "preadv", "full", sysPreadv, "fpul", "", [
    "readv/writev/preadv/pwritev/preadv2/pwritev2: scatter-gather and iovec validation",
  ]),
  def(296, "pwritev", "full", sysPwritev, "fpul", "", [
    "readv/writev/preadv/pwritev/preadv2/pwritev2: scatter-gather and iovec validation",
  ]),
  def(
    297,
    "rt_tgsigqueueinfo",
    "partial",
    sysRtTgsigqueueinfo,
    "ddSp",
    "a siginfo of a layout Linux does not know with nonzero bytes past the first 48 is not refused (E2BIG)",
    [
      "rt_sigqueueinfo/rt_tgsigqueueinfo: the sender's siginfo arrives; EPERM for kill-style codes to others",
      "RLIMIT_SIGPENDING: queued siginfo past the limit: EAGAIN for real-time signals, lost siginfo otherwise",
    ],
  ),
  def(298, "perf_event_open", "unimplemented", null, "", "", []),
  def(
    299,
    "recvmmsg",
    "partial",
    sysRecvmmsg,
    "fpuxp",
    "a receive after the first that would wait ends the batch (Linux waits); the timeout is validated and written back but not enforced",
    [
      "sendmmsg/recvmmsg: batches of datagrams, MSG_WAITFORONE",
    ],
  ),
  def(300, "fanotify_init", "unimplemented", null, "", "", []),
  def(301, "fanotify_mark", "unimplemented", null, "", "", []),
  def(
    302,
    "prlimit64",
    "partial",
    sysPrlimit64,
    "ddpp",
    "only RLIMIT_NOFILE, RLIMIT_FSIZE, RLIMIT_DATA (brk) and RLIMIT_SIGPENDING are enforced; RLIMIT_SIGPENDING applies to signals of the kill family, sigqueue and pidfd_send_signal and to timer_create, while signals the kernel raises itself (mq_notify, a child's real-time exit signal) are queued regardless",
    ["getrlimit/setrlimit/prlimit64: defaults, validation and RLIM_INFINITY"],
  ),
  def(
    303,
    "name_to_handle_at",
    "partial",
    sysNameToHandleAt,
    "dspxx",
    "tmpfs handles carry generation 0 (Linux's is random); AT_HANDLE_CONNECTABLE is accepted but not encoded",
    ["name_to_handle_at/open_by_handle_at: tmpfs handles, identifiers, EOVERFLOW, EPERM and ESTALE"],
  ),
  def(
    304,
    "open_by_handle_at",
    "partial",
    sysOpenByHandleAt,
    "fpx",
    "decodes tmpfs handles by inode number (generation must be 0); a deleted node is ESTALE even while still open",
    ["name_to_handle_at/open_by_handle_at: tmpfs handles, identifiers, EOVERFLOW, EPERM and ESTALE"],
  ),
  def(
    305,
    "clock_adjtime",
    "partial",
    sysClockAdjtime,
    "dp",
    "CLOCK_REALTIME as adjtimex (no PLL runs); other clocks EOPNOTSUPP like Linux without PTP or auxiliary clocks",
    ["adjtimex/clock_adjtime: read-only state, validation, stored values, ADJ_SETOFFSET"],
  ),
  def(306, "syncfs", "full", sysSyncfs, "f", "", [
    "sync/syncfs/fsync/fdatasync/sync_file_range: no-ops that still check their descriptor",
  ]),
  def(
    307,
    "sendmmsg",
    "partial",
    sysSendmmsg,
    "fpux",
    "a message after the first that would wait ends the batch (Linux waits for room)",
    [
      "sendmmsg/recvmmsg: batches of datagrams, MSG_WAITFORONE",
    ],
  ),
  def(308, "setns", "unimplemented", null, "", "", []),
  def(309, "getcpu", "full", sysGetcpu, "ppp", "", [
    "sched_yield/sched_getaffinity/sched_setaffinity/getcpu: one CPU",
  ]),
  def(310, "process_vm_readv", "full", sysProcessVmReadv, "dpupux", "", [
    "process_vm_readv/writev: copies between address spaces, partial at faults, EPERM/ESRCH",
  ]),
  def(311, "process_vm_writev", "full", sysProcessVmWritev, "dpupux", "", [
    "process_vm_readv/writev: copies between address spaces, partial at faults, EPERM/ESRCH",
  ]),
  def(
    312,
    "kcmp",
    "partial",
    sysKcmp,
    "ddduu",
    "objects are ordered by their first holder (lowest pid, or (pid, fd)) instead of scrambled addresses; KCMP_FS and KCMP_IO compare thread groups (CLONE_FS/CLONE_IO sharing between processes is not modelled, and Linux's lazily allocated I/O contexts are not)",
    ["kcmp: shared and separate objects across fork and threads, order, errors"],
  ),
  def(313, "finit_module", "unimplemented", null, "", "", []),
  def(
    314,
    "sched_setattr",
    "partial",
    sysSchedSetattr,
    "dpx",
    "SCHED_DEADLINE and utilization clamping are not supported (EINVAL)",
    ["sched_getattr/sched_setattr: size negotiation and policies"],
  ),
  def(315, "sched_getattr", "full", sysSchedGetattr, "dpux", "", [
    "sched_getattr/sched_setattr: size negotiation and policies",
  ]),
  def(
    316,
    "renameat2",
    "partial",
    sysRenameat2,
    "fsfsx",
    "RENAME_EXCHANGE and RENAME_WHITEOUT only on in-memory file systems (EINVAL on host mounts)",
    ["rename/renameat/renameat2: replacement rules, loops, NOREPLACE, EXCHANGE and WHITEOUT"],
  ),
  def(
    317,
    "seccomp",
    "partial",
    sysSeccomp,
    "dxp",
    "strict mode (a forbidden call kills the whole process, not only the thread; RDTSC is not disabled); filter mode with classic BPF and every action but user notification (SECCOMP_FILTER_FLAG_NEW_LISTENER is EINVAL; RET_USER_NOTIF and RET_TRACE give ENOSYS as with no listener or tracer; RET_LOG logs nothing; TSYNC syncs every thread without Linux's ancestry check); the action and notification-size queries",
    [
      "seccomp: strict mode, action and notification-size queries, prctl",
      "seccomp: filter validation, verdicts and their precedence, SIGSYS, inheritance",
    ],
  ),
  def(318, "getrandom", "full", sysGetrandom, "pux", "", [
    "getrandom: seeded bytes, flag checks and EFAULT",
  ]),
  def(319, "memfd_create", "partial", sysMemfdCreate, "sx", "MFD_HUGETLB is rejected (EINVAL)", [
    "memfd_create/fcntl: seals, names and flags",
  ]),
  def(320, "kexec_file_load", "unimplemented", null, "", "", []),
  def(321, "bpf", "unimplemented", null, "", "", []),
  def(
    322,
    "execveat",
    "partial",
    sysExecveat,
    "fsppx",
    "as execve: static executables and #! scripts only",
    ["execveat: AT_EMPTY_PATH runs an open file; relative paths from a directory fd"],
  ),
  def(323, "userfaultfd", "unimplemented", null, "", "", []),
  def(
    324,
    "membarrier",
    "partial",
    sysMembarrier,
    "ddd",
    "the RSEQ commands are not supported (rseq itself returns ENOSYS)",
    ["ioprio_get/ioprio_set/getitimer/membarrier: values, classes and commands"],
  ),
  def(325, "mlock2", "full", sysMlock2, "pux", "", [
    "mlock/munlock/mlock2/mlockall/munlockall: range and flag checks",
  ]),
  def(326, "copy_file_range", "full", sysCopyFileRange, "fpfpux", "", [
    "sendfile/copy_file_range: offsets, O_APPEND and errnos",
  ]),
  def(327, "preadv2", "full", sysPreadv2, "fpulxx", "", [
    "readv/writev/preadv/pwritev/preadv2/pwritev2: scatter-gather and iovec validation",
  ]),
  def(328, "pwritev2", "full", sysPwritev2, "fpulxx", "", [
    "readv/writev/preadv/pwritev/preadv2/pwritev2: scatter-gather and iovec validation",
  ]),
  def(329, "pkey_mprotect", "full", sysPkeyMprotect, "puxd", "", [
    "pkeys: a CPU without PKU allocates no key; key -1 is mprotect",
  ]),
  def(330, "pkey_alloc", "full", sysPkeyAlloc, "ux", "", [
    "pkeys: a CPU without PKU allocates no key; key -1 is mprotect",
  ]),
  def(331, "pkey_free", "full", sysPkeyFree, "d", "", [
    "pkeys: a CPU without PKU allocates no key; key -1 is mprotect",
  ]),
  def(332, "statx", "full", sysStatx, "fsxxp", "", [
    "statx: basic fields, btime and mount id; invalid flags",
  ]),
  def(
    333,
    "io_pgetevents",
    "partial",
    sysIoPgetevents,
    "xddppp",
    "as io_getevents",
    ["io_submit/io_getevents/io_cancel: polls, eventfd notification, pipes and blocking waits"],
  ),
  def(
    334,
    "rseq",
    "unimplemented",
    null,
    "",
    "returns ENOSYS on purpose (glibc then skips rseq)",
    [],
  ),
  def(
    424,
    "pidfd_send_signal",
    "partial",
    sysPidfdSendSignal,
    "fSpx",
    "pidfds of /proc/<pid> directories are not accepted (EBADF)",
    ["pidfd_open/pidfd_send_signal/pidfd_getfd: naming, signalling and borrowing from a process"],
  ),
  def(425, "io_uring_setup", "unimplemented", null, "", "", []),
  def(426, "io_uring_enter", "unimplemented", null, "", "", []),
  def(427, "io_uring_register", "unimplemented", null, "", "", []),
  def(428, "open_tree", "unimplemented", null, "", "", []),
  def(429, "move_mount", "unimplemented", null, "", "", []),
  def(430, "fsopen", "unimplemented", null, "", "", []),
  def(431, "fsconfig", "unimplemented", null, "", "", []),
  def(432, "fsmount", "unimplemented", null, "", "", []),
  def(433, "fspick", "unimplemented", null, "", "", []),
  def(
    434,
    "pidfd_open",
    "partial",
    sysPidfdOpen,
    "dx",
    "no PIDFD_THREAD (pidfds naming one thread): EINVAL",
    [
      "pidfd_open/pidfd_send_signal/pidfd_getfd: naming, signalling and borrowing from a process",
      "clone CLONE_PIDFD and waitid P_PIDFD: the pidfd of a new child, non-blocking waits",
    ],
  ),
  def(
    435,
    "clone3",
    "partial",
    sysClone3,
    "pu",
    "no new namespaces, set_tid or cgroup",
    ["clone: flag checks, tid pointers, TLS and stack; clone3 argument checks"],
  ),
  def(436, "close_range", "full", sysCloseRange, "uux", "", [
    "close/close_range: closing ranges and CLOSE_RANGE_CLOEXEC",
  ]),
  def(
    437,
    "openat2",
    "full",
    sysOpenat2,
    "fspu",
    "",
    [
      "open: a FIFO open waits for the other end, O_RDWR never, ENXIO without a reader",
      "openat2: open_how validation (size, flags, mode, resolve) matches Linux",
      "openat2: RESOLVE_NO_SYMLINKS, NO_MAGICLINKS, BENEATH, IN_ROOT and NO_XDEV",
    ],
  ),
  def(438, "pidfd_getfd", "full", sysPidfdGetfd, "fdx", "", [
    "pidfd_open/pidfd_send_signal/pidfd_getfd: naming, signalling and borrowing from a process",
  ]),
  def(439, "faccessat2", "full", sysFaccessat2, "fsdx", "", [
    "access/faccessat/faccessat2: modes, root's execute rule and flags",
  ]),
  def(440, "process_madvise", "full", sysProcessMadvise, "fpuxx", "", [
    "process_madvise/process_mrelease: pidfds, ranges, remote hints and errors",
  ]),
  def(
    441,
    "epoll_pwait2",
    "partial",
    sysEpollPwait2,
    "fpdppu",
    "pipes, FIFOs, eventfds, timerfds, the console, /dev/random and nested epoll instances, AF_UNIX sockets (no other socket families exist); an edge-triggered entry for a nested epoll instance fires only once",
    [
      "ppoll/pselect6/epoll_pwait: the mask holds only while waiting; a signal it lets in interrupts",
      "poll/select/epoll wait for other threads; timeouts report the time left",
      "epoll_wait/epoll_pwait/epoll_pwait2: level, edge and one-shot reporting; closed files drop out",
    ],
  ),
  def(442, "mount_setattr", "unimplemented", null, "", "", []),
  def(443, "quotactl_fd", "unimplemented", null, "", "", []),
  def(444, "landlock_create_ruleset", "unimplemented", null, "", "", []),
  def(445, "landlock_add_rule", "unimplemented", null, "", "", []),
  def(446, "landlock_restrict_self", "unimplemented", null, "", "", []),
  def(447, "memfd_secret", "unimplemented", null, "", "", []),
  def(448, "process_mrelease", "full", sysProcessMrelease, "fx", "", [
    "process_madvise/process_mrelease: pidfds, ranges, remote hints and errors",
  ]),
  def(449, "futex_waitv", "full", sysFutexWaitv, "pupd", "", [
    "futex2: flags, sizes, NUMA node words, values and timeouts are checked like Linux",
    "futex2: futex_waitv returns the index of the futex woken, times out, and is requeued",
  ]),
  def(
    450,
    "set_mempolicy_home_node",
    "partial",
    sysSetMempolicyHomeNode,
    "xuux",
    "single NUMA node: the home node is stored and changes nothing",
    ["NUMA: mbind splits and merges VMAs, checks holes, and home nodes"],
  ),
  def(
    451,
    "cachestat",
    "partial",
    sysCachestat,
    "fppx",
    "files are kept whole in memory: holes left by truncate or seeks count as cached pages (tmpfs leaves them out)",
    ["cachestat: every page of an in-memory file is cached; errors in Linux's order"],
  ),
  def(452, "fchmodat2", "full", sysFchmodat2, "fsox", "", [
    "chmod/fchmod/fchmodat/fchmodat2: modes, symlinks and O_PATH",
  ]),
  def(453, "map_shadow_stack", "unimplemented", null, "", "", []),
  def(454, "futex_wake", "full", sysFutexWake, "pxdx", "", [
    "futex2: flags, sizes, NUMA node words, values and timeouts are checked like Linux",
    "futex2: futex_waitv returns the index of the futex woken, times out, and is requeued",
  ]),
  def(455, "futex_wait", "full", sysFutexWait, "puxxpd", "", [
    "futex2: flags, sizes, NUMA node words, values and timeouts are checked like Linux",
  ]),
  def(456, "futex_requeue", "full", sysFutexRequeue, "pxdd", "", [
    "futex2: flags, sizes, NUMA node words, values and timeouts are checked like Linux",
    "futex2: futex_waitv returns the index of the futex woken, times out, and is requeued",
  ]),
  def(457, "statmount", "unimplemented", null, "", "", []),
  def(458, "listmount", "unimplemented", null, "", "", []),
  def(459, "lsm_get_self_attr", "unimplemented", null, "", "", []),
  def(460, "lsm_set_self_attr", "unimplemented", null, "", "", []),
  def(461, "lsm_list_modules", "unimplemented", null, "", "", []),
  def(462, "mseal", "full", sysMseal, "pux", "", [
    "mseal: sealed mappings refuse munmap, mprotect, mremap, MAP_FIXED and discarding advice",
  ]),
];

/** Entries indexed by number (numbers 335..423 are unassigned on x86-64). */
export const SYSCALLS: (SyscallEntry | undefined)[] = [];
for (const e of ENTRIES) SYSCALLS[e.nr] = e;
