import { digestibleEventTypes } from '@wuhan/domain';
import { topology } from '@wuhan/topology';
import { describe, expect, it } from 'vitest';
import { projectFacts } from './project-facts.js';
import { resolveRecipients } from './recipients.js';
import { deliveriesFor, deliveriesOf, type RoutedEventType, routing } from './routing.js';
import { sampleEvents, samplePeople, sampleProject } from './samples.js';
import { memoryDirectory } from './testing.js';

const directory = memoryDirectory(samplePeople, [sampleProject]);
const allStaff = ['staff#stf-li', 'staff#stf-wang', 'staff#stf-anna'];

/** Who gets which template for each routed event type, with the sample people. */
const expected: Record<RoutedEventType, Record<string, string[]>> = {
  // The sample names its commissioner: the commissioner hears of the assignment from the nomination itself.
  'project.nominated': {
    'project-nominated': allStaff,
    'nomination-received': ['partner#ptn-hust'],
    'project-assigned': ['commissioner#com-elh-1'],
  },
  'project.recommended': {
    'project-recommended': [...allStaff, 'commissioner#com-elh-1'],
    'nomination-received': ['partner#ptn-vc'],
  },
  'project.assigned': { 'project-assigned': ['commissioner#com-elh-1'] },
  'project.unassigned_district': { 'project-unassigned-district': allStaff },
  'project.screened_out': { 'project-screened-out': ['partner#ptn-hust', 'commissioner#com-elh-1'] },
  'project.status_changed': { 'project-status-changed': ['commissioner#com-elh-1', ...allStaff] },
  'project.milestone_recorded': { 'project-milestone-recorded': [...allStaff, 'commissioner#com-elh-1'] },
  'notification.failed': { 'notification-failed': allStaff },
  'system.test': { 'system-test': allStaff },
  'event.rejected': { 'event-rejected': allStaff },
  'evaluation.assigned': { 'evaluation-assigned': ['expert#exp-zhang', 'expert#exp-chen'] },
  'evaluation.review_due': { 'evaluation-review-due': ['expert#exp-zhang'] },
  'evaluation.waiting_for_experts': { 'evaluation-waiting': allStaff },
  'project.qualified': { 'evaluation-outcome': ['partner#ptn-hust'] },
  'project.not_qualified': { 'evaluation-outcome': ['partner#ptn-hust'] },
  'project.needs_consensus': { 'evaluation-outcome': ['partner#ptn-hust', ...allStaff] },
  'project.unmatched': { 'project-unmatched': allStaff },
  'match.accepted': { 'match-answered': ['commissioner#com-elh-1'] },
  'match.declined': { 'match-answered': ['commissioner#com-elh-1'] },
  'match.expired': { 'match-answered': ['commissioner#com-elh-1'] },
  'match.released': { 'match-answered': ['commissioner#com-elh-1'] },
  'subsidy.computed': { 'subsidy-computed': allStaff },
  'subsidy.approved': { 'subsidy-decided': ['fund_manager#fnd-guanggu'] },
  'subsidy.rejected': { 'subsidy-decided': ['fund_manager#fnd-guanggu'] },
  'subsidy.cap_warning': { 'subsidy-cap': allStaff },
  'subsidy.cap_reached': { 'subsidy-cap': allStaff },
  'subsidy.ineligible': { 'subsidy-ineligible': ['fund_manager#fnd-guanggu'] },
};

