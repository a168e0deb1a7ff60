/**
 * Authentication of incoming webhooks, for senders that sign nothing (Truecaller, True Pulse):
 * a secret key in the URL, a header, HTTP Basic, or none. Secrets are compared in constant time.
 */
import { createHash, timingSafeEqual } from 'crypto';
import type { INodeProperties } from 'n8n-workflow';

import { isHttpHeaderName } from '../validation';

export type WebhookAuthMethod = 'urlKey' | 'header' | 'basic' | 'none';

export interface WebhookAuthSettings {
	method: WebhookAuthMethod;
	urlKey?: string;
	headerName?: string;
	headerValue?: string;
	user?: string;
	password?: string;
}

export interface IncomingRequest {
	headers: Record<string, string | string[] | undefined>;
	query: Record<string, unknown>;
}

/** The query parameter Truecaller's docs suggest for a secret key: `...?key=<yourkey>`. */
export const URL_KEY_PARAM = 'key';

/** The URL a sender needs with Secret Key in URL: the key part spelled out, never the key itself. */
export const PASTE_URL = `<Production URL>?${URL_KEY_PARAM}=<your secret key>`;
export const PASTE_URL_HTML = `&lt;Production URL&gt;?${URL_KEY_PARAM}=&lt;your secret key&gt;`;

/**
 * The first thing in the parameters: what to paste where. n8n evaluates no expression in a notice
 * or in the trigger panel, so the URL is spelled as a pattern; the Production URL is the one n8n
 * shows under Webhook URLs.
 */
export function pasteUrlNotice(where: string): INodeProperties {
	return {
		displayName: `Paste into the ${where}: <b>the Production URL</b> (Webhook URLs, above) <b>followed by <code>?${URL_KEY_PARAM}=&lt;your secret key&gt;</code></b>, e.g. <code>https://n8n.example.com/webhook/&lt;path&gt;?${URL_KEY_PARAM}=&lt;your secret key&gt;</code>.`,
		name: 'pasteUrlNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { authentication: ['urlKey'] } },
	};
}

/** Equal-length digests, so the comparison time says nothing about the secret. */
export function safeEqual(given: string, expected: string): boolean {
	const a = createHash('sha256').update(given).digest();
	const b = createHash('sha256').update(expected).digest();
	return timingSafeEqual(a, b);
}

function single(value: unknown): string | undefined {
	return typeof value === 'string' ? value : undefined;
}

const BASIC_HEADER = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i;

/**
 * Refuses a request that carries no secret at all, before anything secret is read (version 2 reads
 * the credential only after this). The header method cannot tell: its header's name is in the
 * credential.
 */
export function missingSecret(
	method: WebhookAuthMethod,
	request: IncomingRequest,
): string | undefined {
	if (method === 'urlKey' && single(request.query[URL_KEY_PARAM]) === undefined)
		return `Missing secret key: add ?${URL_KEY_PARAM}=... to the webhook URL`;
	if (method === 'basic' && !BASIC_HEADER.test(single(request.headers.authorization) ?? ''))
		return 'Missing Basic authorization';
	return undefined;
}

/** Returns why the request is refused, or undefined when it may pass. */
export function checkWebhookAuth(
	settings: WebhookAuthSettings,
	request: IncomingRequest,
): string | undefined {
	const missing = missingSecret(settings.method, request);
	if (missing) return missing;
	switch (settings.method) {
		case 'none':
			return undefined;
		case 'urlKey': {
			const given = single(request.query[URL_KEY_PARAM]) as string;
			return safeEqual(given, settings.urlKey ?? '') ? undefined : 'Wrong secret key';
		}
		case 'header': {
			const name = (settings.headerName ?? '').trim().toLowerCase();
			const given = single(request.headers[name]);
			if (given === undefined) return `Missing authentication header ${settings.headerName}`;
			return safeEqual(given, settings.headerValue ?? '')
				? undefined
				: `Wrong value in header ${settings.headerName}`;
		}
		case 'basic': {
			const match = BASIC_HEADER.exec(single(request.headers.authorization) as string);
			const decoded = Buffer.from((match as RegExpExecArray)[1], 'base64').toString('utf8');
			const separator = decoded.indexOf(':');
			const userOk = safeEqual(decoded.slice(0, Math.max(0, separator)), settings.user ?? '');
			const passwordOk = safeEqual(decoded.slice(separator + 1), settings.password ?? '');
			return separator !== -1 && userOk && passwordOk ? undefined : 'Wrong user or password';
		}
	}
}

/** A setup that cannot work (an empty secret) is refused loudly rather than accepting everyone. */
export function checkAuthSettings(settings: WebhookAuthSettings): string | undefined {
	if (settings.method === 'urlKey' && !settings.urlKey)
		return 'Set a Secret Key, or choose another Authentication';
	if (settings.method === 'header' && (!settings.headerName || !settings.headerValue))
		return 'Set the Header Name and Header Value';
	if (settings.method === 'basic' && (!settings.user || !settings.password))
		return 'Set the User and Password';
	return undefined;
}

/**
 * Version 2 keeps each method's secret in a credential of this package (n8n stores credentials
 * encrypted; node parameters travel in plain text with every export of the workflow).
 */
export const WEBHOOK_SECRET_CREDENTIALS = {
	urlKey: 'truecallerWebhookKeyApi',
	header: 'truecallerWebhookHeaderApi',
	basic: 'truecallerWebhookBasicAuthApi',
} as const;

