import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { profileItem } from '@wuhan/aws';
import { loadPlatformsConfig, type PlatformProfile } from '@wuhan/domain';
import { sendJson, testDocumentClient, waitFor } from '@wuhan/testing';
import { describe, expect, inject, it } from 'vitest';
import { intakeClients, marker, nomination } from './intake-helpers.js';

/**
 * Issue 10 point 1 on the local stack: the queues, the seeded platform keys and the seeded platform profiles all
 * come from config/platforms.json (read here from the file itself, not from the code under test).
 */
const stack = inject('stack');
const credentials = inject('credentials');
const { staff, partnerA } = intakeClients(stack, credentials);
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

describe('a platform profile whose platformId has no queue', () => {
  it('is never offered a project: the ranking excludes it as no_queue and offers a configured centre', async () => {
    // A profile left behind after its platform was dropped from the configuration (the API refuses to create
    // one, so it is written directly), ranked first were it eligible: names the field, same district, most room.
    const run = randomUUID().slice(0, 8);
    const orphan: PlatformProfile = {
      role: 'platform',
      id: `plt_noqueue${run}`,
      name: `无队列概念验证中心 ${run}`,
      locale: 'zh-CN',
      platformId: `cvc-noqueue-${run}`,
      kind: 'concept_verification_center',
      techFields: ['quantum'],
      capacity: 10_000,
      district: 'east_lake_hitech',
      contactEmail: `noqueue-${run}@example.cn`,
      consumerPrincipal: '000000000000',
      active: true,
    };
    const documents = testDocumentClient(stack);
    await documents.send(new PutCommand({ TableName: stack.tableName, Item: profileItem(orphan) }));
    try {
      const mark = marker();
      const created = await partnerA.post(
        '/v1/nominations',
        nomination(mark, { techField: 'quantum', stage: 'gestation', trl: 2 }),
      );
      expect(created.status, created.text).toBe(202);
      const projectId = String(created.json.projectId);
      const passed = await staff.post(`/v1/projects/${projectId}/screening`, { decision: 'pass' });
      expect(passed.status, passed.text).toBe(200);
      // As the evaluation's outcome leaves it: qualified, one version on (the evaluation is not under test).
      await documents.send(
        new UpdateCommand({
          TableName: stack.tableName,
          Key: { pk: `PROJECT#${projectId}`, sk: 'PROJECT' },
          UpdateExpression: 'SET #status = :qualified, gsi2pk = :listing, #version = #version + :one',
          ExpressionAttributeNames: { '#status': 'status', '#version': 'version' },
          ExpressionAttributeValues: {
            ':qualified': 'qualified',
            ':listing': 'PROJECTS#STATUS#qualified',
            ':one': 1,
          },
        }),
      );
      await sendJson(stack, stack.queues.matching ?? '', {
        id: `evt_${randomUUID()}`,
        type: 'project.qualified',
        version: 1,
        occurredAt: new Date().toISOString(),
        correlationId: `platforms-${projectId}`,
        actor: { role: 'system', id: 'evaluation' },
        subject: { kind: 'project', id: projectId },
        data: {
          projectId,
          title: String(passed.json.title),
          district: 'east_lake_hitech',
          stage: 'gestation',
          techField: 'quantum',
          means: {
            demand: 4,
            disruptiveness: 4,
            producibility: 4,
            plan: 4,
            capability: 4,
            returns: 4,
            risk: 4,
            overall: 4,
          },
          parameterVersion: 1,
          decidedBy: 'evaluation_outcome',
        },
      });
      const [offer] = await waitFor(
        async () => {
          const listed = await staff.get(`/v1/matches?projectId=${projectId}`);
          expect(listed.status, listed.text).toBe(200);
          const items = listed.json.items as {
            platformId: string;
            explanation: { excluded: { platformId: string; reason: string }[] };
          }[];
          return items.length > 0 ? items : undefined;
        },
        { timeoutMs: 30_000, intervalMs: 250, description: 'the offer' },
      );
      expect(offer?.platformId).not.toBe(orphan.platformId);
      expect(Object.keys(stack.platformQueues)).toContain(offer?.platformId);
      expect(offer?.explanation.excluded).toContainEqual(
        expect.objectContaining({ platformId: orphan.platformId, reason: 'no_queue' }),
      );
    } finally {
      // Other files rank on this table too: the orphan leaves as soon as this test is done with it.
      await documents.send(
        new DeleteCommand({
          TableName: stack.tableName,
          Key: { pk: String(profileItem(orphan).pk), sk: String(profileItem(orphan).sk) },
        }),
      );
    }
  }, 90_000);
});
