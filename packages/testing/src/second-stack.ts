import { randomUUID } from 'node:crypto';
import { type LocalStack, type LocalStackOptions, type StackInfo, startLocalStack } from '@wuhan/local-stack';

/**
 * A stack of its own on the shared stack's emulators: its own table, queues and API port, quiet, no schedules.
 * For tests that must not share (whole-table comparisons, hundreds of requests, a test topology, other
 * throttles). By default the product topology, seeded, with neither API budget; options override any of it.
 */
export function secondStack(
  shared: Pick<StackInfo, 'dynamodbEndpoint' | 'sqsEndpoint' | 'sesEndpoint'>,
  options: LocalStackOptions = {},
): Promise<LocalStack> {
  return startLocalStack({
    emulators: {
      dynamodbEndpoint: shared.dynamodbEndpoint,
      sqsEndpoint: shared.sqsEndpoint,
      sesEndpoint: shared.sesEndpoint,
    },
    namePrefix: `second-${randomUUID().slice(0, 8)}`,
    ports: { api: 0 },
    // Neither budget: keyed and keyless (no key, unknown, revoked or expired keys) requests alike run unthrottled.
    throttle: false,
    anonymousThrottle: false,
    runSchedules: false,
    log: () => {},
    ...options,
  });
}
