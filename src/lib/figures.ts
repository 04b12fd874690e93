/**
 * Report body → key figures (issue 20): the numbers a journalist looks for — 行政复议 and 行政诉讼 cases,
 * 败诉, 出庭应诉率, 规范性文件 reviewed, 政府信息公开 requests, 人大建议 and 政协提案 … — each with the clause
 * it stands in and the heading it sits under.
 *
 * The rules follow tests/fixtures/FIGURES-ANNOTATION.md. A figure is taken only when the indicator's words
 * and the number sit in the same clause, the subject is the reporting body (or unstated), the period is the
 * report's year, and the number is a level — not a target, a change, a cumulative total, an ordinal or a
 * slogan. A wrong figure in a table is worse than a missing one: every guard errs on the side of leaving a
 * figure out.
 *
 * Pure: text in, figures out. Matching runs on a normalised copy of each line of the same length
 * (traditional characters → simplified, full-width digits → ASCII), so that every offset found in it
 * cuts the verbatim clause out of the original.
 */
import { SIMPLIFIED_CHAR } from './chinese-script.ts';
import { type Figure, INDICATORS, type IndicatorId, type Unit } from './indicators.ts';
import { listHeadings } from './render.ts';
import type { Level } from './report.ts';
import { isGovernmentBody } from './report-facts.ts';

export { type Figure, INDICATOR_IDS, INDICATORS, type Indicator, type IndicatorId, type Unit } from './indicators.ts';

const UNIT_OF: Readonly<Record<IndicatorId, Unit>> = Object.fromEntries(
  INDICATORS.map((i) => [i.id, i.unit]),
) as Record<IndicatorId, Unit>;

export interface FigureContext {
  /** The year the report covers. */
  year: number | null;
  /** The most specific place name of the report's region: 梁山县, 邹城市, 留下街道. */
  place: string | null;
  level: Level | null;
  authority: string | null;
}

// ---------------------------------------------------------------------------------------------------
// Numbers

/** A number as reports write it: Arabic (with decimals) or Chinese numerals, then 万 and 余/多. */
const NUMBER_SOURCE = '(?:\\d+(?:\\.\\d+)?|[零〇一二两三四五六七八九十百千]+)(?:万)?(?:余|多)?';
/** Words before a number that make it approximate (超185份, 约50件, 近百场). */
const APPROX_BEFORE = /(?:约|近|超过|超|逾|大约)$/;
/** Words after the unit that make it approximate (95%以上, 50件左右). */
const APPROX_AFTER = /^(?:以上|左右|有余)/;

const CHINESE_DIGIT: Readonly<Record<string, number>> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
const CHINESE_SCALE: Readonly<Record<string, number>> = { 十: 10, 百: 100, 千: 1000 };

/** 三十 → 30, 一百零五 → 105, 十二 → 12, 二〇二四 → 2024 (digits without scale read in place). */
function chineseValue(text: string): number | null {
  if (!/[十百千]/.test(text)) {
    let n = 0;
    for (const ch of text) {
      const d = CHINESE_DIGIT[ch];
      if (d === undefined) return null;
      n = n * 10 + d;
    }
    return n;
  }
  let total = 0;
  let digit: number | null = null;
  for (const ch of text) {
    const d = CHINESE_DIGIT[ch];
    if (d !== undefined) {
      digit = d;
      continue;
    }
    const scale = CHINESE_SCALE[ch];
    if (scale === undefined) return null;
    // 十二: a scale without a digit before it counts once.
    total += (digit ?? 1) * scale;
    digit = null;
  }
  return total + (digit ?? 0);
}

/**
 * A number as written → its value and whether the text qualifies it: «6» → 6, «1.2万» → 12000,
 * «300余» → 300 approx, «三十» → 30, «约50» → 50 approx. Null when the text is no number.
 */
export function parseNumber(text: string): { value: number; approx: boolean } | null {
  const m = /^(约|近|超过|超|逾|大约)?(\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+)(万)?(余|多)?(以上|左右)?$/.exec(
    text.trim(),
  );
  if (!m?.[2]) return null;
  const base = /\d/.test(m[2]) ? Number(m[2]) : chineseValue(m[2]);
  if (base === null || !Number.isFinite(base)) return null;
  // 1.2万 → 12000, without binary noise (1.1 × 10000 = 11000.000000000002).
  const value = m[3] ? Math.round(base * 10000 * 1000) / 1000 : base;
  return { value, approx: Boolean(m[1] || m[4] || m[5]) };
}

// ---------------------------------------------------------------------------------------------------
// Text: normalisation and clauses

/**
 * The characters normalise() changes: full-width digits and signs, and every traditional character whose
 * simplified form is one code unit too (so that offsets in the normalised line cut the original).
 */
