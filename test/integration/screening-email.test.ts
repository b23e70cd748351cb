import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '@wuhan/aws';
import { api, credentialFor, readInbox, testDocumentClient, waitFor } from '@wuhan/testing';
import { describe, expect, inject, it } from 'vitest';

/**
 * A project recommended by two partners and screened out: each partner is told, with the reason (issue 3
 * item 5 with issue 4's routing; review found the partners were never reached).
 */
const info = inject('stack');
const credentials = inject('credentials');
const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

async function emailOf(partnerId: string): Promise<string> {
  const { Item } = await testDocumentClient(info).send(
    new GetCommand({ TableName: info.tableName, Key: keys.principal('partner', partnerId) }),
  );
  return String(Item?.email);
}

describe('screening out', () => {
  it('tells every recommending partner why', async () => {
    const [first, second] = [
      credentialFor(credentials, 'partner', 0),
      credentialFor(credentials, 'partner', 1),
    ];
    const title = `太赫兹成像芯片 ${run}`;
    const body = {
      title,
      summary: '室温太赫兹探测阵列。',
      techField: 'advanced_semiconductors',
      stage: 'gestation',
      leadOrganization: `华中科技大学 ${run}`,
      teamLead: { name: '王芳', email: 'wangfang@example.cn' },
      district: 'wuchang',
    };
    const created = await api(info, first.key).post('/v1/nominations', body);
    expect(created.status).toBe(202);
    expect((await api(info, second.key).post('/v1/nominations', body)).status).toBe(202);
    const reason = `与本期方向不符 ${run}`;
    const staff = credentialFor(credentials, 'staff').key;
    const screened = await api(info, staff).post(`/v1/projects/${created.json.projectId}/screening`, {
      decision: 'screen_out',
      reason,
    });
    expect(screened.status).toBe(200);

    const addresses = await Promise.all([emailOf(first.ownerId), emailOf(second.ownerId)]);
    const told = await waitFor(
      async () => {
        const mails = (await readInbox(info)).filter(
          (e) => (e.body.text ?? '').includes(reason) && addresses.some((a) => e.destination.to.includes(a)),
        );
        return mails.length >= 2 ? mails : undefined;
      },
      { timeoutMs: 45_000, intervalMs: 300, description: 'the screened-out emails to both partners' },
    );
    expect(told.map((m) => m.destination.to[0]).sort()).toEqual([...addresses].sort());
    for (const mail of told) expect(mail.subject).toContain(title);
  });
});
