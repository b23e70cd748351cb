import * as domain from '@wuhan/domain';
import { describe, expect, it, vi } from 'vitest';

// A spy over the real parser: the test sees when (and how often) the configuration is parsed, not a stand-in.
vi.mock('@wuhan/domain', async (importOriginal) => {
  const actual = await importOriginal<typeof domain>();
  return { ...actual, loadPlatformsConfig: vi.fn(actual.loadPlatformsConfig) };
});

describe('configured platforms (issue 13: parsed on first use, not at load)', () => {
  it('loading the profiles function parses nothing; the first use parses once, as the topology does', async () => {
    // Nothing here has loaded the topology, whose module parses the file when it loads (as the handler's import
    // of it once did).
    await import('./handler.js');
    const { configuredPlatforms } = await import('./configured-platforms.js');
    expect(domain.loadPlatformsConfig).not.toHaveBeenCalled();

    const first = configuredPlatforms();
    expect(configuredPlatforms()).toBe(first);
    expect(domain.loadPlatformsConfig).toHaveBeenCalledTimes(1);
    // The same platforms as the topology's (which makes the queues) parse from the same file.
    const { platforms } = await import('@wuhan/topology');
    expect(first.map((p) => ({ platformId: p.platformId, kind: p.kind }))).toEqual(
      platforms.map((p) => ({ platformId: p.platformId, kind: p.kind })),
    );
  });
});
