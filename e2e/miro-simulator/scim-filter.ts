/**
 * SCIM filter parser and evaluator (RFC 7644 §3.4.2.2, as Miro documents it in §3.4): operators
 * eq ne co sw ew pr gt ge lt le, logical and/or/not, parentheses, value paths (emails[type eq "work"]),
 * dotted sub-attributes and URN-qualified attributes. Attribute names and operators are
 * case-insensitive; string comparisons are case-insensitive (caseExact=false, as for userName).
 * Also parses PATCH paths such as `roles[primary eq true].value`.
 */

export class ScimFilterError extends Error {}

export interface AttrPath {
  /** Lower-cased schema URN, when the attribute was written fully qualified. */
  schema?: string;
  /** Lower-cased attribute name. */
  name: string;
  /** Lower-cased sub-attribute name. */
  sub?: string;
}

export type FilterValue =
  | { kind: "string"; value: string }
  | { kind: "boolean"; value: boolean }
  | { kind: "null" }
  /** Raw text is kept: 19-digit ids written as bare numbers would lose precision as doubles. */
  | { kind: "number"; raw: string; value: number };

export type CompareOp = "eq" | "ne" | "co" | "sw" | "ew" | "gt" | "ge" | "lt" | "le";

export type Filter =
  | { type: "and" | "or"; left: Filter; right: Filter }
  | { type: "not"; expr: Filter }
  | { type: "present"; attr: AttrPath }
  | { type: "compare"; attr: AttrPath; op: CompareOp; value: FilterValue }
  | { type: "valuePath"; attr: AttrPath; filter: Filter };

type Token =
  | { type: "lparen" | "rparen" | "lbracket" | "rbracket"; pos: number }
  | { type: "string"; value: string; pos: number }
  | { type: "word"; value: string; pos: number };

const COMPARE_OPS = new Set<string>(["eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le"]);

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i] ?? "";
    if (/\s/.test(ch)) {
      i += 1;
    } else if (ch === "(" || ch === ")" || ch === "[" || ch === "]") {
      const type = ch === "(" ? "lparen" : ch === ")" ? "rparen" : ch === "[" ? "lbracket" : "rbracket";
      tokens.push({ type, pos: i });
      i += 1;
    } else if (ch === '"') {
      let j = i + 1;
      let escaped = false;
      while (j < text.length) {
        const c = text[j];
        if (escaped) escaped = false;
        else if (c === "\\") escaped = true;
        else if (c === '"') break;
        j += 1;
      }
      if (j >= text.length) throw new ScimFilterError(`Unterminated string starting at position ${i}`);
      const literal = text.slice(i, j + 1);
      let value: string;
      try {
        value = JSON.parse(literal) as string;
      } catch {
        throw new ScimFilterError(`Invalid string literal ${literal}`);
      }
      tokens.push({ type: "string", value, pos: i });
      i = j + 1;
    } else {
      let j = i;
      while (j < text.length && /[A-Za-z0-9_$.:\-+]/.test(text[j] ?? "")) j += 1;
      if (j === i) throw new ScimFilterError(`Unexpected character '${ch}' at position ${i}`);
      tokens.push({ type: "word", value: text.slice(i, j), pos: i });
      i = j;
    }
  }
  return tokens;
}

export function parseAttrPath(word: string): AttrPath {
  let schema: string | undefined;
  let rest = word;
  if (/^urn:/i.test(word)) {
    const colon = word.lastIndexOf(":");
    schema = word.slice(0, colon).toLowerCase();
    rest = word.slice(colon + 1);
  }
  if (!/^[A-Za-z$][A-Za-z0-9_$-]*(\.[A-Za-z$][A-Za-z0-9_$-]*)?$/.test(rest)) {
    throw new ScimFilterError(`Invalid attribute path '${word}'`);
  }
  const [name = "", sub] = rest.toLowerCase().split(".");
  return sub === undefined ? { ...(schema ? { schema } : {}), name } : { ...(schema ? { schema } : {}), name, sub };
}

class Parser {
  private index = 0;
  constructor(private readonly tokens: Token[], private readonly text: string) {}

  peek(): Token | undefined {
    return this.tokens[this.index];
  }

  next(): Token {
    const token = this.tokens[this.index];
    if (!token) throw new ScimFilterError(`Unexpected end of filter '${this.text}'`);
    this.index += 1;
    return token;
  }

  atEnd(): boolean {
    return this.index >= this.tokens.length;
  }

  isKeyword(keyword: string): boolean {
    const token = this.peek();
    return token?.type === "word" && token.value.toLowerCase() === keyword;
  }

