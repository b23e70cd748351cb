import { capsFor, headroomFen } from './caps.js';
import type { ClaimInput } from './claim.js';
import { wan, yuan } from './money.js';
import { ruleFor } from './rules/index.js';
import type { AssessContext, Assessment, CapEffect, Reason, TraceStep } from './types.js';

export type { Assessment, CapEffect, ClaimFacts, Reason, TraceStep } from './types.js';

/**
 * Assess a claim by the rule of its type and the parameters in force: the rule checks eligibility and computes
 * the base award; then every cap the claim touches bounds it in turn to that cap's headroom (a claim that would
 * pass a cap gets the remainder, one that finds it used up gets 0, each with its reason). Pure: the caps' usage
 * comes in `capsUsedFen`, and the service reserves `caps[].usedAfterFen` atomically.
 */
export function assessClaim(input: ClaimInput, context: AssessContext): Assessment {
  const bound = ruleFor(input);
  const evaluation = bound.evaluate(context);
  const caps = capsFor(input, context);
  // A key that allows one award and already holds one makes the claim ineligible, whatever else it shows.
  for (const cap of caps) {
    if (cap.once && (context.capsUsedFen[cap.key] ?? 0) > 0) {
      evaluation.reasons.push({ code: cap.once.code, clause: cap.clause, zh: cap.once.zh, en: cap.once.en });
    }
  }
  if (evaluation.reasons.length > 0) {
    return {
      outcome: 'ineligible',
      awardFen: 0,
      reasons: evaluation.reasons,
      trace: evaluation.trace,
      caps: [],
    };
  }

  const reasons: Reason[] = [];
  const trace: TraceStep[] = [...evaluation.trace];
  let awardFen = evaluation.baseFen;
  for (const cap of caps) {
    const usedBeforeFen = context.capsUsedFen[cap.key] ?? 0;
    const headroom = headroomFen(cap.limitFen, usedBeforeFen);
    const before = awardFen;
    awardFen = Math.min(awardFen, headroom);
    trace.push({
      step: cap.step,
      clause: cap.clause,
      zh: `${cap.zh}：已用${wan(usedBeforeFen)}元，余额${wan(headroom)}元`,
      en: `${cap.en}: ${yuan(usedBeforeFen)} used, ${yuan(headroom)} left`,
      inputs: {
        capKey: cap.key,
        limitFen: cap.limitFen,
        usedBeforeFen,
        headroomFen: headroom,
        amountFen: before,
      },
      resultFen: awardFen,
    });
    if (before > 0 && headroom === 0) {
      reasons.push({
        code: 'cap_used_up',
        clause: cap.clause,
        zh: `${cap.zh}，额度已用完，本次为0`,
        en: `${cap.en}; the cap is used up, so this claim gets 0`,
      });
    } else if (awardFen < before) {
      reasons.push({
        code: 'cap_remainder',
        clause: cap.clause,
        zh: `${cap.zh}，本次给予剩余额度${wan(awardFen)}元`,
        en: `${cap.en}; this claim gets the remainder, ${yuan(awardFen)}`,
      });
    }
  }

  const finish = bound.finish(awardFen, context);
  trace.push(...finish.trace);
  const capEffects: CapEffect[] = caps.map((cap) => {
    const usedBeforeFen = context.capsUsedFen[cap.key] ?? 0;
    return {
      key: cap.key,
      clause: cap.clause,
      limitFen: cap.limitFen,
      usedBeforeFen,
      usedAfterFen: usedBeforeFen + awardFen,
    };
  });
  return {
    outcome: 'computed',
    awardFen,
    reasons,
    trace,
    caps: capEffects,
    ...(finish.shares ? { shares: finish.shares } : {}),
  };
}
