/**
 * The one place where a deployment is configured: every GONGKAI_* environment variable the project reads,
 * with its type, default and range (README → Configuration). Every value has a default that serves the
 * sample archive locally.
 *
 * Read by the Astro pages, by astro.config.mjs and by the command-line entry points (scripts/*.ts), which
 * hand the stages what they need: no other module reads a GONGKAI_* variable. A value that is not what
 * its variable takes is an error that names the variable and the value (`GONGKAI_FEED_LIMIT 应为正整数
 * （现为「abc」）`), and the entry points stop with it before any work, exit code 2 (readConfigOrExit): a
 * mistyped setting must not quietly become a default and publish another site than the one meant.
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { z } from 'astro/zod';
import type { CoverageRule } from './lib/coverage.ts';
import { editDistance } from './lib/edit-distance.ts';
import { isCalendarDate, YEAR_RANGE } from './lib/report.ts';

export interface SiteConfig {
  /** Absolute origin (and optional path) the site is published at, e.g. https://www.example.gov.cn */
  site: string;
  /** Base path under that origin, always starting and ending with '/', e.g. /fzbg/ */
  base: string;
  /** The site's name, shown in the header, titles and feeds. */
  name: string;
  /** The organisation that runs the archive, shown in the footer and feeds. */
  organisation: string;
  /** How many items the site-wide feed holds. */
  feedLimit: number;
  /** Reports per page of a year's or a region's list (src/lib/pagination.ts): a page stays small at any archive size. */
  listPageSize: number;
  /**
   * Where dist/downloads/ is published when not beside the pages: an origin (and path) of its own, e.g.
   * https://files.example.gov.cn/fzbg, without a trailing slash; null: under the site's base path.
   */
  downloadsOrigin: string | null;
}

/** Where the pipeline reads and writes; overridable so that tests and benchmarks use temporary folders. */
export interface PipelinePaths {
  sources: string;
  reports: string;
  outDir: string;
}

/**
 * The cache: one folder (GONGKAI_CACHE_DIR), one subfolder per stage that keeps something between runs.
 * Never committed nor published; deleting it costs one full build, nothing else.
 */
export interface CachePaths {
  /** The folder itself: what two runs must not share, hence also where the lock is. */
  root: string;
  /** Astro's cacheDir: its content store, the incremental build's record and its copies of the keyed pages. */
  astro: string;
  /** The built search shards, one folder per shard and input (scripts/lib/search/index-build.ts). */
  search: string;
  /** The uploads' remembered hashes, upload-hashes-<sources>.json (scripts/lib/ingest/upload-hashes.ts). */
  ingest: string;
  /** OCR's output per scanned upload and engine (scripts/lib/ingest/recognize.ts): a rebuild runs no OCR again. */
  ocr: string;
  /** The compare pages' parts and what was written of them (scripts/lib/site/compare-stage.ts). */
  compare: string;
  /** build.lock: one run at a time per cache (scripts/lib/shared/run-guard.ts). */
  lock: string;
  /** What the last build was made from and wrote: a rebuild with nothing changed stops there (scripts/lib/site/build-stamp.ts). */
  stamp: string;
}

export function cachePathsOf(root: string): CachePaths {
  return {
    root,
    astro: join(root, 'astro'),
    search: join(root, 'search'),
    ingest: join(root, 'ingest'),
    ocr: join(root, 'ocr'),
    compare: join(root, 'compare'),
    lock: join(root, 'build.lock'),
    stamp: join(root, 'build-stamp.json'),
  };
}

/** How scans and photos are recognised (scripts/lib/ingest/recognize.ts). */
export interface OcrSettings {
  /** Tesseract language models, joined by +: chi_sim (简体), chi_tra (繁體). */
  languages: string;
  /**
   * The resolution pages are recognised at: PDF pages are rasterised at it, finer scans scaled down to
   * it. Debian's chi_sim model reads 16 pt text best at about 200 dpi (scripts/BENCHMARKS.md → OCR).
   */
  dpi: number;
  /** PDFs with more pages are refused. */
  maxPages: number;
  /** Pixels per page at most (width × height): a larger image is refused, a larger PDF page rasterised smaller. */
  maxPixels: number;
  /** Tesseract processes at once. */
  workers: number;
  /** Time limit of one page, seconds. */
  pageSeconds: number;
}

