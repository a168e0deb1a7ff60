/**
 * What every validator of the package reports, and the pieces they share: one issue type, one
 * message format, "empty means missing", "parse this if it is JSON text", and the bridge from zod
 * (which parses every untrusted body) to that issue type.
 *
 * zod comes from the n8n that loads the package (n8n ships it and puts its own modules on the
 * resolution path); the `zod/v4` subpath exists in zod 3.25 (n8n 2.8) and in zod 4 alike.
 */
import { z } from 'zod/v4';

/** One problem with one field: the message names the field, the rule and the offending value. */
export interface ValidationIssue {
	field: string;
	rule: string;
	value: unknown;
	message: string;
}

/** The label the editor shows for a wire key, when the node has a field for it. */
export type LabelOf = (key: string) => string | undefined;

/** A field as an error names it: "Title (`title`)"; a key with no field in the editor: `Field "json"`. */
export function fieldName(key: string, labelOf?: LabelOf): string {
	const label = labelOf?.(key);
	return label ? `${label} (\`${key}\`)` : `Field "${key}"`;
}

/**
 * Whether a text may be sent as an HTTP header name: a token of RFC 9110 (letters, digits and
 * ! # $ % & ' * + - . ^ _ ` | ~), nothing else, no spaces.
 */
export function isHttpHeaderName(name: string): boolean {
	return /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name);
}

/** How a value reads in an error message: short, typed, and never a whole payload. */
export function describe(value: unknown): string {
	if (value === null) return 'null';
	if (value === undefined) return 'nothing';
	if (Array.isArray(value)) return 'a list';
	if (typeof value === 'string')
		return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
	if (typeof value === 'object') return 'an object';
	return `${typeof value} ${String(value)}`;
}

/** The one message format: ``Title (`title`) must be at most 40 characters, has 41; got "..."``. */
export function issue(
	field: string,
	rule: string,
	value: unknown,
	problem: string,
	labelOf?: LabelOf,
): ValidationIssue {
	return {
		field,
		rule,
		value,
		message: `${fieldName(field, labelOf)} ${problem}; got ${describe(value)}`,
	};
}

/** Several issues as one message, each on its own line, prefixed with the item when given. */
export function formatIssueList(issues: ValidationIssue[], itemIndex?: number): string {
	const prefix = itemIndex === undefined ? '' : `Item ${itemIndex}: `;
	return issues.map((i) => prefix + i.message).join('\n');
}

