/**
 * Authentication of incoming webhooks, for senders that sign nothing (Truecaller, True Pulse):
 * a secret key in the URL, a header, HTTP Basic, or none. Secrets are compared in constant time.
 */
import { createHash, timingSafeEqual } from 'crypto';
import type { INodeProperties } from 'n8n-workflow';

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

/** Returns why the request is refused, or undefined when it may pass. */
export function checkWebhookAuth(
	settings: WebhookAuthSettings,
	request: IncomingRequest,
): string | undefined {
	switch (settings.method) {
		case 'none':
			return undefined;
		case 'urlKey': {
			const given = single(request.query[URL_KEY_PARAM]);
			if (given === undefined)
				return `Missing secret key: add ?${URL_KEY_PARAM}=... to the webhook URL`;
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
			const header = single(request.headers.authorization) ?? '';
			const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
			if (!match) return 'Missing Basic authorization';
			const decoded = Buffer.from(match[1], 'base64').toString('utf8');
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

/** The authentication parameters, shared by both trigger nodes. */
export function webhookAuthProperties(
	defaultMethod: WebhookAuthMethod,
	noneWarning: string,
): INodeProperties[] {
	const show = (method: WebhookAuthMethod) => ({
		displayOptions: { show: { authentication: [method] } },
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
					description: 'The URL ends in ?,=&lt;secret key&gt;',
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
			description:
				'Long and random; required (until it is set every request is refused). The sender gets the Production URL followed by ?,=&lt;this key&gt;.',
			...show('urlKey'),
		},
		{
			displayName: 'Header Name',
			name: 'headerName',
			type: 'string',
			default: 'X-Webhook-Key',
			required: true,
			...show('header'),
		},
		{
			displayName: 'Header Value',
			name: 'headerValue',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			...show('header'),
		},
		{
			displayName: 'User',
			name: 'user',
			type: 'string',
			default: '',
			required: true,
			...show('basic'),
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			...show('basic'),
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
