/**
 * syslog(2) (glibc's klogctl) over the kernel log of lib/kernel/klog.ts,
 * with Linux's do_syslog rules. dmesg_restrict is on (as on Debian), so
 * every action needs CAP_SYSLOG.
 * @module
 */

import type { Kernel } from "../kernel.ts";
import type { Process } from "../process.ts";
import { LOG_BUF_LEN, MINIMUM_CONSOLE_LOGLEVEL, recordText } from "../klog.ts";
import { block } from "../thread.ts";
import { accessOk, arg, argInt } from "./uaccess.ts";
import { EINVAL, EPERM, fail } from "../errno.ts";

const SYSLOG_ACTION_CLOSE = 0,
  SYSLOG_ACTION_OPEN = 1,
  SYSLOG_ACTION_READ = 2,
  SYSLOG_ACTION_READ_ALL = 3,
  SYSLOG_ACTION_READ_CLEAR = 4,
  SYSLOG_ACTION_CLEAR = 5,
  SYSLOG_ACTION_CONSOLE_OFF = 6,
  SYSLOG_ACTION_CONSOLE_ON = 7,
  SYSLOG_ACTION_CONSOLE_LEVEL = 8,
  SYSLOG_ACTION_SIZE_UNREAD = 9,
  SYSLOG_ACTION_SIZE_BUFFER = 10;

/** The log's text is ASCII: one byte per character. */
const ENC = new TextEncoder();

/** The records from `seq` on as text. */
function textFrom(k: Kernel, seq: number): string {
  return k.klog.records.slice(seq).map(recordText).join("");
}

/** READ_ALL/READ_CLEAR: the newest records that fit in `len`, from the clear point on. */
function readAll(k: Kernel, p: Process, buf: number, len: number, clear: boolean): number {
  const log = k.klog;
  let seq = log.clearSeq;
  let total = textFrom(k, seq).length;
  while (total > len) total -= recordText(log.records[seq++]).length;
  const text = textFrom(k, seq);
  if (text.length > 0) p.mem.writeBytes(buf, ENC.encode(text));
  if (clear) log.clearSeq = log.records.length;
  return text.length;
}

/** READ: take unread text (a first record may come in parts), waiting while there is none. */
function readUnread(k: Kernel, p: Process, buf: number, len: number): number {
  const log = k.klog;
  if (log.readSeq >= log.records.length) return block(p.thread, { kind: "signal" });
  let out = "";
  while (log.readSeq < log.records.length) {
    const rec = recordText(log.records[log.readSeq]);
    const rest = rec.length - log.readPartial;
    if (out.length + rest <= len) {
      out += rec.slice(log.readPartial);
      log.readSeq++;
      log.readPartial = 0;
    } else {
      if (out.length === 0) {
        out = rec.slice(log.readPartial, log.readPartial + len);
        log.readPartial += len;
      }
      break;
    }
  }
  p.mem.writeBytes(buf, ENC.encode(out));
  return out.length;
}

/** syslog(type, bufp, len) */
export function sysSyslog(k: Kernel, p: Process): number {
  const type = argInt(p.cpu, 0), buf = arg(p.cpu, 1), len = argInt(p.cpu, 2);
  if (!p.cred.capEffective) fail(EPERM);
  const log = k.klog;
  switch (type) {
    case SYSLOG_ACTION_CLOSE:
    case SYSLOG_ACTION_OPEN:
      return 0;
    case SYSLOG_ACTION_READ:
    case SYSLOG_ACTION_READ_ALL:
    case SYSLOG_ACTION_READ_CLEAR:
      if (buf === 0 || len < 0) fail(EINVAL);
      if (len === 0) return 0;
      accessOk(buf, len);
      if (type === SYSLOG_ACTION_READ) return readUnread(k, p, buf, len);
      return readAll(k, p, buf, len, type === SYSLOG_ACTION_READ_CLEAR);
    case SYSLOG_ACTION_CLEAR:
      log.clearSeq = log.records.length;
      return 0;
    case SYSLOG_ACTION_CONSOLE_OFF:
      if (log.savedConsoleLevel === -1) log.savedConsoleLevel = log.consoleLevel;
      log.consoleLevel = MINIMUM_CONSOLE_LOGLEVEL;
      return 0;
    case SYSLOG_ACTION_CONSOLE_ON:
      if (log.savedConsoleLevel !== -1) {
        log.consoleLevel = log.savedConsoleLevel;
        log.savedConsoleLevel = -1;
      }
      return 0;
    case SYSLOG_ACTION_CONSOLE_LEVEL:
      if (len < 1 || len > 8) fail(EINVAL);
      log.consoleLevel = Math.max(len, MINIMUM_CONSOLE_LOGLEVEL);
      log.savedConsoleLevel = -1;
      return 0;
    case SYSLOG_ACTION_SIZE_UNREAD:
      return textFrom(k, log.readSeq).length - log.readPartial;
    case SYSLOG_ACTION_SIZE_BUFFER:
      return LOG_BUF_LEN;
    default:
      fail(EINVAL);
  }
}
