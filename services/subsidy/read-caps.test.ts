import { type Caller, NotFoundError, subsidyDefaults } from '@wuhan/domain';
import { describe, expect, it } from 'vitest';
import { type CapsPorts, capsFor } from './read-caps.js';
import type { CapItem } from './store.js';

const now = new Date('2026-03-05T02:00:00Z');
const WAN = 1_000_000;
const as = (role: 'staff' | 'fund_manager', ownerId: string): Caller => ({
  principal: { role, ownerId, keyId: `key_${ownerId}` },
  correlationId: 'cor-1',
  now,
});

/** Ports over a fixed set of fund managers and their stored caps. */
function ports(managers: Record<string, CapItem[]>): CapsPorts & { existenceChecks: string[] } {
  const existenceChecks: string[] = [];
  return {
    existenceChecks,
    capsOfManager: async (id) => managers[id] ?? [],
    parameters: async () => subsidyDefaults,
    managerExists: async (id) => {
      existenceChecks.push(id);
      return id in managers;
    },
  };
}

describe('a fund manager’s caps (GET /v1/caps/{managerId})', () => {
  it('staff naming a fund manager that does not exist: 404, not a zero usage', async () => {
    const error = await capsFor('fnd-ghost', undefined, as('staff', 'stf-li'), ports({ 'fnd-1': [] })).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(NotFoundError);
  });

  it('staff naming an existing manager that never claimed: the two annual caps, untouched', async () => {
    const view = await capsFor('fnd-1', 2026, as('staff', 'stf-li'), ports({ 'fnd-1': [] }));
    expect(view.caps).toEqual([
      {
        key: 'equity_investment_reward#manager:fnd-1#year:2026',
        clause: '§二(七)',
        limitFen: 500 * WAN,
        usedFen: 0,
        headroomFen: 500 * WAN,
      },
      {
        key: 'investment_loss_compensation#manager:fnd-1#year:2026',
        clause: '§二(七)',
        limitFen: 600 * WAN,
        usedFen: 0,
        headroomFen: 600 * WAN,
      },
    ]);
  });

  it('a manager reads its own (its key proves it exists), another manager gets 404', async () => {
    const stored: CapItem[] = [
      {
        capKey: 'equity_investment_reward#manager:fnd-1#year:2026',
        clause: '§二(七)',
        limitFen: 400 * WAN,
        usedFen: 450 * WAN,
        year: 2026,
        managerId: 'fnd-1',
      },
    ];
    const own = ports({ 'fnd-1': stored });
    const view = await capsFor('fnd-1', undefined, as('fund_manager', 'fnd-1'), own);
    expect(own.existenceChecks).toEqual([]);
    // A limit lowered below what was reserved under an earlier version: headroom 0, never negative.
    expect(view.caps.find((c) => c.key.includes('equity'))).toMatchObject({
      usedFen: 450 * WAN,
      headroomFen: 0,
    });
    await expect(
      capsFor('fnd-1', undefined, as('fund_manager', 'fnd-2'), ports({ 'fnd-1': stored, 'fnd-2': [] })),
    ).rejects.toBeInstanceOf(NotFoundError);
  });
});
