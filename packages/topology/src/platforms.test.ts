import { readFileSync } from 'node:fs';
import { isPlaceholderPrincipal, loadPlatformsConfig, platformKindIds } from '@wuhan/domain';
import { describe, expect, it } from 'vitest';
import { platformQueueName, platforms, toPlatformQueueBy } from './platforms.js';
import { topology } from './topology.js';

/**
 * The repository's platform configuration is the one source of the platforms: these tests read the file itself
 * (not the module's parsed copy) and check that everything built from it agrees.
 */
const file: unknown = JSON.parse(
  readFileSync(new URL('../../../config/platforms.json', import.meta.url), 'utf8'),
);

describe('config/platforms.json', () => {
  it('is valid under the domain platform schema', () => {
    expect(() => loadPlatformsConfig(file)).not.toThrow();
  });

  it('is what the topology exposes, unchanged', () => {
    expect(topology.platforms).toEqual(loadPlatformsConfig(file));
    expect(platforms).toBe(topology.platforms);
  });

  it('offers every platform kind, so each stage can be matched somewhere', () => {
    expect(new Set(platforms.map((p) => p.kind))).toEqual(new Set(platformKindIds));
  });

  it('holds placeholder principals only (a deployment names the real readers)', () => {
    for (const p of platforms) expect(isPlaceholderPrincipal(p.consumerPrincipal), p.platformId).toBe(true);
  });
});

describe('what the configuration builds', () => {
  it('one external queue per platform, named platform-<platformId>', () => {
    const external = topology.queues.filter((q) => q.consumer === 'external').map((q) => q.name);
    expect(external.sort()).toEqual(platforms.map((p) => platformQueueName(p.platformId)).sort());
  });

  it("the relay's match.offered route reaches each configured platform's queue and nothing else", () => {
    expect(topology.eventRouting['match.offered']).toEqual([toPlatformQueueBy('platformId')]);
    expect(toPlatformQueueBy('platformId').targets).toEqual(
      Object.fromEntries(platforms.map((p) => [p.platformId, `platform-${p.platformId}`])),
    );
  });
});
