import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  SqsChangeMessageVisibilityCommand as ChangeMessageVisibilityCommand,
  SqsGetQueueUrlCommand as GetQueueUrlCommand,
  keys,
  parameterVersionItem,
  resetConfig,
  resetQueueUrls,
  SqsVisibilityClient,
} from '@wuhan/aws';
import { type DomainEvent, defaultVersion, exampleClaims, newEvent } from '@wuhan/domain';
import { context, sqsRecord, storedProjectItem } from '@wuhan/testing';
import type { SQSBatchResponse } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { handler } from '../../../services/subsidy/handler.js';
import { FakeTable } from './fake-table.js';

/**
 * The subsidy consumer reading one of its OWN items that fails its schema (a claim written by an older version,
 * a cap edited by hand): every delivery would read the same item and fail the same way, so it is a permanent
 * failure: recorded with a reason naming the item's key and the failing fields, staff told (`event.rejected`), the
 * message acknowledged. Before, zod's error was transient: five retries, then the DLQ, and nobody told which item.
 */
process.env.TABLE_NAME = 'main';

const documents = mockClient(DynamoDBDocumentClient);
mockClient(DynamoDBClient);
const visibility = mockClient(SqsVisibilityClient);
const table = new FakeTable(documents);
const now = new Date('2026-03-05T02:00:00Z');

const projectId = 'prj_01JFA0000000000000000SBSDY';
const claimId = 'sbc_01JFA0000000000000000BR0KN';
const receivedClaim = {
  ...keys.subsidyClaim(claimId),
  ...keys.subsidyClaimListing(claimId),
  entity: 'subsidy_claim',
  claimId,
  subsidyType: 'grant_to_equity',
  status: 'received',
  input: { ...exampleClaims.grant_to_equity, projectId },
  projectId,
  assessOn: '2026-03-05',
  filedBy: { role: 'staff', id: 'stf-li' },
  filedAt: now.toISOString(),
  correlationId: 'cor-unreadable',
};

function claimReceived(): DomainEvent {
  return newEvent({
    type: 'subsidy.claim_received',
    actor: { role: 'staff', id: 'stf-li' },
    subject: { kind: 'subsidy_claim', id: claimId },
    correlationId: 'cor-unreadable',
    data: { claimId, subsidyType: 'grant_to_equity', assessOn: '2026-03-05', projectId },
    now,
  });
}

async function deliver(record: ReturnType<typeof sqsRecord>): Promise<SQSBatchResponse> {
  return (await handler({ Records: [record] }, context())) as SQSBatchResponse;
}

/** What the delivery wrote, by meaning: the rejection items, the events published, the claim's updates. */
function written() {
  const items = table.transactionItems();
  const puts = items.flatMap((i) => {
    const put = i.Put as { Item?: Record<string, unknown> } | undefined;
    return put?.Item ? [put.Item] : [];
  });
  return {
    rejections: puts.filter((item) => item.entity === 'rejected-message'),
    published: puts.flatMap((item) => (item.entity === 'history' ? [item.event as DomainEvent] : [])),
    claimUpdates: items.filter(
      (i) => (i.Update as { Key?: { pk?: string } } | undefined)?.Key?.pk === keys.subsidyClaim(claimId).pk,
    ),
  };
}

beforeEach(() => {
  documents.reset();
  visibility.reset();
  visibility
    .on(GetQueueUrlCommand)
    .resolves({ QueueUrl: 'https://sqs.us-east-1.amazonaws.com/0/test-queue' });
  visibility.on(ChangeMessageVisibilityCommand).resolves({});
  resetConfig();
  resetQueueUrls();
  table.written.length = 0;
  table.failWrites = undefined;
});

describe('the subsidy consumer and its own stored items failing their schema', () => {
  it('refuses for good a claim whose stored record fails its schema, naming the claim and the fields', async () => {
    // An amount stored as text and a status no version ever wrote.
    const broken = {
      ...receivedClaim,
      status: 'assessing',
      input: { ...receivedClaim.input, requestedFen: '200000000' },
    };
    table.seed(broken).install();
    const record = sqsRecord(claimReceived());
    const answer = await deliver(record);

    expect(answer.batchItemFailures).toEqual([]);
    const { rejections, published, claimUpdates } = written();
    expect(rejections).toHaveLength(1);
    expect(rejections[0]).toMatchObject({
      ...keys.rejectedMessage('subsidy', record.messageId),
      consumer: 'subsidy',
      kind: 'domain',
      eventType: 'subsidy.claim_received',
    });
    const reason = String(rejections[0]?.reason);
    expect(reason).toContain(`SUBSIDY_CLAIM#${claimId}`);
    expect(reason).toContain('input.requestedFen');
    expect(reason).toContain('status');
    expect(published).toEqual([
      expect.objectContaining({
        type: 'event.rejected',
        subject: { kind: 'subsidy_claim', id: claimId },
        data: expect.objectContaining({ consumer: 'subsidy', kind: 'domain', reason }),
      }),
    ]);
    // Nothing assessed, nothing reserved, and no backoff asked for (the message is not retried).
    expect(claimUpdates).toEqual([]);
    expect(visibility.commandCalls(ChangeMessageVisibilityCommand)).toEqual([]);
  });

  it('refuses for good a claim whose cap item fails its schema, naming the cap and the field', async () => {
    const capKey = `grant_to_equity#project:${projectId}`;
    table
      .seed(
        parameterVersionItem(defaultVersion('subsidy', new Date('2025-01-01'))),
        {
          ...storedProjectItem({ id: projectId, title: '拨转股测试项目', techField: 'quantum' }),
          status: 'qualified',
        },
        receivedClaim,
        // The usage written as text: the reservation could not be conditioned on it.
        {
          ...keys.subsidyCap(capKey),
          entity: 'subsidy_cap',
          capKey,
          clause: '§二(七)',
          limitFen: 6e9,
          usedFen: 'lots',
        },
      )
      .install();
    const answer = await deliver(sqsRecord(claimReceived()));

    expect(answer.batchItemFailures).toEqual([]);
    const { rejections, claimUpdates } = written();
    expect(rejections).toHaveLength(1);
    expect(rejections[0]).toMatchObject({ kind: 'domain' });
    expect(String(rejections[0]?.reason)).toContain(keys.subsidyCap(capKey).pk);
    expect(String(rejections[0]?.reason)).toContain('usedFen');
    expect(claimUpdates).toEqual([]);
  });

  it('still retries what a retry can change: a failing read of the table is transient', async () => {
    table.seed(receivedClaim).install();
    documents.rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    const record = sqsRecord(claimReceived());
    const answer = await deliver(record);
    expect(answer.batchItemFailures).toEqual([{ itemIdentifier: record.messageId }]);
    expect(written().rejections).toEqual([]);
  });
});
