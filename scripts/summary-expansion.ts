import { type DynamoDBDocumentClient, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { keys, projectSummaryFromItem, SUMMARY_GZIP_ATTRIBUTE } from '@wuhan/aws';
import * as z from '@wuhan/domain/zod';

/**
 * The rollback path for gzip'd project summaries (issue 13, review finding). The release that stores a long
 * summary in the Binary attribute `summaryGz` (packages/aws/src/project/summary.ts) reads both shapes, but the
 * release before it requires `summary` text: after a rollback every project created since would fail to parse.
 * This rewrites each such project item to the previous shape, `SET summary = <text> REMOVE summaryGz`, with the
 * text decoded by the same function every reader uses (`projectSummaryFromItem`), so the item reads the same
 * before and after. Nothing else in the item moves (not `version`, not `updatedAt`): the project did not change,
 * and a concurrent command conditioned on the version it read must still succeed.
 */
export interface ExpandInput {
  client: DynamoDBDocumentClient;
  tableName: string;
  /** Print what would change, write nothing. */
  dryRun?: boolean;
  /** Parallel Scan segments (1–16); more finish sooner on a large table and read faster. */
  segments?: number;
  /** Only these projects (at most 100: a Scan filter's IN list); still found by the Scan. */
  projectIds?: readonly string[];
  /** Items evaluated per Scan page (DynamoDB's default is up to 1 MB). */
  pageSize?: number;
  log?: (line: string) => void;
}

export interface ExpandResult {
  dryRun: boolean;
  /** Items the Scan read (all entities; the filter is applied after reading). */
  scanned: number;
  /** Project items that held `summaryGz`. */
  found: number;
  /** Rewritten to `summary` text (0 on a dry run). */
  expanded: number;
  /** Left as they are: the item changed between the Scan and the write (a run again picks them up). */
  changedSinceRead: string[];
  /** Left as they are: `summaryGz` did not decode (gunzip's CRC check, or not a summary). */
  undecodable: { id: string; reason: string }[];
}

const projectSk = keys.project('').sk;

const readItem = z.object({
  pk: z.string(),
  sk: z.string(),
  id: z.string(),
  summary: z.optional(z.string()),
  [SUMMARY_GZIP_ATTRIBUTE]: z.instanceof(Uint8Array),
});
const decoded = z.object({ summary: z.string() });

export async function expandProjectSummaries(input: ExpandInput): Promise<ExpandResult> {
  const segments = input.segments ?? 1;
  if (!Number.isInteger(segments) || segments < 1 || segments > 16) {
    throw new RangeError(`segments must be an integer from 1 to 16, not ${segments}`);
  }
  const projectIds = input.projectIds ?? [];
  if (projectIds.length > 100) throw new RangeError('At most 100 project ids per run');
  const log = input.log ?? ((line: string) => console.log(line));
  const result: ExpandResult = {
    dryRun: input.dryRun ?? false,
    scanned: 0,
    found: 0,
    expanded: 0,
    changedSinceRead: [],
    undecodable: [],
  };
  const names: Record<string, string> = {
    '#entity': 'entity',
    '#sk': 'sk',
    '#id': 'id',
    '#pk': 'pk',
    '#summary': 'summary',
    '#packed': SUMMARY_GZIP_ATTRIBUTE,
  };
  const values: Record<string, unknown> = { ':entity': 'project', ':sk': projectSk };
  projectIds.forEach((id, index) => {
    values[`:p${index}`] = id;
  });
  const filter = [
    '#entity = :entity AND #sk = :sk AND attribute_exists(#packed)',
    projectIds.length ? `#id IN (${projectIds.map((_, index) => `:p${index}`).join(', ')})` : '',
  ]
    .filter(Boolean)
    .join(' AND ');

  const segment = async (index: number) => {
    let start: Record<string, unknown> | undefined;
    do {
      const page = await input.client.send(
        new ScanCommand({
          TableName: input.tableName,
          FilterExpression: filter,
          ProjectionExpression: '#pk, #sk, #id, #summary, #packed',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          // The table's own reads; a rollback must see every project, not an index's eventual view.
          ConsistentRead: true,
          ...(segments > 1 ? { Segment: index, TotalSegments: segments } : {}),
          ...(input.pageSize ? { Limit: input.pageSize } : {}),
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      result.scanned += page.ScannedCount ?? 0;
      for (const raw of page.Items ?? []) {
        result.found += 1;
        await expandOne(raw);
      }
      start = page.LastEvaluatedKey;
    } while (start);
  };

  const expandOne = async (raw: Record<string, unknown>) => {
    const read = z.safeParse(readItem, raw);
    if (!read.success) {
      const id = typeof raw.id === 'string' ? raw.id : JSON.stringify({ pk: raw.pk, sk: raw.sk });
      result.undecodable.push({ id, reason: z.prettifyError(read.error) });
      log(`${id}: not a project item with a Binary summaryGz, left as it is`);
      return;
    }
    const item = read.data;
    let text: string;
    try {
      // The readers' own decoder: `summary` if the item has text, else `summaryGz` gunzip'd (CRC checked).
      text = z.parse(decoded, projectSummaryFromItem(item)).summary;
    } catch (error) {
      result.undecodable.push({
        id: item.id,
        reason: error instanceof Error ? error.message : String(error),
      });
      log(`${item.id}: summaryGz does not decode, left as it is`);
      return;
    }
    const packed = item[SUMMARY_GZIP_ATTRIBUTE];
    if (result.dryRun) {
      log(
        `${item.id}: would SET summary (${Buffer.byteLength(text, 'utf8')} B of text) ` +
          `REMOVE summaryGz (${packed.byteLength} B)`,
      );
      return;
    }
    try {
      await input.client.send(
        new UpdateCommand({
          TableName: input.tableName,
          Key: { pk: item.pk, sk: item.sk },
          UpdateExpression: 'SET #summary = :text REMOVE #packed',
          // Only the value read: a writer that changed the summary since is never overwritten.
          ConditionExpression:
            item.summary === undefined
              ? '#packed = :packed AND attribute_not_exists(#summary)'
              : '#packed = :packed AND #summary = :text',
          ExpressionAttributeNames: { '#summary': 'summary', '#packed': SUMMARY_GZIP_ATTRIBUTE },
          ExpressionAttributeValues: { ':text': text, ':packed': packed },
        }),
      );
      result.expanded += 1;
    } catch (error) {
      if (!(error instanceof Error && error.name === 'ConditionalCheckFailedException')) throw error;
      result.changedSinceRead.push(item.id);
      log(`${item.id}: changed since it was read, left as it is (run again to pick it up)`);
    }
  };

  await Promise.all(Array.from({ length: segments }, (_, index) => segment(index)));
  return result;
}