const TO_NORMALISE = new RegExp(
  `[０-９％．${Object.entries(SIMPLIFIED_CHAR)
    .filter(([from, to]) => from.length === 1 && to.length === 1 && from !== to)
    .map(([from]) => from.replace(/[\\\]^-]/g, '\\$&'))
    .join('')}]`,
  'g',
);

/**
 * One code unit for one: traditional → simplified, full-width digits and signs → ASCII. One regex pass: most
 * lines need no change at all, and a character-by-character copy was the extraction's largest cost.
 */
function normalise(text: string): string {
  return text.replace(TO_NORMALISE, (ch, at: number) => {
    const code = ch.charCodeAt(0);
    if (code >= 0xff10 && code <= 0xff19) return String.fromCharCode(code - 0xfee0);
    if (ch === '％') return '%';
    if (ch === '．') return /[\d０-９]/.test(text.charAt(at - 1)) && /[\d０-９]/.test(text.charAt(at + 1)) ? '.' : ch;
    return SIMPLIFIED_CHAR[ch] ?? ch;
  });
}

interface Clause {
  /** Offsets in the line. */
  start: number;
  end: number;
  /** Where the clause's sentence starts: what stands before in the sentence (its lead) frames the clause. */
  sentenceStart: number;
}

/**
 * A line → its clauses. Sentences end at 。！？； (and their ASCII forms; a full stop between digits is a
 * decimal point); a comma starts another statement (收到行政复议申请68件，依法受理60件), except between
 * digits (1,200). 、 lists items of one statement and does not split.
 */
export function splitClauses(line: string): Clause[] {
  const clauses: Clause[] = [];
  let start = 0;
  let sentenceStart = 0;
  const isDigit = (i: number) => /[0-9０-９]/.test(line.charAt(i));
  for (let i = 0; i <= line.length; i++) {
    const ch = line.charAt(i);
    const sentenceEnd =
      i === line.length || /[。！？；;!?]/.test(ch) || (ch === '.' && !(isDigit(i - 1) && isDigit(i + 1)));
    const comma = ch === '，' || (ch === ',' && !(isDigit(i - 1) && isDigit(i + 1)));
    if (!sentenceEnd && !comma) continue;
    if (i > start) clauses.push({ start, end: i, sentenceStart });
    start = i + 1;
    if (sentenceEnd) sentenceStart = i + 1;
  }
  return clauses;
}

// ---------------------------------------------------------------------------------------------------
// Guards shared by every rule

/**
 * Another period than the report's year: cumulative, multi-year or earlier. 以来 is checked apart
 * (sinceOtherPeriod): 今年以来 and «2024年以来» in a 2024 report are the year itself.
 */
const CUMULATIVE =
  /截至|截止|累计|先后|近年|近几年|近\d+年|近[两三四五]年|多年来|历年|连续|十四五|十三五|五年来|三年来|上年|去年|上一年|往年|前年|同期|总计|目前|至今/;
const SINCE = /(?:(?:19|20)\d{2}\s*年(?:度)?(?:\d{1,2}月(?:份)?)?|今年|年初|本年度?|开年)?以来/g;

/** 以来 that does not mean the report's year: «2021年以来» in a 2024 report, 机构改革以来, 开展…以来. */
function sinceOtherPeriod(text: string, year: number | null): boolean {
  for (const m of text.matchAll(SINCE)) {
    const y = /((?:19|20)\d{2})/.exec(m[0])?.[1];
    if (y ? Number(y) !== year : !/今年|年初|本年|开年/.test(m[0])) return true;
  }
  return false;
}

/** Targets and promises, not levels. */
const TARGET = /确保|力争|争取|目标|计划|拟|预计|将要|将达|不低于|不少于|要求|务必|必须|应当/;

/** Changes, not levels: the number follows a word of change or is counted in points. */
const CHANGE_BEFORE =
  /(?:同比|环比|较上年|比上年|增长|增加|增幅|提高|提升|上升|下降|减少|降低|压缩|缩减|精简|削减|增至|降至|提速|减幅|比例)(?:了|为|达|达到|约)?$/;

/** A frequency, not a count: 每月召开一次. */
const FREQUENCY_BEFORE = /(?:每|一年|每年|每月|每季度?|每周|每半年|每两月|每两个月|每天|每日)[^\d]{0,3}$/;

/**
 * Another body than the reporting one, by its level: 市委常委会 in a county's report. The level words of the
 * report's own government pass, and so does 县政府办 (the office reporting).
 */
const LEVEL_BODY =
  /(?:^|[^本我全各])(省|市|州|盟|县|区|旗|镇|乡|街道)(?:委|政府(?!办)|人民政府(?!办)|人大|政协|党委|中级人民法院|人民法院|法院|检察院|人民检察院|司法局|普法办|依法治|委员会)/g;

/** Named bodies whose figures are theirs, not the government's. */
const OTHER_BODY = /法院|中院|检察院|检察机关|公安机关|仲裁委/;

