import { loadPlatformsConfig } from '@wuhan/domain';
import platformsFile from '../../../config/platforms.json' with { type: 'json' };
import type { FieldRoute, PlatformSpec, QueueSpec } from './types.js';

/**
 * The platforms (概念验证中心, 中试平台, 金融资源, 落地园区) that have a queue of their own, from the ONE
 * configuration file `config/platforms.json`, parsed with the domain's platform schema when this module loads
 * (a bad file fails every start, synth and test, not a delivery later). The queues, the relay's field route, the
 * CDK stack (with each queue's reader) and the local stack's seeded profiles all come from this list. A
 * deployment may name other readers (`consumerPrincipal`) without editing the file: see infra/platform-principals.ts.
 */
export const platforms: readonly PlatformSpec[] = loadPlatformsConfig(platformsFile);

/** The platformIds that have a queue: matching offers nothing to a platform outside this list. */
export const platformIdsWithQueue: readonly string[] = platforms.map((p) => p.platformId);

/** `cvc-whu` → `platform-cvc-whu`: the topology name of a platform's own queue. */
export function platformQueueName(id: string): string {
  return `platform-${id}`;
}

/** A platform's own queue, polled by the platform (consumer `external`); visibility suits a person's system. */
export function platformQueue(id: string): QueueSpec {
  return {
    name: platformQueueName(id),
    consumer: 'external',
    visibilityTimeoutSeconds: 300,
    // Shorter than the DLQ's 14 days: a message keeps its original enqueue time in the DLQ, so a DLQ that
    // retains no longer than its source would let a late-failing message expire there unseen.
    retentionDays: 7,
    maxReceiveCount: 5,
    dlqRetentionDays: 14,
  };
}

/**
 * Routes an event to the queue of the platform its `data[field]` names, and to no other queue: a value that is
 * not one of these platforms' ids makes the event undeliverable.
 */
export function toPlatformQueueBy(
  field: string,
  list: readonly Pick<PlatformSpec, 'platformId'>[] = platforms,
): FieldRoute {
  return {
    byField: field,
    targets: Object.fromEntries(list.map((p) => [p.platformId, platformQueueName(p.platformId)])),
  };
}