/** The whole configuration, as the entry points hand it to the stages. */
export interface GongkaiConfig {
  site: SiteConfig;
  paths: PipelinePaths;
  cache: CachePaths;
  /** Astro renders only the pages whose cache key changed, and keeps dist/ between builds (astro.config.mjs). */
  incremental: boolean;
  /** The build takes content/reports as it stands, without converting uploads (like --skip-ingest). */
  skipIngest: boolean;
  /** The `added` date of uploads seen for the first time (YYYY-MM-DD); null: today (UTC). */
  today: string | null;
  ingest: {
    /** Conversion processes, when a batch is large enough to be converted in parallel. */
    workers: number;
    /** Time limit of one upload's conversion in a worker process, seconds. */
    convertSeconds: number;
    /** Heap limit of a worker process, MB: past it the upload it converts fails alone. */
    convertMemoryMb: number;
  };
  /** OCR of scans and photos (scripts/lib/ingest/recognize.ts; README → Scans). */
  ocr: OcrSettings;
  search: {
    /** Reports per search shard at most. */
    shardSize: number;
    /** Indexing processes at once. */
    workers: number;
  };
  /** Who is expected to publish, and by when (src/lib/coverage.ts; README → Coverage). */
  coverage: CoverageRule;
  /** The CJK font the corpus generator embeds in the PDFs it writes (benchmarks and tests only). */
  cjkFont: string;
  /** The archive built in shards and assembled (src/lib/shards.ts; README → National scale). */
  shards: {
    /** Where `npm run build -- --shard <id>` writes each shard, and `npm run assemble` reads them. */
    dir: string;
    /** The folders of content/sources split once more, by their subfolders (a large province by year). */
    split: readonly string[];
  };
  /**
   * Whether Astro renders the report pages. `npm run assemble` turns it off: the report pages come from
   * the shards, and the assembled collection holds the reports' frontmatter without their bodies.
   */
  reportPages: boolean;
}

/** What a value must be, for the error message; null from a parser: not such a value. */
interface Kind<T> {
  expected: string;
  parse: (text: string) => T | null;
}

/** Tesseract language models joined by +, as its -l option takes them (chi_sim, chi_sim+chi_tra). */
const ocrLanguages: Kind<string> = {
  expected: '应为 tesseract 语言模型名，以 + 连接（如 chi_sim 或 chi_sim+chi_tra）',
  parse: (text) => (/^[a-z_]+(\+[a-z_]+)*$/.test(text.trim()) ? text.trim() : null),
};

const positiveInteger: Kind<number> = {
  expected: '应为正整数',
  parse: (text) => {
    const n = /^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN;
    return Number.isSafeInteger(n) && n >= 1 ? n : null;
  },
};

const onOff: Kind<boolean> = {
  expected: '应为 0 或 1',
  parse: (text) => ({ '0': false, '1': true })[text.trim()] ?? null,
};

/** An http(s) address, without its trailing slashes (a path is joined to it with one). */
const httpAddress = (example: string): Kind<string> => ({
  expected: `应为 http(s) 网址，如 ${example}`,
  parse: (text) => {
    const address = text.trim().replace(/\/+$/, '');
    return /^https?:\/\/[^/\s]+(\/\S*)?$/.test(address) ? address : null;
  },
});

