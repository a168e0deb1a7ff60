/**
 * The Truecaller Audience Trigger's answer to a request whose sender is proven: which calls start
 * the workflow (one item per Segment call, one per WebEngage request) and which are repeats of a
 * call already received. Every platform counts only a 2xx as delivered and retries otherwise, so
 * all that is not the sender's fault is answered 200 at once.
 */
import type { IDataObject } from 'n8n-workflow';

import type { DedupStore } from '../../shared/webhook/dedupStore';
import { AUTHENTICATED } from '../../shared/webhook/triggerContext';
import {
	type RawRequest,
	type TriggerDecision,
	readJsonRequest,
} from '../../shared/webhook/request';
import { describe, isPlainObject } from '../../shared/validation';
import { segmentCalls } from '../../Truecaller/audience/segment';
import { fieldAt } from '../../Truecaller/audience/keys';
import { type AudiencePlatform, WEBENGAGE_REQUEST_ID_HEADER } from './senders';

interface Arrival {
	/** The platform's id of the call, when it has one. */
	id?: string;
	item: IDataObject;
}

const text = (value: unknown): string | undefined =>
	typeof value === 'string' && value !== '' ? value : undefined;

function arrivals(
	platform: AudiencePlatform,
	request: RawRequest,
	body: unknown,
	receivedAt: string,
): { ok: true; arrivals: Arrival[] } | { ok: false; reason: string } {
	if (platform === 'segment') {
		const read = segmentCalls(body);
		if (!read.ok) return read;
		return {
			ok: true,
			arrivals: read.calls.map((call) => {
				const messageId = text(fieldAt(call, 'messageId'));
				const type = fieldAt(call, 'type') ?? null;
				return {
					id: messageId,
					item: {
						platform,
						messageId: messageId ?? null,
						type,
						receivedAt,
						body: call,
					} as IDataObject,
				};
			}),
		};
	}
	if (!isPlainObject(body))
		return {
			ok: false,
			reason: `Body must be a JSON object (one user per request), got ${describe(body)}`,
		};
	const header = request.headers[WEBENGAGE_REQUEST_ID_HEADER];
	const requestId = text(Array.isArray(header) ? header[0] : header);
	const eventType = text(request.query.eventType) ?? null;
	return {
		ok: true,
		arrivals: [
			{
				id: requestId,
				item: {
					platform,
					requestId: requestId ?? null,
					eventType,
					receivedAt,
					body,
				} as IDataObject,
			},
		],
	};
}

export function decideAudienceRequest(
	platform: AudiencePlatform,
	request: RawRequest,
	dedup: DedupStore | undefined,
	now: number,
): TriggerDecision {
	const read = readJsonRequest(request, AUTHENTICATED);
	if (!read.ok) return { status: read.status, response: { status: 'error', message: read.reason } };
	const found = arrivals(platform, request, read.body, new Date(now).toISOString());
	if (!found.ok) return { status: 400, response: { status: 'error', message: found.reason } };
	if (found.arrivals.length === 0)
		return {
			status: 200,
			response: { status: 'ignored', message: 'An empty batch: nothing to start' },
		};

	const items: IDataObject[] = [];
	const claimedIds: string[] = [];
	let duplicates = 0;
	for (const arrival of found.arrivals) {
		// Claims are committed at once (no pending state): anything not new was already received.
		if (arrival.id !== undefined && dedup && dedup.claim(arrival.id, now) !== 'new') {
			duplicates++;
			continue;
		}
		if (arrival.id !== undefined && dedup) claimedIds.push(arrival.id);
		items.push(arrival.item);
	}
	if (items.length === 0)
		return {
			status: 200,
			response: { status: 'duplicate', duplicates, message: 'already received' },
		};
	return {
		status: 200,
		response: { status: 'received', received: items.length, duplicates },
		items,
		claimedIds,
	};
}
