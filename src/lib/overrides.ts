/**
 * What a webmaster says about an upload wins over what the text says, without touching the upload:
 * a sidecar `report.meta.yaml` next to `report.txt`, and folder defaults (an upload under
 * `山东省/枣庄市/台儿庄区/` is in that region). Precedence: sidecar, then folder, then extraction.
 */

import { z } from 'astro/zod';
import { parse } from 'yaml';
import type { Extraction } from './extract.ts';
import { type Figure, INDICATOR_IDS, INDICATORS } from './indicators.ts';
import { resolveRegionNames } from './region.ts';
import { CALENDAR_DATE_MESSAGE, isCalendarDate, LEVELS, SLUG_MAX_LENGTH, SLUG_PATTERN, YEAR_RANGE } from './report.ts';
import { regionChain } from './report-facts.ts';
import { uploadFolders } from './source-path.ts';

const nullableString = z.string().trim().min(1).nullable();

/** The sidecar's fields: any frontmatter field a webmaster may fix. Unknown keys are an error (a typo would silently do nothing). */
export const sidecarSchema = z
  .object({
    title: z.string().trim().min(1),
    authority: nullableString,
    year: z
      .number({ error: '应为数字，如 2024' })
      .int('应为整数，如 2024')
      .min(YEAR_RANGE.min, `年份应在 ${YEAR_RANGE.min}–${YEAR_RANGE.max} 之间`)
      .max(YEAR_RANGE.max, `年份应在 ${YEAR_RANGE.min}–${YEAR_RANGE.max} 之间`)
      .nullable(),
    /** Region names from the top ("山东省/枣庄市/台儿庄区") or by level. */
    region: z.union([
      z.string().trim().min(1),
      z
        .object({
          province: nullableString.optional(),
          city: nullableString.optional(),
          county: nullableString.optional(),
          township: nullableString.optional(),
        })
        .strict(),
    ]),
    level: z.enum(LEVELS).nullable(),
    docNumber: nullableString,
    addressee: nullableString,
    published: z
      .union([
        z.string().refine(isCalendarDate, CALENDAR_DATE_MESSAGE),
        // A YAML 1.1 timestamp, should a parser give one: checked as the day it names.
        z.date().refine((d) => isCalendarDate(d.toISOString().slice(0, 10)), CALENDAR_DATE_MESSAGE),
      ])
      .nullable(),
    /**
     * Corrections of the key figures, by indicator: `null` removes the extracted figure; a value replaces
     * it (the clause stays) or, with `text` (the clause as the report words it), adds one.
     */
    figures: z
      .partialRecord(
        z.enum(INDICATOR_IDS, { error: `应为指标代码之一：${INDICATOR_IDS.join('、')}` }),
        z
          .object({
            value: z.number({ error: '应为数字，如 12' }).nonnegative('不能为负数'),
            approx: z.boolean({ error: '应为 true 或 false' }).optional(),
            text: z.string().trim().min(1).optional(),
          })
          .strict()
          .nullable(),
      )
      .optional(),
    /**
     * The body whose yearly reports this one continues (a name, e.g. after the body was renamed), or false to
     * compare it with no other year.
     */
    series: z.union([z.string().trim().min(1), z.literal(false)], {
      error: '应为机关名称，或 false（不与其他年度对比）',
    }),
    /** A permalink to keep (e.g. after moving an upload). */
    slug: z
      .string()
      .regex(SLUG_PATTERN, '只能用小写字母、数字和连字符，以字母或数字开头')
      .max(SLUG_MAX_LENGTH, `最多 ${SLUG_MAX_LENGTH} 个字符`),
  })
  .partial()
  .strict();

export type Sidecar = z.infer<typeof sidecarSchema>;

export class SidecarError extends Error {
  override name = 'SidecarError';
}

/** Parses and validates a sidecar's YAML; throws SidecarError with a message a webmaster can act on. */
export function parseSidecar(yamlText: string): Sidecar {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters mean bytes that are no text
  if (/[\uFFFD\u0000-\u0008\u000e-\u001f]/.test(yamlText))
    throw new SidecarError(
      '旁注文件的编码无法识别（不是 UTF-8 或 GBK 文本）：请用记事本等编辑器以 UTF-8 编码另存后重新构建',
    );
  let data: unknown;
  try {
    data = parse(yamlText) ?? {};
  } catch (error) {
    throw new SidecarError(`旁注文件不是有效的 YAML：${(error as Error).message.split('\n')[0]}`);
  }
  if (typeof data !== 'object' || Array.isArray(data))
    throw new SidecarError('旁注文件应是“字段: 值”的列表，如 title: 某某县人民政府关于2024年度法治政府建设情况的报告');
  const result = sidecarSchema.safeParse(data);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.') || '(整个文件)'}：${i.message}`);
    throw new SidecarError(`旁注文件有误：${problems.join('；')}`);
  }
  return result.data;
}

