import { defineCollection } from 'astro:content';
import { reportsLoader } from './collection/loader.ts';
import { reportSchema } from './lib/report.ts';
import { readPipelinePaths } from './site.config.ts';

const reports = defineCollection({
  // Entries are keyed by the report's own slug, so that permalinks never depend on file layout; the
  // store holds the frontmatter only (see src/collection/loader.ts for why not Astro's glob()).
  loader: reportsLoader({ base: readPipelinePaths().reports }),
  schema: reportSchema,
});

export const collections = { reports };
