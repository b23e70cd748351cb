import {
  type _Record,
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  ExpiredIteratorException,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type Shard,
  type ShardIteratorType,
} from '@aws-sdk/client-dynamodb-streams';
import { type FilterPattern, matchesFilter } from '@wuhan/topology';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { FaultInjector, FaultKind } from './faults.js';
import type { LocalFunction } from './lambda-runtime.js';
import type { StreamPositions } from './stream-positions.js';

export interface StreamEventSourceOptions {
  streams: DynamoDBStreamsClient;
  streamArn: string;
  region: string;
  batchSize: number;
  retryAttempts: number;
  filter: FilterPattern;
  fn: LocalFunction;
  log: (line: string) => void;
  /** How often an idle shard is read again (Lambda reads a shard about four times a second). */
  pollIntervalMs?: number;
  /** Where each shard's position is kept across restarts; without it a start reads from LATEST. */
  positions?: StreamPositions;
  /** Injected faults (reliability tests only; faults.ts). Without it every batch is delivered as is. */
  faults?: FaultInjector;
}

/** A stream record in the shape Lambda delivers it (epoch-second times, the stream ARN as the source). */
export function toStreamRecord(record: _Record, streamArn: string, region: string): DynamoDBRecord {
  const d = record.dynamodb ?? {};
  return {
    eventID: record.eventID ?? '',
    eventName: record.eventName as DynamoDBRecord['eventName'],
    eventVersion: record.eventVersion ?? '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: record.awsRegion ?? region,
    dynamodb: {
      ...(d.ApproximateCreationDateTime
        ? { ApproximateCreationDateTime: Math.floor(d.ApproximateCreationDateTime.getTime() / 1000) }
        : {}),
      // The Streams client's AttributeValue and aws-lambda's are the same wire shape under two type declarations.
      ...(d.Keys ? { Keys: d.Keys as never } : {}),
      ...(d.NewImage ? { NewImage: d.NewImage as never } : {}),
      ...(d.OldImage ? { OldImage: d.OldImage as never } : {}),
      ...(d.SequenceNumber ? { SequenceNumber: d.SequenceNumber } : {}),
      ...(d.SizeBytes !== undefined ? { SizeBytes: d.SizeBytes } : {}),
      ...(d.StreamViewType ? { StreamViewType: d.StreamViewType } : {}),
    },
    eventSourceARN: streamArn,
  };
}

/**
 * Index of the first record to retry from. Lambda's stream semantics: on `batchItemFailures` the batch is
 * retried from the lowest failed sequence number; a thrown error (or an unusable response) retries it all.
 * Returns undefined when the whole batch succeeded.
 */
