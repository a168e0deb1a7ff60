/**
 * Validating and building Verified Campaign payloads, driven by matrix.ts: one zod schema per
 * cell of the matrix, built from it at load time, never written out by hand.
 */
import { z } from 'zod/v4';

import {
	CAMPAIGN_CELLS,
	CAMPAIGN_TYPES,
	CONTENT_FIELDS,
	type CampaignCell,
	type ContentFieldSpec,
	DISPLAY_UNITS,
	TEMPLATE_STYLES,
	TEXT_COLOURS,
	TTL_DAYS,
	WIRE,
	campaignFieldLabel,
	findCell,
	findDisplayUnit,
	findTemplateStyle,
} from './matrix';
import { sha256Hex, toTruecallerNumber } from '../../shared/phone';
import {
	type ValidationIssue,
	codePointLength,
	type ParseNaming,
	isBlank,
	isPlainObject,
	issue as namedIssue,
	noOtherKeys,
	optional,
	parseIfJsonText,
	parseWith,
	parserRememberingLast,
	requiredText,
	rule,
} from '../../shared/validation';

export type CampaignContent = Record<string, string>;

export interface CampaignProfile {
	campaign_id: string;
	campaign_name?: string;
	campaign_type?: string;
	receiver_number: string;
}

export interface CampaignPayload {
	profile: CampaignProfile;
	content: CampaignContent;
}

export interface CampaignRequest {
	/** Profile fields; empty values are left out of the payload. */
	profile: Record<string, unknown>;
	/** One receiver, a comma/semicolon/newline separated list, or an array of them. */
	receivers: unknown;
	/** Wire-keyed content, including display_unit, template_style and ttl. */
	content: Record<string, unknown>;
	/** The matrix cell of the content when the caller already knows it (found from it otherwise). */
	cell?: CampaignCell;
}

export interface BuildOptions {
	countryCode: string;
	hashReceivers: boolean;
}

export interface BuiltCampaigns {
	payloads: CampaignPayload[];
	issues: ValidationIssue[];
}

const HEX_COLOUR = /^#[0-9a-fA-F]{6}$/;
const APP_OR_WEB_LINK = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^\s]+$/;
const FORBIDDEN_LINK_SCHEMES = /^(javascript|data|vbscript|file):/i;
const IMAGE_PATH = /\.(jpe?g|png|gif)$/i;
const PROFILE_KEYS: string[] = [
	WIRE.campaignId,
	WIRE.campaignName,
	WIRE.campaignType,
	WIRE.receiverNumber,
];
const ACCEPTED_TEXT_COLOURS = new Set(
	[...Object.keys(TEXT_COLOURS), ...Object.values(TEXT_COLOURS)].map((c) => c.toLowerCase()),
);

const CAMPAIGN_NAMING: ParseNaming = { labelOf: campaignFieldLabel };

/** An issue of a campaign field, named by its label in the editor. */
export function issue(
	field: string,
	rule: string,
	value: unknown,
	problem: string,
): ValidationIssue {
	return namedIssue(field, rule, value, problem, campaignFieldLabel);
}

function isImageUrl(value: string): boolean {
	try {
		const url = new URL(value);
		return (url.protocol === 'http:' || url.protocol === 'https:') && IMAGE_PATH.test(url.pathname);
	} catch {
		return false;
	}
}

const textSchema = z.string({ error: 'must be text' });

