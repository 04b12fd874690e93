/**
 * Loaded (node --import) into a child process that writes the build's output, Astro's: it ends when the
 * build that started it is gone. A build killed with kill -9 (the OOM killer, a stuck CI job) cannot stop
 * its children, and an orphaned Astro went on writing dist/ for seconds — while the next build, which
 * takes over the dead build's lock (scripts/lib/shared/run-guard.ts), wrote the same files.
 * Plain JavaScript: the child is a plain Node, without tsx's loader.
 */
const parent = process.ppid;
setInterval(() => {
  // Re-parented (to init or a subreaper): the build is dead. End as abruptly as it did.
  if (process.ppid !== parent) process.kill(process.pid, 'SIGKILL');
}, 100).unref();
