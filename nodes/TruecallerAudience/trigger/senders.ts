/**
 * How each engagement platform proves a request is its own (docs/engagement-platforms.md), checked
 * before anything else of the request is read. Every comparison is constant-time (safeEqual), and
 * no message names a secret or the value it was compared with.
 *
 * - Segment (Webhooks and Webhooks (Actions), with a Shared Secret set): `X-Signature` is the hex
 *   HMAC-SHA1 of the request body with the shared secret. The body's own bytes are signed: n8n keeps
 *   them beside the parsed body (rawBody); a re-serialised body would differ in spacing or key order.
 * - WebEngage: the URL carries `licenseCode` and `secret`, where `secret` is the MD5 hex of
 *   `<licenseCode>:<Webhook Secret Key>`.
 */
import { createHash, createHmac } from 'crypto';
import type { INodeProperties } from 'n8n-workflow';

import { safeEqual } from '../../shared/webhook/auth';
import type { RawRequest, Rejection } from '../../shared/webhook/request';

export type AudiencePlatform = 'segment' | 'webEngage';

/** The credential type that holds each platform's secret. */
export const PLATFORM_CREDENTIALS: Record<AudiencePlatform, string> = {
	segment: 'segmentWebhookApi',
	webEngage: 'webEngageWebhookApi',
};

/** The first field of each platform credential: what can be checked, and where (platformCredential.ts). */
export const PLATFORM_SECRET_NOTICE: INodeProperties = {
	displayName:
		'Not tested here: Segment and WebEngage send to n8n and offer nothing that checks a secret. The trigger checks that it is complete when the workflow is published or listens for a test event; the first signed request proves it.',
	name: 'cannotBeTestedNotice',
	type: 'notice',
	default: '',
};

export const SEGMENT_SIGNATURE_HEADER = 'x-signature';
export const WEBENGAGE_REQUEST_ID_HEADER = 'x-request-id';

function single(value: unknown): string | undefined {
	if (Array.isArray(value)) return single(value[0]);
	return typeof value === 'string' ? value : undefined;
}

export function segmentSignature(body: Buffer | string, sharedSecret: string): string {
	return createHmac('sha1', sharedSecret).update(body).digest('hex');
}

export function webEngageSecret(licenseCode: string, webhookSecretKey: string): string {
	return createHash('md5').update(`${licenseCode}:${webhookSecretKey}`).digest('hex');
}

/** A request that carries no proof at all is refused before the credential is read. */
export function missingProof(
	platform: AudiencePlatform,
	request: RawRequest,
): Rejection | undefined {
	if (platform === 'segment') {
		if (single(request.headers[SEGMENT_SIGNATURE_HEADER]) === undefined)
			return {
				status: 401,
				reason:
					"Missing X-Signature header: set a Shared Secret in the Segment destination's settings",
			};
		return undefined;
	}
	if (single(request.query.licenseCode) === undefined || single(request.query.secret) === undefined)
		return { status: 401, reason: 'Missing licenseCode or secret query parameter' };
	return undefined;
}

/** What the credential must hold for the check to mean anything. */
export function credentialProblem(
	platform: AudiencePlatform,
	credential: Record<string, unknown>,
): string | undefined {
	const has = (name: string) => typeof credential[name] === 'string' && credential[name] !== '';
	if (platform === 'segment')
		return has('sharedSecret') ? undefined : 'Set the Shared Secret in the Segment credential';
	return has('licenseCode') && has('webhookSecretKey')
		? undefined
		: 'Set the License Code and the Webhook Secret Key in the WebEngage credential';
}

/** Why the request is not the platform's own, or undefined when its proof holds. */
export function checkProof(
	platform: AudiencePlatform,
	request: RawRequest,
	credential: Record<string, unknown>,
): Rejection | undefined {
	const missing = missingProof(platform, request);
	if (missing) return missing;
	const setup = credentialProblem(platform, credential);
	if (setup) return { status: 500, reason: `The trigger is not set up: ${setup}` };
	if (platform === 'segment') {
		const given = (single(request.headers[SEGMENT_SIGNATURE_HEADER]) as string).trim();
		// n8n keeps the received bytes; without them, the body as Segment's own sample re-serialises it.
		const signed = request.rawBody ?? JSON.stringify(request.body ?? null);
		const expected = segmentSignature(signed, String(credential.sharedSecret));
		return safeEqual(given.toLowerCase(), expected)
			? undefined
			: {
					status: 401,
					reason: 'Wrong X-Signature: the body is not signed with this Shared Secret',
				};
	}
	const licenseCode = String(credential.licenseCode);
	const expected = webEngageSecret(licenseCode, String(credential.webhookSecretKey));
	// Both compared every time, so the answer's timing says nothing about which one differs.
	const licenseOk = safeEqual(single(request.query.licenseCode) as string, licenseCode);
	const secretOk = safeEqual((single(request.query.secret) as string).toLowerCase(), expected);
	return licenseOk && secretOk ? undefined : { status: 401, reason: 'Wrong licenseCode or secret' };
}
