/**
 * Text → blocks. Reads a report the way a person does: page chrome around it (navigation, 来源 and
 * 发布时间 lines, metadata tables), the title block (issuer, title, 文号, 主送), the body with its headings
 * in the levels of Chinese official numbering, and the 落款 (signature and date) at the end.
 *
 * Nothing of the report's own text is rewritten: every body line comes through with only whitespace
 * normalised. Chrome is taken out of the body but kept as blocks, because it carries metadata.
 */

export type Block =
  /** Lines around the title that are not the report's (navigation, labels); kept in the body when inBody. */
  | { kind: 'chrome'; text: string; fields: ChromeField[]; inBody?: boolean }
  | { kind: 'issuer'; text: string }
  | { kind: 'title'; text: string }
  | { kind: 'docNumber'; text: string }
  | { kind: 'addressee'; text: string }
  | { kind: 'heading'; level: 2 | 3 | 4 | 5; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'signature'; text: string };

/** A "label: value" pair found in chrome: 来源:…, 发布时间:…, a row of a metadata table. */
export interface ChromeField {
  label: ChromeLabel;
  value: string;
}

export type ChromeLabel = 'source' | 'published' | 'written' | 'indexNo' | 'docNumber' | 'publisher' | 'title';

export interface Structure {
  blocks: Block[];
}

/** Labels as government sites write them (with stray spaces removed before matching). */
const LABELS: [RegExp, ChromeLabel][] = [
  [/^(信息来源|来源)$/, 'source'],
  [/^(发布时间|发布日期|发文日期|发文时间|更新时间|生成日期|公开日期|时间|日期)$/, 'published'],
  // The document's own date, not the page's: the publication date only when the page gives no other.
  [/^(成文日期|成文时间|公文生成日期)$/, 'written'],
  [/^索引号$/, 'indexNo'],
  [/^(文号|文件编号|发文字号)$/, 'docNumber'],
  [/^(发文机关|发布机构|发文单位|发布单位|信息发布机构)$/, 'publisher'],
  [/^(标题|名称)$/, 'title'],
];
const LABEL_WORDS =
  '信息来源|来源|发布时间|发布日期|发文日期|发文时间|更新时间|成文日期|成文时间|公文生成日期|生成日期|公开日期|时间|日期|索引号|文号|文件编号|发文字号|发文机关|发布机构|发文单位|发布单位|信息发布机构|标题|名称';

/** Words that only page chrome uses. */
const CHROME_WORDS =
  /(首页|当前位置|您的位置|无障碍|简体|繁体|字体|字号|打印|分享|浏览次数|浏览量|阅读次数|点击数|关怀版|返回|登录|欢迎|收藏|关闭|政务公开|信息公开|新闻中心|通知公告|主题分类|体裁分类|服务对象|关键词|有效性|公开范围|公开方式|作者[:：]|【|】|>>|→|>|\|)/;

export const DATE_PATTERN = /((?:19|20)\d{2})\s*(?:年|-|\/|\.)\s*(\d{1,2})\s*(?:月|-|\/|\.)\s*(\d{1,2})\s*日?/;

const BODY_SUFFIX =
  '(?:人民政府办公室|人民政府办公厅|人民政府|政府办公室|政府办公厅|政府|办公厅|办公室|委员会|管理委员会|管委会|党工委|街道办事处|办事处|司法局|司法厅|局|厅|部|署|委|院|中心|经济技术开发区|经济开发区|高新技术产业开发区|开发区|高新区|新区)';
/** A government body's name standing alone: 梁山县人民政府办公室, 广州市教育局, 司法部. */
export const BODY_NAME = new RegExp(`^[\\u4e00-\\u9fa5]{1,30}?${BODY_SUFFIX}$`);

const DOC_NUMBER = /^[\u4e00-\u9fa5]{1,12}\s*[〔[［(（【]\s*(?:19|20)\d{2}\s*[〕\]］)）】]\s*第?\s*\d{1,4}\s*号$/;

const HEADING_PATTERNS: [RegExp, 2 | 3 | 4 | 5][] = [
  [/^[一二三四五六七八九十百]{1,3}\s*[、.．]/, 2],
  [/^[（(]\s*[一二三四五六七八九十]{1,3}\s*[）)]/, 3],
  [/^\d{1,2}\s*[.．、](?!\d)/, 4],
  [/^[（(]\s*\d{1,2}\s*[）)]/, 5],
];

