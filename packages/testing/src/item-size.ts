import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';

/**
 * An item's size as DynamoDB bills it (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html):
 * every attribute's UTF-8 name plus its value — strings in UTF-8 bytes, numbers about one byte per two
 * significant digits plus one, booleans and null one byte, lists and maps 3 bytes plus one per element and
 * their elements (a map's names included). Close enough to say which whole KB an item starts.
 */
export function dynamoItemBytes(item: Record<string, unknown>): number {
  return Object.entries(item).reduce(
    (sum, [name, value]) => (value === undefined ? sum : sum + Buffer.byteLength(name) + valueBytes(value)),
    0,
  );
}

function valueBytes(value: unknown): number {
  if (typeof value === 'string') return Buffer.byteLength(value);
  if (typeof value === 'number') {
    const digits = String(Math.abs(value)).replace(/e.*$/, '').replace('.', '').replace(/^0+/, '');
    return Math.ceil(Math.max(digits.length, 1) / 2) + 1;
  }
  if (typeof value === 'boolean' || value === null) return 1;
  if (value instanceof Uint8Array) return value.byteLength;
  if (Array.isArray(value)) return 3 + value.reduce((sum: number, v) => sum + 1 + valueBytes(v), 0);
  if (value instanceof Set) return [...value].reduce((sum: number, v) => sum + valueBytes(v), 0);
  if (typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    return 3 + entries.reduce((sum, [name, v]) => sum + 1 + Buffer.byteLength(name) + valueBytes(v), 0);
  }
  return 0;
}

/** One item of a transaction as the bench bills it: 2 WRU per started KB (GSI copies not included). */
export interface TransactItemCost {
  kind: 'Put' | 'Update' | 'Delete' | 'ConditionCheck';
  pk: string;
  entity?: string;
  /** Known for puts only; an update's or delete's size depends on the stored item. */
  bytes?: number;
  writeUnits: number;
}

/**
 * What a transaction's items cost on the base table: a put by its item's size, an update or delete at the one
 * KB minimum (the small counters and claims this project updates), a condition check 0 here (DynamoDB bills it
 * as a read).
 */
export function transactionCosts(input: TransactWriteCommandInput): TransactItemCost[] {
  return (input.TransactItems ?? []).map((item): TransactItemCost => {
    if (item.Put) {
      const bytes = dynamoItemBytes(item.Put.Item ?? {});
      const entity = typeof item.Put.Item?.entity === 'string' ? item.Put.Item.entity : undefined;
      return {
        kind: 'Put',
        pk: String(item.Put.Item?.pk),
        ...(entity ? { entity } : {}),
        bytes,
        writeUnits: 2 * Math.max(1, Math.ceil(bytes / 1024)),
      };
    }
    if (item.Update) return { kind: 'Update', pk: String(item.Update.Key?.pk), writeUnits: 2 };
    if (item.Delete) return { kind: 'Delete', pk: String(item.Delete.Key?.pk), writeUnits: 2 };
    return { kind: 'ConditionCheck', pk: String(item.ConditionCheck?.Key?.pk), writeUnits: 0 };
  });
}

/** An item's size in bytes as DynamoDB counts it (attribute names + values); the same rule as `dynamoItemBytes`. */
export const itemBytes = dynamoItemBytes;

/** Write units of one item in a `TransactWriteItems`: 2 per started KB (a standard write is 1 per KB). */
export function transactionalWru(item: Record<string, unknown>): number {
  return 2 * Math.max(1, Math.ceil(dynamoItemBytes(item) / 1024));
}
