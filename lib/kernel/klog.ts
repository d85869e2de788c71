/**
 * The kernel log buffer (Linux's printk ring) behind syslog(2): the lines
 * the machine "booted" with, all at time 0, plus the reader positions and
 * console level syslog moves. Plain data; the lines derive from the uts
 * name, so the log is the same in every run.
 * @module
 */

import type { Utsname } from "./kernel.ts";

/** CONFIG_LOG_BUF_SHIFT 18 (Debian): what SYSLOG_ACTION_SIZE_BUFFER reports. */
export const LOG_BUF_LEN = 1 << 18;

/** One log record: its level (facility 0, the kernel) and text. */
export interface LogRecord {
  level: number;
  text: string;
}

/** The log and its readers' state. */
export interface KernelLog {
  records: LogRecord[];
  /** Next record SYSLOG_ACTION_READ returns, and bytes of it already returned. */
  readSeq: number;
  readPartial: number;
  /** First record READ_ALL returns (SYSLOG_ACTION_CLEAR moves it to the end). */
  clearSeq: number;
  /** console_loglevel and the level CONSOLE_OFF saved (-1: none saved). */
  consoleLevel: number;
  savedConsoleLevel: number;
}

/** Linux's CONSOLE_LOGLEVEL_DEFAULT and minimum_console_loglevel. */
export const CONSOLE_LOGLEVEL_DEFAULT = 7, MINIMUM_CONSOLE_LOGLEVEL = 1;

/** The log at boot. */
export function newKernelLog(uts: Utsname): KernelLog {
  return {
    records: [
      { level: 5, text: `Linux version ${uts.release} (linuxvm) ${uts.version}` },
      { level: 6, text: "Command line: console=ttyS0" },
      { level: 6, text: "linuxvm: 1 virtual CPU, virtual clock at 1 GHz, deterministic" },
    ],
    readSeq: 0,
    readPartial: 0,
    clearSeq: 0,
    consoleLevel: CONSOLE_LOGLEVEL_DEFAULT,
    savedConsoleLevel: -1,
  };
}

/** A record as syslog prints it: "<level>[    0.000000] text\n" (ASCII). */
export function recordText(r: LogRecord): string {
  return `<${r.level}>[    0.000000] ${r.text}\n`;
}
