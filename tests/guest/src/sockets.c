#define _GNU_SOURCE
/* Unix-domain sockets: a socketpair between forked processes (a large
 * transfer, EOF after shutdown), a listening server reached through a path,
 * abstract datagram sockets, seqpacket boundaries, descriptor passing with
 * SCM_RIGHTS, SCM_CREDENTIALS, non-blocking accept, poll readiness,
 * EPIPE/SIGPIPE, MSG_PEEK/MSG_TRUNC, socket options and buffer limits.
 * Only the parent prints; children report through sockets and exit codes. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>
#include "common.h"

#define PATH "/tmp/linuxvm-sockets-test.sock"
#define BIG (200 * 1024)

static int sigpipes;
static void on_sigpipe(int s) { (void)s; sigpipes++; }

static int wait_status(pid_t p) {
  int st;
  waitpid(p, &st, 0);
  return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static pid_t fork_flushed(void) {
  fflush(stdout);
  return fork();
}

/* errno names (libcs word strerror differently). */
static const char *ename(int e) {
  switch (e) {
    case EAGAIN: return "EAGAIN";
    case ENOENT: return "ENOENT";
    case ECONNREFUSED: return "ECONNREFUSED";
    case EADDRINUSE: return "EADDRINUSE";
    case ENXIO: return "ENXIO";
    case EPIPE: return "EPIPE";
    case ENOTCONN: return "ENOTCONN";
    case EINVAL: return "EINVAL";
    case ENOPROTOOPT: return "ENOPROTOOPT";
    case ESPIPE: return "ESPIPE";
    case ECONNRESET: return "ECONNRESET";
    case EISCONN: return "EISCONN";
    case EBADF: return "EBADF";
    case EPERM: return "EPERM";
    default: return "other";
  }
}

static const char *err(long r) { return r < 0 ? ename(errno) : "ok"; }

static int revents(int fd, short ev) {
  struct pollfd p = {fd, ev, 0};
  poll(&p, 1, 0);
  return p.revents;
}

static socklen_t path_addr(struct sockaddr_un *a, const char *path) {
  memset(a, 0, sizeof *a);
  a->sun_family = AF_UNIX;
  strcpy(a->sun_path, path);
  return sizeof *a;
}

/* A socketpair between processes: the child hashes everything until EOF and answers. */
static void pair_transfer(void) {
  int sv[2];
  socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
  pid_t p = fork_flushed();
  if (p == 0) {
    close(sv[0]);
    static unsigned char buf[5000];
    uint64_t h = FNV_INIT, n = 0;
    ssize_t k;
    while ((k = read(sv[1], buf, sizeof buf)) > 0) {
      h = fnv(h, buf, (size_t)k);
      n += (uint64_t)k;
    }
    uint64_t rep[2] = {n, h};
    write(sv[1], rep, sizeof rep);
    _exit(k == 0 ? 0 : 1);
  }
  close(sv[1]);
  static unsigned char data[BIG];
  for (int i = 0; i < BIG; i++) data[i] = (unsigned char)rng();
  size_t off = 0;
  while (off < BIG) {
    size_t want = 1 + rng() % 9000;
    if (want > BIG - off) want = BIG - off;
    ssize_t k = write(sv[0], data + off, want);
    if (k <= 0) break;
    off += (size_t)k;
  }
  shutdown(sv[0], SHUT_WR);
  uint64_t rep[2] = {0, 0};
  ssize_t k = recv(sv[0], rep, sizeof rep, MSG_WAITALL);
  printf("pair: sent %zu, child got %llu, hash %s, reply %zd, child %d\n", off,
         (unsigned long long)rep[0], rep[1] == fnv(FNV_INIT, data, BIG) ? "match" : "differs", k,
         wait_status(p));
  printf("pair: after child exit recv %zd\n", recv(sv[0], rep, sizeof rep, 0));
  close(sv[0]);
}

