import {
  creditCodeProblem,
  districtIds,
  hasForbiddenControlCharacters,
  invalidCharacter,
  isBlank,
  partnerTypeIds,
  projectStatusIds,
  staffChannels,
  stageIds,
  techFieldIds,
} from '@wuhan/domain';
import * as z from '@wuhan/domain/zod';
import { pageOf, pageQuery } from './common.js';
import { defineOperations } from './operation.js';

/**
 * The intake HTTP contract (issue 3). The handler validates with these schemas and the OpenAPI document is
 * generated from them. Every object is strict: an unknown field is refused and named, so a partner's typo
 * (`techfield`) never silently drops data.
 */

const controlCharacterMessage = 'Control characters are not allowed';
/** The edge refuses these in every body first (packages/middleware http.ts); repeated so the schema says so too. */
const invalidCharacterMessage = 'Noncharacters and lone surrogates are not allowed';
const validCharacters = (text: string) => invalidCharacter(text) === undefined;

/** One-line text (a title, a name): no control characters at all. */
function singleLine(max: number) {
  return z.string().check(
    z.minLength(1),
    z.maxLength(max),
    z.refine((text) => !hasForbiddenControlCharacters(text, false), controlCharacterMessage),
    z.refine(validCharacters, invalidCharacterMessage),
  );
}

/** Multi-line text (a summary): line feed and tab allowed, other control characters refused. */
function multiLine(max: number) {
  return z.string().check(
    z.minLength(1),
    z.maxLength(max),
    z.refine((text) => !hasForbiddenControlCharacters(text, true), controlCharacterMessage),
    z.refine(validCharacters, invalidCharacterMessage),
  );
}

const notBlank = (text: string) => !isBlank(text);

const projectIdPattern = /^prj_[0-9A-HJKMNP-TV-Z]{26}$/;
const nominationIdPattern = /^nom_[0-9A-HJKMNP-TV-Z]{26}$/;

const trl = z.number().check(z.int(), z.gte(1), z.lte(9), z.describe('Technology readiness level, 1–9'));
const fen = z
  .number()
  .check(
    z.int(),
    z.gte(0),
    z.lte(Number.MAX_SAFE_INTEGER),
    z.describe('Integer fen (分); 1 万元 = 1,000,000 fen'),
  );
const calendarDate = z.iso.date().check(z.describe('A calendar date in Asia/Shanghai, YYYY-MM-DD'));

/** GB 32100-2015, upper-cased before the check so a partner's lower-case copy still matches the registry. */
export const creditCode = z.string().check(
  z.trim(),
  z.toUpperCase(),
  z.superRefine((code: string, context) => {
    const problem = creditCodeProblem(code);
    if (problem === undefined) return;
    const messages = {
      length: 'A unified social credit code has 18 characters',
      charset: 'Only 0-9 and A-Y without I, O, S, V, Z are allowed',
      check_digit: 'The check character does not match the first 17 characters (GB 32100-2015)',
    } as const;
    context.addIssue({ code: 'custom', message: messages[problem], params: { reason: problem } });
  }),
  z.describe('18-character unified social credit code (统一社会信用代码), check character validated'),
  // The shape for clients (either case, as the edge upper-cases it); the check character is verified here only.
  z.meta({ pattern: '^\\s*[0-9A-HJ-NP-RT-UW-Ya-hj-np-rt-uw-y]{18}\\s*$' }),
);

/**
 * Issue 12, defect 8: a URL carrying a user name or password (`https://user:secret@host/…`) would put a secret
 * in stored data and in every email that links it; refused.
 */
function withoutCredentials(text: string): boolean {
  try {
    const url = new URL(text);
    return url.username === '' && url.password === '';
  } catch {
    return true; // Not a URL at all: z.url says so.
  }
}

/**
 * zod's own `regexes.domain`, repeated: reading it through the namespace (`z.regexes.domain`) makes the bundler
 * keep every one of zod's regexes (≈ 5 KB in each bundle with this schema).
 */
