import {
  type DomainEvent,
  type EventType,
  eventCatalog,
  eventTypes,
  exampleMatchOffered,
  parseEvent,
} from '@wuhan/domain';
import { describe, expect, it } from 'vitest';
import { sampleEvents } from '../../../services/notification/samples.js';

/**
 * Every catalog type against an event shaped as its producer writes it: the notification samples (kept to the
 * producers' shapes: intake, notify, batch) and, for the types nobody is emailed about, the shapes
 * services/keys/manage-keys.ts and services/notification/notify.ts write. The producers' own unit tests run
 * through newEvent, which parses with the same schema.
 */
const base = {
  id: 'evt_01JQ8Z7K3M4N5P6Q7R8S9T0VZZ',
  version: 1,
  occurredAt: '2025-03-18T06:30:00.000Z',
  correlationId: 'cor-catalog',
  actor: { role: 'staff' as const, id: 'stf-li' },
  subject: { kind: 'apikey', id: 'key_1' },
};
const unrouted = {
  'apikey.issued': {
    ...base,
    type: 'apikey.issued',
    data: { role: 'partner', ownerId: 'ptn-hust', label: '华科推荐接口' },
  },
  'apikey.revoked': { ...base, type: 'apikey.revoked', data: { role: 'partner', ownerId: 'ptn-hust' } },
  'apikey.rotated': {
    ...base,
    type: 'apikey.rotated',
    data: {
      role: 'partner',
      ownerId: 'ptn-hust',
      newKeyId: 'key_2',
      oldKeyExpiresAt: '2025-03-25T06:30:00.000Z',
    },
  },
  'notification.skipped': {
    ...base,
    type: 'notification.skipped',
    actor: { role: 'system', id: 'notification' },
    subject: { kind: 'project', id: 'prj_1' },
    data: {
      skippedEventId: 'evt_1',
      skippedEventType: 'project.assigned',
      recipientRole: 'commissioner',
      recipientId: 'com-elh-1',
      reason: 'no_email',
    },
  },
  'deadline.fired': {
    ...base,
    type: 'deadline.fired',
    actor: { role: 'system', id: 'deadlines' },
    subject: { kind: 'project', id: 'prj_1' },
    data: { deadlineId: 'offer:mch_1', dueAt: '2025-03-28T06:30:00.000Z', platformId: 'cvc-whu' },
  },
  'profile.created': {
    ...base,
    type: 'profile.created',
    subject: { kind: 'expert', id: 'exp_1' },
    data: {
      role: 'expert',
      profile: {
        role: 'expert',
        id: 'exp_1',
        name: '张建国',
        email: 'zhang.jianguo@whu.example.cn',
        locale: 'zh-CN',
        organization: '武汉大学',
        sector: 'science',
        techFields: ['quantum'],
        declaredConflicts: [],
        maxOpenReviews: 5,
        active: true,
        createdAt: '2025-03-18T06:30:00.000Z',
        updatedAt: '2025-03-18T06:30:00.000Z',
        version: 1,
      },
      keyId: 'key_1',
    },
  },
  'profile.updated': {
    ...base,
    type: 'profile.updated',
    subject: { kind: 'expert', id: 'exp_1' },
    data: { role: 'expert', changes: { maxOpenReviews: { from: 5, to: 8 } } },
  },
  'profile.deactivated': {
    ...base,
    type: 'profile.deactivated',
    subject: { kind: 'expert', id: 'exp_1' },
    data: { role: 'expert', reason: '任期结束', revokedKeyIds: ['key_1'] },
  },
  'match.offered': {
    ...base,
    type: 'match.offered',
    actor: { role: 'system', id: 'matching' },
    subject: { kind: 'project', id: 'prj_1' },
    data: exampleMatchOffered('cvc-whu', 'prj_1'),
  },
  // As the deadline sweeper fires an offer's respond-by deadline (services/matching sets it).
  'offer.expired': {
    ...base,
    type: 'offer.expired',
    actor: { role: 'system', id: 'deadlines' },
    subject: { kind: 'project', id: 'prj_1' },
    data: {
      deadlineId: 'offer:mat_1',
      dueAt: '2026-03-12T16:00:00.000Z',
      matchId: 'mat_1',
      projectId: 'prj_1',
      platformId: 'cvc-whu',
      kind: 'concept_verification_center',
    },
  },
  // match.accepted, match.declined, match.expired, match.released: emailed, so notification's samples.
  // As services/parameters/publish-parameters.ts writes it.
  'parameters.published': {
    ...base,
    type: 'parameters.published',
    subject: { kind: 'parameter_set', id: 'matching' },
    data: { set: 'matching', version: 2, validFrom: '2025-04-01', reason: '平台反馈：延长答复期限' },
  },
  // As services/evaluation writes them (the overdue one fired by the deadline sweeper).
  'evaluation.review_overdue': {
    ...base,
    type: 'evaluation.review_overdue',
    actor: { role: 'system', id: 'deadlines' },
    subject: { kind: 'project', id: 'prj_1' },
    data: {
      deadlineId: 'review-overdue:prj_1:exp_1',
      dueAt: '2025-04-08T16:00:00.000Z',
      projectId: 'prj_1',
      title: '量子精密测量仪',
      district: 'hongshan',
      expertId: 'exp_1',
      expertIds: ['exp_1'],
      dueOn: '2025-04-01',
    },
  },
  'evaluation.review_submitted': {
    ...base,
    type: 'evaluation.review_submitted',
    actor: { role: 'expert', id: 'exp_1' },
    subject: { kind: 'project', id: 'prj_1' },
    data: { projectId: 'prj_1', expertId: 'exp_1', revision: 1 },
  },
  'evaluation.review_withdrawn': {
    ...base,
    type: 'evaluation.review_withdrawn',
    actor: { role: 'expert', id: 'exp_1' },
    subject: { kind: 'project', id: 'prj_1' },
    data: { projectId: 'prj_1', expertId: 'exp_1', reason: 'declined' },
  },
  // As services/evaluation/set-stage.ts writes it.
  'project.stage_set': {
    ...base,
    type: 'project.stage_set',
    subject: { kind: 'project', id: 'prj_1' },
    data: {
      projectId: 'prj_1',
      title: '量子精密测量仪',
      district: 'hongshan',
      from: 'growth',
      to: 'sprouting',
      trl: 5,
      stageTrlMismatch: true,
      reason: '技术成熟度为5级，按萌芽期培育',
    },
  },
  // As services/subsidy writes it: the claim filed (its ineligible outcome is emailed: notification's samples).
  'subsidy.claim_received': {
    ...base,
    type: 'subsidy.claim_received',
    actor: { role: 'fund_manager', id: 'fnd-1' },
    subject: { kind: 'subsidy_claim', id: 'sbc_1' },
    data: {
      claimId: 'sbc_1',
      subsidyType: 'equity_investment_reward',
      fundManagerId: 'fnd-1',
      assessOn: '2026-03-02',
    },
  },
} satisfies { [K in Exclude<EventType, keyof typeof sampleEvents>]: DomainEvent<K> };

const samples: { [K in EventType]: DomainEvent<K> } = { ...sampleEvents, ...unrouted };

/** Data each type's schema must refuse: a required field missing, or (system.test has none) a wrong type. */
function wrongData(type: EventType): Record<string, unknown> {
  return type === 'system.test' ? { note: 42 } : {};
}

describe('the event catalog', () => {
  it('has a sample of every type, and no sample of a type it does not know', () => {
    expect(Object.keys(samples).sort()).toEqual([...eventTypes].sort());
  });

  it.each(eventTypes)('accepts the producer-shaped %s and reads it back unchanged', (type) => {
    const sample = samples[type];
    const parsed = parseEvent(JSON.parse(JSON.stringify(sample)));
    expect(parsed).toEqual({ ok: true, event: sample });
  });

  it.each(eventTypes)('refuses %s with wrong data', (type) => {
    const parsed = parseEvent({ ...samples[type], data: wrongData(type) });
    expect(parsed).toMatchObject({ ok: false, kind: 'invalid-data' });
  });

  it.each(eventTypes)('gives %s a version', (type) => {
    expect(samples[type].version).toBe(eventCatalog[type].version);
  });
});
