import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleFunction } from '../../../bench/bundle-inspect.js';
import { projectRoot } from './fixture-app.js';

/**
 * Issue 13: HTTP idempotency is our own (packages/middleware/src/idempotency.ts over
 * packages/aws/src/idempotency-store.ts). Powertools' wrapper with its JMESPath engine was ≈ 38 KB of every write
 * API; a change that brings it back fails here, naming it.
 */
const work = mkdtempSync(join(tmpdir(), 'bundle-idempotency-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('write API bundles', () => {
  it('carry no Powertools idempotency and no JMESPath engine', async () => {
    const built = await bundleFunction(
      projectRoot,
      join(projectRoot, 'services/intake/handler.ts'),
      join(work, 'intake'),
    );
    const inputs = Object.keys(built.inputs);
    expect(inputs.some((p) => p.startsWith('packages/middleware/'))).toBe(true);
    expect(inputs.filter((p) => /@aws-lambda-powertools\/(idempotency|jmespath)\//.test(p))).toEqual([]);
  });
});
