import type { DomainEvent, Locale } from '@wuhan/domain';
import { headerSafe, headersSafe } from './header-text.js';
import type { OutgoingMail } from './mailer.js';
import { type TemplateId, templates } from './templates/index.js';
import { layout } from './templates/layout.js';
import type { MailView, ProjectFacts, RenderedMail } from './templates/types.js';

/** Links in emails point at the API (the only public surface), built from API_BASE_URL. */
export function linksFor(apiBaseUrl: string, project: ProjectFacts | undefined): MailView['links'] {
  const base = apiBaseUrl.replace(/\/+$/, '');
  return {
    api: base,
    ...(project ? { project: `${base}/v1/projects/${encodeURIComponent(project.id)}` } : {}),
    ...(project?.nominationId
      ? { nomination: `${base}/v1/nominations/${encodeURIComponent(project.nominationId)}` }
      : {}),
  };
}

export function viewFor(
  event: DomainEvent,
  project: ProjectFacts | undefined,
  recipient: { name: string; locale: Locale },
  apiBaseUrl: string,
): MailView {
  return {
    locale: recipient.locale,
    recipient: { name: recipient.name },
    event,
    project,
    links: linksFor(apiBaseUrl, project),
  };
}

/** Renders one event template for one recipient: subject, HTML and text in the recipient's language. */
export function renderEventMail(template: TemplateId, view: MailView): RenderedMail {
  const content = templates[template][view.locale](view);
  return layout(content, {
    locale: view.locale,
    recipientName: view.recipient.name,
    reference: `${view.event.id} / ${view.event.correlationId}`,
  });
}

export function outgoingMail(
  rendered: RenderedMail,
  to: string,
  from: string,
  event: { id: string; type: string; correlationId: string },
): OutgoingMail {
  // Every header is built here, for every transport: the subject and header values lose bidi controls.
  return {
    from,
    to,
    ...rendered,
    subject: headerSafe(rendered.subject),
    headers: headersSafe({
      'X-Event-Id': event.id,
      'X-Event-Type': event.type,
      'X-Correlation-Id': event.correlationId,
    }),
  };
}
