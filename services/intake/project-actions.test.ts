import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '@wuhan/aws';
import { ConflictError, InvalidInputError, InvalidTransitionError, NotFoundError } from '@wuhan/domain';
import 'aws-sdk-client-mock-vitest/extend';
import {
  callerAs,
  cancelled,
  mockTable,
  noSleep,
  storedEnterpriseItem,
  storedProjectItem,
} from '@wuhan/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { reassignCommissioner } from './reassign.js';
import { recordMilestone } from './record-milestone.js';
import { overrideStatus, screen } from './transition.js';

const { ddb, reset } = mockTable();
const staff = callerAs('staff', 'stf-1');
const projectId = 'prj_01JABCDEFGHJKMNPQRSTVWXYZ0';

function givenProject(fields: Record<string, unknown>) {
  ddb.on(GetCommand, { Key: keys.project(projectId) }).resolves({
    Item: storedProjectItem({
      id: projectId,
      title: '量子精密测量',
      district: 'east_lake_hitech',
      stage: 'gestation',
      trl: 2,
      status: 'nominated',
      commissionerId: 'com-elh-a',
      version: 2,
      ...fields,
    }),
  });
}

function sentItems() {
  return ddb.commandCalls(TransactWriteCommand).at(-1)?.args[0].input.TransactItems ?? [];
}
const sentEvents = () =>
  sentItems()
    .map((item) => item.Put?.Item)
    .filter((item) => item?.entity === 'history')
    .map((item) => item?.event);

beforeEach(reset);

const landed = {
  type: 'enterprise_landed',
  enterpriseName: '武汉量测科技有限公司',
  creditCode: '91440300708461136T',
  district: 'east_lake_hitech',
  date: '2026-05-20',
} as const;

