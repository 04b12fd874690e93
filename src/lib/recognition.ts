/**
 * Text recognised from pictures (OCR), the pure half: what the OCR engine's output means, and what the
 * pixels handed to it should be. The ingest (scripts/lib/ingest/recognize.ts) rasterises pages and runs
 * the engine; everything here is bytes and strings in, bytes and strings out.
 *
 * - Whether a PDF's own text layer can be believed (textLayerVerdict): a scan has none, a scanner's poor
 *   OCR layer or a layer whose fonts lack their character maps gives text that is no reading of the page.
 * - The page as the engine should see it (dropRed, rotateGray, pgm): a 红头 and a red seal are dropped
 *   to white before recognition, so the seal over the 落款 does not turn its characters into noise.
 * - Lines back into paragraphs (recognizedText): the engine gives lines as printed; a report's paragraph
 *   is wrapped over several of them and Chinese puts no space at the wrap. Paragraphs are rebuilt from
 *   where lines start and end (indentation, short last lines), the way a reader sees them.
 * - The engine's spacing (tidyRecognizedLine): it puts spaces between Chinese characters and reads
 *   full-width punctuation as ASCII; both are mended where they stand between Chinese characters.
 */

import { editDistance } from './edit-distance.ts';

/** One line as the engine found it, in the image's pixels. */
export interface RecognizedLine {
  text: string;
  left: number;
  top: number;
  width: number;
  height: number;
  /** The engine's text block (a column, a heading): a paragraph never runs across two. */
  block: number;
}

export interface RecognizedPage {
  width: number;
  height: number;
  lines: RecognizedLine[];
}

/**
 * Tesseract's TSV output (`tesseract image - tsv`) as lines: level-4 rows give each line's box, level-5
 * rows its words in order. Words are joined without a space (tidyRecognizedLine puts back the ones Latin
 * text needs: the engine writes spaces inside a word's text when it saw them).
 */
export function parseTesseractTsv(tsv: string): RecognizedPage {
  const page: RecognizedPage = { width: 0, height: 0, lines: [] };
  const byKey = new Map<string, RecognizedLine>();
  const words = new Map<string, string[]>();
  for (const row of tsv.split('\n')) {
    const cells = row.split('\t');
    if (cells.length < 12 || !/^\d+$/.test(cells[0] ?? '')) continue;
    const [level, , block, par, line, , left, top, width, height] = cells.slice(0, 10).map(Number) as number[];
    const key = `${block}/${par}/${line}`;
    if (level === 1) {
      page.width = width as number;
      page.height = height as number;
    } else if (level === 4) {
      const entry = {
        text: '',
        left: left as number,
        top: top as number,
        width: width as number,
        height: height as number,
        block: block as number,
      };
      byKey.set(key, entry);
      page.lines.push(entry);
    } else if (level === 5) {
      const text = cells.slice(11).join('\t');
      if (text.trim() === '') continue;
      const list = words.get(key) ?? [];
      if (list.length === 0) words.set(key, list);
      list.push(text);
    }
  }
  for (const [key, line] of byKey) {
    const list = words.get(key) ?? [];
    line.text = list.join(' ');
  }
  page.lines = page.lines.filter((line) => line.text.trim() !== '');
  return page;
}

/** Which way the page stood when scanned: the engine reads it turned, but reports boxes in the image as it is. */
type Turn = 0 | 90 | 180 | 270;

/**
 * The page's turn, from its lines: a sideways page has lines taller than wide, and the order the engine
 * read them in (which follows the text) tells which way they progress across the image.
 */
export function pageTurn(page: RecognizedPage): Turn {
  const long = page.lines.filter((l) => [...l.text].length >= 4);
  if (long.length === 0) return 0;
  const sideways = long.filter((l) => l.height > l.width).length > long.length / 2;
  // How the lines move across the image as reading goes on: along y when upright, along x when sideways.
  const along = (l: RecognizedLine) => (sideways ? l.left + l.width / 2 : l.top + l.height / 2);
  let forward = 0;
  for (let i = 1; i < long.length; i++)
    forward += Math.sign(along(long[i] as RecognizedLine) - along(long[i - 1] as RecognizedLine));
  // A page turned 90° clockwise has its first line at the right: reading moves towards smaller x.
  if (sideways) return forward < 0 ? 90 : 270;
  return forward < 0 ? 180 : 0;
}