/** Groups of other units: their sum is the reporter's own figure only for the government above them. */
const GROUPS =
  /各乡镇|各乡（镇）|各镇|各街道|各村|各社区|各部门|各单位|各县|各区|各市|县市区|县（市、区）|县\(市、区\)|各地|各成员单位|区县|市县两级|市县乡|省市县|各行政机关/;

const WHOLE =
  /全国|全省|全自治区|全市|全州|全盟|全区|全县|全旗|全镇|全乡|全街道|全街|各级|全系统|全行业|全领域|全辖区/g;

/** The 全X words that name the report's own jurisdiction, from its place name (or level when none). */
function ownWholes(context: FigureContext): Set<string> {
  const own = new Set<string>();
  const place = context.place ?? '';
  const authority = context.authority ?? '';
  const add = (...words: string[]) => {
    for (const w of words) own.add(w);
  };
  if (place.endsWith('自治区')) add('全区', '全自治区');
  else if (place.endsWith('街道')) add('全街道', '全街');
  else {
    const last = place.slice(-1);
    const byLast: Record<string, string[]> = {
      省: ['全省'],
      市: ['全市'],
      州: ['全州'],
      盟: ['全盟'],
      县: ['全县'],
      区: ['全区'],
      旗: ['全旗'],
      镇: ['全镇'],
      乡: ['全乡'],
    };
    add(...(byLast[last] ?? []));
  }
  if (!place) {
    const byLevel: Record<Level, string[]> = {
      province: ['全省'],
      city: ['全市'],
      county: ['全县'],
      township: ['全镇', '全乡', '全街道', '全街'],
    };
    if (context.level) add(...byLevel[context.level]);
  }
  // A development zone (经开区, 高新区, 新区) speaks of itself as 全区.
  if (/开发区|高新区|经开区|新区|园区|试验区|自贸区/.test(authority)) add('全区');
  // 各级 spans levels below the reporter: the province's (or a city's) own total.
  if (context.level === 'province' || context.level === 'city') add('各级');
  return own;
}

/** The level words of the report's own government: 县 for 梁山县, 市 for 邹城市, 街道 for 留下街道. */
function ownLevelWords(context: FigureContext): Set<string> {
  const own = new Set<string>();
  const place = context.place ?? '';
  if (place.endsWith('街道')) own.add('街道');
  else if (place.endsWith('自治区')) own.add('区');
  else if (place) own.add(place.slice(-1));
  else if (context.level) {
    const byLevel: Record<Level, string[]> = {
      province: ['省'],
      city: ['市', '州', '盟'],
      county: ['县', '区', '旗', '市'],
      township: ['镇', '乡', '街道'],
    };
    for (const w of byLevel[context.level]) own.add(w);
  }
  if (/开发区|高新区|经开区|新区|园区/.test(context.authority ?? '')) own.add('区');
  return own;
}

/**
 * Whether the group a clause names is of units below the reporter, counted in its own report (各村(居) in a
 * town's, 各乡镇 in a county's): the annotators take those as the reporter's own figure.
 */
function ownGroup(group: string, context: FigureContext): boolean {
  if (/各单位|各成员单位/.test(group)) return true;
  switch (context.level) {
    case 'township':
      return /村|社区/.test(group);
    case 'county':
      return /乡|镇|街道|部门|行政机关/.test(group);
    case 'city':
      return /县|区|乡|镇|街道|部门|行政机关|县市区|地/.test(group) && !/市县|省市/.test(group);
    case 'province':
      return !/省市县/.test(group);
    default:
      return false;
  }
}

interface Frame {
  /** The reporter is an office or department of a government, not the government. */
  department: boolean;
  context: FigureContext;
  ownWholes: Set<string>;
  ownLevels: Set<string>;
}

/** The clause's own subject is another body's, or the whole of a larger jurisdiction. */
function foreignSubject(text: string, frame: Frame): boolean {
  for (const m of text.matchAll(WHOLE)) if (!frame.ownWholes.has(m[0])) return true;
  if (OTHER_BODY.test(text) && !OTHER_BODY.test(frame.context.authority ?? '')) return true;
  const group = GROUPS.exec(text)?.[0];
  if (group && !ownGroup(group, frame.context)) return true;
  // Without the report's own level (no place, no level), a level word is no evidence either way.
  if (frame.ownLevels.size > 0)
    for (const m of text.matchAll(LEVEL_BODY)) {
      // 审核省政府行政规范性文件13件: the body whose documents are reviewed is the object, not who reviews.
      // (The match may begin with the character before the body: the body starts at its level word.)
      const bodyStart = (m.index ?? 0) + (m[1] ? m[0].indexOf(m[1]) : 0);
      if (/(?:审核|审查|备案审查|备案|合法性审查|合法性审核)$/.test(text.slice(0, bodyStart))) continue;
      if (m[1] && !frame.ownLevels.has(m[1])) return true;
      // In the report of a government's office or department, the government itself (县政府共确定…) is another body.
      if (frame.department && /政府$/.test(m[0])) return true;
    }
  return false;
}

