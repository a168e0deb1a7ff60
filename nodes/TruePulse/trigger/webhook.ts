/**
 * The True Pulse Trigger's answer to one call-end request, decided without n8n. The sender retries
 * until it reads {"status":"SUCCESS"}, so a duplicate is answered SUCCESS (it must stop) and a
 * problem is answered ERROR with every fault named (its spec asks to log the full message).
 */
import type { IDataObject } from 'n8n-workflow';

import type { DedupStore } from '../../shared/webhook/dedupStore';
import { SUCCESS_RESPONSE, errorResponse, normaliseCallEnd, validateCallEnd } from '../callEnd';
import type { WebhookAuthSettings } from '../../shared/webhook/auth';
import {
	type RawRequest,
	type TriggerDecision,
	readJsonRequest,
} from '../../shared/webhook/request';

export interface TruePulseTriggerSettings {
	auth: WebhookAuthSettings;
	countryCode: string;
	/** Remember the call only once the workflow succeeded (acknowledge-after-success mode). */
	commitAfterRun: boolean;
	dedup?: DedupStore;
}

export function decideTruePulseRequest(
	request: RawRequest,
	settings: TruePulseTriggerSettings,
	now: number,
): TriggerDecision {
	const read = readJsonRequest(request, settings.auth);
	if (!read.ok) return { status: read.status, response: { status: 'ERROR', message: read.reason } };

	const { issues } = validateCallEnd(read.body);
	if (issues.length > 0) return { status: 400, response: errorResponse(issues) };

	const body = read.body as Record<string, unknown>;
	const callId = body.tpCallID as string;
	const claim = settings.dedup?.claim(callId, now, !settings.commitAfterRun) ?? 'new';
	if (claim === 'duplicate') {
		return {
			status: 200,
			response: {
				status: 'SUCCESS',
				message: `Already received call ${callId}; not processed again.`,
			},
		};
	}
	if (claim === 'pending') {
		return {
			status: 409,
			response: {
				status: 'ERROR',
				message: `Call ${callId} is still being processed; retry later.`,
			},
		};
	}
	return {
		status: 200,
		response: { ...SUCCESS_RESPONSE },
		items: [{ ...normaliseCallEnd(body, settings.countryCode), raw: body } as IDataObject],
		claimedIds: [callId],
	};
}

/** The answer in acknowledge-after-success mode, once n8n says how the run went. */
export function afterRunResponse(
	succeeded: boolean,
	callId: string,
): { status: number; body: IDataObject } {
	return succeeded
		? { status: 200, body: { ...SUCCESS_RESPONSE } }
		: {
				status: 500,
				body: { status: 'ERROR', message: `The workflow failed on call ${callId}; please retry.` },
			};
}
