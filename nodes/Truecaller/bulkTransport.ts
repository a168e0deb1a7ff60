/**
 * How the package talks to Truecaller's Verified Campaigns Bulk API (Truecaller for Business docs, "Verified Campaigns Bulk API"): the
 * credential, the access token's lifecycle, and the delivery policy of bulk-upload calls. The token
 * is obtained by the node, not by n8n's generic authentication: it lives 60 minutes, at most 10 may
 * be created per 30 minutes, so one run obtains one and reuses it.
 */
import type { INodeCredentialTestResult } from 'n8n-workflow';

import type { HttpResponse } from '../shared/delivery/engine';
import { CREDENTIAL_REFUSED_CODES, type JsonPost } from '../shared/delivery/http';
import type { DeliveryService } from '../shared/delivery/options';
import { checkEndpointUrl } from '../shared/delivery/endpoint';
import { maskSecret } from '../shared/output';
import { isPlainObject } from '../shared/validation';
import {
	RETRIED_STATUS_CODES,
	TRUECALLER_DELIVERY,
	classifyTruecallerResponse,
	truecallerSaid,
} from './transport';

export const BULK_CREDENTIAL = 'truecallerBulkApi';
export const BASE_URL_FIELD = 'Base URL';
export const DEFAULT_BULK_BASE_URL = 'https://enterprise-portal-noneu.truecaller.com';

/** Truecaller: "Validity of the auth token is 60min". */
export const TOKEN_VALIDITY_MS = 60 * 60 * 1000;
/** A token is renewed this long before it lapses, so that no call leaves with a dying token. */
export const TOKEN_RENEWAL_MARGIN_MS = 5 * 60 * 1000;
export const TOKEN_HEADERS = { 'X-Public-Access': 'allow' } as const;

export interface BulkCredentials {
	baseUrl: string;
	organisationId: string;
	keyId: string;
	apiKey: string;
}

export function readBulkCredentials(data: Record<string, unknown>): BulkCredentials {
	const text = (key: string) => String(data[key] ?? '').trim();
	return {
		baseUrl: text('baseUrl'),
		organisationId: text('organisationId'),
		keyId: text('keyId'),
		apiKey: text('apiKey'),
	};
}

/** The problem with the credential's fields, or undefined. */
export function checkBulkCredentials(credentials: BulkCredentials): string | undefined {
	const urlProblem = checkEndpointUrl(credentials.baseUrl, BASE_URL_FIELD, 'baseUrl');
	if (urlProblem) return urlProblem;
	if (credentials.organisationId === '') return 'Organisation ID is empty';
	if (credentials.keyId === '' || credentials.apiKey === '')
		return 'Key ID and Secret API Key are both required (console: Manage API Keys)';
	return undefined;
}

export function bulkUrls({ baseUrl, organisationId }: BulkCredentials): {
	token: string;
	bulkUpload: string;
} {
	const organisation = `${baseUrl.replace(/\/+$/, '')}/organisations/${encodeURIComponent(organisationId)}/campaigns`;
	return { token: `${organisation}/token`, bulkUpload: `${organisation}/bulk-upload` };
}

export function tokenRequestBody({ apiKey, keyId }: BulkCredentials): Record<string, string> {
	return { api_key: apiKey, key_id: keyId };
}

/** Truecaller answers `{"created_at": ..., "token": ...}`; `access_token` is accepted too. */
export function readAccessToken(body: unknown): string | undefined {
	if (!isPlainObject(body)) return undefined;
	const token = body.token ?? body.access_token;
	return typeof token === 'string' && token !== '' ? token : undefined;
}

/** A token request Truecaller refused: its answer (the secret masked) and why. */
export interface TokenRefusal {
	statusCode?: number;
	body?: unknown;
	message: string;
}

export function tokenRefusedMessage(statusCode: number, body: unknown): string {
	const said = truecallerSaid(body);
	if (CREDENTIAL_REFUSED_CODES.includes(statusCode))
		return `Truecaller refused the Key ID or Secret API Key (HTTP ${statusCode}): check them in the console's Manage API Keys page.${said}`;
	if (statusCode === 429)
		return `Truecaller refused a new access token (HTTP 429): at most 10 tokens may be created per 30 minutes.${said}`;
	if (statusCode === 404)
		return `No token endpoint there (HTTP 404): check the ${BASE_URL_FIELD} and the Organisation ID.${said}`;
	if (statusCode >= 200 && statusCode < 300)
		return `Truecaller answered HTTP ${statusCode} without a token.${said}`;
	return `Truecaller did not issue an access token (HTTP ${statusCode}).${said}`;
}