describe('routing table', () => {
  it('marks digestible exactly the staff deliveries of the event types staff may choose a digest for', () => {
    const marked = Object.entries(routing)
      .filter(([, deliveries]) =>
        (deliveries as readonly { to: string; digestible?: boolean }[]).some(
          (d) => d.to === 'staff' && d.digestible === true,
        ),
      )
      .map(([type]) => type)
      .sort();
    expect(marked).toEqual([...digestibleEventTypes].sort());
  });

  it.each(Object.keys(routing) as RoutedEventType[])('resolves the recipients of %s', async (type) => {
    // Prepare
    const event = sampleEvents[type];
    const project = await projectFacts(event, directory);
    // Act
    const got: Record<string, string[]> = {};
    for (const delivery of deliveriesOf(event) ?? []) {
      const people = await resolveRecipients(delivery.to, event, project, directory);
      got[delivery.template] = [...(got[delivery.template] ?? []), ...people.map((p) => `${p.role}#${p.id}`)];
    }
    // Assess
    expect(got).toEqual(expected[type]);
  });

  it('covers every event type the topology routes to the notification queue', () => {
    const toNotification = Object.entries(topology.eventRouting)
      .filter(([, queues]) => queues.includes('notification'))
      .map(([type]) => type);
    for (const type of toNotification) expect(deliveriesFor(type), type).toBeDefined();
  });

  it('has no route for a type nobody is emailed about', () => {
    expect(deliveriesFor('apikey.issued')).toBeUndefined();
    expect(deliveriesFor('no.such.type')).toBeUndefined();
  });

  it('sends notification.failed to staff only, so a failure can never notify a failing recipient again', () => {
    expect(routing['notification.failed'].map((d) => d.to)).toEqual(['staff']);
  });

  it('sends the assignment emails only from a nomination that announces it: one stored before had its own events', () => {
    const { announcesAssignment: _marked, ...old } = sampleEvents['project.nominated'].data;
    const { commissionerId: _none, ...oldUnserved } = old;
    const templates = (data: Record<string, unknown>) =>
      (deliveriesOf({ type: 'project.nominated', data }) ?? []).map((d) => d.template);
    // A redelivered (or DLQ-redriven) nomination of before issue 13: project.assigned / unassigned_district
    // followed it and email the commissioner or staff themselves.
    expect(templates(old)).toEqual(['project-nominated', 'nomination-received']);
    expect(templates(oldUnserved)).toEqual(['project-nominated', 'nomination-received']);
    expect(templates({ ...old, announcesAssignment: true })).toContain('project-assigned');
    expect(templates({ ...oldUnserved, announcesAssignment: true })).toContain('project-unassigned-district');
  });

  it('emails staff twice for a new project no commissioner serves, and no commissioner at all', async () => {
    // Prepare: a nomination naming no commissioner, of a project whose item names one (as after a reassignment):
    // the condition reads the event, which says what happened at the nomination.
    const { commissionerId: _none, ...data } = sampleEvents['project.nominated'].data;
    const event = { ...sampleEvents['project.nominated'], data: { ...data, district: 'xinzhou' as const } };
    const project = await projectFacts(event, directory);
    expect(project?.commissionerId).toBe('com-elh-1');
    // Act
    const deliveries = deliveriesOf(event) ?? [];
    const got: Record<string, string[]> = {};
    for (const delivery of deliveries) {
      const people = await resolveRecipients(delivery.to, event, project, directory);
      got[delivery.template] = people.map((p) => `${p.role}#${p.id}`);
    }
    // Assess
    expect(got).toEqual({
      'project-nominated': allStaff,
      'nomination-received': ['partner#ptn-hust'],
      'project-unassigned-district': allStaff,
    });
    // The second email to staff has a claim of its own (notify.ts), so neither hides the other.
    expect(deliveries.find((d) => d.template === 'project-unassigned-district')?.separate).toBe(true);
  });

  it('routes the reassignment and the events of nominations written before they were one event', () => {
    expect(deliveriesFor('project.assigned')).toEqual([{ to: 'commissioner', template: 'project-assigned' }]);
    expect(deliveriesFor('project.unassigned_district')).toEqual([
      { to: 'staff', template: 'project-unassigned-district' },
    ]);
  });

  it('reaches the commissioner from the project item when the event does not name one', async () => {
    const { commissionerId: _named, ...data } = sampleEvents['project.screened_out'].data;
    const event = { ...sampleEvents['project.screened_out'], data };
    const project = await projectFacts(event, directory);
    expect(project?.commissionerId).toBe(sampleProject.commissionerId);
    const people = await resolveRecipients('commissioner', event, project, directory);
    expect(people.map((p) => p.id)).toEqual(['com-elh-1']);
  });

  it('emails an ineligible claim to the staff member who filed it, and to nobody when no filer is named', async () => {
    const sample = sampleEvents['subsidy.ineligible'];
    const byStaff = {
      ...sample,
      data: { ...sample.data, filedBy: { role: 'staff' as const, id: 'stf-wang' } },
    };
    const people = await resolveRecipients('filer', byStaff, undefined, directory);
    expect(people.map((p) => `${p.role}#${p.id}`)).toEqual(['staff#stf-wang']);
    const nobody = { ...sample, data: { ...sample.data, filedBy: undefined } };
    expect(await resolveRecipients('filer', nobody, undefined, directory)).toEqual([]);
  });

  it('reaches no partner for a staff channel recommender', async () => {
    // Staff posted for a channel: the event names no partner (intake's recommenderData).
    const { partnerId: _partner, ...data } = sampleEvents['project.nominated'].data;
    const event = {
      ...sampleEvents['project.nominated'],
      data: { ...data, recommenderId: 'channel-public_call', channel: 'public_call' as const },
    };
    expect(await resolveRecipients('partner', event, undefined, directory)).toEqual([]);
  });
});
