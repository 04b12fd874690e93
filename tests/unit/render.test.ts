import { describe, expect, it } from 'vitest';
import { renderBody } from '../../src/lib/render.ts';

describe('renderBody', () => {
  it('escapes raw HTML from report text', () => {
    const { html } = renderBody('正文<script>alert(1)</script><img src=x onerror=alert(1)>');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;');
  });

  it('drops javascript: links', () => {
    const { html } = renderBody('[点我](javascript:alert(1))');
    expect(html).not.toMatch(/href="javascript:/i);
  });

  it('shows an image from another site as a link (no request to a third party), and keeps one of its own', () => {
    const { html } = renderBody(
      '![公章](https://evil.example/seal.png) ![图](//evil.example/x.png) ![本站](/fzbg/chart.png)',
    );
    expect(html).not.toMatch(/<img[^>]+src="(https?:)?\/\//);
    expect(html).toContain('<a href="https://evil.example/seal.png">图片：公章</a>');
    expect(html).toContain('<img src="/fzbg/chart.png" alt="本站">');
  });

  it('gives headings stable outline ids', () => {
    const { html, headings } = renderBody(
      '## 一、总体情况\n\n段落\n\n### （一）组织领导\n\n### （二）制度建设\n\n## 二、问题',
    );
    expect(headings.map((h) => h.id)).toEqual(['h-1', 'h-1-1', 'h-1-2', 'h-2']);
    expect(html).toContain('<h2 id="h-1">一、总体情况</h2>');
  });
});
