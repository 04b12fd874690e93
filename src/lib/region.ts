/**
 * Clues → the region a report belongs to. Every place name in the report's strong positions (folder,
 * issuer, title, publisher, the opening sentence) is a candidate; every place name anywhere is
 * evidence. A candidate's score is the evidence for it and for its ancestors, so that 市中区 under
 * 济南市 wins when the text also names 济南. A name that stays ambiguous is left unresolved at its
 * own level with a warning — never guessed silently. Units the gazetteer lacks (development zones)
 * resolve to their nearest known parent, with a warning.
 */
import { BUCKET_TOWNSHIPS, type Division, type Gazetteer, gazetteer } from './gazetteer.ts';
import type { SelfKind } from './metadata.ts';
import type { Level, Region } from './report.ts';
import { fieldWarning, noticeOnly } from './warnings.ts';

export type Zone = 'folder' | 'issuer' | 'title' | 'publisher' | 'opening' | 'body';

/** How much a mention in each zone counts; folder names are the webmaster's own word. */
const ZONE_WEIGHT: Record<Zone, number> = { folder: 100, issuer: 12, title: 10, publisher: 6, opening: 5, body: 1 };
/** Zones whose place names may be the report's own region (the rest only support ancestors). */
const SUBJECT_ZONES: ReadonlySet<Zone> = new Set(['folder', 'issuer', 'title', 'publisher', 'opening']);
const LEVEL_RANK: Record<Level, number> = { province: 0, city: 1, county: 2, township: 3 };

export interface Mention {
  name: string;
  divisions: readonly Division[];
  zone: Zone;
  /** Written in short form (济宁 for 济宁市): weaker in running text. */
  short: boolean;
  /** Offset in the zone's text (UTF-16 code units). */
  at: number;
  /** The text right after the name (to see 经济开发区 in 济宁经济开发区). */
  after: string;
}

export interface RegionEvidence {
  texts: { zone: Zone; text: string }[];
  /** Which level of government the text speaks as or to: 县委、县政府 → county; 市委 over a township → its county is a 市. */
  parentKind?: '市' | '县' | '区' | undefined;
  /** The 文号 prefix (台政办字〔2022〕1号 → 台) with the kind of government it names (区 for 区政府办公室). */
  docPrefix?: { prefix: string; kind: '市' | '县' | '区' | undefined } | undefined;
  /** 自治区党委 / 省委 in the text: the kind of province the report is in. */
  provinceKind?: '自治区' | '省' | undefined;
  /** The level the issuer names itself by when it names no place (现将县人民政府…报告如下: 县). */
  selfKind?: SelfKind | undefined;
}

export interface RegionResult {
  region: Region;
  level: Level | null;
  warnings: string[];
  /** Read from the 文号 prefix alone (台政办 → 台儿庄区): a guess the text does not settle. */
  fromDocPrefix?: true;
}

const EMPTY: Region = { province: null, city: null, county: null, township: null, code: null };

/**
 * Keyed by UTF-16 code unit, not by character string: the scan looks up every position of every report
 * body, and a number key spares a string per lookup (a name outside the BMP is two steps, and matches alike).
 */
interface TrieNode {
  next: Map<number, TrieNode>;
  entries?: { divisions: readonly Division[]; short: boolean; name: string }[];
}

let trie: TrieNode | undefined;

function nameTrie(g: Gazetteer): TrieNode {
  if (trie) return trie;
  const root: TrieNode = { next: new Map() };
  for (const [name, divisions, short] of g.names()) {
    let node = root;
    for (let k = 0; k < name.length; k++) {
      const unit = name.charCodeAt(k);
      let child = node.next.get(unit);
      if (!child) {
        child = { next: new Map() };
        node.next.set(unit, child);
      }
      node = child;
    }
    node.entries ??= [];
    node.entries.push({ divisions, short, name });
  }
  trie = root;
  return root;
}

/** The words that end a development zone's name, longest first (经济技术开发区 before 开发区). */
const ZONE_WORDS =
  '经济技术开发区|经济开发区|高新技术产业开发区|高新技术产业园区|高新区|经开区|开发区|新区|工业园区|产业园区|综合保税区|保税区|综保区|综合试验区';
