import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isTraditional } from '../../src/lib/chinese-script.ts';
import { extractReport, stripPinyinAnnotations } from '../../src/lib/extract.ts';
import {
  departmentSelfReference,
  isoDate,
  issuerOfOpening,
  issuerOfTitle,
  reportingFormula,
  selfReferenceOf,
  titleFromUrl,
  townshipOrgan,
  yearCovered,
} from '../../src/lib/metadata.ts';
import { renderBody } from '../../src/lib/render.ts';

describe('dates', () => {
  it.each([
    ['2023-03-30', '2023-03-30'],
    ['2023年03月30日 09时24分', '2023-03-30'],
    ['2023/3/5', '2023-03-05'],
    ['时间:2018-05-03  浏览次数', '2018-05-03'],
    ['2023-02-30', null],
    ['无', null],
  ])('%s → %s', (text, iso) => expect(isoDate(text)).toBe(iso));
});

describe('title block readers', () => {
  it('reads the issuer at the head of a title', () => {
    expect(issuerOfTitle('某某县人民政府办公室关于2024年法治政府建设情况的报告')).toBe('某某县人民政府办公室');
    expect(issuerOfTitle('某某市教育局2021年法治政府建设年度报告')).toBe('某某市教育局');
    expect(issuerOfTitle('某某市2023年法治政府建设情况报告')).toBeNull();
  });

  it('takes the year covered, not the year published', () => {
    expect(yearCovered('关于2021年度法治政府建设情况的报告')).toBe(2021);
  });

  it('reads a single issuer from the opening sentence, never a joint one', () => {
    expect(issuerOfOpening('2017年，某某市政府在省委、省政府的坚强领导下')).toBe('某某市政府');
    expect(issuerOfOpening('2023年，某省委、省政府坚持以习近平新时代中国特色社会主义思想为指导')).toBeNull();
    expect(issuerOfOpening('2022年，县政府坚持依法行政')).toBeNull();
    expect(issuerOfOpening('2023年,全区各级人民政府坚持以习近平新时代中国特色社会主义思想为指导')).toBeNull();
    expect(issuerOfOpening('2022年,某某自治区党委和政府全面学习贯彻党的二十大精神')).toBeNull();
  });
});

