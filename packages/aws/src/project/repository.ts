import { GetCommand } from '@aws-sdk/lib-dynamodb';
import {
  type CommissionerProfile,
  type District,
  type DomainEvent,
  domainEventSchema,
  type Enterprise,
  enterpriseRecord,
  type Nomination,
  nominationRecord,
  type ProjectStatus,
  type Recommendation,
  recommendationRecord,
  type Stage,
  storedProjectRecord,
  type TechField,
} from '@wuhan/domain';
import * as z from '@wuhan/domain/zod';
import { documentClient } from '../clients.js';
import { config } from '../config.js';
import { keys } from '../keys.js';
import { commissionersOf, getProfile } from '../profile-store.js';
import type { ListingQuery } from '../query.js';
import { hydrate, queryAll } from '../query.js';
import { fromItem, type StoredProject } from './items.js';
import { projectSummaryFromItem, SUMMARY_GZIP_ATTRIBUTE } from './summary.js';

/**
 * The project aggregate's reads, shared by every service that changes or shows projects. Reads that decide a
 * write are strongly consistent (the table, never a GSI), so an optimistic condition built on them fails only on
 * a real concurrent change, and a retry sees the winner's write. Every item is parsed, never cast.
 */

async function getItem(key: Record<string, string>): Promise<Record<string, unknown> | undefined> {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: config().tableName, Key: key, ConsistentRead: true }),
  );
  return Item;
}

/** An item without its table keys, checked against the record's schema. */
export function parseItem<T>(schema: z.core.$ZodType<T>, item: Record<string, unknown>): T {
  return z.parse(schema, fromItem(item));
}

/** A project item, its summary stored as text or gzip'd (summary.ts), as the project it holds. */
export const parseProject = (item: Record<string, unknown>): StoredProject =>
  parseItem(storedProjectRecord, projectSummaryFromItem(item));
export const parseNomination = (item: Record<string, unknown>): Nomination =>
  parseItem(nominationRecord, item);

const projectKeyRecord = z.object({ projectId: z.string() });

export async function findProjectIdByKey(hash: string): Promise<string | undefined> {
  const item = await getItem(keys.projectKey(hash));
  return item ? projectKeyRecord.parse(item).projectId : undefined;
}

export async function getProject(id: string): Promise<StoredProject | undefined> {
  const item = await getItem(keys.project(id));
  return item ? parseProject(item) : undefined;
}

export async function getRecommendation(
  projectId: string,
  recommenderId: string,
): Promise<Recommendation | undefined> {
  const item = await getItem(keys.recommendation(projectId, recommenderId));
  return item ? parseItem(recommendationRecord, item) : undefined;
}

export async function getNomination(id: string): Promise<Nomination | undefined> {
  const item = await getItem(keys.nomination(id));
  return item ? parseNomination(item) : undefined;
}

/**
 * A nomination item as stored: whole, or (the nomination that created its project, items.ts `nominationPut`)
 * without its summary, which is the project's.
 */
export type NominationItem =
  | { nomination: Nomination; summaryInProject: false }
  | { nomination: Omit<Nomination, 'summary'>; summaryInProject: true };

const nominationWithoutSummary = z.omit(nominationRecord, { summary: true });

export function parseNominationItem(item: Record<string, unknown>): NominationItem {
  if (item.summaryIn === 'project') {
    return { nomination: parseItem(nominationWithoutSummary, item), summaryInProject: true };
  }
  return { nomination: parseNomination(item), summaryInProject: false };
}

export async function getNominationItem(id: string): Promise<NominationItem | undefined> {
  const item = await getItem(keys.nomination(id));
  return item ? parseNominationItem(item) : undefined;
}

const projectSummaryRecord = z.object({ id: z.string(), summary: z.string() });

/**
 * The summaries of some projects (for nominations that keep theirs in the project): `hydrate`'s batch reads
 * (one request per 100, unprocessed keys asked again with backoff), of the id and the summary (either form) only.
 */
export async function projectSummaries(projectIds: readonly string[]): Promise<Map<string, string>> {
  const items = await hydrate(
    projectIds.map((id) => keys.project(id)),
    // The listing index may show a nomination a moment after its transaction: read the project as committed.
    { consistent: true, projection: ['id', 'summary', SUMMARY_GZIP_ATTRIBUTE] },
  );
  const out = new Map<string, string>();
  for (const item of items) {
    const { id, summary } = projectSummaryRecord.parse(projectSummaryFromItem(item));
    out.set(id, summary);
  }
  return out;
}

export async function getEnterprise(creditCode: string): Promise<Enterprise | undefined> {
  const item = await getItem(keys.enterprise(creditCode));
  return item ? parseItem(enterpriseRecord, item) : undefined;
}