/** Length as a person counts it: an emoji or a Devanagari letter is one, not two UTF-16 units. */
export function codePointLength(text: string): number {
	// One less per surrogate pair; a lone surrogate counts as one, as the string iterator does.
	let count = text.length;
	for (let index = 0; index < text.length - 1; index++) {
		const unit = text.charCodeAt(index);
		const next = text.charCodeAt(index + 1);
		if (unit >= 0xd800 && unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
			count--;
			index++;
		}
	}
	return count;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Empty means missing: nothing, null, or text that is only blanks. */
export function isBlank(value: unknown): boolean {
	return (
		value === undefined || value === null || (typeof value === 'string' && value.trim() === '')
	);
}

export type JsonTextResult = { ok: true; value: unknown } | { ok: false; issue: ValidationIssue };

/** Parses a value if it is JSON text (n8n hands JSON parameters over as text or as objects). */
export function parseIfJsonText(value: unknown, field: string, labelOf?: LabelOf): JsonTextResult {
	if (typeof value !== 'string') return { ok: true, value };
	try {
		return { ok: true, value: JSON.parse(value) };
	} catch (error) {
		return {
			ok: false,
			issue: issue(
				field,
				'json',
				value,
				`is not valid JSON (${(error as Error).message})`,
				labelOf,
			),
		};
	}
}

/** The rule names of zod's own checks, as this package's messages call them. */
const RULE_OF_ZOD_CODE: Record<string, string> = {
	invalid_type: 'type',
	invalid_union: 'type',
	invalid_value: 'oneOf',
	invalid_format: 'format',
	too_big: 'maxLength',
	too_small: 'minLength',
	unrecognized_keys: 'notAllowed',
};

/**
 * A check of ours inside a zod schema: `rule` names it in the issue, `problem` is the message text
 * after the field name (it may read the offending value).
 */
export function rule<T>(
	name: string,
	problem: string | ((value: T) => string),
): { error: (iss: { input: unknown }) => string; params: { rule: string }; abort: true } {
	return {
		error: (iss) => (typeof problem === 'function' ? problem(iss.input as T) : problem),
		params: { rule: name },
		abort: true,
	};
}

/** A value that must be there (not blank), then satisfy `schema`. */
export function required<S extends z.ZodType>(schema: S, problem = 'is required') {
	return z.custom<unknown>((value) => !isBlank(value), rule('required', problem)).pipe(schema);
}

/**
 * Text that must be there: one schema, no pipe (campaign fields are on the hot path). A missing
 * value fails the type check, which parseWith reports as "required".
 */
export function requiredText(problem = 'is required') {
	return z
		.string({ error: (iss) => (isBlank(iss.input) ? problem : 'must be text') })
		.refine((value) => value.trim() !== '', rule('required', problem));
}

const blankAsAbsent = (value: unknown) => (isBlank(value) ? undefined : value);

/**
 * A value that may be left out (blank is the same as absent), else must satisfy `schema`. Blank
 * becomes undefined through an overwrite check rather than z.preprocess: zod's transform step
 * creates a closure on every value it parses. An absent key stays absent in the output; a blank
 * one comes out as undefined.
 */
export function optional<S extends z.ZodType>(schema: S) {
	return z.unknown().overwrite(blankAsAbsent).pipe(schema.optional()).optional();
}

/** Every key not in the shape is an issue; `problem` says why, from the key. */
export function noOtherKeys(problem: (key: string) => string) {
	return z.custom<never>(() => false, {
		error: (iss) => problem(String(iss.path?.[iss.path.length - 1] ?? '')),
		params: { rule: 'notAllowed' },
	});
}

export type Parsed<T> = { ok: true; data: T } | { ok: false; issues: ValidationIssue[] };

/** The value at a path of an issue, as the sender wrote it (before any transform). */
function valueAt(input: unknown, path: PropertyKey[]): unknown {
	let value = input;
	for (const key of path)
		value =
			isPlainObject(value) || Array.isArray(value)
				? (value as Record<PropertyKey, unknown>)[key]
				: undefined;
	return value;
}

/** `contents[2].ttl`: list positions in brackets, keys after dots. */
function fieldPath(prefix: string, path: PropertyKey[]): string {
	let field = prefix;
	for (const key of path)
		field += typeof key === 'number' ? `[${key}]` : field === '' ? String(key) : `.${String(key)}`;
	return field;
}

/** How issues of one parse are named: `prefix` goes before every path, `labelOf` names fields. */
export interface ParseNaming {
	prefix?: string;
	labelOf?: LabelOf;
}

/** Runs a zod schema and reports in this package's terms. */
export function parseWith<S extends z.ZodType>(
	schema: S,
	value: unknown,
	{ prefix = '', labelOf }: ParseNaming = {},
): Parsed<z.output<S>> {
	// Without parse options: zod's compiled fast path for objects is then many times faster.
	const result = schema.safeParse(value);
	if (result.success) return { ok: true, data: result.data };
	return {
		ok: false,
		issues: result.error.issues.map((found) => {
			const field = fieldPath(prefix, found.path) || 'body';
			const params = (found as { params?: { rule?: string } }).params;
			const input = valueAt(value, found.path);
			const ruleName =
				params?.rule ??
				(found.code === 'invalid_type' && isBlank(input) ? 'required' : undefined) ??
				RULE_OF_ZOD_CODE[found.code] ??
				found.code;
			return issue(field, ruleName, input, found.message, labelOf);
		}),
	};
}

/** Whether `value` has exactly the keys of `last` with the same values (none of them undefined). */
function sameValues(
	value: Record<string, unknown>,
	last: Record<string, unknown>,
	lastKeys: number,
): boolean {
	let keys = 0;
	for (const key in value) {
		const own = value[key];
		if (own === undefined || own !== last[key]) return false;
		keys++;
	}
	return keys === lastKeys;
}

/** Only text, numbers and booleans: an object value could change in place after it was parsed. */
function primitiveValues(value: Record<string, unknown>): number | undefined {
	let keys = 0;
	for (const key in value) {
		const type = typeof value[key];
		if (type !== 'string' && type !== 'number' && type !== 'boolean') return undefined;
		keys++;
	}
	return keys;
}

/**
 * parseWith for objects that come again and again with the same values (Send: one campaign for
 * many receivers, item after item). The last valid input's values and its result are kept; an
 * input with the same own keys and values gets that same result (one shared object, never
 * changed) without being parsed again. Any other input is parsed by `schema` as usual, so zod
 * stays the only judge of what is valid.
 */
export function parserRememberingLast<T>(
	schema: z.ZodType<T>,
	naming: ParseNaming,
	finish: (data: T) => T = (data) => data,
): (value: Record<string, unknown>) => Parsed<T> {
	let lastInput: Record<string, unknown> | undefined;
	let lastKeys = 0;
	let lastResult: Parsed<T> | undefined;
	return (value) => {
		if (lastInput !== undefined && sameValues(value, lastInput, lastKeys)) return lastResult!;
		const parsed = parseWith(schema, value, naming);
		if (!parsed.ok) return parsed;
		const result: Parsed<T> = { ok: true, data: finish(parsed.data) };
		const keys = primitiveValues(value);
		if (keys !== undefined) {
			lastInput = { ...value };
			lastKeys = keys;
			lastResult = result;
		}
		return result;
	};
}
