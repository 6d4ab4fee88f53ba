import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time spent by processes, from Linux's /proc: on a shared machine, events/s depend on
 * what else runs, while CPU seconds per 1,000 events do much less. Undefined where /proc is
 * not available.
 */

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ, 100 on Linux). */
const TICK_MS = 10;

interface ProcStat {
  pid: number;
  ppid: number;
  /** utime + stime + cutime + cstime: its own time and that of the children it has reaped. */
  ms: number;
}

function readStat(pid: number | string): ProcStat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses: fields are counted after the last ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    const n = (i: number) => Number(fields[i - 3]);
    return { pid: Number(pid), ppid: n(4), ms: (n(14) + n(15) + n(16) + n(17)) * TICK_MS };
  } catch {
    return undefined;
  }
}

/**
 * CPU milliseconds of `root` and all its live descendants. A PostgreSQL backend that exits
 * is reaped by the postmaster and its time moves to the postmaster's children time, so the
 * total over a postmaster's tree keeps counting across connections that come and go.
 */
export function treeCpuMs(root: number): number | undefined {
  const self = readStat(root);
  if (!self) return undefined;
  const children = new Map<number, ProcStat[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(entry);
    if (!stat) continue;
    const list = children.get(stat.ppid) ?? [];
    list.push(stat);
    children.set(stat.ppid, list);
  }
  let total = 0;
  const stack = [self];
  while (stack.length > 0) {
    const stat = stack.pop()!;
    total += stat.ms;
    stack.push(...(children.get(stat.pid) ?? []));
  }
  return total;
}

/** This process's CPU milliseconds (user + system). */
export function ownCpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

/** The parent of a process (a backend's postmaster), if visible here. */
export function parentPid(pid: number): number | undefined {
  return readStat(pid)?.ppid;
}

/** Measures CPU of the given sources between `start()` and `stop()`. */
export function cpuMeter(sources: Record<string, () => number | undefined>) {
  const before = new Map<string, number | undefined>();
  return {
    start() {
      for (const [name, read] of Object.entries(sources)) before.set(name, read());
    },
    stop(): Record<string, number | undefined> {
      const spent: Record<string, number | undefined> = {};
      for (const [name, read] of Object.entries(sources)) {
        const a = before.get(name);
        const b = read();
        spent[name] = a === undefined || b === undefined ? undefined : b - a;
      }
      return spent;
    },
  };
}
