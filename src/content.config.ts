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
    // Only the frontmatter goes into Astro's data store: bodies are read from their files when a page
    // needs one (src/data/reports.ts) and rendered with markdown-it (src/lib/render.ts), never by Astro.
    // With bodies (and Astro's own rendering of them) in the store, it is serialised as one string,
    // which at 100,000 reports exceeds what V8 can hold ("Invalid string length").
    retainBody: false,
    deferRender: true,
  }),
  schema: reportSchema,
});

export const collections = { reports };
