import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import {
  type CalendarDate,
  ConflictError,
  type DomainEvent,
  defaultVersion,
  inForce,
  NotFoundError,
  type ParameterSetDefinition,
  type ParameterSetName,
  type ParameterVersion,
  parameterSetNames,
  parameterSets,
  versionSchemaOf,
} from '@wuhan/domain';
import { documentClient } from './clients.js';
import { config } from './config.js';
import { keys } from './keys.js';
import { commit, type TransactItem, TransactionRejected } from './outbox.js';
import { queryAll } from './query.js';

/** The item for one version. Pure: the seed, the bootstrap and the tests build with it. */
export function parameterVersionItem(version: ParameterVersion): Record<string, unknown> {
  return { ...keys.parameterVersion(version.set, version.version), entity: 'parameters', ...version };
}

/**
 * Stores a version under its number only if nobody holds that number yet: of two staff members publishing at
 * once from the same latest version, one gets n+1 and the other's condition fails.
 */
export function parameterVersionPut(tableName: string, version: ParameterVersion): TransactItem {
  return {
    Put: {
      TableName: tableName,
      Item: parameterVersionItem(version),
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/** Every version of a set, newest number first, each parsed with the set's schema. A set has few versions. */
export async function listParameterVersions<S extends ParameterSetName>(
  set: S,
  client: DynamoDBDocumentClient = documentClient,
  tableName: string = config().tableName,
): Promise<ParameterVersion<S>[]> {
  // The registry's entry under S is the set named S (its `name`), so its versions are ParameterVersion<S>.
  const definition: ParameterSetDefinition = parameterSets[set];
  return (await listVersionsOf(definition, client, tableName)) as ParameterVersion<S>[];
}

/** `listParameterVersions` from the set's own binding: bundles that set's schema only (issue 13). */
export async function listVersionsOf<D extends ParameterSetDefinition>(
  definition: D,
  client: DynamoDBDocumentClient = documentClient,
  tableName: string = config().tableName,
): Promise<ParameterVersion<D['name']>[]> {
  const { pk, skPrefix } = keys.parameterVersions(definition.name);
  const items = await queryAll(
    {
      partitionAttribute: 'pk',
      partitionValue: pk,
      sortPrefix: { attribute: 'sk', value: skPrefix },
      // A publish decides its number from this read: it must see the latest write.
      consistentRead: true,
      newestFirst: true,
    },
    { client, tableName },
  );
  const schema = versionSchemaOf(definition);
  // Parsed at run time; the cast only tells TypeScript what it cannot correlate through the generic definition:
  // the parse result is exactly ParameterVersion<D['name']>.
  return items.map((item) => schema.parse(item) as ParameterVersion<D['name']>);
}

/**
 * The parameters a use case applies on `date` (an assessment date, a review's assignment day…). A set with
 * no version in force then (a date before the plan, a table never seeded) is a NotFoundError.
 */
export async function parametersInForce<S extends ParameterSetName>(
  set: S,
  date: CalendarDate,
  client: DynamoDBDocumentClient = documentClient,
): Promise<ParameterVersion<S>> {
  const definition: ParameterSetDefinition = parameterSets[set];
  // As in listParameterVersions: the set named S has versions of S.
  return (await parameterSetInForce(definition, date, client)) as ParameterVersion<S>;
}

/**
 * `parametersInForce` from the set's own binding (`evaluationParameterSet`…): what a function that reads one set
 * uses, so it bundles no other set's schema (issue 13).
 */
export async function parameterSetInForce<D extends ParameterSetDefinition>(
  definition: D,
  date: CalendarDate,
  client: DynamoDBDocumentClient = documentClient,
): Promise<ParameterVersion<D['name']>> {
  const found = inForce(await listVersionsOf(definition, client), date);
  if (!found) throw new NotFoundError(`No ${definition.name} parameters in force on ${date}`);
  return found;
}

/**
 * Stores a new version and its `parameters.published` event in one transaction. Another version stored
 * under the same number first is a ConflictError: the publisher decided against a history that has changed,
 * so they read it again rather than have their version silently renumbered.
 */
export async function publishParameterVersion(version: ParameterVersion, event: DomainEvent): Promise<void> {
  try {
    await commit([parameterVersionPut(config().tableName, version)], [event]);
  } catch (error) {
    if (error instanceof TransactionRejected && error.onlyConditions) {
      throw new ConflictError(
        `Version ${version.version} of the ${version.set} parameters was published by someone else meanwhile; read the history and publish again`,
        { set: version.set, version: version.version },
      );
    }
    throw error;
  }
}

/** The store as the parameters use cases see it (a port: unit tests may pass another). */
export interface ParameterStore {
  versions<S extends ParameterSetName>(set: S): Promise<ParameterVersion<S>[]>;
  publish(version: ParameterVersion, event: DomainEvent): Promise<void>;
}

export const dynamoParameterStore: ParameterStore = {
  versions: (set) => listParameterVersions(set),
  publish: publishParameterVersion,
};

/**
 * Writes version 1 (the defaults) of every set that has none. Idempotent: a set already at version 1 keeps
 * what it has, so the local seed runs it on every start and a deployed stack's bootstrap may run it again.
 */
export async function seedParameterDefaults(options: {
  client: DynamoDBDocumentClient;
  tableName: string;
  now?: Date;
}): Promise<{ written: ParameterSetName[] }> {
  const now = options.now ?? new Date();
  const written = await Promise.all(
    parameterSetNames.map(async (set) => {
      try {
        await options.client.send(
          new PutCommand({
            TableName: options.tableName,
            Item: parameterVersionItem(defaultVersion(set, now)),
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return [set];
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return [];
        throw error;
      }
    }),
  );
  return { written: written.flat() };
}
