/**
 * The Truecaller Trigger's answer to one request, decided without n8n: who is refused, what is a
 * duplicate, what starts the workflow. Truecaller counts only an HTTP 200 within 60 s as delivered
 * and otherwise retries 7 times over about 3 days, so everything that is not the sender's fault is
 * answered 200 at once.
 */
import type { IDataObject } from 'n8n-workflow';

import type { DedupStore } from '../../shared/webhook/dedupStore';
import { type TruecallerEventKind, normaliseTruecallerEvent, parseTruecallerEvent } from './events';
import type { WebhookAuthSettings } from '../../shared/webhook/auth';
import {
	type RawRequest,
	type TriggerDecision,
	readJsonRequest,
} from '../../shared/webhook/request';

export interface TruecallerTriggerSettings {
	auth: WebhookAuthSettings;
	events: TruecallerEventKind[];
	userFeedbackEventType: string;
	/** Undefined: no deduplication. */
	dedup?: DedupStore;
}

export function decideTruecallerRequest(
	request: RawRequest,
	settings: TruecallerTriggerSettings,
	now: number,
): TriggerDecision {
	const read = readJsonRequest(request, settings.auth);
	if (!read.ok) return { status: read.status, response: { status: 'error', message: read.reason } };

	const parsed = parseTruecallerEvent(read.body, settings.userFeedbackEventType);
	if (!parsed.ok) {
		return {
			status: 400,
			response: {
				status: 'error',
				message: parsed.problems.map((p) => p.message).join('; '),
				problems: parsed.problems as unknown as IDataObject[],
			},
		};
	}
	const { kind, eventId, body } = parsed;
	if (kind === 'unknown') {
		return {
			status: 200,
			response: {
				status: 'ignored',
				event_id: eventId,
				message: `Event type ${JSON.stringify(body.event_type)} is not handled`,
			},
		};
	}
	if (!settings.events.includes(kind)) {
		return {
			status: 200,
			response: {
				status: 'ignored',
				event_id: eventId,
				message: `${kind} events are not selected in this trigger`,
			},
		};
	}
	// Claims are committed at once here (no pending state): anything not new was already received.
	const claim = settings.dedup?.claim(eventId, now) ?? 'new';
	if (claim !== 'new')
		return {
			status: 200,
			response: { status: 'duplicate', event_id: eventId, message: 'already received' },
		};

	return {
		status: 200,
		response: { status: 'received', event_id: eventId },
		items: [{ ...normaliseTruecallerEvent(kind, body), raw: body } as IDataObject],
		claimedIds: [eventId],
	};
}
