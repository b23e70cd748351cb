import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type BatchGetCommandInput,
  DynamoDBDocumentClient,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import { newProject, type ProjectDescription } from '@wuhan/domain';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { resetConfig } from '../config.js';
import { keys } from '../keys.js';
import { projectPut } from './items.js';
import { projectSummaries, readProjectPartition } from './repository.js';

/**
 * `projectSummaries` reads through `hydrate` (query.ts), which owns the BatchGetItem loop: these hold it to what
 * its own loop did (consistent reads of two attributes, 100 keys a request, unprocessed keys asked again).
 */
const ddb = mockClient(DynamoDBDocumentClient);
mockClient(DynamoDBClient);
type Item = Record<string, unknown>;

const description: ProjectDescription = {
  title: '城市级氢能调度平台',
  summary: '',
  techField: 'hydrogen_energy',
  stage: 'gestation',
  leadOrganization: '武汉氢能研究院',
  teamLead: { name: '陈刚', email: 'chengang@example.cn' },
  district: 'qingshan',
};

const projectItem = (id: string): Item => ({
  ...keys.project(id),
  id,
  title: `title of ${id}`,
  summary: `summary of ${id}`,
});

/** BatchGetItem over `items`, answering with the projected attributes only, leaving some keys unprocessed. */
function table(items: Item[], unprocessed: (attempt: number) => number = () => 0) {
  let attempt = 0;
  ddb.on(BatchGetCommand).callsFake((input: BatchGetCommandInput) => {
    const request = input.RequestItems?.main;
    const wanted = Object.values(request?.ExpressionAttributeNames ?? {});
    const keysAsked = request?.Keys ?? [];
    const left = Math.min(unprocessed(attempt++), keysAsked.length);
    const served = keysAsked
      .slice(left)
      .flatMap((k) => items.filter((i) => i.pk === k.pk && i.sk === k.sk))
      .map((i) => Object.fromEntries(Object.entries(i).filter(([name]) => wanted.includes(name))));
    return {
      Responses: { main: served },
      ...(left > 0 ? { UnprocessedKeys: { main: { ...request, Keys: keysAsked.slice(0, left) } } } : {}),
    };
  });
}
const requests = () => ddb.commandCalls(BatchGetCommand).map((call) => call.args[0].input.RequestItems?.main);

beforeEach(() => {
  ddb.reset();
  process.env.TABLE_NAME = 'main';
  resetConfig();
});

describe('projectSummaries', () => {
  it("reads each project's id and summary once, strongly consistent, and leaves out a project not found", async () => {
    table([projectItem('prj_1'), projectItem('prj_2')]);

    const out = await projectSummaries(['prj_2', 'prj_1', 'prj_2', 'prj_gone']);

    expect([...out]).toEqual([
      ['prj_2', 'summary of prj_2'],
      ['prj_1', 'summary of prj_1'],
    ]);
    const [request] = requests();
    expect(request?.ConsistentRead).toBe(true);
    expect(request?.Keys).toEqual([keys.project('prj_2'), keys.project('prj_1'), keys.project('prj_gone')]);
    expect(Object.values(request?.ExpressionAttributeNames ?? {}).sort()).toEqual([
      'id',
      'pk',
      'sk',
      'summary',
      'summaryGz',
    ]);
  });

  it('asks again for the keys left unprocessed until every summary is read', async () => {
    table([projectItem('prj_1'), projectItem('prj_2')], (attempt) => [1, 0][attempt] ?? 0);

    const out = await projectSummaries(['prj_1', 'prj_2']);

    expect(out.get('prj_1')).toBe('summary of prj_1');
    expect(out.get('prj_2')).toBe('summary of prj_2');
    expect(requests().map((r) => r?.Keys)).toEqual([
      [keys.project('prj_1'), keys.project('prj_2')],
      [keys.project('prj_1')],
    ]);
  });

  it('reads in requests of at most 100 keys', async () => {
    const items = Array.from({ length: 150 }, (_, n) => projectItem(`prj_${n}`));
    table(items);
    const out = await projectSummaries(items.map((i) => String(i.id)));
    expect(out.size).toBe(150);
    expect(requests().map((r) => r?.Keys?.length)).toEqual([100, 50]);
  });

  it("reads a summary stored gzip'd (issue 13) and one stored as text (items from before) alike", async () => {
    const long = '面向城市氢能网络的调度与安全监测，覆盖制氢、储运与加注全链条。'.repeat(20);
    const project = newProject('prj_new', { ...description, summary: long }, undefined, new Date());
    const written = projectPut('main', project).Put?.Item ?? {};
    expect(written).not.toHaveProperty('summary');
    table([written, { ...projectItem('prj_old'), summary: long }]);

    const out = await projectSummaries(['prj_new', 'prj_old']);

    expect(out.get('prj_new')).toBe(long);
    expect(out.get('prj_old')).toBe(long);
  });

  it('reads nothing for no projects', async () => {
    expect((await projectSummaries([])).size).toBe(0);
    expect(requests()).toEqual([]);
  });
});

describe('readProjectPartition', () => {
  it('asks for the rows it answers (project, recommendations, history), not the evaluation rounds or reviews', async () => {
    // Every kind of row a project's partition holds, in DynamoDB's sort order.
    const rows = [
      keys.evaluation('prj_a'),
      keys.evaluationRound('prj_a', 1),
      keys.evaluationRound('prj_a', 2),
      keys.history('project', 'prj_a', 'evt_1'),
      keys.offer('prj_a', 'mat_1'),
      keys.offerCount('prj_a'),
      keys.project('prj_a'),
      keys.recommendation('prj_a', 'ptn-zzz'),
      keys.review('prj_a', 'exp_1'),
    ];
    ddb.on(QueryCommand).resolves({ Items: [] });
    await readProjectPartition('prj_a');
    const input = ddb.commandCalls(QueryCommand)[0]?.args[0].input;
    expect(input?.ConsistentRead).toBe(true);
    expect(input?.KeyConditionExpression).toBe('#pk = :pk AND #sk BETWEEN :from AND :to');
    const from = String(input?.ExpressionAttributeValues?.[':from']);
    const to = String(input?.ExpressionAttributeValues?.[':to']);
    const asked = rows.map((r) => r.sk).filter((sk) => sk >= from && sk <= to);
    expect(asked).toEqual(
      expect.arrayContaining([
        keys.history('project', 'prj_a', 'evt_1').sk,
        keys.project('prj_a').sk,
        keys.recommendation('prj_a', 'ptn-zzz').sk,
      ]),
    );
    expect(asked.some((sk) => sk.startsWith('EVALUATION') || sk.startsWith(keys.reviewPrefix))).toBe(false);
  });
});
