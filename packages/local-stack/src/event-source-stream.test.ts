import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type _Record,
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  TrimmedDataAccessException,
} from '@aws-sdk/client-dynamodb-streams';
import type { FunctionSpec } from '@wuhan/topology';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StreamEventSource } from './event-source-stream.js';
import { FaultInjector } from './faults.js';
import { LocalFunction } from './lambda-runtime.js';
import { FileStreamPositions, type StreamPositions } from './stream-positions.js';

const STREAM = 'arn:aws:dynamodb:us-east-1:000000000000:table/t/stream/2026-11-30T00:00:00.000';

/**
 * A DynamoDB stream in memory: shards with their records, iterators of the form `shard:index`, a closed shard
 * ends (no next iterator) after its last record. Enough of the API for the reader's choices to be observable.
 */
interface FakeShard {
  id: string;
  parent?: string;
  sequences: string[];
  closed?: boolean;
}

function fakeStream(shards: FakeShard[]) {
  const client = new DynamoDBStreamsClient({ region: 'us-east-1' });
  const mock = mockClient(client);
  const iteratorRequests: { shard: string; type: string; after?: string }[] = [];
  const find = (id: string) => {
    const shard = shards.find((s) => s.id === id);
    if (!shard) throw new Error(`no shard ${id}`);
    return shard;
  };
  mock.on(DescribeStreamCommand).callsFake(() => ({
    StreamDescription: {
      Shards: shards.map((s) => ({
        ShardId: s.id,
        ...(s.parent ? { ParentShardId: s.parent } : {}),
        SequenceNumberRange: {
          StartingSequenceNumber: s.sequences[0] ?? '0',
          ...(s.closed ? { EndingSequenceNumber: s.sequences.at(-1) ?? '0' } : {}),
        },
      })),
    },
  }));
  mock.on(GetShardIteratorCommand).callsFake((input) => {
    const shard = find(input.ShardId);
    iteratorRequests.push({
      shard: shard.id,
      type: input.ShardIteratorType,
      ...(input.SequenceNumber ? { after: input.SequenceNumber } : {}),
    });
    if (input.ShardIteratorType === 'TRIM_HORIZON') return { ShardIterator: `${shard.id}:0` };
    if (input.ShardIteratorType === 'LATEST')
      return { ShardIterator: `${shard.id}:${shard.sequences.length}` };
    const index = shard.sequences.indexOf(input.SequenceNumber);
    if (index < 0) throw new TrimmedDataAccessException({ message: 'trimmed', $metadata: {} });
    return { ShardIterator: `${shard.id}:${index + 1}` };
  });
  mock.on(GetRecordsCommand).callsFake((input) => {
    const [id = '', at = '0'] = String(input.ShardIterator).split(':');
    const shard = find(id);
    const from = Number(at);
    const records: _Record[] = shard.sequences.slice(from, from + (input.Limit ?? 100)).map((seq) => ({
      eventID: seq,
      eventName: 'INSERT',
      dynamodb: { SequenceNumber: seq, NewImage: { pk: { S: seq } } },
    }));
    const next = from + records.length;
    const ended = shard.closed && next >= shard.sequences.length;
    return { Records: records, ...(ended ? {} : { NextShardIterator: `${id}:${next}` }) };
  });
  return { client, mock, iteratorRequests };
}

const spec: FunctionSpec = {
  name: 'relay',
  description: 'test',
  entry: 'unused',
  timeoutSeconds: 5,
  memoryMb: 128,
  triggers: [],
  access: { table: [], sendTo: [], inspect: [], sendEmail: false },
};

/** A function that records the sequence numbers it was given. */
function recordingFunction() {
  const delivered: string[] = [];
  const fn = new LocalFunction(
    spec,
    async () => ({
      handler: async (event) => {
        for (const r of (event as DynamoDBStreamEvent).Records)
          delivered.push(r.dynamodb?.SequenceNumber ?? '');
        return { batchItemFailures: [] };
      },
    }),
    process.cwd(),
    'us-east-1',
  );
  return { fn, delivered };
}

/** Positions in memory, with what was saved. */
function memoryPositions(
  initial: Record<string, string> = {},
): StreamPositions & { saved: Map<string, string> } {
  const saved = new Map(Object.entries(initial));
  return { saved, load: () => new Map(saved), save: (_arn, shard, seq) => saved.set(shard, seq) };
}