  expect(type: Token["type"]): void {
    const token = this.next();
    if (token.type !== type) throw new ScimFilterError(`Expected ${type} at position ${token.pos}`);
  }

  parseOr(): Filter {
    let left = this.parseAnd();
    while (this.isKeyword("or")) {
      this.next();
      left = { type: "or", left, right: this.parseAnd() };
    }
    return left;
  }

  parseAnd(): Filter {
    let left = this.parseUnary();
    while (this.isKeyword("and")) {
      this.next();
      left = { type: "and", left, right: this.parseUnary() };
    }
    return left;
  }

  parseUnary(): Filter {
    if (this.isKeyword("not")) {
      this.next();
      return { type: "not", expr: this.parseUnary() };
    }
    const token = this.peek();
    if (token?.type === "lparen") {
      this.next();
      const inner = this.parseOr();
      this.expect("rparen");
      return inner;
    }
    return this.parseAttrExpr();
  }

  parseAttrExpr(): Filter {
    const token = this.next();
    if (token.type !== "word") throw new ScimFilterError(`Expected an attribute at position ${token.pos}`);
    const attr = parseAttrPath(token.value);
    if (this.peek()?.type === "lbracket") {
      this.next();
      const filter = this.parseOr();
      this.expect("rbracket");
      return { type: "valuePath", attr, filter };
    }
    const opToken = this.next();
    const op = opToken.type === "word" ? opToken.value.toLowerCase() : "";
    if (op === "pr") return { type: "present", attr };
    if (!COMPARE_OPS.has(op)) throw new ScimFilterError(`Unknown operator at position ${opToken.pos}`);
    const value = this.parseValue();
    if ((value.kind === "boolean" || value.kind === "null") && !["eq", "ne"].includes(op)) {
      throw new ScimFilterError(`Operator '${op}' is not defined for ${value.kind} values`);
    }
    return { type: "compare", attr, op: op as CompareOp, value };
  }

  parseValue(): FilterValue {
    const token = this.next();
    if (token.type === "string") return { kind: "string", value: token.value };
    if (token.type !== "word") throw new ScimFilterError(`Expected a value at position ${token.pos}`);
    const lower = token.value.toLowerCase();
    if (lower === "true" || lower === "false") return { kind: "boolean", value: lower === "true" };
    if (lower === "null") return { kind: "null" };
    if (/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(token.value)) return { kind: "number", raw: token.value, value: Number(token.value) };
    throw new ScimFilterError(`Invalid value '${token.value}' at position ${token.pos}`);
  }
}

export function parseFilter(text: string): Filter {
  const parser = new Parser(tokenize(text), text);
  if (parser.atEnd()) throw new ScimFilterError("Empty filter");
  const filter = parser.parseOr();
  if (!parser.atEnd()) throw new ScimFilterError(`Unexpected input at position ${parser.peek()?.pos ?? text.length}`);
  return filter;
}

export interface PatchPath {
  attr: AttrPath;
  filter?: Filter;
  /** Sub-attribute after a value filter, as in roles[primary eq true].value. */
  sub?: string;
}

export function parsePatchPath(text: string): PatchPath {
  const bracket = text.indexOf("[");
  if (bracket < 0) return { attr: parseAttrPath(text.trim()) };
  const close = text.lastIndexOf("]");
  if (close < bracket) throw new ScimFilterError(`Invalid path '${text}'`);
  const attr = parseAttrPath(text.slice(0, bracket).trim());
  const filter = parseFilter(text.slice(bracket + 1, close));
  const tail = text.slice(close + 1).trim();
  if (tail === "") return { attr, filter };
  if (!/^\.[A-Za-z$][A-Za-z0-9_$-]*$/.test(tail)) throw new ScimFilterError(`Invalid path '${text}'`);
  return { attr, filter, sub: tail.slice(1).toLowerCase() };
}

// ---- evaluation -------------------------------------------------------------------------------

/** Returns the attribute's value for a resource (undefined when absent; arrays for multi-valued). */
export type AttributeResolver = (attr: AttrPath) => unknown;

/** Core-schema attributes live at the top level of a resource; extension attributes under their URN. */
export function isCoreSchema(schema: string): boolean {
  return schema.toLowerCase().startsWith("urn:ietf:params:scim:schemas:core:2.0:");
}

