import { scanTable } from '@wuhan/testing';
import { describe, expect, inject, it } from 'vitest';
import {
  expectProblem,
  intakeClients,
  itemsMentioning,
  marker,
  nomination,
  outboxRows,
} from './intake-helpers.js';

/** Issue 3 through the local stack's HTTP API: nominations, one project with many recommenders, reading. */
const stack = inject('stack');
const credentials = inject('credentials');
const { staff, partnerA, partnerB, partnerBId, expert, anonymous } = intakeClients(stack, credentials);

describe('POST /v1/nominations: bad input is refused, naming the field, and nothing is written', () => {
  const cases: [string, (m: string) => unknown, number, string | undefined][] = [
    ['a wrong type', (m) => nomination(m, { trl: 'three' }), 400, 'body.trl'],
    ['a missing required field', (m) => ({ ...nomination(m), summary: undefined }), 400, 'body.summary'],
    ['an unknown field', (m) => nomination(m, { budget: 1 }), 400, 'body.budget'],
    [
      'a title over 200 characters',
      (m) => nomination(m, { title: `${m}${'题'.repeat(200)}` }),
      400,
      'body.title',
    ],
    [
      'a summary over 5000 characters',
      (m) => nomination(m, { summary: `${m}${'述'.repeat(5000)}` }),
      400,
      'body.summary',
    ],
    ['an empty title', (m) => nomination(m, { title: '', summary: m }), 400, 'body.title'],
    ['a whitespace-only title', (m) => nomination(m, { title: ' \u3000 ', summary: m }), 400, 'body.title'],
    ['TRL 0', (m) => nomination(m, { trl: 0 }), 400, 'body.trl'],
    ['TRL 10', (m) => nomination(m, { trl: 10 }), 400, 'body.trl'],
    ['an unknown district', (m) => nomination(m, { district: 'pudong' }), 400, 'body.district'],
    ['an unknown techField', (m) => nomination(m, { techField: 'metaverse' }), 400, 'body.techField'],
    ['an unknown stage', (m) => nomination(m, { stage: 'mature' }), 400, 'body.stage'],
    [
      'a non-https attachment URL',
      (m) => nomination(m, { attachments: [{ name: 'a.pdf', url: 'http://example.cn/a.pdf' }] }),
      400,
      'body.attachments.0.url',
    ],
    [
      'a malformed attachment URL',
      (m) => nomination(m, { attachments: [{ name: 'a.pdf', url: 'https//example.cn' }] }),
      400,
      'body.attachments.0.url',
    ],
    ['a control character', (m) => nomination(m, { summary: `${m}\u0007响铃` }), 400, 'body.summary'],
    [
      'a channel from a partner',
      (m) => nomination(m, { sourceChannel: 'public_call' }),
      400,
      'body.sourceChannel',
    ],
  ];

  it.each(cases)('%s', async (_name, build, status, field) => {
    const mark = marker();
    const response = await partnerA.post('/v1/nominations', build(mark));
    expectProblem(response, status, field);
    expect(await itemsMentioning(stack, mark)).toEqual([]);
  });

  it('invalid JSON', async () => {
    const mark = marker();
    const response = await partnerA.post('/v1/nominations', `{"title": "${mark}",`, {
      'content-type': 'application/json',
    });
    expectProblem(response, 400, 'body');
    expect(await itemsMentioning(stack, mark)).toEqual([]);
  });

  it('a body over 256 KB', async () => {
    const mark = marker();
    const response = await partnerA.post(
      '/v1/nominations',
      nomination(mark, { summary: `${mark}${'x'.repeat(300_000)}` }),
    );
    expectProblem(response, 413);
    expect(await itemsMentioning(stack, mark)).toEqual([]);
  });

  it('staff without a sourceChannel', async () => {
    const mark = marker();
    expectProblem(await staff.post('/v1/nominations', nomination(mark)), 400, 'body.sourceChannel');
    expect(await itemsMentioning(stack, mark)).toEqual([]);
  });

  it('a role that does not nominate, and no key at all', async () => {
    const mark = marker();
    expectProblem(await expert.post('/v1/nominations', nomination(mark)), 403);
    expectProblem(await anonymous.post('/v1/nominations', nomination(mark)), 401);
    expect(await itemsMentioning(stack, mark)).toEqual([]);
  });
});

