/**
 * Text of one report → its metadata and Markdown body. Pure. The contract between the container
 * formats (which turn bytes into text plus whatever metadata the container holds) and the extraction:
 * structure.ts reads the blocks, metadata.ts the title block, region.ts the place.
 */
import { isTraditional } from './chinese-script.ts';
import { toSimplified } from './chinese-script-opencc.ts';
import {
  isoDate,
  readTitleBlock,
  type SelfReference,
  selfReferenceOf,
  type TitleBlockMetadata,
  titleFromUrl,
  yearCovered,
} from './metadata.ts';
import { type RegionEvidence, resolveRegion, scanPlaceNames, withUnlistedTownship, type Zone } from './region.ts';
import type { Level, Region } from './report.ts';
import { regionChain } from './report-facts.ts';
import { uploadFolders } from './source-path.ts';
import { type Block, parseChromeFields, parseStructure } from './structure.ts';
import { fieldWarning, noticeOnly } from './warnings.ts';

/** Metadata a container carries beside the text: an HTML page's own fields or chrome, docx properties. */
export interface PageMetadata {
  title?: string | null;
  /** YYYY-MM-DD */
  published?: string | null;
  /** 来源 */
  source?: string | null;
  /** 文号 */
  docNumber?: string | null;
  /** 发文机关 / publisher */
  authority?: string | null;
  /** 索引号 */
  indexNo?: string | null;
  /** The page's own URL when the upload names it (canonical link, og:url, a saved-from comment). */
  url?: string | null;
}

export interface ExtractionClues {
  /** Path of the upload relative to content/sources, forward slashes: folder names may name regions. */
  path: string;
  page?: PageMetadata;
}

export interface Extraction {
  title: string | null;
  authority: string | null;
  year: number | null;
  region: Region;
  level: Level | null;
  docNumber: string | null;
  addressee: string | null;
  published: string | null;
  /** The report as Markdown: headings (##…), paragraphs; the title block and page chrome removed. */
  body: string;
  warnings: string[];
}

export const EMPTY_REGION: Region = { province: null, city: null, county: null, township: null, code: null };

/** Pinyin that a converter left behind each character (應(yīng)急): noise, not the report's text. */
const PINYIN_ANNOTATION =
  /(?<=[\u4e00-\u9fff])\((?=[a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ])[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,8}\)/g;

export function stripPinyinAnnotations(text: string): { text: string; removed: number } {
  let removed = 0;
  const cleaned = text.replace(PINYIN_ANNOTATION, () => {
    removed++;
    return '';
  });
  // A single one may be a genuine gloss; converters leave them by the dozen.
  return removed >= 3 ? { text: cleaned, removed } : { text, removed: 0 };
}

/** Escapes what Markdown would read as syntax, so that the text renders exactly as written. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/([\\`*_[\]<>|~])/g, '\\$1')
    .replace(/^([#+=-])/, '\\$1')
    .replace(/^(\d+)([.)])/, '$1\\$2');
}

function toMarkdown(blocks: Block[]): string {
  const parts: string[] = [];
  for (const block of blocks) {
    if (block.kind === 'heading') parts.push(`${'#'.repeat(block.level)} ${escapeMarkdown(block.text)}`);
    else if (block.kind === 'paragraph' || (block.kind === 'chrome' && block.inBody))
      parts.push(escapeMarkdown(block.text));
    else if (block.kind === 'signature')
      parts.push(
        block.text
          .split('\n')
          .map((l) => escapeMarkdown(l))
          .join('  \n'),
      );
  }
  return parts.join('\n\n');
}

/**
 * The start of the opening sentence, where the subject is: its first 120 characters, cut back to the last
 * punctuation in them — cut inside 《衡阳市…》 the zone would end in the short form 衡阳.
 */
function openingStart(opening: string): string {
  const head = opening.slice(0, 120);
  if (opening.length <= 120) return head;
  const cut = head.search(/[^\u4e00-\u9fa5]*[\u4e00-\u9fa5]*$/);
  return cut > 0 ? head.slice(0, cut) : head;
}

/** Whether a name starts with a place the gazetteer knows (市中区人民政府, not 市交通运输局). */
const startsWithPlace = (name: string) => scanPlaceNames(name, 'issuer').some((m) => m.at === 0);