export function retryFrom(batch: readonly DynamoDBRecord[], response: unknown): number | undefined {
  const failures = (response as { batchItemFailures?: unknown } | null | undefined)?.batchItemFailures;
  if (failures === undefined || failures === null) return undefined;
  if (!Array.isArray(failures)) return 0;
  if (failures.length === 0) return undefined;
  let first = Number.POSITIVE_INFINITY;
  for (const failure of failures) {
    const id = (failure as { itemIdentifier?: unknown })?.itemIdentifier;
    const index = batch.findIndex((r) => r.dynamodb?.SequenceNumber === id);
    if (index < 0) return 0;
    first = Math.min(first, index);
  }
  return first;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The DynamoDB-stream event-source mapping.
 *
 * With `positions` (the stack has a data directory) every shard resumes AFTER the last sequence number handled
 * before the stop, and shards never seen are read from TRIM_HORIZON: what was committed while the stack was
 * stopping or down is delivered at the next start (at least once; the consumers de-duplicate). Without
 * positions (everything in memory) shards open at start are read from LATEST and closed ones are ignored, as a
 * fresh table has no past. Shards are read parent first, so order holds across shard splits.
 */
export class StreamEventSource {
  private running = false;
  private readonly shards = new Map<string, Promise<void>>();
  private readonly finished = new Set<string>();
  private discovery: Promise<void> | undefined;
  private known: ReadonlyMap<string, string> = new Map();
  /** Records already offered to the function once (only kept with faults on: faults hit first attempts). */
  private readonly attempted = new Set<string>();

  constructor(private readonly options: StreamEventSourceOptions) {}

  /** Resolves once the shards open now have their iterators: nothing written after this is missed. */
  async start(): Promise<void> {
    this.running = true;
    const { positions, streamArn } = this.options;
    this.known = positions?.load(streamArn) ?? new Map();
    const initial = await this.listShards();
    if (!positions) {
      // Closed shards that exist at start hold only the past.
      for (const shard of initial)
        if (shard.SequenceNumberRange?.EndingSequenceNumber) this.finished.add(shard.ShardId ?? '');
    }
    await this.schedule(initial, positions ? 'TRIM_HORIZON' : 'LATEST');
    this.discovery = this.discover();
  }

  /** Stops reading; a batch being delivered is finished (and its position saved) first. */
  async stop(): Promise<void> {
    this.running = false;
    await this.discovery;
    await Promise.all(this.shards.values());
  }

  /** Starts every listed shard not yet read whose parent is done (or gone); `fresh` is for shards never seen. */
  private async schedule(listed: readonly Shard[], fresh: ShardIteratorType): Promise<void> {
    const present = new Set(listed.map((s) => s.ShardId ?? ''));
    await Promise.all(
      listed.map(async (shard) => {
        const id = shard.ShardId ?? '';
        if (this.shards.has(id) || this.finished.has(id)) return;
        const parent = shard.ParentShardId;
        if (parent && present.has(parent) && !this.finished.has(parent)) return;
        const last = this.known.get(id);
        if (last !== undefined && last === shard.SequenceNumberRange?.EndingSequenceNumber) {
          this.finished.add(id);
          return;
        }
        const iterator = await this.resume(id, last, fresh);
        this.shards.set(id, this.read(id, iterator, last, fresh));
      }),
    );
  }

  /** An iterator after `last`, or of type `fresh`; a position the stream has trimmed resumes at the horizon. */
  private async resume(
    shardId: string,
    last: string | undefined,
    fresh: ShardIteratorType,
  ): Promise<string | undefined> {
    if (last === undefined) return this.iterator(shardId, fresh);
    try {
      return await this.iterator(shardId, 'AFTER_SEQUENCE_NUMBER', last);
    } catch (error) {
      this.options.log(
        `stream ${this.options.fn.spec.name}: cannot resume ${shardId} after ${last} (${(error as Error).name}), reading from TRIM_HORIZON`,
      );
      return this.iterator(shardId, 'TRIM_HORIZON');
    }
  }

  private async listShards(): Promise<Shard[]> {
    const shards: Shard[] = [];
    let start: string | undefined;
    do {
      const { StreamDescription } = await this.options.streams.send(
        new DescribeStreamCommand({ StreamArn: this.options.streamArn, ExclusiveStartShardId: start }),
      );
      shards.push(...(StreamDescription?.Shards ?? []));
      start = StreamDescription?.LastEvaluatedShardId;
    } while (start);
    return shards;
  }

  private async iterator(
    shardId: string,
    type: ShardIteratorType,
    sequenceNumber?: string,
  ): Promise<string | undefined> {
    const { ShardIterator } = await this.options.streams.send(
      new GetShardIteratorCommand({
        StreamArn: this.options.streamArn,
        ShardId: shardId,
        ShardIteratorType: type,
        ...(sequenceNumber ? { SequenceNumber: sequenceNumber } : {}),
      }),
    );
    return ShardIterator;
  }

  private async discover(): Promise<void> {
    while (this.running) {
      await sleep(1000);
      if (!this.running) return;
      try {
        // Shards appearing while running start at their beginning: everything in them is new.
        await this.schedule(await this.listShards(), 'TRIM_HORIZON');
      } catch (error) {
        this.options.log(`stream: listing shards failed: ${(error as Error).message}`);
      }
    }
  }

  private async read(
    shardId: string,
    first: string | undefined,
    resumedAfter: string | undefined,
    fresh: ShardIteratorType,
  ): Promise<void> {
    const { streams, fn, log, positions, streamArn } = this.options;
    let iterator = first;
    let lastSequence = resumedAfter;
    while (this.running && iterator) {
      let records: _Record[];
      let next: string | undefined;
      try {
        const out = await streams.send(
          new GetRecordsCommand({ ShardIterator: iterator, Limit: this.options.batchSize }),
        );
        records = out.Records ?? [];
        next = out.NextShardIterator;
      } catch (error) {
        if (error instanceof ExpiredIteratorException) {
          iterator = lastSequence
            ? await this.iterator(shardId, 'AFTER_SEQUENCE_NUMBER', lastSequence)
            : await this.iterator(shardId, fresh);
          continue;
        }
        if (!this.running) break;
        log(`stream ${fn.spec.name}: GetRecords failed: ${(error as Error).message}`);
        await sleep(1000);
        // DynamoDB Local may have restarted, and its iterators with it: renew from the last handled record (or
        // the horizon), never from LATEST, which would skip what was committed meanwhile.
        if (lastSequence !== undefined || fresh === 'TRIM_HORIZON') {
          const current = iterator;
          iterator = await this.resume(shardId, lastSequence, fresh).catch(() => current);
        }
        continue;
      }
      const batch = records
        .map((r) => toStreamRecord(r, this.options.streamArn, this.options.region))
        .filter((r) => matchesFilter(this.options.filter, r));
      if (batch.length > 0) await this.deliver(batch);
      const handled = records.at(-1)?.dynamodb?.SequenceNumber;
      if (handled) {
        lastSequence = handled;
        // After the batch is handled, never before: a stop between the two replays it, it never skips it.
        positions?.save(streamArn, shardId, handled);
      }
      iterator = next;
      if (records.length === 0) await sleep(this.options.pollIntervalMs ?? 250);
    }
    if (!iterator) this.finished.add(shardId);
  }

  /**
   * The first record of `pending` whose first attempt is faulted, marking every record up to it (or all of
   * them, when none is) as attempted.
   */
  private injectedFault(pending: readonly DynamoDBRecord[]): { index: number; kind: FaultKind } | undefined {
    const { faults, fn } = this.options;
    if (!faults) return undefined;
    for (const [index, record] of pending.entries()) {
      const id = record.dynamodb?.SequenceNumber ?? record.eventID ?? '';
      if (this.attempted.has(id)) continue;
      this.attempted.add(id);
      const kind = faults.faultFor(fn.spec.name, id, 1);
      if (kind) return { index, kind };
    }
    return undefined;
  }

  /** Delivers one batch with Lambda's retry semantics; after the retry attempts the rest is skipped, loudly. */
  private async deliver(batch: DynamoDBRecord[]): Promise<void> {
    const { fn, log, faults } = this.options;
    let pending = batch;
    for (let attempt = 0; pending.length > 0; ) {
      // An injected fault hands the function the records before the faulted one (`before`) or up to and
      // including it (`after`: its effect happens), then retries from it, as a failure reported there would.
      const fault = this.injectedFault(pending);
      const offered = fault ? pending.slice(0, fault.index + (fault.kind === 'after' ? 1 : 0)) : pending;
      let from: number | undefined;
      try {
        const event: DynamoDBStreamEvent = { Records: offered };
        from = offered.length === 0 ? undefined : retryFrom(offered, await fn.invoke(event));
      } catch (error) {
        log(`stream ${fn.spec.name}: batch of ${offered.length} failed: ${(error as Error).message}`);
        from = 0;
      }
      if (fault && from === undefined) {
        // Not counted against the retry attempts: an injected fault must never make the mapping skip records.
        faults?.injected(fn.spec.name, fault.kind);
        pending = pending.slice(fault.index);
        await sleep(50);
        continue;
      }
      if (from === undefined) return;
      pending = pending.slice(from);
      if (attempt >= this.options.retryAttempts) {
        log(
          `stream ${fn.spec.name}: giving up after ${attempt + 1} attempts, skipping ${pending.length} records from ${pending[0]?.dynamodb?.SequenceNumber}`,
        );
        return;
      }
      await sleep(Math.min(2000, 100 * 2 ** attempt));
      attempt++;
    }
  }
}