const domainName = /^(?=.{1,253}$)([a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]{2,63}$/;

const httpsUrl = z.url({ protocol: /^https$/, hostname: domainName, error: 'Must be an https:// URL' }).check(
  z.maxLength(2048),
  z.refine(withoutCredentials, {
    message: 'A URL may not carry a user name or password',
    params: { reason: 'credentials' },
  }),
);

export const nominationBody = z.strictObject({
  title: singleLine(200).check(
    z.refine(notBlank, 'The title is blank'),
    z.describe('Project title, 1–200 characters'),
  ),
  summary: multiLine(5000).check(z.refine(notBlank, 'The summary is blank')),
  techField: z.enum(techFieldIds),
  stage: z.enum(stageIds).check(z.describe('§二(四): gestation 孕育期, sprouting 萌芽期, growth 成长期')),
  trl: z.optional(trl),
  leadOrganization: singleLine(200).check(z.refine(notBlank, 'The lead organisation is blank')),
  teamLead: z.strictObject({
    name: singleLine(100).check(z.refine(notBlank, 'The name is blank')),
    email: z.email().check(z.maxLength(254)),
    phone: z.optional(
      z
        .string()
        .check(z.regex(/^\+?[0-9][0-9 -]{4,19}$/, 'Digits, spaces and dashes, optionally a leading +')),
    ),
  }),
  district: z.enum(districtIds),
  fundingNeedFen: z.optional(fen),
  nationalProject: z
    .optional(
      z.strictObject({
        programme: z.literal('national_key_rnd_disruptive'),
        enterpriseLed: z.boolean(),
        approvedFen: fen,
      }),
    )
    .check(z.describe('§二(五): a national key R&D disruptive-technology project')),
  competition: z
    .optional(
      z.strictObject({
        year: z.number().check(z.int(), z.gte(2000), z.lte(2100)),
        prizeTier: singleLine(50),
      }),
    )
    .check(z.describe('§二(五): a “武创源” competition prize')),
  attachments: z.optional(
    z.array(z.strictObject({ name: singleLine(200), url: httpsUrl })).check(z.maxLength(20)),
  ),
  sourceChannel: z
    .optional(z.enum(staffChannels))
    .check(z.describe('Staff only, and required for staff: the §二(三) channel posted on behalf of')),
});
export type NominationBody = z.infer<typeof nominationBody>;

export const nominationAccepted = z.object({
  nominationId: z.string(),
  projectId: z.string(),
  status: z.enum(projectStatusIds),
  recommendations: z
    .number()
    .check(z.int(), z.describe('How many partners or channels now recommend the project')),
});

const projectDescription = z.omit(nominationBody, { sourceChannel: true });

export const nominationView = z.extend(projectDescription, {
  id: z.string(),
  projectId: z.string(),
  projectStatus: z.optional(z.enum(projectStatusIds)),
  submittedBy: z.string(),
  submitterRole: z.enum(['partner', 'staff']),
  recommenderId: z.string(),
  channel: z.enum(partnerTypeIds),
  submittedAt: z.iso.datetime(),
  correlationId: z
    .string()
    .check(
      z.describe(
        'The correlation id of the request that posted it: quote it when asking about this nomination',
      ),
    ),
});

export const projectView = z.extend(projectDescription, {
  id: z.string(),
  status: z.enum(projectStatusIds),
  stageTrlMismatch: z
    .boolean()
    .check(z.describe('§二(四): the declared stage disagrees with the declared TRL')),
  declaredStage: z
    .optional(z.enum(stageIds))
    .check(
      z.describe(
        'The stage the nomination declared, once staff set the final stage (POST /v1/projects/{id}/stage)',
      ),
    ),
  commissionerId: z.optional(z.string()),
  recommendationCount: z.number().check(z.int()),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  enterpriseCodes: z.optional(z.array(z.string())),
  nationalLibrary: z.optional(z.object({ date: z.string(), reference: z.string() })),
});

const recommendationView = z.object({
  recommenderId: z.string(),
  channel: z.enum(partnerTypeIds),
  nominationId: z.string(),
  submittedBy: z.string(),
  recommendedAt: z.iso.datetime(),
});

const historyEntry = z.object({
  id: z.string(),
  type: z.string(),
  occurredAt: z.iso.datetime(),
  actor: z.object({ role: z.string(), id: z.string() }),
  correlationId: z.string(),
  data: z.record(z.string(), z.unknown()),
});

export const projectDetail = z.object({
  project: projectView,
  status: z.enum(projectStatusIds),
  recommendations: z.array(recommendationView),
  history: z.array(historyEntry).check(z.describe('Every event, oldest first')),
});

export const projectsQuery = z.extend(pageQuery, {
  status: z.optional(z.enum(projectStatusIds)),
  district: z.optional(z.enum(districtIds)),
  stage: z.optional(z.enum(stageIds)),
  techField: z.optional(z.enum(techFieldIds)),
});

export const projectPath = z.strictObject({
  id: z.string().check(z.regex(projectIdPattern, 'Not a project id')),
});
export const nominationPath = z.strictObject({
  id: z.string().check(z.regex(nominationIdPattern, 'Not a nomination id')),
});
export const enterprisePath = z.strictObject({ creditCode });

const reason = multiLine(2000).check(z.refine(notBlank, 'The reason is blank'));

export const screeningBody = z.discriminatedUnion('decision', [
  z.strictObject({
    decision: z
      .literal('pass')
      .check(z.describe('Passes screening: the project goes to expert review (§二(四))')),
    note: z.optional(reason).check(z.describe('Kept in the history')),
  }),
  z.strictObject({
    decision: z.literal('screen_out'),
    reason: reason.check(z.describe('Told to the recommending partners and the commissioner (§二(三))')),
  }),
]);
export const statusBody = z.strictObject({
  status: z.enum(projectStatusIds),
  reason: reason.check(z.describe('Why staff override the lifecycle; kept in the history')),
});
export const reassignBody = z.strictObject({
  commissionerId: singleLine(100),
  reason: z.optional(reason),
});

export const milestoneBody = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('enterprise_landed'),
    enterpriseName: singleLine(200).check(z.refine(notBlank, 'The enterprise name is blank')),
    creditCode,
    district: z.enum(districtIds),
    date: calendarDate,
  }),
  z.strictObject({
    type: z.literal('national_library_entered'),
    date: calendarDate,
    reference: singleLine(200).check(z.refine(notBlank, 'The reference is blank')),
  }),
  z.strictObject({
    type: z.literal('stage_changed'),
    stage: z.enum(stageIds),
    trl: z.optional(trl),
    reason,
  }),
  z
    .strictObject({
      type: z.literal('incubation_started'),
      date: calendarDate,
      note: z.optional(reason),
    })
    .check(z.describe('§二(九): a matched project starts incubation (matched → incubating)')),
]);
export type MilestoneBody = z.infer<typeof milestoneBody>;