/** A block in simplified characters; a chrome line's labels read again from them (來源 is 来源). */
const simplifiedBlock =
  (simplify: (s: string) => string) =>
  (b: Block): Block => {
    const text = simplify(b.text);
    return b.kind === 'chrome' ? { ...b, text, fields: parseChromeFields(text) } : { ...b, text };
  };

/**
 * A self-reference (县人民政府, 区政府办公室) named once the region is known: the region's division of that
 * kind and the body after it (岳阳县人民政府, 江北区人民政府办公室); null when the region has none.
 */
function selfNamed(self: SelfReference | null, region: Region): string | null {
  if (!self) return null;
  const place = regionChain(region)
    .reverse()
    .find((name) => name.endsWith(self.kind));
  return place ? `${place}${self.body}` : null;
}

/** 市委全面依法治市委员会 / 县委、县政府 / 区委 in the text: the kind of government above or of the issuer. */
function parentKind(addressee: string | null, opening: string): '市' | '县' | '区' | undefined {
  const text = `${addressee ?? ''} ${opening}`;
  const kinds = (['市', '县', '区'] as const).filter((k) => new RegExp(`${k}委`).test(text));
  return kinds.length === 1 ? kinds[0] : undefined;
}

/**
 * Department names as people shorten them → as the body is named (ANNOTATION.md: 市场监管局 is
 * 市场监督管理局, 管委会 is 管理委员会): the forms the State Council's own naming fixes, not local variants.
 */
const DEPARTMENT_FORMS: [RegExp, string][] = [
  [/市场监管局$/, '市场监督管理局'],
  [/管委会$/, '管理委员会'],
  [/卫健委$/, '卫生健康委员会'],
  [/卫生健康委$/, '卫生健康委员会'],
  [/发展改革委$/, '发展和改革委员会'],
  [/民宗委$/, '民族宗教事务委员会'],
  [/经信委$/, '经济和信息化委员会'],
  [/发改委$/, '发展和改革委员会'],
  [/住建局$/, '住房和城乡建设局'],
  [/人社局$/, '人力资源和社会保障局'],
  [/应急局$/, '应急管理局'],
];

function normaliseAuthority(authority: string, region: Region, simplify: (s: string) => string): string {
  let name = simplify(authority);
  for (const [short, full] of DEPARTMENT_FORMS) name = name.replace(short, full);
  // 市交通运输局龙岗管理局 (no place before 市): the region's 市 in front; 市中区人民政府 starts with a place.
  const bare = selfReferenceOf(name);
  if (bare && !startsWithPlace(name)) name = selfNamed(bare, region) ?? name;
  // 淄博市政府 → 淄博市人民政府: the official form of a government's name.
  name = name.replace(/^(.{2,20}?[省市县区州旗])政府(办公室|办公厅)?$/, '$1人民政府$2');
  // 昌吉州人民政府 → 昌吉回族自治州人民政府: a short place name in front becomes the official one.
  const official = regionChain(region).at(-1);
  if (official) {
    const m = /^([\u4e00-\u9fa5]{2,12}?)(人民政府.*|党工委.*|管委会.*)$/.exec(name);
    const head = m?.[1];
    if (
      head &&
      head !== official &&
      official.startsWith(head.replace(/[州市县区]$/, '')) &&
      !name.startsWith(official)
    ) {
      const shortHead = head.replace(/[州市县区]$/, '');
      if (official.length > head.length && official.startsWith(shortHead)) name = `${official}${m?.[2] ?? ''}`;
    }
  }
  return name;
}

