import { randomBytes } from 'node:crypto';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { profileItem } from '@wuhan/aws';
import { creditCodeCharset, creditCodeCheckChar, type District } from '@wuhan/domain';
import { scanTable, testDocumentClient } from '@wuhan/testing';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { expectProblem, intakeClients, marker, nomination } from './intake-helpers.js';

/** Issue 3 through the local stack: commissioners, listings, statuses, screening, milestones, the registry. */
const stack = inject('stack');
const credentials = inject('credentials');
const { staff, partnerA, commissioner } = intakeClients(stack, credentials);
/** A seeded commissioner (they serve 东湖高新区, 洪山区, 武昌区 and 江夏区, never 汉阳区). */
const seededCommissioner = credentials.keys.find((k) => k.role === 'commissioner')?.ownerId as string;

async function nominate(mark: string, overrides: Record<string, unknown> = {}) {
  const response = await partnerA.post('/v1/nominations', nomination(mark, overrides));
  expect(response.status, response.text).toBe(202);
  return response.json as { projectId: string; nominationId: string };
}

/**
 * The project as staff read it, its history narrowed to the project's own lifecycle (`project.*`): this file's
 * commissioners have no mailbox, so notification also records `notification.skipped` warnings in the history,
 * asynchronously, whenever its consumer gets to them.
 */
async function project(projectId: string) {
  const response = await staff.get(`/v1/projects/${projectId}`);
  expect(response.status, response.text).toBe(200);
  const history = (response.json.history as { type: string }[]).filter((e) => e.type.startsWith('project.'));
  return { ...response.json, history };
}

async function openProjectsOf(id: string): Promise<number> {
  const [item] = await scanTable(stack, (i) => i.pk === `COMMISSIONER#${id}` && i.sk === 'PROFILE');
  return Number(item?.openProjects);
}

/** A random code that passes GB 32100-2015, so reruns and parallel files never collide in the registry. */
function freshCreditCode(): string {
  const body = `91420100${[...randomBytes(9)].map((b) => creditCodeCharset.charAt(b % 31)).join('')}`;
  return body + creditCodeCheckChar(body);
}

/** A commissioner of this file's own, written as the profile store writes one (listed while active). */
function storeCommissioner(id: string, district: District, openProjects: number, active = true) {
  return testDocumentClient(stack).send(
    new PutCommand({
      TableName: stack.tableName,
      Item: profileItem({
        role: 'commissioner',
        id,
        name: '测试专员',
        district,
        openProjects,
        locale: 'zh-CN',
        active,
      }),
    }),
  );
}

const typesOf = (history: { type: string }[]) => history.map((e) => e.type);

