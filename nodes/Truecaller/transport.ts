/**
 * How the package talks to Truecaller's campaign webhook: the credential, the delivery defaults and
 * which answers are success, retried, final or abort (stop the run). Truecaller publishes no error table for
 * `/v2/campaigns`; its other enterprise APIs allow 100 requests per second per token and answer 429
 * past it, so that is the default cap (docs/delivery.md).
 */
import type { INodeCredentialTestResult } from 'n8n-workflow';
import { z } from 'zod/v4';

import type { HttpResponse, Verdict } from '../shared/delivery/engine';
import { endpointUrlSchema } from '../shared/delivery/endpoint';
import { CREDENTIAL_REFUSED_CODES } from '../shared/delivery/http';
import type { DeliveryService } from '../shared/delivery/options';
import { required } from '../shared/validation';

export const TRUECALLER_CREDENTIAL = 'truecallerApi';
export const ENDPOINT_FIELD = 'Webhook Endpoint URL';
/** The campaign endpoint outside the EU; other regions have their own hosts. */
export const DEFAULT_ENDPOINT = 'https://enterprise-webhooks-noneu.truecaller.com/v2/campaigns';

/** The credential's fields (README, "Credentials"). Secrets are only checked for presence, so no
 * message can ever quote them. */
export const truecallerCredentialSchema = z.looseObject({
	endpointUrl: endpointUrlSchema,
	orgId: required(z.unknown(), 'is required (from Verified Campaign > Webhook Setup)'),
	webhookToken: required(z.unknown(), 'is required (from Verified Campaign > Webhook Setup)'),
});

/** Answers worth another try besides 5xx: timeout and rate limit. */
export const RETRIED_STATUS_CODES = [408, 429];

/** 2xx accepted; 408, 429 and 5xx retried; 401/403 stop the run; any other 4xx is final. */
export function classifyTruecallerResponse({ statusCode }: HttpResponse): Verdict {
	if (statusCode >= 200 && statusCode < 300) return 'success';
	if (CREDENTIAL_REFUSED_CODES.includes(statusCode)) return 'abort';
	if (RETRIED_STATUS_CODES.includes(statusCode) || statusCode >= 500) return 'retry';
	return 'final';
}

/** Truecaller's answer as the end of an error message, or nothing when it said nothing. */
export function truecallerSaid(body: unknown): string {
	return body === undefined || body === '' ? '' : ` Truecaller said: ${JSON.stringify(body)}`;
}

export function tokenRejectedMessage({ statusCode, body }: HttpResponse): string {
	return `Truecaller rejected the webhook token (HTTP ${statusCode}): was it regenerated? Copy the new token from Verified Campaign > Webhook Setup into the credential.${truecallerSaid(body)}`;
}

export const TRUECALLER_DELIVERY: DeliveryService = {
	defaults: {
		concurrency: 20,
		maxAttempts: 5,
		requestsPerSecond: 100,
		baseDelayMs: 500,
		maxDelayMs: 30000,
		maxRetryAfterMs: 120000,
		timeoutMs: 30000,
	},
	attemptsHint: `Only ${RETRIED_STATUS_CODES.join(', ')}, 5xx and network errors are retried; ${CREDENTIAL_REFUSED_CODES.join(' and ')} stop the run`,
	rateHint: "Truecaller's published limit is 100 per token",
	classify: classifyTruecallerResponse,
	abortMessage: tokenRejectedMessage,
};

/**
 * The credential test posts a campaign with an empty profile and empty content: it has no receiver,
 * so it can reach nobody, and Truecaller must refuse it. Truecaller checks the token before the
 * body, so a validation answer (a 4xx other than 401/403) means the token was accepted.
 */
export const CREDENTIAL_TEST_BODY = { profile: {}, content: {} } as const;

export function credentialTestVerdict(statusCode: number): INodeCredentialTestResult {
	if (CREDENTIAL_REFUSED_CODES.includes(statusCode)) {
		return {
			status: 'Error',
			message: `Token rejected (HTTP ${statusCode}): was it regenerated? Copy the current token from Verified Campaign > Webhook Setup.`,
		};
	}
	if (statusCode === 404 || statusCode === 405) {
		return {
			status: 'Error',
			message: `No campaign endpoint at this URL (HTTP ${statusCode}): check the ${ENDPOINT_FIELD}.`,
		};
	}
	if (statusCode >= 500)
		return { status: 'Error', message: `Truecaller answered HTTP ${statusCode}; try again later.` };
	if (statusCode >= 200 && statusCode < 500) {
		return {
			status: 'OK',
			message: `Token accepted (HTTP ${statusCode} to an empty test campaign that reaches nobody).`,
		};
	}
	return { status: 'Error', message: `Unexpected HTTP ${statusCode}.` };
}