async function waitUntil(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function source(
  client: DynamoDBStreamsClient,
  fn: LocalFunction,
  positions?: StreamPositions,
  faults?: FaultInjector,
) {
  return new StreamEventSource({
    streams: client,
    streamArn: STREAM,
    region: 'us-east-1',
    batchSize: 2,
    retryAttempts: 0,
    filter: { eventName: ['INSERT'] },
    fn,
    log: () => undefined,
    pollIntervalMs: 5,
    ...(positions ? { positions } : {}),
    ...(faults ? { faults } : {}),
  });
}

describe('the stream reader across restarts', () => {
  it('resumes each known shard after its saved position and saves where it got to', async () => {
    const stream = fakeStream([{ id: 's1', sequences: ['100', '200', '300', '400', '500'] }]);
    const { fn, delivered } = recordingFunction();
    const positions = memoryPositions({ s1: '200' });

    const reader = source(stream.client, fn, positions);
    await reader.start();
    await waitUntil(() => delivered.length >= 3, 'the records after 200');
    await reader.stop();

    expect(stream.iteratorRequests).toContainEqual({
      shard: 's1',
      type: 'AFTER_SEQUENCE_NUMBER',
      after: '200',
    });
    // Exactly what was committed after the saved position: nothing skipped, nothing before it replayed.
    expect(delivered).toEqual(['300', '400', '500']);
    expect(positions.saved.get('s1')).toBe('500');
  });

  it('reads shards it has never seen from the trim horizon, parents before children', async () => {
    const stream = fakeStream([
      { id: 'parent', sequences: ['1', '2'], closed: true },
      { id: 'child', parent: 'parent', sequences: ['3', '4'] },
    ]);
    const { fn, delivered } = recordingFunction();
    const positions = memoryPositions();

    const reader = source(stream.client, fn, positions);
    await reader.start();
    await waitUntil(() => delivered.length >= 4, 'both shards');
    await reader.stop();

    expect(delivered).toEqual(['1', '2', '3', '4']);
    expect(stream.iteratorRequests.filter((r) => r.shard === 'child')).toEqual([
      { shard: 'child', type: 'TRIM_HORIZON' },
    ]);
    expect(Object.fromEntries(positions.saved)).toEqual({ parent: '2', child: '4' });
  });

  it('skips a closed shard it had finished, without reading it again', async () => {
    const stream = fakeStream([
      { id: 'old', sequences: ['1', '2'], closed: true },
      { id: 'new', parent: 'old', sequences: ['3'] },
    ]);
    const { fn, delivered } = recordingFunction();

    const reader = source(stream.client, fn, memoryPositions({ old: '2', new: '3' }));
    await reader.start();
    await waitUntil(() => stream.mock.commandCalls(GetRecordsCommand).length >= 2, 'a few reads');
    await reader.stop();

    expect(stream.iteratorRequests.map((r) => r.shard)).toEqual(['new']);
    expect(delivered).toEqual([]);
  });

  it('falls back to the trim horizon when the saved position was trimmed away', async () => {
    const stream = fakeStream([{ id: 's1', sequences: ['700', '800'] }]);
    const { fn, delivered } = recordingFunction();

    const reader = source(stream.client, fn, memoryPositions({ s1: '100' }));
    await reader.start();
    await waitUntil(() => delivered.length >= 2, 'the surviving records');
    await reader.stop();

    expect(delivered).toEqual(['700', '800']);
  });

  it('without positions (a stack in memory) starts open shards at LATEST and ignores closed ones', async () => {
    const stream = fakeStream([
      { id: 'closed', sequences: ['1'], closed: true },
      { id: 'open', parent: 'closed', sequences: ['2', '3'] },
    ]);
    const { fn, delivered } = recordingFunction();

    const reader = source(stream.client, fn);
    await reader.start();
    await waitUntil(() => stream.mock.commandCalls(GetRecordsCommand).length >= 2, 'a few reads');
    await reader.stop();

    expect(stream.iteratorRequests).toEqual([{ shard: 'open', type: 'LATEST' }]);
    expect(delivered).toEqual([]);
  });
});

describe('the stream reader with injected faults', () => {
  it('hands every record over: a `before` record once, an `after` record twice, none skipped even with no retries left', async () => {
    const sequences = Array.from({ length: 30 }, (_, i) => String(1000 + i));
    const stream = fakeStream([{ id: 's1', sequences }]);
    const { fn, delivered } = recordingFunction();
    const faults = new FaultInjector({ seed: 'stream-test' });
    const kindOf = (seq: string) => faults.faultFor('relay', seq, 1);
    const after = sequences.filter((s) => kindOf(s) === 'after');
    const before = sequences.filter((s) => kindOf(s) === 'before');
    expect(after.length).toBeGreaterThan(0);
    expect(before.length).toBeGreaterThan(0);

    // retryAttempts 0: an injected fault must not count as one of the mapping's retries.
    const reader = source(stream.client, fn, memoryPositions(), faults);
    await reader.start();
    await waitUntil(() => new Set(delivered).size >= sequences.length, 'every record');
    await reader.stop();

    const times = (seq: string) => delivered.filter((d) => d === seq).length;
    for (const seq of sequences) expect(times(seq), seq).toBe(after.includes(seq) ? 2 : 1);
    expect(faults.counts.relay).toEqual({ before: before.length, after: after.length });
  });
});

describe('stream positions in a file', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'positions-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps each shard position for the next start of the same stream', () => {
    const file = join(dir, 'sub', 'relay.json');
    const first = new FileStreamPositions(file);
    expect(first.load(STREAM).size).toBe(0);
    first.save(STREAM, 's1', '100');
    first.save(STREAM, 's2', '900');
    first.save(STREAM, 's1', '200');

    expect(Object.fromEntries(new FileStreamPositions(file).load(STREAM))).toEqual({ s1: '200', s2: '900' });
  });

  it('ignores positions of another stream (the table was recreated) and a damaged file', () => {
    const file = join(dir, 'relay.json');
    new FileStreamPositions(file).save(STREAM, 's1', '100');
    expect(new FileStreamPositions(file).load(`${STREAM}-other`).size).toBe(0);

    writeFileSync(file, '{"streamArn": ');
    const logged: string[] = [];
    expect(new FileStreamPositions(file, (l) => logged.push(l)).load(STREAM).size).toBe(0);
    expect(logged.join()).toMatch(/unreadable/);
    expect(readFileSync(file, 'utf8')).toBe('{"streamArn": ');
  });
});
