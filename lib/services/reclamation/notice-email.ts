import "server-only";
import { DEFAULT_NOTICE_BODY, DEFAULT_NOTICE_SUBJECT, type NoticeValues } from "./notice-template";

/*
 * The emails a notified person receives, built from the rule's template (or the built-in one) by
 * pure functions: placeholders in double braces, the same links in the plain text and the HTML.
 */

export function fill(template: string, values: NoticeValues): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) => (key in values ? values[key as keyof NoticeValues] : whole));
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** Simple HTML of a plain text: paragraphs, line breaks, and every link clickable. */
export function textToHtml(text: string): string {
  const paragraphs = text.split(/\n{2,}/).map((p) =>
    escapeHtml(p)
      .replace(/https?:\/\/[^\s<]+/g, (url) => `<a href="${url}">${url}</a>`)
      .replace(/\n/g, "<br>"),
  );
  return `<!doctype html><html><body style="font-family: sans-serif; line-height: 1.5">${paragraphs.map((p) => `<p>${p}</p>`).join("")}</body></html>`;
}

export function noticeMail(template: { subject: string | null; body: string | null }, values: NoticeValues, kind: "notice" | "reminder") {
  const subject = fill(template.subject ?? DEFAULT_NOTICE_SUBJECT, values);
  const body = fill(template.body ?? DEFAULT_NOTICE_BODY, values);
  const text = kind === "reminder" ? `Reminder: this happens tomorrow.\n\n${body}` : body;
  return { subject: kind === "reminder" ? `Reminder: ${subject}` : subject, text, html: textToHtml(text) };
}

/** The answer to a Keep that a sam_admin declined: the person is told, in words, and nothing else changes. */
export function declinedMail(values: Pick<NoticeValues, "name" | "product">, reason: string) {
  const text = `Hello ${values.name},\n\nYou asked to keep your ${values.product} license: you keep it. ${reason}\n\nYour software asset management team`;
  return { subject: `You keep your ${values.product} license`, text, html: textToHtml(text) };
}
