import { api, credentialFor, waitFor } from '@wuhan/testing';
import { describe, expect, inject, it } from 'vitest';
import { intakeClients, marker, nomination } from './intake-helpers.js';

/** §一 progress through the local stack: a milestone's event reaches the targets consumer and counts once. */
const stack = inject('stack');
const credentials = inject('credentials');
const { partnerA } = intakeClients(stack, credentials);
const staff = api(stack, credentialFor(credentials, 'staff').key);

type Progress = { targets: { target: string; achieved: number; projectIds: string[] }[] };
const libraryOf = (progress: Progress) => progress.targets.find((t) => t.target === 'nationalLibrary');

describe('programme targets (§一)', () => {
  it('counts a project entered into the national library once, however often it is recorded', async () => {
    const created = await partnerA.post('/v1/nominations', nomination(marker()));
    expect(created.status, created.text).toBe(202);
    const projectId = created.json.projectId as string;
    const milestone = {
      type: 'national_library_entered',
      date: '2026-06-01',
      reference: `国科发〔2026〕${marker()}`,
    };
    for (let i = 0; i < 2; i++) {
      const recorded = await staff.post(`/v1/projects/${projectId}/milestones`, milestone);
      expect(recorded.status, recorded.text).toBe(201);
    }

    const counted = await waitFor(
      async () => {
        const progress = (await staff.get('/v1/programme/targets')).json as Progress;
        return libraryOf(progress)?.projectIds.includes(projectId) ? progress : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 250, description: 'the library entry counted' },
    );
    expect(libraryOf(counted)?.projectIds.filter((id) => id === projectId)).toHaveLength(1);
    expect(libraryOf(counted)?.achieved).toBe(libraryOf(counted)?.projectIds.length);
    expect((await partnerA.get('/v1/programme/targets')).status).toBe(403);
  });
});
