import type { ParameterStore } from '@wuhan/aws';
import {
  type CalendarDate,
  type Caller,
  newEventOf,
  nextParameterVersion,
  type ParameterSetName,
  type ParametersOf,
  type ParameterVersion,
  parametersPublishedEvent,
} from '@wuhan/domain';

export interface PublishInput<S extends ParameterSetName> {
  set: S;
  validFrom: CalendarDate;
  /** Already parsed with the set's schema at the edge. */
  values: ParametersOf<S>;
  reason: string;
}

/**
 * Publishes the next version of a set. A version starting before today (Asia/Shanghai) is refused before
 * anything is written; the store refuses a number someone else took meanwhile.
 */
export async function publishParameters<S extends ParameterSetName>(
  store: ParameterStore,
  input: PublishInput<S>,
  caller: Caller,
): Promise<ParameterVersion<S>> {
  const versions = await store.versions(input.set);
  const latest = Math.max(0, ...versions.map((v) => v.version));
  const version = nextParameterVersion({
    ...input,
    latest,
    changedBy: caller.principal.ownerId,
    now: caller.now,
  });
  const event = newEventOf(parametersPublishedEvent, {
    actor: { role: caller.principal.role, id: caller.principal.ownerId },
    subject: { kind: 'parameter_set', id: input.set },
    data: {
      set: version.set,
      version: version.version,
      validFrom: version.validFrom,
      reason: version.reason,
    },
    correlationId: caller.correlationId,
    now: caller.now,
  });
  await store.publish(version, event);
  return version;
}
