import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { bundleFunction } from '../../../bench/bundle-inspect.js';
import { projectRoot } from './fixture-app.js';

/**
 * For bundle-content guards: bundles a function as deployed (bench/bundle-inspect.ts) into a temporary directory
 * this test file removes when it ends, and lists the files that put bytes into the bundle (project-relative,
 * node_modules paths as such). Call at the top level of a test file.
 */
export function bundledModules(prefix: string): (name: string, entry: string) => Promise<string[]> {
  const work = mkdtempSync(join(tmpdir(), `${prefix}-`));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  return async (name, entry) => {
    const { inputs } = await bundleFunction(projectRoot, join(projectRoot, entry), join(work, name));
    return Object.entries(inputs)
      .filter(([, bytes]) => bytes > 0)
      .map(([path]) => path);
  };
}

/**
 * For guards that run a bundle: bundles an entry as deployed into a temporary directory this test file removes
 * when it ends, and answers the bundle's path (`index.mjs`). Call inside a test.
 */
const outputs: string[] = [];
afterAll(() => {
  for (const dir of outputs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
export async function bundledOutput(prefix: string, entry: string): Promise<string> {
  const work = mkdtempSync(join(tmpdir(), `${prefix}-`));
  outputs.push(work);
  await bundleFunction(projectRoot, join(projectRoot, entry), work);
  return join(work, 'index.mjs');
}
