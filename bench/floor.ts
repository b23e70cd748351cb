import { createHash } from 'node:crypto';
import {
  type AttributeValue,
  BatchGetItemCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  type TransactWriteItem,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { TableSpec } from '@wuhan/topology';
import { keys } from '../packages/aws/src/keys.js';
import { storedSummary } from '../packages/aws/src/project/summary.js';
import { localCredentials } from '../packages/local-stack/src/environment.js';
import { ensureTable } from '../packages/local-stack/src/provision.js';
import type { NominationInput } from './nominations.js';
import { pool, type Summary, summarize } from './stats.js';

export interface FloorResult {
  posts: number;
  seconds: number;
  /** One POST's DynamoDB requests, end to end, as the handlers send them. */
  latencyMs: Summary;
  /** How many of them wait for each other: the chain a POST cannot be faster than. */
  roundTrips: number;
  requests: number;
  /** What the floor's transaction consumed (the product's, in the DynamoDB rows, is the one to match). */
  transactionWriteUnits: number;
  /** Each stage's own latency (in `floorStages` order): where the floor's time goes. */
  stageMs: Summary[];
}

/**
 * POST /v1/nominations's DynamoDB requests, stage by stage, as services/authorizer and services/intake send them
 * today (for a partner with an Idempotency-Key, a new project in a district with commissioners). A stage's
 * requests go out together; the next stage waits for all of them. Keep this in step with the handlers: the
 * nomination-requests test (services/intake) names intake's requests and counts its round trips.
 */
const postPath = [
  'authorizer: GetItem the key (consistent; the key alone says whether its owner stands)',
  'intake: GetItem the Idempotency-Key record ∥ GetItem the partner ∥ Query gsi1 the district ∥ BatchGetItem the commissioners it last listed (consistent)',
  'intake: TransactWriteItems of 7 items (key, project, recommendation, nomination, counter, the event, idempotency record)',
] as const;

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * The floor: the POST path's DynamoDB requests issued raw from this process, with no Lambda, no API Gateway, no
 * parsing and no code of ours between them, at the pipeline's concurrency against the same DynamoDB Local.
 * The items have the shapes and about the sizes the handlers read and write (a table of its own with the
 * product table's keys and indexes), so `POST p99 ÷ floor p99` is what our code and the emulated platform add
 * above the round trips, and `floor p99 ÷ PutItem p99` what the round trips themselves cost on this machine.
 */
export async function measureFloor(options: {
  endpoint: string;
  region: string;
  table: TableSpec;
  tableName: string;
  posts: number;
  concurrency: number;
  districts: readonly string[];
  sample: (i: number) => NominationInput;
  onProgress: (line: string) => void;
}): Promise<FloorResult> {
  const client = new DynamoDBClient({
    endpoint: options.endpoint,
    region: options.region,
    credentials: localCredentials,
  });
  const TableName = options.tableName;
  const put = (item: Record<string, unknown>) =>
    client.send(new PutItemCommand({ TableName, Item: marshall(item, { removeUndefinedValues: true }) }));
  const partners = 50;
  const partnerId = (i: number) => `ptn-floor-${i % partners}`;
  const commissionerIds = (district: string) => [`com-floor-${district}-a`, `com-floor-${district}-b`];
  try {
    await ensureTable(client, options.table, TableName);
    // What the reads find: each partner's key and profile, each district's two commissioners.
    for (let p = 0; p < partners; p++) {
      const ownerId = partnerId(p);
      const keyId = `key_floor_${p}`;
      await put({
        ...keys.apiKey(sha(`floor-key-${p}`)),
        ...keys.apiKeyListing(keyId),
        ...keys.ownerKeysListing('partner', ownerId, keyId),
        entity: 'apikey',
        keyId,
        role: 'partner',
        ownerId,
        label: '推荐单位接口密钥',
        createdAt: new Date().toISOString(),
        createdBy: 'stf-floor',
        expiresAt: new Date(Date.now() + 365 * 86_400_000).toISOString(),
      });
      await put({
        ...keys.principal('partner', ownerId),
        ...keys.profileListing('partner', ownerId),
        ...keys.profileAdminListing('partner', ownerId),
        entity: 'profile',
        id: ownerId,
        role: 'partner',
        name: '华中科技大学',
        partnerType: 'university',
        contactName: '李老师',
        contactEmail: `${ownerId}@example.cn`,
        active: true,
        version: 1,
      });
    }
    for (const district of options.districts) {
      for (const id of commissionerIds(district)) {
        await put({
          ...keys.principal('commissioner', id),
          ...keys.commissionerListing(district, id),
          ...keys.profileAdminListing('commissioner', id),
          entity: 'profile',
          id,
          role: 'commissioner',
          name: '王专员',
          email: `${id}@example.cn`,
          district,
          openProjects: 0,
          active: true,
          version: 1,
        });
      }
    }

    const consistentGet = (key: Record<string, string>) =>
      client.send(new GetItemCommand({ TableName, Key: marshall(key), ConsistentRead: true }));
    // As intake's `commissionersOf`: once a district is listed, its commissioners' consistent read goes out with
    // the next listing (the floor's warm-up lists every district first, as a warm function has).
    const lastListed = new Map<string, Record<string, AttributeValue>[]>();
    const readCommissioners = (Keys: Record<string, AttributeValue>[]) =>
      Keys.length === 0
        ? Promise.resolve()
        : client.send(
            new BatchGetItemCommand({ RequestItems: { [TableName]: { Keys, ConsistentRead: true } } }),
          );
    const commissionersOf = async (district: string) => {
      const guess = lastListed.get(district);
      const [listed] = await Promise.all([
        client.send(
          new QueryCommand({
            TableName,
            IndexName: 'gsi1',
            KeyConditionExpression: 'gsi1pk = :pk',
            ExpressionAttributeValues: marshall({ ':pk': keys.commissionerListing(district, '').gsi1pk }),
          }),
        ),
        guess && readCommissioners(guess),
      ]);
      const wanted = (listed.Items ?? []).flatMap(({ pk, sk }) => (pk && sk ? [{ pk, sk }] : []));
      lastListed.set(district, wanted);
      if (!guess) await readCommissioners(wanted);
    };
    const transaction = (i: number, run: string): TransactWriteItem[] => {
      const n = options.sample(i);
      const projectId = `prj_FLOOR${run}${String(i).padStart(12, '0')}`;
      const nominationId = `nom_FLOOR${run}${String(i).padStart(12, '0')}`;
      const commissionerId = commissionerIds(n.district)[i % 2] ?? 'none';
      const now = new Date().toISOString();
      const fresh = 'attribute_not_exists(pk)';
      const { summary, ...brief } = n;
      const event = (type: string, eventId: string, data: Record<string, unknown>) => ({
        ...keys.history('project', projectId, eventId),
        entity: 'history',
        event: { id: eventId, type, occurredAt: now, subject: { kind: 'project', id: projectId }, data },
      });
      const items: TransactWriteItem[] = [
        {
          Put: {
            TableName,
            Item: marshall({ ...keys.projectKey(sha(projectId)), projectId }),
            ConditionExpression: fresh,
          },
        },
        {
          Put: {
            TableName,
            Item: marshall({
              ...keys.project(projectId),
              ...keys.projectListing(projectId, 'nominated', n.district),
              entity: 'project',
              id: projectId,
              ...brief,
              // As projectPut stores it: the abstract gzip'd (packages/aws/src/project/summary.ts).
              ...storedSummary(summary),
              status: 'nominated',
              commissionerId,
              recommendationCount: 1,
              version: 1,
              createdAt: now,
              updatedAt: now,
            }),
            ConditionExpression: fresh,
          },
        },
        {
          Put: {
            TableName,
            Item: marshall({
              ...keys.recommendation(projectId, partnerId(i)),
              nominationId,
              channel: 'university',
            }),
            ConditionExpression: fresh,
          },
        },
        {
          Put: {
            TableName,
            Item: marshall({
              ...keys.nomination(nominationId),
              ...keys.nominationListing(partnerId(i), nominationId),
              entity: 'nomination',
              id: nominationId,
              projectId,
              ...brief,
              submittedAt: now,
            }),
            ConditionExpression: fresh,
          },
        },
        {
          Update: {
            TableName,
            Key: marshall(keys.principal('commissioner', commissionerId)),
            UpdateExpression: 'ADD openProjects :one',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: marshall({ ':one': 1 }),
          },
        },
        {
          Put: {
            TableName,
            Item: marshall(event('project.nominated', `evt_${projectId}_1`, { ...brief, commissionerId })),
          },
        },
        {
          Put: {
            TableName,
            Item: marshall({
              ...keys.idempotencyRecord(sha(`${projectId}|idempotency`)),
              entity: 'idempotency',
              idempotencyStatus: 'completed',
              bodyHash: sha(JSON.stringify(n)),
              response: {
                statusCode: 202,
                body: JSON.stringify({ nominationId, projectId, recommendations: 1 }),
              },
            }),
            ConditionExpression: fresh,
          },
        },
      ];
      return items;
    };
    let writeUnits = 0;
    const stages: number[][] = postPath.map(() => []);
    const onePost = async (i: number, run: string, timed: boolean) => {
      const key = keys.apiKey(sha(`floor-key-${i % partners}`));
      const at = [performance.now()];
      await consistentGet(key);
      at.push(performance.now());
      await Promise.all([
        consistentGet(keys.idempotencyRecord(sha(`${run}|${i}|idempotency-key`))),
        consistentGet(keys.principal('partner', partnerId(i))),
        commissionersOf(options.sample(i).district),
      ]);
      at.push(performance.now());
      const out = await client.send(
        new TransactWriteItemsCommand({
          TransactItems: transaction(i, run),
          ReturnConsumedCapacity: 'TOTAL',
        }),
      );
      at.push(performance.now());
      if (!timed) return;
      writeUnits += (out.ConsumedCapacity ?? []).reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
      stages.forEach((list, s) => {
        list.push((at[s + 1] ?? 0) - (at[s] ?? 0));
      });
    };
    // Warm the connection pool and the JVM's code paths, as the ceiling does.
    await pool(Math.min(100, options.posts), options.concurrency, (i) => onePost(i, 'W', false));
    const latencies: number[] = [];
    const started = performance.now();
    await pool(options.posts, options.concurrency, async (i) => {
      const t0 = performance.now();
      await onePost(i, 'M', true);
      latencies.push(performance.now() - t0);
      options.onProgress(`floor: ${latencies.length}/${options.posts} POST paths`);
    });
    return {
      posts: options.posts,
      seconds: (performance.now() - started) / 1000,
      latencyMs: summarize(latencies),
      roundTrips: postPath.length, // warm: the Query and the commissioners' BatchGetItem go out together
      requests: 6,
      transactionWriteUnits: writeUnits / options.posts,
      stageMs: stages.map(summarize),
    };
  } finally {
    client.destroy();
  }
}

/** The stages, for the report's detail column. */
export const floorStages: readonly string[] = postPath;