export type WebhookSecretMethod = keyof typeof WEBHOOK_SECRET_CREDENTIALS;

/** The settings a version 2 trigger checks against, from its method's credential. */
export function settingsFromCredential(
	method: WebhookSecretMethod,
	credential: Record<string, unknown>,
): WebhookAuthSettings {
	const value = (name: string) => String(credential[name] ?? '');
	if (method === 'urlKey') return { method, urlKey: value('secretKey') };
	if (method === 'header')
		return { method, headerName: value('headerName'), headerValue: value('headerSecret') };
	return { method, user: value('user'), password: value('password') };
}

/** The first field of every webhook secret credential: what its test can and cannot prove. */
export const WEBHOOK_SECRET_NOTICE: INodeProperties = {
	displayName:
		'Not tested here: Truecaller and True Pulse send to n8n and offer nothing that checks a secret. The trigger checks its form (length, characters) when the workflow is published or listens for a test event; the first delivered event proves it.',
	name: 'cannotBeTestedNotice',
	type: 'notice',
	default: '',
};

/** Secrets shorter than this can be guessed by a sender that tries long enough. */
export const MIN_SECRET_LENGTH = 16;

/**
 * What a credential test can honestly check: the secret's form. Nothing can reach Truecaller or
 * True Pulse to try it (they send to n8n; they have no endpoint that verifies a secret).
 */
export function checkSecretForm(settings: WebhookAuthSettings): string | undefined {
	const setup = checkAuthSettings(settings);
	if (setup) return setup;
	const secret = settings.urlKey ?? settings.headerValue ?? settings.password ?? '';
	if (secret.length < MIN_SECRET_LENGTH)
		return `The secret has ${secret.length} characters: use at least ${MIN_SECRET_LENGTH}, random`;
	if (settings.method === 'urlKey' && !/^[A-Za-z0-9._~-]+$/.test(secret))
		return 'The Secret Key goes into a URL: use only letters, digits and . _ ~ -';
	if (settings.method === 'header' && !isHttpHeaderName(settings.headerName ?? ''))
		return `Header Name ${JSON.stringify(settings.headerName)} is not a valid HTTP header name`;
	if (/[\r\n]/.test(secret)) return 'The secret must not contain line breaks';
	if (settings.method === 'basic' && (settings.user ?? '').includes(':'))
		return 'The User must not contain a colon (HTTP Basic separates user and password with one)';
	return undefined;
}

/** A version 2 trigger asks for its method's credential, and for nothing with method none. */
export function credentialShownFor(method: WebhookSecretMethod) {
	return { displayOptions: { show: { '@version': [2], authentication: [method] } } };
}

/**
 * Why a version 2 trigger's secret credential cannot work, for the moment the workflow is published
 * or listens for a test event: no credential test can reach the senders, so this is where a short
 * or malformed secret is refused, naming the credential and the rule, never the secret.
 */
export function unusableSecret(
	method: WebhookSecretMethod,
	credential: Record<string, unknown>,
	credentialName: string,
): string | undefined {
	return credentialRefusal(
		credentialName,
		checkSecretForm(settingsFromCredential(method, credential)),
	);
}

/** How a trigger refuses a credential that cannot work: its name and the rule, never a secret. */
export function credentialRefusal(
	credentialName: string,
	problem: string | undefined,
): string | undefined {
	return problem && `Credential "${credentialName}": ${problem}`;
}

/** The authentication parameters, shared by both trigger nodes. */
export function webhookAuthProperties(
	defaultMethod: WebhookAuthMethod,
	noneWarning: string,
): INodeProperties[] {
	// The secrets themselves are parameters of version 1 only; version 2 reads them from credentials.
	const show = (method: WebhookAuthMethod, versions?: number[]) => ({
		displayOptions: {
			show: { authentication: [method], ...(versions ? { '@version': versions } : {}) },
		},
	});
	return [
		{
			displayName: 'Authentication',
			name: 'authentication',
			type: 'options',
			options: [
				{
					name: 'Secret Key in URL',
					value: 'urlKey',
					description: `The URL ends in ?${URL_KEY_PARAM}=&lt;secret key&gt;`,
				},
				{
					name: 'Header',
					value: 'header',
					description: 'A header the sender adds to every request',
				},
				{ name: 'Basic Auth', value: 'basic', description: 'HTTP Basic user and password' },
				{
					name: 'None',
					value: 'none',
					description: 'Anyone who knows the URL can start the workflow',
				},
			],
			default: defaultMethod,
		},
		{
			displayName: 'Secret Key',
			name: 'urlKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			// Not `required`: n8n blanks the trigger panel of a node with a parameter issue, which hid
			// where to paste the URL from every new trigger. An empty key refuses every request instead.
			description: `Long and random; required (until it is set every request is refused). The sender gets the Production URL followed by ?${URL_KEY_PARAM}=&lt;this key&gt;.`,
			...show('urlKey', [1]),
		},
		{
			displayName: 'Header Name',
			name: 'headerName',
			type: 'string',
			default: 'X-Webhook-Key',
			required: true,
			...show('header', [1]),
		},
		{
			displayName: 'Header Value',
			name: 'headerValue',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			...show('header', [1]),
		},
		{
			displayName: 'User',
			name: 'user',
			type: 'string',
			default: '',
			required: true,
			...show('basic', [1]),
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			...show('basic', [1]),
		},
		{
			displayName: noneWarning,
			name: 'noAuthNotice',
			type: 'notice',
			default: '',
			...show('none'),
		},
	];
}