/** The page's boxes as a reader of the upright page sees them. */
export function uprightPage(page: RecognizedPage): RecognizedPage {
  const turn = pageTurn(page);
  if (turn === 0) return page;
  const { width: W, height: H } = page;
  const lines = page.lines.map((l) => {
    if (turn === 180) return { ...l, left: W - l.left - l.width, top: H - l.top - l.height };
    if (turn === 90) return { ...l, left: l.top, top: W - l.left - l.width, width: l.height, height: l.width };
    return { ...l, left: H - l.top - l.height, top: l.left, width: l.height, height: l.width };
  });
  return turn === 180 ? { width: W, height: H, lines } : { width: H, height: W, lines };
}

const CJK = '\\u3000-\\u303f\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff\\uff00-\\uffef\\u2018-\\u201f\\u2026\\u2014';
const SPACE_BY_CJK = new RegExp(`(?<=[${CJK}])[ \\t\\u00a0]+|[ \\t\\u00a0]+(?=[${CJK}])`, 'g');
const FULL_WIDTH: Record<string, string> = { ',': '，', ':': '：', ';': '；', '?': '？', '!': '！' };
const ASCII_PUNCT_AFTER_CJK = new RegExp(`(?<=[${CJK}\\d%])([,:;?!])(?=[${CJK}\\d“]|$)`, 'g');
const ASCII_PARENS_BY_CJK = new RegExp(`\\(([${CJK}0-9]{1,12})\\)`, 'g');

/** A stroke read as a bracket or bar between a year and 年 (2021]年度): no report writes one there. */
const YEAR_STRAY = /((?:19|20)\d\d)\s*[\][|」『』]\s*(?=年)/g;

/** One recognised line as a Chinese text has it: no spaces beside Chinese characters, full-width punctuation among them. */
export function tidyRecognizedLine(text: string): string {
  return text
    .replace(SPACE_BY_CJK, '')
    .replace(YEAR_STRAY, '$1')
    .replace(ASCII_PUNCT_AFTER_CJK, (p) => FULL_WIDTH[p] ?? p)
    .replace(ASCII_PARENS_BY_CJK, (whole, inner: string) => (/[\u4e00-\u9fff]/.test(inner) ? `（${inner}）` : whole))
    .trim();
}

/**
 * A 文号 as the engine misreads it: GB/T 9704 writes 机关代字〔年份〕序号号 with hexagonal brackets, which
 * the model reads as 【】, [], () or letters, and a 1 beside them as ] or l (台政办字〔2022〕1号 came back
 * as 台政办字【2022j] ]号). The 文号 names its issuer: the extraction needs it whole.
 */
const DOC_NUMBER =
  /([\u4e00-\u9fff]{1,10}字?)\s*[〔【[(（{［]\s*((?:19|20)\d\d)\s*[〕】\])）}］jJlI|]*\s*([0-9IlJj|\]]{1,4})\s*号/g;

export function mendDocumentNumbers(text: string): string {
  return text.replace(
    DOC_NUMBER,
    (_whole, issuer: string, year: string, serial: string) =>
      `${issuer}〔${year}〕${serial.replace(/[IlJj|\]]/g, '1')}号`,
  );
}

const PLACE_SUFFIX = /[省市县区旗镇乡]/g;

/**
 * Place names read wrong in one spot and right elsewhere: the engine reads a bold title's 蓝山县 as
 * 星山县 while the body, in regular weight, says 蓝山县 a dozen times. A name that is no place
 * (isPlace false) and differs by one character from a place the text names elsewhere — the only such
 * place — is taken as a misreading of it. Two real places (东城区, 西城区) are never merged.
 */
