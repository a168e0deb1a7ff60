/**
 * The webhook secret of a version 2 trigger, kept for a few seconds after it was read. Reading it
 * is a database query and a decryption on every request; under load that is most of what the
 * trigger adds to n8n's own work. A secret changed in its credential is therefore in force
 * SECRET_REUSE_SECONDS later at most: until then the old secret is still accepted and the new one
 * refused (401, which Truecaller and True Pulse retry). Only complete settings are kept.
 */
import { type WebhookAuthSettings, checkAuthSettings } from './auth';

export const SECRET_REUSE_SECONDS = 10;
/** More entries than any n8n has trigger nodes with credentials: a bound, not a working size. */
const MAX_ENTRIES = 10000;

const secrets = new Map<string, { settings: WebhookAuthSettings; until: number }>();

export async function reuseSecret(
	scope: string | undefined,
	now: number,
	read: () => Promise<WebhookAuthSettings>,
): Promise<WebhookAuthSettings> {
	const kept = scope === undefined ? undefined : secrets.get(scope);
	if (kept && kept.until > now) return kept.settings;
	const settings = await read();
	if (scope === undefined || checkAuthSettings(settings) !== undefined) return settings;
	if (secrets.size >= MAX_ENTRIES) secrets.clear();
	secrets.set(scope, { settings, until: now + SECRET_REUSE_SECONDS * 1000 });
	return settings;
}

/** For tests: as a restart would. */
export function forgetAllSecrets(): void {
	secrets.clear();
}
