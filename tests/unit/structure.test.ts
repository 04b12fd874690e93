import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Block,
  headingLevel,
  normaliseWhitespace,
  parseChromeFields,
  parseStructure,
} from '../../src/lib/structure.ts';

const kinds = (blocks: Block[]) => blocks.map((b) => (b.kind === 'heading' ? `h${b.level}` : b.kind));

describe('headings by Chinese official numbering', () => {
  it.each([
    ['一、主要举措和成效', 2],
    ['十二、其他', 2],
    ['（一）加强组织领导', 3],
    ['(二)加强组织领导', 3],
    ['（ 三 ）加强组织领导', 3],
    ['1.完善制度', 4],
    ['2．完善制度', 4],
    ['3、完善制度', 4],
    ['（1）建立台账', 5],
    ['(12)建立台账', 5],
  ])('%s is level %i', (line, level) => {
    expect(headingLevel(line)).toBe(level);
  });

  it('does not take 2020.5 or 一是 for headings', () => {
    expect(headingLevel('2020.5亿元')).toBeUndefined();
    expect(headingLevel('一是加强学习')).toBeUndefined();
  });

  it('splits a heading that runs into its paragraph, keeping every character', () => {
    const text =
      '关于2024年法治政府建设情况的报告\n（一）提高政治站位，推进法治政府建设。坚持深入学习宣传贯彻习近平法治思想，把学习贯彻放在首位。';
    const { blocks } = parseStructure(text);
    expect(kinds(blocks)).toEqual(['title', 'h3', 'paragraph']);
    expect(blocks[1]?.text).toBe('（一）提高政治站位，推进法治政府建设。');
    expect(blocks[2]?.text).toBe('坚持深入学习宣传贯彻习近平法治思想，把学习贯彻放在首位。');
  });

  it('splits a heading glued to the next numbered item by a space', () => {
    const { blocks } = parseStructure(
      '2023年，全省坚持依法行政，取得积极成效，为高质量发展提供了有力法治保障。\n一、主要举措和成效 (一)加强组织领导。党委统一领导。',
    );
    expect(kinds(blocks)).toEqual(['paragraph', 'h2', 'h3', 'paragraph']);
  });
});