/** Strongly consistent: its open-project counter decides the next assignment. */
export async function getCommissioner(id: string): Promise<CommissionerProfile | undefined> {
  return getProfile('commissioner', id, { consistent: true });
}

/**
 * A district's commissioners with their current open-project counts. The district listing comes from gsi1
 * (eventually consistent, keys only), so the profiles are read from the table strongly consistent: the choice
 * is made on the latest counts, and one who moved district or was deactivated in between is left out (the read
 * overlaps the listing's once the process has listed the district: `commissionersOf`).
 */
export async function commissionerLoads(district: District): Promise<CommissionerProfile[]> {
  const fresh = await commissionersOf(district);
  return fresh.filter((c) => c.district === district);
}

/** A project's recommendations (its REC# rows), for telling every recommender of a decision. */
export async function recommendationsOf(projectId: string): Promise<Recommendation[]> {
  const items = await queryAll({
    partitionAttribute: 'pk',
    partitionValue: keys.project(projectId).pk,
    sortPrefix: { attribute: 'sk', value: keys.recommendationPrefix },
  });
  return items.map((item) => parseItem(recommendationRecord, item));
}

/**
 * The project, its recommendations and its history rows in one Query of its partition. The range runs from the
 * history rows (`EVENT#…`) to the recommendations (`REC#…`), which takes in the project item and the few offer
 * items between them and leaves out what sorts outside it: the evaluation record, its round items (one per
 * assignment round) and the reviews, which this answer does not show.
 */
export async function readProjectPartition(id: string) {
  let project: StoredProject | undefined;
  const recommendations: Recommendation[] = [];
  const history: DomainEvent[] = [];
  const items = await queryAll({
    partitionAttribute: 'pk',
    partitionValue: keys.project(id).pk,
    sortBetween: { attribute: 'sk', from: keys.historyPrefix, to: `${keys.recommendationPrefix}\uffff` },
    consistentRead: true,
  });
  for (const item of items) {
    const sk = String(item.sk);
    if (sk === keys.project(id).sk) project = parseProject(item);
    else if (sk.startsWith(keys.recommendationPrefix))
      recommendations.push(parseItem(recommendationRecord, item));
    else if (sk.startsWith(keys.historyPrefix))
      history.push(domainEventSchema.parse(item.event) as DomainEvent);
  }
  return { project, recommendations, history };
}

export function nominationsListing(ownerId: string): ListingQuery {
  return {
    indexName: 'gsi1',
    partitionAttribute: 'gsi1pk',
    sortAttribute: 'gsi1sk',
    partitionValue: keys.nominationListing(ownerId, '').gsi1pk,
  };
}

export interface ProjectFilter {
  status?: ProjectStatus;
  district?: District;
  stage?: Stage;
  techField?: TechField;
}

/**
 * Which index serves a project listing: status (gsi2) is the most selective key, then district (gsi3), else
 * every project (gsi1); the other criteria filter within that partition. Always a Query, never a Scan.
 */
function indexFor(filter: ProjectFilter): Omit<ListingQuery, 'filter'> {
  if (filter.status) {
    return {
      indexName: 'gsi2',
      partitionAttribute: 'gsi2pk',
      sortAttribute: 'gsi2sk',
      partitionValue: keys.projectsByStatus(filter.status),
    };
  }
  if (filter.district) {
    return {
      indexName: 'gsi3',
      partitionAttribute: 'gsi3pk',
      sortAttribute: 'gsi3sk',
      partitionValue: keys.projectsByDistrict(filter.district),
    };
  }
  return {
    indexName: 'gsi1',
    partitionAttribute: 'gsi1pk',
    sortAttribute: 'gsi1sk',
    partitionValue: keys.allProjects,
  };
}

/** A project listing: the index that serves it, and a filter for the criteria the index key does not hold. */
export function projectsListing(filter: ProjectFilter): ListingQuery {
  const base = indexFor(filter);
  const remaining: Record<string, string> = {};
  if (filter.status && filter.district) remaining.district = filter.district;
  if (filter.stage) remaining.stage = filter.stage;
  if (filter.techField) remaining.techField = filter.techField;
  const entries = Object.entries(remaining);
  if (entries.length === 0) return base;
  return {
    ...base,
    filter: {
      expression: entries.map((_, i) => `#f${i} = :f${i}`).join(' AND '),
      names: Object.fromEntries(entries.map(([name], i) => [`#f${i}`, name])),
      values: Object.fromEntries(entries.map(([, value], i) => [`:f${i}`, value])),
    },
  };
}
