/**
 * Key figures (issue 20): each rule on sentences copied from the develop reports (tests/fixtures/seeds, dev,
 * corpus; the file is named beside each), and on the traps the issue lists — another body's figure, a target,
 * a change, a cumulative figure, another year's, a slogan, a combined figure: none is taken.
 */
import { describe, expect, it } from 'vitest';
import {
  extractFigures,
  type Figure,
  type FigureContext,
  INDICATOR_IDS,
  INDICATORS,
  parseNumber,
  splitClauses,
} from '../../src/lib/figures.ts';
import { listHeadings, renderBody } from '../../src/lib/render.ts';

const COUNTY: FigureContext = { year: 2024, place: '梁山县', level: 'county', authority: '梁山县人民政府' };
const OFFICE: FigureContext = { year: 2024, place: '梁山县', level: 'county', authority: '梁山县人民政府办公室' };
const TOWN: FigureContext = { year: 2021, place: '东溪镇', level: 'township', authority: null };
const PROVINCE: FigureContext = { year: 2025, place: '陕西省', level: 'province', authority: '陕西省人民政府' };
const ZONE: FigureContext = { year: 2024, place: '邹城市', level: 'county', authority: '济宁经济技术开发区管理委员会' };

/** The figures of one paragraph, as indicator → value (~ for approximate). */
function figures(text: string, context: FigureContext = COUNTY): Record<string, string> {
  return Object.fromEntries(
    extractFigures(text, context).map((f: Figure) => [f.indicator, `${f.value}${f.approx ? '~' : ''}`]),
  );
}

describe('the indicators', () => {
  it('are the 18 of issue 20, with their units', () => {
    expect(INDICATORS.map((i) => i.id)).toEqual([...INDICATOR_IDS]);
    expect(INDICATORS).toHaveLength(18);
    expect(Object.fromEntries(INDICATORS.map((i) => [i.id, i.unit]))).toMatchObject({
      reconsiderationCases: '件',
      leaderAppearanceRate: '%',
      lawStudySessions: '次',
      legalAdvisers: '名',
    });
  });
});

describe('parseNumber', () => {
  it.each([
    ['6', 6, false],
    ['98.5', 98.5, false],
    ['1.2万', 12000, false],
    ['2.2万余', 22000, true],
    ['300余', 300, true],
    ['20多', 20, true],
    ['约50', 50, true],
    ['超185', 185, true],
    ['95以上', 95, true],
    ['三十', 30, false],
    ['十二', 12, false],
    ['一百零五', 105, false],
    ['两千三百', 2300, false],
    ['十余', 10, true],
  ])('%s → %d (approx %s)', (text, value, approx) => {
    expect(parseNumber(text)).toEqual({ value, approx });
  });

  it('refuses what is no number', () => {
    for (const text of ['', '件', '12a', '第九', '1+N']) expect(parseNumber(text)).toBeNull();
  });
});

describe('splitClauses', () => {
  it('splits at 。！？； and at commas, not at a decimal point or a grouping comma, not at 、', () => {
    const line = '收到行政复议申请68件，依法受理60件；合格率98.5%,共1,200人、办结率100%.完';
    const parts = splitClauses(line).map((c) => line.slice(c.start, c.end));
    expect(parts).toEqual(['收到行政复议申请68件', '依法受理60件', '合格率98.5%', '共1,200人、办结率100%', '完']);
  });

  it("knows where each clause's sentence starts", () => {
    const line = '今年以来，受理68件。另，办结5件';
    expect(splitClauses(line).map((c) => c.sentenceStart)).toEqual([0, 0, 11, 11]);
  });
});