/** A zone's whole name: a proper part, then a zone word (济宁经济开发区; not 开发区 alone). */
const ZONE_NAME = new RegExp(`^\\p{Script=Han}+(${ZONE_WORDS})$`, 'u');
/** Words after a place name that show it names a unit the gazetteer does not list (宁河经济开发区). */
const ZONE_UNIT = new RegExp(`^(${ZONE_WORDS})`);
/**
 * A zone with a proper name of its own between the place and the zone word (济宁太白湖新区). Read only in
 * the title and the issuer line: in running text two characters before 新区 are as often a verb (推进新区).
 */
const NAMED_ZONE_UNIT = new RegExp(`^(\\p{Script=Han}{2,3}?)(${ZONE_WORDS})`, 'u');

/** Words after a short form that show it names a government (梁山县委, 长安区政府). */
const GOVERNMENT_WORD = /^(县|区|委|政府|党委|人民政府)/;

/**
 * Every place name in the text, longest match first at each position (济南市市中区 → 济南市, 市中区).
 * Short forms count only where they are followed by a government word or stand at a subject position:
 * in running text 长安, 和平 are ordinary words.
 */
export function scanPlaceNames(text: string, zone: Zone, g: Gazetteer = gazetteer()): Mention[] {
  const root = nameTrie(g);
  const mentions: Mention[] = [];
  for (let i = 0; i < text.length; ) {
    let node: TrieNode | undefined = root;
    let bestLength = 0;
    let bestEntries: TrieNode['entries'];
    for (let j = i; j < text.length && node; j++) {
      node = node.next.get(text.charCodeAt(j));
      if (node?.entries) {
        bestLength = j - i + 1;
        bestEntries = node.entries;
      }
    }
    if (!bestEntries) {
      i++;
      continue;
    }
    // Enough for the longest word the rules look for after a name (ZONE_UNIT, government words).
    const after = text.slice(i + bestLength, i + bestLength + 12);
    const found = mentions.length;
    for (const entry of bestEntries) {
      // A short form shared by a division and one above it (衡阳 for 衡阳市 and its 衡阳县, 大理 for 大理州
      // and its 大理市) names the one above: the one below is written in full.
      const named = entry.short
        ? entry.divisions.filter((d) => !entry.divisions.some((a) => a !== d && g.isAncestor(a, d)))
        : entry.divisions;
      // Province and prefecture short forms (山东, 西宁) are distinctive; a county's (长安, 和平, 资源 in
      // 自然资源局) needs a government word or a zone after it (宁河经济开发区) to count — anywhere but in a
      // folder name, the webmaster's own short form.
      const divisions =
        entry.short && zone !== 'folder' && !GOVERNMENT_WORD.test(after) && !ZONE_UNIT.test(after)
          ? named.filter((d) => d.level === 'province' || d.level === 'city')
          : named;
      if (divisions.length === 0) continue;
      mentions.push({ name: entry.name, divisions, zone, short: entry.short, at: i, after });
    }
    // A name that does not count here (建湖 in 组建湖南省) does not hide the name that starts inside it.
    i += mentions.length > found ? bestLength : 1;
  }
  return mentions;
}

interface Candidate {
  division: Division;
  score: number;
  /** The strongest zone in which the division itself is named. */
  ownWeight: number;
}

/** The kind of county-level unit a division is (for 市委/县委/区委 hints). */
function unitKind(d: Division | undefined): '市' | '县' | '区' | undefined {
  const last = d?.name.slice(-1);
  return last === '市' || last === '县' || last === '区' ? last : undefined;
}

/**
 * The clues in steps: every place name in the texts; the evidence for each division; the candidates
 * (names in subject positions) scored by it; the 文号 prefix when the text names no place below a
 * province; then the choice — the best candidate, left partly unresolved when a namesake scores as
 * well, or the province the text names most when there is no candidate at all.
 */