/* A server bound to a path; a forked client connects, talks and hangs up. */
static void path_server(void) {
  struct sockaddr_un a, b;
  socklen_t alen = path_addr(&a, PATH);
  unlink(PATH);
  int s = socket(AF_UNIX, SOCK_STREAM, 0);
  int c0 = socket(AF_UNIX, SOCK_STREAM, 0);
  printf("server: connect before bind %s\n", err(connect(c0, (void *)&a, alen)));
  printf("server: bind %s\n", err(bind(s, (void *)&a, alen)));
  printf("server: connect before listen %s\n", err(connect(c0, (void *)&a, alen)));
  struct stat st;
  stat(PATH, &st);
  printf("server: socket file %s mode %o\n", S_ISSOCK(st.st_mode) ? "S_IFSOCK" : "other",
         st.st_mode & 0777 & ~022);
  printf("server: open it %s\n", err(open(PATH, O_RDWR)));
  int s2 = socket(AF_UNIX, SOCK_STREAM, 0);
  printf("server: second bind %s\n", err(bind(s2, (void *)&a, alen)));
  printf("server: listen %s\n", err(listen(s, 4)));
  socklen_t l = sizeof b;
  getsockname(s, (void *)&b, &l);
  printf("server: name len %u \"%s\"\n", (unsigned)l, b.sun_path);
  fcntl(s, F_SETFL, O_NONBLOCK);
  printf("server: accept with nobody waiting %s, poll %x\n", err(accept(s, 0, 0)),
         revents(s, POLLIN));
  pid_t p = fork_flushed();
  if (p == 0) {
    int c = socket(AF_UNIX, SOCK_STREAM, 0);
    if (connect(c, (void *)&a, alen) < 0) _exit(10);
    char buf[64];
    if (write(c, "hello server", 12) != 12) _exit(11);
    ssize_t k = read(c, buf, sizeof buf);
    if (k != 12 || memcmp(buf, "hello client", 12) != 0) _exit(12);
    /* Wait for the server's shutdown, then go. */
    if (read(c, buf, sizeof buf) != 0) _exit(13);
    _exit(0);
  }
  struct pollfd pf = {s, POLLIN, 0};
  int n = poll(&pf, 1, -1);
  printf("server: poll %d revents %x\n", n, pf.revents);
  l = sizeof b;
  int c = accept4(s, (void *)&b, &l, SOCK_CLOEXEC);
  printf("server: accepted %s, peer len %u, cloexec %d, nonblock %d\n", err(c), (unsigned)l,
         fcntl(c, F_GETFD), (fcntl(c, F_GETFL) & O_NONBLOCK) != 0);
  char buf[64];
  ssize_t k = read(c, buf, sizeof buf);
  printf("server: read %zd \"%.*s\"\n", k, (int)k, buf);
  write(c, "hello client", 12);
  l = sizeof b;
  getsockname(c, (void *)&b, &l);
  printf("server: accepted name \"%s\"\n", b.sun_path);
  struct ucred uc;
  l = sizeof uc;
  getsockopt(c, SOL_SOCKET, SO_PEERCRED, &uc, &l);
  printf("server: peer cred pid is child %d, uid is mine %d\n", uc.pid == p, uc.uid == geteuid());
  shutdown(c, SHUT_WR);
  printf("server: client %d\n", wait_status(p));
  int ev = revents(c, POLLIN | POLLRDHUP);
  printf("server: after client exit poll %x read %zd\n", ev, read(c, buf, sizeof buf));
  close(c);
  close(s);
  printf("server: connect after close %s\n", err(connect(c0, (void *)&a, alen)));
  unlink(PATH);
  printf("server: connect after unlink %s\n", err(connect(c0, (void *)&a, alen)));
  close(c0);
  close(s2);
}

