import { describe, expect, it } from 'vitest';
import { extractReport } from '../../src/lib/extract.ts';
import { baseName, gazetteer, shortNames } from '../../src/lib/gazetteer.ts';
import { applyOverrides } from '../../src/lib/overrides.ts';
import { resolveRegion, resolveRegionNames, withUnlistedTownship } from '../../src/lib/region.ts';

const g = gazetteer();

describe('gazetteer', () => {
  it('takes no bucket row for a place: a township named only by generic words (街道, 城区, 经济开发区) is not one', () => {
    const g = gazetteer();
    for (const generic of ['街道', '开发区', '经济开发区', '工业园区', '高新技术产业开发区'])
      expect(g.byName(generic), generic).toEqual([]);
    // 城区 stays a real county-level district (阳泉市城区…), but no longer a township bucket.
    expect(g.byName('城区').every((d) => d.level === 'county')).toBe(true);
    for (const real of ['东城街道', '城关镇']) expect(g.byName(real).length, real).toBeGreaterThan(0);
  });

  it('files a street office under no stranger’s bucket row', () => {
    const text = '某某街道办事处2023年法治政府建设情况报告\n2023年，我街道坚持依法行政，各街道、社区扎实推进法治建设。';
    const { region } = extractReport(text, { path: '某某街道.txt' });
    expect(region.county ?? '').not.toMatch(/高新|开发区/);
    expect(region.township ?? '').not.toBe('街道');
  });

  it('fills parents from the child', () => {
    const [county] = g.byName('梁山县');
    expect(county && g.toRegion(county)).toEqual({
      province: '山东省',
      city: '济宁市',
      county: '梁山县',
      township: null,
      code: '370832',
    });
  });

  it('hangs municipal districts directly under the municipality (no 市辖区 city)', () => {
    for (const name of ['静海区', '嘉定区', '开州区']) {
      const [d] = g.byName(name);
      expect(d && g.toRegion(d).city).toBeNull();
    }
    expect(g.byName('市辖区')).toHaveLength(0);
  });

  it('hangs the towns of a city without districts (东莞市) directly under the city', () => {
    expect(g.byName('东莞市').map((d) => d.level)).toEqual(['city']);
    const town = g.children(g.byName('东莞市')[0]?.code ?? '')[0];
    expect(town?.level).toBe('township');
    expect(town && g.toRegion(town)).toMatchObject({ province: '广东省', city: '东莞市', county: null });
  });

  it('knows the short forms people write', () => {
    expect(baseName('巴音郭楞蒙古自治州')).toBe('巴音郭楞');
    expect(baseName('琼中黎族苗族自治县')).toBe('琼中');
    expect(shortNames({ name: '巴音郭楞蒙古自治州', level: 'city' })).toEqual(
      expect.arrayContaining(['巴音郭楞', '巴州']),
    );
    expect(g.byShortName('昌吉州').map((d) => d.name)).toContain('昌吉回族自治州');
    expect(shortNames({ name: '坡子街街道', level: 'township' })).toEqual([]);
  });

  it('returns every division of an ambiguous name', () => {
    expect(g.byName('市中区').length).toBeGreaterThanOrEqual(4);
    expect(g.byName('鼓楼区').length).toBeGreaterThanOrEqual(3);
  });
});