export function resolveRegion(evidence: RegionEvidence, g: Gazetteer = gazetteer()): RegionResult {
  const warnings: string[] = [];
  const mentions = evidence.texts.flatMap(({ zone, text }) => scanPlaceNames(text, zone, g));
  const support = supportByDivision(mentions);
  const candidates = scoreCandidates(mentions, support, evidence, g);

  const { docPrefix } = evidence;
  const onlyProvinces = [...candidates.values()].every((c) => c.division.level === 'province');
  const inferred = docPrefix && onlyProvinces ? fromDocPrefix(docPrefix, support, g) : undefined;
  if (docPrefix && inferred) {
    warnings.push(fieldWarning('region', `地区由文号前缀「${docPrefix.prefix}」推断为${inferred.name}，请核对`));
    candidates.clear();
    candidates.set(inferred.code, { division: inferred, score: 1, ownWeight: ZONE_WEIGHT.opening });
  }

  // A report that calls itself 县人民政府 and names no county where its subject stands: the county its
  // text names most, if one leads clearly (inside what the candidates name, when they name anything).
  const { selfKind } = evidence;
  if (selfKind && ![...candidates.values()].some((c) => isOfKind(c.division, selfKind))) {
    const self = namedMostOfKind(selfKind, mentions, support, [...candidates.values()], warnings, g);
    if (self) return self;
  }
  const leading = leadingZone(evidence.texts, g);
  if (leading && [...candidates.values()].every((c) => c.division.level === 'province')) {
    // A zone that names no listed place (西咸新区2023年度…报告): the zone itself, in the province the text names.
    const province = candidates.size > 0 ? mostSpecific(rankCandidates(candidates), g).division : undefined;
    const within = province ? g.toRegion(province) : { ...EMPTY };
    warnings.push(fieldWarning('region', `「${leading}」不在行政区划表中，作为县级单位填入，请核对上级地区`));
    return { region: { ...within, county: leading }, level: 'county', warnings };
  }
  if (candidates.size === 0) return provinceNamedMost(support, warnings, g, evidence.provinceKind);

  const ranked = rankCandidates(candidates);
  const best = mostSpecific(ranked, g);
  const rivals = rivalsOf(best, ranked);
  if (rivals.length > 0) return ambiguousRegion(best, rivals, warnings, g);

  const zone = unlistedZone(mentions, best, g);
  if (zone) {
    warnings.push(fieldWarning('region', `「${zone.name}」不在行政区划表中，作为县级单位归入${zone.within}，请核对`));
    return { region: zone.region, level: 'county', warnings };
  }
  const unlisted = unlistedUnit(mentions, best);
  if (unlisted) warnings.push(unlisted);
  const namesakes = unnamedParents(best.division, mentions, g);
  if (namesakes > 1)
    warnings.push(
      fieldWarning(
        'region',
        `「${best.division.name}」有 ${namesakes} 处同名，正文未写出上级地区，按其他线索归入${g
          .chain(best.division)
          .map((d) => d.name)
          .join('')}，请核对`,
      ),
    );
  const guessed = inferred && best.division.code === inferred.code ? { fromDocPrefix: true as const } : {};
  return { region: g.toRegion(best.division), level: best.division.level, warnings, ...guessed };
}

/** Evidence per division code: the sum of its mentions' weights (a name of several divisions shares its weight). */
function supportByDivision(mentions: Mention[]): Map<string, number> {
  const support = new Map<string, number>();
  for (const m of mentions) {
    const weight = ZONE_WEIGHT[m.zone] * (m.short && m.zone === 'body' ? 0.5 : 1);
    for (const d of m.divisions) support.set(d.code, (support.get(d.code) ?? 0) + weight / m.divisions.length);
  }
  return support;
}

/** Every division named in a subject position, with its score and the strongest zone naming it. */
function scoreCandidates(
  mentions: Mention[],
  support: Map<string, number>,
  evidence: RegionEvidence,
  g: Gazetteer,
): Map<string, Candidate> {
  const candidates = new Map<string, Candidate>();
  for (const m of mentions) {
    if (!SUBJECT_ZONES.has(m.zone)) continue;
    for (const d of m.divisions) {
      const score = candidateScore(d, mentions, support, evidence, g);
      const own = ZONE_WEIGHT[m.zone];
      const prev = candidates.get(d.code);
      if (!prev || prev.score < score || prev.ownWeight < own)
        candidates.set(d.code, { division: d, score, ownWeight: Math.max(own, prev?.ownWeight ?? 0) });
    }
  }
  return candidates;
}