describe('commissioner assignment (§二(二))', () => {
  // Two commissioners of this file's own in 汉阳区 (no seeded one there), so other files cannot move their counts.
  const district = 'hanyang';
  const run = marker().toLowerCase();
  // "busy" sorts first, so once both carry the same load the tie goes to it.
  const busy = `com-it-${run}-a`;
  const free = `com-it-${run}-b`;

  beforeAll(async () => {
    await storeCommissioner(busy, district, 3);
    await storeCommissioner(free, district, 1);
  });

  it('assigns the fewest-loaded commissioner, then breaks the tie by id, counting each assignment', async () => {
    const first = await nominate(marker(), { district });
    expect((await project(first.projectId)).project.commissionerId).toBe(free);
    const second = await nominate(marker(), { district });
    expect((await project(second.projectId)).project.commissionerId).toBe(free);
    expect(await openProjectsOf(free)).toBe(3);
    const third = await nominate(marker(), { district });
    // 3 and 3: the lower id wins.
    expect((await project(third.projectId)).project.commissionerId).toBe(busy);
    expect(await openProjectsOf(busy)).toBe(4);
    // One event for the new project, naming its commissioner (issue 13: no separate project.assigned).
    const history = (await project(third.projectId)).history as { type: string; data?: unknown }[];
    expect(typesOf(history)).toEqual(['project.nominated']);
    expect(history[0]?.data).toMatchObject({ commissionerId: busy });
  });

  it('lets staff reassign, moving the open-project slot, and frees it when the project closes', async () => {
    const { projectId } = await nominate(marker(), { district });
    const assigned = (await project(projectId)).project.commissionerId as string;
    const other = assigned === busy ? free : busy;
    const [before, otherBefore] = [await openProjectsOf(assigned), await openProjectsOf(other)];

    const moved = await staff.put(`/v1/projects/${projectId}/commissioner`, {
      commissionerId: other,
      reason: '工作调整',
    });
    expect(moved.status, moved.text).toBe(200);
    expect(moved.json.commissionerId).toBe(other);
    expect([await openProjectsOf(assigned), await openProjectsOf(other)]).toEqual([
      before - 1,
      otherBefore + 1,
    ]);
    const reassigned = (await project(projectId)).history.at(-1);
    expect(reassigned).toMatchObject({
      type: 'project.assigned',
      actor: { role: 'staff' },
      data: { commissionerId: other, previousCommissionerId: assigned, reason: '工作调整' },
    });

    expect(
      (
        await staff.post(`/v1/projects/${projectId}/screening`, {
          decision: 'screen_out',
          reason: '不符合方向',
        })
      ).status,
    ).toBe(200);
    expect(await openProjectsOf(other)).toBe(otherBefore);
  });

  it('refuses a commissioner of another district, naming the field, and writes nothing', async () => {
    const { projectId } = await nominate(marker(), { district });
    const before = await project(projectId);
    expectProblem(
      await staff.put(`/v1/projects/${projectId}/commissioner`, { commissionerId: seededCommissioner }),
      400,
      'body.commissionerId',
    );
    expect((await project(projectId)).history).toHaveLength(before.history.length);
  });

  it('tells staff when the district has no commissioner', async () => {
    // 蔡甸区: no seeded commissioner, and no other file adds one (新洲区 is intake-concurrency's, which adds two).
    const { projectId } = await nominate(marker(), { district: 'caidian' });
    const detail = await project(projectId);
    expect(detail.project.commissionerId).toBeUndefined();
    // The nomination names no commissioner: notification emails staff from it (notification.test.ts shows it).
    const history = detail.history as { type: string; data?: Record<string, unknown> }[];
    expect(typesOf(history)).toEqual(['project.nominated']);
    expect(history[0]?.data).not.toHaveProperty('commissionerId');
  });
});

describe("a district's commissioners as the running intake sees them (issue 13: counts read alongside the listing)", () => {
  // 黄陂区: no seeded commissioner and no other file's. Intake remembers whom it last listed per district; the
  // listing itself is still read on every nomination, so a change reaches the next nomination as soon as the
  // index shows it (at once on DynamoDB Local; within gsi1's replication lag on AWS, as before this change).
  const district = 'huangpi';
  const run = marker().toLowerCase();
  const first = `com-it-${run}-m`;
  const later = `com-it-${run}-n`;
  const put = (id: string, openProjects: number, active = true) =>
    storeCommissioner(id, district, openProjects, active);
  const assignedTo = async () =>
    (await project((await nominate(marker(), { district })).projectId)).project.commissionerId;

  it('a commissioner added after intake listed the district is chosen next; one deactivated is not', async () => {
    await put(first, 2);
    expect(await assignedTo()).toBe(first);
    // Added with fewer open projects after intake listed the district: the next nomination goes to them.
    await put(later, 0);
    expect(await assignedTo()).toBe(later);
    expect(await openProjectsOf(later)).toBe(1);
    // Deactivated (the item leaves the listing) though their count is the lowest: passed over at once.
    await put(later, 1, false);
    expect(await assignedTo()).toBe(first);
    expect(await openProjectsOf(first)).toBe(4);
  });
});

