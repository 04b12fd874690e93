import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { regionChain } from '../../src/lib/report-facts.ts';
import {
  absoluteUrl,
  asciiSlug,
  authorityPathOf,
  downloadNames,
  downloadPaths,
  REGIONS_PATH,
  regionChildPath,
  regionPath,
  regionSegment,
  reportPath,
  reportPermalink,
  withBase,
  yearPath,
} from '../../src/lib/urls.ts';

const base = fc.constantFrom('/', '/fzbg/', '/a/b/', '/gongkai/fzbg/');
const sitePath = fc
  .array(fc.stringMatching(/^[a-z0-9-]{1,12}$/), { maxLength: 4 })
  .map((parts) => `/${parts.map((p) => `${p}/`).join('')}`);

describe('withBase', () => {
  it('puts every site path under the base, with exactly one slash between the parts', () => {
    fc.assert(
      fc.property(base, sitePath, (b, p) => {
        const url = withBase(b, p);
        expect(url.startsWith(b)).toBe(true);
        expect(url).not.toContain('//');
        expect(url.slice(b.length - 1)).toBe(p);
      }),
    );
  });

  it('accepts a base without its trailing slash', () => {
    expect(withBase('/fzbg', '/reports/x/')).toBe('/fzbg/reports/x/');
    expect(withBase('/', '/')).toBe('/');
  });
});

describe('the URL scheme', () => {
  it('romanises any Chinese text into lowercase ASCII words', () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.integer({ min: 0x4e00, max: 0x9fa5 }).map((c) => String.fromCharCode(c)),
          minLength: 1,
          maxLength: 20,
        }),
        (text) => {
          const slug = asciiSlug(text);
          expect(slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
          expect(regionSegment(text)).toMatch(/^[a-z0-9]+$/);
        },
      ),
    );
  });

  it('keeps characters the pinyin table lacks as their code points instead of dropping them', () => {
    // Found by the property above: 龥 (U+9FA5) has no reading, and a name of it alone gave an empty slug.
    expect(asciiSlug('龥')).toBe('u9fa5');
    expect(regionSegment('𠀀村')).toBe('u20000cun');
    expect(asciiSlug('Café')).toBe('cafe');
  });

  it('gives regions one pinyin segment per level, skipping absent levels (municipalities)', () => {
    expect(regionPath(regionChain({ province: '北京市', city: null, county: '海淀区', township: null }))).toBe(
      '/regions/beijingshi/haidianqu/',
    );
    expect(regionPath(['山东省', '济宁市', '梁山县', '小路口镇'])).toBe(
      '/regions/shandongsheng/jiningshi/liangshanxian/xiaolukouzhen/',
    );
    expect(regionPath([])).toBe('/regions/');
    expect(regionSegment('陕西省')).toBe('shaanxisheng');
    expect(regionSegment('山西省')).toBe('shanxisheng');
  });

  it('has stable report, year, authority and download paths', () => {
    expect(reportPath('2023-liangshanxian-renminzhengfu')).toBe('/reports/2023-liangshanxian-renminzhengfu/');
    expect(yearPath(2023)).toBe('/years/2023/');
    expect(authorityPathOf('liangshanxianrenminzhengfu')).toBe('/authorities/liangshanxianrenminzhengfu/');
    expect(downloadPaths({ slug: 's', source: { path: '山东/报告.DOCX' } })).toEqual({
      original: '/downloads/s/original.docx',
      markdown: '/downloads/s/s.md',
      packaged: false,
    });
    // A type a browser renders as a page is published inside a ZIP, never as it is.
    expect(downloadPaths({ slug: 's', source: { path: '网页/报告.HTML' } })).toEqual({
      original: '/downloads/s/original.html.zip',
      markdown: '/downloads/s/s.md',
      packaged: true,
    });
    // Whatever the upload is called, the download address is ASCII.
    fc.assert(
      fc.property(fc.string(), (name) => {
        const { original } = downloadPaths({ slug: 's', source: { path: name } });
        expect(original).toMatch(/^\/downloads\/s\/original\.[a-z0-9]{1,8}(\.zip)?$/);
      }),
    );
  });
});

describe('download names', () => {
  it('name a download after the report, safely for every file system', () => {
    const report = (title: string, path = '山东/报告.docx') => ({ slug: '2024-x', title, source: { path } });
    expect(downloadNames(report('梁山县2024年法治政府建设情况报告'))).toEqual({
      original: '梁山县2024年法治政府建设情况报告.docx',
      markdown: '梁山县2024年法治政府建设情况报告.md',
    });
    expect(downloadNames(report('关于"法治"的报告: 2024/2025', 'a.html')).original).toBe(
      '关于_法治_的报告_ 2024_2025.html.zip',
    );
    expect(downloadNames(report('...')).markdown).toBe('2024-x.md');
    expect([...downloadNames(report('法'.repeat(300))).markdown].length).toBe(83);
  });
});

describe('absolute addresses', () => {
  it('join the site, the base and the path, with one slash between each', () => {
    const config = { site: 'https://www.example.gov.cn', base: '/fzbg/' };
    expect(absoluteUrl(config, '/sitemap-index.xml')).toBe('https://www.example.gov.cn/fzbg/sitemap-index.xml');
    expect(reportPermalink(config, '2023-x')).toBe('https://www.example.gov.cn/fzbg/reports/2023-x/');
    expect(absoluteUrl({ site: 'http://localhost:4321', base: '/' }, '/')).toBe('http://localhost:4321/');
    fc.assert(
      fc.property(base, sitePath, (b, p) => {
        expect(absoluteUrl({ site: 'https://a.example', base: b }, p)).toBe(`https://a.example${withBase(b, p)}`);
      }),
    );
  });
});

describe('region paths', () => {
  it('add one segment per level, and number a namesake sibling', () => {
    expect(regionChildPath(REGIONS_PATH, 'shanxisheng')).toBe('/regions/shanxisheng/');
    expect(regionChildPath('/regions/shanxisheng/', 'taiyuanshi', 2)).toBe('/regions/shanxisheng/taiyuanshi-2/');
    expect(regionPath(['山东省', '济宁市'])).toBe(
      regionChildPath(regionChildPath(REGIONS_PATH, regionSegment('山东省')), regionSegment('济宁市')),
    );
  });
});