/**
 * The evidence for a division and for its ancestors, so that 市中区 under 济南市 wins when the text
 * also names 济南; plus what the government words say of its parent and its province.
 */
function candidateScore(
  d: Division,
  mentions: Mention[],
  support: Map<string, number>,
  evidence: RegionEvidence,
  g: Gazetteer,
): number {
  const chainScore = g.chain(d).reduce((sum, a) => sum + (support.get(a.code) ?? 0), 0);
  // Ancestors named in the text settle ambiguity: add their full weight again (not divided).
  const ancestorBonus = g
    .chain(d)
    .slice(0, -1)
    .reduce((sum, a) => sum + (mentions.some((x) => x.divisions.some((y) => y.code === a.code)) ? 3 : 0), 0);
  let score = chainScore + ancestorBonus;
  if (evidence.parentKind && d.level === 'township' && unitKind(g.parent(d)) === evidence.parentKind) score += 4;
  if (evidence.provinceKind && g.chain(d)[0]?.name.endsWith(evidence.provinceKind)) score += 4;
  return score;
}

/**
 * The 文号 prefix names the issuing government by its first character(s): 台政办 → 台儿庄区, when
 * the text itself names no place below its province. Only a single match counts.
 */
function fromDocPrefix(
  docPrefix: NonNullable<RegionEvidence['docPrefix']>,
  support: Map<string, number>,
  g: Gazetteer,
): Division | undefined {
  const provinces = [...support.keys()].map((c) => g.byCode(c)).filter((d): d is Division => d?.level === 'province');
  const { prefix, kind } = docPrefix;
  const inferred = provinces.flatMap((p) =>
    g
      .children(p.code)
      .flatMap((city) => [city, ...g.children(city.code)])
      .filter((d) => d.name.startsWith(prefix) && (kind === undefined || unitKind(d) === kind)),
  );
  return inferred.length === 1 ? inferred[0] : undefined;
}

/**
 * No place in a subject position: fall back to the province the text names most (视察山东, 考察上海). A
 * single short mention in running text (法治内蒙古) is enough when the text's own government words say
 * what kind of province it is in (自治区人民政府 for an autonomous region).
 */
function provinceNamedMost(
  support: Map<string, number>,
  warnings: string[],
  g: Gazetteer,
  provinceKind: RegionEvidence['provinceKind'],
): RegionResult {
  const provinces = [...support.entries()]
    .map(([code, score]) => ({ d: g.byCode(code), score }))
    .filter((x): x is { d: Division; score: number } => x.d?.level === 'province')
    .sort((a, b) => b.score - a.score);
  const top = provinces[0];
  // Only a clear lead counts: twice the next province's evidence.
  const kindAgrees = provinceKind !== undefined && top?.d.name.endsWith(provinceKind) === true;
  if (
    top &&
    (provinces.length === 1 || top.score >= 2 * (provinces[1]?.score ?? 0)) &&
    (top.score >= 1 || kindAgrees)
  ) {
    warnings.push(fieldWarning('region', `地区仅由正文提及的「${top.d.name}」推断，请核对`));
    return { region: g.toRegion(top.d), level: 'province', warnings };
  }
  warnings.push(fieldWarning('region', '无法确定地区'));
  return { region: { ...EMPTY }, level: null, warnings };
}

/** The candidates, best first: the highest score; among equals, the most specific. */
function rankCandidates(candidates: Map<string, Candidate>): Candidate[] {
  return [...candidates.values()].sort(
    (a, b) => b.score - a.score || LEVEL_RANK[b.division.level] - LEVEL_RANK[a.division.level],
  );
}