describe('reading projects', () => {
  it('opens a project to staff and the commissioners of its district only (others: 404)', async () => {
    const { projectId } = await nominate(marker(), { district: 'east_lake_hitech' });
    const detail = await project(projectId);
    expect(detail).toMatchObject({
      status: 'nominated',
      recommendations: [expect.objectContaining({ channel: 'university' })],
    });
    expect(detail.history[0]).toMatchObject({
      occurredAt: expect.any(String),
      actor: { role: 'partner' },
      data: expect.any(Object),
    });

    const inDistrict = credentials.keys.filter((k) => k.role === 'commissioner').map((k) => k.ownerId);
    const profiles = await scanTable(stack, (i) => i.sk === 'PROFILE' && inDistrict.includes(String(i.id)));
    const ofDistrict = (d: string) => profiles.filter((p) => p.district === d).map((p) => String(p.id));
    for (const id of ofDistrict('east_lake_hitech')) {
      expect((await commissioner(id).get(`/v1/projects/${projectId}`)).status).toBe(200);
    }
    const outsider = ofDistrict('hongshan')[0] as string;
    expectProblem(await commissioner(outsider).get(`/v1/projects/${projectId}`), 404);
    expectProblem(await partnerA.get(`/v1/projects/${projectId}`), 404);
  });

  it('lists projects by status, district, stage and field through an index, page by page', async () => {
    const mark = marker();
    const filters = { district: 'jiangxia', techField: 'quantum', stage: 'sprouting', trl: 5 };
    const created = [
      (await nominate(`${mark}-1`, filters)).projectId,
      (await nominate(`${mark}-2`, filters)).projectId,
    ];
    await nominate(`${mark}-3`, { ...filters, techField: 'aerospace' });

    const seen: { id: string; status: string; district: string; techField: string; stage: string }[] = [];
    let cursor: string | undefined;
    do {
      const query = `status=nominated&district=jiangxia&techField=quantum&stage=sprouting&limit=1${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await staff.get(`/v1/projects?${query}`);
      expect(page.status, page.text).toBe(200);
      seen.push(...page.json.items);
      cursor = page.json.cursor;
    } while (cursor && !created.every((id) => seen.some((p) => p.id === id)));
    const ids = seen.map((p) => p.id);
    expect(ids.filter((id) => created.includes(id))).toEqual([...created].reverse());
    for (const p of seen)
      expect(p).toMatchObject({
        status: 'nominated',
        district: 'jiangxia',
        techField: 'quantum',
        stage: 'sprouting',
      });

    expectProblem(await partnerA.get('/v1/projects'), 403);
    expectProblem(await staff.get('/v1/projects?status=finished'), 400, 'query.status');
  });
});

/**
 * Stands in for the matching capability's move (qualified → matched, `match_accepted`), which has no route yet:
 * the project item is set as that move leaves it, so the milestone moves after it can be exercised.
 */
async function asMatched(projectId: string): Promise<void> {
  await testDocumentClient(stack).send(
    new UpdateCommand({
      TableName: stack.tableName,
      Key: { pk: `PROJECT#${projectId}`, sk: 'PROJECT' },
      UpdateExpression: 'SET #status = :matched, gsi2pk = :listing, #version = #version + :one',
      ExpressionAttributeNames: { '#status': 'status', '#version': 'version' },
      ExpressionAttributeValues: { ':matched': 'matched', ':listing': 'PROJECTS#STATUS#matched', ':one': 1 },
    }),
  );
}

describe('the lifecycle: each move by the command that owns it (§二(三), §二(四), §二(九))', () => {
  it('passes screening to review; refuses a staff override of any move a capability owns, naming it, writing nothing', async () => {
    const { projectId } = await nominate(marker());
    expectProblem(
      await staff.post(`/v1/projects/${projectId}/status`, { status: 'landed', reason: '测试' }),
      409,
    );
    const owned = await staff.post(`/v1/projects/${projectId}/status`, {
      status: 'under_review',
      reason: '测试',
    });
    expectProblem(owned, 409);
    expect(owned.json.owner).toBe('screening');

    const reviewed = await staff.post(`/v1/projects/${projectId}/screening`, {
      decision: 'pass',
      note: '初筛通过',
    });
    expect(reviewed.status, reviewed.text).toBe(200);
    expect(reviewed.json.status).toBe('under_review');
    const qualified = await staff.post(`/v1/projects/${projectId}/status`, {
      status: 'qualified',
      reason: '专家一致',
    });
    expectProblem(qualified, 409);
    expect(qualified.json.owner).toBe('evaluation_outcome');
    expectProblem(
      await staff.post(`/v1/projects/${projectId}/screening`, { decision: 'screen_out', reason: '太晚了' }),
      409,
    );

    const detail = await project(projectId);
    expect(detail.status).toBe('under_review');
    expect(detail.history.at(-1)).toMatchObject({
      type: 'project.status_changed',
      data: { from: 'nominated', to: 'under_review', command: 'screening', reason: '初筛通过' },
    });
    expectProblem(
      await commissioner(detail.project.commissionerId).post(`/v1/projects/${projectId}/status`, {
        status: 'nominated',
        reason: '测试',
      }),
      403,
    );
  });

  it('screens a project out with its reason, lists it, and lets staff reverse it only with a reason', async () => {
    const { projectId } = await nominate(marker());
    expectProblem(
      await staff.post(`/v1/projects/${projectId}/screening`, { decision: 'screen_out' }),
      400,
      'body.reason',
    );
    const screened = await staff.post(`/v1/projects/${projectId}/screening`, {
      decision: 'screen_out',
      reason: '属于常规技术改进，不具颠覆性。',
    });
    expect(screened.status, screened.text).toBe(200);
    const detail = await project(projectId);
    expect(detail.history.at(-1)).toMatchObject({
      type: 'project.screened_out',
      data: { reason: '属于常规技术改进，不具颠覆性。', from: 'nominated', command: 'screening' },
    });
    const listed = await staff.get('/v1/projects?status=screened_out&limit=100');
    expect(listed.json.items.map((p: { id: string }) => p.id)).toContain(projectId);

    const slots = await openProjectsOf(detail.project.commissionerId);
    expectProblem(
      await staff.post(`/v1/projects/${projectId}/status`, { status: 'nominated' }),
      400,
      'body.reason',
    );
    const reopened = await staff.post(`/v1/projects/${projectId}/status`, {
      status: 'nominated',
      reason: '初筛误判，经复核恢复推荐。',
    });
    expect(reopened.status, reopened.text).toBe(200);
    expect((await project(projectId)).history.at(-1)).toMatchObject({
      type: 'project.status_changed',
      actor: { role: 'staff' },
      data: {
        from: 'screened_out',
        to: 'nominated',
        command: 'staff_override',
        reason: '初筛误判，经复核恢复推荐。',
      },
    });
    expect(await openProjectsOf(detail.project.commissionerId)).toBe(slots + 1);
  });

  it('moves a matched project through incubation to landed by its milestones, freeing the commissioner', async () => {
    const { projectId } = await nominate(marker());
    expect((await staff.post(`/v1/projects/${projectId}/screening`, { decision: 'pass' })).status).toBe(200);
    const assigned = (await project(projectId)).project.commissionerId as string;
    const byCommissioner = commissioner(assigned);
    expectProblem(
      await byCommissioner.post(`/v1/projects/${projectId}/milestones`, {
        type: 'incubation_started',
        date: '2026-06-01',
      }),
      409,
    );
    await asMatched(projectId);
    const slots = await openProjectsOf(assigned);

    const incubating = await byCommissioner.post(`/v1/projects/${projectId}/milestones`, {
      type: 'incubation_started',
      date: '2026-06-01',
      note: '入驻光谷概念验证中心',
    });
    expect(incubating.status, incubating.text).toBe(201);
    expect(incubating.json.status).toBe('incubating');
    const landed = await byCommissioner.post(`/v1/projects/${projectId}/milestones`, {
      type: 'enterprise_landed',
      enterpriseName: `武汉测试科技有限公司${marker()}`,
      creditCode: freshCreditCode(),
      district: 'east_lake_hitech',
      date: '2026-09-01',
    });
    expect(landed.status, landed.text).toBe(201);
    expect(landed.json.status).toBe('landed');

    const history = (await project(projectId)).history as { type: string; data: Record<string, string> }[];
    const moves = history.filter((e) => e.type === 'project.status_changed');
    expect(moves.map((m) => `${m.data.from}→${m.data.to} by ${m.data.command}`)).toEqual([
      'nominated→under_review by screening',
      'matched→incubating by milestone',
      'incubating→landed by milestone',
    ]);
    expect(await openProjectsOf(assigned)).toBe(slots - 1);
  });
});