/** A heading written as its own line is short; a longer numbered line is a numbered paragraph. */
const MAX_HEADING = 40;

/** Normalises whitespace only: line ends, ideographic and non-breaking spaces, zero-width characters, runs of spaces. */
export function normaliseWhitespace(text: string): string[] {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[\u200b-\u200d\ufeff\u2060]/g, '')
    .split('\n')
    .map((line) =>
      line
        .replace(/[\u00a0\u3000\t\f\v\u2002-\u200a\u202f\u205f]/g, ' ')
        .replace(/ {2,}/g, ' ')
        .trim(),
    )
    .filter((line) => line !== '');
}

function stripBullet(line: string): string {
  return line.replace(/^[•·●▪◆■□○◇\-*]\s*/, '').trim();
}

/** A label in brackets, as some sites print their metadata table: [ 发布日期 ] 2026-02-10, 【来源】… */
const BRACKETED_LABEL = new RegExp(`[[［【]\\s*(${LABEL_WORDS})\\s*[\\]］】]\\s*`, 'g');

/**
 * "来源:X 发布时间:Y", "发布机构 | X | 发文日期 | Y |", "时间:2018-05-03 浏览次数:", "[ 发布日期 ] 2026-02-10 [ 有效性 ]"
 * → fields.
 */
export function parseChromeFields(text: string): ChromeField[] {
  const line = text.replace(BRACKETED_LABEL, (_, label: string) => ` ${label}：`).trim();
  const fields: ChromeField[] = [];
  const cells = line.includes('|')
    ? line
        .split('|')
        .map((c) => c.trim())
        .filter((c) => c !== '' && !/^-+$/.test(c))
    : null;
  if (cells && cells.length >= 2) {
    for (let i = 0; i + 1 < cells.length; i++) {
      const label = labelOf(cells[i] ?? '');
      if (label) {
        fields.push({ label, value: (cells[i + 1] ?? '').trim() });
        i++;
      }
    }
    return fields;
  }
  const re = new RegExp(`(${LABEL_WORDS.split('|').join('|')})\\s*[:：]\\s*`, 'g');
  const matches = [...line.replace(/(\S) (\S)(?= *[:：])/g, '$1$2').matchAll(re)];
  const compact = line.replace(/(\S) (\S)(?= *[:：])/g, '$1$2');
  for (let i = 0; i < matches.length; i++) {
    const m = matches[i];
    if (!m || m.index === undefined) continue;
    const label = labelOf(m[1] ?? '');
    if (!label) continue;
    const start = m.index + m[0].length;
    const end = matches[i + 1]?.index ?? compact.length;
    let value = compact.slice(start, end).trim();
    // A value runs until the next chrome word (浏览次数, 字体…) on the same line.
    value = value.split(/\s{1,}(?=[\u4e00-\u9fa5【[［])/)[0] ?? value;
    if (label === 'published' || label === 'written') value = DATE_PATTERN.exec(value)?.[0] ?? value;
    fields.push({ label, value: value.trim() });
  }
  return fields;
}

function labelOf(text: string): ChromeLabel | undefined {
  const compact = text.replace(/\s+/g, '');
  for (const [re, label] of LABELS) if (re.test(compact)) return label;
  return undefined;
}

/** A title of an annual rule-of-law report, in any of the forms governments give it. */
function isTitleLine(line: string): boolean {
  if (line.length > 90 || line.length < 6) return false;
  if (/[。；]$/.test(line) || /[，,]/.test(line)) return false;
  const topical = /(法治|法制|依法行政)/.test(line);
  const kind = /(报告|報告|情况|情況|总结|總結|工作|方案)(（[^）]*）|\([^)]*\))?$/.test(line);
  return topical && kind;
}

function isChromeLine(line: string): boolean {
  if (parseChromeFields(line).length > 0) return true;
  if (CHROME_WORDS.test(line) && !/[。；]/.test(line)) return true;
  if (/^[|\s-]+$/.test(line)) return true;
  // Bare date or date-time lines, index numbers, and short navigation lines without sentence punctuation.
  if (/^[\d\s:：年月日时分秒./-]+$/.test(line)) return true;
  if (/^[A-Za-z0-9]+[/-][\w/-]+$/.test(line)) return true;
  return false;
}