function regionNames(region: NonNullable<Sidecar['region']>): string[] {
  if (typeof region === 'string') return region.split(/[/／>\s]+/).filter(Boolean);
  return regionChain(region);
}

/**
 * Folder names under content/sources that resolve as a chain of regions: the upload's default region.
 * The extraction has already weighed the same names as evidence (extract.ts): this is the override that
 * makes the folder win where the text names another place; where the text refines the folder's region
 * (a town of its county), the extraction's finer region stands.
 */
export function folderRegion(path: string): ReturnType<typeof resolveRegionNames> | null {
  const folders = uploadFolders(path);
  if (folders.length === 0) return null;
  const resolved = resolveRegionNames(folders);
  return resolved.level ? { ...resolved, warnings: [] } : null;
}

export function applyOverrides(extracted: Extraction, path: string, sidecar: Sidecar | null): Extraction {
  const result: Extraction = { ...extracted, warnings: [...extracted.warnings] };
  const fromFolder = folderRegion(path);
  const fixRegion = (resolved: ReturnType<typeof resolveRegionNames>) => {
    result.region = resolved.region;
    result.level = resolved.level;
    // The webmaster's region replaces every region warning of the extraction.
    result.warnings = result.warnings.filter((w) => !/地区|同名|行政区划/.test(w));
    result.warnings.push(...resolved.warnings);
  };
  // A folder names the region; what the text names inside it (a town of that county) refines it.
  const refines =
    fromFolder?.region.code &&
    extracted.region.code?.startsWith(fromFolder.region.code) &&
    extracted.region.code !== fromFolder.region.code;
  if (fromFolder && !refines) fixRegion(fromFolder);
  if (!sidecar) return result;
  if (sidecar.region !== undefined) fixRegion(resolveRegionNames(regionNames(sidecar.region)));
  const fieldWarnings: Record<string, RegExp> = {
    title: /标题/,
    authority: /发文机关/,
    year: /年度/,
    published: /发布日期/,
  };
  for (const key of ['title', 'authority', 'year', 'level', 'docNumber', 'addressee', 'published'] as const) {
    const value = sidecar[key];
    if (value === undefined) continue;
    const normalised = value instanceof Date ? value.toISOString().slice(0, 10) : value;
    (result as unknown as Record<string, unknown>)[key] = normalised;
    const pattern = fieldWarnings[key];
    if (pattern) result.warnings = result.warnings.filter((w) => !pattern.test(w));
  }
  return result;
}

/**
 * The sidecar's corrections of the key figures over the extracted ones (sidecar `figures:`, by indicator):
 * null removes, a value replaces (keeping the clause and its section), a value with `text` adds or replaces
 * the clause too. `sectionOf` finds the heading a new clause sits under. The indicators' order is kept.
 */
export function applyFigureOverrides(
  extracted: readonly Figure[],
  corrections: Sidecar['figures'],
  sectionOf: (text: string) => string | null,
): Figure[] {
  if (!corrections) return [...extracted];
  const byIndicator = new Map(extracted.map((f) => [f.indicator, f]));
  for (const [indicator, correction] of Object.entries(corrections) as [Figure['indicator'], Sidecar['figures']][]) {
    if (correction === null || correction === undefined) {
      if (correction === null) byIndicator.delete(indicator);
      continue;
    }
    const { value, approx, text } = correction as { value: number; approx?: boolean; text?: string };
    const before = byIndicator.get(indicator);
    const unit = INDICATORS.find((i) => i.id === indicator)?.unit ?? '件';
    const clause = text ?? before?.text ?? '';
    byIndicator.set(indicator, {
      indicator,
      value,
      unit,
      approx: approx ?? false,
      text: clause,
      section: text !== undefined ? sectionOf(text) : (before?.section ?? null),
    });
  }
  return INDICATORS.flatMap((i) => byIndicator.get(i.id) ?? []);
}