/** The best candidate, or a more specific one inside its chain when that is named in a subject position. */
function mostSpecific(ranked: Candidate[], g: Gazetteer): Candidate {
  let best = ranked[0] as Candidate;
  for (const c of ranked) {
    if (g.isAncestor(best.division, c.division) && c.ownWeight >= ZONE_WEIGHT.opening && c.score >= best.score * 0.6) {
      best = c;
    }
  }
  return best;
}

/** Ambiguity: other candidates of the same name and level, not in the same chain, that score as well. */
function rivalsOf(best: Candidate, ranked: Candidate[]): Candidate[] {
  return ranked.filter(
    (c) =>
      c !== best &&
      c.division.name === best.division.name &&
      c.division.level === best.division.level &&
      c.score >= best.score - 0.5,
  );
}

/**
 * How many divisions bear the chosen one's name when the text names none of its ancestors (0 when it
 * names one, or the name is unique): then only weaker clues (市委 above a township, the province's
 * kind) chose among them, and the choice is a guess to be told.
 */
function unnamedParents(d: Division, mentions: Mention[], g: Gazetteer): number {
  const ancestors = g.chain(d).slice(0, -1);
  const named = ancestors.some((a) => mentions.some((m) => m.divisions.some((x) => x.code === a.code)));
  const namesakes = g.byName(d.name).length;
  return named || namesakes < 2 ? 0 : namesakes;
}

/** Whether a division is of the kind a self-reference names (县 → a county-level 县, 市 → any 市). */
function isOfKind(d: Division, kind: SelfKind): boolean {
  if (!d.name.endsWith(kind)) return false;
  if (kind === '省' || kind === '自治区') return d.level === 'province';
  if (kind === '州') return d.level === 'city';
  if (kind === '市') return d.level === 'city' || d.level === 'county';
  if (kind === '街道' || kind === '镇' || kind === '乡') return d.level === 'township';
  return d.level === 'county';
}

/**
 * The division of a kind the text names most (铜梁区, named in 《铜梁区…方案》 of a report by 区政府), among
 * those under the candidates if there are any: only a clear lead counts — named in full at least once,
 * and twice the evidence of any other of its kind outside its chain.
 */
function namedMostOfKind(
  kind: SelfKind,
  mentions: Mention[],
  support: Map<string, number>,
  within: Candidate[],
  warnings: string[],
  g: Gazetteer,
): RegionResult | undefined {
  const options = [...support.entries()]
    .map(([code, score]) => ({ d: g.byCode(code), score }))
    .filter((x): x is { d: Division; score: number } => x.d !== undefined && isOfKind(x.d, kind))
    .filter(({ d }) => within.length === 0 || within.some((c) => g.isAncestor(c.division, d)))
    .sort((a, b) => b.score - a.score);
  const [top, ...rest] = options;
  // Named in full at least once (《中共洪梅镇委…》): a namesake elsewhere shares the mention's weight, so
  // the score alone would not tell it from a passing short mention.
  const inFull = top && mentions.some((m) => !m.short && m.divisions.some((d) => d.code === top.d.code));
  if (!top || !inFull || (top.score < 1 && within.length === 0)) return undefined;
  const rival = rest.find(({ d }) => !g.isAncestor(d, top.d) && !g.isAncestor(top.d, d));
  if (rival && rival.score * 2 > top.score) return undefined;
  warnings.push(fieldWarning('region', `地区由正文提及的「${top.d.name}」推断（报告自称${kind}级机关），请核对`));
  return { region: g.toRegion(top.d), level: top.d.level, warnings };
}

/**
 * A name that stays ambiguous is never guessed: the region keeps what all readings share — the name at
 * its level, and common ancestors — and the warning lists the readings.
 */
function ambiguousRegion(best: Candidate, rivals: Candidate[], warnings: string[], g: Gazetteer): RegionResult {
  const all = [best, ...rivals].map((c) => g.chain(c.division));
  const readings = all.map((chain) => chain.map((d) => d.name).join('')).join('、');
  warnings.push(
    fieldWarning('region', `「${best.division.name}」有 ${all.length} 处同名（${readings}），无法确定上级地区`),
  );
  const region: Region = { ...EMPTY };
  const first = all[0] ?? [];
  for (let depth = 0; depth < first.length; depth++) {
    const d = first[depth];
    if (!d || !all.every((chain) => chain[depth]?.code === d.code)) break;
    region[d.level] = d.name;
  }
  region[best.division.level] = best.division.name;
  return { region, level: best.division.level, warnings };
}