/**
 * A line of the report's prose: a sentence, a heading, or a long line with punctuation in it. A long
 * line without any (政务服务 中国政府网 省政府网 English 日本語…, 某某报告_街镇园区文件_某某门户网站) is a
 * page's navigation or its window title, not prose.
 */
function isBodyStart(line: string): boolean {
  return (line.length >= 40 && /[，,。；、：:]/.test(line)) || /[。；]$/.test(line) || headingLevel(line) !== undefined;
}

export function headingLevel(line: string): 2 | 3 | 4 | 5 | undefined {
  for (const [re, level] of HEADING_PATTERNS) if (re.test(line)) return level;
  return undefined;
}

function isAddressee(line: string): boolean {
  return (
    /[:：]$/.test(line) &&
    line.length <= 40 &&
    /(委|政府|委员会|办公室|同志|领导|局|厅|部)/.test(line) &&
    !/[。，]/.test(line) &&
    parseChromeFields(line).length === 0 &&
    !CHROME_WORDS.test(line)
  );
}

/**
 * A numbered line becomes a heading; when its first sentence is short and more text follows
 * (（一）提高政治站位，推进法治政府建设。坚持……), the heading is that sentence and the rest a paragraph.
 */
function bodyBlocks(line: string): Block[] {
  const level = headingLevel(line);
  if (level === undefined) return [{ kind: 'paragraph', text: line }];
  // A heading glued to the next numbered item by a space: "一、主要举措和成效 (一)加强……"
  const glued =
    /^(.{2,40}?) ((?:[（(]\s*[一二三四五六七八九十\d]{1,3}\s*[）)]|[一二三四五六七八九十]{1,3}、|\d{1,2}[.．、]).*)$/.exec(
      line,
    );
  if (glued?.[1] && glued[2] && !/[。；]/.test(glued[1])) {
    return [{ kind: 'heading', level, text: glued[1] }, ...bodyBlocks(glued[2])];
  }
  const stop = line.search(/[。；！？]/);
  if (stop === -1) {
    return line.length <= MAX_HEADING + 10
      ? [{ kind: 'heading', level, text: line }]
      : [{ kind: 'paragraph', text: line }];
  }
  if (stop + 1 <= MAX_HEADING + 1) {
    const head = line.slice(0, stop + 1);
    const rest = line.slice(stop + 1).trim();
    return rest
      ? [
          { kind: 'heading', level, text: head },
          { kind: 'paragraph', text: rest },
        ]
      : [{ kind: 'heading', level, text: head }];
  }
  return [{ kind: 'paragraph', text: line }];
}

