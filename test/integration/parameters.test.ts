import { addDays } from '@wuhan/domain';
import { api, credentialFor, scanByPrefix } from '@wuhan/testing';
import { beforeAll, describe, expect, inject, it } from 'vitest';

/**
 * Issue 8, point 6: dated, versioned parameters. This file publishes to the `matching` set with the values
 * already in force, so the versions it adds change nothing another test file could observe; each version it
 * publishes carries a reason unique to this run, which is how it finds its own.
 */
const info = inject('stack');
const credentials = inject('credentials');
const staff = () => api(info, credentialFor(credentials, 'staff').key);
const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;

interface Version {
  set: string;
  version: number;
  validFrom: string;
  values: Record<string, unknown>;
  reason: string;
  changedBy: string;
}

let todayThere = '';
let yesterday = '';
let currentValues: Record<string, unknown> = {};

beforeAll(async () => {
  // The server's own today (Asia/Shanghai), so the test and the function agree on the date.
  const overview = await staff().get('/v1/parameters');
  expect(overview.status).toBe(200);
  todayThere = overview.json.today;
  yesterday = addDays(todayThere, -1);
  const matching = overview.json.items.find((i: { set: string }) => i.set === 'matching');
  currentValues = matching.inForce.values;
});

const inForceOn = (date: string) => staff().get<Version>(`/v1/parameters/matching/in-force?date=${date}`);
const history = async () => (await staff().get<{ items: Version[] }>('/v1/parameters/matching')).json.items;

describe('parameters', () => {
  it('are seeded at version 1 for every set, from the plan’s issue date', async () => {
    for (const set of ['evaluation', 'matching', 'subsidy']) {
      const res = await staff().get(`/v1/parameters/${set}/in-force?date=2025-01-25`);
      expect(res.status, set).toBe(200);
      expect(res.json).toMatchObject({ set, version: 1, validFrom: '2025-01-25', changedBy: 'system' });
    }
    expect((await staff().get('/v1/parameters/subsidy/in-force?date=2025-01-24')).status).toBe(404);
  });

  it('published from today apply today and not yesterday; the history lists both', async () => {
    const yesterdayBefore = (await inForceOn(yesterday)).json;
    const reason = `integration ${run}: same values, new version`;

    const published = await staff().post<Version>('/v1/parameters/matching', {
      validFrom: todayThere,
      values: currentValues,
      reason,
    });
    expect(published.status).toBe(201);
    expect(published.json).toMatchObject({ set: 'matching', validFrom: todayThere, reason });

    const onToday = await inForceOn(todayThere);
    expect(onToday.json).toMatchObject({ version: published.json.version, reason });
    const onYesterday = await inForceOn(yesterday);
    expect(onYesterday.json.version).toBe(yesterdayBefore.version);
    expect(onYesterday.json.version).toBeLessThan(published.json.version);

    const versions = await history();
    const numbers = versions.map((v) => v.version);
    expect(numbers).toEqual([...numbers].sort((a, b) => b - a));
    expect(versions.find((v) => v.version === published.json.version)?.reason).toBe(reason);
    expect(versions.find((v) => v.version === yesterdayBefore.version)).toBeDefined();
  });

  it('refuse a version that would apply to the past with 422 on body.validFrom, and store nothing', async () => {
    const reason = `integration ${run}: backdated`;
    const res = await staff().post('/v1/parameters/matching', {
      validFrom: yesterday,
      values: currentValues,
      reason,
    });
    expect(res.status).toBe(422);
    expect(res.json.errors).toEqual([expect.objectContaining({ field: 'body.validFrom' })]);
    expect((await history()).some((v) => v.reason === reason)).toBe(false);
    const stored = await scanByPrefix(info, 'PARAMS#matching');
    expect(stored.filter((item) => item.reason === reason)).toEqual([]);
  });

  it('refuse values that do not fit the set, naming the field', async () => {
    const res = await staff().post('/v1/parameters/matching', {
      validFrom: todayThere,
      values: { offerResponseDays: 0 },
      reason: `integration ${run}: invalid`,
    });
    expect(res.status).toBe(400);
    expect(res.json.errors.map((e: { field: string }) => e.field)).toEqual(['body.values.offerResponseDays']);
  });

  it('publish once for a repeated Idempotency-Key', async () => {
    const reason = `integration ${run}: idempotent`;
    const body = { validFrom: addDays(todayThere, 30), values: currentValues, reason };
    const headers = { 'idempotency-key': `params-${run}` };
    const first = await staff().post<Version>('/v1/parameters/matching', body, headers);
    const again = await staff().post<Version>('/v1/parameters/matching', body, headers);
    expect(first.status).toBe(201);
    expect(again.json.version).toBe(first.json.version);
    expect((await history()).filter((v) => v.reason === reason)).toHaveLength(1);

    const overview = await staff().get('/v1/parameters');
    const matching = overview.json.items.find((i: { set: string }) => i.set === 'matching');
    expect(matching.scheduled.map((v: Version) => v.reason)).toContain(reason);
  });

  it('are read by the roles they bind: a platform reads matching, a fund manager not evaluation', async () => {
    const platform = api(info, credentialFor(credentials, 'platform').key);
    expect((await platform.get(`/v1/parameters/matching/in-force?date=${todayThere}`)).status).toBe(200);
    const fundManager = api(info, credentialFor(credentials, 'fund_manager').key);
    expect((await fundManager.get('/v1/parameters/evaluation')).status).toBe(403);
    expect((await fundManager.post('/v1/parameters/subsidy', {})).status).toBe(403);
  });
});