/** The schema of one content field, from its rule in the matrix; `requiredProblem` when required. */
export function contentFieldSchema(
	spec: ContentFieldSpec,
	requiredProblem?: string,
): z.ZodType<string> {
	const text = requiredProblem ? requiredText(requiredProblem) : textSchema;
	switch (spec.rule) {
		case 'hexColour':
			return text.refine((v) => HEX_COLOUR.test(v), rule('format', 'must be a colour as #RRGGBB'));
		case 'textColour':
			return text.refine(
				(v) => ACCEPTED_TEXT_COLOURS.has(v.toLowerCase()),
				rule('oneOf', `must be black or white (${Object.values(TEXT_COLOURS).join(' or ')})`),
			);
		case 'text': {
			const max = spec.maxLength;
			if (max === undefined) return text;
			return text.refine(
				(v) => v.length <= max || codePointLength(v) <= max,
				rule<string>(
					'maxLength',
					(v) => `must be at most ${max} characters, has ${codePointLength(v)}`,
				),
			);
		}
		case 'link':
			return text.refine(
				(v) => APP_OR_WEB_LINK.test(v) && !FORBIDDEN_LINK_SCHEMES.test(v),
				rule('link', 'must be a web URL (https://...) or an app deeplink (myapp://...)'),
			);
		case 'imageUrl':
			return text.refine(
				isImageUrl,
				rule('imageUrl', 'must be an http(s) URL whose path ends in .jpg, .jpeg, .png or .gif'),
			);
	}
}

function isTtlDays(value: unknown): boolean {
	const days =
		typeof value === 'number'
			? value
			: typeof value === 'string' && /^\d+$/.test(value.trim())
				? Number(value)
				: NaN;
	return Number.isInteger(days) && days >= TTL_DAYS.min && days <= TTL_DAYS.max;
}

/** Time to live in days, as text or a number; sent as the text of the number. */
export const ttlSchema = z
	.custom<
		string | number
	>(isTtlDays, rule('range', `must be a whole number of days from ${TTL_DAYS.min} to ${TTL_DAYS.max}`))
	.overwrite((v) => String(Number(v)));

/** Each content field's own rule, for the places that check one value (preview, Send in Bulk). */
const FIELD_SCHEMAS = new Map(
	Object.values(CONTENT_FIELDS).map((spec) => [spec.wire, contentFieldSchema(spec)]),
);

/** Checks one content value against its field's rule. Returns the problem, or undefined. */
export function checkContentField(
	spec: ContentFieldSpec,
	value: unknown,
): ValidationIssue | undefined {
	const parsed = parseWith(FIELD_SCHEMAS.get(spec.wire)!, value, {
		...CAMPAIGN_NAMING,
		prefix: spec.wire,
	});
	return parsed.ok ? undefined : parsed.issues[0];
}

/**
 * A cell's content; a field of another cell is refused, not silently dropped. Built once per cell
 * of checks and overwrites only (no transform or preprocess step: see `optional`), so that a valid
 * campaign costs zod little more than one look at each value.
 */
function contentSchema(cell: CampaignCell): z.ZodType<Record<string, string | undefined>> {
	const { unit, style } = cell;
	const shape: Record<string, z.ZodType> = {
		[WIRE.displayUnit]: z.unknown().overwrite(() => unit.wire),
		[WIRE.templateStyle]: z.unknown().overwrite(() => style.wire),
		[WIRE.ttl]: optional(ttlSchema),
	};
	for (const [spec, presence] of cell.fields) {
		shape[spec.wire] =
			presence === 'required'
				? contentFieldSchema(spec, `is required for ${unit.label}, ${style.label}`)
				: optional(contentFieldSchema(spec));
	}
	const allowed = Object.keys(shape).join(', ');
	return z
		.object(shape)
		.catchall(
			noOtherKeys(
				(key) =>
					`${key in CONTENT_FIELDS ? 'does not belong to' : 'is not a Verified Campaign field of'} ${unit.label}, ${style.label} (allowed: ${allowed})`,
			),
		) as unknown as z.ZodType<Record<string, string | undefined>>;
}

/** One parser per cell of the matrix, built once: validation is on the hot path of Send. */
const CONTENT_PARSERS = new Map(
	CAMPAIGN_CELLS.map((cell) => [
		cell,
		parserRememberingLast(contentSchema(cell), CAMPAIGN_NAMING, withoutAbsent),
	]),
);

