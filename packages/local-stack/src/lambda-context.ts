import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';

export const LOCAL_ACCOUNT_ID = '000000000000';

export interface ContextOptions {
  functionName: string;
  timeoutSeconds: number;
  memoryMb?: number;
  region?: string;
  awsRequestId?: string;
  /** The clock the remaining time is measured against (tests freeze it). */
  now?: () => number;
}

/** A Lambda context as the Node.js runtime passes it: names, ARN, request id, and a deadline from the timeout. */
export function lambdaContext(options: ContextOptions): Context {
  const now = options.now ?? Date.now;
  const deadline = now() + options.timeoutSeconds * 1000;
  const region = options.region ?? 'us-east-1';
  const deprecated = () => {
    throw new Error('Callback-style completion is not supported: return a promise');
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: options.functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${region}:${LOCAL_ACCOUNT_ID}:function:${options.functionName}`,
    memoryLimitInMB: String(options.memoryMb ?? 256),
    awsRequestId: options.awsRequestId ?? randomUUID(),
    logGroupName: `/aws/lambda/${options.functionName}`,
    logStreamName: `local/[$LATEST]${randomUUID().replaceAll('-', '')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - now()),
    done: deprecated,
    fail: deprecated,
    succeed: deprecated,
  };
}
