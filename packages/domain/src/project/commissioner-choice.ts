/**
 * §二(二): each district has project commissioners who coach projects to landing. A new project goes to the
 * district's commissioner with the fewest open projects, ties broken by id, so the choice is deterministic
 * and the load stays even.
 */
export interface CommissionerLoad {
  id: string;
  openProjects: number;
}

export function chooseCommissioner<C extends CommissionerLoad>(commissioners: readonly C[]): C | undefined {
  let best: C | undefined;
  for (const candidate of commissioners) {
    if (
      best === undefined ||
      candidate.openProjects < best.openProjects ||
      (candidate.openProjects === best.openProjects && candidate.id < best.id)
    ) {
      best = candidate;
    }
  }
  return best;
}
