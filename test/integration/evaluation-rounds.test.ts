import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '@wuhan/aws';
import { api, credentialFor, dynamoItemBytes, testDocumentClient, waitFor } from '@wuhan/testing';
import { afterEach, describe, expect, inject, it } from 'vitest';

/**
 * The evaluation record does not grow with the assignment rounds: each round is its own item next to it. On the
 * local stack a project goes through five rounds (its panel, then four declined reviews each replaced), and the
 * record's raw item stays the size it had after the first, while `GET …/evaluation` still answers every round,
 * oldest first. The experts work in a field no other file uses (supercomputing), so the replacements are this
 * test's own (field first), and are deactivated afterwards.
 */
const info = inject('stack');
const credentials = inject('credentials');
const staff = api(info, credentialFor(credentials, 'staff').key);
const partner = credentialFor(credentials, 'partner', 0);
const FIELD = 'supercomputing';
const table = testDocumentClient(info);

interface Expert {
  id: string;
  key: string;
}
let created: Expert[] = [];

afterEach(async () => {
  for (const e of created) await staff.post(`/v1/experts/${e.id}/deactivate`, { reason: '评估轮次测试结束' });
  created = [];
});

async function addExpert(run: string, label: string, sector: string): Promise<Expert> {
  const answer = await staff.post(
    '/v1/experts',
    {
      name: `轮次专家 ${label} ${run}`,
      email: `rounds.${label}.${run}@example.wuhan.local`,
      organization: `超算研究院 ${label} ${run}`,
      sector,
      techFields: [FIELD],
    },
    { 'idempotency-key': `rounds-${label}-${run}` },
  );
  expect(answer.status, answer.text).toBe(201);
  const expert = { id: answer.json.profile.id as string, key: answer.json.apiKey as string };
  created.push(expert);
  return expert;
}

interface EvaluationView {
  roundCount: number;
  rounds: { at: string; trigger: string; chosen: string[]; explanations: unknown[] }[];
  reviews: { expertId: string; state: string }[];
}

/** The staff view once it counts `rounds` rounds and the panel holds three experts again. */
async function evaluationAfter(projectId: string, rounds: number): Promise<EvaluationView> {
  return waitFor(
    async () => {
      const answer = await staff.get(`/v1/projects/${projectId}/evaluation`);
      if (answer.status !== 200) return undefined;
      const view = answer.json as EvaluationView;
      const panel = view.reviews.filter((r) => r.state === 'assigned');
      return view.roundCount === rounds && panel.length === 3 ? view : undefined;
    },
    { timeoutMs: 45_000, intervalMs: 300, description: `round ${rounds} of ${projectId}` },
  );
}

async function recordBytes(projectId: string): Promise<number> {
  const { Item } = await table.send(
    new GetCommand({ TableName: info.tableName, Key: keys.evaluation(projectId), ConsistentRead: true }),
  );
  expect(Item).toBeDefined();
  return dynamoItemBytes(Item ?? {});
}

describe('evaluation rounds on the local stack', () => {
  it('keeps the record’s size over five rounds and answers every round, oldest first', async () => {
    const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    const sectors = ['science', 'industry', 'economy', 'science', 'industry', 'economy', 'science'];
    const experts = [];
    for (const [i, sector] of sectors.entries()) experts.push(await addExpert(run, `e${i}`, sector));
    const nominated = await api(info, partner.key).post('/v1/nominations', {
      title: `存算一体超算芯片 ${run}`,
      summary: '面向超级计算的存算一体芯片与系统。',
      techField: FIELD,
      stage: 'sprouting',
      trl: 5,
      leadOrganization: `武汉超算科技有限公司 ${run}`,
      teamLead: { name: '钱明', email: 'qianming@example.cn' },
      district: 'east_lake_hitech',
    });
    expect(nominated.status, nominated.text).toBe(202);
    const projectId = nominated.json.projectId as string;
    const passed = await staff.post(`/v1/projects/${projectId}/screening`, {
      decision: 'pass',
      note: '进入评估',
    });
    expect(passed.status, passed.text).toBe(200);

    const first = await evaluationAfter(projectId, 1);
    const bytesAfterFirst = await recordBytes(projectId);
    // Four experts of the panel decline one after another; each is replaced in a round of its own.
    for (let round = 2; round <= 5; round++) {
      const view = await evaluationAfter(projectId, round - 1);
      const holder = view.reviews.find(
        (r) => r.state === 'assigned' && created.some((e) => e.id === r.expertId),
      );
      const expert = created.find((e) => e.id === holder?.expertId);
      expect(expert, 'a panel expert of this test').toBeDefined();
      const declined = await api(info, expert?.key ?? '').post(`/v1/projects/${projectId}/reviews/decline`, {
        reason: '时间冲突',
      });
      expect(declined.status, declined.text).toBe(200);
    }
    const last = await evaluationAfter(projectId, 5);

    expect(last.rounds).toHaveLength(5);
    expect(last.rounds[0]).toEqual(first.rounds[0]);
    expect(last.rounds.map((r) => r.trigger)).toEqual([
      'entered_review',
      'withdrawal',
      'withdrawal',
      'withdrawal',
      'withdrawal',
    ]);
    const times = last.rounds.map((r) => r.at);
    expect([...times].sort()).toEqual(times);
    // Every round explains the whole pool it saw (this test's seven experts among the stack's others).
    for (const r of last.rounds) expect(r.explanations.length).toBeGreaterThanOrEqual(experts.length);

    // The raw record: small, and no larger after five rounds than after one (the counters may gain a digit).
    const bytes = await recordBytes(projectId);
    expect(bytes).toBeLessThan(1024);
    expect(bytes - bytesAfterFirst).toBeLessThanOrEqual(4);
    const { Items } = await table.send(
      new QueryCommand({
        TableName: info.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :rounds)',
        ExpressionAttributeValues: {
          ':pk': keys.evaluation(projectId).pk,
          ':rounds': keys.evaluationRoundPrefix,
        },
        ConsistentRead: true,
      }),
    );
    expect((Items ?? []).map((i) => i.round)).toEqual([1, 2, 3, 4, 5]);

    // Every round answered: nothing older to page back to. Paging back from round 3 answers rounds 1 and 2.
    expect(last).not.toHaveProperty('olderRoundsBefore');
    const older = await staff.get(`/v1/projects/${projectId}/evaluation?roundsBefore=3`);
    expect(older.status, older.text).toBe(200);
    const page = older.json as EvaluationView;
    expect(page.rounds).toEqual(last.rounds.slice(0, 2));
    expect(page.roundCount).toBe(5);
    expect(page).not.toHaveProperty('olderRoundsBefore');
    const bad = await staff.get(`/v1/projects/${projectId}/evaluation?roundsBefore=zero`);
    expect(bad.status, bad.text).toBe(400);
  });
});