export function mendPlaceNames(text: string, isPlace: (name: string) => boolean): string {
  const known = new Set<string>();
  const spots: { at: number; name: string }[] = [];
  for (const suffix of text.matchAll(PLACE_SUFFIX)) {
    const end = (suffix.index as number) + 1;
    // The longest name ending here that is a place; else every shorter reading is a candidate misreading.
    const names = [4, 3]
      .map((length) => text.slice(end - length, end))
      .filter((n) => /^[\u4e00-\u9fff]+$/.test(n) && n.length >= 3);
    const place = names.find(isPlace);
    if (place) known.add(place);
    else for (const name of names) spots.push({ at: end - name.length, name });
  }
  const places = [...known];
  const oneApart = (a: string, b: string) =>
    a.length === b.length && a.at(-1) === b.at(-1) && [...a].filter((ch, i) => ch !== b[i]).length === 1;
  let mended = text;
  for (const { at, name } of spots.sort((a, b) => b.at - a.at)) {
    const matches = places.filter((place) => oneApart(name, place));
    if (matches.length === 1 && mended.slice(at, at + name.length) === name)
      mended = `${mended.slice(0, at)}${matches[0]}${mended.slice(at + name.length)}`;
  }
  return mended;
}

/** A running page number (— 2 —, -3-, 第 4 页): the printer's, not the report's. */
const PAGE_NUMBER = /^[-—–－·\s]*(?:第\s*)?\d{1,4}(?:\s*页)?(?:\s*\/\s*共?\s*\d{1,4}\s*页?)?[-—–－·\s]*$/;
/** A line that opens a section: it starts a paragraph wherever it stands. */
const HEADING_START =
  /^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|第[一二三四五六七八九十]+[章节部分条])/;

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number) : 0;
}

/**
 * The pages' lines as paragraphs, one per line of the result. A line opens a paragraph when it is
 * indented, centred (a title), follows a line that ended short of the margin, opens a section, or starts
 * another block; otherwise it continues the paragraph above — across a page break too.
 */
export function recognizedText(pages: RecognizedPage[]): string {
  const paragraphs: string[] = [];
  let open = false;
  for (const raw of pages) {
    const page = uprightPage(raw);
    const lines = page.lines
      .map((l) => ({ ...l, text: tidyRecognizedLine(l.text) }))
      .filter((l) => l.text !== '' && !PAGE_NUMBER.test(l.text));
    if (lines.length === 0) continue;
    // A character's size: Chinese characters are square, so a line's height is one character's width.
    const char =
      quantile(
        lines.map((l) => l.height),
        0.5,
      ) || 1;
    const margin = quantile(
      lines.map((l) => l.left),
      0.1,
    );
    const right = quantile(
      lines.map((l) => l.left + l.width),
      0.9,
    );
    let previous: (typeof lines)[number] | null = null;
    for (const line of lines) {
      const indented = line.left - margin > char * 1.2;
      const centred = indented && right - (line.left + line.width) > char * 1.5;
      const afterShort = previous ? right - (previous.left + previous.width) > char * 1.5 : false;
      const newBlock = previous ? line.block !== previous.block : false;
      const starts = !open || indented || centred || afterShort || newBlock || HEADING_START.test(line.text);
      if (starts) paragraphs.push(line.text);
      else paragraphs[paragraphs.length - 1] += line.text;
      open = true;
      previous = line;
    }
    // The page's last line ran to the margin: its paragraph goes on over the page.
    open = previous ? right - (previous.left + previous.width) <= char * 1.5 : false;
  }
  return paragraphs.map(mendDocumentNumbers).join('\n');
}

/**
 * Frequent characters of modern Chinese prose (the head of any frequency list; these cover most of any
 * report's text). A text layer whose Chinese characters are mostly outside them is no reading of
 * Chinese: its fonts map glyphs to the wrong code points.
 */
