import type { CapExhaustion, capsView } from '@wuhan/contract';
import { type Caller, NotFoundError, type SubsidyParameters, today } from '@wuhan/domain';
import type * as z from '@wuhan/domain/zod';
import type { CapItem } from './store.js';

export type CapsView = z.input<typeof capsView>;

export interface CapsPorts {
  capsOfManager(managerId: string): Promise<CapItem[]>;
  parameters(date: string): Promise<SubsidyParameters>;
  /** Whether a fund manager profile of this id exists (active or not: a deactivated one's caps still count). */
  managerExists(managerId: string): Promise<boolean>;
}

/**
 * A fund manager's headroom (issue 11 point 5): the manager itself and staff; another manager gets the 404 of a
 * manager without caps. Every cap the manager's claims touched that counts in `year` (its annual caps of that
 * year, its per-enterprise caps, which hold for good), and the two annual caps at their limit in force even before
 * any claim touched them. Headroom is limit − used, never below 0, and 0 for a
 * once-only cap a claim holds an award against (`exhaustedBy` says why). Staff naming no fund manager get 404, not a
 * manager's empty headroom (a typo would otherwise read as "nothing used").
 */
export async function capsFor(
  managerId: string,
  year: number | undefined,
  caller: Caller,
  ports: CapsPorts,
): Promise<CapsView> {
  const { role, ownerId } = caller.principal;
  if (role !== 'staff' && !(role === 'fund_manager' && ownerId === managerId)) {
    throw new NotFoundError(`No caps of fund manager ${managerId}`);
  }
  // A fund manager's own key proves its profile; staff may name any id.
  if (role === 'staff' && !(await ports.managerExists(managerId))) {
    throw new NotFoundError(`No fund manager ${managerId}`);
  }
  const thisYear = Number(today(caller.now).slice(0, 4));
  const forYear = year ?? thisYear;
  const stored = (await ports.capsOfManager(managerId)).filter(
    (cap) => cap.year === undefined || cap.year === forYear,
  );
  // The limits of a year not yet begun are those in force today; of a past year, those of its last day.
  const day = forYear < thisYear ? `${forYear}-12-31` : today(caller.now);
  const parameters = await ports.parameters(day);
  const annual = [
    {
      key: `equity_investment_reward#manager:${managerId}#year:${forYear}`,
      clause: '§二(七)',
      limitFen: parameters.equityInvestmentReward.perManagerYearCapFen,
    },
    {
      key: `investment_loss_compensation#manager:${managerId}#year:${forYear}`,
      clause: '§二(七)',
      limitFen: parameters.investmentLossCompensation.perManagerYearCapFen,
    },
  ];
  const byKey = new Map(
    stored.map((cap) => [
      cap.capKey,
      { key: cap.capKey, clause: cap.clause, limitFen: cap.limitFen, usedFen: cap.usedFen },
    ]),
  );
  for (const cap of annual) if (!byKey.has(cap.key)) byKey.set(cap.key, { ...cap, usedFen: 0 });
  const caps = [...byKey.values()]
    .sort((a, b) => a.key.localeCompare(b.key))
    .map((cap) => {
      const exhaustedBy = cap.usedFen > 0 ? oneAwardOnly(cap.key, managerId) : undefined;
      // A once-only cap that holds an award has nothing left for a further claim, whatever limit − used says.
      if (exhaustedBy) return { ...cap, headroomFen: 0, exhaustedBy };
      return { ...cap, headroomFen: Math.max(0, cap.limitFen - cap.usedFen) };
    });
  return { managerId, year: forYear, caps };
}

/**
 * The two caps without a year take ONE award (§二(七)): the manager × enterprise reward is “仅限首次投资” (a
 * further claim gets `not_first_investment` while one holds an award > 0) and the manager × project compensation is
 * paid once (`already_compensated`, the engine's `once` cap). Used > 0 means a claim holds that award; a rejection
 * releases it to 0, and the headroom is limit − used again. Keys as the rules engine builds them.
 */
function oneAwardOnly(capKey: string, managerId: string): CapExhaustion | undefined {
  if (capKey.startsWith(`equity_investment_reward#manager:${managerId}#enterprise:`))
    return 'first_investment_only';
  if (capKey.startsWith(`investment_loss_compensation#manager:${managerId}#project:`))
    return 'compensated_once';
  return undefined;
}
