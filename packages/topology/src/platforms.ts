import type { FieldRoute, PlatformSpec, QueueSpec } from './types.js';

/**
 * The platforms (概念验证中心, 中试平台, 金融资源, 落地园区) that have a queue of their own, and the route that
 * reaches them. Kept apart from topology.ts so the queues, the field route and the relay's grants all come from
 * this one list.
 */
export const platforms: readonly PlatformSpec[] = [
  { id: 'cvc-optics-valley', kind: 'concept_verification_center', name: '光谷概念验证中心' },
  { id: 'cvc-whu', kind: 'concept_verification_center', name: '武汉大学概念验证中心' },
  { id: 'pilot-semiconductor', kind: 'pilot_platform', name: '先进半导体中试平台' },
  { id: 'pilot-biomanufacturing', kind: 'pilot_platform', name: '生物制造中试平台' },
  { id: 'finance-angel-fund', kind: 'finance', name: '武汉天使投资基金' },
  { id: 'park-disruptive-tech', kind: 'landing_park', name: '颠覆性技术创新园' },
];

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
export function toPlatformQueueBy(field: string, list: readonly PlatformSpec[] = platforms): FieldRoute {
  return { byField: field, targets: Object.fromEntries(list.map((p) => [p.id, platformQueueName(p.id)])) };
}
