/* Linux native AIO through raw system calls, the way libaio drives it:
 * the ring header io_setup maps, file reads and writes, vectored I/O,
 * fsync, a poll completed by a child writing to a pipe, an eventfd told
 * of completions, io_cancel, reaping from the ring in user space, errors. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* <linux/aio_abi.h>, spelled out (musl ships no kernel headers). */
typedef unsigned long aio_context_t;
enum { IOCB_CMD_PREAD = 0, IOCB_CMD_PWRITE = 1, IOCB_CMD_FSYNC = 2, IOCB_CMD_POLL = 5, IOCB_CMD_PREADV = 7 };
#define IOCB_FLAG_RESFD 1
struct io_event {
  uint64_t data, obj;
  int64_t res, res2;
};
struct iocb {
  uint64_t aio_data;
  uint32_t aio_key, aio_rw_flags;
  uint16_t aio_lio_opcode;
  int16_t aio_reqprio;
  uint32_t aio_fildes;
  uint64_t aio_buf, aio_nbytes;
  int64_t aio_offset;
  uint64_t aio_reserved2;
  uint32_t aio_flags, aio_resfd;
};

struct aio_ring {
  unsigned id, nr, head, tail, magic, compat_features, incompat_features, header_length;
  struct io_event io_events[];
};

static long io_setup(unsigned n, aio_context_t *c) { return syscall(SYS_io_setup, n, c); }
static long io_submit(aio_context_t c, long n, struct iocb **l) { return syscall(SYS_io_submit, c, n, l); }
static long io_getevents(aio_context_t c, long mn, long n, struct io_event *e, struct timespec *t) {
  return syscall(SYS_io_getevents, c, mn, n, e, t);
}

static void prep(struct iocb *cb, int op, int fd, void *buf, size_t n, long long off, uint64_t data) {
  memset(cb, 0, sizeof *cb);
  cb->aio_lio_opcode = op;
  cb->aio_fildes = fd;
  cb->aio_buf = (uintptr_t)buf;
  cb->aio_nbytes = n;
  cb->aio_offset = off;
  cb->aio_data = data;
}

static int submit1(aio_context_t ctx, struct iocb *cb) {
  struct iocb *l[1] = {cb};
  long r = io_submit(ctx, 1, l);
  return r < 0 ? -errno : (int)r;
}

static void show(const char *what, struct io_event *e, long n) {
  printf("%s: %ld event(s)", what, n);
  for (long i = 0; i < n; i++) printf(" [data=%llu res=%lld]", (unsigned long long)e[i].data, (long long)e[i].res);
  printf("\n");
}

