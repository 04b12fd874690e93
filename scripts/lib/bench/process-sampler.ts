/**
 * Memory and CPU of a process tree, sampled from /proc (Linux) — for the benchmarks, which measure a
 * stage as the whole tree it starts (Pagefind and the index workers are children). Read directly,
 * not through `ps`: spawning it twice per sample (ten times a second) added its own CPU to the machine being measured.
 */
import { readdirSync, readFileSync } from 'node:fs';

const PAGE_KB = 4;
const TICKS = 100;

/** Every process's parent, resident memory (KB) and CPU time (s), from /proc (Linux). */
function processTable(): { pid: number; ppid: number; rssKB: number; cpu: number }[] {
  const rows: { pid: number; ppid: number; rssKB: number; cpu: number }[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces) in parentheses.
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      rows.push({
        pid: Number(name),
        ppid: Number(f[1]),
        cpu: (Number(f[11]) + Number(f[12])) / TICKS,
        rssKB: Number(f[21]) * PAGE_KB,
      });
    } catch {
      // the process ended while we looked
    }
  }
  return rows;
}

/** A process and all its descendants: their summed resident memory now, and each one's CPU time so far. */
export function sampleTree(rootPid: number, cpuByPid: Map<number, number>): number {
  const rows = processTable();
  const tree = new Set([rootPid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const r of rows)
      if (tree.has(r.ppid) && !tree.has(r.pid)) {
        tree.add(r.pid);
        grew = true;
      }
  }
  let rss = 0;
  for (const r of rows)
    if (tree.has(r.pid)) {
      rss += r.rssKB;
      cpuByPid.set(r.pid, Math.max(cpuByPid.get(r.pid) ?? 0, r.cpu));
    }
  return rss;
}
