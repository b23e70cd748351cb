import { AsyncLocalStorage } from 'node:async_hooks';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { LocalFunction } from '../packages/local-stack/src/lambda-runtime.js';

/**
 * Meters what the functions do, inside the one process that runs the local stack and its handlers:
 * - each Lambda invocation (count and duration) by wrapping LocalFunction.invoke, and tags everything the
 *   invocation does with the function's name (AsyncLocalStorage);
 * - DynamoDB requests on the shared client (packages/aws/src/clients.ts): a middleware asks for
 *   ReturnConsumedCapacity=TOTAL and sums the units DynamoDB returns, per function and operation, and counts the
 *   items each request writes;
 * - SQS requests of every client in the process (the relay's sends and the event-source mapping's receives and
 *   deletes), in billed 64 KB chunks; empty receives are kept apart (idle polling is a fixed cost, not per item).
 */

const whoIsCalling = new AsyncLocalStorage<string>();
const outsideFunctions = 'event-source';

export interface InvocationStats {
  count: number;
  durationsMs: number[];
  /** Records per invocation, for queue consumers (SQS batches); 0 for other events. Same order as durations. */
  batchSizes: number[];
}

export interface DynamoStats {
  requests: number;
  failed: number;
  writeUnits: number;
  readUnits: number;
  itemWrites: number;
  /** Requests DynamoDB answered without ConsumedCapacity (should be 0). */
  withoutCapacity: number;
  /** Each request's latency as the function's client saw it (serialization, HTTP, DynamoDB Local, retries). */
  latenciesMs: number[];
}

export interface SqsStats {
  requests: number;
  billedRequests: number;
  messages: number;
}

export class Meter {
  invocations = new Map<string, InvocationStats>();
  dynamo = new Map<string, DynamoStats>();
  sqs = new Map<string, SqsStats>();
  emptyReceives = 0;

  reset(): void {
    this.invocations.clear();
    this.dynamo.clear();
    this.sqs.clear();
    this.emptyReceives = 0;
  }

  recordInvocation(fn: string, ms: number, batchSize = 0): void {
    const s = this.invocations.get(fn) ?? { count: 0, durationsMs: [], batchSizes: [] };
    s.count++;
    s.durationsMs.push(ms);
    s.batchSizes.push(batchSize);
    this.invocations.set(fn, s);
  }

  dynamoFor(key: string): DynamoStats {
    let s = this.dynamo.get(key);
    if (!s) {
      s = {
        requests: 0,
        failed: 0,
        writeUnits: 0,
        readUnits: 0,
        itemWrites: 0,
        withoutCapacity: 0,
        latenciesMs: [],
      };
      this.dynamo.set(key, s);
    }
    return s;
  }

  sqsFor(key: string): SqsStats {
    let s = this.sqs.get(key);
    if (!s) {
      s = { requests: 0, billedRequests: 0, messages: 0 };
      this.sqs.set(key, s);
    }
    return s;
  }

  totals() {
    const sum = <T>(m: Map<string, T>, f: (v: T) => number) => [...m.values()].reduce((a, v) => a + f(v), 0);
    return {
      invocations: sum(this.invocations, (v) => v.count),
      dynamoRequests: sum(this.dynamo, (v) => v.requests),
      writeUnits: sum(this.dynamo, (v) => v.writeUnits),
      readUnits: sum(this.dynamo, (v) => v.readUnits),
      itemWrites: sum(this.dynamo, (v) => v.itemWrites),
      withoutCapacity: sum(this.dynamo, (v) => v.withoutCapacity),
      sqsRequests: sum(this.sqs, (v) => v.requests),
      sqsBilledRequests: sum(this.sqs, (v) => v.billedRequests),
    };
  }
}

/** Operation name as DynamoDB knows it, whether the command came from the low-level or the document client. */
function operationOf(commandName: string): string {
  const bare = commandName.replace(/Command$/, '');
  const documentNames: Record<string, string> = {
    Put: 'PutItem',
    Get: 'GetItem',
    Update: 'UpdateItem',
    Delete: 'DeleteItem',
    BatchGet: 'BatchGetItem',
    BatchWrite: 'BatchWriteItem',
    TransactWrite: 'TransactWriteItems',
    TransactGet: 'TransactGetItems',
  };
  return documentNames[bare] ?? bare;
}

const readOperations = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan', 'TransactGetItems']);
const writeOperations = new Set([
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'BatchWriteItem',
  'TransactWriteItems',
]);

/** Items a write request writes (a ConditionCheck inside a transaction writes nothing). */
function itemsWritten(operation: string, input: Record<string, unknown>): number {
  if (operation === 'PutItem' || operation === 'UpdateItem' || operation === 'DeleteItem') return 1;
  if (operation === 'TransactWriteItems') {
    const items = (input.TransactItems ?? []) as Record<string, unknown>[];
    return items.filter((i) => i.Put || i.Update || i.Delete).length;
  }
  if (operation === 'BatchWriteItem') {
    return Object.values((input.RequestItems ?? {}) as Record<string, unknown[]>).reduce(
      (a, l) => a + l.length,
      0,
    );
  }
  return 0;
}