const SIGNATURE_DATE = /^(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$/;

/**
 * Text that lost its line breaks (copied from document-sharing sites) starts with its title run into
 * the rest: "1、2023年度…报告及…方案2023年度…报告及…方案区政府:根据……". The title is the shortest
 * title-like head that the text repeats, or that an addressee or the year sentence follows.
 */
export function splitRunOnTitle(line: string): string[] | null {
  const fragment = /^\d{1,3}[、.]\s*/.exec(line)?.[0] ?? '';
  const s = line.slice(fragment.length);
  for (let end = 6; end <= Math.min(90, s.length); end++) {
    const head = s.slice(0, end);
    if (!TITLE_ENDING.test(head) || !isTitleLine(head)) continue;
    let rest = s.slice(end);
    if (rest.startsWith(head)) rest = rest.slice(head.length);
    else if (!/^[\u4e00-\u9fa5、]{2,20}[:：]/.test(rest) && !/^(?:19|20)\d{2}\s*年/.test(rest)) continue;
    const addressee = /^([\u4e00-\u9fa5、]{2,20}[:：])(.+)$/.exec(rest);
    return addressee?.[1] && addressee[2] ? [head, addressee[1], addressee[2].trim()] : [head, rest.trim()];
  }
  return null;
}

/** How a title (or its last line, when it is broken over two) ends: 报告, 情况, 总结, 方案, in either script. */
const TITLE_ENDING = /(报告|報告|情况|情況|总结|總結|方案)$/;

/** A title line without a bracketed column name in front (【政府信息公开】…). */
const withoutColumnName = (line: string) => line.replace(/^【[^】]{1,20}】/, '');

/** A title's first line that is its issuer and 关于 alone (长春市人民政府关于). */
const ISSUER_BEFORE_ABOUT = new RegExp(`^[\\u4e00-\\u9fa5]{1,30}?${BODY_SUFFIX}关于$`);

/** A title naming its issuer before 关于 (山东省交通运输厅关于2019年度…): the document's own title. */
const ISSUED_TITLE = new RegExp(`^[\\u4e00-\\u9fa5]{1,30}?${BODY_SUFFIX}关于`);

/** A title naming its issuer before the year or 关于 (某某街道办事处2021年…, 某某县人民政府关于…). */
const NAMED_TITLE = new RegExp(`^[\\u4e00-\\u9fa5]{1,30}?${BODY_SUFFIX}(?:关于|(?:19|20)\\d{2})`);

/** A party body's name: 中共某某县委, 某某新区党工委, 某某镇党委. */
const PARTY_BODY = /(党委|党工委|党组|[省市县区旗]委)$/;

/** A database or encyclopedia record about a report: 《某市人民政府2018年度法治政府建设工作报告》是2019年…发布的通知。 */
const RECORD_TITLE = /^《([^《》]{6,90})》(?:是|为|系)/;

/** A line as a title candidate: without a column name in front, and a record's quoted title on its own. */
function asTitleLine(line: string): string {
  const bare = withoutColumnName(line);
  const quoted = RECORD_TITLE.exec(bare)?.[1];
  return quoted && isTitleLine(quoted) ? quoted : bare;
}

/**
 * What a copying site glues in front of a title it reposts: a watermark ending in its host name
 * (…每日更新www.example.com湖北省人民政府关于…). No government title holds a host name, so everything up
 * to one goes, when what is left is a title.
 */
function withoutWatermark(title: string): string {
  const m =
    /^.{0,40}?(?:https?:\/\/)?(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|cn|net|org|cc|top|vip|info)(?:\.cn)?\/?/i.exec(
      title,
    );
  const rest = m ? title.slice(m[0].length).trim() : title;
  return m && isTitleLine(rest) ? rest : title;
}

/** A 文号 in brackets in front of a title ([天政发〔2026〕7号]天水市人民政府关于…): the 文号 and the title apart. */
const BRACKETED_DOC_NUMBER =
  /^[[［【(（]\s*([\u4e00-\u9fa5]{1,12}\s*[〔[［(（]\s*(?:19|20)\d{2}\s*[〕\]］)）]\s*第?\s*\d{1,4}\s*号)\s*[\]］】)）]\s*/;

/** Text that lost its line breaks: its run-on title split off the first long line (splitRunOnTitle). */
function splitRunOnStart(lines: string[]): string[] {
  const firstLong = lines.findIndex((l) => l.length > 90);
  if (firstLong < 0 || firstLong >= 3 || lines.slice(0, firstLong).some(isTitleLine)) return lines;
  const split = splitRunOnTitle(lines[firstLong] ?? '');
  if (!split) return lines;
  return [...lines.slice(0, firstLong), ...split.filter((l) => l !== ''), ...lines.slice(firstLong + 1)];
}

/** The line the title starts on: the first title-like line among the first 30, before the body; -1 if none. */
function findTitle(lines: string[]): number {
  const searchEnd = Math.min(lines.length, 30);
  for (let i = 0; i < searchEnd; i++) {
    const line = asTitleLine(lines[i] ?? '');
    // A title-like line among navigation or labels (首页 > … > 法治政府建设年度报告, [ 体裁分类 ] 工作报告) is
    // the page's chrome, not the report's title.
    // "长春市人民政府关于" / "2023年度…报告": the title starts on the line ending in 关于.
    if (isTitleLine(line) && !isChromeLine(line))
      return i > 0 && ISSUER_BEFORE_ABOUT.test(lines[i - 1] ?? '') ? i - 1 : i;
    // A title broken over two lines: neither half is title-like alone.
    const next = lines[i + 1] ?? '';
    if (
      line.length <= 40 &&
      next.length <= 40 &&
      !BODY_NAME.test(line) &&
      !isChromeLine(line) &&
      TITLE_ENDING.test(next) &&
      !isTitleLine(next) &&
      isTitleLine(line + next)
    )
      return i;
    if (isBodyStart(lines[i] ?? '') && !isChromeLine(lines[i] ?? '') && headingLevel(lines[i] ?? '') === undefined)
      return -1;
  }
  return -1;
}

/**
 * The head of a text with a title: chrome above it (but an issuer line right above it), the title (joined
 * when broken over two lines), then chrome, a repeated title, the 文号 and the 主送 before the body.
 */
function headWithTitle(lines: string[], titleAt: number): { blocks: Block[]; bodyStart: number } {
  const blocks: Block[] = [];
  let titleText = asTitleLine(lines[titleAt] ?? '');
  let end = titleAt + 1;
  // A title split over lines: "…关于2024年法治政府" / "建设情况的报告".
  const next = lines[end];
  if (next && !TITLE_ENDING.test(titleText) && TITLE_ENDING.test(next) && next.length <= 40) {
    titleText += next;
    end++;
  }
  // The issuer on the line above the title; a joint party+government one on the two lines above it
  // (济宁某某新区党工委 / 济宁某某新区管委会 / 2024年度…报告), written party first, a space between (ANNOTATION.md).
  // Or both on the line above, a space between (中共长春市委 长春市人民政府).
  const above = lines[titleAt - 1] ?? '';
  const twoAbove = lines[titleAt - 2] ?? '';
  const pair = /^(\S+)\s+(\S+)$/.exec(above);
  const jointAbove =
    pair?.[1] && pair[2] && PARTY_BODY.test(pair[1]) && BODY_NAME.test(pair[1]) && BODY_NAME.test(pair[2]);
  // Only a title without a subject of its own (关于…, 2024年度…) takes an issuer from above: above 木渎镇2024年度…报告
  // a body's name is the page's chrome (苏州吴中经济技术开发区一站式服务中心).
  const needsIssuer = /^(?:关于|(?:19|20)\d{2}|法治|法制|依法)/.test(titleText);
  const issuerLines = !needsIssuer
    ? 0
    : jointAbove
      ? 1
      : !BODY_NAME.test(above)
        ? 0
        : BODY_NAME.test(twoAbove) && PARTY_BODY.test(twoAbove)
          ? 2
          : 1;
  for (let i = 0; i < titleAt - issuerLines; i++) {
    const line = lines[i] ?? '';
    blocks.push({ kind: 'chrome', text: line, fields: parseChromeFields(line) });
  }
  if (issuerLines > 0)
    blocks.push({
      kind: 'issuer',
      text: jointAbove ? `${pair?.[1]} ${pair?.[2]}` : issuerLines === 2 ? `${twoAbove} ${above}` : above,
    });
  titleText = withoutWatermark(titleText);
  // A word glued in front of a title that names its issuer, a space between (威廉希尔中文 某某街道办事处2021年…报告):
  // an injected advertisement, unless it is a body or a place itself (中共某某市委 某某市人民政府关于…).
  const injected = /^(\S{2,12})\s+(\S.*)$/.exec(titleText);
  if (
    injected?.[1] &&
    injected[2] &&
    isTitleLine(injected[2]) &&
    NAMED_TITLE.test(injected[2]) &&
    !BODY_NAME.test(injected[1]) &&
    !/[省市县区旗州镇乡盟]$|\d|法治|报告/.test(injected[1])
  ) {
    blocks.push({ kind: 'chrome', text: injected[1], fields: [] });
    titleText = injected[2];
  }
  const numbered = BRACKETED_DOC_NUMBER.exec(titleText);
  if (numbered?.[1] && isTitleLine(titleText.slice(numbered[0].length))) {
    blocks.push({ kind: 'docNumber', text: numbered[1] });
    titleText = titleText.slice(numbered[0].length);
  }
  blocks.push({ kind: 'title', text: titleText });
  let bodyStart = end;
  for (let i = end; i < lines.length; i++) {
    const line = lines[i] ?? '';
    // A page headline naming no issuer (2019年度法治政府建设报告), then the document's own title naming it
    // (山东省交通运输厅关于2019年度 / 法治建设情况的报告): the document's is the title, the headline chrome.
    const titled = ISSUED_TITLE.test(titleText) ? null : documentTitleAt(lines, i);
    if (titled) {
      const at = blocks.findIndex((b) => b.kind === 'title');
      blocks[at] = { kind: 'chrome', text: titleText, fields: [] };
      titleText = titled.text;
      blocks.push({ kind: 'title', text: titleText });
      i = titled.end - 1;
      bodyStart = titled.end;
      continue;
    }
    if (DOC_NUMBER.test(line)) blocks.push({ kind: 'docNumber', text: line });
    else if (isAddressee(line)) {
      blocks.push({ kind: 'addressee', text: line });
      return { blocks, bodyStart: i + 1 };
    } else if (line === titleText || line === lines[titleAt]) blocks.push({ kind: 'chrome', text: line, fields: [] });
    else if (isBodyStart(line) && !isChromeLine(line)) break;
    else if (isChromeLine(line) || line.length < 40)
      blocks.push({ kind: 'chrome', text: line, fields: parseChromeFields(line) });
    else break;
    bodyStart = i + 1;
  }
  return { blocks, bodyStart };
}

/** A document title naming its issuer starting at line i, joined when broken over two lines; null if none. */
function documentTitleAt(lines: string[], i: number): { text: string; end: number } | null {
  const line = lines[i] ?? '';
  if (!ISSUED_TITLE.test(line) || line.length > 90) return null;
  if (isTitleLine(line)) return { text: line, end: i + 1 };
  const next = lines[i + 1] ?? '';
  return next.length <= 40 && TITLE_ENDING.test(next) && isTitleLine(line + next)
    ? { text: line + next, end: i + 2 }
    : null;
}

/**
 * The head of a text without a title: its lines up to the body are read as chrome (labels give their
 * values, a lone body name the issuer), a 文号 and a 主送 line are taken as fields — and every other line
 * stays in the body too (inBody): without a title nothing tells a page's chrome from the report's own
 * first lines, and a line hidden here would be on no page and in no index.
 */
function headWithoutTitle(lines: string[]): { blocks: Block[]; bodyStart: number } {
  const blocks: Block[] = [];
  let bodyStart = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (isAddressee(line)) {
      blocks.push({ kind: 'addressee', text: line });
      return { blocks, bodyStart: i + 1 };
    }
    if (isBodyStart(line) && !isChromeLine(line)) break;
    if (DOC_NUMBER.test(line)) blocks.push({ kind: 'docNumber', text: line });
    else blocks.push({ kind: 'chrome', text: line, fields: parseChromeFields(line), inBody: true });
    bodyStart = i + 1;
  }
  return { blocks, bodyStart };
}

