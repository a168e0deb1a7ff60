/**
 * Validating and building Verified Campaign payloads. Pure functions, driven by campaignMatrix.ts.
 */
import {
	CAMPAIGN_TYPES,
	CONTENT_FIELDS,
	type ContentFieldSpec,
	type DisplayUnitSpec,
	DISPLAY_UNITS,
	TEMPLATE_STYLES,
	TEXT_COLOURS,
	TTL_DAYS,
	type TemplateStyleSpec,
	WIRE,
	cellFields,
	findDisplayUnit,
	fieldName,
	findTemplateStyle,
} from './matrix';
import { sha256Hex, toTruecallerNumber } from '../../shared/phone';
import {
	type ValidationIssue,
	codePointLength,
	describe,
	isPlainObject,
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
const ENVELOPE_KEYS: string[] = [WIRE.displayUnit, WIRE.templateStyle, WIRE.ttl];

export function issue(
	field: string,
	rule: string,
	value: unknown,
	problem: string,
): ValidationIssue {
	return {
		field,
		rule,
		value,
		message: `${fieldName(field)} ${problem}; got ${describe(value)}`,
	};
}

function isBlank(value: unknown): boolean {
	return (
		value === undefined || value === null || (typeof value === 'string' && value.trim() === '')
	);
}

function isHttpUrl(value: string): URL | undefined {
	try {
		const url = new URL(value);
		return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
	} catch {
		return undefined;
	}
}

/** Checks one content value against its field's rule. Returns the problem, or undefined. */
export function checkContentField(
	spec: ContentFieldSpec,
	value: unknown,
): ValidationIssue | undefined {
	const field = spec.wire;
	if (typeof value !== 'string') return issue(field, 'type', value, 'must be text');
	switch (spec.rule) {
		case 'hexColour':
			return HEX_COLOUR.test(value)
				? undefined
				: issue(field, 'format', value, 'must be a colour as #RRGGBB');
		case 'textColour': {
			const accepted = [...Object.keys(TEXT_COLOURS), ...Object.values(TEXT_COLOURS)].map((c) =>
				c.toLowerCase(),
			);
			return accepted.includes(value.toLowerCase())
				? undefined
				: issue(
						field,
						'oneOf',
						value,
						`must be black or white (${Object.values(TEXT_COLOURS).join(' or ')})`,
					);
		}
		case 'text': {
			const length = codePointLength(value);
			if (spec.maxLength !== undefined && length > spec.maxLength) {
				return issue(
					field,
					'maxLength',
					value,
					`must be at most ${spec.maxLength} characters, has ${length}`,
				);
			}
			return undefined;
		}
		case 'link':
			return APP_OR_WEB_LINK.test(value) && !FORBIDDEN_LINK_SCHEMES.test(value)
				? undefined
				: issue(
						field,
						'link',
						value,
						'must be a web URL (https://...) or an app deeplink (myapp://...)',
					);
		case 'imageUrl': {
			const url = isHttpUrl(value);
			return url && IMAGE_PATH.test(url.pathname)
				? undefined
				: issue(
						field,
						'imageUrl',
						value,
						'must be an http(s) URL whose path ends in .jpg, .jpeg, .png or .gif',
					);
		}
	}
}

export function checkTtl(value: unknown): ValidationIssue | undefined {
	const text = typeof value === 'number' ? String(value) : value;
	const days = typeof text === 'string' && /^\d+$/.test(text.trim()) ? Number(text) : NaN;
	return Number.isInteger(days) && days >= TTL_DAYS.min && days <= TTL_DAYS.max
		? undefined
		: issue(
				WIRE.ttl,
				'range',
				value,
				`must be a whole number of days from ${TTL_DAYS.min} to ${TTL_DAYS.max}`,
			);
}

function locateCell(
	content: Record<string, unknown>,
	issues: ValidationIssue[],
): { unit: DisplayUnitSpec; style: TemplateStyleSpec } | undefined {
	const unit = findDisplayUnit(content[WIRE.displayUnit]);
	const style = findTemplateStyle(content[WIRE.templateStyle]);
	if (!unit) {
		const codes = DISPLAY_UNITS.map((u) => u.wire).join(', ');
		issues.push(
			issue(WIRE.displayUnit, 'oneOf', content[WIRE.displayUnit], `must be one of ${codes}`),
		);
	}
	if (!style) {
		const styles = TEMPLATE_STYLES.map((t) => t.wire).join(', ');
		issues.push(
			issue(WIRE.templateStyle, 'oneOf', content[WIRE.templateStyle], `must be one of ${styles}`),
		);
	}
	return unit && style ? { unit, style } : undefined;
}

/**
 * Validates wire-keyed content against its matrix cell and returns the content as it goes on the
 * wire (every value a string, empty optional values left out).
 */
export function validateContent(content: Record<string, unknown>): {
	content: CampaignContent;
	issues: ValidationIssue[];
} {
	const issues: ValidationIssue[] = [];
	const cell = locateCell(content, issues);
	if (!cell) return { content: {}, issues };
	const { unit, style } = cell;
	const wire: CampaignContent = { [WIRE.displayUnit]: unit.wire, [WIRE.templateStyle]: style.wire };

	if (!isBlank(content[WIRE.ttl])) {
		const problem = checkTtl(content[WIRE.ttl]);
		if (problem) issues.push(problem);
		else wire[WIRE.ttl] = String(Number(content[WIRE.ttl]));
	}

	const fields = cellFields(unit, style.wire);
	for (const [spec, presence] of fields) {
		const value = content[spec.wire];
		if (isBlank(value)) {
			if (presence === 'required') {
				issues.push(
					issue(spec.wire, 'required', value, `is required for ${unit.label}, ${style.label}`),
				);
			}
			continue;
		}
		const problem = checkContentField(spec, value);
		if (problem) issues.push(problem);
		else wire[spec.wire] = value as string;
	}

	const allowed = new Set([...ENVELOPE_KEYS, ...fields.map(([spec]) => spec.wire)]);
	for (const key of Object.keys(content)) {
		if (allowed.has(key)) continue;
		const known =
			key in CONTENT_FIELDS ? 'does not belong to' : 'is not a Verified Campaign field of';
		issues.push(
			issue(
				key,
				'notAllowed',
				content[key],
				`${known} ${unit.label}, ${style.label} (allowed: ${[...allowed].join(', ')})`,
			),
		);
	}
	return { content: wire, issues };
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

function validateProfile(
	profile: Record<string, unknown>,
	issues: ValidationIssue[],
): Omit<CampaignProfile, 'receiver_number'> {
	const campaignId = profile[WIRE.campaignId];
	if (isBlank(campaignId))
		issues.push(issue(WIRE.campaignId, 'required', campaignId, 'is required'));
	else if (typeof campaignId !== 'string' && typeof campaignId !== 'number') {
		issues.push(issue(WIRE.campaignId, 'type', campaignId, 'must be text or a number'));
	}
	const result: Omit<CampaignProfile, 'receiver_number'> = {
		campaign_id: String(campaignId ?? '').trim(),
	};

	const name = profile[WIRE.campaignName];
	if (!isBlank(name)) {
		if (typeof name === 'string') result.campaign_name = name;
		else issues.push(issue(WIRE.campaignName, 'type', name, 'must be text'));
	}
	const type = profile[WIRE.campaignType];
	if (!isBlank(type)) {
		if ((CAMPAIGN_TYPES as readonly unknown[]).includes(type))
			result.campaign_type = type as string;
		else
			issues.push(
				issue(WIRE.campaignType, 'oneOf', type, `must be one of ${CAMPAIGN_TYPES.join(', ')}`),
			);
	}
	for (const key of Object.keys(profile)) {
		if (!PROFILE_KEYS.includes(key)) {
			issues.push(
				issue(
					key,
					'notAllowed',
					profile[key],
					`is not a profile field (allowed: ${PROFILE_KEYS.join(', ')})`,
				),
			);
		}
	}
	return result;
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
			issues.push({ field, rule: 'phone', value, message: `${fieldName(field)} ${result.reason}` });
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
	const profile = validateProfile(request.profile, issues);
	const receivers = wireReceivers(request.receivers, options, issues);
	const { content, issues: contentIssues } = validateContent(request.content);
	issues.push(...contentIssues);
	if (issues.length > 0) return { payloads: [], issues };
	const payloads = receivers.map((receiver_number) => ({
		profile: { ...profile, receiver_number },
		content,
	}));
	return { payloads, issues };
}

/**
 * Splits JSON pasted from the console's Template Generator into profile and content. Accepts the
 * whole `{profile, content}` body or the bare content object.
 */
export function splitTemplateJson(json: unknown): {
	profile: Record<string, unknown>;
	content: Record<string, unknown>;
	issues: ValidationIssue[];
} {
	if (typeof json === 'string') {
		try {
			json = JSON.parse(json);
		} catch (error) {
			return {
				profile: {},
				content: {},
				issues: [issue('json', 'json', json, `is not valid JSON (${(error as Error).message})`)],
			};
		}
	}
	if (!isPlainObject(json)) {
		return {
			profile: {},
			content: {},
			issues: [issue('json', 'type', json, 'must be a JSON object')],
		};
	}
	if (!(WIRE.content in json) && !(WIRE.profile in json))
		return { profile: {}, content: json, issues: [] };
	const issues: ValidationIssue[] = [];
	const profile = json[WIRE.profile] ?? {};
	const content = json[WIRE.content];
	if (!isPlainObject(profile))
		issues.push(issue(WIRE.profile, 'type', profile, 'must be a JSON object'));
	if (!isPlainObject(content))
		issues.push(issue(WIRE.content, 'type', content, 'must be a JSON object'));
	for (const key of Object.keys(json)) {
		if (key !== WIRE.profile && key !== WIRE.content) {
			issues.push(
				issue(
					key,
					'notAllowed',
					json[key],
					`is not allowed at the top level (allowed: ${WIRE.profile}, ${WIRE.content})`,
				),
			);
		}
	}
	return {
		profile: isPlainObject(profile) ? profile : {},
		content: isPlainObject(content) ? content : {},
		issues,
	};
}

export function formatIssues(issues: ValidationIssue[], itemIndex?: number): string {
	const prefix = itemIndex === undefined ? '' : `Item ${itemIndex}: `;
	return issues.map((i) => prefix + i.message).join('\n');
}