describe('one project, many recommenders (§二(三))', () => {
  it('creates the project on the first nomination and flags a stage that disagrees with the TRL', async () => {
    const mark = marker();
    const response = await partnerA.post('/v1/nominations', nomination(mark, { trl: 8 }));
    expect(response.status, response.text).toBe(202);
    expect(response.json).toMatchObject({ status: 'nominated', recommendations: 1 });
    const detail = await staff.get(`/v1/projects/${response.json.projectId}`);
    expect(detail.json.project).toMatchObject({
      stageTrlMismatch: true,
      title: expect.stringContaining(mark),
    });
  });

  it('attaches a second partner to the same project, however the title is spaced and cased', async () => {
    const mark = marker();
    const first = await partnerA.post(
      '/v1/nominations',
      nomination(mark, { title: `Quantum Sensor ${mark}` }),
    );
    const second = await partnerB.post(
      '/v1/nominations',
      nomination(mark, {
        title: `  ＱＵＡＮＴＵＭ   sensor ${mark.toLowerCase()} `,
        leadOrganization: '华中科技大学 ',
      }),
    );
    expect(second.status, second.text).toBe(202);
    expect(second.json).toMatchObject({ projectId: first.json.projectId, recommendations: 2 });
    expect(second.json.nominationId).not.toBe(first.json.nominationId);
    const detail = await staff.get(`/v1/projects/${first.json.projectId}`);
    expect(detail.json.recommendations).toHaveLength(2);
    expect(detail.json.history.map((e: { type: string }) => e.type)).toContain('project.recommended');
  });

  it('answers the same partner again with 409 and the existing ids', async () => {
    const mark = marker();
    const first = await partnerA.post('/v1/nominations', nomination(mark));
    const again = await partnerA.post('/v1/nominations', nomination(mark, { summary: '换了一个摘要' }));
    expectProblem(again, 409);
    expect(again.json).toMatchObject({
      nominationId: first.json.nominationId,
      projectId: first.json.projectId,
    });
    expect(
      await scanTable(stack, (i) => i.entity === 'nomination' && i.projectId === first.json.projectId),
    ).toHaveLength(1);
  });

  it('holds when two partners nominate the same new project at the same moment', async () => {
    const mark = marker();
    const [a, b] = await Promise.all([
      partnerA.post('/v1/nominations', nomination(mark)),
      partnerB.post('/v1/nominations', nomination(mark)),
    ]);
    expect([a.status, b.status]).toEqual([202, 202]);
    expect(a.json.projectId).toBe(b.json.projectId);
    expect([a.json.recommendations, b.json.recommendations].sort()).toEqual([1, 2]);
    const projects = await scanTable(stack, (i) => i.entity === 'project' && String(i.title).includes(mark));
    expect(projects).toHaveLength(1);
    expect(projects[0]?.recommendationCount).toBe(2);
    expect(await outboxRows(stack, a.json.projectId, 'project.nominated')).toHaveLength(1);
    expect(await outboxRows(stack, a.json.projectId, 'project.recommended')).toHaveLength(1);
  });

  it('holds when the same partner sends the same nomination twice at the same moment', async () => {
    const mark = marker();
    const responses = await Promise.all([
      partnerA.post('/v1/nominations', nomination(mark)),
      partnerA.post('/v1/nominations', nomination(mark)),
    ]);
    const accepted = responses.filter((r) => r.status === 202);
    const refused = responses.filter((r) => r.status === 409);
    expect(accepted).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect(refused[0]?.json).toMatchObject({
      nominationId: accepted[0]?.json.nominationId,
      projectId: accepted[0]?.json.projectId,
    });
  });

  it('lets staff nominate for the public call, as a recommender of its own', async () => {
    const mark = marker();
    const first = await partnerA.post('/v1/nominations', nomination(mark));
    const byStaff = await staff.post('/v1/nominations', nomination(mark, { sourceChannel: 'public_call' }));
    expect(byStaff.status, byStaff.text).toBe(202);
    expect(byStaff.json.projectId).toBe(first.json.projectId);
    const detail = await staff.get(`/v1/projects/${first.json.projectId}`);
    expect(detail.json.recommendations.map((r: { channel: string }) => r.channel).sort()).toEqual([
      'public_call',
      'university',
    ]);
  });
});

