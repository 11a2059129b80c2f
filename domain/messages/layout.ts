/**
 * How every message of the platform looks: a plain-text body (always present, the accessible
 * alternative) and the same words as simple, accessible HTML (language set, one heading, real
 * paragraphs, a descriptive link to act, strong contrast, no images).
 */
export interface MessageContent {
  subject: string;
  /** Heading of the HTML body; the subject when absent. */
  title?: string;
  paragraphs: string[];
  /** A code to type (login code), set apart in both bodies. */
  code?: string;
  /** The link to act: `lead` introduces it in the text body, `label` names it in HTML. */
  action?: { lead: string; label: string; url: string };
  /** Lines after the action (validity, "ignore this message if…"). */
  notes?: string[];
  /** A short list (the items of a digest), each with its own link. */
  items?: { label: string; url: string }[];
}

export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
}

export const messageSignature = '— Parcours, plateforme d’orientation et d’admission';

export function renderMessage(content: MessageContent): RenderedMessage {
  return { subject: content.subject, text: renderText(content), html: renderHtml(content) };
}

function renderText(content: MessageContent): string {
  const lines = ['Bonjour,', ...content.paragraphs];
  if (content.code) lines.push('', `    ${content.code}`, '');
  if (content.items) for (const item of content.items) lines.push(`- ${item.label} : ${item.url}`);
  if (content.action) lines.push('', `${content.action.lead} : ${content.action.url}`);
  if (content.notes?.length) lines.push('', ...content.notes);
  lines.push('', messageSignature);
  return lines.join('\n');
}

const colours = { text: '#161616', blue: '#000091', muted: '#3a3a3a', border: '#dddddd' };

function renderHtml(content: MessageContent): string {
  const paragraph = (text: string) => `<p style="margin:0 0 16px">${escapeHtml(text)}</p>`;
  const parts = [
    `<h1 style="font-size:22px;line-height:28px;margin:0 0 24px;color:${colours.blue}">${escapeHtml(content.title ?? content.subject)}</h1>`,
    paragraph('Bonjour,'),
    ...content.paragraphs.map(paragraph),
  ];
  if (content.code) {
    parts.push(
      `<p style="margin:0 0 16px">Code : <strong style="font-size:28px;letter-spacing:6px;font-family:monospace">${escapeHtml(content.code)}</strong></p>`,
    );
  }
  if (content.items?.length) {
    parts.push(
      `<ul style="margin:0 0 16px;padding-left:24px">${content.items
        .map(
          (item) =>
            `<li style="margin:0 0 8px"><a href="${escapeHtml(item.url)}" style="color:${colours.blue}">${escapeHtml(item.label)}</a></li>`,
        )
        .join('')}</ul>`,
    );
  }
  if (content.action) {
    parts.push(
      `<p style="margin:24px 0"><a href="${escapeHtml(content.action.url)}" style="display:inline-block;padding:12px 20px;background:${colours.blue};color:#ffffff;text-decoration:underline;font-weight:bold">${escapeHtml(content.action.label)}</a></p>`,
      `<p style="margin:0 0 16px;font-size:14px;color:${colours.muted}">${escapeHtml(content.action.lead)} : <a href="${escapeHtml(content.action.url)}" style="color:${colours.blue}">${escapeHtml(content.action.url)}</a></p>`,
    );
  }
  for (const note of content.notes ?? []) {
    parts.push(`<p style="margin:0 0 16px;font-size:14px;color:${colours.muted}">${escapeHtml(note)}</p>`);
  }
  parts.push(
    `<p style="margin:32px 0 0;padding-top:16px;border-top:1px solid ${colours.border};font-size:14px;color:${colours.muted}">${escapeHtml(messageSignature)}</p>`,
  );
  return [
    '<!doctype html>',
    '<html lang="fr" dir="ltr">',
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(content.subject)}</title></head>`,
    `<body style="margin:0;padding:0;background:#ffffff;color:${colours.text};font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:24px">`,
    `<div role="article" aria-label="${escapeHtml(content.subject)}" lang="fr" style="max-width:600px;margin:0 auto;padding:24px">`,
    ...parts,
    '</div></body></html>',
  ].join('\n');
}

export function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/**
 * HTML for a message written as plain text only (blank lines between paragraphs): the same words,
 * escaped, with its addresses as links, in the same accessible frame.
 */
export function htmlFromText(subject: string, text: string): string {
  const linked = (line: string) =>
    escapeHtml(line).replace(
      /https?:\/\/[^\s<&]+/g,
      (url) => `<a href="${url}" style="color:${colours.blue}">${url}</a>`,
    );
  const paragraphs = text
    .split(/\n\s*\n/)
    .map((block) => block.trim())
    .filter((block) => block.length > 0)
    .map((block) => `<p style="margin:0 0 16px">${block.split('\n').map(linked).join('<br>')}</p>`);
  return [
    '<!doctype html>',
    '<html lang="fr" dir="ltr">',
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(subject)}</title></head>`,
    `<body style="margin:0;padding:0;background:#ffffff;color:${colours.text};font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:24px">`,
    `<div role="article" aria-label="${escapeHtml(subject)}" lang="fr" style="max-width:600px;margin:0 auto;padding:24px">`,
    `<h1 style="font-size:22px;line-height:28px;margin:0 0 24px;color:${colours.blue}">${escapeHtml(subject)}</h1>`,
    ...paragraphs,
    '</div></body></html>',
  ].join('\n');
}
