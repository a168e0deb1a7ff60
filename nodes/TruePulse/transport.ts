/**
 * How the package delivers call-end events to a True Pulse endpoint: the credential, the delivery
 * defaults and which answers count. True Pulse's spec asks the sender to retry until the receiver
 * answers {"status":"SUCCESS"}, so everything but SUCCESS and a refused header is retried
 * (README, "True Pulse").
 */
import type { INodeCredentialTestResult } from 'n8n-workflow';
import { z } from 'zod/v4';

import type { HttpResponse, Verdict } from '../shared/delivery/engine';
import { endpointUrlSchema } from '../shared/delivery/endpoint';
import { CREDENTIAL_REFUSED_CODES } from '../shared/delivery/http';
import type { DeliveryService } from '../shared/delivery/options';
import { isHttpHeaderName, optional, rule } from '../shared/validation';
import { truePulseStatus } from './callEnd';

export const TRUE_PULSE_CREDENTIAL = 'truePulseApi';
export const ENDPOINT_FIELD = 'Endpoint URL';
export const DEFAULT_MAX_TOTAL_SECONDS = 300;

/** The credential's fields (README, "Credentials"): the header, when set, is a valid name. */
export const truePulseCredentialSchema = z.looseObject({
	endpointUrl: endpointUrlSchema,
	headerName: optional(
		z
			.string()
			.refine(
				isHttpHeaderName,
				rule('format', 'must be an HTTP header name (letters, digits and - _ . only, no spaces)'),
			),
	),
});

/** Success only on {"status":"SUCCESS"}; a rejected header stops the run; everything else is retried. */
export function classifyTruePulseResponse({ statusCode, body }: HttpResponse): Verdict {
	if (CREDENTIAL_REFUSED_CODES.includes(statusCode)) return 'abort';
	if (statusCode >= 200 && statusCode < 300 && truePulseStatus(body) === 'SUCCESS')
		return 'success';
	return 'retry';
}

export const TRUE_PULSE_DELIVERY: DeliveryService = {
	defaults: {
		concurrency: 5,
		maxAttempts: 10,
		requestsPerSecond: 20,
		baseDelayMs: 1000,
		maxDelayMs: 60000,
		maxRetryAfterMs: 120000,
		timeoutMs: 30000,
	},
	attemptsHint: `The spec asks to retry until SUCCESS: any other answer or a network error is retried; ${CREDENTIAL_REFUSED_CODES.join(' and ')} stop the run`,
	rateHint: 'True Pulse publishes no limit',
	classify: classifyTruePulseResponse,
	abortMessage: ({ statusCode }) =>
		`True Pulse refused the request (HTTP ${statusCode}): check the header in the True Pulse credential`,
};

/** The credential test's reading of True Pulse's answer to an empty event. */
export function truePulseCredentialVerdict({
	statusCode,
	body,
}: {
	statusCode: number;
	body: unknown;
}): INodeCredentialTestResult {
	if (CREDENTIAL_REFUSED_CODES.includes(statusCode))
		return { status: 'Error', message: `The endpoint refused the header (HTTP ${statusCode})` };
	const status = truePulseStatus(body);
	return status === 'ERROR' || status === 'SUCCESS'
		? {
				status: 'OK',
				message: `Endpoint answers in True Pulse's format (HTTP ${statusCode}, status ${status})`,
			}
		: {
				status: 'Error',
				message: `Not a True Pulse answer (HTTP ${statusCode}): check the ${ENDPOINT_FIELD}`,
			};
}
