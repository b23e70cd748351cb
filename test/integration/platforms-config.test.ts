import { readFileSync } from 'node:fs';
import { loadPlatformsConfig } from '@wuhan/domain';
import { describe, expect, inject, it } from 'vitest';
import { intakeClients } from './intake-helpers.js';

/**
 * Issue 10 point 1 on the local stack: the queues, the seeded platform keys and the seeded platform profiles all
 * come from config/platforms.json (read here from the file itself, not from the code under test).
 */
const stack = inject('stack');
const credentials = inject('credentials');
const { staff } = intakeClients(stack, credentials);
const configured = loadPlatformsConfig(
  JSON.parse(readFileSync(new URL('../../config/platforms.json', import.meta.url), 'utf8')),
);

describe('platforms from config/platforms.json on the local stack', () => {
  it('creates one queue per configured platform, keyed by platformId in .local/stack.json', () => {
    expect(Object.keys(stack.platformQueues).sort()).toEqual(configured.map((p) => p.platformId).sort());
  });

  it('seeds one platform key per configured platform, naming the platformId that keys platformQueues', () => {
    const named = credentials.keys.filter((k) => k.role === 'platform').map((k) => k.platformId);
    expect(named.sort()).toEqual(Object.keys(stack.platformQueues).sort());
  });

  it("seeds each platform's profile with the configuration's fields", async () => {
    for (const key of credentials.keys.filter((k) => k.role === 'platform')) {
      const expected = configured.find((p) => p.platformId === key.platformId);
      if (!expected) throw new Error(`key ${key.label} names no configured platform`);
      const read = await staff.get(`/v1/platforms/${key.ownerId}`);
      expect(read.status, read.text).toBe(200);
      expect(read.json.profile).toMatchObject({ ...expected, email: expected.contactEmail });
    }
  });
});