/* Descriptor passing: the child receives a pipe's read end and reads what the parent writes. */
static void pass_fds(void) {
  int sv[2], pp[2];
  socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
  pipe(pp);
  pid_t p = fork_flushed();
  if (p == 0) {
    close(sv[0]);
    close(pp[0]);
    close(pp[1]);
    char data[16];
    char ctl[CMSG_SPACE(2 * sizeof(int))];
    struct iovec iov = {data, sizeof data};
    struct msghdr m = {0};
    m.msg_iov = &iov;
    m.msg_iovlen = 1;
    m.msg_control = ctl;
    m.msg_controllen = sizeof ctl;
    ssize_t k = recvmsg(sv[1], &m, MSG_CMSG_CLOEXEC);
    struct cmsghdr *c = CMSG_FIRSTHDR(&m);
    if (k != 3 || c == NULL || c->cmsg_type != SCM_RIGHTS) _exit(20);
    int fds[2];
    memcpy(fds, CMSG_DATA(c), sizeof fds);
    if (c->cmsg_len != CMSG_LEN(2 * sizeof(int))) _exit(21);
    if (fcntl(fds[0], F_GETFD) != FD_CLOEXEC) _exit(22);
    char buf[32];
    ssize_t r = read(fds[0], buf, sizeof buf);
    /* Answer with what came through the passed pipe, on the passed socket end. */
    write(fds[1], buf, (size_t)r);
    _exit(0);
  }
  close(sv[1]);
  int other[2];
  socketpair(AF_UNIX, SOCK_DGRAM, 0, other);
  char ctl[CMSG_SPACE(2 * sizeof(int))];
  struct iovec iov = {"fds", 3};
  struct msghdr m = {0};
  m.msg_iov = &iov;
  m.msg_iovlen = 1;
  m.msg_control = ctl;
  m.msg_controllen = sizeof ctl;
  struct cmsghdr *c = CMSG_FIRSTHDR(&m);
  c->cmsg_level = SOL_SOCKET;
  c->cmsg_type = SCM_RIGHTS;
  c->cmsg_len = CMSG_LEN(2 * sizeof(int));
  int fds[2] = {pp[0], other[1]};
  memcpy(CMSG_DATA(c), fds, sizeof fds);
  ssize_t sm = sendmsg(sv[0], &m, 0);
  printf("fds: sendmsg %zd %s\n", sm, err(sm));
  close(pp[0]);
  close(other[1]);
  write(pp[1], "through the pipe", 16);
  char buf[32];
  int status = wait_status(p);
  ssize_t k = recv(other[0], buf, sizeof buf, MSG_DONTWAIT);
  printf("fds: child %d, passed socket got %zd \"%.*s\"\n", status, k, k > 0 ? (int)k : 0, buf);
  close(pp[1]);
  close(other[0]);

  /* A control buffer too small for the descriptors: MSG_CTRUNC, and they are closed. */
  int q[2];
  pipe(q);
  fds[0] = q[0];
  fds[1] = q[1];
  close(sv[0]);
  int nv[2];
  socketpair(AF_UNIX, SOCK_SEQPACKET, 0, nv);
  m.msg_control = ctl;
  m.msg_controllen = sizeof ctl;
  c = CMSG_FIRSTHDR(&m);
  c->cmsg_level = SOL_SOCKET;
  c->cmsg_type = SCM_RIGHTS;
  c->cmsg_len = CMSG_LEN(2 * sizeof(int));
  memcpy(CMSG_DATA(c), fds, sizeof fds);
  sendmsg(nv[0], &m, 0);
  close(q[0]);
  char small[CMSG_SPACE(sizeof(int))];
  char data[8];
  struct iovec riov = {data, sizeof data};
  struct msghdr r = {0};
  r.msg_iov = &riov;
  r.msg_iovlen = 1;
  r.msg_control = small;
  r.msg_controllen = CMSG_LEN(sizeof(int));
  k = recvmsg(nv[1], &r, 0);
  c = CMSG_FIRSTHDR(&r);
  int got = -1;
  if (c != NULL) memcpy(&got, CMSG_DATA(c), sizeof got);
  printf("fds: small buffer %zd flags %x controllen %zu cmsg_len %zu\n", k, r.msg_flags,
         (size_t)r.msg_controllen, c ? (size_t)c->cmsg_len : 0);
  /* The write end was dropped: the received read end sees EOF once we close ours. */
  close(q[1]);
  printf("fds: received read end reads %zd\n", read(got, data, sizeof data));
  close(got);
  close(nv[0]);
  close(nv[1]);
}

