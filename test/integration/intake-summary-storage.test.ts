import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '@wuhan/aws';
import { testDocumentClient } from '@wuhan/testing';
import { describe, expect, inject, it } from 'vitest';
import { expectSameProjectAnswer, intakeClients, marker, nomination } from './intake-helpers.js';

/**
 * Issue 13, write units: a new project's item stores a long summary gzip'd in a Binary attribute (packages/aws
 * src/project/summary.ts), through DynamoDB Local's real marshalling. Every answer shows the text exactly, and a
 * project item in the shape written before the change (the summary as text) answers the very same bytes.
 */
const stack = inject('stack');
const credentials = inject('credentials');
const { staff, partnerA } = intakeClients(stack, credentials);
const db = testDocumentClient(stack);

/** An abstract of the bench's kind: Chinese, several paragraphs, a tab and an emoji for good measure. */
const abstract = (mark: string) =>
  [
    `本项目（${mark}）针对新一代柔性显示面板对高效率、长寿命蓝光发光材料的迫切需求，围绕钙钛矿纳米晶的表面缺陷钝化开展系统研究。`,
    '团队提出以双功能配体原位包覆的策略，在室温条件下同步抑制卤素离子迁移和非辐射复合，器件外量子效率提升至百分之二十一以上。',
    '\t在材料制备方面，建立了微流控连续合成工艺，单批次产量达到公斤级，原料成本约为进口量子点材料的三分之一。🚀',
    '目前已在华中地区两家面板企业的中试线上完成六英寸样品验证，弯折半径三毫米条件下循环十万次后性能衰减小于百分之八。',
    '下一步计划与东湖高新区的显示产业链企业共建联合实验室，完成八点五代线工艺适配，力争三年内实现量产导入。',
  ].join('\n');

const projectItem = async (projectId: string) =>
  (
    await db.send(
      new GetCommand({ TableName: stack.tableName, Key: keys.project(projectId), ConsistentRead: true }),
    )
  ).Item ?? {};

describe('a long summary, stored gzip’d', () => {
  it('is Binary in the project item, and every answer shows the text exactly, as it does for an item from before', async () => {
    const mark = marker();
    const summary = abstract(mark);
    const posted = await partnerA.post('/v1/nominations', nomination(mark, { summary }), {
      'idempotency-key': `summary-${mark}`,
    });
    expect(posted.status, posted.text).toBe(202);
    const { projectId, nominationId } = posted.json as { projectId: string; nominationId: string };

    const item = await projectItem(projectId);
    expect(item).not.toHaveProperty('summary');
    expect(item.summaryGz).toBeInstanceOf(Uint8Array);
    expect((item.summaryGz as Uint8Array).byteLength).toBeLessThan(Buffer.byteLength(summary));

    const project = await staff.get(`/v1/projects/${projectId}`);
    const own = await partnerA.get(`/v1/nominations/${nominationId}`);
    const listed = await partnerA.get('/v1/nominations?limit=5');
    expect(project.status, project.text).toBe(200);
    expect((project.json as { project: { summary?: string } }).project.summary).toBe(summary);
    expect(own.status, own.text).toBe(200);
    expect((own.json as { summary?: string }).summary).toBe(summary);
    const inListing = (listed.json as { items: { id: string; summary: string }[] }).items.find(
      (n) => n.id === nominationId,
    );
    expect(inListing?.summary).toBe(summary);

    // The item as the previous release wrote it: the text in `summary`, no Binary. Same answers, byte for byte.
    await db.send(
      new UpdateCommand({
        TableName: stack.tableName,
        Key: keys.project(projectId),
        UpdateExpression: 'SET #summary = :text REMOVE #packed',
        ExpressionAttributeNames: { '#summary': 'summary', '#packed': 'summaryGz' },
        ExpressionAttributeValues: { ':text': summary },
      }),
    );
    expect(await projectItem(projectId)).not.toHaveProperty('summaryGz');
    expectSameProjectAnswer(await staff.get(`/v1/projects/${projectId}`), project);
    expect((await partnerA.get(`/v1/nominations/${nominationId}`)).text).toBe(own.text);

    // A replay of the POST answers what the first did (the stored answer is untouched by the summary's form).
    const replay = await partnerA.post('/v1/nominations', nomination(mark, { summary }), {
      'idempotency-key': `summary-${mark}`,
    });
    expect(replay.status).toBe(202);
    expect(replay.text).toBe(posted.text);
  });
});