describe('Idempotency-Key', () => {
  it('a retried POST gets the same answer and project.nominated is published exactly once', async () => {
    const mark = marker();
    const headers = { 'idempotency-key': `nominate-${mark}` };
    const first = await partnerA.post('/v1/nominations', nomination(mark), headers);
    const retried = await partnerA.post('/v1/nominations', nomination(mark), headers);
    expect(first.status, first.text).toBe(202);
    expect(retried.status).toBe(202);
    expect(retried.json).toEqual(first.json);
    expect(await outboxRows(stack, first.json.projectId, 'project.nominated')).toHaveLength(1);
    expect(
      await scanTable(stack, (i) => i.entity === 'nomination' && String(i.title).includes(mark)),
    ).toHaveLength(1);

    // One history row too: the project's history shows the nomination once.
    const detail = await staff.get(`/v1/projects/${first.json.projectId}`);
    expect(detail.json.history.filter((e: { type: string }) => e.type === 'project.nominated')).toHaveLength(
      1,
    );
  });

  it('two identical retries at the same moment have one effect', async () => {
    const mark = marker();
    const headers = { 'idempotency-key': `nominate-${mark}` };
    const responses = await Promise.all(
      [1, 2, 3].map(() => partnerA.post('/v1/nominations', nomination(mark), headers)),
    );
    // Each is either the answer itself or "still in progress, retry" — never a second nomination or a 500.
    for (const r of responses) expect([202, 409], r.text).toContain(r.status);
    const accepted = responses.filter((r) => r.status === 202);
    expect(accepted.length).toBeGreaterThanOrEqual(1);
    expect(new Set(accepted.map((r) => r.json.nominationId)).size).toBe(1);
    expect(await outboxRows(stack, accepted[0]?.json.projectId, 'project.nominated')).toHaveLength(1);
  });

  it('the same key with another body is refused with 422 and writes nothing more', async () => {
    const mark = marker();
    const headers = { 'idempotency-key': `nominate-${mark}` };
    expect((await partnerA.post('/v1/nominations', nomination(mark), headers)).status).toBe(202);
    const other = await partnerA.post('/v1/nominations', nomination(mark, { trl: 2 }), headers);
    expectProblem(other, 422);
    expect(
      await scanTable(stack, (i) => i.entity === 'nomination' && String(i.title).includes(mark)),
    ).toHaveLength(1);
  });
});

describe('reading nominations', () => {
  it('shows a nomination to its partner and staff, and 404 to anyone else', async () => {
    const mark = marker();
    const { json } = await partnerA.post('/v1/nominations', nomination(mark));
    const own = await partnerA.get(`/v1/nominations/${json.nominationId}`);
    expect(own.status).toBe(200);
    expect(own.json).toMatchObject({
      id: json.nominationId,
      projectStatus: 'nominated',
      title: expect.stringContaining(mark),
    });
    expect((await staff.get(`/v1/nominations/${json.nominationId}`)).status).toBe(200);
    expectProblem(await partnerB.get(`/v1/nominations/${json.nominationId}`), 404);
    expectProblem(await expert.get(`/v1/nominations/${json.nominationId}`), 404);
  });

  it("lists the caller's own nominations newest first, page by page", async () => {
    const mark = marker();
    const created: string[] = [];
    for (const n of [1, 2, 3]) {
      const { json } = await partnerB.post('/v1/nominations', nomination(`${mark}-${n}`));
      created.push(json.nominationId);
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const query = cursor ? `?limit=2&cursor=${cursor}` : '?limit=2';
      const page = await partnerB.get(`/v1/nominations${query}`);
      expect(page.status, page.text).toBe(200);
      expect(page.json.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.json.items.map((n: { id: string; submittedBy: string }) => n.id));
      expect(page.json.items.every((n: { submittedBy: string }) => n.submittedBy === partnerBId)).toBe(true);
      cursor = page.json.cursor;
    } while (cursor && !created.every((id) => seen.includes(id)));
    expect(new Set(seen).size).toBe(seen.length);
    const mine = seen.filter((id) => created.includes(id));
    expect(mine).toEqual([...created].reverse());
  });

  it("refuses another listing's cursor", async () => {
    const page = await partnerA.get('/v1/nominations?limit=1');
    if (!page.json.cursor) return;
    expectProblem(await partnerB.get(`/v1/nominations?cursor=${page.json.cursor}`), 400, 'query.cursor');
  });
});