/** The 落款 at the end: a date line, possibly preceded by the issuing body's name; null when there is none. */
function signatureAtEnd(lines: string[], bodyStart: number): { block: Block; bodyEnd: number } | null {
  let bodyEnd = lines.length;
  const last = lines[bodyEnd - 1];
  if (!last || !SIGNATURE_DATE.test(last)) return null;
  bodyEnd--;
  const before = lines[bodyEnd - 1];
  const signature = [last];
  if (before && BODY_NAME.test(before) && bodyEnd - 1 > bodyStart) {
    signature.unshift(before);
    bodyEnd--;
  }
  return { block: { kind: 'signature', text: signature.join('\n') }, bodyEnd };
}

/** Text → blocks: the head (chrome, title, 文号, 主送), the body's headings and paragraphs, the 落款. */
export function parseStructure(text: string): Structure {
  const lines = splitRunOnStart(normaliseWhitespace(text).map((l) => (/^[•·●▪]/.test(l) ? stripBullet(l) : l)));
  const titleAt = findTitle(lines);
  const head = titleAt >= 0 ? headWithTitle(lines, titleAt) : headWithoutTitle(lines);
  const signature = signatureAtEnd(lines, head.bodyStart);
  const blocks = [...head.blocks];
  for (let i = head.bodyStart; i < (signature?.bodyEnd ?? lines.length); i++)
    blocks.push(...bodyBlocks(lines[i] ?? ''));
  if (signature) blocks.push(signature.block);
  return { blocks };
}