/** A URL path, always starting and ending with '/' (a bare name or '/' alone is accepted). */
const basePath: Kind<string> = {
  expected: '应为网址路径，如 /fzbg/',
  parse: (text) => {
    const trimmed = text.trim().replace(/^\/+|\/+$/g, '');
    if (/[\s?#\\]/.test(trimmed)) return null;
    return trimmed === '' ? '/' : `/${trimmed}/`;
  },
};

/** A year a report may cover. */
const reportYear: Kind<number> = {
  expected: `应为 ${YEAR_RANGE.min}–${YEAR_RANGE.max} 之间的年份`,
  parse: (text) => {
    const n = /^\s*\d{4}\s*$/.test(text) ? Number(text) : Number.NaN;
    return n >= YEAR_RANGE.min && n <= YEAR_RANGE.max ? n : null;
  },
};

/**
 * A day of the year as MM-DD that exists in every year: 02-29 would make the deadline of three years in
 * four a day that is not there.
 */
const dayOfYear: Kind<{ month: number; day: number }> = {
  expected: '应为每年都有的日期，格式 MM-DD，如 04-01',
  parse: (text) => {
    const m = /^\s*(\d{2})-(\d{2})\s*$/.exec(text);
    if (!m) return null;
    const [month, day] = [Number(m[1]), Number(m[2])];
    return isCalendarDate(`2023-${m[1]}-${m[2]}`) ? { month, day } : null;
  },
};

const anyText: Kind<string> = { expected: '', parse: (text) => text };

/** Folder names of content/sources, separated by commas: names, not paths. */
const folderNames: Kind<readonly string[]> = {
  expected: '应为 content/sources 下的文件夹名，以英文逗号分隔（如 shandong,henan）',
  parse: (text) => {
    const names = text
      .split(',')
      .map((name) => name.trim())
      .filter(Boolean);
    return names.every((name) => !/[/\\]/.test(name) && name !== '.' && name !== '..' && !name.startsWith('.'))
      ? Object.freeze(names)
      : null;
  },
};

const calendarDate: Kind<string> = {
  expected: '应为真实存在的日期，格式 YYYY-MM-DD',
  parse: (text) => (isCalendarDate(text.trim()) ? text.trim() : null),
};

/**
 * One variable: its default when unset, else its value as the kind reads it. An empty value counts as
 * unset: a CI system passes a variable that was declared but never given a value as the empty string
 * (.github/workflows/deploy.yml's repository variables).
 */
function variable<T>(kind: Kind<T>, fallback: T) {
  return z
    .string()
    .optional()
    .transform((raw, context): T => {
      if (raw === undefined || raw === '') return fallback;
      const value = kind.parse(raw);
      if (value !== null) return value;
      context.addIssue({ code: 'custom', message: `${kind.expected}（现为「${raw}」）` });
      return z.NEVER;
    });
}

/** Every GONGKAI_* variable the project reads; the README's configuration table lists the same. */
export const configSchema = z.object({
  GONGKAI_SITE: variable(httpAddress('https://www.example.gov.cn'), 'http://localhost:4321'),
  GONGKAI_BASE: variable(basePath, '/'),
  GONGKAI_NAME: variable(anyText, '法治政府建设报告公开库'),
  GONGKAI_ORG: variable(anyText, '公开（Gongkai）示例站点'),
  GONGKAI_FEED_LIMIT: variable(positiveInteger, 50),
  GONGKAI_LIST_PAGE_SIZE: variable(positiveInteger, 200),
  GONGKAI_DOWNLOADS_ORIGIN: variable<string | null>(httpAddress('https://files.example.gov.cn/fzbg'), null),
  GONGKAI_SOURCES_DIR: variable(anyText, 'content/sources'),
  GONGKAI_REPORTS_DIR: variable(anyText, 'content/reports'),
  GONGKAI_OUT_DIR: variable(anyText, 'dist'),
  GONGKAI_CACHE_DIR: variable(anyText, 'node_modules/.cache/gongkai'),
  GONGKAI_INCREMENTAL: variable(onOff, true),
  GONGKAI_SKIP_INGEST: variable(onOff, false),
  GONGKAI_TODAY: variable<string | null>(calendarDate, null),
  GONGKAI_INGEST_WORKERS: variable(positiveInteger, Math.min(4, availableParallelism())),
  GONGKAI_CONVERT_SECONDS: variable(positiveInteger, 120),
  GONGKAI_CONVERT_MEMORY_MB: variable(positiveInteger, 2048),
  GONGKAI_OCR_LANGUAGES: variable(ocrLanguages, 'chi_sim'),
  GONGKAI_OCR_DPI: variable(positiveInteger, 200),
  GONGKAI_OCR_MAX_PAGES: variable(positiveInteger, 300),
  GONGKAI_OCR_MAX_PIXELS: variable(positiveInteger, 80_000_000),
  GONGKAI_OCR_WORKERS: variable(positiveInteger, availableParallelism()),
  GONGKAI_OCR_PAGE_SECONDS: variable(positiveInteger, 180),
  GONGKAI_SEARCH_SHARD_SIZE: variable(positiveInteger, 500),
  // Each indexing process holds about 1.2 MB per report of its shard (README → Search).
  GONGKAI_SEARCH_WORKERS: variable(positiveInteger, Math.min(2, availableParallelism())),
  GONGKAI_COVERAGE_DEADLINE: variable(dayOfYear, { month: 4, day: 1 }),
  GONGKAI_COVERAGE_FIRST_YEAR: variable<number | null>(reportYear, null),
  GONGKAI_COVERAGE_LAST_YEAR: variable<number | null>(reportYear, null),
  GONGKAI_COVERAGE_TOWNSHIPS: variable(onOff, true),
  GONGKAI_CJK_FONT: variable(anyText, '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc'),
  GONGKAI_SHARDS_DIR: variable(anyText, 'dist-shards'),
  GONGKAI_SHARD_SPLIT: variable(folderNames, []),
  GONGKAI_REPORT_PAGES: variable(onOff, true),
});

/** Variables only the tests read, in their own helpers (tests/helpers/fs-faults.ts, tests/setup): not errors here. */
const TEST_VARIABLES = [
  'GONGKAI_TEST_FS_FAULT',
  'GONGKAI_TEST_FS_DELAY_MS',
  'GONGKAI_FAULT_SEED',
  'GONGKAI_KEEP_TEST_SITE',
];

const KNOWN = new Set([...Object.keys(configSchema.shape), ...TEST_VARIABLES]);

/** A configuration that cannot be used: message holds one line per wrong variable, each naming it and its value. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}

/** The known variable a misspelt name was likely meant to be: a letter or three off, or a word left out. */
function meant(name: string): string | undefined {
  const nearest = [...KNOWN].sort((a, b) => editDistance(name, a) - editDistance(name, b))[0];
  if (nearest && editDistance(name, nearest) <= 3) return nearest;
  const words = name.slice('GONGKAI_'.length);
  return words ? [...KNOWN].find((known) => known.endsWith(`_${words}`)) : undefined;
}

function unknownVariable(name: string): string {
  const guess = meant(name);
  return `${name} 不是本项目的配置变量${guess ? `（是否想写 ${guess}？）` : ''}；可用的变量见 README「Configuration」`;
}

/**
 * process.env's configuration, read at the first call: the pages ask for it several times a page, and a
 * parse costs about 0.1 ms (most of it listing process.env) — seconds over a large archive's pages. A
 * process's environment does not change under it; an env passed in is read afresh every time (the tests').
 */
let fromProcess: GongkaiConfig | undefined;

/** Reads and checks every GONGKAI_* variable of env; throws ConfigError naming each wrong one. */
export function readConfig(env: Record<string, string | undefined> = process.env): GongkaiConfig {
  if (env === process.env && fromProcess) return fromProcess;
  const config = parseConfig(env);
  if (env === process.env) fromProcess = config;
  return config;
}

function parseConfig(env: Record<string, string | undefined>): GongkaiConfig {
  const ours = Object.entries(env).filter(([name]) => name.startsWith('GONGKAI_'));
  const problems = ours.filter(([name]) => !KNOWN.has(name)).map(([name]) => unknownVariable(name));
  const parsed = configSchema.safeParse(Object.fromEntries(ours));
  if (!parsed.success)
    problems.unshift(...parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`));
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);

  const v = parsed.data;
  const config: GongkaiConfig = {
    site: Object.freeze({
      site: v.GONGKAI_SITE,
      base: v.GONGKAI_BASE,
      name: v.GONGKAI_NAME,
      organisation: v.GONGKAI_ORG,
      feedLimit: v.GONGKAI_FEED_LIMIT,
      listPageSize: v.GONGKAI_LIST_PAGE_SIZE,
      downloadsOrigin: v.GONGKAI_DOWNLOADS_ORIGIN,
    }),
    paths: Object.freeze({ sources: v.GONGKAI_SOURCES_DIR, reports: v.GONGKAI_REPORTS_DIR, outDir: v.GONGKAI_OUT_DIR }),
    cache: Object.freeze(cachePathsOf(v.GONGKAI_CACHE_DIR)),
    incremental: v.GONGKAI_INCREMENTAL,
    skipIngest: v.GONGKAI_SKIP_INGEST,
    today: v.GONGKAI_TODAY,
    ingest: Object.freeze({
      workers: v.GONGKAI_INGEST_WORKERS,
      convertSeconds: v.GONGKAI_CONVERT_SECONDS,
      convertMemoryMb: v.GONGKAI_CONVERT_MEMORY_MB,
    }),
    ocr: Object.freeze({
      languages: v.GONGKAI_OCR_LANGUAGES,
      dpi: v.GONGKAI_OCR_DPI,
      maxPages: v.GONGKAI_OCR_MAX_PAGES,
      maxPixels: v.GONGKAI_OCR_MAX_PIXELS,
      workers: v.GONGKAI_OCR_WORKERS,
      pageSeconds: v.GONGKAI_OCR_PAGE_SECONDS,
    }),
    search: Object.freeze({ shardSize: v.GONGKAI_SEARCH_SHARD_SIZE, workers: v.GONGKAI_SEARCH_WORKERS }),
    coverage: Object.freeze({
      deadline: Object.freeze(v.GONGKAI_COVERAGE_DEADLINE),
      firstYear: v.GONGKAI_COVERAGE_FIRST_YEAR,
      lastYear: v.GONGKAI_COVERAGE_LAST_YEAR,
      expectTownships: v.GONGKAI_COVERAGE_TOWNSHIPS,
    }),
    cjkFont: v.GONGKAI_CJK_FONT,
    shards: Object.freeze({ dir: v.GONGKAI_SHARDS_DIR, split: v.GONGKAI_SHARD_SPLIT }),
    reportPages: v.GONGKAI_REPORT_PAGES,
  };
  return Object.freeze(config);
}

/**
 * For the entry points (scripts/*.ts, astro.config.mjs): the configuration, or — before any work — each
 * wrong variable on stderr and exit code 2, the usage error of every command.
 */
export function readConfigOrExit(env: Record<string, string | undefined> = process.env): GongkaiConfig {
  try {
    return readConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const problem of error.problems) console.error(`✗ 配置错误：${problem}`);
    console.error(
      '    → 请改正上面的环境变量（或删除它以使用默认值）后重新运行；各变量的含义与取值见 README「Configuration」。',
    );
    process.exit(2);
  }
}

/**
 * The defaults: the configuration of an environment that sets nothing. A stage called without a value
 * (a test calling it directly) takes the default from here, never from process.env: only the entry points
 * read the environment.
 */
export const CONFIG_DEFAULTS: GongkaiConfig = readConfig({});

export function readSiteConfig(env: Record<string, string | undefined> = process.env): SiteConfig {
  return readConfig(env).site;
}

export function readPipelinePaths(env: Record<string, string | undefined> = process.env): PipelinePaths {
  return readConfig(env).paths;
}

/**
 * Whether the build is incremental (the default; GONGKAI_INCREMENTAL=0 turns it off): Astro's
 * experimental incremental build renders only the pages whose cache key changed and keeps dist/
 * between builds (astro.config.mjs). Pages compute their cache keys only then.
 */
export function incrementalBuild(env: Record<string, string | undefined> = process.env): boolean {
  return readConfig(env).incremental;
}

/**
 * Whether Astro renders the report pages (GONGKAI_REPORT_PAGES): not when `npm run assemble` renders the
 * pages that span shards, whose report pages the shards rendered (src/lib/shards.ts).
 */
export function reportPagesRendered(env: Record<string, string | undefined> = process.env): boolean {
  return readConfig(env).reportPages;
}
