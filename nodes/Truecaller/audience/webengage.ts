/**
 * WebEngage webhook bodies (docs/engagement-platforms.md): a journey's Webhook channel posts the
 * body the marketer wrote, with personalisation tokens filled per user; the package recommends the
 * Truecaller console's Template Generator JSON with WebEngage tokens in it, taken here as it is.
 * Data-platform webhooks post event data. One request names one user; the request's id
 * (`x-request-id`) is WebEngage's own for deduplication and comes from the headers, not the body.
 */
import { z } from 'zod/v4';

import { describe, parseIfJsonText, parseWith } from '../../shared/validation';
import { asObject, canonicalKeys, firstPresent } from './keys';
import { type AudienceParse, receiverOf, refusedBody } from './members';

/** Where the user's phone may be, first match wins: the recommended body first. */
export const WEBENGAGE_PHONE_PATHS = [
	'profile.receiver_number',
	'phone',
	'we_phone',
	'user.phone',
	'user.we_phone',
	'event_data.phone',
	'event_data.we_phone',
] as const;

const USER_ID_PATHS = ['user.id', 'user.user_id', 'user_id', 'userId'];
/** A personalisation token WebEngage left unfilled: `{{user['system']['phone']}}`. */
const UNFILLED_TOKEN = /\{\{.*\}\}/;

export interface WebEngageRequest {
	body: unknown;
	/** The `x-request-id` header, when the request carried one. */
	requestId?: unknown;
	/** The `eventType` query parameter of data-platform webhooks. */
	eventType?: unknown;
}

export interface WebEngageMember {
	phone: string;
	phoneSource: string;
	receiver: string;
	requestId: unknown;
	eventType: unknown;
	userId: unknown;
	name: unknown;
	email: unknown;
	/** The Template Generator part of the recommended body, ready for Send's JSON mode. */
	template: { profile: unknown; content: unknown } | null;
	body: Record<string, unknown>;
}

const bodySchema = z.preprocess(
	canonicalKeys(['profile', 'content']),
	z.object(
		{
			profile: z.unknown().transform(asObject),
			content: z.unknown().transform(asObject),
		},
		{ error: 'must be a JSON object (one user per request)' },
	),
);

function firstOf(body: unknown, paths: readonly string[]): unknown {
	return firstPresent(body, paths)[0] ?? null;
}

export function parseWebEngageRequest(
	request: WebEngageRequest,
	countryCode: string,
): AudienceParse<WebEngageMember> {
	const text = parseIfJsonText(request.body, 'body');
	if (!text.ok) return refusedBody('WebEngage', [text.issue]);
	const parsed = parseWith(bodySchema, text.value);
	if (!parsed.ok) return refusedBody('WebEngage', parsed.issues);
	const body = text.value as Record<string, unknown>;
	const label =
		typeof request.requestId === 'string' && request.requestId
			? `request ${request.requestId}`
			: 'request';
	const refuse = (reason: string): AudienceParse<WebEngageMember> => ({
		ok: true,
		members: [],
		refused: [{ index: 0, label, reason, source: body }],
		total: 1,
	});
	const [phone, phoneSource] = firstPresent(body, WEBENGAGE_PHONE_PATHS);
	if (phone === undefined)
		return refuse(`has no phone (looked at ${WEBENGAGE_PHONE_PATHS.join(', ')})`);
	if (typeof phone === 'string' && UNFILLED_TOKEN.test(phone))
		return refuse(
			`has an unfilled personalisation token in ${phoneSource} (WebEngage holds no phone for this user); got ${describe(phone)}`,
		);
	const number = receiverOf(phone, phoneSource, countryCode);
	if (!number.ok) return refuse(number.reason);
	const { profile, content } = parsed.data;
	const member: WebEngageMember = {
		phone: String(phone),
		phoneSource,
		receiver: number.receiver,
		requestId: request.requestId ?? null,
		eventType: request.eventType ?? null,
		userId: firstOf(body, USER_ID_PATHS),
		name: firstOf(body, ['user.name', 'user.first_name', 'we_first_name', 'name']),
		email: firstOf(body, ['user.email', 'we_email', 'email']),
		template: content ? { profile: profile ?? null, content } : null,
		body,
	};
	return { ok: true, members: [member], refused: [], total: 1 };
}