/** Another year than the report's, named in the text (titles in 《》 and year spans excepted). */
function otherYear(text: string, year: number | null): boolean {
  const plain = text.replace(/《[^》]*》|〈[^〉]*〉|<[^>]*>|[（(][^）)]*\d{4}\s*[—–\-－~至]+\s*\d{4}[^）)]*[）)]/g, '');
  for (const m of plain.matchAll(/((?:19|20)\d{2})(?=\s*(?:年|—|–|-|－|至))/g)) {
    if (year === null || Number(m[1]) !== year) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------------
// Candidates: a number with its unit in a clause

interface NumberAt {
  /** Offsets in the clause (normalised), of the number and of the unit's end. */
  start: number;
  end: number;
  value: number;
  approx: boolean;
  /** A zero in words (败诉率为零): no digits of its own to guard. */
  zero?: true;
}

/** Units as written → the indicator's unit (项, 个, 份, 起, 宗 count as 件; 场, 期, 堂, 轮 as 次; 人, 位 as 名). */
const UNITS: Readonly<Record<Unit, string>> = {
  件: '件|项|个|份|起|宗',
  次: '场次|次|场|期|堂|轮次|轮',
  名: '名|人|位|家',
  '%': '%',
};
/** What after a unit makes it another unit: 人次, 件次, 个百分点, 个月, 次会议 is fine. */
const UNIT_TAIL: Readonly<Record<Unit, RegExp>> = {
  件: /^(?:次|批|百分点|月|工作日|小时|类|方面|部门|单位|乡镇|村|社区|行政村|问题)/,
  次: /^(?:人|会议室)/,
  名: /^(?:次|员|口|民|才|事|大)/,
  '%': /^$(?!)/,
};

/** Every number with one of the unit's forms right after it, in the clause (normalised). */
function numbersWithUnit(text: string, unit: Unit, alsoUnits?: string): NumberAt[] {
  const units = alsoUnits ? `${UNITS[unit]}|${alsoUnits}` : UNITS[unit];
  const pattern = new RegExp(`(?<![\\d.])(${NUMBER_SOURCE})\\s*(${units})`, 'g');
  const found: NumberAt[] = [];
  for (const m of text.matchAll(pattern)) {
    const numberText = m[1] ?? '';
    const start = m.index ?? 0;
    const end = start + m[0].length;
    if (UNIT_TAIL[unit].test(text.slice(end))) continue;
    // A bare 一 is a phrase far more often than a count (一件事, 一次性, 一个窗口, 一名执业律师作为…).
    if (numberText === '一' || (numberText === '两' && unit !== '名')) continue;
    const before = text.slice(0, start);
    const parsed = parseNumber(numberText);
    if (!parsed) continue;
    const approx = parsed.approx || APPROX_BEFORE.test(before) || APPROX_AFTER.test(text.slice(end));
    found.push({ start, end, value: parsed.value, approx });
  }
  return found;
}

/** A number's own guards: an ordinal (第九期), a slogan (三个100%, 1+N), a change, a frequency. */
function numberGuardsFail(text: string, n: NumberAt): boolean {
  const before = text.slice(0, n.start);
  const after = text.slice(n.end);
  if (/第$/.test(before)) return true;
  if (/[一二三四五六七八九十两]个$/.test(before) || /[+＋]$/.test(before) || /^[+＋]/.test(after)) return true;
  if (CHANGE_BEFORE.test(before) || /^(?:百分点)/.test(after)) return true;
  if (FREQUENCY_BEFORE.test(before)) return true;
  // 由17项减少至8项, 从799项削减至326项: before and after, not a level of the year.
  if (/^[^\d]{0,4}(?:减少|削减|压缩|精简|增加|提高|降低|缩减)?至/.test(after) || /[由从][^\d]{0,20}$/.test(before))
    return true;
  return false;
}

// ---------------------------------------------------------------------------------------------------
// The rules, one per indicator family

interface Match {
  indicator: IndicatorId;
  value: number;
  approx: boolean;
  /** Lower is the indicator's main count (received before accepted, reviewed before filed). */
  rank: number;
  /** Where the number stands in the clause; null for a zero in words (无一件败诉). */
  at: NumberAt | null;
}

/** A rule reads one clause (normalised; lead = the sentence before it) and gives the figures it finds. */
interface Rule {
  name: string;
  read(clause: string, lead: string): Match[];
}

/**
 * The count a clause gives for an indicator's words: the first number with the unit after the words
 * (within `reach` characters, with nothing between that joins another item: 和, 及, 与, 共 over a list),
 * or, when `before` is set, a number with the unit shortly before the words (聘请3名法律顾问).
 */
function countNear(
  clause: string,
  words: RegExp,
  unit: Unit,
  options: { reach?: number; before?: number; allowJoin?: boolean; alsoUnits?: string } = {},
): NumberAt | null {
  const reach = options.reach ?? 14;
  const w = new RegExp(words.source, 'g');
  for (const wm of clause.matchAll(w)) {
    const wStart = wm.index ?? 0;
    const wEnd = wStart + wm[0].length;
    const numbers = numbersWithUnit(clause, unit, options.alsoUnits);
    const after = numbers.find((n) => n.start >= wEnd && n.start - wEnd <= reach);
    if (after) {
      const gap = clause.slice(wEnd, after.start);
      // Another number between the words and this one: the words belong to that one.
      const joined =
        /[和及与]|以及|、[^\d]/.test(gap) || (/共|合计|总计/.test(gap) && /[和及与、]/.test(clause.slice(0, wStart)));
      if (!/\d/.test(gap) && (options.allowJoin || !joined)) return after;
    }
    if (options.before) {
      const limit = options.before;
      const prior = [...numbers].reverse().find((n) => n.end <= wStart && wStart - n.end <= limit);
      if (prior) {
        const gap = clause.slice(prior.end, wStart);
        if (!/\d/.test(gap) && (options.allowJoin || !/[和及与、]/.test(gap))) return prior;
      }
    }
  }
  return null;
}

/** The rate a clause gives after the rate's words: 出庭应诉率100%, 合格率均达到100%, 败诉率为零. */
function rateAfter(clause: string, words: RegExp, zeroWords = false): NumberAt | null {
  const lead = `(?:${words.source})(?:[、和及与]?[\\u4e00-\\u9fa5]{1,4}率)*(?:均|都|分别|也)?(?:为|是|达到|达|保持|实现|在)?\\s*`;
  const rate = new RegExp(`${lead}(${NUMBER_SOURCE})\\s*%`, 'g');
  for (const m of clause.matchAll(rate)) {
    const parsed = parseNumber(m[1] ?? '');
    if (!parsed) continue;
    const end = (m.index ?? 0) + m[0].length;
    const start = end - m[0].length + m[0].lastIndexOf(m[1] ?? '');
    const approx = parsed.approx || APPROX_AFTER.test(clause.slice(end));
    return { start, end, value: parsed.value, approx };
  }
  if (zeroWords) {
    const zero = new RegExp(`${lead}(?:零|0(?![.\\d%]))`).exec(clause);
    if (zero) return { start: zero.index, end: zero.index + zero[0].length, value: 0, approx: false, zero: true };
  }
  return null;
}

const one = (indicator: IndicatorId, n: NumberAt | null, rank = 0): Match[] =>
  n ? [{ indicator, value: n.value, approx: n.approx, rank, at: n }] : [];

/** Words of legal study and training that are about law (法治, 法律, 宪法, 民法典 …). */
const ABOUT_LAW =
  /法治|法律|法规|宪法|民法典|依法|法学|普法|行政[许处复诉]|条例|党内法规|[\u4e00-\u9fa5]法》|[\u4e00-\u9fa5]法(?:等|专题|知识|培训)/;

export const RULES: readonly Rule[] = [
  {
    name: 'reconsideration cases (received before accepted before handled)',
    read(clause) {
      if (!/复议/.test(clause) || /复议法|纠错率|复议机关|复议[^\d]{0,6}和[^\d]{0,4}诉讼|复议[、和]应诉/.test(clause))
        return [];
      // The cases or applications themselves (议题 on 行政复议 are no cases).
      const words = /(?:行政)?复议(?:申请|案件)|(?:收到|新收|受理|办理|审结|办结|收案)[^\d，,等]{0,4}行政复议/;
      const n = countNear(clause, words, '件', { before: 6 });
      const rank = /收到|新收|收案|接收/.test(clause) ? 0 : /受理/.test(clause) ? 1 : 2;
      return one('reconsiderationCases', n, rank);
    },
  },
  {
    name: 'reconsideration correction rate',
    read(clause, lead) {
      if (!/复议/.test(clause + lead)) return [];
      return one('reconsiderationCorrectionRate', rateAfter(clause, /(?:直接)?纠错率/));
    },
  },
  {
    name: 'litigation cases',
    read(clause) {
      if (/败诉/.test(clause.replace(/无一件?[^\d，,]{0,8}败诉|零败诉/g, '')) && !/应诉|诉讼案件/.test(clause))
        return [];
      if (/出庭/.test(clause) && !/案件/.test(clause)) return [];
      const words = /行政(?:诉讼|应诉)(?:案件)?|应诉案件|行政案件|一审行政诉讼案件/;
      return one('litigationCases', countNear(clause, words, '件', { before: 6 }));
    },
  },
  {
    name: 'lost cases (zero in words too: 无一件败诉, 零败诉, 未发生败诉)',
    read(clause) {
      if (!/败诉/.test(clause) || /败诉率/.test(clause)) return [];
      if (
        /无一[件例起]?[^\d，,。]{0,10}败诉|零败诉|败诉[^\d，,]{0,4}(?:为零|为0(?![.\d])|清零)|(?:未|没有)(?:发生|出现)[^\d，,]{0,16}败诉|无[^\d，,]{0,30}败诉[^\d，,]{0,4}(?:案件)?(?:的)?(?:发生|情况|情形)?$/.test(
          clause,
        )
      )
        return [{ indicator: 'lostCases', value: 0, approx: false, rank: 0, at: null }];
      return one('lostCases', countNear(clause, /败诉(?:案件)?/, '件', { before: 8 }));
    },
  },
  {
    name: 'loss rate',
    read(clause) {
      return one('lossRate', rateAfter(clause, /败诉率/, true));
    },
  },
  {
    name: "leaders' appearance in court",
    read(clause) {
      if (/旁听/.test(clause)) return [];
      return one('leaderAppearanceRate', rateAfter(clause, /出庭(?:应诉)?率|出庭应诉比例/));
    },
  },
  {
    name: 'normative documents reviewed (reviewed before filed)',
    read(clause) {
      if (!/规范性文件/.test(clause) || !/审查|审核|备案/.test(clause)) return [];
      if (/清理|废止|修订|制定|出台|公布|印发|发布/.test(clause) && !/审查|审核/.test(clause)) return [];
      const n = countNear(clause, /(?:行政)?规范性文件(?:合法性审查|合法性审核|审查|审核|备案审查|备案)?/, '件', {
        before: 6,
      });
      const rank = /审查|审核/.test(clause) ? 0 : 1;
      return one('normativeDocsReviewed', n, rank);
    },
  },
  {
    name: 'legality reviews (a total, where the clause or the one before says 合法性审查/审核, 法制审核)',
    read(clause, lead) {
      const words = /合法性审[查核]|法制审[核查]|合法性审查把关/;
      // 重大执法决定法制审核案件: the review of enforcement decisions, another count.
      if (/执法|审核案件|审查案件/.test(clause)) return [];
      // 严把合法性审查关，审查规范性文件和各类…合同共715份: the clause before names the review.
      const previous = lead.split(/[，,]/).slice(-2, -1)[0] ?? '';
      const own = words.test(clause);
      // The clause after 严把合法性审查关 counts only as a total over several kinds (…和…合同共715份).
      const total = /[和及与、]/.test(clause);
      if (!own && !(words.test(previous) && /审查|审核/.test(clause) && total)) return [];
      // Of 规范性文件 alone, it is the documents' figure; with decisions or contracts, a total.
      const others = /合同|决策|协议|[、和及与]各类文件|各类文件[、和及与]/.test(clause);
      if (/规范性文件/.test(clause) && !others) return [];
      const n = countNear(clause, own ? words : /审查|审核/, '件', {
        before: 20,
        reach: 20,
        allowJoin: true,
        alsoUnits: '次',
      });
      return one('legalityReviews', n);
    },
  },
  {
    name: 'major administrative decisions',
    read(clause) {
      if (/目录(?!.*\d\s*[件项个])|合法性审|法制审核|与规范性文件|和规范性文件/.test(clause)) return [];
      // 我局无重大行政决策事项: none this year, said in words (the clause ends there: 无重大决策…被纠错 is no count).
      const none = /(?:无|没有|未作出|未有)(?:重大行政决策|重大决策)(?:事项)?(?:发生)?$/.exec(clause);
      if (none)
        return one('majorDecisions', {
          start: none.index,
          end: none.index + none[0].length,
          value: 0,
          approx: false,
          zero: true,
        });
      // Right after the words (县政府共确定重大行政决策23件): 重大决策提供法律意见50余件 counts the opinions.
      return one(
        'majorDecisions',
        countNear(clause, /重大(?:行政)?决策(?:事项)?(?:共|计|合计)?/, '件', { before: 4, reach: 0 }),
      );
    },
  },
  {
    name: 'disclosure requests',
    read(clause) {
      const words = /政府信息公开申请(?:件)?|信息公开申请(?:件)?|依申请公开(?:申请)?(?:事项)?/;
      return one('disclosureRequests', countNear(clause, words, '件', { reach: 8 }));
    },
  },
  {
    name: "NPC deputies' suggestions (a combined figure with 政协提案 is not split)",
    read(clause) {
      // 议案 but not in 复议案件.
      const words =
        /人大代表(?:建议|议案|意见)+|人大(?:建议|议案)|代表(?:建议|议案)(?:和批评意见)?|(?<!复)议案(?:建议)?/;
      return one('npcSuggestions', countNear(clause, words, '件', { reach: 8 }));
    },
  },
  {
    name: "CPPCC members' proposals (a combined figure is not split)",
    read(clause) {
      const words = /政协(?:委员)?提案|委员提案|提案/;
      return one('cppccProposals', countNear(clause, words, '件', { reach: 8 }));
    },
  },
  {
    name: "leaders' law study sessions",
    read(clause, lead) {
      // An exam, a report on one's own duties, a speech at a session: no study session counted.
      if (/考试|测试|考法|学法用法|述法|发言|法治课/.test(clause)) return [];
      const leaders = /常务会|常委会|中心组|党组|党委|党工委|班子|领导|会前|办公会|政府会议|党委会/;
      const study = /学法|讲法(?![治律])|释法|法治(?:专题)?学习|专题学法|集体学法|集中学法/;
      if (leaders.test(clause)) {
        const n =
          countNear(clause, study, '次', { before: 4, reach: 8 }) ??
          // 党委中心组集中学习习近平法治思想6次, 理论学习中心组围绕…依法治国开展主题研讨1次: study, of law.
          (ABOUT_LAW.test(clause) ? countNear(clause, /(?:学习|研讨)[^\d，,]{0,24}/, '次', { reach: 2 }) : null);
        return one('lawStudySessions', n);
      }
      // 将学法纳入市政府常务会议规定动作，组织集中学法7次: the clause before names who studies.
      if (leaders.test(lead) && /^[^\d，,]{0,6}(?:集中|集体|专题)学法/.test(clause))
        return one('lawStudySessions', countNear(clause, study, '次', { before: 4, reach: 8 }));
      // 纳入党委中心组学习内容和公职人员学法内容，全年学习12次: the sentence says who studies law.
      if (leaders.test(lead) && /学法/.test(lead) && /^[^\d]{0,6}学习\d/.test(clause))
        return one('lawStudySessions', countNear(clause, /学习/, '次', { reach: 1 }));
      return [];
    },
  },
  {
    name: 'law training sessions (classes, lectures)',
    read(clause, lead) {
      if (!ABOUT_LAW.test(lead + clause) || /宣传|宣讲|研讨|轮训|人次/.test(clause.replace(/培训宣讲/, ''))) return [];
      const words = /培训班|培训会|专题培训|法治培训|业务培训|培训|讲座|法治课|法治讲堂/;
      return one('trainingSessions', countNear(clause, words, '次', { before: 24, reach: 4 }));
    },
  },
  {
    name: 'law exam pass rate',
    read(clause, lead) {
      // The rate often stands in the clause after the exam's (参加…考试，合格率达100%).
      const exam = /考试|测试|考法|考核/;
      const context = exam.test(clause) ? clause : /^[^\d]{0,6}(?:合格率|通过率|参考率)/.test(clause) ? lead : '';
      if (!exam.test(context)) return [];
      if (/执法资格|职业资格|资格考试|资格通过/.test(clause + context)) return [];
      if (!/学法|法律|法治|法规|普法|宪法|考法|民法典/.test(context + lead)) return [];
      return one('examPassRate', rateAfter(clause, /合格率|通过率|及格率/));
    },
  },
  {
    name: 'legal advisers',
    read(clause) {
      if (
        /村(?:（社区）|\(社区\))?法律顾问|一村一|法律顾问[^\d，,]{0,6}(?:审查|审核|出具|提供|参与|代理|列席)/.test(
          clause,
        )
      )
        return [];
      return one(
        'legalAdvisers',
        countNear(clause, /法律顾问(?:（[^）]{0,10}）|\([^)]{0,10}\))?/, '名', { before: 16, reach: 4 }),
      );
    },
  },
  {
    name: 'public lawyers',
    read(clause) {
      return one('publicLawyers', countNear(clause, /公职律师/, '名', { before: 6, reach: 4 }));
    },
  },
  {
    name: 'disputes investigated, resolved, mediated',
    read(clause) {
      if (!/排查|化解|调处|调解/.test(clause) || /化解率|调解率|成功率/.test(clause.replace(/[，,].*$/, ''))) return [];
      const words = /(?:各类|各种)?(?:矛盾纠纷|纠纷|矛盾)/;
      return one('disputesResolved', countNear(clause, words, '件', { before: 6, reach: 4 }));
    },
  },
];

