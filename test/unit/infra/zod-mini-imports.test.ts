import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleFunction } from '../../../bench/bundle-inspect.js';

/**
 * Issue 13: deployed code reaches zod only through `@wuhan/domain/zod` (zod/mini with zod's English messages).
 * One import of classic 'zod' brings its ≈ 60 KB back into every bundle that reaches the module, so this checks
 * the areas converted to zod/mini (packages/aws, packages/middleware, packages/topology, services) by source and
 * the authorizer (which reaches no classic schema elsewhere) by what its bundle holds.
 */
const root = fileURLToPath(new URL('../../..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'zod-mini-imports-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Deployed sources: tests and their helpers (never bundled into a function) may keep the classic API. */
function runtimeSources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules') return [];
    if (statSync(path).isDirectory()) return runtimeSources(path);
    return path.endsWith('.ts') && !path.endsWith('.test.ts') ? [path] : [];
  });
}

describe('zod/mini in deployed code', () => {
  it("no module of packages/aws, packages/middleware, packages/topology or services imports classic 'zod'", () => {
    const offenders = ['packages/aws/src', 'packages/middleware/src', 'packages/topology/src', 'services']
      .flatMap((dir) => runtimeSources(join(root, dir)))
      .filter((file) => /\bfrom\s*['"]zod(\/v4)?(\/classic)?['"]/.test(readFileSync(file, 'utf8')))
      .map((file) => relative(root, file));
    expect(offenders, "import * as z from '@wuhan/domain/zod'").toEqual([]);
  });

  it("the authorizer's bundle holds zod/mini only, not the classic API", async () => {
    const built = await bundleFunction(
      root,
      join(root, 'services/authorizer/handler.ts'),
      join(work, 'authorizer'),
      'ses',
    );
    const inputs = Object.keys(built.inputs);
    expect(inputs.filter((p) => p.includes('zod/v4/classic/'))).toEqual([]);
    // The check above is only meaningful while the authorizer parses with zod at all.
    expect(inputs.some((p) => p.includes('zod/v4/mini/'))).toBe(true);
  });
});