const COMMON =
  '的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于着下自之年过发后作里用道行所然家种事成方多经么去法学如都同现当没动面起看定天分还进好小部其些主样理心她本前开但因只从想实日军者意无力它与长把机十民第公此已工使情明性知全三又关点正业外将两高间由问很最重并物手应战向头文体政美相见被利什二等产或新己制身果加西斯月话合回特代内信表化老给世位次度门任常先海通教儿原东声提立及比员解水名真论处走义各入几口认条平系气题活尔更别打女变四神总何电数安少报才结反受目太量再感建务做接必场件计管期市直德资命山金指克许统区保至队形社便空决治展马科司五基眼书非则听白却界达光放强即像难且权思王象完设式色路记南品住告类求据程北边死张该交规万取拉格望觉术领共确传师观清今切院让识候带导争运笑飞风步改收根干造言联持组每济车亲极林服快办议往元英士证近失转夫令准布始怎呢存未远叫台单影具罗字爱击流备兵连调深商算质团集百需价花党华城石级整府离况亚请技际约示复病息究线似官火断精满支视消越器容照须九增研写称企八功吗包片史委乎查轻易早曾除农找装广显吧阿李标谈吃图念六引历首医局突专费号尽另周较注语仅考落青随选列武红响虽推势参希古众构房半节土投某案黑维革划敌致陈律足态护七兴派孩验责营星够章音跟志底站严巴例防族供效续施留讲型料终答紧黄绝奇察母京段依批群项故按河米围江织害斗双境客纪采举杀攻父苏密低朝友诉止细愿千值仍男钱破网热助倒育属坐帝限船脸职速刻乐否刚威毛状率甚独球般普怕弹校苦创假久错承印晚兰试股拿脑预谁益阳若哪微尼继送急血惊伤素药适波夜省初喜卫源食险待述陆习置居劳财环排福纳欢雷警获模充负云停木游龙树疑层冷洲冲射略范竟句室异激汉村哈策演简卡罪判担州静退既衣您宗积余痛检差富灵协角占配征修皮挥胜降阶审沉坚善妈刘读啊超免压银买皇养伊怀执副乱抗犯追帮宣佛岁航优怪香著田铁控税左右份穿艺背阵草脚概恶块顿敢守酒岛托央户烈洋哥索胡款靠评版宝座释景顾弟登货互付伯慢欧换闻危忙核暗姐介坏讨丽良序升监临亮露永呼味野架域沙掉括舰鱼杂误湖钟奥训贵拜哲吸翻杨森喝旅狗妇奶弃盟缺祖县乡镇街区府依规范推进落实健全完善深化加强坚持贯彻监督执法审查备案复议诉讼应诉出庭败诉履职责任制度机制体系';
const COMMON_SET = new Set(COMMON);

export type TextLayerVerdict = { usable: true } | { usable: false; reason: string };

/**
 * Whether a PDF's text layer (its pages' text, as read) is the page's text. Not usable: no text at all
 * (a scan), text on too few of the pages (a scan with a typed cover), or text that is no Chinese prose
 * (mojibake from missing font maps: Latin-1 letters, private-use code points, rare characters).
 */
export function textLayerVerdict(pages: string[]): TextLayerVerdict {
  const counts = pages.map((page) => page.replace(/\s/g, '').length);
  const total = counts.reduce((a, b) => a + b, 0);
  if (total < 20) return { usable: false, reason: '没有文字层（扫描件）' };
  const empty = counts.filter((n) => n < 10).length;
  // A short last page (a signature) is normal; most of the pages wanting text is a scan with a typed part.
  if (pages.length >= 2 && empty > pages.length / 2)
    return { usable: false, reason: `文字层不完整（${pages.length} 页中 ${empty} 页没有文字）` };
  const text = pages.join('');
  let letters = 0;
  let odd = 0;
  let han = 0;
  let common = 0;
  for (const ch of text) {
    if (/\s/.test(ch)) continue;
    letters++;
    const code = ch.codePointAt(0) as number;
    if (code >= 0x4e00 && code <= 0x9fff) {
      han++;
      if (COMMON_SET.has(ch)) common++;
    } else if (
      (code >= 0xa0 && code <= 0x2fff && !(code >= 0x2010 && code <= 0x2027)) ||
      (code >= 0xe000 && code <= 0xf8ff) ||
      code === 0xfffd
    )
      odd++;
  }
  if (odd / letters > 0.05) return { usable: false, reason: '文字层是乱码（字体缺少字符映射）' };
  if (han < letters * 0.2) return { usable: false, reason: '文字层几乎没有汉字' };
  if (common / han < 0.4) return { usable: false, reason: '文字层是乱码（汉字与常用字不符）' };
  return { usable: true };
}