describe('extractReport', () => {
  it('loses no line of an upload whose opening lines are no title, whatever quotes, # or --- they hold', () => {
    const lines = fc.array(
      fc
        .array(fc.constantFrom('"', '“', '”', "'", '#', '---', '## ', '：', '依法行政', '第一行', ' ', '《', '》'), {
          minLength: 1,
          maxLength: 8,
        })
        .map((parts) => parts.join('').trim())
        .filter((line) => /[\u4e00-\u9fff]/.test(line)),
      { minLength: 2, maxLength: 3 },
    );
    fc.assert(
      fc.property(lines, (opening) => {
        const text = `${opening.join('\n')}\n\n一、主要工作\n\n今年依法行政工作取得新进展。\n`;
        const { body, title } = extractReport(text, { path: 'a.txt' });
        // What the page shows (and the index reads) is the rendered body, plus the title when one was taken.
        const shown = `${title ?? ''}${renderBody(body)
          .html.replace(/<[^>]+>/g, '')
          .replace(/&#(\d+);|&(quot|amp|lt|gt);/g, (_, n, name) =>
            n ? String.fromCharCode(Number(n)) : ({ quot: '"', amp: '&', lt: '<', gt: '>' }[name as 'quot'] as string),
          )}`;
        const chars = (s: string) => s.replace(/[\s#\-\\]/g, '');
        for (const line of opening) expect(chars(shown)).toContain(chars(line));
      }),
      { numRuns: 200 },
    );
  });

  it('takes the report’s own 文号 and never one it quotes', () => {
    const text =
      '某某县人民政府关于2022年度法治政府建设情况的报告\n2022年，我县认真落实《关于加强法治建设的意见》（某办发〔2021〕47号）要求，依法行政水平持续提升，法治政府建设取得新进展。';
    expect(extractReport(text, { path: 'a.txt' }).docNumber).toBeNull();
    const own = text.replace('报告\n', '报告\n某政发〔2023〕5号\n');
    expect(extractReport(own, { path: 'a.txt' }).docNumber).toBe('某政发〔2023〕5号');
  });

  it('names every field it cannot determine in warnings', () => {
    const x = extractReport(
      '坚持依法行政，推进法治政府建设，各项工作取得新成效，群众满意度持续提升，法治环境不断优化。',
      { path: 'x.txt' },
    );
    expect(x.title).toBeNull();
    expect(x.warnings.join('\n')).toMatch(/标题[\s\S]*发文机关[\s\S]*年度[\s\S]*发布日期/);
  });

  it('hides nothing above the body when it finds no title: those lines stay in the body, as written', () => {
    const text = '# “法治”建设 --- 回顾\n---\n第二行 "引号" #号\n\n正文第一段，我们做了很多工作。\n\n正文第二段。';
    const x = extractReport(text, { path: 'x.txt' });
    expect(x.title).toBeNull();
    const shown = renderBody(x.body)
      .html.replace(/<[^>]+>/g, '\n')
      .replace(/&quot;/g, '"')
      .split('\n')
      .filter(Boolean);
    expect(shown).toEqual([
      '# “法治”建设 --- 回顾',
      '---',
      '第二行 "引号" #号',
      '正文第一段，我们做了很多工作。',
      '正文第二段。',
    ]);
  });

  it('names a report that calls itself by its level (县人民政府) from the county its text names, with a warning', () => {
    const text =
      '根据有关规定，现将县人民政府2023年法治政府建设工作情况报告如下。\n一、主要成效\n2023年，县人民政府坚持依法行政，制定《临朐县重大行政决策程序规定》，落实《临朐县法治政府建设实施方案》。';
    const x = extractReport(text, { path: 'a.txt' });
    expect(x.region).toMatchObject({ province: '山东省', city: '潍坊市', county: '临朐县' });
    expect(x.authority).toBe('临朐县人民政府');
    expect(x.year).toBe(2023);
    expect(x.warnings.some((w) => w.includes('临朐县') && w.endsWith('（region）'))).toBe(true);
    // Two counties named as often: no guess, and no name for the self-reference.
    const two = extractReport(`${text}落实《昌乐县法治政府建设实施方案》《昌乐县重大行政决策程序规定》。`, {
      path: 'a.txt',
    });
    expect(two.region.county).toBeNull();
    expect(two.authority).toBeNull();
  });

  it('names a township organ from a label naming its place, without the places above it', () => {
    expect(townshipOrgan('留下街道')).toBe('留下街道办事处');
    expect(townshipOrgan('辰溪县小龙门乡')).toBe('小龙门乡人民政府');
    expect(townshipOrgan('徐庄镇')).toBe('徐庄镇人民政府');
    expect(townshipOrgan('东区街道')).toBe('东区街道办事处');
    expect(townshipOrgan('县司法局')).toBeNull();
    expect(townshipOrgan('某某镇人民政府')).toBeNull();
  });

  it('takes a 来源 naming a government for the issuer, not one naming its office (the publisher)', () => {
    const page = (source: string) =>
      `某某区2023年度法治政府建设情况报告\n来源:${source} 发布时间:2024-03-28 09:18\n2023年，某某区坚持依法行政。`;
    expect(extractReport(page('某某区人民政府'), { path: 'a.txt' }).authority).toBe('某某区人民政府');
    expect(extractReport(page('某某区人民政府办公室'), { path: 'a.txt' }).authority).toBeNull();
  });

  it('reads the labels of a traditional page (來源, 發布機構) and the issuer named in the reporting formula', () => {
    const page =
      '某某市2021年法治政府建設年度情況報告\n日期:2022-03-29 09:30    來源:某某市人民政府\n2021年,我市堅持依法行政。';
    expect(extractReport(page, { path: 'a.txt' }).authority).toBe('某某市人民政府');
    const formula =
      '某某镇2023年法治政府建设年度报告\n2023年以来，某某镇坚持依法行政。现将某某镇人民政府2023年法治政府建设情况汇报如下。';
    expect(extractReport(formula, { path: 'a.txt' }).authority).toBe('某某镇人民政府');
  });

  it('files a report that speaks as 我县 under the county its text names, but gives it no authority', () => {
    const text =
      '2024年，我县坚持依法行政，落实《临朐县法治政府建设实施方案》《临朐县重大行政决策程序规定》。现将工作情况报告如下：\n一、工作开展情况\n全县坚持依法行政。';
    const x = extractReport(text, { path: 'a.txt' });
    expect(x.region).toMatchObject({ city: '潍坊市', county: '临朐县' });
    expect(x.authority).toBeNull();
    const whole = extractReport(text.replace('我县', '全县各级行政机关'), { path: 'a.txt' });
    expect(whole.region.county).toBe('临朐县');
  });

  it('takes the year from the first heading when it heads the year’s work (今年以来… 一、2023年法治政府建设情况)', () => {
    const text = '今年以来，某某州坚持依法行政，法治政府建设持续推进。\n一、2023年法治政府建设情况\n（一）深入学习。';
    expect(extractReport(text, { path: 'a.txt' }).year).toBe(2023);
  });

  it('takes the page’s date before the document’s, and a byline date split over lines', () => {
    const head = '某某县2023年法治政府建设情况报告\n';
    const body = '\n2023年，某某县人民政府坚持依法行政，全面推进法治政府建设，各项工作取得新成效。';
    expect(
      extractReport(`${head}[ 成文日期 ] 2024-01-22\n[ 发布日期 ] 2024-02-10${body}`, { path: 'a.txt' }).published,
    ).toBe('2024-02-10');
    expect(extractReport(`${head}[ 成文日期 ] 2024-01-22${body}`, { path: 'a.txt' }).published).toBe('2024-01-22');
    expect(extractReport(`${head}2024\n04/07\n19:20\n来源:\n某某网${body}`, { path: 'a.txt' }).published).toBe(
      '2024-04-07',
    );
  });

  it('reads who reports and the year from the reporting formula, and a self-reference by its level', () => {
    expect(reportingFormula('根据规定，现将省政府2023年度法治政府建设情况报告如下：')).toEqual({
      subject: '省政府',
      year: 2023,
    });
    expect(reportingFormula('现将有关情况报告如下')?.subject).toBe('');
    expect(selfReferenceOf('区政府办公室')).toMatchObject({ kind: '区', body: '人民政府办公室' });
    expect(selfReferenceOf('街道办事处')).toMatchObject({ kind: '街道', body: '办事处' });
    expect(selfReferenceOf('梁山县人民政府')).toBeNull();
    expect(selfReferenceOf('省司法厅')).toMatchObject({ kind: '省', body: '司法厅' });
    expect(selfReferenceOf('县委')).toBeNull();
    expect(issuerOfTitle('应急管理部发布2023年法治政府建设年度报告')).toBe('应急管理部');
  });

  it('names a department the standard way, and a bare 市… body after the region', () => {
    const text =
      '2023年，市市场监管局坚持依法行政，落实《潍坊市法治政府建设实施方案》，服务潍坊高质量发展。\n一、主要成效\n潍坊市坚持依法行政。';
    const x = extractReport(text, { path: 'a.txt' });
    expect(x.region.city).toBe('潍坊市');
    expect(x.authority).toBe('潍坊市市场监督管理局');
    // A subject that starts with a place (市中区) is that place's body, not a self-reference.
    const named = extractReport('2023年，市中区人民政府坚持依法行政，落实《济南市法治政府建设实施方案》。', {
      path: 'a.txt',
    });
    expect(named.authority).toBe('市中区人民政府');
  });

  it('reads traditional text for matching but keeps the title as written', () => {
    const text =
      '某某縣人民政府關於2020年度法治政府建設情況的報告\n2020年，本縣堅持依法行政，推進法治政府建設，各項工作取得新成效，群眾滿意度持續提升。';
    expect(isTraditional(text)).toBe(true);
    expect(extractReport(text, { path: 'a.txt' }).title).toBe('某某縣人民政府關於2020年度法治政府建設情況的報告');
  });

  it('removes converter pinyin noise only when it comes by the dozen', () => {
    expect(stripPinyinAnnotations('應(yīng)急學(xué)習(xí)貫徹(chè)').text).toBe('應急學習貫徹');
    expect(stripPinyinAnnotations('重(zhòng)要').removed).toBe(0);
  });

  it('never throws and always returns a Markdown body made of the text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), fc.stringMatching(/^[a-z0-9/]{0,20}\.txt$/), (text, path) => {
        const x = extractReport(text, { path });
        expect(typeof x.body).toBe('string');
        expect(Array.isArray(x.warnings)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('a department speaking as 我局', () => {
  it('is named from its line of work (全市司法行政系统) and the region the text settles', () => {
    expect(departmentSelfReference('2022年，全市司法行政系统在市委领导下……我局始终把法治政府建设作为主体工程')).toEqual(
      {
        kind: '市',
        body: '司法局',
        subject: '市司法局',
      },
    );
    expect(departmentSelfReference('全省交通运输系统……我厅坚持依法行政')?.subject).toBe('省交通运输厅');
    expect(departmentSelfReference('全县卫生健康系统……我委')?.subject).toBe('县卫生健康委员会');
    // The self word must fit the department, and both must be there.
    expect(departmentSelfReference('全省司法行政系统……我局')).toBeNull();
    expect(departmentSelfReference('全市司法行政系统坚持依法行政')).toBeNull();
    expect(departmentSelfReference('我局……全市各系统')).toBeNull();
    const text =
      '2022年,全市司法行政系统在市委、市政府的正确领导下,全力推进法治政府建设。\n一、2022年推进法治政府建设的主要举措和成效\n(一)科学部署。我局始终把法治政府建设作为法治建设的主体工程,为全市高质量发展提供保障。遂宁市委、遂宁市政府……';
    expect(extractReport(text, { path: 'a.txt' }).authority).toBe('遂宁市司法局');
  });

  it('is named from its own name by level alone (《市生态环境局党组…》) or, for a 厅, from the ministry guiding it', () => {
    expect(departmentSelfReference('2023年，我局深入学习……印发《市生态环境局党组理论学习中心组计划》')?.subject).toBe(
      '市生态环境局',
    );
    expect(departmentSelfReference('在省委领导下，在交通运输部的指导支持下，我厅认真贯彻……')?.subject).toBe(
      '省交通运输厅',
    );
    // Two departments named by level alone: neither is sure to be the speaker; a 局 is not the ministry's 厅.
    expect(departmentSelfReference('我局会同市公安局、市司法局开展执法检查')).toBeNull();
    expect(departmentSelfReference('在交通运输部的指导下，我局认真贯彻……')).toBeNull();
  });
});

describe('the reporting formula', () => {
  it('places the report in the township it names (现将宝城镇2025年度…报告如下) under the county the addressee names', () => {
    const r = extractReport(
      '中共渠县县委、渠县人民政府:\n2025年以来,在县委、县政府的坚强领导下,立足全镇经济社会发展实际,扎实推进法治政府建设。现将宝城镇2025年度法治政府建设情况报告如下。',
      { path: 'a.txt' },
    );
    expect(r.region).toMatchObject({ county: '渠县', township: '宝城镇' });
  });
});

describe('the opening subject', () => {
  it('opens the sentence after a framing one (2021年是…之年。区政府坚持…)', () => {
    const r = extractReport(
      '某某市鲅鱼圈区2021年法治政府建设情况报告\n2021年是“十四五”开局之年,是全面依法治国工作“落实年”。区政府坚持以习近平新时代中国特色社会主义思想为指导,推进法治政府建设。',
      { path: 'a.txt' },
    );
    expect(r.authority).toBe('鲅鱼圈区人民政府');
  });

  it('is read after several 在…下 clauses and before a （简称…）', () => {
    const a = extractReport(
      '2023年,在市委、市政府的正确领导下,在市法治政府建设领导小组办公室的悉心指导下,某某市生态环境局全面贯彻习近平法治思想,依法履行职能。',
      { path: 'a.txt' },
    );
    expect(a.authority).toBe('某某市生态环境局');
    const b = extractReport(
      '2025年,某某经济技术开发区管理委员会(简称经开区管委会)坚持以习近平新时代中国特色社会主义思想为指导,推进法治政府建设。',
      { path: 'b.txt' },
    );
    expect(b.authority).toBe('某某经济技术开发区管理委员会');
  });

  it('expands a 委 of the State Council’s naming to its full name (省卫生健康委 → 云南省卫生健康委员会)', () => {
    const r = extractReport(
      '按照《云南省法治政府建设年度情况报告工作规定》要求,现将省卫生健康委2019年度法治政府建设工作情况报告如下:\n2019年,省卫生健康委认真学习宣传贯彻习近平法治思想。',
      { path: 'a.txt' },
    );
    expect(r.authority).toBe('云南省卫生健康委员会');
  });
});

describe('title from the page URL', () => {
  const wiki = `https://example.org/wiki/${encodeURIComponent('內蒙古自治區2016年度法治政府建設工作報告')}`;

  it('reads a percent-encoded title at the end of the address', () => {
    expect(titleFromUrl(wiki)).toBe('內蒙古自治區2016年度法治政府建設工作報告');
    expect(titleFromUrl(`https://a.gov.cn/x/${encodeURIComponent('某县2023年法治政府建设情况报告')}.html`)).toBe(
      '某县2023年法治政府建设情况报告',
    );
  });

  it('ignores ids, dates, pinyin, other Chinese segments and broken addresses', () => {
    expect(titleFromUrl('http://www.tjjh.gov.cn/qzf1/202403/t20240328_6583952.html')).toBeNull();
    expect(titleFromUrl(`https://a.cn/${encodeURIComponent('通知公告')}`)).toBeNull();
    expect(titleFromUrl('https://a.cn/%E5%')).toBeNull();
    expect(titleFromUrl('not a url')).toBeNull();
    expect(titleFromUrl(null)).toBeNull();
  });

  it('is used only when the text has no title, with a warning', () => {
    const body = '2016年，某地坚持依法行政，扎实推进法治政府建设，取得明显成效。';
    const x = extractReport(body, { path: 'a.txt', page: { url: wiki } });
    expect(x.title).toBe('內蒙古自治區2016年度法治政府建設工作報告');
    expect(x.region.province).toBe('内蒙古自治区');
    expect(x.warnings.some((w) => w.includes('网页地址'))).toBe(true);
    const titled = extractReport(`某县2020年法治政府建设情况报告\n${body}`, { path: 'a.txt', page: { url: wiki } });
    expect(titled.title).toBe('某县2020年法治政府建设情况报告');
  });

  it('never throws on arbitrary addresses', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const t = titleFromUrl(s);
        expect(t === null || typeof t === 'string').toBe(true);
      }),
    );
  });
});
