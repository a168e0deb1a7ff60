/**
 * Events Truecaller posts to a business (Truecaller for Business webhook docs; README, "Truecaller Trigger"): Call Me Back, User Feedback
 * and Verified Campaign interactions. Validation and normalisation, pure.
 */
import { findDisplayUnit } from '../campaign/matrix';
import { isSha256Hex } from '../../shared/phone';
import { describe, isPlainObject } from '../../shared/validation';

export type TruecallerEventKind = 'callMeBack' | 'userFeedback' | 'campaignInteraction';

export const EVENT_KINDS: Array<{ value: TruecallerEventKind; name: string; description: string }> =
	[
		{
			value: 'callMeBack',
			name: 'Call Me Back',
			description: 'A user asked to be called back (event_type "cmb")',
		},
		{
			value: 'userFeedback',
			name: 'User Feedback',
			description: "A user answered a campaign's feedback prompt",
		},
		{
			value: 'campaignInteraction',
			name: 'Campaign Interactions',
			description: 'Impressions and clicks of Verified Campaigns',
		},
	];

export const CALL_ME_BACK_TYPE = 'cmb';
export const NUMBER_NOT_AVAILABLE = 'Phone Number Not Available';
const MAX_ID_LENGTH = 200;

export interface EventProblem {
	field: string;
	message: string;
}

export type ParsedEvent =
	| {
			ok: true;
			kind: TruecallerEventKind | 'unknown';
			eventId: string;
			body: Record<string, unknown>;
	  }
	| { ok: false; problems: EventProblem[] };

function problem(field: string, rule: string, value: unknown): EventProblem {
	return { field, message: `"${field}" ${rule}; got ${describe(value)}` };
}

const isEpoch = (value: unknown) =>
	value === undefined ||
	value === null ||
	value === '' ||
	(typeof value === 'string' && /^\d{1,13}$/.test(value)) ||
	(typeof value === 'number' && Number.isInteger(value) && value >= 0);
const isText = (value: unknown) =>
	value === undefined || value === null || typeof value === 'string';
const isFlag = (value: unknown) =>
	value === undefined ||
	value === null ||
	value === '' ||
	typeof value === 'boolean' ||
	value === 'true' ||
	value === 'false';

/** Known fields and their types; unknown fields pass through untouched. */
const ENVELOPE_RULES: Record<string, [(v: unknown) => boolean, string]> = {
	event_type: [isText, 'must be text'],
	client_account_id: [isText, 'must be text'],
	created_at: [isEpoch, 'must be epoch seconds as a string'],
};

const CMB_RULES: Record<string, [(v: unknown) => boolean, string]> = {
	business_number: [isText, 'must be text'],
	feature_set: [isText, 'must be text'],
	number_group: [isText, 'must be text'],
	client_number: [isText, 'must be text'],
	alternate_number: [isText, 'must be text'],
	requested_at: [isEpoch, 'must be epoch seconds as a string'],
	requested_date: [
		(v) => isText(v) && (!v || /^\d{4}-\d{2}-\d{2}$/.test(v as string)),
		'must be a date as YYYY-MM-DD',
	],
	requested_slot: [isText, 'must be text'],
	preferred_from_time: [isEpoch, 'must be epoch seconds as a string'],
	preferred_to_time: [isEpoch, 'must be epoch seconds as a string'],
	is_interested: [isFlag, 'must be true or false'],
	cmb_config_name: [isText, 'must be text'],
};

const INTERACTION_RULES: Record<string, [(v: unknown) => boolean, string]> = {
	reference_id: [isText, 'must be text'],
	campaign_id: [(v) => isText(v) || typeof v === 'number', 'must be text'],
	display_unit: [isText, 'must be text'],
	impression_timestamp: [isEpoch, 'must be epoch seconds as a string'],
	click_timestamp: [isEpoch, 'must be epoch seconds as a string'],
	is_interested: [isFlag, 'must be true or false'],
	business_number: [isText, 'must be text'],
};

function checkFields(
	object: Record<string, unknown>,
	rules: typeof CMB_RULES,
	prefix: string,
	problems: EventProblem[],
): void {
	for (const [field, [valid, rule]] of Object.entries(rules)) {
		if (!valid(object[field])) problems.push(problem(prefix + field, rule, object[field]));
	}
}

export function isInteractionEvent(body: Record<string, unknown>): boolean {
	return (
		body.event_type !== CALL_ME_BACK_TYPE &&
		body.campaign_id !== undefined &&
		('impression_timestamp' in body || 'click_timestamp' in body || 'reference_id' in body)
	);
}

/**
 * Classifies and validates one event. `userFeedbackType`, when set, is the event_type Truecaller
 * uses for User Feedback (other types are "unknown"); unset, any event that is neither Call Me Back
 * nor an interaction is User Feedback.
 */