/** Case-insensitive property lookup, for generic JSON resources. */
export function getCaseInsensitive(obj: unknown, key: string): unknown {
  if (typeof obj !== "object" || obj === null || Array.isArray(obj)) return undefined;
  const record = obj as Record<string, unknown>;
  if (key in record) return record[key];
  const lower = key.toLowerCase();
  for (const k of Object.keys(record)) if (k.toLowerCase() === lower) return record[k];
  return undefined;
}

/** Resolver over a plain JSON resource (used for value-path elements and generic resources). */
export function objectResolver(resource: unknown): AttributeResolver {
  return (attr) => {
    let base: unknown = resource;
    if (attr.schema && !isCoreSchema(attr.schema)) base = getCaseInsensitive(resource, attr.schema);
    const value = getCaseInsensitive(base, attr.name);
    if (attr.sub === undefined) return value;
    if (Array.isArray(value)) return value.map((item) => getCaseInsensitive(item, attr.sub ?? ""));
    return getCaseInsensitive(value, attr.sub);
  };
}

export function evaluateFilter(filter: Filter, resolve: AttributeResolver): boolean {
  switch (filter.type) {
    case "and":
      return evaluateFilter(filter.left, resolve) && evaluateFilter(filter.right, resolve);
    case "or":
      return evaluateFilter(filter.left, resolve) || evaluateFilter(filter.right, resolve);
    case "not":
      return !evaluateFilter(filter.expr, resolve);
    case "present":
      return candidates(resolve(filter.attr), filter.attr).some(isPresent);
    case "valuePath": {
      const raw = resolve({ ...filter.attr, sub: undefined });
      const elements = Array.isArray(raw) ? raw : raw === undefined || raw === null ? [] : [raw];
      return elements.some((element) => evaluateFilter(filter.filter, objectResolver(element)));
    }
    case "compare": {
      const values = candidates(resolve(filter.attr), filter.attr).filter((v) => v !== undefined && v !== null);
      if (filter.op === "eq") return filter.value.kind === "null" ? values.length === 0 : values.some((v) => equals(v, filter.value));
      if (filter.op === "ne") return filter.value.kind === "null" ? values.length > 0 : !values.some((v) => equals(v, filter.value));
      return values.some((v) => compare(v, filter.op, filter.value));
    }
  }
}

/** Multi-valued complex attributes without a sub-attribute compare on their "value" sub-attribute. */
function candidates(raw: unknown, attr: AttrPath): unknown[] {
  const list = Array.isArray(raw) ? raw : [raw];
  if (attr.sub !== undefined) return list;
  return list.map((item) => (typeof item === "object" && item !== null && !Array.isArray(item) ? getCaseInsensitive(item, "value") : item));
}

function isPresent(value: unknown): boolean {
  if (value === undefined || value === null || value === "") return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === "object") return Object.keys(value).length > 0;
  return true;
}

function equals(actual: unknown, expected: FilterValue): boolean {
  switch (expected.kind) {
    case "string":
      return typeof actual === "string" && actual.toLowerCase() === expected.value.toLowerCase();
    case "boolean":
      return actual === expected.value || (typeof actual === "string" && actual.toLowerCase() === String(expected.value));
    case "number":
      return typeof actual === "number" ? actual === expected.value : typeof actual === "string" && actual === expected.raw;
    case "null":
      return actual === null || actual === undefined;
  }
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}T/;

function compare(actual: unknown, op: CompareOp, expected: FilterValue): boolean {
  if (expected.kind === "number") {
    const left = typeof actual === "number" ? actual : typeof actual === "string" && actual !== "" ? Number(actual) : NaN;
    if (Number.isNaN(left)) return false;
    return ordered(left, expected.value, op);
  }
  if (expected.kind !== "string" || typeof actual !== "string") return false;
  const a = actual.toLowerCase();
  const e = expected.value.toLowerCase();
  switch (op) {
    case "co":
      return a.includes(e);
    case "sw":
      return a.startsWith(e);
    case "ew":
      return a.endsWith(e);
    default:
      if (ISO_DATE.test(actual) && ISO_DATE.test(expected.value)) {
        const left = Date.parse(actual);
        const right = Date.parse(expected.value);
        if (!Number.isNaN(left) && !Number.isNaN(right)) return ordered(left, right, op);
      }
      return ordered(a, e, op);
  }
}

function ordered<T extends number | string>(a: T, b: T, op: CompareOp): boolean {
  switch (op) {
    case "gt":
      return a > b;
    case "ge":
      return a >= b;
    case "lt":
      return a < b;
    case "le":
      return a <= b;
    case "eq":
      return a === b;
    case "ne":
      return a !== b;
    default:
      return false;
  }
}
