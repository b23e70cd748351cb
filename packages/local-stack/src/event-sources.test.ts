import { type FilterPattern, matchesFilter, outboxStreamFilter } from '@wuhan/topology';
import type { DynamoDBRecord, SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { succeededMessages } from './event-source-sqs.js';
import { retryFrom } from './event-source-stream.js';
import { TokenBucket } from './throttle.js';

const sqs = (id: string) => ({ messageId: id }) as SQSRecord;
const stream = (seq: string) => ({ dynamodb: { SequenceNumber: seq } }) as DynamoDBRecord;

describe('SQS partial batch responses', () => {
  const batch = [sqs('a'), sqs('b'), sqs('c')];
  it('deletes all but the reported failures', () => {
    expect(
      succeededMessages(batch, { batchItemFailures: [{ itemIdentifier: 'b' }] }).map((r) => r.messageId),
    ).toEqual(['a', 'c']);
    expect(succeededMessages(batch, undefined)).toHaveLength(3);
    expect(succeededMessages(batch, { batchItemFailures: [] })).toHaveLength(3);
  });
  it('fails the whole batch on an identifier that is not in it, as Lambda does', () => {
    expect(succeededMessages(batch, { batchItemFailures: [{ itemIdentifier: 'zzz' }] })).toEqual([]);
    expect(succeededMessages(batch, { batchItemFailures: [{}] })).toEqual([]);
  });
});

describe('stream retries', () => {
  const batch = [stream('1'), stream('2'), stream('3')];
  it('retries from the lowest failed sequence number', () => {
    expect(retryFrom(batch, { batchItemFailures: [{ itemIdentifier: '3' }, { itemIdentifier: '2' }] })).toBe(
      1,
    );
    expect(retryFrom(batch, { batchItemFailures: [] })).toBeUndefined();
    expect(retryFrom(batch, {})).toBeUndefined();
    expect(retryFrom(batch, { batchItemFailures: [{ itemIdentifier: 'unknown' }] })).toBe(0);
  });
});

describe('the relay stream filter', () => {
  const filter = outboxStreamFilter as unknown as FilterPattern;
  const record = (eventName: string, entity: string) => ({
    eventName,
    dynamodb: { NewImage: { entity: { S: entity } } },
  });
  it('passes inserts of event rows (history, the outbox) only', () => {
    expect(matchesFilter(filter, record('INSERT', 'history'))).toBe(true);
    expect(matchesFilter(filter, record('MODIFY', 'history'))).toBe(false);
    expect(matchesFilter(filter, record('INSERT', 'project'))).toBe(false);
    expect(matchesFilter(filter, record('INSERT', 'outbox'))).toBe(false);
    expect(
      matchesFilter(filter, { eventName: 'REMOVE', dynamodb: { OldImage: { entity: { S: 'history' } } } }),
    ).toBe(false);
  });
});

describe('API throttling', () => {
  it('allows a burst, then refills at the rate', () => {
    let now = 0;
    const bucket = new TokenBucket(2, 3, () => now);
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
    now += 500;
    expect([bucket.take(), bucket.take()]).toEqual([true, false]);
  });
});
