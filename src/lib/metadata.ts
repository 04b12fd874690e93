/**
 * Blocks → the report's own metadata: title, issuing body, year covered, 文号, 主送, publication date.
 * Each reader below takes one field from the places a government page or document puts it, in order of
 * trust; none looks for any particular place or sample.
 */
import { type Block, BODY_NAME, type ChromeField, type ChromeLabel, DATE_PATTERN } from './structure.ts';

export interface TitleBlockMetadata {
  title: string | null;
  /** The issuing body as named by the document or its page (before region normalisation). */
  authority: string | null;
  year: number | null;
  docNumber: string | null;
  addressee: string | null;
  published: string | null;
  /** The opening sentence of the body: its subject often names the issuer (2023年，淄博市政府坚持……). */
  opening: string;
  /** Who the reporting formula says reports, as written (现将宝城镇2025年度…报告如下 → 宝城镇); null if none. */
  reporter: string | null;
  /**
   * The issuer naming itself by its level alone, as the opening's subject or in the reporting formula
   * (现将县人民政府2022年…报告如下; 2024年，区政府办公室坚持…): a name once the region is known.
   */
  selfReference: SelfReference | null;
  /**
   * The level the text speaks as where it names no body: 我县, 本镇, 全市 in the opening (2024年，我县坚持…;
   * 2022年，全市司法行政系统…). Never
   * a name (ANNOTATION.md: a place standing for the reporter fills no authority), but the region's level.
   */
  speaksAs: SelfKind | null;
}

/** A government's level word (县 in 县人民政府) and what follows it (人民政府办公室): see selfReferenceOf. */
export interface SelfReference {
  kind: SelfKind;
  /** The body as it is named after the place: 人民政府, 人民政府办公室, 办事处. */
  body: string;
  /** As written: 县人民政府, 区政府办公室. */
  subject: string;
}

export const SELF_KINDS = ['自治区', '省', '市', '州', '县', '区', '旗', '街道', '镇', '乡'] as const;
export type SelfKind = (typeof SELF_KINDS)[number];

const DOC_NUMBER_VALUE =
  /^([\u4e00-\u9fa5]{1,12})\s*[〔[［(（【]\s*((?:19|20)\d{2})\s*[〕\]］)）】]\s*第?\s*(\d{1,4})\s*号$/;