/** Asks Truecaller for a token through `post`: the token, or why not, the secret masked. */
export async function requestAccessToken(
	post: JsonPost,
	credentials: BulkCredentials,
): Promise<{ token: string } | { refusal: TokenRefusal }> {
	const { token: url } = bulkUrls(credentials);
	let response: HttpResponse;
	try {
		response = await post(url, tokenRequestBody(credentials), { ...TOKEN_HEADERS });
	} catch (error) {
		const message = maskSecret((error as Error).message, credentials.apiKey);
		return { refusal: { message: `Could not reach ${url}: ${message}` } };
	}
	const token = readAccessToken(response.body);
	if (response.statusCode >= 200 && response.statusCode < 300 && token) return { token };
	const body = maskSecret(response.body, credentials.apiKey);
	return {
		refusal: {
			statusCode: response.statusCode,
			body,
			message: tokenRefusedMessage(response.statusCode, body),
		},
	};
}

export interface AccessToken {
	value: string;
	obtainedAt: number;
	/** Counts the tokens of the run: tells a rejected token from one obtained since. */
	generation: number;
	/** Obtained because Truecaller rejected the previous one. */
	afterRejection: boolean;
	/** Truecaller accepted a call with it. */
	accepted: boolean;
}

/**
 * The run's access token: obtained once, shared by every call, renewed before it expires and once
 * when Truecaller rejects it. A token obtained after a rejection and rejected before any call was
 * accepted with it means the keys themselves are refused: the run stops (and never loops on the
 * token endpoint, which allows 10 tokens per 30 minutes).
 */
export class AccessTokens {
	private token: AccessToken | undefined;
	private pending: Promise<AccessToken> | undefined;
	private generation = 0;

	constructor(
		private readonly obtain: () => Promise<string>,
		private readonly now: () => number,
		private readonly validityMs = TOKEN_VALIDITY_MS,
		private readonly renewalMarginMs = TOKEN_RENEWAL_MARGIN_MS,
	) {}

	/** How many tokens the run obtained. */
	get obtained(): number {
		return this.generation;
	}

	async current(): Promise<AccessToken> {
		const token = this.token;
		if (token && this.now() < token.obtainedAt + this.validityMs - this.renewalMarginMs)
			return token;
		return await this.renew(false);
	}

	accepted(generation: number): void {
		if (this.token?.generation === generation) this.token.accepted = true;
	}

	/** After a 401/403 with token `generation`: true when a fresh token is there to try again. */
	async renewAfterRejection(generation: number): Promise<boolean> {
		if (this.pending) {
			await this.pending;
			return true;
		}
		const token = this.token;
		if (token && token.generation !== generation) return true;
		if (token && token.afterRejection && !token.accepted) return false;
		await this.renew(true);
		return true;
	}

	private async renew(afterRejection: boolean): Promise<AccessToken> {
		this.pending ??= (async () => {
			try {
				const obtainedAt = this.now();
				const value = await this.obtain();
				this.generation++;
				this.token = {
					value,
					obtainedAt,
					generation: this.generation,
					afterRejection,
					accepted: false,
				};
				return this.token;
			} finally {
				this.pending = undefined;
			}
		})();
		return await this.pending;
	}
}

export function accessTokenRejectedMessage({ statusCode, body }: HttpResponse): string {
	return `Truecaller rejected a freshly obtained access token (HTTP ${statusCode}): is the API key still active, and allowed to send Verified Campaigns?${truecallerSaid(body)}`;
}

export const TRUECALLER_BULK_DELIVERY: DeliveryService = {
	// The webhook's numbers (the same limit per token), with longer to answer a call of 500 receivers.
	defaults: { ...TRUECALLER_DELIVERY.defaults, timeoutMs: 60000 },
	attemptsHint: `Only ${RETRIED_STATUS_CODES.join(', ')}, 5xx and network errors are retried; ${CREDENTIAL_REFUSED_CODES.join(' and ')} renew the access token once, then stop the run`,
	rateHint: "Truecaller's published limit is 100 per token, each call carrying up to 500 receivers",
	classify: classifyTruecallerResponse,
	abortMessage: accessTokenRejectedMessage,
};

/** The credential test obtains a token and sends nothing. */
export function bulkCredentialTestVerdict(
	statusCode: number,
	body: unknown,
): INodeCredentialTestResult {
	if (statusCode >= 200 && statusCode < 300 && readAccessToken(body))
		return { status: 'OK', message: 'Access token obtained (no campaign was sent).' };
	return { status: 'Error', message: tokenRefusedMessage(statusCode, body) };
}
