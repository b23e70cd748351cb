import { randomBytes } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { profileItem } from '@wuhan/aws';
import { creditCodeCharset, creditCodeCheckChar } from '@wuhan/domain';
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

const typesOf = (history: { type: string }[]) => history.map((e) => e.type);

describe('commissioner assignment (§二(二))', () => {
  // Two commissioners of this file's own in 汉阳区 (no seeded one there), so other files cannot move their counts.
  const district = 'hanyang';
  const run = marker().toLowerCase();
  // "busy" sorts first, so once both carry the same load the tie goes to it.
  const busy = `com-it-${run}-a`;
  const free = `com-it-${run}-b`;

  beforeAll(async () => {
    for (const [id, openProjects] of [
      [busy, 3],
      [free, 1],
    ] as const) {
      await testDocumentClient(stack).send(
        new PutCommand({
          TableName: stack.tableName,
          Item: profileItem({
            role: 'commissioner',
            id,
            name: '测试专员',
            district,
            openProjects,
            locale: 'zh-CN',
          }),
        }),
      );
    }
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
    // History in the order the events happened (ids increase within the transaction's millisecond).
    expect(typesOf((await project(third.projectId)).history)).toEqual([
      'project.nominated',
      'project.assigned',
    ]);
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

    expect((await staff.post(`/v1/projects/${projectId}/screening`, { reason: '不符合方向' })).status).toBe(
      200,
    );
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
    const { projectId } = await nominate(marker(), { district: 'xinzhou' });
    const detail = await project(projectId);
    expect(detail.project.commissionerId).toBeUndefined();
    expect(typesOf(detail.history)).toContain('project.unassigned_district');
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

describe('status and screening (§二(三), §二(四))', () => {
  it('moves along the table and refuses any other move with 409, writing nothing', async () => {
    const { projectId } = await nominate(marker());
    expectProblem(await staff.post(`/v1/projects/${projectId}/status`, { status: 'landed' }), 409);
    const reviewed = await staff.post(`/v1/projects/${projectId}/status`, {
      status: 'under_review',
      reason: '初筛通过',
    });
    expect(reviewed.status, reviewed.text).toBe(200);
    expect(reviewed.json.status).toBe('under_review');
    expectProblem(await staff.post(`/v1/projects/${projectId}/screening`, { reason: '太晚了' }), 409);
    for (const status of ['needs_consensus', 'qualified', 'matched', 'incubating', 'landed']) {
      const moved = await staff.post(`/v1/projects/${projectId}/status`, { status });
      expect(moved.status, moved.text).toBe(200);
    }
    const detail = await project(projectId);
    expect(detail.status).toBe('landed');
    expect(typesOf(detail.history).filter((t) => t === 'project.status_changed')).toHaveLength(6);
    expectProblem(
      await commissioner(detail.project.commissionerId).post(`/v1/projects/${projectId}/status`, {
        status: 'landed',
      }),
      403,
    );
  });

  it('screens a nominated project out with its reason, and lists it under its new status', async () => {
    const { projectId } = await nominate(marker());
    expectProblem(await staff.post(`/v1/projects/${projectId}/screening`, {}), 400, 'body.reason');
    const screened = await staff.post(`/v1/projects/${projectId}/screening`, {
      reason: '属于常规技术改进，不具颠覆性。',
    });
    expect(screened.status, screened.text).toBe(200);
    const detail = await project(projectId);
    expect(detail.history.at(-1)).toMatchObject({
      type: 'project.screened_out',
      data: { reason: '属于常规技术改进，不具颠覆性。', from: 'nominated' },
    });
    const listed = await staff.get('/v1/projects?status=screened_out&limit=100');
    expect(listed.json.items.map((p: { id: string }) => p.id)).toContain(projectId);
  });
});

describe('milestones and the enterprise registry (§二(七), §二(九))', () => {
  it('records an enterprise landing by the project commissioner and registers the credit code', async () => {
    const { projectId } = await nominate(marker());
    const commissionerId = (await project(projectId)).project.commissionerId as string;
    const creditCode = freshCreditCode();
    const landed = await commissioner(commissionerId).post(`/v1/projects/${projectId}/milestones`, {
      type: 'enterprise_landed',
      enterpriseName: '武汉柔显科技有限公司',
      creditCode,
      district: 'east_lake_hitech',
      date: '2026-05-20',
    });
    expect(landed.status, landed.text).toBe(201);
    expect(landed.json.enterpriseCodes).toEqual([creditCode]);

    const enterprise = await staff.get(`/v1/enterprises/${creditCode}`);
    expect(enterprise.json).toEqual({
      creditCode,
      enterpriseName: '武汉柔显科技有限公司',
      projectId,
      district: 'east_lake_hitech',
      landedOn: '2026-05-20',
    });
    expect((await project(projectId)).history.at(-1)).toMatchObject({
      type: 'project.milestone_recorded',
      actor: { role: 'commissioner', id: commissionerId },
      data: { milestone: { type: 'enterprise_landed', creditCode } },
    });

    // The same code for another project is a 409; nothing is registered twice.
    const other = await nominate(marker());
    expectProblem(
      await staff.post(`/v1/projects/${other.projectId}/milestones`, {
        type: 'enterprise_landed',
        enterpriseName: '另一家公司',
        creditCode,
        district: 'wuchang',
        date: '2026-06-01',
      }),
      409,
    );
    expect((await staff.get(`/v1/enterprises/${creditCode}`)).json.projectId).toBe(projectId);
  });

  it('refuses a credit code with a wrong check digit, naming the field, and writes nothing', async () => {
    const { projectId } = await nominate(marker());
    const valid = freshCreditCode();
    const wrong = valid.slice(0, 17) + (valid.endsWith('0') ? '1' : '0');
    const before = (await project(projectId)).history.length;
    const response = await staff.post(`/v1/projects/${projectId}/milestones`, {
      type: 'enterprise_landed',
      enterpriseName: '武汉某科技有限公司',
      creditCode: wrong,
      district: 'east_lake_hitech',
      date: '2026-05-20',
    });
    expectProblem(response, 400, 'body.creditCode');
    expect(await scanTable(stack, (i) => i.pk === `ENTERPRISE#${wrong}`)).toEqual([]);
    expect((await project(projectId)).history).toHaveLength(before);
    expectProblem(await staff.get(`/v1/enterprises/${wrong}`), 400, 'path.creditCode');
    expectProblem(await staff.get(`/v1/enterprises/${valid}`), 404);
  });

  it('records library entry and a stage change, re-flagging the TRL; other commissioners get 404', async () => {
    const { projectId } = await nominate(marker(), { stage: 'gestation', trl: 3 });
    const library = await staff.post(`/v1/projects/${projectId}/milestones`, {
      type: 'national_library_entered',
      date: '2026-06-01',
      reference: '国科发〔2026〕12号',
    });
    expect(library.json.nationalLibrary).toEqual({ date: '2026-06-01', reference: '国科发〔2026〕12号' });
    const staged = await staff.post(`/v1/projects/${projectId}/milestones`, {
      type: 'stage_changed',
      stage: 'growth',
      reason: '完成中试，进入量产准备。',
    });
    expect(staged.json).toMatchObject({ stage: 'growth', trl: 3, stageTrlMismatch: true });

    const assigned = (await project(projectId)).project.commissionerId;
    const notAssigned = credentials.keys.find((k) => k.role === 'commissioner' && k.ownerId !== assigned)
      ?.ownerId as string;
    expectProblem(
      await commissioner(notAssigned).post(`/v1/projects/${projectId}/milestones`, {
        type: 'national_library_entered',
        date: '2026-06-02',
        reference: 'x',
      }),
      404,
    );
    expectProblem(
      await staff.post(`/v1/projects/${projectId}/milestones`, {
        type: 'stage_changed',
        stage: 'growth',
        trl: 10,
        reason: 'x',
      }),
      400,
      'body.trl',
    );
  });
});
