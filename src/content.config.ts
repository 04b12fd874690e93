import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { reportSchema } from './lib/report.ts';
import { readPipelinePaths } from './site.config.ts';

const reports = defineCollection({
  // The entry id is the report's own slug, so that permalinks never depend on file layout.
  loader: glob({
    pattern: '**/*.md',
    base: readPipelinePaths().reports,
    generateId: ({ data }) => String(data.slug),
  }),
  schema: reportSchema,
});

export const collections = { reports };
