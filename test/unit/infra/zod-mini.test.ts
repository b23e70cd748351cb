import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleFunction } from '../../../bench/bundle-inspect.js';
import { projectRoot } from './fixture-app.js';

/**
 * Issue 13: runtime code reads zod through the domain's zod module (packages/domain/src/zod.ts: zod/mini with
 * zod's English messages configured). A module that imports 'zod' itself brings the classic API back into every
 * bundle that reaches it (≈ 70 KB more, and slower cold starts); one that imports 'zod/mini' directly gets no
 * locale, so its problem+json answers would say "Invalid input" instead of what the field got wrong.
 *
 * Only packages/domain is guarded for now: the other packages are converted on their own branches, and the list
 * below widens as they land. Tests (`*.test.ts`) are not deployed and may use classic zod.
 */
const guardedDirectories = ['packages/domain/src'];
/** The one module allowed to import zod itself. */
const zodModule = 'packages/domain/src/zod.ts';

/** Every zod module specifier a source imports or re-exports (static, type-only and dynamic imports alike). */
function zodImports(source: string): string[] {
  const specifiers = [
    ...source.matchAll(/\b(?:import|export)\b[^;'"]*?\bfrom\s*['"]([^'"]+)['"]/g),
    ...source.matchAll(/\bimport\s*['"]([^'"]+)['"]/g),
    ...source.matchAll(/\b(?:import|require)\s*\(\s*['"]([^'"]+)['"]\s*\)/g),
  ].map((match) => match[1] ?? '');
  return specifiers.filter((specifier) => specifier === 'zod' || specifier.startsWith('zod/'));
}

function runtimeSources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return runtimeSources(path);
    return path.endsWith('.ts') && !path.endsWith('.test.ts') ? [path] : [];
  });
}

describe('runtime code reads zod through the domain zod module', () => {
  it('finds every form of a zod import, and nothing else', () => {
    expect(zodImports("import * as z from 'zod';")).toEqual(['zod']);
    expect(zodImports('import { z } from "zod/mini";')).toEqual(['zod/mini']);
    expect(zodImports("import type { ZodType } from 'zod';")).toEqual(['zod']);
    expect(zodImports("import {\n  type ZodError,\n  config,\n} from 'zod/v4/core';")).toEqual([
      'zod/v4/core',
    ]);
    expect(zodImports("export { object } from 'zod/mini';")).toEqual(['zod/mini']);
    expect(zodImports("import 'zod';")).toEqual(['zod']);
    expect(zodImports("const z = await import('zod');")).toEqual(['zod']);
    expect(
      zodImports(
        "import * as z from '../zod.js';\nimport * as z2 from '@wuhan/domain/zod';\nimport { zodiac } from 'zodiac';",
      ),
    ).toEqual([]);
  });

  it("no runtime module of a converted package imports 'zod' or 'zod/mini' itself", () => {
    const sources = guardedDirectories.flatMap((dir) => runtimeSources(join(projectRoot, dir)));
    // The walk must see the package's modules, or the check below would pass on nothing.
    expect(sources.map((file) => relative(projectRoot, file))).toContain('packages/domain/src/events.ts');
    const offenders = sources
      .filter((file) => relative(projectRoot, file) !== zodModule)
      .flatMap((file) =>
        zodImports(readFileSync(file, 'utf8')).map(
          (specifier) => `${relative(projectRoot, file)}: ${specifier}`,
        ),
      );
    expect(offenders, "import * as z from '@wuhan/domain/zod' (inside packages/domain: '../zod.js')").toEqual(
      [],
    );
  });

  it('the whole domain bundles with zod/mini and the English locale only: no classic API, no other locale', async () => {
    // A value use of the `z.core` namespace (e.g. `instanceof z.core.$ZodObject`) keeps all of zod's core,
    // every locale and the JSON Schema generator (≈ 320 KB) in the bundle, which the import check cannot see.
    const work = mkdtempSync(join(tmpdir(), 'zod-mini-'));
    afterAll(() => rmSync(work, { recursive: true, force: true }));
    const { inputs } = await bundleFunction(
      projectRoot,
      join(projectRoot, 'packages/domain/src/index.ts'),
      work,
    );
    const zod = Object.entries(inputs)
      .filter(([path, bytes]) => path.includes('node_modules/zod/') && bytes > 0)
      .map(([path]) => path.slice(path.indexOf('node_modules/zod/') + 'node_modules/zod/'.length));
    expect(zod).toContain('v4/mini/schemas.js');
    expect(zod.filter((path) => !/^v4\/(core|mini)\//.test(path) && path !== 'v4/locales/en.js')).toEqual([]);
    expect(zod.filter((path) => /json-schema/.test(path))).toEqual([]);
  });
});
