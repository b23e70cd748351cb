import { getEnterprise } from '@wuhan/aws';
import { type Enterprise, NotFoundError } from '@wuhan/domain';

/** The registry the §二(七) subsidy rules check: credit code → enterprise → the project it landed from. */
export async function readEnterprise(creditCode: string): Promise<Enterprise> {
  const enterprise = await getEnterprise(creditCode);
  if (!enterprise) throw new NotFoundError(`No enterprise ${creditCode} in the registry`);
  return enterprise;
}
