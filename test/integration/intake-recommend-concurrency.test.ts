import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { apiKeyItem, keys, profileItem } from '@wuhan/aws';
import { defaultKeyExpiry, generateApiKey, newId } from '@wuhan/domain';
import { api, scanTable, testDocumentClient } from '@wuhan/testing';
import { beforeAll, describe, expect, inject, it } from 'vitest';

/**
 * Twenty partners recommending the same project at the same moment (issue 12, defect 3): probing found 7–10 of
 * 20 refused because every recommendation was conditioned on the project's version. Now the count is an atomic
 * ADD and only each recommendation row's uniqueness can refuse: all twenty are accepted and counted once each.
 * The partners are this file's own (twenty distinct recommenders; the demo cast has six).
 */
const info = inject('stack');
const db = testDocumentClient(info);
const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const PARTNERS = 20;
const partnerKeys: string[] = [];

beforeAll(async () => {
  const now = new Date();
  for (let i = 0; i < PARTNERS; i++) {
    const id = `ptn_rec${run}${i}`;
    const key = generateApiKey();
    await db.send(
      new PutCommand({
        TableName: info.tableName,
        Item: profileItem({
          id,
          role: 'partner',
          name: `并发推荐机构 ${i}`,
          partnerType: 'vc_firm',
          email: `rec${i}@example.cn`,
          locale: 'zh-CN',
        }),
      }),
    );
    await db.send(
      new PutCommand({
        TableName: info.tableName,
        Item: apiKeyItem(key, {
          keyId: newId('key', now),
          role: 'partner',
          ownerId: id,
          label: `concurrent recommender ${i}`,
          createdAt: now.toISOString(),
          expiresAt: defaultKeyExpiry(now).toISOString(),
          createdBy: 'intake-recommend-concurrency.test',
        }),
      }),
    );
    partnerKeys.push(key);
  }
});

const body = {
  title: `城市级氢能调度平台 ${run}`,
  summary: '面向城市氢能网络的调度与安全监测。',
  techField: 'hydrogen_energy',
  stage: 'gestation',
  leadOrganization: `武汉氢能研究院 ${run}`,
  teamLead: { name: '陈刚', email: 'chengang@example.cn' },
  district: 'qingshan',
};

describe('twenty partners recommending one project at once', () => {
  it('accepts all twenty, counts twenty and answers no 409 or 503', async () => {
    const answers = await Promise.all(partnerKeys.map((key) => api(info, key).post('/v1/nominations', body)));

    expect(
      answers.map((a) => a.status),
      answers.map((a) => a.text).join('\n'),
    ).toEqual(Array(PARTNERS).fill(202));
    const accepted = answers.map((a) => a.json as { projectId: string; recommendations: number });
    const projectIds = new Set(accepted.map((a) => a.projectId));
    expect(projectIds.size).toBe(1);
    const [projectId = ''] = projectIds;
    // The last to commit sees every other one in the count it answers.
    expect(Math.max(...accepted.map((a) => a.recommendations))).toBe(PARTNERS);

    const { Item } = await db.send(
      new GetCommand({ TableName: info.tableName, Key: keys.project(projectId), ConsistentRead: true }),
    );
    expect(Item?.recommendationCount).toBe(PARTNERS);
    const rows = await scanTable(
      info,
      (item) => item.pk === keys.project(projectId).pk && item.entity === 'recommendation',
    );
    expect(rows).toHaveLength(PARTNERS);
  });

  it('still refuses a partner recommending the same project twice, also at the same moment', async () => {
    const [key = ''] = partnerKeys;
    const twice = { ...body, title: `城市级氢能调度平台 二 ${run}` };
    const first = await api(info, key).post('/v1/nominations', twice);
    expect(first.status).toBe(202);

    const again = await Promise.all([0, 1, 2].map(() => api(info, key).post('/v1/nominations', twice)));
    expect(again.map((a) => a.status)).toEqual([409, 409, 409]);
  });
});