describe('resolveRegion', () => {
  it('settles an ambiguous district by its city named in the title', () => {
    const r = resolveRegion({ texts: [{ zone: 'title', text: '济南市市中区2024年度法治政府建设情况报告' }] });
    expect(r.region).toMatchObject({ province: '山东省', city: '济南市', county: '市中区' });
    expect(r.level).toBe('county');
  });

  it('reads a short form shared by a city and its county (衡阳: 衡阳市, 衡阳县) as the city', () => {
    for (const [city, county] of [
      ['衡阳市', '衡阳县'],
      ['辽阳市', '辽阳县'],
      ['大理白族自治州', '大理市'],
    ] as const) {
      const [c, k] = [
        g.byName(city)[0],
        g.byName(county).find((d) => d.parent?.startsWith(g.byName(city)[0]?.code ?? '-')),
      ];
      if (!c || !k) throw new Error(`${city}/${county} not in the gazetteer`);
      const short = shortNames(c).find((s) => shortNames(k).includes(s)) as string;
      expect(short, city).toBeTruthy();
      const r = resolveRegion({
        texts: [
          { zone: 'title', text: `${city}人民政府关于2024年度法治政府建设情况的报告` },
          { zone: 'opening', text: `2024年，${city}坚持依法行政，为${short}高质量发展提供法治保障` },
        ],
      });
      expect(r.region.county, city).toBeNull();
      expect(r.region.city, city).toBe(city);
      // The county written in full is still the county.
      const own = resolveRegion({
        texts: [{ zone: 'title', text: `${county}人民政府关于2024年度法治政府建设情况的报告` }],
      });
      expect(own.region.county ?? own.region.city, county).toBe(county);
    }
  });

  it('leaves an ambiguous name unresolved above its level, with a warning', () => {
    const r = resolveRegion({ texts: [{ zone: 'opening', text: '2022年，鼓楼区坚持依法行政' }] });
    expect(r.region.county).toBe('鼓楼区');
    expect(r.region.province).toBeNull();
    expect(r.region.code).toBeNull();
    expect(r.warnings.join()).toMatch(/同名/);
  });

  it('files a development zone the gazetteer lacks as a county-level unit under its city, with a warning', () => {
    const r = resolveRegion({
      texts: [
        { zone: 'title', text: '某某经济开发区2024年度法治政府建设情况报告' },
        { zone: 'title', text: '宜宾经济开发区' },
      ],
    });
    expect(r.region).toMatchObject({ province: '四川省', city: '宜宾市', county: '宜宾经济开发区', township: null });
    expect(r.level).toBe('county');
    // The zone has no code of its own: the code is its city's, so it never stands for a listed county.
    expect(r.region.code).toBe(g.byName('宜宾市')[0]?.code);
    expect(r.warnings.join()).toMatch(/不在行政区划表中/);
  });

  it('reads a zone with a proper name of its own from the title (济宁太白湖新区), not from running text', () => {
    const titled = resolveRegion({ texts: [{ zone: 'issuer', text: '济宁太白湖新区管委会' }] });
    expect(titled.region).toMatchObject({ province: '山东省', city: '济宁市', county: '济宁太白湖新区' });
    const running = resolveRegion({ texts: [{ zone: 'opening', text: '2024年，济宁大力推进新区建设' }] });
    expect(running.region.county).toBeNull();
  });

  it('files a zone named after a county under that county’s city, unless the county is named in its own right', () => {
    const alone = resolveRegion({ texts: [{ zone: 'opening', text: '2024年宁河经济开发区在区委、区政府的领导下' }] });
    expect(alone.region).toMatchObject({ province: '天津市', city: null, county: '宁河经济开发区' });
    const named = resolveRegion({
      texts: [{ zone: 'opening', text: '2024年宁河经济开发区在宁河区委、宁河区人民政府的领导下' }],
    });
    expect(named.region).toMatchObject({ province: '天津市', county: '宁河区' });
  });

  it('keeps a listed division that looks like a zone (浦东新区, 滨海新区) as itself', () => {
    for (const [text, county] of [
      ['上海市浦东新区2023年法治政府建设情况报告', '浦东新区'],
      ['天津市滨海新区2023年法治政府建设情况报告', '滨海新区'],
    ] as const) {
      const r = resolveRegion({ texts: [{ zone: 'title', text }] });
      expect(r.region.county, text).toBe(county);
      expect(r.region.code?.length, text).toBe(6);
    }
  });

  it('accepts a zone in a sidecar or folder region under the division it lies in', () => {
    const r = resolveRegionNames(['山东省', '济宁市', '济宁经济开发区']);
    expect(r.region).toMatchObject({ province: '山东省', city: '济宁市', county: '济宁经济开发区' });
    expect(r.warnings).toEqual([]);
    // A township the gazetteer lacks, last under its county, is taken as written (a notice, nothing to do).
    const street = resolveRegionNames(['重庆市', '北碚区', '甲乙街道']);
    expect(street.region).toMatchObject({ province: '重庆市', county: '北碚区', township: '甲乙街道' });
    expect(street.warnings.join()).toMatch(/无需处理/);
    // A name that is neither listed nor a zone is still refused.
    expect(resolveRegionNames(['山东省', '济宁市', '不存在县']).warnings.join()).toMatch(/不在/);
  });

  it('takes an issuer’s township the gazetteer lacks as written, and only the township part of its name', () => {
    const none = resolveRegion({ texts: [] });
    for (const [issuer, township] of [
      ['北城街街道办事处', '北城街街道'],
      ['长沙市天心区甲乙街街道办事处', '甲乙街街道'],
      ['鲤城区人民政府甲乙丙街道办事处', '甲乙丙街道'],
      ['中共甲乙镇委员会 甲乙镇人民政府', '甲乙镇'],
    ] as const) {
      const r = withUnlistedTownship(none, issuer);
      expect(r.region.township, issuer).toBe(township);
      expect(r.warnings.join(), issuer).toMatch(/不在行政区划表中/);
    }
    // Not a township organ, or a listed township (resolved, or left open, by the region's own rules): unchanged.
    for (const issuer of ['梁山县人民政府', '镇江市司法局', '城关镇人民政府', '某某镇党委', '乡村振兴局'])
      expect(withUnlistedTownship(none, issuer).region.township, issuer).toBeNull();
  });

  it('takes a lone short mention of a province when the text’s government words name its kind (自治区人民政府)', () => {
    const texts = [{ zone: 'body' as const, text: '2022年，我区坚持依法行政。编写《法治内蒙古建设发展报告》。' }];
    expect(resolveRegion({ texts, provinceKind: '自治区' }).region.province).toBe('内蒙古自治区');
    expect(resolveRegion({ texts, provinceKind: '省' }).region.province).toBeNull();
    expect(resolveRegion({ texts }).region.province).toBeNull();
  });

  it('places a text speaking as 我镇 in the town of its city named in full once, though a namesake shares the name', () => {
    const r = resolveRegion({
      texts: [
        { zone: 'opening', text: '2022年，我镇坚持依法行政，紧扣《法治东莞建设规划》要求' },
        { zone: 'body', text: '制定《中共洪梅镇委全面依法治镇委员会工作规则》' },
      ],
      selfKind: '镇',
    });
    expect(r.region).toMatchObject({ province: '广东省', city: '东莞市', township: '洪梅镇' });
  });

  it('takes a zone that names no listed place from the start of the title (西咸新区2023年度…), never a zone word alone', () => {
    const r = resolveRegion({ texts: [{ zone: 'title', text: '西咸新区2023年度法治政府建设工作报告' }] });
    expect(r.region).toMatchObject({ province: null, county: '西咸新区' });
    expect(r.warnings.join()).toMatch(/不在行政区划表中/);
    const bare = resolveRegion({ texts: [{ zone: 'title', text: '经济开发区2024年度法治政府建设情况报告' }] });
    expect(bare.region.county).toBeNull();
  });

  it('falls back to the province the body names, saying so', () => {
    const r = resolveRegion({
      texts: [{ zone: 'body', text: '全省各地认真学习习近平总书记考察江西重要讲话精神，江西省各级政府依法行政。' }],
    });
    expect(r.region.province).toBe('江西省');
    expect(r.warnings.join()).toMatch(/推断/);
  });

  it('finds nothing where nothing is named', () => {
    const r = resolveRegion({ texts: [{ zone: 'body', text: '坚持依法行政，推进法治政府建设。' }] });
    expect(r.level).toBeNull();
    expect(r.warnings).toHaveLength(1);
  });

  it('uses the kind of government above a township to choose among namesakes', () => {
    const texts = [{ zone: 'opening' as const, text: '2025年，中村乡法治政府建设工作在市委、市人民政府的正确领导下' }];
    const chosen = resolveRegion({ texts, parentKind: '市' });
    expect(chosen.region).toMatchObject({ county: '禄丰市', township: '中村乡' });
    // The text names no parent: the choice among namesakes is told, never silent.
    expect(chosen.warnings.some((w) => /「中村乡」有 \d+ 处同名.*（region）$/.test(w))).toBe(true);
    expect(resolveRegion({ texts }).region.code).toBeNull();
  });
});