export function parseTruecallerEvent(body: unknown, userFeedbackType = ''): ParsedEvent {
	if (!isPlainObject(body))
		return { ok: false, problems: [problem('body', 'must be a JSON object', body)] };
	const problems: EventProblem[] = [];
	const eventId = body.event_id;
	if (typeof eventId !== 'string' || eventId.trim() === '')
		problems.push(problem('event_id', 'is required as text', eventId));
	else if (eventId.length > MAX_ID_LENGTH)
		problems.push(problem('event_id', `must be at most ${MAX_ID_LENGTH} characters`, eventId));
	checkFields(body, ENVELOPE_RULES, '', problems);

	let kind: TruecallerEventKind | 'unknown';
	if (body.event_type === CALL_ME_BACK_TYPE) {
		kind = 'callMeBack';
		const payload = body.cmb_payload;
		if (!isPlainObject(payload))
			problems.push(problem('cmb_payload', 'must be a JSON object', payload));
		else checkFields(payload, CMB_RULES, 'cmb_payload.', problems);
	} else if (isInteractionEvent(body)) {
		kind = 'campaignInteraction';
		checkFields(body, INTERACTION_RULES, '', problems);
	} else {
		// Answered 200 and ignored when unknown, never 400: Truecaller would retry it for days.
		kind = !userFeedbackType || body.event_type === userFeedbackType ? 'userFeedback' : 'unknown';
	}
	return problems.length > 0
		? { ok: false, problems }
		: { ok: true, kind, eventId: eventId as string, body };
}

/** Epoch seconds (or milliseconds, 13 digits) as ISO-8601; empty means "not given". */
export function epochToIso(value: unknown): string | null {
	if (value === undefined || value === null || value === '') return null;
	const text = String(value);
	const ms = text.length >= 13 ? Number(text) : Number(text) * 1000;
	return new Date(ms).toISOString();
}

function flag(value: unknown): boolean | null {
	if (value === true || value === 'true') return true;
	if (value === false || value === 'false') return false;
	return null;
}

const emptyToNull = (value: unknown) => (value === undefined || value === '' ? null : value);

export function normaliseCallMeBack(body: Record<string, unknown>) {
	const payload = body.cmb_payload as Record<string, unknown>;
	const client = typeof payload.client_number === 'string' ? payload.client_number.trim() : '';
	const usable = client !== '' && client.toLowerCase() !== NUMBER_NOT_AVAILABLE.toLowerCase();
	return {
		event: 'callMeBack',
		eventId: body.event_id,
		eventType: body.event_type,
		clientAccountId: emptyToNull(body.client_account_id),
		createdAt: epochToIso(body.created_at),
		customerNumber: usable ? client : emptyToNull(payload.alternate_number),
		customerNumberFromAlternate: !usable,
		clientNumber: emptyToNull(payload.client_number),
		alternateNumber: emptyToNull(payload.alternate_number),
		businessNumber: emptyToNull(payload.business_number),
		featureSet: emptyToNull(payload.feature_set),
		numberGroup: emptyToNull(payload.number_group),
		configName: emptyToNull(payload.cmb_config_name),
		requestedAt: epochToIso(payload.requested_at),
		requestedDate: emptyToNull(payload.requested_date),
		requestedSlot: emptyToNull(payload.requested_slot),
		preferredFrom: epochToIso(payload.preferred_from_time),
		preferredTo: epochToIso(payload.preferred_to_time),
		interested: flag(payload.is_interested),
	};
}

export function normaliseInteraction(body: Record<string, unknown>) {
	const unit = findDisplayUnit(body.display_unit);
	const reference = typeof body.reference_id === 'string' ? body.reference_id : null;
	return {
		event: 'campaignInteraction',
		eventId: body.event_id,
		interaction: emptyToNull(body.click_timestamp) !== null ? 'click' : 'impression',
		referenceId: reference,
		referenceIdHashed: reference !== null && isSha256Hex(reference),
		organisationId: emptyToNull(body.org_id ?? body.organisation_id),
		campaignId: body.campaign_id === undefined ? null : String(body.campaign_id),
		displayUnit: emptyToNull(body.display_unit),
		displayUnitLabel: unit?.label ?? null,
		impressionAt: epochToIso(body.impression_timestamp),
		clickAt: epochToIso(body.click_timestamp),
		interested: flag(body.is_interested),
		businessNumber: emptyToNull(body.business_number),
	};
}

/** The envelope normalised; the feedback itself (unpublished) passes through as sent. */
export function normaliseUserFeedback(body: Record<string, unknown>) {
	const { event_id, event_type, client_account_id, created_at, ...rest } = body;
	return {
		event: 'userFeedback',
		eventId: event_id,
		eventType: emptyToNull(event_type),
		clientAccountId: emptyToNull(client_account_id),
		createdAt: epochToIso(created_at),
		feedback: rest,
	};
}

export function normaliseTruecallerEvent(kind: TruecallerEventKind, body: Record<string, unknown>) {
	if (kind === 'callMeBack') return normaliseCallMeBack(body);
	if (kind === 'campaignInteraction') return normaliseInteraction(body);
	return normaliseUserFeedback(body);
}