describe('rules on sentences from the reports', () => {
  it('cases: litigation, lost in words, appearance rate (seeds/004)', () => {
    expect(
      figures('2024年，经开区行政应诉案件共6件，无一件行政败诉案件，行政机关负责人出庭应诉率100%。', ZONE),
    ).toEqual({ litigationCases: '6', lostCases: '0', leaderAppearanceRate: '100' });
  });

  it('reconsideration: received before accepted, and the first of its kind', () => {
    expect(figures('全年共收到行政复议申请68件，依法受理60件。')).toEqual({ reconsiderationCases: '68' });
    expect(figures('全年受理行政复议案件60件。另收到行政复议申请68件。')).toEqual({ reconsiderationCases: '68' });
  });

  it('zero in words: 零败诉, 败诉率为零, 无…败诉类案件的发生 (corpus/118)', () => {
    expect(figures('实现行政诉讼零败诉。')).toEqual({ lostCases: '0' });
    expect(figures('行政诉讼败诉率为零。')).toEqual({ lossRate: '0' });
    expect(
      figures('2024年以来,我镇无行政复议变更、撤销、重新作出行政行为案件和行政诉讼败诉类案件的发生。', {
        year: 2024,
        place: '六郎镇',
        level: 'township',
        authority: null,
      }),
    ).toEqual({ lostCases: '0' });
  });

  it('normative documents: reviewed (corpus/094, corpus/127)', () => {
    expect(figures('严格规范性文件管理,完成规范性文件合法性审查16件。')).toEqual({ normativeDocsReviewed: '16' });
    expect(
      figures('三是加强规范性文件合法性审查,2024年审查规范性文件21件,其中涉企规范性文件10件,审查率100%。'),
    ).toEqual({
      normativeDocsReviewed: '21',
    });
  });

  it('legality reviews: a total over documents and contracts (corpus/126, corpus/129, corpus/130)', () => {
    const zone: FigureContext = { year: 2023, place: '西咸新区', level: 'county', authority: '西咸新区' };
    expect(figures('严把合法性审查关,审查规范性文件和各类招商引资、政府采购合同共715份,审查率100%。', zone)).toEqual({
      legalityReviews: '715',
    });
    expect(figures('全年完成31件重大决策与规范性文件法制审核,内容涉及旧区改造。')).toEqual({ legalityReviews: '31' });
    expect(figures('为街道各类合同、文件进行合法性审查70次,提出6份意见。')).toEqual({ legalityReviews: '70' });
  });

  it('legality reviews: not contracts alone, nor the legal review of enforcement cases (corpus/043, corpus/003)', () => {
    expect(figures('提供合法性审查“专班服务”,全年共审查重大合同39份。')).toEqual({});
    expect(figures('完善重大执法决定法制审核制度,全年完成重大法制审核案件36件。')).toEqual({});
  });

  it('major decisions (corpus/108, corpus/102), not opinions on them (corpus/153)', () => {
    expect(figures('2024年度，街道共作出重大行政决策16项，均严格履行了法定程序。')).toEqual({ majorDecisions: '16' });
    expect(figures('明确我局重大行政决策事项2个。', { ...COUNTY, authority: '梁山县生态环境局' })).toEqual({
      majorDecisions: '2',
    });
    expect(figures('为县政府和相关部门重大决策提供法律意见50余件。')).toEqual({});
  });

  it('disclosure, suggestions and proposals (seeds/000)', () => {
    expect(figures('受理政府信息公开申请件68件，公开政策文件10个。', OFFICE)).toEqual({ disclosureRequests: '68' });
    expect(figures('办结人大建议128件、政协提案160件，实现交办率、办结率、满意率三个100%。', OFFICE)).toEqual({
      npcSuggestions: '128',
      cppccProposals: '160',
    });
  });

  it("leaders' law study (corpus/049, corpus/134, dev/091, corpus/006, corpus/013)", () => {
    const town = { year: 2024, place: '下蜀镇', level: 'township', authority: null } as const;
    expect(figures('落实领导干部集体学法制度,镇党委会、镇长办公室会议、理论学习中心组年度学法8次。', town)).toEqual({
      lawStudySessions: '8',
    });
    expect(figures('全年组织开展常务会会前学法5次,法治讲座2次。')).toEqual({
      lawStudySessions: '5',
      trainingSessions: '2',
    });
    expect(figures('政府常务会会议会前学法34次。')).toEqual({ lawStudySessions: '34' });
    expect(figures('党委中心组集中学习习近平法治思想6次,举办法治讲座1次。', TOWN)).toEqual({
      lawStudySessions: '6',
      trainingSessions: '1',
    });
    expect(figures('纳入党委中心组学习内容和公职人员学法内容,全年学习12次。', TOWN)).toEqual({
      lawStudySessions: '12',
    });
    // The office reporting (县政府办) is no other body in its own report (seeds/000).
    expect(figures('今年以来，县政府办班子会议学习相关法律知识8次，研究部署2次。', OFFICE)).toEqual({
      lawStudySessions: '8',
    });
  });

  it('law study: not study of other subjects, nor a speech (corpus/085, corpus/125)', () => {
    expect(figures('共计召开党委理论学习中心组学习13次。')).toEqual({});
    expect(figures('全年开展“第一议题”56期,组织中心组学习17期。')).toEqual({});
    expect(figures('由各党委成员围绕学习习近平法治思想作研讨发言1次。')).toEqual({});
  });

  it('training (seeds/000, corpus/059, corpus/050, dev/091), not publicity (corpus/029)', () => {
    expect(figures('研究部署2次，开展法治培训4次。')).toEqual({ trainingSessions: '4' });
    expect(figures('举办法治专题讲座5期。')).toEqual({ trainingSessions: '5' });
    expect(figures('园区主要领导为园区干部职工讲法治课1次。')).toEqual({ trainingSessions: '1' });
    expect(figures('举办有关习近平法治思想各类主体培训6期。')).toEqual({ trainingSessions: '6' });
    expect(figures('2024年共开展水上法律知识宣传活动22场。')).toEqual({});
    expect(figures('园区共组织各类法治宣传和法治讲座7次。')).toEqual({});
  });

  it('exam pass rate, in its clause or after the exam (seeds/000, corpus/030, corpus/040)', () => {
    expect(figures('组织全体职工参加国家工作人员学法用法学习考试，考试通过率100%。')).toEqual({ examPassRate: '100' });
    expect(figures('动员108名领导干部参加党内法规和国家法律知识考试,合格率达100%。')).toEqual({ examPassRate: '100' });
    expect(figures('组织5000余名教职工进行年度法治理论水平学习测试,合格率达95%以上。')).toEqual({
      examPassRate: '95~',
    });
  });

  it('exam pass rate: not a qualification exam for enforcement (corpus/084)', () => {
    expect(figures('每年统一组织执法资格等级考试,基本级执法资格考试通过率达100%。')).toEqual({});
  });

  it('advisers and public lawyers (corpus/049, corpus/105, seeds/004)', () => {
    const city: FigureContext = { year: 2021, place: '嘉兴市', level: 'city', authority: '嘉兴市教育局' };
    expect(figures('落实司法所长列席镇党政会议工作制度,镇政府聘请3名法律顾问。', TOWN)).toEqual({ legalAdvisers: '3' });
    expect(
      figures(
        '市教育局在编在岗公职律师1名,同时聘请浙江圣文律师事务所张建良、计敏俊两名律师为市教育局常年法律顾问。',
        city,
      ),
    ).toEqual({ publicLawyers: '1', legalAdvisers: '2' });
    expect(figures('2024年度公开选聘第二届党政一体法律顾问（专家库成员）52名。')).toEqual({ legalAdvisers: '52' });
  });

  it('advisers: not villages with an adviser, nor what advisers did (corpus/113, corpus/032)', () => {
    expect(figures('另外全镇26个行政村全部聘请法律顾问。', TOWN)).toEqual({});
    expect(figures('法律顾问审查合同超185份、出具专业审查意见书143份。')).toEqual({});
  });

  it('disputes, approximate (seeds/004, corpus/003)', () => {
    expect(figures('全年共调处各类矛盾纠纷300余起，开展社区矫正执法检查6次。')).toEqual({ disputesResolved: '300~' });
    expect(figures('全年排查化解矛盾纠纷391件,化解率达96%。')).toEqual({ disputesResolved: '391' });
  });

  it('reads traditional characters and full-width digits, and quotes the clause as written (corpus/064)', () => {
    const city: FigureContext = { year: 2022, place: '南昌市', level: 'city', authority: '南昌市人民政府' };
    const [figure] = extractFigures('市委常委會、市政府常務會會前學法１３次。', city);
    expect(figure).toMatchObject({
      indicator: 'lawStudySessions',
      value: 13,
      text: '市委常委會、市政府常務會會前學法１３次',
    });
  });
});