describe('the title block', () => {
  it('keeps a line of its own out of the title that follows it (网站支持IPv6 / the title)', () => {
    const text = [
      '网站支持IPv6',
      '某某区管理委员会2023年法治政府建设年度报告',
      '2023年，本区推进法治政府建设，取得新成效。',
    ].join('\n');
    expect(parseStructure(text).blocks.find((b) => b.kind === 'title')?.text).toBe(
      '某某区管理委员会2023年法治政府建设年度报告',
    );
  });

  it('drops a watermark ending in a host name, and splits a bracketed 文号 off the title', () => {
    const watermarked = [
      '资料之家—每日更新www.example.com某某省人民政府关于2023年度法治政府建设情况的报告',
      '2023年，省政府坚持依法行政。',
    ];
    expect(parseStructure(watermarked.join('\n')).blocks.find((b) => b.kind === 'title')?.text).toBe(
      '某某省人民政府关于2023年度法治政府建设情况的报告',
    );
    const numbered = parseStructure(
      ['[某政发〔2026〕7号]某某市人民政府关于2025年法治政府建设情况的报告', '2025年，市政府坚持依法行政。'].join('\n'),
    ).blocks;
    expect(numbered.find((b) => b.kind === 'title')?.text).toBe('某某市人民政府关于2025年法治政府建设情况的报告');
    expect(numbered.find((b) => b.kind === 'docNumber')?.text).toBe('某政发〔2026〕7号');
  });

  it('joins a party and a government issuer on the two lines above the title, party first', () => {
    const { blocks } = parseStructure(
      '某某新区党工委\n某某新区管委会\n2024年度法治政府建设工作报告\n2024年，新区坚持依法行政。',
    );
    expect(blocks.find((b) => b.kind === 'issuer')?.text).toBe('某某新区党工委 某某新区管委会');
    // Two government lines are not joined: the nearer is the issuer.
    const two = parseStructure(
      '某某县人民政府\n某某县司法局\n2024年度法治政府建设工作报告\n2024年，我局坚持依法行政。',
    );
    expect(two.blocks.find((b) => b.kind === 'issuer')?.text).toBe('某某县司法局');
  });

  it('reads a joint party and government issuer on one line above the title, a space between', () => {
    const { blocks } = parseStructure(
      '中共某某市委 某某市人民政府\n关于2021年度法治政府建设情况的报告\n现将某某市2021年度法治政府建设情况报告如下。',
    );
    expect(blocks.find((b) => b.kind === 'issuer')?.text).toBe('中共某某市委 某某市人民政府');
  });

  it('starts the title on the line of its issuer and 关于 (某某市人民政府关于 / 2023年度…报告)', () => {
    const { blocks } = parseStructure(
      '首页 > 政务 > 通知公告\n某某市人民政府关于\n2023年度法治政府建设情况的报告\n时间:2024-04-01 15:02\n2023年，市政府坚持依法行政，各项工作取得扎实成效。',
    );
    expect(blocks.find((b) => b.kind === 'title')?.text).toBe('某某市人民政府关于2023年度法治政府建设情况的报告');
  });

  it('takes the document’s own title, naming its issuer, over a page headline that names none', () => {
    const { blocks } = parseStructure(
      '2019年度法治政府建设报告\n发布时间:2020-02-28 15:15 浏览次数:\n某某省交通运输厅关于2019年度\n法治建设情况的报告\n2019年，省交通运输厅坚持依法行政，各项工作取得明显成效。',
    );
    expect(blocks.find((b) => b.kind === 'title')?.text).toBe('某某省交通运输厅关于2019年度法治建设情况的报告');
    expect(blocks.some((b) => b.kind === 'chrome' && b.text === '2019年度法治政府建设报告')).toBe(true);
  });

  it('reads past a long navigation line or a window title that has no punctuation', () => {
    for (const first of [
      '政务服务 中国政府网 省政府网 English 日本語 한국어 Русский 站群导航 无障碍 一网搜',
      '某某街道2025年法治政府建设情况报告_街镇园区文件_某某市某某区人民政府门户网站',
    ]) {
      const { blocks } = parseStructure(
        `${first}\n某某街道2025年法治政府建设情况报告\n2025年，某某街道坚持依法行政，各项工作取得新成效。`,
      );
      expect(blocks.find((b) => b.kind === 'title')?.text, first).toBe('某某街道2025年法治政府建设情况报告');
    }
  });

  it('takes no issuer from above a title that names its own subject (木渎镇2024年度…报告)', () => {
    const { blocks } = parseStructure(
      '某某经济技术开发区一站式服务中心\n某某镇2024年度法治政府建设情况报告\n发布日期:2025-01-15\n2024年，某某镇坚持依法行政，各项工作取得新成效。',
    );
    expect(blocks.find((b) => b.kind === 'title')?.text).toBe('某某镇2024年度法治政府建设情况报告');
    expect(blocks.some((b) => b.kind === 'issuer')).toBe(false);
  });

  it('cuts an injected word off a title that names its issuer, keeping it as chrome; never a body or a place', () => {
    const { blocks } = parseStructure(
      '某某娱乐官网 某某街道办事处2021年法治政府建设年度报告\n2021年，在区委、区政府的正确领导下，街道坚持依法行政。',
    );
    expect(blocks.find((b) => b.kind === 'title')?.text).toBe('某某街道办事处2021年法治政府建设年度报告');
    expect(blocks.some((b) => b.kind === 'chrome' && b.text === '某某娱乐官网')).toBe(true);
    const joint = parseStructure(
      '中共某某县委 某某县人民政府关于2021年度法治政府建设情况的报告\n2021年，全县坚持依法行政。',
    );
    expect(joint.blocks.find((b) => b.kind === 'title')?.text).toBe(
      '中共某某县委 某某县人民政府关于2021年度法治政府建设情况的报告',
    );
  });

  it('takes the quoted title of a record about a report (《…报告》是…发布的通知)', () => {
    const { blocks } = parseStructure(
      '《某某市人民政府2018年度法治政府建设工作报告》是2019年某某市人民政府发布的通知。\n2018年，我市坚持依法行政。',
    );
    expect(blocks.find((b) => b.kind === 'title')?.text).toBe('某某市人民政府2018年度法治政府建设工作报告');
  });

  it('takes no title-like line of navigation or labels for the title', () => {
    const text = [
      '您当前的位置: 首页 > 交通局 > 政务公开 > 法治政府年度报告',
      '[ 主题分类 ] 公安、安全、司法、法制 [ 体裁分类 ] 工作报告',
      '某某县交通局关于2023年法治政府建设情况的报告',
      '2023年，我局坚持依法行政，推进法治政府建设，各项工作取得新成效。',
    ].join('\n');
    const title = parseStructure(text).blocks.find((b) => b.kind === 'title');
    expect(title?.text).toBe('某某县交通局关于2023年法治政府建设情况的报告');
  });

  it('joins an issuer line to the title and reads 文号 and 主送', () => {
    const text =
      ' 某某县人民政府办公室\n关于2024年法治政府建设情况的报告\n某政办字〔2025〕3号\n县委、县政府：\n2024年，县政府办公室坚持依法行政，各项工作取得新成效，现将有关情况报告如下。';
    const { blocks } = parseStructure(text);
    expect(kinds(blocks)).toEqual(['issuer', 'title', 'docNumber', 'addressee', 'paragraph']);
  });

  it('joins a title split over two lines', () => {
    const { blocks } = parseStructure(
      '某某区发展和改革委员会关于2023年法治政府\n建设情况的报告\n今年以来，我委坚持以习近平新时代中国特色社会主义思想为指导，依法履职。',
    );
    expect(blocks.find((b) => b.kind === 'title')?.text).toBe('某某区发展和改革委员会关于2023年法治政府建设情况的报告');
  });

  it('recognises the 落款 at the end', () => {
    const { blocks } = parseStructure(
      '某镇人民政府关于2022年度法治政府建设情况的报告\n2022年，本镇坚持依法行政，推进法治政府建设，取得明显成效，群众满意度持续提升。\n某镇人民政府\n2023年1月5日',
    );
    expect(blocks.at(-1)).toEqual({ kind: 'signature', text: '某镇人民政府\n2023年1月5日' });
  });

  it('moves page chrome out of the body and reads its fields', () => {
    const { blocks } = parseStructure(
      '首页 > 政务公开 > 规划计划\n某某市2022年法治政府建设年度报告\n发布时间 : 2023-01-29 来源:某某市司法局 字体大小:\n2022年，全市坚持依法行政，推进法治政府建设，各项工作取得新成效，群众满意度持续提升。',
    );
    expect(kinds(blocks)).toEqual(['chrome', 'title', 'chrome', 'paragraph']);
    const fields = blocks[2]?.kind === 'chrome' ? blocks[2].fields : [];
    expect(fields).toContainEqual({ label: 'published', value: '2023-01-29' });
    expect(fields).toContainEqual({ label: 'source', value: '某某市司法局' });
  });
});

