/**
 * Segment spec calls as Segment's Webhooks destinations post them (docs/engagement-platforms.md):
 * one call per request (Webhooks, Webhooks (Actions)), or a batch (Webhooks (Actions) with batching:
 * a JSON array; the HTTP API's `{"batch": [...]}` envelope is read too). One audience member per call
 * that names a person with a usable phone; `messageId` is Segment's id of the call, kept for
 * deduplication. Pure, one pass, calls referenced, never copied.
 */
import { z } from 'zod/v4';

import {
	type ValidationIssue,
	describe,
	isPlainObject,
	parseIfJsonText,
	parseWith,
} from '../../shared/validation';
import { asObject, canonicalKeys, fieldAt, firstPresent } from './keys';
import { type AudienceParse, type Refusal, receiverOf, refusedBody } from './members';

/** Calls that can name a receiver, with where their phone may be, first match wins. */
const PHONE_PATHS: Record<string, readonly string[]> = {
	identify: ['traits.phone', 'context.traits.phone', 'properties.phone'],
	track: ['properties.phone', 'context.traits.phone', 'traits.phone'],
	page: ['properties.phone', 'context.traits.phone', 'traits.phone'],
	screen: ['properties.phone', 'context.traits.phone', 'traits.phone'],
	// A group call's traits describe the company, not the person.
	group: ['context.traits.phone', 'properties.phone'],
};

/** Calls that never make an audience, and why. */
const REFUSED_TYPES: Record<string, string> = {
	alias: 'is an alias call (it links two user IDs and names no one to send to)',
	delete: 'is a deletion request (the user asked to be forgotten: never an audience)',
};

export const SEGMENT_CALL_TYPES = Object.keys(PHONE_PATHS);

export interface SegmentMember {
	phone: string;
	phoneSource: string;
	receiver: string;
	messageId: unknown;
	type: string;
	/** The track call's event, or the page or screen name. */
	event: unknown;
	userId: unknown;
	anonymousId: unknown;
	email: unknown;
	name: unknown;
	/** The person's traits: the identify call's own, else those in its context. */
	traits: Record<string, unknown>;
	properties: Record<string, unknown>;
	timestamp: unknown;
	call: Record<string, unknown>;
}

const CALL_KEYS = ['type', 'messageId', 'userId', 'anonymousId', 'event', 'name', 'timestamp'];

const callSchema = z.preprocess(
	canonicalKeys(CALL_KEYS),
	z.object(
		{
			type: z.string({ error: 'must be text: identify, track, page, screen or group' }),
			messageId: z.unknown(),
			userId: z.unknown(),
			anonymousId: z.unknown(),
			event: z.unknown(),
			name: z.unknown(),
			timestamp: z.unknown(),
		},
		{ error: 'must be a JSON object' },
	),
);

/** A single call, a batch as a JSON array, or the HTTP API's `{"batch": [...]}`. */
const bodySchema = z.union(
	[
		z.array(z.unknown()),
		z
			.preprocess(canonicalKeys(['batch']), z.object({ batch: z.array(z.unknown()) }))
			.transform((body) => body.batch),
		// Not z.record: it would copy the call, which is kept by reference.
		z.custom<Record<string, unknown>>(isPlainObject).transform((call) => [call]),
	],
	{ error: 'must be a Segment call (a JSON object) or a batch of calls (a JSON array)' },
);

function callLabel(call: unknown, index: number): string {
	const id = asObject(call) && fieldAt(call, 'messageId');
	return typeof id === 'string' && id ? `call ${index} (messageId ${id})` : `call ${index}`;
}

function memberOf(
	call: Record<string, unknown>,
	countryCode: string,
): SegmentMember | Omit<Refusal, 'index' | 'label'> {
	const parsed = parseWith(callSchema, call);
	if (!parsed.ok)
		return {
			reason: parsed.issues.map((i: ValidationIssue) => i.message).join('; '),
			source: call,
		};
	const type = parsed.data.type.toLowerCase();
	if (REFUSED_TYPES[type]) return { reason: REFUSED_TYPES[type], source: call };
	const paths = PHONE_PATHS[type];
	if (!paths)
		return {
			reason: `has an unsupported type ${describe(parsed.data.type)} (supported: ${SEGMENT_CALL_TYPES.join(', ')})`,
			source: call,
		};
	const [phone, phoneSource] = firstPresent(call, paths);
	if (phone === undefined)
		return { reason: `has no phone (looked at ${paths.join(', ')})`, source: call };
	const number = receiverOf(phone, phoneSource, countryCode);
	if (!number.ok) return { reason: number.reason, source: call };
	const traits =
		asObject(type === 'identify' ? fieldAt(call, 'traits') : undefined) ??
		asObject(fieldAt(call, 'context.traits')) ??
		{};
	return {
		phone: String(phone),
		phoneSource,
		receiver: number.receiver,
		messageId: parsed.data.messageId ?? null,
		type,
		event: parsed.data.event ?? parsed.data.name ?? null,
		userId: parsed.data.userId ?? null,
		anonymousId: parsed.data.anonymousId ?? null,
		email: fieldAt(traits, 'email') ?? null,
		name: fieldAt(traits, 'name') ?? fieldAt(traits, 'firstName') ?? null,
		traits,
		properties: asObject(fieldAt(call, 'properties')) ?? {},
		timestamp: parsed.data.timestamp ?? null,
		call,
	};
}

/** Every call of a Segment body; an unreadable body as a whole is refused with the reason. */
export function segmentCalls(
	input: unknown,
): { ok: true; calls: unknown[] } | { ok: false; reason: string; issues: ValidationIssue[] } {
	const text = parseIfJsonText(input, 'body');
	if (!text.ok) return refusedBody('Segment', [text.issue]);
	const body = parseWith(bodySchema, text.value);
	if (!body.ok) return refusedBody('Segment', body.issues);
	return { ok: true, calls: body.data };
}

export function parseSegmentBody(
	input: unknown,
	countryCode: string,
): AudienceParse<SegmentMember> {
	const body = segmentCalls(input);
	if (!body.ok) return body;
	const members: SegmentMember[] = [];
	const refused: Refusal[] = [];
	body.calls.forEach((candidate, index) => {
		const call = asObject(candidate);
		const label = callLabel(candidate, index);
		if (!call) {
			refused.push({
				index,
				label,
				reason: `is not an object (${describe(candidate)})`,
				source: candidate,
			});
			return;
		}
		const member = memberOf(call, countryCode);
		if ('receiver' in member) members.push(member);
		else refused.push({ index, label, ...member });
	});
	return { ok: true, members, refused, total: body.calls.length };
}