/* Datagrams between abstract names: addresses, truncation, peeking and the queue limit. */
static void datagrams(void) {
  struct sockaddr_un a = {AF_UNIX}, b = {AF_UNIX}, from;
  memcpy(a.sun_path, "\0linuxvm-a", 10);
  memcpy(b.sun_path, "\0linuxvm-b", 10);
  socklen_t alen = 2 + 10, blen = 2 + 10;
  int x = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK, 0);
  int y = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK, 0);
  const char *e1 = err(bind(x, (void *)&a, alen));
  const char *e2 = err(bind(y, (void *)&b, blen));
  const char *e3 = err(bind(socket(AF_UNIX, SOCK_DGRAM, 0), (void *)&a, alen));
  printf("dgram: bind %s %s, again %s\n", e1, e2, e3);
  printf("dgram: send unconnected %s\n", err(send(x, "z", 1, 0)));
  printf("dgram: sendto %zd\n", sendto(x, "hello datagram", 14, 0, (void *)&b, blen));
  char buf[64];
  socklen_t fl = sizeof from;
  ssize_t k = recvfrom(y, buf, 5, MSG_PEEK, (void *)&from, &fl);
  printf("dgram: peek %zd \"%.*s\" from len %u \"%.9s\"\n", k, (int)k, buf, (unsigned)fl,
         from.sun_path + 1);
  struct iovec iov = {buf, 5};
  struct msghdr m = {0};
  m.msg_iov = &iov;
  m.msg_iovlen = 1;
  k = recvmsg(y, &m, 0);
  printf("dgram: recvmsg %zd flags %x\n", k, m.msg_flags);
  printf("dgram: empty %s\n", err(recv(y, buf, sizeof buf, 0)));
  int sent = 0;
  while (sendto(x, "q", 1, 0, (void *)&b, blen) == 1) sent++;
  printf("dgram: queue holds %d, then %s, poll %x\n", sent, ename(errno),
         revents(y, POLLIN | POLLOUT));
  printf("dgram: trunc %zd\n", recv(y, buf, 0, MSG_TRUNC));
  int z = socket(AF_UNIX, SOCK_DGRAM, 0);
  connect(z, (void *)&a, alen);
  k = send(z, "hi", 2, 0);
  e1 = err(sendto(z, "hi", 2, 0, (void *)&(struct sockaddr_un){AF_UNIX, "\0nobody"}, 9));
  printf("dgram: connected send %zd, to unknown %s\n", k, e1);
  fl = sizeof from;
  k = recvfrom(x, buf, sizeof buf, 0, (void *)&from, &fl);
  printf("dgram: from unbound sender %zd namelen %u\n", k, (unsigned)fl);
  close(x);
  e1 = err(send(z, "hi", 2, 0));
  e2 = err(send(z, "hi", 2, 0));
  printf("dgram: peer gone %s, then %s\n", e1, e2);
  close(y);
  close(z);

  int sp[2];
  socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sp);
  send(sp[0], "one", 3, 0);
  send(sp[0], "three", 5, 0);
  k = recv(sp[1], buf, sizeof buf, 0);
  printf("seqpacket: %zd \"%.*s\", ", k, (int)k, buf);
  k = recv(sp[1], buf, 2, 0);
  printf("%zd \"%.*s\"\n", k, (int)k, buf);
  close(sp[0]);
  k = recv(sp[1], buf, sizeof buf, 0);
  e1 = err(send(sp[1], "x", 1, MSG_NOSIGNAL));
  printf("seqpacket: after close %zd, send %s\n", k, e1);
  close(sp[1]);
}

/* SIGPIPE and EPIPE, EOF after shutdown, poll hang-ups, ECONNRESET for unread data. */
static void hangups(void) {
  signal(SIGPIPE, on_sigpipe);
  int sv[2];
  socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
  int r1 = revents(sv[0], POLLIN | POLLOUT);
  int r2 = revents(socket(AF_UNIX, SOCK_STREAM, 0), POLLIN | POLLOUT);
  printf("hangup: fresh poll %x %x\n", r1, r2);
  write(sv[0], "ab", 2);
  shutdown(sv[0], SHUT_WR);
  r1 = revents(sv[0], POLLIN | POLLOUT | POLLRDHUP);
  r2 = revents(sv[1], POLLIN | POLLOUT | POLLRDHUP);
  printf("hangup: after SHUT_WR poll %x %x\n", r1, r2);
  char buf[8];
  ssize_t a = read(sv[1], buf, sizeof buf);
  ssize_t b = read(sv[1], buf, sizeof buf);
  const char *e1 = err(write(sv[0], "x", 1));
  printf("hangup: reads %zd %zd, write on shut end %s, sigpipes %d\n", a, b, e1, sigpipes);
  close(sv[0]);
  r1 = revents(sv[1], POLLIN | POLLOUT | POLLRDHUP);
  e1 = err(write(sv[1], "x", 1));
  const char *e2 = err(send(sv[1], "x", 1, MSG_NOSIGNAL));
  printf("hangup: peer closed poll %x, write %s, MSG_NOSIGNAL %s, sigpipes %d\n", r1, e1, e2,
         sigpipes);
  close(sv[1]);
  socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
  write(sv[0], "unread", 6);
  close(sv[1]);
  r1 = revents(sv[0], POLLIN | POLLOUT);
  e1 = err(read(sv[0], buf, 8));
  a = read(sv[0], buf, 8);
  printf("hangup: peer closed with unread data: poll %x, read %s, then %zd\n", r1, e1, a);
  close(sv[0]);
  socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
  write(sv[0], "unread", 6);
  close(sv[1]);
  int e = 0;
  socklen_t l = sizeof e;
  getsockopt(sv[0], SOL_SOCKET, SO_ERROR, &e, &l);
  r1 = e == ECONNRESET;
  getsockopt(sv[0], SOL_SOCKET, SO_ERROR, &e, &l);
  printf("hangup: SO_ERROR ECONNRESET %d, then %d\n", r1, e);
  close(sv[0]);
  socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
  write(sv[0], "sent", 4);
  close(sv[0]);
  a = read(sv[1], buf, 8);
  e1 = err(read(sv[1], buf, 8));
  printf("hangup: data sent before close still arrives: read %zd %s\n", a, e1);
  close(sv[1]);
}

