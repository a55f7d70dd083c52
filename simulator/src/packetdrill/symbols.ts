// Names a packetdrill script may use in system call arguments and results, with their Linux x86_64
// values (include/uapi/asm-generic/errno-base.h, errno.h, socket.h, fcntl.h, poll.h; include/uapi/linux/
// in.h, tcp.h, eventpoll.h).

export const ERRNO: Readonly<Record<string, number>> = {
  EPERM: 1,
  ENOENT: 2,
  EINTR: 4,
  EBADF: 9,
  EAGAIN: 11,
  EWOULDBLOCK: 11,
  EFAULT: 14,
  EINVAL: 22,
  EPIPE: 32,
  EDOM: 33,
  ENOTSOCK: 88,
  ENOPROTOOPT: 92,
  EOPNOTSUPP: 95,
  EADDRINUSE: 98,
  EADDRNOTAVAIL: 99,
  ECONNABORTED: 103,
  ECONNRESET: 104,
  EISCONN: 106,
  ENOTCONN: 107,
  ETIMEDOUT: 110,
  ECONNREFUSED: 111,
  EALREADY: 114,
  EINPROGRESS: 115,
};

export const SYMBOLS: Readonly<Record<string, number>> = {
  ...ERRNO,
  AF_INET: 2,
  SOCK_STREAM: 1,
  SOCK_NONBLOCK: 0o4000,
  IPPROTO_TCP: 6,
  SOL_SOCKET: 1,
  SOL_TCP: 6,
  SO_REUSEADDR: 2,
  SO_REUSEPORT: 15,
  SO_ERROR: 4,
  SO_KEEPALIVE: 9,
  SO_RCVTIMEO: 20,
  SO_SNDTIMEO: 21,
  TCP_DEFER_ACCEPT: 9,
  F_GETFL: 3,
  F_SETFL: 4,
  O_RDONLY: 0,
  O_WRONLY: 1,
  O_RDWR: 2,
  O_NONBLOCK: 0o4000,
  POLLIN: 0x1,
  POLLPRI: 0x2,
  POLLOUT: 0x4,
  POLLERR: 0x8,
  POLLHUP: 0x10,
  POLLRDNORM: 0x40,
  POLLWRNORM: 0x100,
  POLLRDHUP: 0x2000,
  EPOLLIN: 0x1,
  EPOLLOUT: 0x4,
  EPOLLERR: 0x8,
  EPOLLHUP: 0x10,
  EPOLLRDNORM: 0x40,
  EPOLLET: 0x80000000,
  EPOLLEXCLUSIVE: 0x10000000,
  EPOLL_CTL_ADD: 1,
  EPOLL_CTL_DEL: 2,
  EPOLL_CTL_MOD: 3,
};

/** The errno name for a number (first name wins: EAGAIN, not EWOULDBLOCK). */
export function errnoName(n: number): string {
  for (const [name, v] of Object.entries(ERRNO)) if (v === n) return name;
  return String(n);
}
