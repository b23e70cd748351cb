import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { keys, parseItem } from '@wuhan/aws';
import { storedProjectRecord } from '@wuhan/domain';
import { testDocumentClient } from '@wuhan/testing';
import { describe, expect, inject, it } from 'vitest';
import { expandProjectSummaries } from '../../scripts/summary-expansion.js';
import { expectSameProjectAnswer, intakeClients, marker, nomination } from './intake-helpers.js';

/**
 * The rollback path for gzip'd summaries (issue 13, review finding): `npm run expand-summaries` rewrites a project
 * item holding `summaryGz` to the previous release's shape (`summary` text), through DynamoDB Local's real
 * marshalling and condition evaluation. Writes are limited to this file's project (`projectIds`): other files on
 * the shared stack assert their own items' `summaryGz`. The dry run scans the whole table, which writes nothing.
 */
const stack = inject('stack');
const credentials = inject('credentials');
const { staff, partnerA } = intakeClients(stack, credentials);
const db = testDocumentClient(stack);

/** Several paragraphs of Chinese that do not repeat, a tab and an emoji: long enough to be stored gzip'd. */
const abstract = (mark: string) =>
  [
    `本项目（${mark}）面向固态电池产业化需求，研究硫化物电解质与高镍正极之间的界面副反应机理及其抑制方法。`,
    '团队开发了原子层沉积包覆工艺，在正极颗粒表面形成数纳米厚的铌酸锂缓冲层，显著降低界面阻抗并延长循环寿命。',
    '\t在电芯层面，已完成二十安时软包样品试制，室温下能量密度达到每公斤四百瓦时，针刺实验不起火不爆炸。🔋',
    '项目拟与光谷的动力电池企业合作建设百兆瓦时中试线，验证干法电极与等静压成型的量产工艺窗口。',
    '预计两年内形成自主知识产权的电解质材料体系，并在储能与低空飞行器领域率先实现示范应用。',
  ].join('\n');

/** The previous release's `parseProject`: the record's schema on the item as stored, `summary` required. */
const previousParseProject = (item: Record<string, unknown>) => parseItem(storedProjectRecord, item);

const projectItem = async (projectId: string) =>
  (
    await db.send(
      new GetCommand({ TableName: stack.tableName, Key: keys.project(projectId), ConsistentRead: true }),
    )
  ).Item ?? {};

describe('rolling back past the gzip’d summaries', () => {
  it('expands a gzip’d summary to the exact text, the API answers the same bytes, and a second run changes nothing', async () => {
    const mark = marker();
    const summary = abstract(mark);
    const posted = await partnerA.post('/v1/nominations', nomination(mark, { summary }), {
      'idempotency-key': `rollback-${mark}`,
    });
    expect(posted.status, posted.text).toBe(202);
    const { projectId, nominationId } = posted.json as { projectId: string; nominationId: string };
    const stored = await projectItem(projectId);
    expect(stored.summaryGz).toBeInstanceOf(Uint8Array);
    expect(stored).not.toHaveProperty('summary');
    expect(() => previousParseProject(stored)).toThrow(/summary/);
    const project = await staff.get(`/v1/projects/${projectId}`);
    const own = await partnerA.get(`/v1/nominations/${nominationId}`);
    expect(project.status, project.text).toBe(200);
    expect(own.status, own.text).toBe(200);

    // A dry run over the whole shared table: it finds this project (among others') and writes nothing.
    const lines: string[] = [];
    const dry = await expandProjectSummaries({
      client: db,
      tableName: stack.tableName,
      dryRun: true,
      segments: 2,
      log: (line) => lines.push(line),
    });
    expect(dry.found).toBeGreaterThanOrEqual(1);
    expect(dry.expanded).toBe(0);
    expect(lines.some((line) => line.startsWith(`${projectId}: would SET summary`))).toBe(true);
    expect(await projectItem(projectId)).toEqual(stored);

    const run = await expandProjectSummaries({
      client: db,
      tableName: stack.tableName,
      projectIds: [projectId],
      log: () => {},
    });
    expect(run).toMatchObject({
      dryRun: false,
      found: 1,
      expanded: 1,
      changedSinceRead: [],
      undecodable: [],
    });
    const expanded = await projectItem(projectId);
    expect(expanded).not.toHaveProperty('summaryGz');
    expect(expanded.summary).toBe(summary);
    expect(previousParseProject(expanded)).toMatchObject({ id: projectId, summary });
    // Nothing else in the item moved (not the version, not updatedAt): only the summary's form.
    const { summaryGz: _packed, ...rest } = stored;
    expect(expanded).toEqual({ ...rest, summary });
    expectSameProjectAnswer(await staff.get(`/v1/projects/${projectId}`), project);
    expect((await partnerA.get(`/v1/nominations/${nominationId}`)).text).toBe(own.text);

    const again = await expandProjectSummaries({
      client: db,
      tableName: stack.tableName,
      projectIds: [projectId],
      log: () => {},
    });
    expect(again).toMatchObject({ found: 0, expanded: 0, changedSinceRead: [], undecodable: [] });
    expect(await projectItem(projectId)).toEqual(expanded);
  });
});