/** "2023年03月30日" / "2023-3-30" / "2023/03/30" → 2023-03-30, or null when it is no valid date. */
export function isoDate(text: string): string | null {
  const m = DATE_PATTERN.exec(text);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return null;
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCMonth() !== mo - 1) return null;
  return `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function fields(blocks: Block[], label: ChromeLabel): string[] {
  return blocks
    .filter((b): b is Extract<Block, { kind: 'chrome' }> => b.kind === 'chrome')
    .flatMap((b) => b.fields)
    .filter((f: ChromeField) => f.label === label)
    .map((f) => f.value.trim())
    .filter((v) => v !== '');
}

/** The issuer at the head of a title: 梁山县人民政府办公室关于2024年… → 梁山县人民政府办公室. */
export function issuerOfTitle(title: string): string | null {
  const m = /^(.{2,40}?)(?:关于|[（(]?(?:19|20)\d{2}\s*年)/.exec(title);
  // A repost's headline says who issued it: 应急管理部发布2023年法治政府建设年度报告.
  const head = m?.[1]?.trim().replace(/(?:发布|印发|公布)$/, '');
  return head && BODY_NAME.test(head) ? head : null;
}

/** The year a title or opening sentence says the report covers (the first year written). */
export function yearCovered(text: string): number | null {
  const m = /((?:19|20)\d{2})\s*年/.exec(text) ?? /((?:19|20)\d{2})(?=年度|\s*年度|[^\d]{0,3}法治)/.exec(text);
  return m ? Number(m[1]) : null;
}

/**
 * A title from the page's own address, when the text has none: wiki-style and some CMS addresses end in
 * the percent-encoded title (…/wiki/內蒙古自治區2016年度法治政府建設工作報告). Only a last path segment that
 * decodes to Chinese text reading like a report title counts; ids, dates and pinyin never do.
 */
export function titleFromUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  let last: string | undefined;
  try {
    last = new URL(url).pathname
      .split('/')
      .filter((p) => p !== '')
      .pop();
  } catch {
    return null;
  }
  if (!last) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(last)
      .replace(/\.(?:s?html?|aspx?|php|jsp)$/i, '')
      .trim();
  } catch {
    return null;
  }
  if (!/^[\u4e00-\u9fa5\d（）()〔〕—–-]{6,90}$/.test(decoded) || !/[\u4e00-\u9fa5]{4}/.test(decoded)) return null;
  const reportLike = /(?:报告|報告)$/.test(decoded) || (/法治|法制/.test(decoded) && /\d{4}\s*年/.test(decoded));
  return reportLike ? decoded : null;
}

/** The subject of the opening sentence: 2023年，淄博市政府坚持… → 淄博市政府. */
function openingSubject(text: string): string | undefined {
  // A framing sentence first (2021年是“十四五”开局之年，…。区政府坚持…): the subject opens the next one.
  const opening = text.replace(/^\s*(?:19|20)\d{2}\s*年(?:是|为)[^。]{0,120}。\s*/, '');
  const m =
    /^(?:(?:19|20)\d{2}\s*年度?\s*(?:以来)?\s*[，,]?\s*)?(?:在[^，,。]{0,60}?(?:领导|指导|监督|支持)下\s*[，,]\s*)*([\u4e00-\u9fa5]{2,30}?)(?:[（(]简称[^）)]{1,12}[）)])?(?:始终|一直|持续|全面|认真|深入|坚持|紧紧|紧扣|扎实|着力|围绕|以|在|按照|立足)/.exec(
      opening,
    );
  return m?.[1];
}

/**
 * The reporting formula, 现将省政府2023年度法治政府建设情况报告如下: who reports (its words before the
 * year or the report's name) and the year covered. Null when the text has none.
 */
export function reportingFormula(text: string): { subject: string; year: number | null } | null {
  const m = /现将\s*([^。；;]{2,80}?)(?:报告|汇报)如下/.exec(text);
  if (!m?.[1]) return null;
  const phrase = m[1];
  const subject =
    /^([\u4e00-\u9fa5]{2,30}?)(?=\s*(?:(?:19|20)\d{2}|关于|今年|上年|全年|法治|依法|推进|有关|的))/.exec(phrase)?.[1] ??
    '';
  return { subject, year: yearCovered(phrase) };
}

/**
 * 县人民政府, 区政府办公室, 省政府, 街道办事处, 省司法厅, 市交通运输局龙岗管理局 → the level word and the body
 * after it (a government's 政府 written 人民政府); null for a name (梁山县人民政府) or for no body.
 */
export function selfReferenceOf(subject: string): SelfReference | null {
  const m = new RegExp(`^(?:我|本)?(${SELF_KINDS.join('|')})(.+)$`).exec(subject);
  const rest = m?.[2];
  // The rest is a body (政府, 司法厅, 市场监管局…), not a party committee (县委). Whether the subject starts
  // with a place after all (市中区人民政府) only the gazetteer knows: the extraction asks it (extract.ts).
  if (!m || !rest || !BODY_NAME.test(subject) || rest.startsWith('委')) return null;
  const kind = m[1] as SelfKind;
  return { kind, body: rest.replace(/^(?:人民)?政府/, '人民政府'), subject };
}

/**
 * The department each 系统 belongs to, as its body is named at a city or county (局) and at a province (厅):
 * the State Council's naming of the government departments; 卫生健康 and 市场监管 are named alike at both.
 */
const SYSTEM_DEPARTMENTS: [RegExp, string, string][] = [
  [/^司法(?:行政)?$|^司法行政/, '司法局', '司法厅'],
  [/^公安/, '公安局', '公安厅'],
  [/^交通运输/, '交通运输局', '交通运输厅'],
  [/^生态环境/, '生态环境局', '生态环境厅'],
  [/^教育/, '教育局', '教育厅'],
  [/^民政/, '民政局', '民政厅'],
  [/^财政/, '财政局', '财政厅'],
  [/^(?:人力资源和社会保障|人社)/, '人力资源和社会保障局', '人力资源和社会保障厅'],
  [/^自然资源/, '自然资源局', '自然资源厅'],
  [/^(?:住房和城乡建设|住建)/, '住房和城乡建设局', '住房和城乡建设厅'],
  [/^水利/, '水利局', '水利厅'],
  [/^农业农村/, '农业农村局', '农业农村厅'],
  [/^商务/, '商务局', '商务厅'],
  [/^(?:文化和旅游|文旅)/, '文化和旅游局', '文化和旅游厅'],
  [/^应急管理/, '应急管理局', '应急管理厅'],
  [/^(?:卫生健康|卫健)/, '卫生健康委员会', '卫生健康委员会'],
  [/^(?:市场监管|市场监督管理)/, '市场监督管理局', '市场监督管理局'],
];

/**
 * A department that speaks of itself as 我局 / 我厅 / 我委 and of its whole line of work as 全市司法行政系统
 * (ANNOTATION.md: 我局 + 全市司法行政系统 + 遂宁市 is 遂宁市司法局): a self-reference of that level, named once
 * the region is known. The self word must fit the department's name (我局 for a 局, 我厅 for a 厅).
 */
export function departmentSelfReference(text: string): SelfReference | null {
  const self = /(?:我|本)(局|厅|委)(?![员会])/.exec(text)?.[1];
  if (!self) return null;
  const fits = (body: string) => body.slice(-1) === (self === '委' ? '会' : self);
  const candidates: SelfReference[] = [];
  // 全市司法行政系统: the level and the line of work.
  for (const m of text.matchAll(/全(省|自治区|市|州|县|区|旗)([\u4e00-\u9fa5]{2,12}?)系统/g)) {
    const level = m[1] as SelfKind;
    const found = SYSTEM_DEPARTMENTS.find(([re]) => re.test(m[2] ?? ''));
    const body = found ? (level === '省' || level === '自治区' ? found[2] : found[1]) : null;
    if (body) candidates.push({ kind: level, body, subject: `${level}${body}` });
  }
  // 《市生态环境局党组…》: the department named by its level alone, as only it names itself.
  for (const m of text.matchAll(
    /(?:^|[^\u4e00-\u9fa5]|[《“、和及])(省|市|县|区)([\u4e00-\u9fa5]{2,12}?(?:局|厅|委员会))/g,
  )) {
    const level = m[1] as SelfKind;
    const found = SYSTEM_DEPARTMENTS.find(([, city, province]) => m[2] === city || m[2] === province);
    if (found) candidates.push({ kind: level, body: m[2] as string, subject: `${level}${m[2]}` });
  }
  // 我厅 … 在交通运输部的指导下: a provincial department of the ministry's line of work.
  if (self === '厅')
    for (const m of text.matchAll(/(?:在|由)?([\u4e00-\u9fa5]{2,12}?)部(?:的)?(?:指导|支持|关心)/g)) {
      const found = SYSTEM_DEPARTMENTS.find(([re]) => re.test(m[1] ?? ''));
      if (found) candidates.push({ kind: '省', body: found[2], subject: `省${found[2]}` });
    }
  const fitting = candidates.filter((c) => fits(c.body));
  const distinct = new Set(fitting.map((c) => c.subject));
  // Two departments named that way (市司法局 and 市公安局): none is sure to be the speaker.
  return distinct.size === 1 ? (fitting[0] ?? null) : null;
}

/**
 * A label naming a township by its place (来源:留下街道, 信息来源:辰溪县小龙门乡) → its organ, the unit itself
 * without the places above it: 留下街道办事处, 小龙门乡人民政府. Null for any other value.
 */
export function townshipOrgan(value: string): string | null {
  const m = /^(?:.+?[省市县区旗](?=[^省市县区旗]{2,}(?:镇|乡|街道)$))?([\u4e00-\u9fa5]{2,12}?(镇|乡|街道))$/.exec(
    value,
  );
  if (!m?.[1]) return null;
  return m[2] === '街道' ? `${m[1]}办事处` : `${m[1]}人民政府`;
}

/** 2023年，淄博市政府坚持… → 淄博市政府; a joint subject (省委、省政府) names no single issuer. */
export function issuerOfOpening(opening: string): string | null {
  const subject = openingSubject(opening);
  if (!subject || !BODY_NAME.test(subject)) return null;
  // The whole jurisdiction (全区各级人民政府, 全省各级政府) or a party+government pair (自治区党委和政府) is no
  // single issuer (ANNOTATION.md).
  if (/^全|各级|党委(?:和|及|、)?(?:人民)?政府|委(?:、|和)(?:省|市|县|区)?政府/.test(subject)) return null;
  // A generic self-reference (区政府, 县政府办公室, 我局) is not a name.
  if (/^(省|市|州|县|区|镇|乡|我|本)/.test(subject) && subject.length <= 8) return null;
  return subject;
}

/** The first heading's text without its numbering (一、2023年法治政府建设情况 → 2023年法治政府建设情况). */
function firstHeading(blocks: Block[]): string {
  const heading = blocks.find((b) => b.kind === 'heading')?.text ?? '';
  return heading.replace(/^[（(]?[一二三四五六七八九十\d]+[）)、.．]\s*/, '');
}

/** A page's byline date split over lines of its own (2024 / 04/07 / 19:20) among the chrome lines. */
function splitDate(blocks: Block[]): string | null {
  const chrome = blocks.filter((b) => b.kind === 'chrome').map((b) => b.text.trim());
  for (let i = 0; i + 1 < chrome.length; i++) {
    const year = /^((?:19|20)\d{2})$/.exec(chrome[i] ?? '');
    const day = /^(\d{1,2})\s*[/.-]\s*(\d{1,2})$/.exec(chrome[i + 1] ?? '');
    if (year && day) return isoDate(`${year[1]}-${day[1]}-${day[2]}`);
  }
  return null;
}

export function readTitleBlock(blocks: Block[]): TitleBlockMetadata {
  const issuer = blocks.find((b) => b.kind === 'issuer')?.text ?? null;
  const titleLine = blocks.find((b) => b.kind === 'title')?.text ?? null;
  const title = titleLine && issuer && !titleLine.startsWith(issuer) ? `${issuer}${titleLine}` : titleLine;

  const opening = (blocks.find((b) => b.kind === 'paragraph')?.text ?? '').slice(0, 200);

  // Issuer: named in the title block, then the page's publisher field, then 来源 when it is a
  // government or its general office, then a lone body-name line in the chrome, then the opening.
  let authority = issuer ?? (title ? issuerOfTitle(title) : null);
  authority ??= fields(blocks, 'publisher').find((v) => BODY_NAME.test(v)) ?? null;
  // 来源 naming a government is its issuer; naming the government's office (静海区人民政府办公室) it names the
  // office that put the page up, not who reports (ANNOTATION.md).
  authority ??= fields(blocks, 'source').find((v) => /^.{2,20}?人民政府$/.test(v)) ?? null;
  authority ??= [...fields(blocks, 'publisher'), ...fields(blocks, 'source')].map(townshipOrgan).find((v) => v) ?? null;
  if (!authority) {
    const titleAt = blocks.findIndex((b) => b.kind === 'title');
    authority =
      blocks
        .slice(Math.max(titleAt, 0))
        .find((b) => b.kind === 'chrome' && BODY_NAME.test(b.text) && !/办公室$/.test(b.text))?.text ?? null;
  }
  authority ??= issuerOfOpening(opening);
  // The formula stands in the first paragraphs (a 现将 further down announces something else).
  const firstParagraphs = blocks.filter((b) => b.kind === 'paragraph').slice(0, 3);
  const formula = reportingFormula(firstParagraphs.find((b) => b.text.includes('现将'))?.text ?? '');
  // 现将下洋镇人民政府2023年…汇报如下: a name; 现将县人民政府…, 现将我局…: a self-reference (below).
  if (!authority && formula && BODY_NAME.test(formula.subject) && !/^(?:我|本)/.test(formula.subject))
    authority = selfReferenceOf(formula.subject) ? null : formula.subject;
  const subject = openingSubject(opening);
  const selfReference =
    (subject ? selfReferenceOf(subject) : null) ??
    (formula ? selfReferenceOf(formula.subject) : null) ??
    (authority ? null : departmentSelfReference(firstParagraphs.map((b) => b.text).join('\n')));

  // The year: the title's, the opening's first words', the reporting formula's, a year that opens a
  // sentence of the opening (…的具体部署，2023年，清波街道以…).
  const year =
    (title ? yearCovered(title) : null) ??
    yearCovered(opening.slice(0, 12)) ??
    formula?.year ??
    yearCovered(/(?:^|[。；，,])\s*((?:19|20)\d{2})\s*年度?\s*[，,]/.exec(opening)?.[0] ?? '') ??
    // 今年以来… then 一、2023年法治政府建设情况: the first heading's year, when it heads the year's work.
    yearCovered(
      /^((?:19|20)\d{2})\s*年度?.{0,6}(?:法治|工作|主要|推进|总体|基本)/.exec(firstHeading(blocks))?.[0] ?? '',
    );

  const docNumber =
    blocks.find((b) => b.kind === 'docNumber')?.text.replace(/\s+/g, '') ??
    fields(blocks, 'docNumber')
      .map((v) => v.replace(/\s+/g, ''))
      .find((v) => DOC_NUMBER_VALUE.test(v)) ??
    null;

  const addressee = blocks.find((b) => b.kind === 'addressee')?.text.replace(/[:：]$/, '') ?? null;

  // Publication date: a labelled field, then a bare date line under the title, then the 落款 date.
  const titleAt = blocks.findIndex((b) => b.kind === 'title');
  let published =
    fields(blocks, 'published')
      .map(isoDate)
      .find((d) => d) ?? null;
  if (!published && titleAt >= 0) {
    for (const b of blocks.slice(titleAt + 1)) {
      if (b.kind !== 'chrome') break;
      published = isoDate(b.text);
      if (published) break;
    }
  }
  if (!published) {
    const signature = blocks.find((b) => b.kind === 'signature');
    if (signature) published = isoDate(signature.text);
  }
  published ??= splitDate(blocks);
  // A document date (成文日期) only when the page gives no date of its own.
  published ??=
    fields(blocks, 'written')
      .map(isoDate)
      .find((d) => d) ?? null;

  const placeWord = /(?:^|[，,。；\s])(?:我|本|全)(省|市|县|区|旗|州|镇|乡|街道)(?![委政])/.exec(opening)?.[1] as
    | SelfKind
    | undefined;
  const speaksAs = selfReference?.kind ?? placeWord ?? null;
  const reporter = formula?.subject || null;
  return { title, authority, year, docNumber, addressee, published, opening, reporter, selfReference, speaksAs };
}
