/**
 * Writes the sample OFD, tests/fixtures/ofd/report.ofd: a seed report's first 30 lines and a 落款, laid
 * out by tests/helpers/ofd-fixture.ts after GB/T 33190's structure (no OFD writer is packaged in Debian).
 * The output is the same on every run; run it again after changing the writer:
 *
 *   npx tsx tests/tools/make-ofd-fixture.ts
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { REPORT_FIXTURE, reportFixture } from '../helpers/ofd-fixture.ts';

const bytes = reportFixture(readFileSync(REPORT_FIXTURE.seed, 'utf8'));
mkdirSync(dirname(REPORT_FIXTURE.path), { recursive: true });
writeFileSync(REPORT_FIXTURE.path, bytes);
console.log(`${REPORT_FIXTURE.path}: ${bytes.length} bytes`);