describe('screening and staff overrides: each move by the command that owns it', () => {
  it('passes screening: the status and its listing key move, conditioned on the version read', async () => {
    givenProject({});
    const project = await screen(projectId, { decision: 'pass', note: '初筛通过' }, staff);
    expect(project.status).toBe('under_review');
    expect(sentItems()[0]?.Update).toMatchObject({
      ConditionExpression: '#version = :expected',
      ExpressionAttributeValues: expect.objectContaining({
        ':expected': 2,
        ':s0': 'under_review',
        ':s1': 'PROJECTS#STATUS#under_review',
      }),
    });
    expect(sentEvents()).toEqual([
      expect.objectContaining({
        type: 'project.status_changed',
        data: expect.objectContaining({
          from: 'nominated',
          to: 'under_review',
          command: 'screening',
          reason: '初筛通过',
        }),
      }),
    ]);
  });

  it('refuses a staff override of a move a capability owns with 409 naming the owner, writing nothing', async () => {
    givenProject({ status: 'under_review' });
    const error = await overrideStatus(projectId, 'qualified', '专家都同意', staff).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidTransitionError);
    expect((error as InvalidTransitionError).details).toMatchObject({ owner: 'evaluation_outcome' });
    expect(ddb).not.toHaveReceivedCommand(TransactWriteCommand);
  });

  it('refuses a move not in the table with 409 and writes nothing', async () => {
    givenProject({ status: 'nominated' });
    await expect(overrideStatus(projectId, 'landed', '已落地', staff)).rejects.toBeInstanceOf(
      InvalidTransitionError,
    );
    expect(ddb).not.toHaveReceivedCommand(TransactWriteCommand);
  });

  it('reopens a screened-out project by override, with its reason, and takes the commissioner slot again', async () => {
    givenProject({ status: 'screened_out' });
    const project = await overrideStatus(projectId, 'nominated', '初筛误判，恢复推荐', staff);
    expect(project.status).toBe('nominated');
    expect(sentItems()[1]?.Update).toMatchObject({
      Key: keys.principal('commissioner', 'com-elh-a'),
      ExpressionAttributeValues: { ':delta': 1 },
    });
    expect(sentEvents()[0]).toMatchObject({
      data: {
        command: 'staff_override',
        reason: '初筛误判，恢复推荐',
        from: 'screened_out',
        to: 'nominated',
      },
    });
  });

  it("frees the commissioner's slot when the project lands (the enterprise_landed milestone)", async () => {
    givenProject({ status: 'incubating' });
    await recordMilestone(projectId, landed, staff);
    const slot = sentItems().find(
      (item) => item.Update?.Key?.pk === keys.principal('commissioner', 'com-elh-a').pk,
    );
    expect(slot?.Update?.ExpressionAttributeValues).toEqual({ ':delta': -1 });
    expect(sentEvents().map((e) => e?.type)).toEqual([
      'project.milestone_recorded',
      'project.status_changed',
    ]);
    expect(sentEvents()[1]).toMatchObject({
      data: { from: 'incubating', to: 'landed', command: 'milestone' },
    });
  });

  it('starts incubation of a matched project, and refuses it for any other', async () => {
    givenProject({ status: 'matched' });
    const project = await recordMilestone(
      projectId,
      { type: 'incubation_started', date: '2026-06-01' },
      staff,
    );
    expect(sentEvents()[1]).toMatchObject({
      data: { from: 'matched', to: 'incubating', command: 'milestone' },
    });
    expect(project).toBeDefined();
    reset();
    givenProject({ status: 'qualified' });
    await expect(
      recordMilestone(projectId, { type: 'incubation_started', date: '2026-06-01' }, staff),
    ).rejects.toBeInstanceOf(InvalidTransitionError);
  });

  it('screens out with the reason as its own event (§二(三))', async () => {
    givenProject({});
    await screen(projectId, { decision: 'screen_out', reason: '不属于颠覆性技术' }, staff);
    expect(sentEvents()[0]).toMatchObject({
      type: 'project.screened_out',
      data: { reason: '不属于颠覆性技术', command: 'screening' },
    });
    expect(sentItems()[1]?.Update?.ExpressionAttributeValues).toEqual({ ':delta': -1 });
  });

  it('re-reads after a concurrent change and then refuses the now-invalid move', async () => {
    ddb
      .on(GetCommand, { Key: keys.project(projectId) })
      .resolvesOnce({ Item: storedProjectItem({ id: projectId, status: 'nominated', version: 1 }) })
      .resolves({ Item: storedProjectItem({ id: projectId, status: 'screened_out', version: 2 }) });
    ddb.on(TransactWriteCommand).rejectsOnce(cancelled('ConditionalCheckFailed'));
    await expect(screen(projectId, { decision: 'pass' }, staff, noSleep)).rejects.toBeInstanceOf(
      InvalidTransitionError,
    );
  });

  it('answers 404 for an unknown project', async () => {
    await expect(screen(projectId, { decision: 'pass' }, staff)).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('reassignment (§二(二))', () => {
  function givenCommissioner(id: string, district: string) {
    ddb.on(GetCommand, { Key: keys.principal('commissioner', id) }).resolves({
      Item: { id, role: 'commissioner', name: '陈磊', locale: 'zh-CN', district, openProjects: 0 },
    });
  }

  it('moves the open-project slot from the old commissioner to the new one', async () => {
    givenProject({ status: 'under_review' });
    givenCommissioner('com-elh-b', 'east_lake_hitech');
    const project = await reassignCommissioner(projectId, { commissionerId: 'com-elh-b' }, staff);
    expect(project.commissionerId).toBe('com-elh-b');
    const updates = sentItems().flatMap((item) => (item.Update ? [item.Update] : []));
    expect(updates.map((u) => [u.Key?.pk, u.ExpressionAttributeValues?.[':delta']])).toEqual([
      [`PROJECT#${projectId}`, undefined],
      ['COMMISSIONER#com-elh-b', 1],
      ['COMMISSIONER#com-elh-a', -1],
    ]);
    expect(sentEvents()[0]).toMatchObject({
      type: 'project.assigned',
      data: { commissionerId: 'com-elh-b', previousCommissionerId: 'com-elh-a' },
    });
  });

  it('leaves the counters alone for a closed project', async () => {
    givenProject({ status: 'landed' });
    givenCommissioner('com-elh-b', 'east_lake_hitech');
    await reassignCommissioner(projectId, { commissionerId: 'com-elh-b' }, staff);
    expect(sentItems().filter((item) => item.Update)).toHaveLength(1);
  });

  it('refuses a commissioner of another district, naming the field', async () => {
    givenProject({});
    givenCommissioner('com-wc', 'wuchang');
    await expect(reassignCommissioner(projectId, { commissionerId: 'com-wc' }, staff)).rejects.toMatchObject({
      field: 'body.commissionerId',
    });
    await expect(reassignCommissioner(projectId, { commissionerId: 'nobody' }, staff)).rejects.toBeInstanceOf(
      InvalidInputError,
    );
  });

  it('refuses the commissioner it already has', async () => {
    givenProject({});
    givenCommissioner('com-elh-a', 'east_lake_hitech');
    await expect(
      reassignCommissioner(projectId, { commissionerId: 'com-elh-a' }, staff),
    ).rejects.toBeInstanceOf(ConflictError);
  });
});

describe('milestones', () => {
  it('registers the enterprise for this project (attribute_not_exists or the same project)', async () => {
    givenProject({});
    await recordMilestone(projectId, landed, callerAs('commissioner', 'com-elh-a'));
    const registry = sentItems().find((item) => item.Put?.Item?.entity === 'enterprise');
    expect(registry?.Put).toMatchObject({
      Item: { pk: 'ENTERPRISE#91440300708461136T', projectId, landedOn: '2026-05-20' },
      ConditionExpression: 'attribute_not_exists(pk) OR projectId = :projectId',
    });
    expect(sentEvents()[0]).toMatchObject({
      type: 'project.milestone_recorded',
      actor: { role: 'commissioner', id: 'com-elh-a' },
      data: { milestone: landed },
    });
  });

  it('refuses a credit code registered to another project with 409', async () => {
    givenProject({});
    ddb.on(GetCommand, { Key: keys.enterprise(landed.creditCode) }).resolves({
      Item: storedEnterpriseItem({ creditCode: landed.creditCode, projectId: 'prj_other' }),
    });
    await expect(recordMilestone(projectId, landed, staff)).rejects.toBeInstanceOf(ConflictError);
    expect(ddb).not.toHaveReceivedCommand(TransactWriteCommand);
  });

  it('re-flags the stage against the TRL it keeps when only the stage changes (§二(四))', async () => {
    givenProject({ stage: 'gestation', trl: 2 });
    await recordMilestone(projectId, { type: 'stage_changed', stage: 'growth', reason: '进入量产' }, staff);
    expect(sentItems()[0]?.Update?.ExpressionAttributeValues).toMatchObject({
      ':s0': 'growth',
      ':s1': 2,
      ':s2': true,
    });
    expect(sentEvents()[0]?.data).toMatchObject({ previousStage: 'gestation', previousTrl: 2 });
  });

  it("lets only staff and the project's own commissioner record (others: 404)", async () => {
    givenProject({});
    await expect(
      recordMilestone(projectId, landed, callerAs('commissioner', 'com-elh-b')),
    ).rejects.toBeInstanceOf(NotFoundError);
  });
});
