/**
 * The relay's event-source filter, declared once. The CDK stack passes `outboxStreamFilter` to the event-source
 * mapping as its filter pattern (`FilterCriteria.filter(outboxStreamFilter)` or `{ pattern: JSON.stringify(…) }`);
 * the local stack applies the same value with `matchesFilter`, so both sides deliver exactly the same records.
 *
 * Only INSERTs of event rows: an event is stored once, as its subject's history row (`entity = history`,
 * packages/aws/src/outbox.ts `historyPut`), and that row is the outbox too (issue 13). History rows are never
 * updated or removed, and every other write in the table has another entity, so nothing else reaches the relay.
 */
export const outboxStreamFilter = {
  eventName: ['INSERT'],
  dynamodb: { NewImage: { entity: { S: ['history'] } } },
} as const satisfies FilterPattern;

/** A Lambda filter pattern: nested objects whose leaves are lists of accepted values (exact match only). */
export type FilterPattern = {
  readonly [key: string]: FilterPattern | readonly (string | number | boolean)[];
};

/**
 * Lambda's filter semantics for the subset the topology uses: every key of the pattern must be present in the
 * record, and a leaf matches when the record's value equals one of the listed values.
 */
export function matchesFilter(pattern: FilterPattern, record: unknown): boolean {
  if (record === null || typeof record !== 'object') return false;
  return Object.entries(pattern).every(([key, expected]) => {
    const actual = (record as Record<string, unknown>)[key];
    if (Array.isArray(expected)) return expected.some((value) => value === actual);
    return matchesFilter(expected as FilterPattern, actual);
  });
}