/** A display unit the matrix knows (its code or its name). */
export const displayUnitSchema = z.custom<unknown>(
	(v) => findDisplayUnit(v) !== undefined,
	rule('oneOf', `must be one of ${DISPLAY_UNITS.map((u) => u.wire).join(', ')}`),
);

const cellLocation = z.object({
	[WIRE.displayUnit]: displayUnitSchema,
	[WIRE.templateStyle]: z.custom<unknown>(
		(v) => findTemplateStyle(v) !== undefined,
		rule('oneOf', `must be one of ${TEMPLATE_STYLES.map((t) => t.wire).join(', ')}`),
	),
});

/** The cell that wire-keyed content names, or undefined. */
export function cellOf(content: Record<string, unknown>): CampaignCell | undefined {
	return findCell(content[WIRE.displayUnit], content[WIRE.templateStyle]);
}

/**
 * Optional keys given blank parse to undefined; the wire leaves them out. Copies only then: a
 * valid campaign's parsed object is used as it is.
 */
function withoutAbsent<T extends Record<string, unknown>>(parsed: T): T {
	for (const key in parsed) {
		if (parsed[key] === undefined)
			return Object.fromEntries(Object.entries(parsed).filter(([, v]) => v !== undefined)) as T;
	}
	return parsed;
}

/**
 * Validates wire-keyed content against its matrix cell (`cell`, found from the content when not
 * given) and returns the content as it goes on the wire (every value a string, empty optional
 * values left out); its problems go to `issues`.
 */
export function parseContent(
	content: Record<string, unknown>,
	cell: CampaignCell | undefined,
	issues: ValidationIssue[],
): CampaignContent {
	if (!cell) {
		const located = parseWith(cellLocation, content, CAMPAIGN_NAMING);
		if (!located.ok) issues.push(...located.issues);
		return {};
	}
	const parsed = CONTENT_PARSERS.get(cell)!(content);
	if (parsed.ok) return parsed.data as CampaignContent;
	issues.push(...parsed.issues);
	return {};
}

/** parseContent for one content object on its own (preview, sandbox, tests). */
export function validateContent(content: Record<string, unknown>): {
	content: CampaignContent;
	issues: ValidationIssue[];
} {
	const issues: ValidationIssue[] = [];
	return { content: parseContent(content, cellOf(content), issues), issues };
}

/** Splits the receivers parameter into single values: a list, or text separated by , ; or newlines. */
export function splitReceivers(receivers: unknown): unknown[] {
	if (Array.isArray(receivers)) return receivers.flatMap((r) => (Array.isArray(r) ? r : [r]));
	if (typeof receivers === 'string') {
		return receivers
			.split(/[,;\n]+/)
			.map((r) => r.trim())
			.filter((r) => r !== '');
	}
	return receivers === undefined || receivers === null ? [] : [receivers];
}

/** The campaign ID of the console: text or a number, sent as trimmed text. */
export function campaignIdSchema(requiredProblem = 'is required') {
	return z
		.custom<string | number>((id) => !isBlank(id), rule('required', requiredProblem))
		.refine(
			(id) => typeof id === 'string' || typeof id === 'number',
			rule('type', 'must be text or a number'),
		)
		.overwrite((id) => String(id).trim()) as unknown as z.ZodType<string>;
}

const profileSchema = z
	.object({
		[WIRE.campaignId]: campaignIdSchema(),
		[WIRE.campaignName]: optional(textSchema),
		[WIRE.campaignType]: optional(
			z.enum(CAMPAIGN_TYPES, { error: `must be one of ${CAMPAIGN_TYPES.join(', ')}` }),
		),
	})
	.catchall(
		noOtherKeys(() => `is not a profile field (allowed: ${PROFILE_KEYS.join(', ')})`),
	) as unknown as z.ZodType<Omit<CampaignProfile, 'receiver_number'>>;

const parseProfileObject = parserRememberingLast(profileSchema, CAMPAIGN_NAMING, withoutAbsent);

