import { z } from "zod";

/**
 * Characters no form field sends and the database cannot take as they are: NUL (PostgreSQL text
 * cannot hold it, the query fails), the other C0 control characters and DEL, and a lone UTF-16
 * surrogate (not Unicode: jsonb refuses it, text stores a replacement character). Tab, line feed
 * and carriage return stay allowed for text areas.
 */
export function hasForbiddenCharacters(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 127) return true;
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return true;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) return true;
  }
  return false;
}

export const FORBIDDEN_CHARACTERS_MESSAGE = "Remove the control characters (such as NUL) and broken characters from this field.";

/** A string without forbidden characters, not trimmed: passwords and templates keep their spaces. */
export function rawTextField(max: number) {
  return z.string().max(max, `Use at most ${max} characters.`).refine((v) => !hasForbiddenCharacters(v), FORBIDDEN_CHARACTERS_MESSAGE);
}

/**
 * The string field of the input schemas: trimmed, at most `max` characters, without forbidden
 * characters, so that hostile input is a field error and never a failed query. `required` is the
 * message for an empty value; without it the field may be empty.
 */
export function textField(max: number, required?: string) {
  const field = z.string().trim().max(max, `Use at most ${max} characters.`).refine((v) => !hasForbiddenCharacters(v), FORBIDDEN_CHARACTERS_MESSAGE);
  return required ? field.min(1, required) : field;
}