/* Options, buffer limits and /proc. */
static void options(void) {
  int s = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
  int v;
  socklen_t l = sizeof v;
  getsockopt(s, SOL_SOCKET, SO_TYPE, &v, &l);
  printf("opt: type %d", v);
  getsockopt(s, SOL_SOCKET, SO_SNDBUF, &v, &l);
  printf(" sndbuf %d", v);
  v = 10000;
  setsockopt(s, SOL_SOCKET, SO_SNDBUF, &v, sizeof v);
  getsockopt(s, SOL_SOCKET, SO_SNDBUF, &v, &l);
  printf(" -> %d", v);
  getsockopt(s, SOL_SOCKET, SO_ACCEPTCONN, &v, &l);
  printf(" acceptconn %d", v);
  v = 1;
  printf(" reuseaddr %s", err(setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &v, sizeof v)));
  printf(" bogus %s", err(setsockopt(s, SOL_SOCKET, 999, &v, sizeof v)));
  struct ucred uc;
  l = sizeof uc;
  getsockopt(s, SOL_SOCKET, SO_PEERCRED, &uc, &l);
  printf(" unconnected peercred %d %d %d\n", uc.pid, (int)uc.uid, (int)uc.gid);
  char link[64], path[64];
  snprintf(path, sizeof path, "/proc/self/fd/%d", s);
  ssize_t n = readlink(path, link, sizeof link - 1);
  link[n > 0 ? n : 0] = 0;
  const char *e1 = err(read(s, &v, 1));
  const char *e2 = err(lseek(s, 0, SEEK_SET));
  printf("opt: /proc fd link %.8s, read %s, lseek %s\n", link, e1, e2);
  close(s);
  int sv[2];
  for (int t = 0; t < 3; t++) {
    int type = t == 0 ? SOCK_STREAM : t == 1 ? SOCK_DGRAM : SOCK_SEQPACKET;
    socketpair(AF_UNIX, type | SOCK_NONBLOCK, 0, sv);
    int ones = 0, pages = 0;
    while (write(sv[0], "x", 1) == 1) ones++;
    close(sv[1]);
    close(sv[0]);
    socketpair(AF_UNIX, type | SOCK_NONBLOCK, 0, sv);
    static char page[4096];
    while (write(sv[0], page, sizeof page) > 0) pages++;
    printf("opt: type %d fits %d one-byte writes, %d pages\n", type, ones, pages);
    close(sv[0]);
    close(sv[1]);
  }
}

/* SCM_CREDENTIALS with SO_PASSCRED from a forked sender. */
static void credentials(void) {
  int sv[2], on = 1;
  socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
  setsockopt(sv[1], SOL_SOCKET, SO_PASSCRED, &on, sizeof on);
  pid_t p = fork_flushed();
  if (p == 0) {
    send(sv[0], "c", 1, 0);
    _exit(0);
  }
  char data[4];
  char ctl[CMSG_SPACE(sizeof(struct ucred))];
  struct iovec iov = {data, sizeof data};
  struct msghdr m = {0};
  m.msg_iov = &iov;
  m.msg_iovlen = 1;
  m.msg_control = ctl;
  m.msg_controllen = sizeof ctl;
  ssize_t k = recvmsg(sv[1], &m, 0);
  struct cmsghdr *c = CMSG_FIRSTHDR(&m);
  struct ucred uc = {0};
  if (c != NULL && c->cmsg_type == SCM_CREDENTIALS) memcpy(&uc, CMSG_DATA(c), sizeof uc);
  printf("cred: %zd, pid is child %d, uid is mine %d, child %d\n", k, uc.pid == p,
         uc.uid == getuid(), wait_status(p));
  close(sv[0]);
  close(sv[1]);
}

int main(void) {
  setvbuf(stdout, NULL, _IOFBF, 1 << 16);
  pair_transfer();
  path_server();
  pass_fds();
  datagrams();
  hangups();
  options();
  credentials();
  return 0;
}
