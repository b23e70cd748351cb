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

  /**
   * A cap without a year is shown under EVERY year, by the policy: §二(七) limits the reward “每投资1家企业最高奖励
   * 100万元（仅限首次投资）” and the compensation “每个项目最高补贴300万元” with no period, unlike the manager's
   * “每年累计…不超过500万元/600万元”. So the manager × enterprise and manager × project caps bind a claim assessed on
   * any date (staff may date one back to 2025-01-25), with the usage they hold now: that is the headroom of that
   * year. Only the annual caps belong to one year.
   */
  it('shows the caps without a year under every year with their usage now, the annual caps only in theirs', async () => {
    const enterpriseCap = 'equity_investment_reward#manager:fnd-1#enterprise:91420100MA4K0000X1';
    const projectCap = 'investment_loss_compensation#manager:fnd-1#project:prj_01JFA0000000000000000SBSDY';
    const stored: CapItem[] = [
      {
        capKey: enterpriseCap,
        clause: '§二(七)',
        limitFen: 100 * WAN,
        usedFen: 75 * WAN,
        managerId: 'fnd-1',
      },
      { capKey: projectCap, clause: '§二(七)', limitFen: 300 * WAN, usedFen: 80 * WAN, managerId: 'fnd-1' },
      {
        capKey: 'equity_investment_reward#manager:fnd-1#year:2026',
        clause: '§二(七)',
        limitFen: 500 * WAN,
        usedFen: 75 * WAN,
        year: 2026,
        managerId: 'fnd-1',
      },
      {
        capKey: 'investment_loss_compensation#manager:fnd-1#year:2025',
        clause: '§二(七)',
        limitFen: 600 * WAN,
        usedFen: 80 * WAN,
        year: 2025,
        managerId: 'fnd-1',
      },
    ];
    const staff = as('staff', 'stf-li');
    const views = await Promise.all(
      [2025, 2026, 2027].map((year) => capsFor('fnd-1', year, staff, ports({ 'fnd-1': stored }))),
    );
    for (const view of views) {
      expect(
        view.caps.find((c) => c.key === enterpriseCap),
        String(view.year),
      ).toEqual({
        key: enterpriseCap,
        clause: '§二(七)',
        limitFen: 100 * WAN,
        usedFen: 75 * WAN,
        // Was 25万 (limit − used): but “仅限首次投资” — a further claim for this enterprise gets
        // not_first_investment, so nothing is left for it (see the once-only caps case below).
        headroomFen: 0,
        exhaustedBy: 'first_investment_only',
      });
      expect(view.caps.find((c) => c.key === projectCap)?.usedFen, String(view.year)).toBe(80 * WAN);
      // Each year's annual caps are its own: no other year's usage shows under it.
      expect(
        view.caps.filter((c) => c.key.includes('#year:')).map((c) => [c.key.split('#')[0], c.usedFen]),
        String(view.year),
      ).toEqual([
        ['equity_investment_reward', view.year === 2026 ? 75 * WAN : 0],
        ['investment_loss_compensation', view.year === 2025 ? 80 * WAN : 0],
      ]);
      expect(
        view.caps.filter((c) => c.key.includes('#year:')).every((c) => c.key.endsWith(`#year:${view.year}`)),
      ).toBe(true);
    }
  });

  /**
   * §二(七)'s two caps without a year take one award: the manager × enterprise reward “仅限首次投资” (a further
   * claim: not_first_investment) and the manager × project compensation, paid once (already_compensated). Once a
   * claim holds an award against one, a further claim gets nothing, so its headroom is 0 and `exhaustedBy` says
   * why; released by a rejection (used 0), the whole limit is there again. The annual caps stay limit − used.
   */
  describe('the once-only caps: no headroom once a claim holds an award', () => {
    const enterpriseCap = 'equity_investment_reward#manager:fnd-1#enterprise:91420100MA4K0000X1';
    const projectCap = 'investment_loss_compensation#manager:fnd-1#project:prj_01JFA0000000000000000SBSDY';
    const cap = (capKey: string, limitWan: number, usedWan: number, year?: number): CapItem => ({
      capKey,
      clause: '§二(七)',
      limitFen: limitWan * WAN,
      usedFen: usedWan * WAN,
      managerId: 'fnd-1',
      ...(year === undefined ? {} : { year }),
    });
    const read = async (stored: CapItem[]) =>
      (await capsFor('fnd-1', 2026, as('fund_manager', 'fnd-1'), ports({ 'fnd-1': stored }))).caps;

    it('manager × enterprise reward of 75万 of 100万: headroom 0, first investment only', async () => {
      const caps = await read([cap(enterpriseCap, 100, 75)]);
      expect(caps.find((c) => c.key === enterpriseCap)).toEqual({
        key: enterpriseCap,
        clause: '§二(七)',
        limitFen: 100 * WAN,
        usedFen: 75 * WAN,
        headroomFen: 0,
        exhaustedBy: 'first_investment_only',
      });
    });

    it('manager × project compensation of 80万 of 300万: headroom 0, compensated once', async () => {
      const caps = await read([cap(projectCap, 300, 80)]);
      expect(caps.find((c) => c.key === projectCap)).toEqual({
        key: projectCap,
        clause: '§二(七)',
        limitFen: 300 * WAN,
        usedFen: 80 * WAN,
        headroomFen: 0,
        exhaustedBy: 'compensated_once',
      });
    });

    it('released by a rejection (used 0): the whole limit, no exhaustedBy', async () => {
      const caps = await read([cap(enterpriseCap, 100, 0), cap(projectCap, 300, 0)]);
      expect(caps.find((c) => c.key === enterpriseCap)).toEqual({
        key: enterpriseCap,
        clause: '§二(七)',
        limitFen: 100 * WAN,
        usedFen: 0,
        headroomFen: 100 * WAN,
      });
      expect(caps.find((c) => c.key === projectCap)).toMatchObject({ headroomFen: 300 * WAN });
      expect(caps.find((c) => c.key === projectCap)).not.toHaveProperty('exhaustedBy');
    });

    it('the annual caps keep limit − used, with no exhaustedBy', async () => {
      const caps = await read([
        cap(enterpriseCap, 100, 75),
        cap('equity_investment_reward#manager:fnd-1#year:2026', 500, 75, 2026),
        cap('investment_loss_compensation#manager:fnd-1#year:2026', 600, 80, 2026),
      ]);
      expect(
        caps
          .filter((c) => c.key.includes('#year:'))
          .map((c) => [c.key.split('#')[0], c.headroomFen, c.exhaustedBy]),
      ).toEqual([
        ['equity_investment_reward', 425 * WAN, undefined],
        ['investment_loss_compensation', 520 * WAN, undefined],
      ]);
    });
  });
});
