// How busy the machine was with other people's work during a measurement: CPU time of every process
// (from /proc/stat) minus the CPU time of this process and its descendants (Chromium we launched,
// child Node processes), as a share of all cores over the wall time. Linux only; undefined elsewhere.
import * as fs from 'node:fs';
import * as os from 'node:os';

const HZ = 100; // USER_HZ on Linux

interface Snapshot {
  at: number;
  busyTicks: number;
  oursTicks: number;
}

function machineBusyTicks(): number {
  const cpu = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const [user, nice, system, idle, iowait, irq, softirq, steal] = cpu as [number, number, number, number, number, number, number, number];
  void idle;
  void iowait;
  return user + nice + system + irq + softirq + (steal ?? 0);
}

function oursTicks(): number {
  const parent = new Map<number, number>();
  const ticks = new Map<number, number>();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // rest[0] = state (field 3); ppid = field 4; utime, stime = fields 14, 15; cutime, cstime = 16, 17
      parent.set(Number(name), Number(rest[1]));
      ticks.set(Number(name), Number(rest[11]) + Number(rest[12]) + Number(rest[13]) + Number(rest[14]));
    } catch {
      /* process gone */
    }
  }
  const mine = new Set<number>([process.pid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, ppid] of parent) {
      if (!mine.has(pid) && mine.has(ppid)) {
        mine.add(pid);
        grew = true;
      }
    }
  }
  let sum = 0;
  for (const pid of mine) sum += ticks.get(pid) ?? 0;
  return sum;
}

export function cpuSnapshot(): Snapshot | undefined {
  try {
    return { at: Date.now(), busyTicks: machineBusyTicks(), oursTicks: oursTicks() };
  } catch {
    return undefined;
  }
}

/** Share (0..1) of all cores used by processes that are not ours between two snapshots. */
export function otherLoad(a: Snapshot | undefined, b: Snapshot | undefined): number {
  if (!a || !b || b.at <= a.at) return NaN;
  const other = b.busyTicks - a.busyTicks - (b.oursTicks - a.oursTicks);
  return Math.max(0, other / HZ / (((b.at - a.at) / 1000) * os.cpus().length));
}