describe('traps: none is taken', () => {
  it("another body's or a larger jurisdiction's figure", () => {
    expect(figures('全省行政机关负责人出庭应诉率达到100%。')).toEqual({});
    expect(figures('全市行政机关负责人出庭应诉率达到100%。')).toEqual({});
    expect(figures('市中级人民法院审结行政诉讼案件120件。')).toEqual({});
    expect(figures('市委常委会会前学法13次。')).toEqual({});
    expect(figures('示范带动各级各部门党委(党组)理论学习中心组学习习近平法治思想245次。')).toEqual({});
    // In an office's report, the government it serves is another body (seeds/003).
    expect(figures('县政府共确定重大行政决策23件。', OFFICE)).toEqual({});
  });

  it("the report's own jurisdiction is its own (dev/061, corpus/013, a county-level city)", () => {
    expect(figures('全省行政机关负责人出庭应诉率达到100%。', PROVINCE)).toEqual({ leaderAppearanceRate: '100' });
    expect(
      figures('全省各级政府及其部门认真组织学习《习近平法治文选》第一卷，全省组织专题培训2100余场次。', PROVINCE),
    ).toEqual({ trainingSessions: '2100~' });
    expect(figures('各村(居)、各单位领导干部开展法治专题培训班4次。', TOWN)).toEqual({ trainingSessions: '4' });
    const city: FigureContext = { year: 2024, place: '邹城市', level: 'county', authority: '邹城市人民政府' };
    expect(figures('全市行政机关负责人出庭应诉率达到100%。', city)).toEqual({ leaderAppearanceRate: '100' });
  });

  it('a target or a promise (seeds/004)', () => {
    expect(figures('落实行政案件涉案部门负责人出庭应诉制度，确保出庭应诉率保持100%。')).toEqual({});
    expect(figures('力争行政机关负责人出庭应诉率达到100%。')).toEqual({});
  });

  it('a plan: figures under 下一步工作打算 are no results', () => {
    expect(figures('## 三、下一步工作打算\n\n行政机关负责人出庭应诉率100%。')).toEqual({});
  });

  it('a change, but the count beside it is taken', () => {
    expect(figures('行政复议纠错率同比提高38.64%。')).toEqual({});
    expect(figures('受理行政复议申请68件，同比增长10%。')).toEqual({ reconsiderationCases: '68' });
    expect(figures('行政诉讼败诉率下降7.01个百分点。')).toEqual({});
  });

  it('a cumulative figure or one of unclear period', () => {
    expect(figures('截至目前，共聘请法律顾问15名。')).toEqual({});
    expect(figures('累计开展中心组学习18场次。')).toEqual({});
    expect(figures('市政府常务会议先后4次对《信访工作条例》进行专题学法。')).toEqual({});
    expect(figures('2021年以来，共办理行政复议案件300件。')).toEqual({});
    expect(figures('十四五期间，办理行政复议案件300件。')).toEqual({});
  });

  it("the report's own year is its own: 今年以来, «2024年以来» in a 2024 report", () => {
    expect(figures('今年以来，受理政府信息公开申请件68件。')).toEqual({ disclosureRequests: '68' });
    expect(figures('2024年以来，办理行政复议案件30件。')).toEqual({ reconsiderationCases: '30' });
  });

  it("another year's figure (seeds/000)", () => {
    expect(figures('征集2025年度县政府民生实事项目建议82项，收到人大代表建议82件。')).toEqual({});
    expect(figures('2023年共开展领导班子学法12次。')).toEqual({});
    expect(figures('上年度办理行政复议案件12件。')).toEqual({});
  });

  it('a slogan or an ordinal (dev/038, seeds/000)', () => {
    expect(figures('纳入第九期“法治嘉定建设”领导干部培训班。')).toEqual({});
    expect(figures('实现交办率、办结率、满意率三个100%。')).toEqual({});
    expect(figures('每月召开一次中心组学法会议。')).toEqual({});
  });

  it('a combined figure is not split (seeds/002)', () => {
    expect(figures('今年以来，共办理人大代表议案建议和政协委员提案共186件。')).toEqual({});
    expect(figures('全年共开展法治专题学习培训、宣传宣讲、政治轮训100余场次。')).toEqual({});
  });

  it('what the reporter urged others to do (seeds/003)', () => {
    expect(figures('已督促办理人大代表建议256件、政协提案95件，办复率均达100%。', OFFICE)).toEqual({});
  });
});

