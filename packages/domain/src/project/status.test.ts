import { describe, expect, it } from 'vitest';
import { InvalidTransitionError } from '../errors.js';
import { assertTransition, canTransition, isClosed, projectStatusIds, projectTransitions } from './status.js';

describe('project status machine', () => {
  it('follows the documented path nominated → … → landed', () => {
    const path = ['nominated', 'under_review', 'qualified', 'matched', 'incubating', 'landed'] as const;
    const steps = path.slice(1).map((to, i) => [path[i], to] as const);
    for (const [from, to] of steps) if (from) expect(canTransition(from, to)).toBe(true);
  });

  it('lets staff screen out only a nominated project (§二(三))', () => {
    expect(canTransition('nominated', 'screened_out')).toBe(true);
    expect(canTransition('under_review', 'screened_out')).toBe(false);
  });

  it('settles a consensus case either way', () => {
    expect(canTransition('under_review', 'needs_consensus')).toBe(true);
    expect(canTransition('needs_consensus', 'qualified')).toBe(true);
    expect(canTransition('needs_consensus', 'not_qualified')).toBe(true);
    expect(canTransition('needs_consensus', 'matched')).toBe(false);
  });

  it('refuses every move that is not in the table, naming what is allowed', () => {
    let refused = 0;
    for (const from of projectStatusIds) {
      for (const to of projectStatusIds) {
        if (projectTransitions[from].includes(to)) continue;
        expect(() => assertTransition(from, to)).toThrow(InvalidTransitionError);
        refused++;
      }
    }
    expect(refused).toBe(81 - 10);
    try {
      assertTransition('nominated', 'landed');
    } catch (error) {
      expect((error as InvalidTransitionError).details).toMatchObject({
        from: 'nominated',
        to: 'landed',
        allowed: ['screened_out', 'under_review'],
      });
    }
  });

  it('treats landed, screened out and not qualified as closed, the rest as open', () => {
    expect(projectStatusIds.filter(isClosed)).toEqual(['screened_out', 'not_qualified', 'landed']);
  });
});
