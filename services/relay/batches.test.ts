import { describe, expect, it } from 'vitest';
import { chunkBatches, MAX_BATCH_BYTES, messageBytes } from './batches.js';

const sizes = (batches: unknown[][]) => batches.map((b) => b.length);
const identity = (n: number) => n;

describe('messageBytes', () => {
  it('counts UTF-8 bytes: ASCII 1, Chinese 3, astral characters 4 (two UTF-16 units)', () => {
    expect(messageBytes('abc')).toBe(3);
    expect(messageBytes('武汉')).toBe(6);
    expect('𠀀😀'.length).toBe(4);
    expect(messageBytes('𠀀😀')).toBe(8);
  });

  it('adds each attribute’s name, data type and value', () => {
    const attributes = {
      eventType: { DataType: 'String', StringValue: 'match.offered' },
      note: { DataType: 'String', StringValue: '光谷' },
    };
    // 'x' + (9 + 6 + 13) + (4 + 6 + 6)
    expect(messageBytes('x', attributes)).toBe(1 + 28 + 16);
  });

  it('counts a binary attribute by its bytes', () => {
    expect(messageBytes('', { b: { DataType: 'Binary', BinaryValue: new Uint8Array(5) } })).toBe(1 + 6 + 5);
  });
});

describe('chunkBatches', () => {
  it('keeps at most ten entries a batch', () => {
    const { batches } = chunkBatches(
      Array.from({ length: 23 }, () => 1),
      identity,
    );
    expect(sizes(batches)).toEqual([10, 10, 3]);
  });

  it('fills a batch up to exactly the byte limit, and starts a new one one byte past it', () => {
    expect(sizes(chunkBatches([60, 40, 1], identity, { maxBytes: 100 }).batches)).toEqual([2, 1]);
    expect(sizes(chunkBatches([60, 41], identity, { maxBytes: 100 }).batches)).toEqual([1, 1]);
  });

  it('uses 256 KiB by default: two half-limit messages share a batch, one more byte splits them', () => {
    const half = MAX_BATCH_BYTES / 2;
    expect(sizes(chunkBatches([half, half], identity).batches)).toEqual([2]);
    expect(sizes(chunkBatches([half, half + 1], identity).batches)).toEqual([1, 1]);
  });

  it('sets apart a message over the limit on its own, and still sends the rest in order', () => {
    const { batches, oversized } = chunkBatches([10, 101, 20, 100], identity, { maxBytes: 100 });
    expect(oversized).toEqual([101]);
    expect(batches).toEqual([[10, 20], [100]]);
  });

  it('measures Chinese and astral text in bytes, not in string length', () => {
    // 34 Chinese characters are 102 bytes although the strings are 34 characters long.
    const chinese = '颠'.repeat(34);
    const astral = '𠀀'.repeat(25); // 100 bytes, 50 UTF-16 units
    const size = (s: string) => messageBytes(s);
    expect(chunkBatches([chinese], size, { maxBytes: 101 }).oversized).toEqual([chinese]);
    expect(chunkBatches([chinese], size, { maxBytes: 102 }).oversized).toEqual([]);
    expect(sizes(chunkBatches([astral, 'a'], size, { maxBytes: 100 }).batches)).toEqual([1, 1]);
    expect(sizes(chunkBatches([astral], size, { maxBytes: 100 }).batches)).toEqual([1]);
  });

  it('returns no batch for no entries', () => {
    expect(chunkBatches([], identity)).toEqual({ batches: [], oversized: [] });
  });
});
