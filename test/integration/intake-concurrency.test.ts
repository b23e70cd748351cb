import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { keys, profileItem } from '@wuhan/aws';
import { api, credentialFor, testDocumentClient } from '@wuhan/testing';
import { beforeAll, describe, expect, inject, it } from 'vitest';

/**
 * Twenty nominations of distinct projects in one district at the same moment: every one is accepted, and the
 * district's commissioners' open-project counters add up to exactly twenty (the benchmark found a condition on
 * the counter refusing some of them; the counter is now an atomic ADD).
 */
const info = inject('stack');
const credentials = inject('credentials');
const db = testDocumentClient(info);
const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
// 新洲区 has no seeded commissioner and no other test file uses it.
const district = 'xinzhou';
const commissionerIds = [`com_conc${run}a`, `com_conc${run}b`];

beforeAll(async () => {
  for (const id of commissionerIds) {
    await db.send(
      new PutCommand({
        TableName: info.tableName,
        Item: profileItem({
          id,
          role: 'commissioner',
          name: '并发测试专员',
          locale: 'zh-CN',
          district,
          openProjects: 0,
        }),
      }),
    );
  }
});

async function openProjects(id: string): Promise<number> {
  const { Item } = await db.send(
    new GetCommand({ TableName: info.tableName, Key: keys.principal('commissioner', id) }),
  );
  return Number(Item?.openProjects ?? 0);
}

describe('concurrent nominations in one district', () => {
  it('accepts all twenty and counts each once', async () => {
    const partners = credentials.keys.filter((k) => k.role === 'partner');
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        api(info, partners[i % partners.length]?.key ?? credentialFor(credentials, 'partner').key).post(
          '/v1/nominations',
          {
            title: `固态电池快充材料 ${run}-${i}`,
            summary: '高安全固态电解质，面向快充场景。',
            techField: 'new_materials',
            stage: 'gestation',
            leadOrganization: `新洲新材料研究所 ${run}`,
            teamLead: { name: '周强', email: 'zhouqiang@example.cn' },
            district,
          },
        ),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(202));
    const counts = await Promise.all(commissionerIds.map(openProjects));
    expect(counts.reduce((sum, n) => sum + n, 0)).toBe(20);
  });
});
