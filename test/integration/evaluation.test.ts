import { api, credentialFor, readInbox, runSchedule, waitFor } from '@wuhan/testing';
import { afterEach, describe, expect, inject, it } from 'vitest';

/**
 * Issue 9 on the local stack: a nomination passes screening, the evaluation consumer assigns a panel (field
 * first, sectors mixed, the conflicted expert skipped, each expert emailed), the experts review over the API
 * and the project is decided: qualified, needs_consensus then settled by staff, a declined review replaced, an
 * overdue review reminded once the clock moves. Each test brings its own experts in a field no other file
 * uses (electromagnetic energy) and deactivates them afterwards, so the pool the choice sees is this test's.
 */
const info = inject('stack');
const credentials = inject('credentials');
const staffKey = credentialFor(credentials, 'staff').key;
const partner = credentialFor(credentials, 'partner', 0);
const staff = api(info, staffKey);
const FIELD = 'electromagnetic_energy';
const dims = ['demand', 'disruptiveness', 'producibility', 'plan', 'capability', 'returns', 'risk'] as const;
const all = (score: number) => Object.fromEntries(dims.map((d) => [d, score]));

interface Expert {
  id: string;
  key: string;
  email: string;
  label: string;
}
let created: Expert[] = [];

afterEach(async () => {
  // Out of the pool for the next test (and for other files), whatever this one left behind.
  for (const e of created) await staff.post(`/v1/experts/${e.id}/deactivate`, { reason: '评估集成测试结束' });
  created = [];
});

async function addExpert(run: string, label: string, sector: string, organization: string): Promise<Expert> {
  const email = `eval.${label}.${run}@example.wuhan.local`;
  const answer = await staff.post(
    '/v1/experts',
    { name: `评估专家 ${label} ${run}`, email, organization, sector, techFields: [FIELD] },
    { 'idempotency-key': `eval-${label}-${run}` },
  );
  expect(answer.status, answer.text).toBe(201);
  const expert = { id: answer.json.profile.id as string, key: answer.json.apiKey as string, email, label };
  created.push(expert);
  return expert;
}

async function nominateAndPass(run: string, lead: string) {
  const title = `高功率脉冲电磁发射装置 ${run}`;
  const nominated = await api(info, partner.key).post('/v1/nominations', {
    title,
    summary: '面向电磁能应用的高功率脉冲电源与发射装置。',
    techField: FIELD,
    stage: 'sprouting',
    trl: 5,
    leadOrganization: lead,
    teamLead: { name: '赵强', email: 'zhaoqiang@example.cn' },
    district: 'east_lake_hitech',
  });
  expect(nominated.status, nominated.text).toBe(202);
  const projectId = nominated.json.projectId as string;
  const passed = await staff.post(`/v1/projects/${projectId}/screening`, {
    decision: 'pass',
    note: '进入专家评估',
  });
  expect(passed.status, passed.text).toBe(200);
  return { projectId, title };
}

/** The evaluation record once the panel holds `size` experts (staff view). */
async function panelOf(projectId: string, size: number) {
  return waitFor(
    async () => {
      const answer = await staff.get(`/v1/projects/${projectId}/evaluation`);
      if (answer.status !== 200) return undefined;
      const active = (answer.json.reviews as { expertId: string; state: string }[]).filter(
        (r) => r.state !== 'withdrawn',
      );
      return active.length >= size ? answer.json : undefined;
    },
    { timeoutMs: 45_000, intervalMs: 300, description: `a panel of ${size} for ${projectId}` },
  );
}

const panelIds = (record: { reviews: { expertId: string; state: string }[] }) =>
  record.reviews
    .filter((r) => r.state !== 'withdrawn')
    .map((r) => r.expertId)
    .sort();

async function statusOf(projectId: string, status: string) {
  return waitFor(
    async () => {
      const answer = await staff.get(`/v1/projects/${projectId}`);
      return answer.json?.status === status ? answer.json : undefined;
    },
    { timeoutMs: 45_000, intervalMs: 300, description: `${projectId} ${status}` },
  );
}

