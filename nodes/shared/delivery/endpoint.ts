/** Outbound endpoints: https only, except loopback hosts so that a local sandbox can stand in. */
import { z } from 'zod/v4';

import { parseWith } from '../validation';

const LOOPBACK_HOSTS = new Set(['localhost', '[::1]', '::1']);

export function isLoopbackHost(hostname: string): boolean {
	return LOOPBACK_HOSTS.has(hostname) || /^127(\.\d{1,3}){3}$/.test(hostname);
}

function asUrl(value: string): URL | undefined {
	try {
		return new URL(value.trim());
	} catch {
		return undefined;
	}
}

/** A credential's endpoint URL field: a full URL, https, or plain http to a loopback host. */
export const endpointUrlSchema = z
	.string({ error: 'must be a full URL such as https://host/path' })
	.refine((value) => asUrl(value) !== undefined, {
		error: 'must be a full URL such as https://host/path',
		abort: true,
	})
	.refine(
		(value) => {
			const url = asUrl(value) as URL;
			return (
				url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname))
			);
		},
		{ error: 'must use https (plain http is accepted only for localhost and 127.0.0.1)' },
	);

/** Returns the problem with an endpoint URL, or undefined when it may be used. */
export function checkEndpointUrl(
	value: unknown,
	label: string,
	key = 'endpointUrl',
): string | undefined {
	const parsed = parseWith(endpointUrlSchema, value, { prefix: key, labelOf: () => label });
	return parsed.ok ? undefined : parsed.issues[0].message;
}
