/**
 * A small evaluator of synthesized SQS queue policies, enough to ask "may principal P do action A on queue Q?"
 * of the template itself, the way IAM decides for one request: an explicit Deny that matches wins; otherwise a
 * resource-policy Allow naming the principal allows; otherwise a principal of the queue's own account is allowed
 * by its identity policy if it has one (`identityAllows`), and anyone else is implicitly denied.
 *
 * It understands the operators and keys the stack's queue policies use, and throws on anything else, so a new
 * condition cannot be silently read as "matches" or "does not match".
 */

export interface Request {
  /** The principal's ARN as `aws:PrincipalArn` sees it (a role's ARN, not its session's). */
  principalArn: string;
  action: string;
  /** The queue ARN, resolved. */
  resource: string;
  /** Whether the principal's own identity policy allows the action (an administrator's `sqs:*`, say). */
  identityAllows?: boolean;
  secureTransport?: boolean;
}

export type Decision = 'allowed' | 'explicit-deny' | 'implicit-deny';

export interface PolicyStatementJson {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Principal?: unknown;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

/** The pseudo parameters and attributes a template refers to, as this evaluation's account sees them. */
export interface Environment {
  partition: string;
  account: string;
  region: string;
  /** Logical id → resolved ARN, for `Fn::GetAtt [id, 'Arn']`. */
  arns: Readonly<Record<string, string>>;
}

export function resolve(value: unknown, env: Environment): unknown {
  if (Array.isArray(value)) return value.map((v) => resolve(v, env));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value);
  const [first] = entries;
  if (entries.length === 1 && first) {
    const [fn, args] = first;
    if (fn === 'Ref') {
      const pseudo: Record<string, string> = {
        'AWS::Partition': env.partition,
        'AWS::AccountId': env.account,
        'AWS::Region': env.region,
      };
      const found = pseudo[String(args)];
      if (!found) throw new Error(`Unresolvable Ref ${String(args)}`);
      return found;
    }
    if (fn === 'Fn::GetAtt') {
      const [id, attribute] = args as [string, string];
      const arn = env.arns[id];
      if (attribute !== 'Arn' || !arn) throw new Error(`Unresolvable GetAtt ${id}.${attribute}`);
      return arn;
    }
    if (fn === 'Fn::Join') {
      const [separator, parts] = args as [string, unknown[]];
      return parts.map((p) => String(resolve(p, env))).join(separator);
    }
  }
  return Object.fromEntries(entries.map(([k, v]) => [k, resolve(v, env)]));
}

const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : [value]);
const glob = (pattern: string, value: string) =>
  new RegExp(
    `^${pattern
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  ).test(value);
const accountOf = (arn: string) => /^arn:[^:]+:[^:]*:[^:]*:(\d{12}):/.exec(arn)?.[1];

function principalMatches(principal: unknown, request: Request): boolean {
  if (principal === '*') return true;
  if (principal === null || typeof principal !== 'object') throw new Error(`Principal ${String(principal)}`);
  const entries = Object.entries(principal);
  for (const [kind, values] of entries) {
    if (kind !== 'AWS') throw new Error(`Principal kind ${kind} is not evaluated here`);
    for (const value of list(values).map(String)) {
      if (value === '*') return true;
      if (value === request.principalArn) return true;
      // An account principal (`arn:…:iam::<account>:root`) stands for every principal of that account.
      const root = /^arn:[^:]+:iam::(\d{12}):root$/.exec(value);
      if (root && root[1] === accountOf(request.principalArn)) return true;
      if (/^\d{12}$/.test(value) && value === accountOf(request.principalArn)) return true;
    }
  }
  return false;
}

function keyValue(key: string, request: Request): string {
  switch (key) {
    case 'aws:PrincipalArn':
      return request.principalArn;
    case 'aws:PrincipalAccount':
      return accountOf(request.principalArn) ?? '';
    case 'aws:SecureTransport':
      return String(request.secureTransport ?? true);
    default:
      throw new Error(`Condition key ${key} is not evaluated here`);
  }
}

function conditionHolds(operator: string, key: string, expected: unknown, request: Request): boolean {
  const actual = keyValue(key, request);
  const values = list(expected).map(String);
  switch (operator) {
    case 'StringEquals':
    case 'ArnEquals':
      return values.includes(actual);
    case 'StringNotEquals':
    case 'ArnNotEquals':
      return !values.includes(actual);
    case 'StringLike':
    case 'ArnLike':
      return values.some((v) => glob(v, actual));
    case 'StringNotLike':
    case 'ArnNotLike':
      return !values.some((v) => glob(v, actual));
    case 'Bool':
      return values.includes(actual);
    default:
      throw new Error(`Condition operator ${operator} is not evaluated here`);
  }
}

export function statementMatches(statement: PolicyStatementJson, request: Request): boolean {
  if (!list(statement.Action).some((a) => glob(String(a), request.action))) return false;
  if (!list(statement.Resource).some((r) => glob(String(r), request.resource))) return false;
  if (!principalMatches(statement.Principal, request)) return false;
  for (const [operator, keys] of Object.entries(statement.Condition ?? {})) {
    for (const [key, expected] of Object.entries(keys)) {
      if (!conditionHolds(operator, key, expected, request)) return false;
    }
  }
  return true;
}

/** The decision for one request against one queue's (resolved) policy statements. */
export function evaluate(
  statements: readonly PolicyStatementJson[],
  request: Request,
  env: Environment,
): Decision {
  const matching = statements.filter((s) => statementMatches(s, request));
  if (matching.some((s) => s.Effect === 'Deny')) return 'explicit-deny';
  if (matching.some((s) => s.Effect === 'Allow')) return 'allowed';
  const sameAccount = accountOf(request.principalArn) === env.account;
  return sameAccount && request.identityAllows ? 'allowed' : 'implicit-deny';
}
