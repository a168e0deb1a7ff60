/**
 * Events Truecaller posts to a business (README, "Truecaller Trigger"; Truecaller's webhook
 * documentation): Call Me Back, User Feedback and Verified Campaign interactions. One zod schema
 * per kind of event; normalisation, pure.
 */
import { z } from 'zod/v4';

import { findDisplayUnit } from '../campaign/matrix';
import { isSha256Hex } from '../../shared/phone';
import { type ValidationIssue, isPlainObject, parseWith } from '../../shared/validation';

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

export type ParsedEvent =
	| {
			ok: true;
			kind: TruecallerEventKind | 'unknown';
			eventId: string;
			body: Record<string, unknown>;
	  }
	| { ok: false; problems: ValidationIssue[] };

/** Truecaller's field types: text may be absent or null; times are epoch seconds, often as text. */
const text = z.string({ error: 'must be text' }).nullish();
const epoch = z
	.union([z.string().regex(/^\d{0,13}$/), z.number().int().nonnegative(), z.null()], {
		error: 'must be epoch seconds as a string',
	})
	.optional();
const trueOrFalse = z
	.union([z.boolean(), z.enum(['true', 'false', '']), z.null()], {
		error: 'must be true or false',
	})
	.optional();

/** Known fields are typed; unknown fields pass through untouched (the payloads are unpublished). */
const eventObject = (shape: Record<string, z.ZodType>) =>
	z.looseObject(shape, { error: 'must be a JSON object' });

const ENVELOPE = {
	event_id: z
		.string({ error: 'is required as text' })
		.refine((id) => id.trim() !== '', { error: 'is required as text', abort: true })
		.refine((id) => id.length <= MAX_ID_LENGTH, {
			error: `must be at most ${MAX_ID_LENGTH} characters`,
		}),
	event_type: text,
	client_account_id: text,
	created_at: epoch,
};

const CALL_ME_BACK = eventObject({
	...ENVELOPE,
	cmb_payload: eventObject({
		business_number: text,
		feature_set: text,
		number_group: text,
		client_number: text,
		alternate_number: text,
		requested_at: epoch,
		requested_date: z
			.union([z.string().regex(/^(\d{4}-\d{2}-\d{2})?$/), z.null()], {
				error: 'must be a date as YYYY-MM-DD',
			})
			.optional(),
		requested_slot: text,
		preferred_from_time: epoch,
		preferred_to_time: epoch,
		is_interested: trueOrFalse,
		cmb_config_name: text,
	}),
});

const CAMPAIGN_INTERACTION = eventObject({
	...ENVELOPE,
	reference_id: text,
	campaign_id: z.union([z.string(), z.number(), z.null()], { error: 'must be text' }).optional(),
	display_unit: text,
	impression_timestamp: epoch,
	click_timestamp: epoch,
	is_interested: trueOrFalse,
	business_number: text,
});

const USER_FEEDBACK = eventObject(ENVELOPE);

/** An unknown event is still checked as an event before it is answered and ignored. */
const SCHEMA_OF_KIND: Record<TruecallerEventKind | 'unknown', z.ZodType> = {
	callMeBack: CALL_ME_BACK,
	campaignInteraction: CAMPAIGN_INTERACTION,
	userFeedback: USER_FEEDBACK,
	unknown: USER_FEEDBACK,
};

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
	let kind: TruecallerEventKind | 'unknown' = 'userFeedback';
	if (isPlainObject(body)) {
		if (body.event_type === CALL_ME_BACK_TYPE) kind = 'callMeBack';
		else if (isInteractionEvent(body)) kind = 'campaignInteraction';
		// Answered 200 and ignored when unknown, never 400: Truecaller would retry it for days.
		else if (userFeedbackType && body.event_type !== userFeedbackType) kind = 'unknown';
	}
	const parsed = parseWith(SCHEMA_OF_KIND[kind], body);
	if (!parsed.ok) return { ok: false, problems: parsed.issues };
	const event = body as Record<string, unknown>;
	return { ok: true, kind, eventId: event.event_id as string, body: event };
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
