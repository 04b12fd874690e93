import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import {
  DOWNLOAD_HEADERS,
  hostHeadersFile,
  isPackaged,
  packagedEntryName,
  packageOriginal,
  uploadExtension,
} from '../../src/lib/downloads.ts';
import { isContainedPath } from '../../src/lib/source-path.ts';

describe('published originals', () => {
  it('publish as they are only the types a browser shows inertly; everything else, known or not, is zipped', () => {
    for (const ext of ['pdf', 'docx', 'DOC', 'txt', 'md', 'png', 'jpg']) expect(isPackaged(ext), ext).toBe(false);
    for (const ext of ['html', 'htm', 'xhtml', 'svg', 'xml', 'shtml', 'mht', 'js', 'swf', 'bin', 'HTML'])
      expect(isPackaged(ext), ext).toBe(true);
    expect(uploadExtension('网页/报告.HTM')).toBe('htm');
    expect(uploadExtension('无扩展名')).toBe('bin');
    expect(uploadExtension('a.b/无扩展名')).toBe('bin');
  });

  it('keep the upload byte for byte inside the ZIP, under its own name, the same ZIP on every build', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4096 }), fc.string({ minLength: 1, maxLength: 30 }), (bytes, name) => {
        const path = `网页/${name.replaceAll('/', '_')}.html`;
        const zip = packageOriginal(path, bytes);
        expect(Buffer.from(packageOriginal(path, bytes)).equals(Buffer.from(zip))).toBe(true);
        const entries = unzipSync(zip);
        expect(Object.keys(entries)).toEqual([packagedEntryName(path)]);
        const inside = entries[packagedEntryName(path)] as Uint8Array;
        expect(createHash('sha256').update(inside).digest('hex')).toBe(
          createHash('sha256').update(bytes).digest('hex'),
        );
      }),
      { numRuns: 60 },
    );
  });

  it('name the entry so that no unpacking tool can write it outside its folder', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (name) => {
        const entry = packagedEntryName(`a/${name}`);
        expect(entry).not.toMatch(/[\\/:*?"<>|]/);
        expect(entry.startsWith('.')).toBe(false);
        expect(entry.length).toBeGreaterThan(0);
      }),
    );
    expect(packagedEntryName('网页/..\\..\\evil.html')).toBe('__.._evil.html');
    expect(packagedEntryName('网页/外站保存的网页.html')).toBe('外站保存的网页.html');
  });

  it('come with headers that make every download an attachment that runs nothing, in a _headers file too', () => {
    expect(DOWNLOAD_HEADERS['Content-Disposition']).toBe('attachment');
    expect(DOWNLOAD_HEADERS['Content-Security-Policy']).toMatch(/^sandbox;/);
    expect(hostHeadersFile('/fzbg/')).toContain('/fzbg/downloads/*\n  Content-Disposition: attachment\n');
  });
});

describe('the source path rule', () => {
  it('takes the paths the ingest records and refuses every path that could leave content/sources', () => {
    for (const ok of ['报告.txt', '山东省/济宁市/梁山县/2024 报告.docx', 'a..b/c.txt', '.x/y'])
      expect(isContainedPath(ok), ok).toBe(true);
    for (const bad of ['', '../x', 'a/../../x', '/etc/passwd', 'a//b', './a', 'a/.', 'C:/x', 'a\\..\\b', 'a\nb', 'a/'])
      expect(isContainedPath(bad), JSON.stringify(bad)).toBe(false);
    // Whatever the string, a path it accepts joined to a root never climbs out of it.
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', '.', '/', '\\', ':', 'C', '\n', '报') }), (path) => {
        if (!isContainedPath(path)) return;
        const stack: string[] = [];
        for (const segment of path.split('/')) {
          if (segment === '..') stack.pop();
          else if (segment !== '.' && segment !== '') stack.push(segment);
        }
        expect(stack.length).toBe(path.split('/').length);
      }),
      { numRuns: 500 },
    );
  });
});
