import { topology } from '@wuhan/topology';
import { describe, expect, it } from 'vitest';
import { kindsFor, type PlatformView, platformsToWiden } from '../../../bench/lifecycle-platforms.js';
import { whereItStopped } from '../../../bench/lifecycle-stops.js';

const FIELD = 'electromagnetic_energy';
const configured = (): PlatformView[] =>
  topology.platforms.map((p, i) => ({
    id: `plt_${i}`,
    platformId: p.platformId,
    kind: p.kind,
    techFields: p.techFields === 'all' ? 'all' : [...p.techFields],
  }));
const withQueue = topology.platforms.map((p) => p.platformId);

describe("the bench's second path: platforms for its field", () => {
  it('the configured pilot platforms do not serve the field, so sprouting projects would go unmatched', () => {
    const pilots = configured().filter((p) => p.kind === 'pilot_platform');
    expect(pilots.length).toBeGreaterThan(0);
    expect(pilots.filter((p) => p.techFields === 'all' || p.techFields?.includes(FIELD))).toEqual([]);
  });

  it('widens every configured platform of the needed kinds that does not serve the field yet', () => {
    const kinds = kindsFor(['gestation', 'sprouting', 'growth']);
    expect(kinds).toEqual(['concept_verification_center', 'pilot_platform', 'finance', 'landing_park']);
    const widen = platformsToWiden(configured(), FIELD, kinds, withQueue);
    const byId = new Map(widen.map((w) => [w.platformId, w.techFields]));
    // The named-field platforms of each kind, keeping their own fields; the `all` ones are left alone.
    expect([...byId.keys()]).toEqual(['cvc-whu', 'pilot-biomanufacturing', 'pilot-semiconductor']);
    expect(byId.get('pilot-semiconductor')).toEqual([
      'advanced_semiconductors',
      'future_display',
      'next_gen_mobile_comms',
      FIELD,
    ]);
    // Afterwards every kind a stage is matched to has a platform serving the field.
    const after = configured().map((p) => ({ ...p, techFields: byId.get(p.platformId) ?? p.techFields }));
    for (const kind of kinds) {
      expect(
        after.some((p) => p.kind === kind && (p.techFields === 'all' || p.techFields?.includes(FIELD))),
        kind,
      ).toBe(true);
    }
  });

  it('leaves alone what already serves the field, other kinds, deactivated platforms and those without a queue', () => {
    const platforms: PlatformView[] = [
      { id: 'a', platformId: 'pilot-a', kind: 'pilot_platform', techFields: [FIELD] },
      { id: 'b', platformId: 'pilot-b', kind: 'pilot_platform', techFields: ['quantum'], active: false },
      { id: 'c', platformId: 'pilot-c', kind: 'pilot_platform', techFields: ['quantum'] },
      { id: 'd', platformId: 'cvc-d', kind: 'concept_verification_center', techFields: ['quantum'] },
      { id: 'e', platformId: 'pilot-e', kind: 'pilot_platform', techFields: ['quantum'] },
    ];
    const widen = platformsToWiden(platforms, FIELD, kindsFor(['sprouting']), [
      'pilot-a',
      'pilot-b',
      'cvc-d',
      'pilot-e',
    ]);
    expect(widen).toEqual([{ id: 'e', platformId: 'pilot-e', techFields: ['quantum', FIELD] }]);
  });
});

describe("the bench's second path: why a project did not complete", () => {
  it('names the status and the last event, with the kinds an unmatched project found no platform of', () => {
    const detail = {
      project: { id: 'prj_1' },
      status: 'qualified',
      recommendations: [],
      history: [
        { type: 'project.nominated', data: {} },
        { type: 'project.qualified', data: { projectId: 'prj_1' } },
        { type: 'project.unmatched', data: { projectId: 'prj_1', kinds: ['pilot_platform'] } },
      ],
    };
    expect(whereItStopped(detail)).toBe('qualified, last event project.unmatched (pilot_platform)');
  });

  it('says so when the project has no event or the answer is not a project', () => {
    expect(whereItStopped({ status: 'nominated', history: [] })).toBe('nominated, no event');
    expect(whereItStopped({ type: 'about:blank', status: 404 })).toBe('project not readable');
  });
});
