import { describe, expect, it } from 'vitest';
import { InvalidTransitionError } from '../errors.js';
import {
  assertTransition,
  canTransition,
  isClosed,
  type LifecycleCommand,
  lifecycleCommands,
  movesOf,
  ownerOf,
  projectStatusIds,
  projectTransitions,
} from './status.js';

describe('project status machine', () => {
  it('follows the documented path nominated → … → landed, each step by its own command', () => {
    const path = [
      ['nominated', 'under_review', 'screening'],
      ['under_review', 'qualified', 'evaluation_outcome'],
      ['qualified', 'matched', 'match_accepted'],
      ['matched', 'incubating', 'milestone'],
      ['incubating', 'landed', 'milestone'],
    ] as const;
    for (const [from, to, command] of path) expect(ownerOf(from, to)).toBe(command);
  });

  it('lets staff screen out only a nominated project (§二(三))', () => {
    expect(ownerOf('nominated', 'screened_out')).toBe('screening');
    expect(canTransition('under_review', 'screened_out')).toBe(false);
  });

  it('gives the evaluation the review outcome and staff the consensus decision (§二(四))', () => {
    expect(movesOf('evaluation_outcome', 'under_review').sort()).toEqual([
      'needs_consensus',
      'not_qualified',
      'qualified',
    ]);
    expect(movesOf('consensus_decision', 'needs_consensus').sort()).toEqual(['not_qualified', 'qualified']);
    expect(movesOf('staff_override', 'under_review')).toEqual([]);
  });

  it('gives a released match a way back to qualified, owned by matching', () => {
    expect(ownerOf('matched', 'qualified')).toBe('match_released');
  });

  it('leaves staff overrides only the moves no capability owns', () => {
    const overrides = projectStatusIds.flatMap((from) =>
      movesOf('staff_override', from).map((to) => `${from}→${to}`),
    );
    expect(overrides.sort()).toEqual(['screened_out→nominated']);
  });

  it('refuses a move another command owns, naming the owner', () => {
    expect(() => assertTransition('under_review', 'qualified', 'staff_override')).toThrow(
      InvalidTransitionError,
    );
    try {
      assertTransition('under_review', 'qualified', 'staff_override');
    } catch (error) {
      expect((error as InvalidTransitionError).details).toMatchObject({
        owner: 'evaluation_outcome',
        command: 'staff_override',
        allowed: [],
      });
    }
  });

  it('refuses every move that is not in the table, for every command', () => {
    const commands = Object.keys(lifecycleCommands) as LifecycleCommand[];
    let refused = 0;
    for (const from of projectStatusIds)
      for (const to of projectStatusIds)
        for (const command of commands) {
          if (projectTransitions[from][to] === command) {
            expect(() => assertTransition(from, to, command)).not.toThrow();
            continue;
          }
          expect(() => assertTransition(from, to, command)).toThrow(InvalidTransitionError);
          refused++;
        }
    const moves = projectStatusIds.reduce((n, from) => n + Object.keys(projectTransitions[from]).length, 0);
    expect(moves).toBe(13);
    expect(refused).toBe(81 * commands.length - moves);
  });

  it('treats landed, screened out and not qualified as closed, the rest as open', () => {
    expect(projectStatusIds.filter(isClosed)).toEqual(['screened_out', 'not_qualified', 'landed']);
  });
});