describe('chrome fields', () => {
  it('reads a pipe table of page metadata', () => {
    expect(parseChromeFields('发布机构 | 某省司法厅 | 发文日期 | 2023-03-16 |')).toEqual([
      { label: 'publisher', value: '某省司法厅' },
      { label: 'published', value: '2023-03-16' },
    ]);
  });

  it('reads labels in brackets, and keeps a document date (成文日期) apart from the page’s', () => {
    expect(parseChromeFields('[ 成文日期 ] 2026-01-22 [ 发布日期 ] 2026-02-10')).toEqual([
      { label: 'written', value: '2026-01-22' },
      { label: 'published', value: '2026-02-10' },
    ]);
    expect(parseChromeFields('[ 发布机构 ] 某某乡人民政府 [ 有效性 ]')).toEqual([
      { label: 'publisher', value: '某某乡人民政府' },
    ]);
    expect(parseChromeFields('【字体：大 中 小】')).toEqual([]);
  });
});

describe('structure properties', () => {
  const chineseText = fc.array(
    fc.oneof(
      fc.constantFrom(
        '一、',
        '（一）',
        '1.',
        '（1）',
        '。',
        '，',
        '：',
        '\n',
        '\r\n',
        '\r',
        ' ',
        '\u3000',
        '报告',
        '法治政府建设',
        '2024年',
        '#',
        '---',
        '<script>',
        '"',
        "'",
      ),
      fc.string({ maxLength: 8 }),
      fc.stringMatching(/^[\u4e00-\u9fa5]{1,12}$/),
    ),
    { maxLength: 60 },
  );

  it('never throws', () => {
    fc.assert(
      fc.property(chineseText, (parts) => {
        parseStructure(parts.join(''));
      }),
      { numRuns: 300 },
    );
  });

  /**
   * That the blocks kept (those the filter takes) hold every non-whitespace character of the text. Bullets in
   * front of chrome lines are the only characters dropped, and a list number starting a run-on text may go.
   */
  const expectEveryCharacterKept = (text: string, blocks: Block[]) => {
    const kept = blocks
      .map((b) => b.text)
      .join('')
      .replace(/\s/g, '');
    const original = normaliseWhitespace(text).join('').replace(/\s/g, '');
    expect(kept.replace(/[•·●▪]/g, '')).toBe(
      original.replace(/[•·●▪]/g, '').replace(/^\d{1,3}[、.]/, (m) => (kept.startsWith(m) ? m : '')),
    );
  };

  it('keeps every non-whitespace character of the text in some block', () => {
    fc.assert(
      fc.property(chineseText, (parts) => {
        const text = parts.join('');
        expectEveryCharacterKept(text, parseStructure(text).blocks);
      }),
      { numRuns: 300 },
    );
  });

  it('without a title, keeps every non-whitespace character in the body or in a field (nothing above the body is hidden)', () => {
    const inBodyOrField = (b: Block) =>
      b.kind === 'chrome' ? b.inBody === true : b.kind !== 'title' && b.kind !== 'issuer';
    fc.assert(
      fc.property(chineseText, (parts) => {
        const text = parts.join('');
        const { blocks } = parseStructure(text);
        if (blocks.some((b) => b.kind === 'title')) return;
        expectEveryCharacterKept(text, blocks.filter(inBodyOrField));
      }),
      { numRuns: 300 },
    );
  });
});