describe('sections and clauses', () => {
  const body = [
    '2024年，县政府坚持依法行政。行政机关负责人出庭应诉率100%。',
    '',
    '# 一、主要成效',
    '',
    '## （一）依法决策',
    '',
    '县政府共确定重大行政决策23件。',
    '',
    '## （二）化解纠纷',
    '',
    '全年共调处各类矛盾纠纷300余起，开展社区矫正执法检查6次。',
  ].join('\n');

  it('gives each figure the id renderBody gives the heading above it (null before any)', () => {
    const found = extractFigures(body, COUNTY);
    const ids = renderBody(body).headings.map((h) => h.id);
    expect(ids).toEqual(['h-1', 'h-1-1', 'h-1-2']);
    expect(found.map((f) => [f.indicator, f.section])).toEqual([
      ['leaderAppearanceRate', null],
      ['majorDecisions', 'h-1-1'],
      ['disputesResolved', 'h-1-2'],
    ]);
  });

  it('lists headings with their lines and the ids renderBody gives', () => {
    const markdown = '前言\n\n## 一、总体\n\n段落\n\n### （一）组织\n\n二、问题\n---\n\n文字';
    const listed = listHeadings(markdown);
    expect(listed.map(({ level, text, id }) => ({ level, text, id }))).toEqual(renderBody(markdown).headings);
    expect(listed.map((h) => h.line)).toEqual([2, 6, 8]);
  });

  it('quotes the verbatim clause, a substring of the body, and gives figures in INDICATORS order', () => {
    const found = extractFigures(body, COUNTY);
    for (const f of found) expect(body).toContain(f.text);
    expect(found.find((f) => f.indicator === 'disputesResolved')).toMatchObject({
      text: '全年共调处各类矛盾纠纷300余起',
      value: 300,
      approx: true,
      unit: '件',
    });
    const order = found.map((f) => INDICATOR_IDS.indexOf(f.indicator));
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it('gives nothing for a body without figures, or an empty one', () => {
    expect(extractFigures('', COUNTY)).toEqual([]);
    expect(extractFigures('# 一、总体情况\n\n坚持依法行政。', COUNTY)).toEqual([]);
  });
});

describe('rules from the develop part’s misses (2026-12-07, second round)', () => {
  const BUREAU: FigureContext = { year: 2024, place: '梁山县', level: 'county', authority: '梁山县司法局' };
  const PROVINCE_BUREAU: FigureContext = { year: 2024, place: '山东省', level: 'province', authority: '山东省司法厅' };

  it('reads no major decision, said in words, as 0 — and only where the clause ends there', () => {
    expect(figures('本年度我局无重大行政决策事项。', BUREAU)).toEqual({ majorDecisions: '0' });
    expect(figures('全年无重大决策被纠错的情况。', BUREAU)).toEqual({});
  });

  it('takes a law study count whose clause before names the leaders’ body', () => {
    const CITY: FigureContext = { year: 2024, place: '济宁市', level: 'city', authority: '济宁市人民政府' };
    expect(figures('将学法纳入市政府常务会议规定动作，组织集中学法7次，为依法决策提供支撑。', CITY)).toEqual({
      lawStudySessions: '7',
    });
    // Without a leaders' body in the sentence, a staff study count is none.
    expect(figures('面向全体干部职工，组织集中学法7次。', CITY)).toEqual({});
  });

  it('reads a government whose documents are reviewed as the object, not the subject', () => {
    expect(figures('审核省政府行政规范性文件13件。', PROVINCE_BUREAU)).toEqual({ normativeDocsReviewed: '13' });
    expect(figures('审查县政府规范性文件14件。', BUREAU)).toEqual({ normativeDocsReviewed: '14' });
    // The government as the subject in a department's report stays another body's figure.
    expect(figures('县政府共审查规范性文件14件。', BUREAU)).toEqual({});
  });
});