int main(void) {
  aio_context_t ctx = 0;
  if (io_setup(4, &ctx) != 0) { perror("io_setup"); return 1; }
  struct aio_ring *ring = (struct aio_ring *)ctx;
  printf("ring: id=%u nr=%u head=%u tail=%u magic=%#x compat=%u incompat=%u header=%u\n", ring->id, ring->nr,
         ring->head, ring->tail, ring->magic, ring->compat_features, ring->incompat_features, ring->header_length);
  aio_context_t busy = ctx;
  long rr = io_setup(4, &busy);
  printf("io_setup on a used id: %ld errno=%d\n", rr, errno);

  int fd = open("/tmp/aio_guest_test", O_RDWR | O_CREAT | O_TRUNC, 0600);
  struct iocb cb, cb2, *list[2];
  struct io_event ev[8];
  char msg[] = "asynchronous I/O, the Linux way";
  prep(&cb, IOCB_CMD_PWRITE, fd, msg, strlen(msg), 4, 1);
  printf("pwrite submitted: %d key=%u\n", submit1(ctx, &cb), cb.aio_key);
  show("pwrite", ev, io_getevents(ctx, 1, 8, ev, NULL));
  printf("file offset still %ld\n", (long)lseek(fd, 0, SEEK_CUR));

  char a[8] = {0}, b[64] = {0};
  struct iovec iov[2] = {{a, 7}, {b, 30}};
  prep(&cb, IOCB_CMD_PREADV, fd, iov, 2, 0, 2);
  prep(&cb2, IOCB_CMD_FSYNC, fd, NULL, 0, 0, 3);
  list[0] = &cb;
  list[1] = &cb2;
  printf("preadv+fsync submitted: %ld\n", io_submit(ctx, 2, list));
  long n = io_getevents(ctx, 2, 8, ev, NULL);
  if (n == 2 && ev[0].data == 3) { struct io_event t = ev[0]; ev[0] = ev[1]; ev[1] = t; }
  show("preadv+fsync", ev, n);
  printf("read back: [%.4s] [%s]\n", a + 4, b);

  /* An eventfd counts completions (IOCB_FLAG_RESFD). */
  int efd = eventfd(0, 0);
  prep(&cb, IOCB_CMD_PREAD, fd, b, 5, 4, 4);
  cb.aio_flags = IOCB_FLAG_RESFD;
  cb.aio_resfd = efd;
  submit1(ctx, &cb);
  submit1(ctx, &cb);
  uint64_t count = 0;
  read(efd, &count, 8);
  printf("eventfd counted %llu completions\n", (unsigned long long)count);
  show("resfd reads", ev, io_getevents(ctx, 2, 8, ev, NULL));

  /* libaio's user-space check: nothing to reap when head == tail. */
  printf("ring empty: %d (head=%u tail=%u)\n", ring->head == ring->tail, ring->head, ring->tail);

  /* A poll on a pipe completes when a child writes. */
  int p[2];
  pipe(p);
  prep(&cb, IOCB_CMD_POLL, p[0], (void *)(uintptr_t)POLLIN, 0, 0, 5);
  printf("poll submitted: %d\n", submit1(ctx, &cb));
  struct timespec zero = {0, 0};
  printf("nothing yet: %ld\n", io_getevents(ctx, 1, 8, ev, &zero));
  pid_t c = fork();
  if (c == 0) {
    write(p[1], "ping", 4);
    _exit(0);
  }
  show("poll", ev, io_getevents(ctx, 1, 8, ev, NULL));
  waitpid(c, NULL, 0);
  prep(&cb, IOCB_CMD_PREAD, p[0], b, sizeof b, 0, 6);
  submit1(ctx, &cb);
  n = io_getevents(ctx, 1, 8, ev, NULL);
  show("pipe read", ev, n);
  printf("pipe said [%.4s]\n", b);

  /* Reaping from the ring by hand, as user-space reapers do. */
  prep(&cb, IOCB_CMD_PREAD, fd, b, 3, 4, 7);
  submit1(ctx, &cb);
  struct timespec wait = {1, 0};
  while (ring->head == ring->tail) nanosleep(&wait, NULL);
  struct io_event *e = &ring->io_events[ring->head];
  printf("reaped by hand: data=%llu res=%lld\n", (unsigned long long)e->data, (long long)e->res);
  ring->head = (ring->head + 1) % ring->nr;
  printf("after: %ld\n", io_getevents(ctx, 0, 8, ev, &zero));

  /* Cancelling a poll: EINPROGRESS, then an event with result 0. */
  prep(&cb, IOCB_CMD_POLL, p[0], (void *)(uintptr_t)POLLIN, 0, 0, 8);
  submit1(ctx, &cb);
  long r = syscall(SYS_io_cancel, ctx, &cb, ev);
  printf("io_cancel: %ld errno=%d\n", r, errno);
  show("cancelled", ev, io_getevents(ctx, 1, 8, ev, NULL));
  errno = 0;
  r = syscall(SYS_io_cancel, ctx, &cb, ev);
  printf("io_cancel again: %ld errno=%d\n", r, errno);

  /* Errors io_submit itself reports. */
  prep(&cb, 42, fd, NULL, 0, 0, 9);
  printf("bad opcode: %d\n", submit1(ctx, &cb));
  prep(&cb, IOCB_CMD_PREAD, 99, b, 1, 0, 9);
  printf("bad fd: %d\n", submit1(ctx, &cb));
  prep(&cb, IOCB_CMD_FSYNC, p[1], NULL, 0, 0, 9);
  printf("fsync on a pipe: %d\n", submit1(ctx, &cb));
  prep(&cb, IOCB_CMD_PREAD, fd, (void *)8, 4, 0, 10);
  submit1(ctx, &cb);
  show("bad buffer", ev, io_getevents(ctx, 1, 8, ev, NULL));
  rr = io_getevents(ctx, 3, 2, ev, NULL);
  printf("io_getevents min>nr: %ld errno=%d\n", rr, errno);

  aio_context_t big = 0;
  printf("io_setup(300): %ld\n", io_setup(300, &big));
  printf("second ring: id=%u nr=%u\n", ((struct aio_ring *)big)->id, ((struct aio_ring *)big)->nr);
  printf("io_destroy: %ld\n", syscall(SYS_io_destroy, ctx));
  rr = syscall(SYS_io_destroy, ctx);
  printf("io_destroy again: %ld errno=%d\n", rr, errno);
  printf("io_destroy second: %ld\n", syscall(SYS_io_destroy, big));
  unlink("/tmp/aio_guest_test");
  return 0;
}