async function mailsTo(addresses: string[], includes: string) {
  return waitFor(
    async () => {
      const mails = (await readInbox(info)).filter(
        (m) => addresses.some((a) => m.destination.to.includes(a)) && (m.subject ?? '').includes(includes),
      );
      const reached = new Set(mails.flatMap((m) => m.destination.to));
      return addresses.every((a) => reached.has(a)) ? mails : undefined;
    },
    { timeoutMs: 45_000, intervalMs: 300, description: `mail "${includes}" to ${addresses.join(', ')}` },
  );
}

const review = (e: Expert, projectId: string, body: Record<string, unknown>) =>
  api(info, e.key).post(`/v1/projects/${projectId}/reviews`, body);

describe('evaluation on the local stack', () => {
  it('assigns a mixed panel without the conflicted expert, emails each, and three reviews qualify the project', async () => {
    const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    const lead = `武汉电磁能研究院 ${run}`;
    const sci = await addExpert(run, 'sci', 'science', `华中科技大学电气学院 ${run}`);
    const ind = await addExpert(run, 'ind', 'industry', `武汉重工 ${run}`);
    const eco = await addExpert(run, 'eco', 'economy', `光谷资本 ${run}`);
    // Same organisation as the lead, written with full-width spaces and other case: still a conflict.
    const conflicted = await addExpert(
      run,
      'cfl',
      'science',
      `  武汉电磁能研究院\u3000${run.toUpperCase()} `,
    );
    const spare = await addExpert(run, 'sci2', 'science', `武汉大学 ${run}`);

    const { projectId, title } = await nominateAndPass(run, lead);
    const record = await panelOf(projectId, 3);
    // One scientist, one from industry, one from the economy. Which scientist depends on load: projects of other
    // files may take either of the two meanwhile (fewest open reviews first), so the test names the chosen one.
    const panel = panelIds(record);
    expect(panel).toEqual(expect.arrayContaining([ind.id, eco.id]));
    const [chosenSci, otherSci] = panel.includes(sci.id) ? [sci, spare] : [spare, sci];
    expect(panel).toEqual([chosenSci.id, ind.id, eco.id].sort());
    const lines = record.rounds[0].explanations as { expertId: string; decision: string; skip?: string }[];
    expect(lines.find((l) => l.expertId === conflicted.id)).toMatchObject({
      decision: 'skipped',
      skip: 'conflict_lead_organization',
    });
    expect(lines.find((l) => l.expertId === otherSci.id)).toMatchObject({
      decision: 'skipped',
      skip: 'ranked_lower',
    });
    await mailsTo([chosenSci.email, ind.email, eco.email], title);

    // An expert sees the project to score, and no one's scores but their own (none yet).
    const assigned = await api(info, chosenSci.key).get('/v1/reviews/assigned');
    expect(assigned.status).toBe(200);
    const mine = assigned.json.items.find((i: { projectId: string }) => i.projectId === projectId);
    expect(mine).toMatchObject({ title, techField: FIELD, stage: 'sprouting', trl: 5, state: 'assigned' });
    expect(mine.myReview).toBeUndefined();

    // Bad input: off the half-point scale, outside 0–5, a missing or unknown dimension, not assigned.
    const off = await review(chosenSci, projectId, {
      scores: { ...all(4), demand: 3.25 },
      conflictOfInterest: false,
    });
    expect(off.status).toBe(400);
    expect(off.json.errors.map((e: { field: string }) => e.field)).toEqual(['body.scores.demand']);
    expect(
      (await review(chosenSci, projectId, { scores: { ...all(4), risk: 5.5 }, conflictOfInterest: false }))
        .status,
    ).toBe(400);
    const { risk: _risk, ...six } = all(4);
    expect((await review(chosenSci, projectId, { scores: six, conflictOfInterest: false })).status).toBe(400);
    expect(
      (await review(chosenSci, projectId, { scores: { ...all(4), beauty: 4 }, conflictOfInterest: false }))
        .status,
    ).toBe(400);
    expect((await review(conflicted, projectId, { scores: all(4), conflictOfInterest: false })).status).toBe(
      404,
    );

    // Two submissions from one expert at once: one counts, the other is refused.
    const both = await Promise.all([
      review(chosenSci, projectId, { scores: all(4), conflictOfInterest: false }),
      review(chosenSci, projectId, { scores: all(4), conflictOfInterest: false }),
    ]);
    expect(both.map((b) => b.status).sort()).toEqual([200, 409]);
    // A revision before the evaluation closes is allowed.
    const revised = await review(chosenSci, projectId, {
      scores: all(4.5),
      conflictOfInterest: false,
      overallComment: '修订',
    });
    expect(revised.json).toMatchObject({ state: 'submitted', revision: 2 });
    expect((await review(ind, projectId, { scores: all(4), conflictOfInterest: false })).status).toBe(200);
    expect((await review(eco, projectId, { scores: all(3.5), conflictOfInterest: false })).status).toBe(200);

    await statusOf(projectId, 'qualified');
    const decided = await staff.get(`/v1/projects/${projectId}/evaluation`);
    expect(decided.json).toMatchObject({
      state: 'closed',
      outcome: 'qualified',
      parameterVersion: expect.any(Number),
    });
    expect(decided.json.means.overall).toBeCloseTo(4, 4);
    expect(decided.json.computation.reasons[0]).toMatch(/every dimension meets its threshold/);
    // The partner sees the outcome and the means, never who scored what.
    const seen = await api(info, partner.key).get(`/v1/projects/${projectId}/evaluation`);
    expect(seen.status).toBe(200);
    expect(Object.keys(seen.json).sort()).toEqual(['decidedBy', 'means', 'outcome', 'projectId', 'state']);
    // Closed: no more reviews.
    expect((await review(eco, projectId, { scores: all(5), conflictOfInterest: false })).status).toBe(409);
  });

  it('sends a disagreement to staff, who settle it; a declined review is replaced', async () => {
    const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    const sci = await addExpert(run, 'sci', 'science', `武汉理工大学 ${run}`);
    const ind = await addExpert(run, 'ind', 'industry', `长江电气 ${run}`);
    const eco = await addExpert(run, 'eco', 'economy', `东湖创投 ${run}`);
    const { projectId } = await nominateAndPass(run, `电磁弹射科技有限公司 ${run}`);
    await panelOf(projectId, 3);
    const replacement = await addExpert(run, 'ind2', 'industry', `武汉船机 ${run}`);
    // The expert added resumes nothing here (the panel is full); declining brings the replacement in.
    const declined = await api(info, ind.key).post(`/v1/projects/${projectId}/reviews/decline`, {
      reason: '时间冲突',
    });
    expect(declined.status, declined.text).toBe(200);
    const record = await waitFor(
      async () => {
        const r = await staff.get(`/v1/projects/${projectId}/evaluation`);
        return panelIds(r.json).includes(replacement.id) ? r.json : undefined;
      },
      { timeoutMs: 45_000, intervalMs: 300, description: 'the replacement on the panel' },
    );
    expect(panelIds(record)).toEqual([sci.id, eco.id, replacement.id].sort());

    expect((await review(sci, projectId, { scores: all(5), conflictOfInterest: false })).status).toBe(200);
    expect((await review(eco, projectId, { scores: all(5), conflictOfInterest: false })).status).toBe(200);
    expect((await review(replacement, projectId, { scores: all(3), conflictOfInterest: false })).status).toBe(
      200,
    );
    await statusOf(projectId, 'needs_consensus');
    const decided = await staff.post(`/v1/projects/${projectId}/decision`, {
      outcome: 'not_qualified',
      reason: '会商认为生产可行性论证不足',
    });
    expect(decided.status, decided.text).toBe(200);
    expect(decided.json.consensus).toMatchObject({ outcome: 'not_qualified' });
    // The record's outcome is the decided one (the experts' disagreement stays in its decision).
    expect(decided.json.outcome).toBe('not_qualified');
    await statusOf(projectId, 'not_qualified');
    const settled = await staff.get(`/v1/projects/${projectId}/evaluation`);
    expect(settled.json.outcome).toBe('not_qualified');

    // Staff set the final stage; the declared one is kept beside it.
    const staged = await staff.post(`/v1/projects/${projectId}/stage`, {
      stage: 'growth',
      reason: '已具备小批量生产条件',
    });
    expect(staged.status, staged.text).toBe(200);
    expect(staged.json).toMatchObject({
      stage: 'growth',
      declaredStage: 'sprouting',
      trl: 5,
      stageTrlMismatch: false,
    });
    expect((await staff.get(`/v1/projects/${projectId}`)).json.project.stage).toBe('growth');
  });

  it('reminds an expert whose review is due, and replaces it once the grace has passed', async () => {
    const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    const sciA = await addExpert(run, 'sci', 'science', `中科院电工所 ${run}`);
    const ind = await addExpert(run, 'ind', 'industry', `华工科技 ${run}`);
    const eco = await addExpert(run, 'eco', 'economy', `湖北高投 ${run}`);
    const sciB = await addExpert(run, 'sci2', 'science', `海军工程大学 ${run}`);
    const { projectId, title } = await nominateAndPass(run, `电磁能储能有限公司 ${run}`);
    const panel = panelIds(await panelOf(projectId, 3));
    // Which scientist is on the panel depends on load (other files' projects may take one); the other waits.
    const [sci, spare] = panel.includes(sciA.id) ? [sciA, sciB] : [sciB, sciA];
    expect(panel).toEqual([sci.id, ind.id, eco.id].sort());
    const dueOn = (await api(info, sci.key).get('/v1/reviews/assigned')).json.items.find(
      (i: { projectId: string }) => i.projectId === projectId,
    ).dueOn as string;
    // Two review in time; the sweep on the due day reminds only the scientist.
    expect((await review(ind, projectId, { scores: all(2), conflictOfInterest: false })).status).toBe(200);
    expect((await review(eco, projectId, { scores: all(2), conflictOfInterest: false })).status).toBe(200);
    expect((await runSchedule(info, 'deadline-sweep', new Date(`${dueOn}T09:01:00+08:00`))).status).toBe(200);
    await mailsTo([sci.email], `评审提醒：${title}`);
    const early = (await readInbox(info)).filter(
      (m) => m.destination.to.includes(ind.email) && (m.subject ?? '').includes('评审提醒'),
    );
    expect(early).toEqual([]);

    // Seven days of grace later the scientist is replaced by the other scientist, who is emailed.
    const afterGrace = new Date(Date.parse(`${dueOn}T00:00:00+08:00`) + 8 * 24 * 3600 * 1000 + 60_000);
    expect((await runSchedule(info, 'deadline-sweep', afterGrace)).status).toBe(200);
    const replaced = await waitFor(
      async () => {
        const r = await staff.get(`/v1/projects/${projectId}/evaluation`);
        return panelIds(r.json).includes(spare.id) ? r.json : undefined;
      },
      { timeoutMs: 45_000, intervalMs: 300, description: 'the overdue review replaced' },
    );
    expect(replaced.reviews.find((r: { expertId: string }) => r.expertId === sci.id)).toMatchObject({
      state: 'withdrawn',
      withdrawalReason: 'overdue',
    });
    await mailsTo([spare.email], `评审邀请：${title}`);
    expect((await review(sci, projectId, { scores: all(5), conflictOfInterest: false })).status).toBe(404);

    // The replacement's review decides: all 2s and a 2.5 are not qualified, automatically.
    expect((await review(spare, projectId, { scores: all(2.5), conflictOfInterest: false })).status).toBe(
      200,
    );
    await statusOf(projectId, 'not_qualified');
  });
});
