import type { MessageAttributeValue } from '@aws-sdk/client-sqs';

/**
 * SQS's payload limit, for one message and for a whole SendMessageBatch alike (body plus each attribute's name,
 * type and value, in UTF-8 bytes). 256 KiB is what the queues here are sized for and what the local emulator
 * enforces; SQS has since allowed larger messages, which only makes this limit conservative.
 */
export const MAX_BATCH_BYTES = 256 * 1024;
/** SendMessageBatch takes at most 10 entries. */
export const MAX_BATCH_ENTRIES = 10;

const utf8Bytes = (text: string) => Buffer.byteLength(text, 'utf8');

/**
 * What SQS counts against the limit: the body and every attribute's name, data type and value, in UTF-8 (a
 * Chinese character is 3 bytes, a character outside the BMP such as 𠀀 or an emoji 4).
 */
export function messageBytes(
  body: string,
  attributes: Readonly<Record<string, MessageAttributeValue>> = {},
): number {
  let bytes = utf8Bytes(body);
  for (const [name, value] of Object.entries(attributes)) {
    bytes += utf8Bytes(name) + utf8Bytes(value.DataType ?? '');
    if (value.StringValue !== undefined) bytes += utf8Bytes(value.StringValue);
    if (value.BinaryValue !== undefined) bytes += value.BinaryValue.byteLength;
  }
  return bytes;
}

export interface Chunks<T> {
  /** In the input's order, each within both limits. */
  batches: T[][];
  /** Entries that exceed the byte limit on their own: no batch can carry them. */
  oversized: T[];
}

/**
 * Splits entries into SendMessageBatch requests of at most `maxEntries` entries and `maxBytes` bytes in total,
 * filling each batch in order before starting the next. Pure: the limits are tested at their boundaries.
 */
export function chunkBatches<T>(
  entries: readonly T[],
  sizeOf: (entry: T) => number,
  limits: { maxEntries?: number; maxBytes?: number } = {},
): Chunks<T> {
  const maxEntries = limits.maxEntries ?? MAX_BATCH_ENTRIES;
  const maxBytes = limits.maxBytes ?? MAX_BATCH_BYTES;
  const batches: T[][] = [];
  const oversized: T[] = [];
  let current: T[] = [];
  let currentBytes = 0;
  for (const entry of entries) {
    const bytes = sizeOf(entry);
    if (bytes > maxBytes) {
      oversized.push(entry);
      continue;
    }
    if (current.length === maxEntries || currentBytes + bytes > maxBytes) {
      batches.push(current);
      current = [];
      currentBytes = 0;
    }
    current.push(entry);
    currentBytes += bytes;
  }
  if (current.length > 0) batches.push(current);
  return { batches, oversized };
}