interface Capacity {
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
}

/** Adds the consumed-capacity middleware to a DynamoDB client (idempotent per client). */
export function meterDynamoDb(client: DynamoDBClient, meter: Meter, label?: string): void {
  client.middlewareStack.remove('benchConsumedCapacity');
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const operation = operationOf(context.commandName ?? 'Unknown');
      const input = args.input as Record<string, unknown>;
      const metered = readOperations.has(operation) || writeOperations.has(operation);
      if (metered && input.ReturnConsumedCapacity === undefined) input.ReturnConsumedCapacity = 'TOTAL';
      const stats = meter.dynamoFor(`${label ?? whoIsCalling.getStore() ?? outsideFunctions}:${operation}`);
      stats.requests++;
      const started = performance.now();
      try {
        const result = await next(args);
        stats.latenciesMs.push(performance.now() - started);
        if (metered) {
          const consumed = (result.output as { ConsumedCapacity?: Capacity | Capacity[] }).ConsumedCapacity;
          const list = consumed === undefined ? [] : Array.isArray(consumed) ? consumed : [consumed];
          if (list.length === 0) stats.withoutCapacity++;
          for (const c of list) {
            const units = c.CapacityUnits ?? 0;
            if (c.WriteCapacityUnits !== undefined || c.ReadCapacityUnits !== undefined) {
              stats.writeUnits += c.WriteCapacityUnits ?? 0;
              stats.readUnits += c.ReadCapacityUnits ?? 0;
            } else if (writeOperations.has(operation)) stats.writeUnits += units;
            else stats.readUnits += units;
          }
          stats.itemWrites += itemsWritten(operation, input);
        }
        return result;
      } catch (error) {
        // A failed condition still costs capacity on AWS (at least 1 WRU); DynamoDB does not say how much here.
        stats.failed++;
        throw error;
      }
    },
    { step: 'initialize', name: 'benchConsumedCapacity', priority: 'high' },
  );
}

function utf8(text: string | undefined): number {
  return text === undefined ? 0 : Buffer.byteLength(text);
}

function payloadBytes(input: Record<string, unknown>): number {
  const entries = (input.Entries as { MessageBody?: string }[] | undefined) ?? [];
  return utf8(input.MessageBody as string | undefined) + entries.reduce((a, e) => a + utf8(e.MessageBody), 0);
}

let installed = false;

/** How many queue records an event carries (an SQS batch), else 0. */
function recordsIn(event: unknown): number {
  const records = (event as { Records?: unknown } | null)?.Records;
  return Array.isArray(records) ? records.length : 0;
}

/** Installs the invocation and SQS meters (once per process; the meter can be reset between phases). */

export function installMeters(meter: Meter): void {
  if (installed) throw new Error('The meters are installed once per process');
  installed = true;

  const invoke = LocalFunction.prototype.invoke;
  LocalFunction.prototype.invoke = function meteredInvoke(this: LocalFunction, event: unknown) {
    const started = performance.now();
    return whoIsCalling.run(this.spec.name, async () => {
      try {
        return await invoke.call(this, event);
      } finally {
        meter.recordInvocation(this.spec.name, performance.now() - started, recordsIn(event));
      }
    });
  };

  // `send` is overloaded (promise and callback forms) and generic in its command; the bench wraps the promise
  // form only, so it is taken and put back as that one signature (the casts say so; nothing else reads it).
  const send = SQSClient.prototype.send as (
    this: SQSClient,
    command: unknown,
    ...rest: unknown[]
  ) => Promise<unknown>;
  (SQSClient.prototype as unknown as { send: typeof send }).send = async function meteredSend(
    this: SQSClient,
    command: unknown,
    ...rest: unknown[]
  ) {
    const name = (command as { constructor: { name: string } }).constructor.name.replace(/Command$/, '');
    const input = ((command as { input?: Record<string, unknown> }).input ?? {}) as Record<string, unknown>;
    const output = (await send.call(this, command, ...rest)) as { Messages?: { Body?: string }[] };
    if (name === 'ReceiveMessage' && (output.Messages?.length ?? 0) === 0) {
      meter.emptyReceives++;
      return output;
    }
    const bytes =
      name === 'ReceiveMessage'
        ? (output.Messages ?? []).reduce((a, m) => a + utf8(m.Body), 0)
        : payloadBytes(input);
    const stats = meter.sqsFor(`${whoIsCalling.getStore() ?? outsideFunctions}:${name}`);
    stats.requests++;
    stats.billedRequests += Math.max(1, Math.ceil(bytes / (64 * 1024)));
    stats.messages +=
      name === 'ReceiveMessage'
        ? (output.Messages?.length ?? 0)
        : ((input.Entries as unknown[] | undefined)?.length ?? (name === 'SendMessage' ? 1 : 0));
    return output;
  };
}
