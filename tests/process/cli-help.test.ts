/**
 * Every command a webmaster runs answers --help with its usage (exit 0) and an option it does not know with
 * what was wrong and the usage (exit 2): no stack trace, and no build run on an option it ignored.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const TSX = resolve('node_modules/tsx/dist/cli.mjs');
const COMMANDS = [
  ['npm run ingest', 'scripts/ingest.ts'],
  ['npm run build', 'scripts/build.ts'],
  ['npm run shards', 'scripts/shards.ts'],
  ['npm run assemble', 'scripts/assemble.ts'],
  ['npm run validate', 'scripts/validate.ts'],
  ['npm run preview', 'scripts/preview.ts'],
  ['npm run accuracy', 'scripts/accuracy.ts'],
  ['npm run generate', 'scripts/generate-corpus.ts'],
  ['npm run bench', 'scripts/bench.ts'],
  ['npm run bench-assemble', 'scripts/bench-assemble.ts'],
  ['npm run measure-rebuild', 'scripts/measure-rebuild.ts'],
  ['npm run profile-pages', 'scripts/profile-pages.ts'],
] as const;

const run = (script: string, arg: string) =>
  spawnSync(process.execPath, [TSX, script, arg], { encoding: 'utf8', timeout: 60_000 });

describe('command line', () => {
  it.each(COMMANDS)(
    '%s --help prints its usage; an unknown option exits 2 with it',
    (name, script) => {
      const help = run(script, '--help');
      expect(help.status, `${name} --help: ${help.stderr}`).toBe(0);
      expect(help.stdout).toMatch(/用法|Usage|usage/);
      const wrong = run(script, '--no-such-option');
      expect(wrong.status, name).toBe(2);
      expect(wrong.stderr).toContain('--no-such-option');
      expect(wrong.stderr).not.toMatch(/\n\s+at /);
    },
    120_000,
  );
});