export function extractReport(text: string, clues: ExtractionClues): Extraction {
  const warnings: string[] = [];
  const { text: cleaned, removed } = stripPinyinAnnotations(text);
  if (removed > 0) warnings.push(noticeOnly(`已去除转换工具留下的 ${removed} 处拼音注音`));
  const structure = parseStructure(cleaned);
  const traditional = isTraditional(cleaned);
  const simplify = traditional ? toSimplified : (s: string) => s;

  // Titles stay as written; everything else is read from a simplified copy of a traditional text.
  const asWritten: TitleBlockMetadata = readTitleBlock(structure.blocks);
  const read = traditional ? readTitleBlock(structure.blocks.map(simplifiedBlock(simplify))) : asWritten;
  // A self-reference that starts with a place after all (市中区人民政府) is a name, read as such elsewhere.
  const placed = read.selfReference && startsWithPlace(read.selfReference.subject) ? read.selfReference.subject : null;
  const meta = placed ? { ...read, selfReference: null, authority: read.authority ?? placed } : read;
  const page = clues.page ?? {};
  // Without a title in the text, the page's own field, then its address (wiki-style URLs end in the title).
  const urlTitle = asWritten.title || page.title ? null : titleFromUrl(page.url);
  if (urlTitle) warnings.push(fieldWarning('title', `标题取自网页地址（${urlTitle}），请核对`));
  const title = asWritten.title ?? page.title ?? urlTitle ?? null;
  // A title that did not come from the text (page field, address) may be traditional on its own.
  const titleForMatching = title ? (title === asWritten.title ? simplify(title) : toSimplified(title)) : '';

  const texts: RegionEvidence['texts'] = [];
  const add = (zone: Zone, value: string | null | undefined) => {
    if (value) texts.push({ zone, text: simplify(value) });
  };
  // Folder names are evidence here, the strongest there is (region.ts ZONE_WEIGHT), so that what the text
  // names inside the folder's region resolves there: 城关镇 under 甘肃省/兰州市/永登县/ is that county's
  // town, not one of dozens. The folder's word is then also an override (overrides.ts applyOverrides),
  // for when the text names somewhere else: both roles are needed, neither alone gives the same regions.
  for (const folder of uploadFolders(clues.path)) add('folder', folder);
  add('issuer', meta.authority ?? page.authority);
  add('title', titleForMatching);
  add('publisher', page.authority);
  add('opening', openingStart(meta.opening));
  // The reporting formula names who reports (现将宝城镇2025年度…报告如下): a subject position too.
  add('opening', meta.reporter);
  const bodyText = structure.blocks
    .filter((b) => b.kind === 'paragraph' || b.kind === 'heading' || b.kind === 'signature')
    .map((b) => b.text)
    .join('\n');
  add('body', bodyText.slice(0, 6000));

  const docNumber = meta.docNumber ?? page.docNumber ?? null;
  const docPrefixMatch = docNumber ? /^([\u4e00-\u9fa5])[\u4e00-\u9fa5]*?(政办|政)/.exec(docNumber) : null;
  const kindMatch = /(区|县|市)政府办公室/.exec(meta.opening);
  const resolved = resolveRegion({
    texts,
    parentKind: parentKind(meta.addressee, meta.opening),
    provinceKind: /自治区(党委|政府|人民政府)/.test(simplify(bodyText.slice(0, 3000)))
      ? '自治区'
      : /省委|省政府|省人民政府/.test(bodyText.slice(0, 3000))
        ? '省'
        : undefined,
    selfKind: meta.speaksAs ?? undefined,
    docPrefix: docPrefixMatch?.[1]
      ? { prefix: docPrefixMatch[1], kind: (kindMatch?.[1] as '市' | '县' | '区' | undefined) ?? undefined }
      : undefined,
  });
  const issuer = meta.authority ?? page.authority;
  const region = withUnlistedTownship(resolved, issuer ? simplify(issuer) : null);
  warnings.push(...region.warnings);

  // A self-reference is named from the region the text settles, not from a guess on the 文号 prefix.
  const named = region.fromDocPrefix ? null : selfNamed(meta.selfReference, region.region);
  const rawAuthority = meta.authority ?? page.authority ?? named ?? null;
  const authority = rawAuthority ? normaliseAuthority(rawAuthority, region.region, simplify) : null;
  const published = meta.published ?? (page.published ? isoDate(page.published) : null);
  const year = meta.year ?? (urlTitle ? yearCovered(simplify(urlTitle)) : null);

  if (!title) warnings.push(fieldWarning('title', '未找到标题'));
  if (!authority) warnings.push(fieldWarning('authority', '未找到发文机关'));
  if (year === null) warnings.push(fieldWarning('year', '未找到报告年度'));
  if (!published) warnings.push(fieldWarning('published', '未找到发布日期'));
  if (published && year !== null && Number(published.slice(0, 4)) < year)
    warnings.push(fieldWarning('published', `发布日期 ${published} 早于报告年度 ${year}，请核对`));

  return {
    title,
    authority,
    year,
    region: region.region,
    level: region.level,
    docNumber,
    addressee: meta.addressee,
    published,
    body: toMarkdown(structure.blocks),
    warnings,
  };
}
