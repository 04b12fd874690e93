/**
 * The extraction's warnings, and what the webmaster does about each.
 *
 * A warning is stored in the report (frontmatter `warnings`, shown on its page as 信息提示) as a
 * sentence ending in the field it is about, in brackets: 未找到发布日期（published）. The field names
 * the sidecar key that settles it, so that the ingest's summary can print, below each warning, the line
 * to write in the upload's sidecar (fixInSidecar). A warning that asks nothing of anyone (pinyin glosses
 * removed) ends in （无需处理）.
 */

/** The fields a sidecar sets that a warning may be about, each with a line to write, as the README shows it. */
export const SIDECAR_EXAMPLES = {
  title: 'title: 某某县人民政府关于2024年度法治政府建设情况的报告',
  authority: 'authority: 某某县人民政府',
  year: 'year: 2024',
  region: 'region: 山东省/枣庄市/台儿庄区',
  published: 'published: 2025-01-20',
  docNumber: 'docNumber: 台政办字〔2025〕1号',
} as const;

export type WarnedField = keyof typeof SIDECAR_EXAMPLES;

const NOTHING_TO_DO = '无需处理';
/** The tail of a warning settled by a transcript of the text (报告.ocr.txt), not by a sidecar line. */
const TEXT_TO_CHECK = '文字稿';

/** A warning about a field: the sentence, then the field in brackets. */
export function fieldWarning(field: WarnedField, sentence: string): string {
  return `${sentence}（${field}）`;
}

/** A warning for the record only: the text was cleaned, nothing is to be set. */
export function noticeOnly(sentence: string): string {
  return `${sentence}（${NOTHING_TO_DO}）`;
}

/** A warning about the text itself (recognised by OCR): what settles it is a corrected transcript. */
export function textWarning(sentence: string): string {
  return `${sentence}（${TEXT_TO_CHECK}）`;
}

const TAIL = new RegExp(`（(${Object.keys(SIDECAR_EXAMPLES).join('|')}|${NOTHING_TO_DO}|${TEXT_TO_CHECK})）$`);

/** The field a warning is about; null for one that asks nothing (or that names no field). */
export function warnedField(warning: string): WarnedField | null {
  const tail = TAIL.exec(warning)?.[1];
  return tail && tail !== NOTHING_TO_DO && tail !== TEXT_TO_CHECK ? (tail as WarnedField) : null;
}

/**
 * What to do about a warning, for the ingest's summary: the line to write in the upload's sidecar (and,
 * for a region, the folder that does the same); null when there is nothing to do.
 */
export function fixInSidecar(warning: string, sidecarPath: string): string | null {
  if (warning.endsWith(`（${TEXT_TO_CHECK}）`))
    return `如需更正文字，把更正后的全文（UTF-8 文本）存为 ${sidecarPath.replace(/\.meta\.yaml$/, '.ocr.txt')}，它优先于识别结果`;
  const field = warnedField(warning);
  if (!field) return null;
  const folder =
    field === 'region' ? '，或把上传文件放进该地区的目录（如 content/sources/山东省/枣庄市/台儿庄区/）' : '';
  return `如需更正，在旁注文件 ${sidecarPath} 中写 ${SIDECAR_EXAMPLES[field]}${folder}`;
}
