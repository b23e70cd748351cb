import type { ParameterStore } from '@wuhan/aws';
import {
  type CalendarDate,
  inForce,
  NotFoundError,
  type ParameterSetName,
  type ParameterVersion,
  parameterSetNames,
  parameterSets,
  scheduledAfter,
  today,
  valueClauses,
} from '@wuhan/domain';

const byNumberNewestFirst = (a: ParameterVersion, b: ParameterVersion) => b.version - a.version;

function describeSet(set: ParameterSetName) {
  return { set, label: parameterSets[set].label, valueClauses: valueClauses(set) };
}

/** Each set as staff see it on arrival: what applies today, and what is already scheduled to follow. */
export async function parametersOverview(store: ParameterStore, now: Date) {
  const day = today(now);
  const items = await Promise.all(
    parameterSetNames.map(async (set) => {
      const versions = await store.versions(set);
      const current = inForce(versions, day);
      // Version 1 is seeded with the stack; a set without it is a deployment fault, not a client's.
      if (!current)
        throw new Error(`No ${set} parameters in force on ${day}: the defaults were never seeded`);
      return { ...describeSet(set), inForce: current, scheduled: scheduledAfter(versions, day) };
    }),
  );
  return { today: day, items };
}

/** Every version of a set, newest first, each with who published it, why and when. */
export async function parameterHistory(store: ParameterStore, set: ParameterSetName) {
  const versions = await store.versions(set);
  return { ...describeSet(set), items: [...versions].sort(byNumberNewestFirst) };
}

/** The version of a set that applies on `date`. */
export async function parametersOn(
  store: ParameterStore,
  set: ParameterSetName,
  date: CalendarDate,
): Promise<ParameterVersion> {
  const found = inForce(await store.versions(set), date);
  if (!found) throw new NotFoundError(`No ${set} parameters were in force on ${date}`);
  return found;
}