/**
 * The township an issuer names as its organ (北城街街道办事处; 长沙市天心区某某街街道办事处 → 某某街街道),
 * when the gazetteer does not list it (a street formed or renamed since the division data): the
 * township column takes it as written, under whatever the rest of the text settled, with a warning.
 * The proper part stops at a division or government word, so 鲤城区人民政府金龙街道办事处 gives 金龙街道.
 */
export function withUnlistedTownship(
  result: RegionResult,
  issuer: string | null,
  g: Gazetteer = gazetteer(),
): RegionResult {
  if (!issuer || result.region.township) return result;
  const m = TOWNSHIP_ORGAN.exec(issuer.trim());
  const name = m?.[1];
  if (!m || !name || g.byName(name).length > 0) return result;
  const warning = fieldWarning('region', `「${name}」不在行政区划表中，按发文机关填入乡镇（街道），请核对`);
  return {
    ...result,
    region: { ...result.region, township: name },
    level: 'township',
    warnings: [...result.warnings, warning],
  };
}

/** A township organ at the end of an issuer's name; the proper part has no division or government word. */
const TOWNSHIP_ORGAN =
  /(?:^|[^\p{Script=Han}]|[省市县区旗府])((?:(?![省市县区旗府])\p{Script=Han}){1,6}?(?:街道|镇|乡|苏木))(?:办事处|人民政府|政府)$/u;

/**
 * A development zone the gazetteer does not list, named in a subject position right after the division
 * it lies in (济宁经济开发区, 佛山高新技术产业开发区, 宁河经济开发区, 济宁太白湖新区). ANNOTATION.md files it as
 * a county-level unit of its own under that division's city — unless the text names the county-level
 * unit containing it in its own right (宁河区委 beside 宁河经济开发区), which then stays the county.
 * Its code is that of the deepest division above it: the zone has none.
 */
function unlistedZone(
  mentions: Mention[],
  best: Candidate,
  g: Gazetteer,
): { name: string; within: string; region: Region } | null {
  const d = best.division;
  if (d.level === 'township') return null;
  const own = mentions
    .filter((m) => m.divisions.some((x) => x.code === d.code))
    .map((m) => ({ m, name: zoneNameAfter(m, g) }));
  if (d.level === 'county' && own.some(({ m, name }) => name === null && !ZONE_UNIT.test(m.after))) return null;
  const zones = own
    .filter((z): z is { m: Mention; name: string } => z.name !== null && SUBJECT_ZONES.has(z.m.zone))
    .sort((a, b) => ZONE_WEIGHT[b.m.zone] - ZONE_WEIGHT[a.m.zone] || b.name.length - a.name.length);
  const zone = zones[0];
  if (!zone) return null;
  const above = d.level === 'county' ? g.parent(d) : d;
  const region: Region = above ? g.toRegion(above) : { ...EMPTY };
  return { name: zone.name, within: above?.name ?? d.name, region: { ...region, county: zone.name } };
}

/**
 * A development zone named at the start of the title or the issuer line, before the year, 关于 or its
 * organs (西咸新区2023年度…, 某某高新区管委会关于…), that the gazetteer does not list; null otherwise.
 */
function leadingZone(texts: RegionEvidence['texts'], g: Gazetteer): string | null {
  for (const { zone, text } of texts) {
    if (zone !== 'title' && zone !== 'issuer') continue;
    const m = LEADING_ZONE.exec(text.trim());
    // A zone word alone (经济开发区2024年度…, the place stripped) names no zone (ANNOTATION.md: county empty).
    if (m?.[1] && !BUCKET_TOWNSHIPS.test(m[1]) && g.byName(m[1]).length === 0) return m[1];
  }
  return null;
}

const LEADING_ZONE = new RegExp(
  `^(\\p{Script=Han}{2,8}?(?:${ZONE_WORDS}))(?=(?:19|20)\\d{2}|关于|管理委员会|管委会|党工委|$)`,
  'u',
);

