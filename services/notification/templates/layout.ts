import type { Locale } from '@wuhan/domain';
import { html, subjectLine } from './render.js';
import type { MailContent, RenderedMail } from './types.js';

const prefix: Record<Locale, string> = { 'zh-CN': '【颠覆性技术】', en: '[Disruptive Tech] ' };

const footer: Record<Locale, (reference: string) => string[]> = {
  'zh-CN': (reference) => [
    '此邮件由武汉市颠覆性技术创新项目管理平台自动发送，请勿直接回复。',
    `参考编号：${reference}`,
  ],
  en: (reference) => [
    'Sent automatically by the Wuhan disruptive-technology programme platform; please do not reply.',
    `Reference: ${reference}`,
  ],
};

const greeting: Record<Locale, (name: string) => string> = {
  'zh-CN': (name) => `${name}，您好：`,
  en: (name) => `Dear ${name},`,
};

const nextStepLabel: Record<Locale, string> = { 'zh-CN': '下一步', en: 'What to do next' };
const colon: Record<Locale, string> = { 'zh-CN': '：', en: ': ' };

export interface LayoutContext {
  locale: Locale;
  recipientName: string;
  /** Ids a person quotes when asking about this email (the event and correlation ids). */
  reference: string;
}

/** Turns what an email says into its subject, HTML and text; the only place that knows how email looks. */
export function layout(content: MailContent, context: LayoutContext): RenderedMail {
  const { locale, recipientName } = context;
  const facts = content.facts.filter(([, value]) => value !== undefined && value !== '');
  const list = content.list ?? [];
  const footerLines = footer[locale](context.reference);
  const subject = subjectLine(`${prefix[locale]}${content.subject}`);

  const body = html`<!doctype html>
<html lang="${locale}">
<head><meta charset="utf-8"><title>${subject}</title></head>
<body style="font-family: 'PingFang SC', 'Microsoft YaHei', Arial, sans-serif; color: #1f2933; max-width: 640px; margin: 0 auto; padding: 16px;">
<h2 style="color: #0b4f8a; margin-top: 0;">${content.heading}</h2>
<p>${greeting[locale](recipientName)}</p>
<p>${content.intro}</p>
${
  facts.length > 0
    ? html`<table style="border-collapse: collapse; margin: 12px 0;">
${facts.map(
  ([
    label,
    value,
  ]) => html`<tr><th style="text-align: left; padding: 4px 12px 4px 0; color: #52606d; font-weight: normal; vertical-align: top;">${label}</th><td style="padding: 4px 0;">${value}</td></tr>
`,
)}</table>`
    : ''
}
${
  list.length > 0
    ? html`<ul>
${list.map(
  (
    item,
  ) => html`<li style="margin: 6px 0;">${item.url ? html`<a href="${item.url}" style="color: #0b4f8a;">${item.text}</a>` : item.text}</li>
`,
)}</ul>`
    : ''
}
<p><strong>${nextStepLabel[locale]}${colon[locale]}</strong>${content.nextStep}</p>
${content.link ? html`<p><a href="${content.link.url}" style="color: #0b4f8a;">${content.link.label}</a></p>` : ''}
<hr style="border: none; border-top: 1px solid #e4e7eb;">
${footerLines.map((line) => html`<p style="color: #7b8794; font-size: 12px; margin: 4px 0;">${line}</p>`)}
</body>
</html>
`;

  const text = [
    content.heading,
    '',
    greeting[locale](recipientName),
    content.intro,
    '',
    ...facts.map(([label, value]) => `${label}${colon[locale]}${value}`),
    ...(facts.length > 0 ? [''] : []),
    ...list.map((item) => `- ${item.text}${item.url ? `\n  ${item.url}` : ''}`),
    ...(list.length > 0 ? [''] : []),
    `${nextStepLabel[locale]}${colon[locale]}${content.nextStep}`,
    ...(content.link ? [`${content.link.label}${colon[locale]}${content.link.url}`] : []),
    '',
    '--',
    ...footerLines,
    '',
  ].join('\n');

  return { subject, html: body.value, text };
}