export const enterpriseView = z.object({
  creditCode: z.string(),
  enterpriseName: z.string(),
  projectId: z.string(),
  district: z.enum(districtIds),
  landedOn: z.string(),
});

const nominationExample = {
  title: '基于钙钛矿的柔性显示关键材料',
  summary: '研发高效稳定的钙钛矿发光材料，面向下一代柔性显示。\n已完成实验室验证。',
  techField: 'future_display',
  stage: 'gestation',
  trl: 3,
  leadOrganization: '华中科技大学',
  teamLead: { name: '李明', email: 'liming@hust.edu.cn', phone: '+86 27 8754 0000' },
  district: 'east_lake_hitech',
  fundingNeedFen: 5_000_000_000,
  attachments: [{ name: '项目计划书.pdf', url: 'https://files.hust.edu.cn/plan.pdf' }],
};

export const intakeOperations = defineOperations({
  'POST /v1/nominations': {
    operationId: 'nominateProject',
    roles: ['partner', 'staff'],
    problems: ['conflict', 'concurrent-update'],
    summary:
      'Nominate a project (§二(三)): a partner, or staff for 公开征集 / the competition / plan results',
    description:
      'The same project (same normalised title and lead organisation) nominated by another partner is attached ' +
      'as another recommendation; the same partner again gets 409 with the existing ids.',
    tags: ['intake'],
    body: nominationBody,
    idempotent: true,
    examples: {
      partner: nominationExample,
      staffPublicCall: {
        ...nominationExample,
        title: '面向6G的太赫兹通信芯片',
        techField: 'next_gen_mobile_comms',
        stage: 'sprouting',
        trl: 5,
        leadOrganization: '武汉光电国家研究中心',
        sourceChannel: 'public_call',
      },
    },
    responses: {
      '202': {
        description: 'Accepted: the project exists and is being screened',
        schema: nominationAccepted,
      },
      '409': {
        description: 'This partner already nominated this project; `nominationId` and `projectId` name it',
      },
    },
  },
  'GET /v1/nominations': {
    operationId: 'listMyNominations',
    roles: ['partner', 'staff'],
    summary: "The caller's own nominations, newest first",
    tags: ['intake'],
    query: pageQuery,
    responses: { '200': { description: 'A page of nominations', schema: pageOf(nominationView) } },
  },
  'GET /v1/nominations/{id}': {
    operationId: 'getNomination',
    roles: ['partner', 'staff', 'commissioner', 'expert', 'platform', 'fund_manager'],
    summary: 'One nomination: its partner and staff (anyone else gets 404)',
    tags: ['intake'],
    params: nominationPath,
    responses: { '200': { description: 'The nomination', schema: nominationView } },
  },
  'GET /v1/projects': {
    operationId: 'listProjects',
    roles: ['staff'],
    summary: 'Projects, newest first, by status, district, stage and field (staff)',
    tags: ['projects'],
    query: projectsQuery,
    responses: { '200': { description: 'A page of projects', schema: pageOf(projectView) } },
  },
  'GET /v1/projects/{id}': {
    operationId: 'getProject',
    roles: ['staff', 'commissioner', 'partner', 'expert', 'platform', 'fund_manager'],
    summary:
      'A project with its recommendations, status and history (staff, the commissioner of its district)',
    tags: ['projects'],
    params: projectPath,
    responses: { '200': { description: 'The project', schema: projectDetail } },
  },
  'POST /v1/projects/{id}/screening': {
    operationId: 'screenProject',
    roles: ['staff'],
    problems: ['invalid-transition', 'concurrent-update'],
    summary:
      'Screen a nominated project (staff, §二(三)): pass it to expert review, or screen it out with a reason',
    tags: ['projects'],
    params: projectPath,
    body: screeningBody,
    idempotent: true,
    examples: {
      pass: { decision: 'pass', note: '初筛通过，进入专家评估。' },
      screenOut: { decision: 'screen_out', reason: '与颠覆性技术方向不符，建议转入常规科技计划。' },
    },
    responses: { '200': { description: 'Screened', schema: projectView } },
  },
  'POST /v1/projects/{id}/status': {
    operationId: 'overrideProjectStatus',
    roles: ['staff'],
    problems: ['invalid-transition', 'concurrent-update'],
    summary: 'Override the lifecycle where no capability owns the move (staff), with a reason',
    description:
      'Only the moves the transition table gives to `staff_override` (a screening reversed: screened_out → ' +
      'nominated). Every other move belongs to its ' +
      'command (screening, the evaluation, matching, milestones): asking for one here is 409 naming its owner.',
    tags: ['projects'],
    params: projectPath,
    body: statusBody,
    idempotent: true,
    examples: { reopen: { status: 'nominated', reason: '初筛误判，经复核恢复推荐。' } },
    responses: { '200': { description: 'Moved', schema: projectView } },
  },
  'PUT /v1/projects/{id}/commissioner': {
    operationId: 'reassignCommissioner',
    roles: ['staff'],
    problems: ['conflict', 'concurrent-update'],
    summary: "Reassign the project's commissioner to another of its district (staff)",
    tags: ['projects'],
    params: projectPath,
    body: reassignBody,
    idempotent: true,
    examples: { reassign: { commissionerId: 'com-elh-2', reason: '原专员工作调整。' } },
    responses: { '200': { description: 'Reassigned', schema: projectView } },
  },
  'POST /v1/projects/{id}/milestones': {
    operationId: 'recordMilestone',
    roles: ['staff', 'commissioner'],
    problems: ['conflict', 'invalid-transition', 'concurrent-update'],
    summary: "Record a milestone (staff, the project's commissioner)",
    tags: ['projects'],
    params: projectPath,
    body: milestoneBody,
    idempotent: true,
    examples: {
      enterpriseLanded: {
        type: 'enterprise_landed',
        enterpriseName: '武汉柔显科技有限公司',
        creditCode: '91440300708461136T',
        district: 'east_lake_hitech',
        date: '2026-05-20',
      },
      nationalLibrary: {
        type: 'national_library_entered',
        date: '2026-06-01',
        reference: '国科发〔2026〕12号',
      },
      stageChanged: { type: 'stage_changed', stage: 'sprouting', trl: 5, reason: '完成概念验证，进入中试。' },
    },
    responses: { '201': { description: 'Recorded', schema: projectView } },
  },
  'GET /v1/enterprises/{creditCode}': {
    operationId: 'getEnterprise',
    roles: ['staff'],
    summary: 'An enterprise of the registry by its credit code (staff): the project it landed from',
    tags: ['projects'],
    params: enterprisePath,
    responses: { '200': { description: 'The enterprise', schema: enterpriseView } },
  },
});
