import { parameterReaders } from '@wuhan/contract';
import { ForbiddenError, type ParameterSetName, type Principal, type Role } from '@wuhan/domain';

/** Each set's readers are declared with the operations (packages/contract/src/parameters.ts, and why). */
export function assertMayRead(principal: Principal, set: ParameterSetName): void {
  const readers: readonly Role[] = parameterReaders[set];
  if (!readers.includes(principal.role))
    throw new ForbiddenError(`The ${principal.role} role may not read the ${set} parameters`);
}
