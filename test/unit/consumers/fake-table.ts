import {
  BatchGetCommand,
  type BatchGetCommandInput,
  DeleteCommand,
  type DynamoDBDocumentClientResolvedConfig,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  type ServiceInputTypes,
  type ServiceOutputTypes,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { AwsStub } from 'aws-sdk-client-mock';

type Item = Record<string, unknown>;
type DocumentStub = AwsStub<ServiceInputTypes, ServiceOutputTypes, DynamoDBDocumentClientResolvedConfig>;

const keyOf = (key: Item | undefined) => `${String(key?.pk)}|${String(key?.sk)}`;

/** The sort-key attribute of the table or of a gsiN index. */
const sortAttribute = (index: string | undefined) => (index ? `${index}sk` : 'sk');

function compare(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

/**
 * The key conditions the repositories use (`#pk = :pk`, `begins_with(#sk, :prefix)`, `gsi2sk < :below`…), read
 * well enough to answer a Query from items in memory. Anything else fails loudly rather than answer wrongly.
 */
function matches(item: Item, input: QueryCommandInput): boolean {
  const names = input.ExpressionAttributeNames ?? {};
  const values = input.ExpressionAttributeValues ?? {};
  const attribute = (token: string) => (token.startsWith('#') ? (names[token] ?? token) : token);
  return String(input.KeyConditionExpression)
    .split(/\s+AND\s+/i)
    .every((part) => {
      const prefix = part.match(/^begins_with\((\S+?),\s*(:\w+)\)$/);
      if (prefix?.[1] && prefix[2])
        return String(item[attribute(prefix[1])] ?? '\u0000').startsWith(String(values[prefix[2]]));
      const op = part.match(/^(\S+)\s*(=|<=|<|>=|>)\s*(:\w+)$/);
      if (op?.[1] && op[2] && op[3]) {
        const actual = item[attribute(op[1])];
        if (actual === undefined) return false;
        const c = compare(actual, values[op[3]]);
        return { '=': c === 0, '<': c < 0, '<=': c <= 0, '>': c > 0, '>=': c >= 0 }[op[2]];
      }
      throw new Error(`fake table: unsupported key condition "${part}"`);
    });
}

/**
 * A table in memory behind a mocked document client, for the consumers' unit tests: reads (Get, BatchGet,
 * Query) answer from seeded items; writes succeed and are recorded, not applied (each test delivers against the
 * same state, as DynamoDB would after a failed, rolled-back attempt). `failWrites` makes writes fail with a given
 * error, for the first delivery of a transient-failure test.
 */
export class FakeTable {
  private readonly items = new Map<string, Item>();
  /** Writes that succeeded, in order, by command name. */
  readonly written: { command: string; input: Item }[] = [];
  failWrites: ((command: string) => Error | undefined) | undefined;

  constructor(private readonly stub: DocumentStub) {}

  seed(...items: Item[]): this {
    for (const item of items) this.items.set(keyOf(item), item);
    return this;
  }

  /** Routes every document-client command to this table. */
  install(): void {
    this.stub.on(GetCommand).callsFake((input: { Key: Item }) => {
      const item = this.items.get(keyOf(input.Key));
      return item ? { Item: structuredClone(item) } : {};
    });
    this.stub.on(BatchGetCommand).callsFake((input: BatchGetCommandInput) => ({
      Responses: Object.fromEntries(
        Object.entries(input.RequestItems ?? {}).map(([table, request]) => [
          table,
          (request.Keys ?? []).flatMap((key) => {
            const item = this.items.get(keyOf(key));
            return item ? [structuredClone(item)] : [];
          }),
        ]),
      ),
    }));
    this.stub.on(QueryCommand).callsFake((input: QueryCommandInput) => {
      const sort = sortAttribute(input.IndexName);
      const found = [...this.items.values()]
        .filter((item) => matches(item, input))
        .sort((a, b) => compare(a[sort], b[sort]));
      if (input.ScanIndexForward === false) found.reverse();
      return { Items: found.map((item) => structuredClone(item)), Count: found.length };
    });
    const write = (name: string) => (input: Item) => {
      const failure = this.failWrites?.(name);
      if (failure) throw failure;
      this.written.push({ command: name, input });
      return {};
    };
    this.stub.on(PutCommand).callsFake(write('Put'));
    this.stub.on(UpdateCommand).callsFake(write('Update'));
    this.stub.on(DeleteCommand).callsFake(write('Delete'));
    this.stub.on(TransactWriteCommand).callsFake(write('TransactWrite'));
  }

  /** The items every successful TransactWrite put (or updated), flattened. */
  transactionItems(): Item[] {
    return this.written
      .filter((w) => w.command === 'TransactWrite')
      .flatMap((w) => (w.input.TransactItems as Item[] | undefined) ?? []);
  }
}