// ---------------------------------------------------------------------------------------------------
// Sections and the whole report

/** Headings whose figures are plans, not the year's results. */
/**
 * A superset of the words every rule needs in its clause (复议, 诉讼, 规范性文件, 学法, 培训 …): a clause with
 * none of them is read by no rule. tests/unit/figures.property.test.ts checks that it changes no result.
 */
const ANY_INDICATOR_WORD =
  /复议|纠错|诉|出庭|规范性文件|审[查核]|决策|公开|申请|建议|议案|提案|学|讲|释法|研讨|培训|法治课|考|测试|合格|通过率|及格|顾问|律师|纠纷|矛盾|调解|调处|化解/;

const PLAN_HEADING = /下一步|工作打算|工作计划|工作思路|努力方向|工作安排|工作设想|重点工作|工作展望|年度?工作要点/;

interface Found extends Match {
  text: string;
  section: string | null;
  order: number;
}

/**
 * The report's figures: at most one per indicator, in INDICATORS order. Where a report gives several values
 * for an indicator, the first in reading order of its main kind is taken (received before accepted).
 */
export function extractFigures(markdown: string, context: FigureContext): Figure[] {
  const authority = context.authority ?? '';
  const department = authority !== '' && !isGovernmentBody(authority);
  const frame: Frame = { department, context, ownWholes: ownWholes(context), ownLevels: ownLevelWords(context) };
  const headings = listHeadings(markdown);
  const headingLine = new Set(
    headings.flatMap((h) => Array.from({ length: h.endLine - h.line }, (_, i) => h.line + i)),
  );
  const lines = markdown.split('\n');
  const found: Found[] = [];
  let order = 0;
  let h = -1;
  /** The open headings above the line, by level: a plan under 三、下一步工作打算 is no result. */
  const open: { level: number; text: string }[] = [];
  for (let ln = 0; ln < lines.length; ln++) {
    while (h + 1 < headings.length && (headings[h + 1]?.line ?? Number.POSITIVE_INFINITY) <= ln) {
      h++;
      const heading = headings[h];
      if (heading) {
        while (open.length > 0 && (open[open.length - 1]?.level ?? 0) >= heading.level) open.pop();
        open.push({ level: heading.level, text: heading.text });
      }
    }
    if (headingLine.has(ln)) continue;
    const original = lines[ln] ?? '';
    if (!/\d|[０-９一二三四五六七八九十百千零]|败訴|败诉|敗訴|[无無]重大/.test(original)) continue;
    if (open.some((o) => PLAN_HEADING.test(normalise(o.text)))) continue;
    const section = h >= 0 ? (headings[h]?.id ?? null) : null;
    const line = normalise(original);
    if (!ANY_INDICATOR_WORD.test(line)) continue;
    for (const c of splitClauses(line)) {
      const clause = line.slice(c.start, c.end);
      const lead = line.slice(c.sentenceStart, c.start);
      // A clause without a numeral can still state a zero in words (我镇无…败诉类案件的发生).
      if (!/\d|[零〇一二两三四五六七八九十百千]|败诉|无重大/.test(clause)) continue;
      // Most clauses name no indicator: one test of every rule's words spares them the eighteen rules.
      if (!ANY_INDICATOR_WORD.test(clause)) continue;
      const matches = RULES.flatMap((rule) => rule.read(clause, lead));
      if (matches.length === 0) continue;
      if (!clauseGuardsPass(clause, lead, frame)) continue;
      for (const m of matches) {
        if (!numberPasses(clause, m)) continue;
        found.push({ ...m, text: original.slice(c.start, c.end).trim(), section, order: order++ });
      }
    }
  }
  const figures: Figure[] = [];
  for (const indicator of INDICATORS) {
    const best = found
      .filter((f) => f.indicator === indicator.id)
      .sort((a, b) => a.rank - b.rank || a.order - b.order)[0];
    if (best)
      figures.push({
        indicator: best.indicator,
        value: best.value,
        unit: UNIT_OF[best.indicator],
        approx: best.approx,
        text: best.text,
        section: best.section,
      });
  }
  return figures;
}

