/**
 * DynamoDB's item size rules (developer guide, "Item sizes and formats"), for budgeting write units in unit tests
 * without a table: names and strings count their UTF-8 bytes, a number about one byte per two significant digits
 * plus one, booleans and nulls one byte, a list or map 3 bytes plus one per element plus its elements.
 */
function valueBytes(value: unknown): number {
  if (value === null || value === undefined || typeof value === 'boolean') return 1;
  if (typeof value === 'string') return Buffer.byteLength(value, 'utf8');
  if (typeof value === 'number' || typeof value === 'bigint') {
    const digits = String(value).replace(/^-/, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
    return Math.ceil(Math.max(digits.length, 1) / 2) + 1;
  }
  if (value instanceof Uint8Array) return value.byteLength;
  if (value instanceof Set) return [...value].reduce((sum: number, v) => sum + valueBytes(v), 0);
  if (Array.isArray(value)) return 3 + value.reduce((sum: number, v) => sum + 1 + valueBytes(v), 0);
  if (typeof value === 'object') {
    return (
      3 +
      Object.entries(value).reduce(
        (sum, [name, v]) => sum + (v === undefined ? 0 : 1 + Buffer.byteLength(name, 'utf8') + valueBytes(v)),
        0,
      )
    );
  }
  return Buffer.byteLength(String(value), 'utf8');
}

/** An item's size in bytes as DynamoDB counts it (attribute names + values). */
export function itemBytes(item: Record<string, unknown>): number {
  return Object.entries(item).reduce(
    (sum, [name, value]) =>
      sum + (value === undefined ? 0 : Buffer.byteLength(name, 'utf8') + valueBytes(value)),
    0,
  );
}

/** Write units of one item in a `TransactWriteItems`: 2 per started KB (a standard write is 1 per KB). */
export function transactionalWru(item: Record<string, unknown>): number {
  return 2 * Math.max(1, Math.ceil(itemBytes(item) / 1024));
}