describe('resolveRegionNames (folders and sidecars)', () => {
  it('resolves a chain of names, short forms included', () => {
    expect(resolveRegionNames(['山东省', '枣庄市', '台儿庄区']).region.code).toBe('370405');
    expect(resolveRegionNames(['山东', '济宁', '梁山县']).region.county).toBe('梁山县');
  });

  it('says when a name is not under its parent or is ambiguous', () => {
    expect(resolveRegionNames(['河北省', '梁山县']).warnings.join()).toMatch(/不在/);
    const ambiguous = resolveRegionNames(['市中区']);
    expect(ambiguous.level).toBeNull();
    expect(ambiguous.warnings.join()).toMatch(/同名/);
  });
});

describe('an upload’s folders, as evidence and as an override', () => {
  const text = '城关镇人民政府关于2023年度法治政府建设情况的报告\n2023年，我镇坚持依法行政，推进法治政府建设。';
  const folder = '甘肃省/兰州市/永登县/报告.txt';
  const regionOf = (extractedFrom: string, overriddenBy: string) =>
    applyOverrides(extractReport(text, { path: extractedFrom }), overriddenBy, null).region;

  it('needs both roles: the evidence finds the town inside the folder’s county, the override alone stops at the county', () => {
    expect(regionOf(folder, folder)).toMatchObject({ county: '永登县', township: '城关镇', code: '620121100' });
    // Without the folder as evidence, 城关镇 stays one of dozens, and the folder's county wins.
    expect(regionOf('报告.txt', folder)).toMatchObject({ county: '永登县', township: null, code: '620121' });
    expect(regionOf('报告.txt', '报告.txt')).toMatchObject({ province: null, code: null });
  });
});
