import {
  IdempotencyAlreadyInProgressError,
  IdempotencyConfig,
  IdempotencyValidationError,
  makeIdempotent,
} from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { config, dynamodb, keys } from '@wuhan/aws';
import type { Context } from 'aws-lambda';
import { ProblemError } from './problem.js';

/**
 * HTTP idempotency on Powertools' `makeIdempotent` wrapper over the main table. We use the wrapper, not the
 * `makeHandlerIdempotent` middy middleware: up to 2.35.0 the middleware's onError deletes a record it never
 * acquired, so a rejected concurrent duplicate frees the running call's lock (powertools-lambda-typescript
 * #5675, fixed by PR #5676, not yet released). The wrapper only deletes records it acquired.
 */
let store: DynamoDBPersistenceLayer | undefined;

function persistenceStore(): DynamoDBPersistenceLayer {
  store ??= new DynamoDBPersistenceLayer({
    tableName: config().tableName,
    keyAttr: 'pk',
    sortKeyAttr: 'sk',
    staticPkValue: keys.idempotencyRecords(process.env.AWS_LAMBDA_FUNCTION_NAME ?? 'local'),
    expiryAttr: 'expiresAt',
    inProgressExpiryAttr: 'inProgressExpiresAt',
    statusAttr: 'idempotencyStatus',
    dataAttr: 'response',
    validationKeyAttr: 'bodyHash',
    awsSdkV3Client: dynamodb,
  });
  return store;
}

export interface IdempotentRequest {
  /** Caller, method, path and the client's Idempotency-Key: what makes two requests "the same". */
  scope: string;
  /** The parsed body: the same key with another body is refused (422). */
  body: unknown;
}

/** A stored answer is kept a day: long enough for any client's retries, short enough to keep the table lean. */
const RESPONSE_RETENTION_SECONDS = 24 * 3600;

export async function runIdempotent<T>(
  request: IdempotentRequest,
  execute: () => Promise<T>,
  context: Context,
) {
  const idempotencyConfig = new IdempotencyConfig({
    eventKeyJmesPath: 'scope',
    payloadValidationJmesPath: 'body',
    expiresAfterSeconds: RESPONSE_RETENTION_SECONDS,
    throwOnNoIdempotencyKey: true,
  });
  idempotencyConfig.registerLambdaContext(context);
  const once = makeIdempotent(async (_request: IdempotentRequest) => execute(), {
    persistenceStore: persistenceStore(),
    config: idempotencyConfig,
    keyPrefix: 'http',
  });
  try {
    return await once(request);
  } catch (error) {
    if (error instanceof IdempotencyAlreadyInProgressError) {
      throw new ProblemError('idempotency-in-progress', 'Retry shortly to get its answer', {
        headers: { 'retry-after': '1' },
      });
    }
    if (error instanceof IdempotencyValidationError) {
      throw new ProblemError('idempotency-key-reused', 'Use a new Idempotency-Key for a different request');
    }
    throw error;
  }
}