/** The guards on a clause as a whole: subject, period, target. */
function clauseGuardsPass(clause: string, lead: string, frame: Frame): boolean {
  const framing = lead + clause;
  if (
    CUMULATIVE.test(framing) ||
    sinceOtherPeriod(framing, frame.context.year) ||
    otherYear(framing, frame.context.year)
  )
    return false;
  if (TARGET.test(clause)) return false;
  // 督促办理人大代表建议256件: what the reporter urged others to do is theirs.
  if (/督促|指导|推动[^\d，,]{0,6}办理/.test(clause)) return false;
  // The subject: the clause's own words, and the sentence's first clause (where its subject stands).
  const firstClause = lead.split(/[，,]/)[0] ?? '';
  if (foreignSubject(clause, frame) || foreignSubject(firstClause, frame)) return false;
  return true;
}

/** The guards on the number a rule found: ordinal, slogan, change, frequency. */
function numberPasses(clause: string, m: Match): boolean {
  return m.at === null || m.at.zero === true || !numberGuardsFail(clause, m.at);
}

/**
 * The anchor id of the heading above the first line holding `text` (a clause a sidecar names), null when
 * no heading precedes it or the body does not hold it.
 */
export function sectionOfText(markdown: string, text: string): string | null {
  const at = markdown.indexOf(text);
  if (at < 0) return null;
  const line = markdown.slice(0, at).split('\n').length - 1;
  let section: string | null = null;
  for (const heading of listHeadings(markdown)) if (heading.line <= line) section = heading.id;
  return section;
}
