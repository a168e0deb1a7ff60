/** Outbound endpoints: https only, except loopback hosts so that a local sandbox can stand in. */

const LOOPBACK_HOSTS = new Set(['localhost', '[::1]', '::1']);

export function isLoopbackHost(hostname: string): boolean {
	return LOOPBACK_HOSTS.has(hostname) || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/** Returns the problem with an endpoint URL, or undefined when it may be used. */
export function checkEndpointUrl(value: unknown, field: string): string | undefined {
	let url: URL;
	try {
		url = new URL(String(value ?? '').trim());
	} catch {
		return `${field} must be a full URL such as https://host/path; got ${JSON.stringify(value)}`;
	}
	if (url.protocol === 'https:') return undefined;
	if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return undefined;
	return `${field} must use https (plain http is accepted only for localhost and 127.0.0.1); got ${JSON.stringify(String(value))}`;
}
