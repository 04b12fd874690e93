/**
 * Builds the sample archive (content/sources) once for all integration and browser tests.
 */
import { rm } from 'node:fs/promises';
import type { TestProject } from 'vitest/node';
import { buildSite } from '../helpers/build-site.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    sampleSite: import('../helpers/build-site.ts').BuiltSite;
  }
}

export default async function setup(project: TestProject) {
  const site = await buildSite('content/sources');
  project.provide('sampleSite', site);
  return async () => {
    if (!process.env.GONGKAI_KEEP_TEST_SITE) await rm(site.root, { recursive: true, force: true });
  };
}
