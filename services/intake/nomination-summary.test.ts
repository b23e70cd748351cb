import { BatchGetCommand, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { keys, parseProject, type TransactItem } from '@wuhan/aws';
import type { NominationBody } from '@wuhan/contract';
import { projectKeyHash } from '@wuhan/domain';
import {
  callerAs,
  cancelled,
  givenIndexed,
  givenTableItems,
  itemBytes,
  mockTable,
  storedNominationItem,
  storedProjectItem,
  transactionalWru,
} from '@wuhan/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { nominate } from './nominate.js';
import { listOwnNominations, readNomination } from './read-nominations.js';

/**
 * Issue 13, part 4: the nomination that creates a project leaves its summary (the bulk of the item) to the
 * project item written in the same transaction; readers answer exactly as if the nomination held it.
 */
const { ddb, reset } = mockTable();
const partner = callerAs('partner', 'ptn-a');
const summary = '面向城市氢能网络的调度与安全监测，覆盖制氢、储运与加注全链条。'.repeat(25);

const body: NominationBody = {
  title: '城市级氢能调度平台',
  summary,
  techField: 'hydrogen_energy',
  stage: 'gestation',
  leadOrganization: '武汉氢能研究院',
  teamLead: { name: '陈刚', email: 'chengang@example.cn' },
  district: 'qingshan',
};

function transactionItems() {
  return ddb.commandCalls(TransactWriteCommand).flatMap((call) => call.args[0].input.TransactItems ?? []);
}

const whole = storedNominationItem({ id: 'nom_1', projectId: 'prj_1', submittedBy: 'ptn-a', summary });
const { summary: _omitted, ...withoutSummary } = whole;
const lean = { ...withoutSummary, summaryIn: 'project' };
/** A nomination as the table holds it: under its own key, listed for the partner who posted it. */
const stored = (item: Record<string, unknown>) => ({
  ...keys.nomination(String(item.id)),
  ...keys.nominationListing(String(item.submittedBy), String(item.id)),
  ...item,
});

beforeEach(() => {
  reset();
  ddb.on(GetCommand, { Key: keys.principal('partner', 'ptn-a') }).resolves({
    Item: { id: 'ptn-a', role: 'partner', partnerType: 'university', name: '华中科技大学', locale: 'zh-CN' },
  });
  ddb
    .on(GetCommand, { Key: keys.project('prj_1') })
    .resolves({ Item: storedProjectItem({ id: 'prj_1', status: 'under_review', summary }) });
});

describe('writing', () => {
  it('the creating nomination stores no summary; the project item next to it holds the text', async () => {
    const accepted = await nominate(body, partner);

    const items = transactionItems().flatMap((item) => (item.Put?.Item ? [item.Put.Item] : []));
    const nomination = items.find((item) => item.pk === keys.nomination(accepted.nominationId).pk);
    const project = items.find(
      (item) => item.pk === keys.project(accepted.projectId).pk && item.sk === 'PROJECT',
    );
    expect(nomination).toMatchObject({
      summaryIn: 'project',
      title: body.title,
      projectId: accepted.projectId,
    });
    expect(nomination).not.toHaveProperty('summary');
    // The project item holds the text (gzip'd since issue 13's write units: read back through its parser).
    expect(parseProject(project ?? {}).summary).toBe(summary);
    // Under 1 KB: 2 write units in the transaction instead of 6 for a ≈ 2.5 KB copy.
    expect(itemBytes(nomination ?? {})).toBeLessThan(1024);
    expect(transactionalWru(nomination ?? {})).toBe(2);
  });

  it('a nomination of a project that exists keeps its own summary (it may say it differently)', async () => {
    const hash = projectKeyHash(body.title, body.leadOrganization);
    ddb.on(TransactWriteCommand).callsFake(({ TransactItems }: { TransactItems: TransactItem[] }) => {
      const keyAt = TransactItems.findIndex((item) => item.Put?.Item?.pk === keys.projectKey(hash).pk);
      if (keyAt >= 0)
        throw cancelled(...TransactItems.map((_, i) => (i === keyAt ? 'ConditionalCheckFailed' : 'None')));
      return {};
    });
    ddb.on(GetCommand, { Key: keys.projectKey(hash) }).resolves({ Item: { projectId: 'prj_1' } });

    const accepted = await nominate({ ...body, summary: '另一种说法。' }, partner);

    const nomination = transactionItems()
      .map((item) => item.Put?.Item)
      .filter((item) => item?.pk === keys.nomination(accepted.nominationId).pk)
      .at(-1);
    expect(accepted.projectId).toBe('prj_1');
    expect(nomination?.summary).toBe('另一种说法。');
    expect(nomination).not.toHaveProperty('summaryIn');
  });
});

describe('reading', () => {
  it('answers GET /v1/nominations/{id} identically whether the item holds the summary or the project does', async () => {
    ddb
      .on(GetCommand, { Key: keys.nomination('nom_1') })
      .resolvesOnce({ Item: whole })
      .resolves({ Item: lean });

    const fromWhole = await readNomination('nom_1', partner);
    const fromLean = await readNomination('nom_1', partner);

    expect(fromLean).toEqual(fromWhole);
    expect(fromLean.summary).toBe(summary);
  });

  it('fills a page of the listing with one batch read of the projects, only for items that need it', async () => {
    const other = storedNominationItem({ id: 'nom_0', projectId: 'prj_0', submittedBy: 'ptn-a' });
    // The listing index holds keys: the page is read from the table, then its lean items' projects.
    givenIndexed(ddb, [stored(lean), stored(other)], { IndexName: 'gsi1' });
    givenTableItems(ddb, [{ ...keys.project('prj_1'), id: 'prj_1', summary }]);

    const page = await listOwnNominations(partner, 10, undefined);

    expect(page.items.map((n) => [n.id, n.summary])).toEqual([
      ['nom_1', summary],
      ['nom_0', other.summary],
    ]);
    const reads = ddb
      .commandCalls(BatchGetCommand)
      .map((call) => Object.values(call.args[0].input.RequestItems ?? {})[0]?.Keys);
    expect(reads).toEqual([[keys.nomination('nom_1'), keys.nomination('nom_0')], [keys.project('prj_1')]]);
  });

  it('reads no project for a page whose items hold their summaries', async () => {
    givenIndexed(ddb, [stored(whole)], { IndexName: 'gsi1' });

    await listOwnNominations(partner, 10, undefined);

    // Only the page itself (the index holds keys); no project.
    const reads = ddb
      .commandCalls(BatchGetCommand)
      .map((call) => Object.values(call.args[0].input.RequestItems ?? {})[0]?.Keys);
    expect(reads).toEqual([[keys.nomination('nom_1')]]);
  });
});