function parseProfile(
	profile: Record<string, unknown>,
	issues: ValidationIssue[],
): Omit<CampaignProfile, 'receiver_number'> {
	const parsed = parseProfileObject(profile);
	if (parsed.ok) return parsed.data;
	issues.push(...parsed.issues);
	return { campaign_id: '' };
}

export function wireReceivers(
	receivers: unknown,
	options: BuildOptions,
	issues: ValidationIssue[],
): string[] {
	const values = splitReceivers(receivers);
	if (values.length === 0)
		issues.push(
			issue(WIRE.receiverNumber, 'required', receivers, 'needs at least one phone number'),
		);
	const unique = new Set<string>();
	values.forEach((value, index) => {
		const result = toTruecallerNumber(value, options.countryCode);
		if (!result.ok) {
			const field = values.length > 1 ? `${WIRE.receiverNumber}[${index}]` : WIRE.receiverNumber;
			issues.push(issue(field, 'phone', value, result.reason));
			return;
		}
		unique.add(options.hashReceivers && !result.hashed ? sha256Hex(result.value) : result.value);
	});
	return [...unique];
}

/**
 * Builds one payload per receiver. Nothing is returned to send when anything is invalid: an item is
 * sent whole or not at all, so a fix never leaves half its receivers already contacted.
 */
export function buildCampaigns(request: CampaignRequest, options: BuildOptions): BuiltCampaigns {
	const issues: ValidationIssue[] = [];
	const profile = parseProfile(request.profile, issues);
	const receivers = wireReceivers(request.receivers, options, issues);
	const content = parseContent(request.content, request.cell ?? cellOf(request.content), issues);
	if (issues.length > 0) return { payloads: [], issues };
	return { payloads: campaignPayloads(profile, receivers, content), issues };
}

/** One payload per receiver from values already in wire form; they share the content object. */
export function campaignPayloads(
	profile: Omit<CampaignProfile, 'receiver_number'>,
	receivers: string[],
	content: CampaignContent,
): CampaignPayload[] {
	const payloads: CampaignPayload[] = new Array(receivers.length);
	for (let index = 0; index < receivers.length; index++)
		payloads[index] = { profile: { ...profile, receiver_number: receivers[index] }, content };
	return payloads;
}

/** The console's whole body: a profile and a content object, nothing else at the top level. */
const templateBodySchema = z
	.object({
		[WIRE.profile]: z
			.record(z.string(), z.unknown(), { error: 'must be a JSON object' })
			.optional()
			.default({}),
		[WIRE.content]: z.record(z.string(), z.unknown(), { error: 'must be a JSON object' }),
	})
	.catchall(
		noOtherKeys(
			() => `is not allowed at the top level (allowed: ${WIRE.profile}, ${WIRE.content})`,
		),
	);

const templateObject = z.record(z.string(), z.unknown(), { error: 'must be a JSON object' });

/**
 * Splits JSON pasted from the console's Template Generator into profile and content. Accepts the
 * whole `{profile, content}` body or the bare content object.
 */
export function splitTemplateJson(json: unknown): {
	profile: Record<string, unknown>;
	content: Record<string, unknown>;
	issues: ValidationIssue[];
} {
	const text = parseIfJsonText(json, 'json');
	if (!text.ok) return { profile: {}, content: {}, issues: [text.issue] };
	const object = parseWith(templateObject, text.value, { ...CAMPAIGN_NAMING, prefix: 'json' });
	if (!object.ok) return { profile: {}, content: {}, issues: object.issues };
	const body = object.data;
	if (!(WIRE.content in body) && !(WIRE.profile in body))
		return { profile: {}, content: body, issues: [] };
	const whole = parseWith(templateBodySchema, body, CAMPAIGN_NAMING);
	if (whole.ok) return { profile: whole.data.profile, content: whole.data.content, issues: [] };
	const { [WIRE.profile]: profile, [WIRE.content]: content } = body;
	return {
		profile: isPlainObject(profile) ? profile : {},
		content: isPlainObject(content) ? content : {},
		issues: whole.issues,
	};
}