/**
 * RGB(A) pixels → grey, with red ink faded to white: the 红头 and the seal are red over black text, and
 * recognition reads black text better without them. The fading is in proportion to how much red
 * outweighs green and blue; and around clearly red pixels (within two pixels) whatever is not dark is
 * whitened too, because the rim of a red stroke is not red any more after a scanner's JPEG or a
 * palette has smeared its colour (a greyish-pink ghost of the 红头 that the engine reads as characters).
 * Black strokes under the seal, dark in every channel, stay.
 */
export function dropRed(pixels: Uint8Array, channels: number, width: number): Uint8Array {
  const count = Math.floor(pixels.length / channels);
  const height = Math.floor(count / Math.max(1, width));
  const grey = new Uint8Array(count);
  const red = new Uint8Array(count);
  for (let i = 0, p = 0; i < count; i++, p += channels) {
    const r = pixels[p] as number;
    const g = channels >= 3 ? (pixels[p + 1] as number) : r;
    const b = channels >= 3 ? (pixels[p + 2] as number) : r;
    const lum = (r * 299 + g * 587 + b * 114) / 1000;
    const redness = r - Math.max(g, b);
    const fade = redness <= 15 ? 0 : Math.min(1, (redness - 15) / 45);
    grey[i] = Math.round(lum + (255 - lum) * fade);
    if (fade >= 0.5) red[i] = 1;
  }
  const near = dilate(red, width, height, 2);
  for (let i = 0; i < count; i++) if (near[i] && (grey[i] as number) > 110) grey[i] = 255;
  return grey;
}

/** The mask grown by `radius` pixels in each direction (a square window), in two passes. */
function dilate(mask: Uint8Array, width: number, height: number, radius: number): Uint8Array {
  const across = new Uint8Array(mask.length);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    // Left to right then right to left: each pixel sees the nearest marked pixel on either side.
    let last = -Infinity;
    for (let x = 0; x < width; x++) {
      if (mask[row + x]) last = x;
      if (x - last <= radius) across[row + x] = 1;
    }
    last = Infinity;
    for (let x = width - 1; x >= 0; x--) {
      if (mask[row + x]) last = x;
      if (last - x <= radius) across[row + x] = 1;
    }
  }
  const out = new Uint8Array(mask.length);
  for (let x = 0; x < width; x++) {
    let last = -Infinity;
    for (let y = 0; y < height; y++) {
      if (across[y * width + x]) last = y;
      if (y - last <= radius) out[y * width + x] = 1;
    }
    last = Infinity;
    for (let y = height - 1; y >= 0; y--) {
      if (across[y * width + x]) last = y;
      if (last - y <= radius) out[y * width + x] = 1;
    }
  }
  return out;
}

/** Netpbm P5 (binary greyscale): the simplest image the OCR engine reads, with no encoder to trust. */
export function pgm(grey: Uint8Array, width: number, height: number): Uint8Array {
  const header = new TextEncoder().encode(`P5\n${width} ${height}\n255\n`);
  const out = new Uint8Array(header.length + grey.length);
  out.set(header, 0);
  out.set(grey, header.length);
  return out;
}

/** Netpbm P6 (binary RGB), as pdftoppm writes a page: its size and where the pixels start. */
export function parsePpm(bytes: Uint8Array): { width: number; height: number; channels: 1 | 3; pixels: Uint8Array } {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 64));
  const m = /^(P[56])\s+(?:#[^\n]*\s+)*(\d+)\s+(\d+)\s+(\d+)\s/.exec(head);
  if (!m) throw new Error('not a binary PPM/PGM image');
  const [, kind, w, h] = m;
  const width = Number(w);
  const height = Number(h);
  const channels = kind === 'P6' ? 3 : 1;
  const start = (m[0] as string).length;
  return { width, height, channels, pixels: bytes.subarray(start, start + width * height * channels) };
}

/** Character accuracy of a recognised text against the known one, whitespace apart: 1 − edits ÷ length. */
export function characterAccuracy(recognised: string, truth: string): number {
  const strip = (s: string) => s.replace(/\s/g, '');
  const t = strip(truth);
  return t.length === 0 ? 1 : Math.max(0, 1 - editDistance(strip(recognised), t) / [...t].length);
}
