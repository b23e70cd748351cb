import { platformKinds } from '@wuhan/domain';
import { projectFacts, projectLink, projectTitle } from './project-facts.js';
import { statusName } from './project-status-changed.js';
import { type Fact, field, type MailTemplate, type MailView } from './types.js';

/**
 * The commissioner: a platform answered an offer of their project (accepted, declined), nobody answered it in
 * time (expired), or staff released an accepted match (issue 10 point 4: the commissioner is emailed each answer).
 * One template for the four `match.*` outcomes: the same facts, a sentence and a next step per outcome.
 */
type Outcome = 'accepted' | 'declined' | 'expired' | 'released';

const englishKinds: Readonly<Record<string, string>> = {
  concept_verification_center: 'concept-verification centre',
  pilot_platform: 'pilot platform',
  finance: 'finance platform',
  landing_park: 'landing park',
};

function outcomeOf(view: MailView): Outcome {
  switch (view.event.type) {
    case 'match.accepted':
      return 'accepted';
    case 'match.declined':
      return 'declined';
    case 'match.released':
      return 'released';
    default:
      return 'expired';
  }
}

const zh: Record<Outcome, { short: string; verb: string; next: string }> = {
  accepted: { short: '已接受', verb: '已接受邀约', next: '请与平台联系，推进项目对接与孵化。' },
  declined: {
    short: '已婉拒',
    verb: '已婉拒邀约',
    next: '系统将自动向下一家符合条件的平台发出邀约；如无平台可选，工作人员会收到通知。',
  },
  expired: {
    short: '逾期未答复',
    verb: '未在答复期限内答复，邀约已过期',
    next: '系统将自动向下一家符合条件的平台发出邀约；如无平台可选，工作人员会收到通知。',
  },
  released: {
    short: '对接已解除',
    verb: '的对接已由工作人员解除',
    next: '项目恢复为评估通过，系统将向下一家符合条件的平台发出邀约。',
  },
};
/**
 * A release that names no move: another accepted offer kept the project matched, or the event was written before
 * releases named their move (when it did move). True either way.
 */
const zhReleasedNoMove = '如项目已无其他已接受邀约的平台，系统将向下一家符合条件的平台发出邀约。';
const enReleasedNoMove =
  'If no other platform has accepted the project, the next eligible platform is offered it.';
const en: Record<Outcome, { verb: string; next: string }> = {
  accepted: { verb: 'accepted', next: 'Contact the platform to take the project forward to incubation.' },
  declined: {
    verb: 'declined',
    next: 'The next eligible platform is offered the project automatically; staff are told if none is left.',
  },
  expired: {
    verb: 'did not answer in time (expired)',
    next: 'The next eligible platform is offered the project automatically; staff are told if none is left.',
  },
  released: {
    verb: 'was released by staff',
    next: 'The project is qualified again and the next eligible platform is offered it.',
  },
};

/**
 * The move an acceptance (qualified → matched) or a release (matched → qualified) made, when its event names one:
 * the commissioner is not emailed that move's project.status_changed (routing.ts), so this email says it. A growth
 * project's second acceptance, or a release while its other accepted offer keeps it matched, names none and
 * claims no change.
 */
function moveOf(view: MailView): { from: string; to: string } | undefined {
  const outcome = outcomeOf(view);
  if (outcome !== 'accepted' && outcome !== 'released') return undefined;
  const from = statusName(view.locale, field(view.event.data, 'from'));
  const to = statusName(view.locale, field(view.event.data, 'to'));
  return from === undefined || to === undefined ? undefined : { from, to };
}

function matchFacts(view: MailView): Fact[] {
  const d = view.event.data;
  const zhCN = view.locale === 'zh-CN';
  const kind = field(d, 'kind') ?? '';
  const kindNames: Readonly<Record<string, string>> = zhCN ? platformKinds : englishKinds;
  return [
    [zhCN ? '平台' : 'Platform', field(d, 'platformId')],
    [zhCN ? '平台类型' : 'Platform kind', kindNames[kind] ?? kind],
    [zhCN ? '对接编号' : 'Match id', field(d, 'matchId')],
    [zhCN ? '答复期限' : 'Respond by', field(d, 'respondBy')],
    [zhCN ? '原因' : 'Reason', field(d, 'reason')],
    [zhCN ? '项目状态' : 'Project status', moveOf(view)?.to],
  ];
}

export const matchAnswered: MailTemplate = {
  'zh-CN': (view) => {
    const outcome = outcomeOf(view);
    const platform = field(view.event.data, 'platformId') ?? '平台';
    const move = moveOf(view);
    return {
      subject: `平台答复：${platform} ${zh[outcome].short}${move ? `，项目${outcome === 'released' ? '恢复为' : ''}${move.to}` : ''}：${projectTitle(view)}`,
      heading: `平台${zh[outcome].short}`,
      intro:
        (outcome === 'released'
          ? `项目“${projectTitle(view)}”与平台 ${platform}${zh[outcome].verb}。`
          : `平台 ${platform} 对项目“${projectTitle(view)}”${zh[outcome].verb}。`) +
        (move ? `项目状态已由“${move.from}”变更为“${move.to}”。` : ''),
      facts: [...projectFacts(view), ...matchFacts(view)],
      nextStep: outcome === 'released' && !move ? zhReleasedNoMove : zh[outcome].next,
      link: projectLink(view),
    };
  },
  en: (view) => {
    const outcome = outcomeOf(view);
    const platform = field(view.event.data, 'platformId') ?? 'the platform';
    const subjectVerb = outcome === 'released' ? 'released' : outcome;
    const move = moveOf(view);
    return {
      subject: `Platform offer ${subjectVerb} (${platform})${move ? `, project now ${move.to}` : ''}: ${projectTitle(view)}`,
      heading: `The platform offer was ${subjectVerb}`,
      intro:
        (outcome === 'released'
          ? `The match of the project “${projectTitle(view)}” with ${platform} ${en[outcome].verb}.`
          : `${platform} ${en[outcome].verb} the offer of the project “${projectTitle(view)}”.`) +
        (move ? ` The project moved from “${move.from}” to “${move.to}”.` : ''),
      facts: [...projectFacts(view), ...matchFacts(view)],
      nextStep: outcome === 'released' && !move ? enReleasedNoMove : en[outcome].next,
      link: projectLink(view),
    };
  },
};
