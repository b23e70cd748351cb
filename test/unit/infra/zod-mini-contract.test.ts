import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Issue 13: the contract's schemas are zod/mini, imported through the domain's zod module (zod/mini with zod's
 * English messages configured). One module importing classic zod would bring its ≈ 35 KB back into every API
 * bundle; one importing 'zod/mini' directly would have no English messages configured if it were bundled alone.
 * Covers packages/contract only (the domain and the services have their own guards or will).
 */
const contractSources = resolve(import.meta.dirname, '../../../packages/contract/src');

describe('the contract imports zod only through @wuhan/domain/zod', () => {
  const modules = readdirSync(contractSources).filter(
    (name) => name.endsWith('.ts') && !name.endsWith('.test.ts'),
  );

  it('finds the contract modules (so the check below can fail)', () => {
    expect(modules).toContain('intake.ts');
    expect(modules.length).toBeGreaterThanOrEqual(15);
  });

  it('no contract module imports zod itself', () => {
    const offenders = modules.filter((name) =>
      /from\s*'zod(\/[^']*)?'/.test(readFileSync(join(contractSources, name), 'utf8')),
    );
    expect(offenders, "import * as z from '@wuhan/domain/zod'").toEqual([]);
  });
});
