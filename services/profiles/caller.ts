import type { Principal } from '@wuhan/domain';

/** Who asks and when (the lead moves this type into a shared package with issue 8's aggregate work). */
export interface Caller {
  principal: Principal;
  correlationId: string;
  now: Date;
}

export const actorOf = (caller: Caller) => ({ role: caller.principal.role, id: caller.principal.ownerId });
