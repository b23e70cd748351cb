import type { Enterprise, Nomination, Project, ProjectStatus, Recommendation } from '@wuhan/domain';
import { keys } from '../keys.js';
import type { TransactItem } from '../outbox.js';
import { storedSummary } from './summary.js';

/**
 * Pure request builders for intake's table items: each returns one TransactWriteItems entry and is unit-tested
 * without the network (repository.ts sends). Every project update is conditioned on the `version` the use case
 * read (optimistic concurrency), so two staff acting at once cannot both move a project from the same state.
 */

/** A project as stored: the domain fields plus the optimistic-concurrency version. */
export type StoredProject = Project & { version: number };

/** The uniqueness claim for a project key (§二(三) one project, many recommenders); only the first nomination wins. */
export function projectKeyPut(tableName: string, hash: string, projectId: string, now: Date): TransactItem {
  return {
    Put: {
      TableName: tableName,
      Item: { ...keys.projectKey(hash), entity: 'projectKey', projectId, createdAt: now.toISOString() },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/** A new project's item; its summary gzip'd when that is smaller (summary.ts: the item stays within 2 KB). */
export function projectPut(tableName: string, project: Project): TransactItem {
  const { summary, ...fields } = project;
  return {
    Put: {
      TableName: tableName,
      Item: {
        ...keys.project(project.id),
        ...keys.projectListing(project.id, project.status, project.district),
        entity: 'project',
        ...fields,
        ...storedSummary(summary),
        version: 1,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/** One recommender per project: the sort key is the recommender, so a second one from it fails the condition. */
export function recommendationPut(tableName: string, recommendation: Recommendation): TransactItem {
  return {
    Put: {
      TableName: tableName,
      Item: {
        ...keys.recommendation(recommendation.projectId, recommendation.recommenderId),
        entity: 'recommendation',
        ...recommendation,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/**
 * A nomination's item. The nomination that creates its project stores no `summary` (`summaryIn: 'project'`): the
 * project item in the same transaction holds the very same text, which nothing changes later, so the copy (≈ 2 KB
 * of a 2.5 KB item, again in its listing index) is left out (issue 13); readers take it from the project.
 */
export function nominationPut(
  tableName: string,
  nomination: Nomination,
  options: { summaryInProject?: boolean } = {},
): TransactItem {
  const { summary: _summary, ...withoutSummary } = nomination;
  return {
    Put: {
      TableName: tableName,
      Item: {
        ...keys.nomination(nomination.id),
        ...keys.nominationListing(nomination.submittedBy, nomination.id),
        entity: 'nomination',
        ...(options.summaryInProject ? { ...withoutSummary, summaryIn: 'project' } : nomination),
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/**
 * A commissioner's open-project counter (§二(二)), changed by an atomic ADD. The choice of the least-loaded
 * commissioner is a balancing rule, not an invariant: two nominations at the same moment may both pick the same
 * commissioner, which the next nomination evens out. Conditioning the ADD on the value read made concurrent
 * nominations in one district conflict and fail (the benchmark saw 4.6 % refused at 20 at once).
 */
export function commissionerCounterUpdate(
  tableName: string,
  commissionerId: string,
  delta: 1 | -1,
): TransactItem {
  return {
    Update: {
      TableName: tableName,
      Key: keys.principal('commissioner', commissionerId),
      UpdateExpression: 'ADD openProjects :delta',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':delta': delta },
    },
  };
}

/**
 * One more recommendation on a project (§二(三) one project, many recommenders): an atomic ADD conditioned only
 * on the project existing, never on its version. Whether this recommender already recommended is decided by the
 * recommendation row's own `attribute_not_exists` in the same transaction, so twenty partners recommending at
 * once are all counted; the version condition this replaces made most of them lose the race and retry (issue 12,
 * defect 3). The version does not move: nothing a version-conditioned command decides depends on the count.
 */
export function projectRecommendationAdd(tableName: string, projectId: string, now: Date): TransactItem {
  return {
    Update: {
      TableName: tableName,
      Key: keys.project(projectId),
      UpdateExpression: 'ADD #count :one SET #updatedAt = :now',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: { '#count': 'recommendationCount', '#updatedAt': 'updatedAt' },
      ExpressionAttributeValues: { ':one': 1, ':now': now.toISOString() },
    },
  };
}

export interface ProjectChange {
  /** Attribute name → new value (undefined removes the attribute). */
  set?: Record<string, unknown>;
  /** Adds these strings to a string-set attribute. */
  addToSet?: Record<string, string[]>;
}

/** Any change to a project item, conditioned on the version read; `updatedAt` and `version` always move. */
export function projectUpdate(
  tableName: string,
  project: StoredProject,
  change: ProjectChange,
  now: Date,
): TransactItem {
  const names: Record<string, string> = { '#version': 'version', '#updatedAt': 'updatedAt' };
  const values: Record<string, unknown> = { ':expected': project.version, ':next': project.version + 1 };
  const sets = ['#version = :next', '#updatedAt = :now'];
  const removes: string[] = [];
  const adds: string[] = [];
  values[':now'] = now.toISOString();
  for (const [index, [name, value]] of Object.entries(change.set ?? {}).entries()) {
    names[`#s${index}`] = name;
    if (value === undefined) removes.push(`#s${index}`);
    else {
      values[`:s${index}`] = value;
      sets.push(`#s${index} = :s${index}`);
    }
  }
  for (const [index, [name, members]] of Object.entries(change.addToSet ?? {}).entries()) {
    names[`#a${index}`] = name;
    values[`:a${index}`] = new Set(members);
    adds.push(`#a${index} :a${index}`);
  }
  const expression = [
    `SET ${sets.join(', ')}`,
    removes.length ? `REMOVE ${removes.join(', ')}` : '',
    adds.length ? `ADD ${adds.join(', ')}` : '',
  ]
    .filter(Boolean)
    .join(' ');
  return {
    Update: {
      TableName: tableName,
      Key: keys.project(project.id),
      UpdateExpression: expression,
      ConditionExpression: '#version = :expected',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

/** The status and its listing key (gsi2) move together, so "projects by status" never shows a stale status. */
export function projectStatusChange(project: StoredProject, to: ProjectStatus): ProjectChange {
  return { set: { status: to, ...keys.projectStatusListing(project.id, to) } };
}

/**
 * The enterprise registry entry (credit code → enterprise → project) that §二(七) subsidy rules check. A code
 * belongs to one project: recording it again for the same project updates it; for another project it fails.
 */
export function enterprisePut(tableName: string, enterprise: Enterprise): TransactItem {
  return {
    Put: {
      TableName: tableName,
      Item: { ...keys.enterprise(enterprise.creditCode), entity: 'enterprise', ...enterprise },
      ConditionExpression: 'attribute_not_exists(pk) OR projectId = :projectId',
      ExpressionAttributeValues: { ':projectId': enterprise.projectId },
    },
  };
}

const keyAttributes = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk', 'entity'];

/** An item without its table keys; string sets come back as sorted arrays. */
export function fromItem<T>(item: Record<string, unknown>): T {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(item)) {
    if (keyAttributes.includes(name)) continue;
    out[name] = value instanceof Set ? [...value].sort() : value;
  }
  return out as T;
}

/** What callers see of a project: everything but the concurrency version. */
export function projectView(project: StoredProject): Project {
  const { version: _version, ...view } = project;
  return view;
}