/**
 * The zone a place name begins (济宁 + 经济开发区), as written; null when the words after it name no
 * zone, or the zone is itself a listed division (浦东新区, 滨海新区).
 */
function zoneNameAfter(m: Mention, g: Gazetteer): string | null {
  const plain = ZONE_UNIT.exec(m.after);
  const named = plain || (m.zone !== 'title' && m.zone !== 'issuer') ? null : NAMED_ZONE_UNIT.exec(m.after);
  // A proper part that ends like a division (任城区, 某某镇) is that division's own name, not the zone's.
  if (named && /[省市县区旗镇乡]$/.test(named[1] ?? '')) return null;
  const tail = plain?.[1] ?? (named ? `${named[1]}${named[2]}` : null);
  if (!tail) return null;
  const name = `${m.name}${tail}`;
  return g.byName(name).length === 0 && g.byName(tail).length === 0 ? name : null;
}

/**
 * The warning for a unit the gazetteer lacks (济宁经济开发区), named in a subject position and resolved
 * to the division it lies in; null when the chosen division is named as itself.
 */
function unlistedUnit(mentions: Mention[], best: Candidate): string | null {
  const mention = mentions.find(
    (m) => m.divisions.some((d) => d.code === best.division.code) && SUBJECT_ZONES.has(m.zone),
  );
  const unit = mention ? ZONE_UNIT.exec(mention.after) : null;
  return mention && unit
    ? fieldWarning('region', `「${mention.name}${unit[1]}」不在行政区划表中，已归入上级地区${best.division.name}`)
    : null;
}

/**
 * Region names as a webmaster writes them (folder names, a sidecar's region): ['山东省','枣庄市','台儿庄区'].
 * Each name must lie under the previous one; short forms are accepted.
 */
export function resolveRegionNames(names: string[], g: Gazetteer = gazetteer()): RegionResult {
  const warnings: string[] = [];
  let current: Division | undefined;
  for (const raw of names) {
    const name = raw.trim();
    if (!name) continue;
    const options = [...g.byName(name), ...g.byShortName(name)].filter((d) => !current || g.isAncestor(current, d));
    const unique = [...new Map(options.map((d) => [d.code, d])).values()];
    if (unique.length === 1) current = unique[0];
    else if (unique.length === 0 && current && current.level !== 'township' && ZONE_NAME.test(name)) {
      // A development zone the gazetteer lacks, written under the division it lies in (山东省/济宁市/
      // 济宁经济开发区): a county-level unit of its own, as the extraction files it (unlistedZone).
      const above = current.level === 'county' ? g.parent(current) : current;
      const region = above ? g.toRegion(above) : { ...EMPTY };
      const rest = names.slice(names.indexOf(raw) + 1).filter((n) => n.trim());
      if (rest.length > 0)
        warnings.push(fieldWarning('region', `「${rest.join('、')}」在未列入行政区划表的「${name}」之下，已忽略`));
      return { region: { ...region, county: name }, level: 'county', warnings };
    } else if (
      unique.length === 0 &&
      current &&
      current.level !== 'township' &&
      /^\p{Script=Han}+(街道|镇|乡|苏木)$/u.test(name) &&
      names.slice(names.indexOf(raw) + 1).every((n) => !n.trim())
    ) {
      // A township the gazetteer lacks (formed or renamed since), written last under its county: as written.
      warnings.push(noticeOnly(`「${name}」不在行政区划表中，已按所写填入乡镇（街道）`));
      return { region: { ...g.toRegion(current), township: name }, level: 'township', warnings };
    } else if (unique.length === 0) {
      warnings.push(fieldWarning('region', `「${name}」不在${current ? `${current.name}的` : ''}行政区划中，已忽略`));
      break;
    } else {
      warnings.push(fieldWarning('region', `「${name}」有 ${unique.length} 处同名，请写出上级地区（如 省/市/县）`));
      break;
    }
  }
  if (!current) return { region: { ...EMPTY }, level: null, warnings };
  return { region: g.toRegion(current), level: current.level, warnings };
}
